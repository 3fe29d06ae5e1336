"""Kramers-Kronig check of a spectrum by the linear Lin-KK test.

Schönleber, Klotz & Ivers-Tiffée, *Electrochim. Acta* 131, 20 (2014), after Boukamp,
*J. Electrochem. Soc.* 142, 1885 (1995): fit the spectrum with a series resistance, ``M``
Voigt RC elements of fixed time constants ``tau_k`` spaced logarithmically between
``1/(2 pi f_max)`` and ``1/(2 pi f_min)``, a series capacitance and inductance. The model is
Kramers-Kronig compliant by construction and linear in its parameters, so the fit is one
weighted linear least-squares solve (weights ``1/|Z|``). ``M`` starts at four time
constants per decade of frequency (so that a single arc between two ``tau_k`` is matched to
about 1e-3) and grows until the over-fitting measure ``mu = 1 - sum|R_k<0| / sum|R_k>=0|``
falls below ``c`` (0.85) or ``M`` reaches the number of points.
Relative residuals ``(Z - Z_fit) / |Z|`` well below 1 % mean a KK-consistent (linear,
causal, stable, time-invariant) measurement; drift or non-linearity leaves larger,
structured residuals.

Examples
--------
>>> import numpy as np
>>> f = np.logspace(5, -2, 50)
>>> z = 10 + 100 / (1 + 1j * 2 * np.pi * f * 1e-3)      # an RC arc: KK-consistent
>>> r = lin_kk(f, z)
>>> r.passed, r.max_residual < 1e-3
(True, True)
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from semisolid._repr import short_repr
from semisolid.eis.fit import check_spectrum
from semisolid.errors import InputError

__all__ = ["KKResult", "lin_kk"]


@short_repr("n_rc", "max_residual", "threshold", "passed")
@dataclass
class KKResult:
    """Outcome of a Lin-KK test.

    Attributes
    ----------
    n_rc : int
        Number of RC elements used.
    mu : float
        Over-fitting measure at ``n_rc``.
    residual_real, residual_imag : ndarray
        ``(Z - Z_fit) / |Z|``, real and imaginary parts, per point.
    max_residual : float
        Largest absolute relative residual.
    threshold : float
        Pass limit on ``max_residual``.
    passed : bool
    impedance_fit_Ohm : ndarray

    Examples
    --------
    >>> r = KKResult(3, 0.5, np.zeros(2), np.zeros(2), 0.0, 0.01, True, np.zeros(2))
    >>> r.to_dict()["passed"]
    True
    """

    n_rc: int
    mu: float
    residual_real: np.ndarray
    residual_imag: np.ndarray
    max_residual: float
    threshold: float
    passed: bool
    impedance_fit_Ohm: np.ndarray

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (lists for arrays; complex fit as [re, im] pairs)."""
        return {
            "n_rc": self.n_rc, "mu": self.mu, "residual_real": self.residual_real.tolist(),
            "residual_imag": self.residual_imag.tolist(), "max_residual": self.max_residual,
            "threshold": self.threshold, "passed": self.passed,
        }


def _solve(f: np.ndarray, z: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    w = 2 * np.pi * f
    tau = np.logspace(np.log10(1 / w.max()), np.log10(1 / w.min()), m)
    cols = [np.ones_like(w, dtype=complex)]
    cols += [1.0 / (1.0 + 1j * w * t) for t in tau]
    cols += [1.0 / (1j * w), 1j * w]  # 1/C and L
    a = np.stack(cols, axis=1)
    wt = 1.0 / np.abs(z)
    a_w = a * wt[:, None]
    lhs = np.concatenate([a_w.real, a_w.imag])
    rhs = np.concatenate([(z * wt).real, (z * wt).imag])
    # column scaling keeps the solve well conditioned
    scale = np.linalg.norm(lhs, axis=0)
    scale[scale == 0] = 1.0
    coef, *_ = np.linalg.lstsq(lhs / scale, rhs, rcond=None)
    coef = coef / scale
    return coef, a @ coef


def _in_range(x: Any, name: str, lo: float, hi: float, what: str) -> float:
    """`x` as a float in ``(lo, hi]`` (``(lo, hi)`` when `hi` is infinite), else InputError."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        v = math.nan
    if isinstance(x, bool) or not (lo < v <= hi and math.isfinite(v)):
        raise InputError(f"{x!r} must be {what}", name)
    return v


def lin_kk(frequency_Hz: Any, impedance_Ohm: Any, c: float = 0.85, max_rc: int | None = None,
           threshold: float = 0.01) -> KKResult:
    """Lin-KK test of a spectrum (see the module docstring).

    Parameters
    ----------
    frequency_Hz, impedance_Ohm : array_like
    c : float
        ``mu`` limit that stops the growth of ``M``, in (0, 1] (``mu <= 1`` always).
    max_rc : int, optional
        Upper limit of ``M``, an integer >= 3 (default, and at most: the number of points).
    threshold : float
        The test passes when every relative residual is below this, > 0 (default 1 %).

    Raises
    ------
    InputError
        A bad spectrum, or `c`, `max_rc` or `threshold` out of range (named in the message).

    Examples
    --------
    >>> import numpy as np
    >>> f = np.logspace(4, -1, 40)
    >>> z = 10 + 100 / (1 + 1j * 2 * np.pi * f * 1e-2)
    >>> bad = z.real + 1j * (10 + 100 / (1 + 1j * 2 * np.pi * f * 1e-4)).imag  # mismatched
    >>> lin_kk(f, bad).passed
    False
    >>> lin_kk(f, z, c=5.0)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: c: 5.0 must be a number in (0, 1] ...
    """
    f, z = check_spectrum(frequency_Hz, impedance_Ohm)
    c = _in_range(c, "c", 0.0, 1.0, "a number in (0, 1] (the mu limit; 0.85 is usual)")
    threshold = _in_range(threshold, "threshold", 0.0, math.inf,
                          "a finite number > 0 (a relative residual, 0.01 = 1 %)")
    if max_rc is not None and (isinstance(max_rc, bool) or not isinstance(
            max_rc, numbers.Integral) or max_rc < 3):
        raise InputError(f"{max_rc!r} must be an integer >= 3 (Voigt elements)", "max_rc")
    n = f.size
    top = max(3, min(n if max_rc is None else int(max_rc), n))
    decades = float(np.log10(f.max() / f.min()))
    m = min(top, max(3, int(np.ceil(4.0 * decades))))
    while True:
        coef, zfit = _solve(f, z, m)
        rk = coef[1 : 1 + m]
        pos = np.abs(rk[rk >= 0]).sum()
        mu = 1.0 - np.abs(rk[rk < 0]).sum() / pos if pos > 0 else 0.0
        if mu < c or m >= top:
            break
        m += 1
    res = (z - zfit) / np.abs(z)
    mx = float(np.max(np.abs(np.concatenate([res.real, res.imag]))))
    return KKResult(m, float(mu), res.real, res.imag, mx, float(threshold), mx < threshold, zfit)
