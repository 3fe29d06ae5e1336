"""Checks of the caller's components, compositions and temperatures.

Examples
--------
>>> from semisolid.thermo import load_database
>>> check_x([[0.5, 0.5]], 2, ["K", "Na"]).tolist()
[[0.5, 0.5]]
>>> check_x([[1.2, -0.2]], 2, ["K", "Na"])
Traceback (most recent call last):
...
semisolid.errors.InputError: composition: x_K=1.2 is outside [0, 1]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from semisolid.errors import InputError

__all__ = ["ENGINES", "X_MIN", "check_components", "check_engine", "check_t", "check_x", "floor_x"]

X_MIN = 1e-12
"""Overall mole fractions are kept at least this far from 0 (as pycalphad does); a state
given with x = 0 is solved at x = 1e-12 and reported as given."""

ENGINES = ("auto", "semisolid", "pycalphad")
"""Engine names: ``auto`` (the fast engine where it can model every phase and converges,
pycalphad otherwise), ``semisolid`` (the fast engine only), ``pycalphad``."""


def check_engine(engine: str) -> str:
    """The engine name, or an error listing the choices.

    Examples
    --------
    >>> check_engine("auto")
    'auto'
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use {', '.join(ENGINES)}", "engine")
    return engine


def check_components(db, components: Sequence[str]) -> list[str]:
    """Element names as given (no repeats, each in the database)."""
    if isinstance(components, str):
        raise InputError(f"expected a list of elements such as ['K', 'Na'], got {components!r}",
                         "components")
    comps = [str(c) for c in components]
    if not comps:
        raise InputError("no element given", "composition")
    if len(set(comps)) != len(comps):
        raise InputError(f"repeated element in {comps}", "composition")
    for c in comps:
        db.tdb_name(c, field="composition")
    return comps


def check_x(x, ncomp: int, components: Sequence[str]) -> np.ndarray:
    """Mole fractions as an (n, ncomp) array: finite, in [0, 1], rows summing to 1."""
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise InputError("compositions must be numbers", "composition") from None
    if arr.ndim == 1 and arr.shape[0] == ncomp:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != ncomp:
        raise InputError(
            f"expected an array of shape (n, {ncomp}) of mole fractions of "
            f"{', '.join(components)}; got shape {arr.shape}",
            "composition",
        )
    if not np.all(np.isfinite(arr)):
        i, j = np.argwhere(~np.isfinite(arr))[0]
        raise InputError(f"x_{components[j]}={arr[i, j]} (row {i}) is not finite", "composition")
    bad = (arr < -1e-9) | (arr > 1 + 1e-9)
    if np.any(bad):
        i, j = np.argwhere(bad)[0]
        raise InputError(
            f"x_{components[j]}={arr[i, j]:g} is outside [0, 1]"
            + (f" (row {i})" if arr.shape[0] > 1 else ""),
            "composition",
        )
    s = arr.sum(axis=1)
    bad = np.abs(s - 1) > 1e-6
    if np.any(bad):
        i = int(np.argmax(bad))
        parts = ", ".join(f"x_{c}={arr[i, j]:g}" for j, c in enumerate(components))
        raise InputError(
            f"mole fractions sum to {s[i]:.6g}, expected 1 ({parts})"
            + (f" (row {i})" if arr.shape[0] > 1 else ""),
            "composition",
        )
    return np.clip(arr, 0.0, 1.0) / np.clip(arr, 0.0, 1.0).sum(axis=1, keepdims=True)


def floor_x(x: np.ndarray) -> np.ndarray:
    """Compositions kept at least :data:`X_MIN` from 0 (rows renormalised)."""
    if x.shape[1] == 1:
        return np.ones_like(x)
    arr = np.clip(x, X_MIN, None)
    return arr / arr.sum(axis=1, keepdims=True)


def check_t(db, temperature_K, n: int, components=None) -> np.ndarray:
    """Temperatures as an (n,) array inside the database's valid range."""
    try:
        t = np.asarray(temperature_K, dtype=float)
    except (TypeError, ValueError):
        raise InputError("temperature must be a number in K", "temperature") from None
    if t.ndim == 0:
        t = np.full(n, float(t))
    if t.shape != (n,):
        raise InputError(
            f"expected one temperature or {n} temperatures; got shape {t.shape}", "temperature"
        )
    db.check_temperature(t, components=components)
    return t
