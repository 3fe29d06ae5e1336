"""The 95 % band of a two-phase field's boundaries over the assessment's ensemble.

For a binary two-phase field (for example the K-rich (K) + liquid field of Na-K, whose
boundaries decide the liquid fractions of the semi-solid electrodes), the tie line of every
ensemble member is solved at each temperature; the band of each boundary is the central
``confidence`` range of the members' compositions, around the value of the shipped
coefficients. This is what Fig. 7a of the report draws around the (K) solvus and the
liquidus.

The field is followed down (or up) the temperatures from a composition inside it: at each
temperature a few query compositions between the previous temperature's boundaries are
solved for all members at once (:meth:`Ensemble.binary_phase_fractions`), and each member
keeps the tie line of a query that falls in its own field.

Examples
--------
>>> b = two_phase_band(("Na", "K"), ("BCC_A2", "LIQUID"), [295.15], x_start=0.9)
>>> lo, v, hi = (float(a[0]) for a in b.boundary("BCC_A2"))
>>> bool(lo <= v <= hi), round(1 - v, 4)        # x_Na of (K) at 295.15 K
(True, 0.0382)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from semisolid.errors import InputError
from semisolid.thermo.assessment.ensemble import Ensemble, load_ensemble

__all__ = ["BoundaryBand", "nak_k_rich_band", "two_phase_band"]

_QUERY_FRACTIONS = (0.5, 0.25, 0.75)
"""Where, between the previous temperature's two boundaries, the queries lie."""
_WIDE_FRACTIONS = (0.1, 0.9, -0.3, 1.3, -0.8, 1.8)
"""Further queries for members none of the first ones reached."""


@dataclass(frozen=True)
class BoundaryBand:
    """Boundaries of one two-phase field with their ensemble band, per temperature.

    Attributes
    ----------
    elements : tuple of str
        ``(A, B)`` (TDB spelling); compositions are mole fractions of B.
    phases : tuple of str
        The two phases of the field.
    temperature_K : ndarray, shape (n,)
    value : dict
        ``{phase: ndarray (n,)}``, the boundary of the shipped coefficients.
    low, high : dict
        ``{phase: ndarray (n,)}``, the central ``confidence`` range of the members.
    members : ndarray of int, shape (n,)
        Members whose tie line was found at each temperature (the others are left out of
        the band; ``members_total`` of them exist).
    members_total : int
    confidence : float

    Examples
    --------
    >>> b = two_phase_band(("Na", "K"), ("BCC_A2", "LIQUID"), [290.0, 300.0], x_start=0.9)
    >>> b
    BoundaryBand(NA-K, BCC_A2 + LIQUID, 290-300 K, 2 temperatures, 95 % of 200 members)
    >>> sorted(b.to_dict()["boundaries"]["LIQUID"])
    ['x_K', 'x_K_high', 'x_K_low']
    """

    elements: tuple[str, str]
    phases: tuple[str, str]
    temperature_K: np.ndarray
    value: dict[str, np.ndarray]
    low: dict[str, np.ndarray]
    high: dict[str, np.ndarray]
    members: np.ndarray
    members_total: int
    confidence: float

    def __repr__(self) -> str:
        t = self.temperature_K
        return (f"BoundaryBand({'-'.join(self.elements)}, {' + '.join(self.phases)}, "
                f"{t.min():g}-{t.max():g} K, {t.size} temperatures, "
                f"{self.confidence * 100:.0f} % of {self.members_total} members)")

    def boundary(self, phase: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(low, value, high)`` of the boundary of `phase` (mole fractions of B)."""
        if phase not in self.value:
            raise InputError(f"{phase!r} is not one of {list(self.phases)}", "phase")
        return self.low[phase], self.value[phase], self.high[phase]

    def width(self, phase: str) -> np.ndarray:
        """``high - low`` of the boundary of `phase`, per temperature."""
        return self.high[phase] - self.low[phase]

    def to_dict(self) -> dict:
        """JSON-ready; ``boundaries`` holds per phase ``x_<B>``, ``x_<B>_low``, ``x_<B>_high``
        lists."""
        b = self.elements[1].capitalize()
        out: dict = {"elements": list(self.elements), "phases": list(self.phases),
                     "temperature_K": self.temperature_K.tolist(),
                     "members": self.members.tolist(), "members_total": self.members_total,
                     "confidence": self.confidence}
        out["boundaries"] = {}
        for ph in self.phases:
            out["boundaries"][ph] = {f"x_{b}": self.value[ph].tolist(),
                                     f"x_{b}_low": self.low[ph].tolist(),
                                     f"x_{b}_high": self.high[ph].tolist()}
        return out


def _tie_lines(ens: Ensemble, pair, phases, xq: np.ndarray, T: float):
    """Per member and query: the two boundary compositions (ordered as `phases`) where the
    query lies in the field, else NaN; shape (M + 1, nq, 2)."""
    r = ens.binary_phase_fractions(pair, xq, T)
    out = np.full((*r.x_a.shape, 2), np.nan)
    for k, ph in enumerate(phases):
        other = phases[1 - k]
        a_is = (r.phase_a == ph) & (r.phase_b == other)
        b_is = (r.phase_b == ph) & (r.phase_a == other)
        out[..., k] = np.where(a_is, r.x_a, np.where(b_is, r.x_b, np.nan))
    return out


def two_phase_band(elements: Sequence[str], phases: Sequence[str], temperatures_K,
                   x_start: float, start_K: float | None = None, confidence: float = 0.95,
                   ensemble: Ensemble | None = None) -> BoundaryBand:
    """Boundaries of a binary two-phase field and their ensemble band at each temperature.

    Parameters
    ----------
    elements : sequence of two str
        ``(A, B)``; compositions are mole fractions of B (``("Na", "K")``: x_K).
    phases : sequence of two str
        The field's phases, e.g. ``("BCC_A2", "LIQUID")``.
    temperatures_K : sequence of float
        Sorted ascending; the field must exist at every one of them.
    x_start : float
        A composition inside the field at `start_K` (for the shipped set);
        it picks the field when the two phases meet in more than one (Na-K has a K-rich
        and a Na-rich BCC + liquid field).
    start_K : float, optional
        The field is followed up and down from the temperature nearest this one (default:
        the lowest).
    confidence : float
        Width of the band (0.95: 2.5th to 97.5th percentile of the members).
    ensemble : Ensemble, optional
        Default: the shipped one.

    Returns
    -------
    BoundaryBand

    Raises
    ------
    InputError
        Bad arguments, or a temperature at which the shipped set has no such field near
        the previous one.

    Examples
    --------
    >>> b = two_phase_band(("Na", "K"), ("BCC_A2", "LIQUID"), [295.15], x_start=0.9)
    >>> round(1 - float(b.value["LIQUID"][0]), 4)          # x_Na of the liquidus
    0.1556
    """
    if len(elements) != 2 or len(phases) != 2 or phases[0] == phases[1]:
        raise InputError("give a binary and the two phases of one field", "phases")
    if not 0.0 < confidence < 1.0:
        raise InputError(f"{confidence} is not within (0, 1)", "confidence")
    temps = np.sort(np.atleast_1d(np.asarray(temperatures_K, dtype=float)))
    if temps.ndim != 1 or temps.size == 0 or not np.all(np.isfinite(temps)):
        raise InputError("temperatures must be a non-empty list of numbers", "temperatures_K")
    if not 0.0 < float(x_start) < 1.0:
        raise InputError(f"{x_start} is not a composition within (0, 1)", "x_start")
    ens = ensemble or load_ensemble()
    pair = (str(elements[0]).upper(), str(elements[1]).upper())
    phs = (str(phases[0]).upper(), str(phases[1]).upper())
    n_m = ens.size + 1
    xs = np.full((temps.size, n_m, 2), np.nan)
    i0 = 0 if start_K is None else int(np.argmin(np.abs(temps - float(start_K))))
    for order in (range(i0, temps.size), range(i0, -1, -1)):
        lo_prev = hi_prev = float(x_start)
        for step, i in enumerate(order):
            if step == 0 and order.start == i0 and order.step == -1:
                lo_prev, hi_prev = sorted(float(v) for v in xs[i0, 0])
                continue
            xs[i] = _march(ens, pair, phs, float(temps[i]), lo_prev, hi_prev, step == 0)
            lo_prev, hi_prev = sorted(float(v) for v in xs[i, 0])
    tail = 50.0 * (1.0 - confidence)
    value, low, high = {}, {}, {}
    for k, ph in enumerate(phs):
        value[ph] = xs[:, 0, k].copy()
        low[ph], high[ph] = np.full(temps.size, np.nan), np.full(temps.size, np.nan)
        for i in range(temps.size):
            m = xs[i, 1:, k][np.isfinite(xs[i, 1:, k])]
            if m.size:
                low[ph][i], high[ph][i] = np.percentile(m, [tail, 100.0 - tail])
    members = np.isfinite(xs[:, 1:, 0]).sum(axis=1)
    return BoundaryBand(pair, phs, temps, value, low, high, members, ens.size, float(confidence))


def _march(ens, pair, phs, T, lo_prev, hi_prev, first):
    """Tie lines of all members at `T` from queries between the previous boundaries."""
    if first:
        xq = np.array([lo_prev])
    else:
        xq = lo_prev + np.array(_QUERY_FRACTIONS) * (hi_prev - lo_prev)
    found = _first_found(_tie_lines(ens, pair, phs, np.clip(xq, 1e-9, 1 - 1e-9), T))
    missing = ~np.isfinite(found[:, 0])
    if missing.any() and not first:
        wide = lo_prev + np.array(_WIDE_FRACTIONS) * (hi_prev - lo_prev)
        wide = wide[(wide > 0) & (wide < 1)]
        if wide.size:
            more = _first_found(_tie_lines(ens, pair, phs, wide, T))
            found[missing] = more[missing]
    if not np.isfinite(found[0, 0]):
        raise InputError(f"the shipped coefficients have no {' + '.join(phs)} field at {T:g} K "
                         f"near x_{pair[1].capitalize()} {lo_prev:.4g}-{hi_prev:.4g}",
                         "temperatures_K")
    return found


def _first_found(lines: np.ndarray) -> np.ndarray:
    """Per member, the tie line of its first query that lies in the field; (M + 1, 2)."""
    ok = np.isfinite(lines[..., 0]) & np.isfinite(lines[..., 1])
    first = np.argmax(ok, axis=1)
    rows = np.arange(lines.shape[0])
    out = lines[rows, first].copy()
    out[~ok.any(axis=1)] = np.nan
    return out


def nak_k_rich_band(temperatures_K=None, confidence: float = 0.95,
                    ensemble: Ensemble | None = None) -> BoundaryBand:
    """The (K) solvus and the K-side liquidus of Na-K with their band, in x_K.

    The field of the semi-solid K-rich electrodes (Fig. 7a); followed from 295.15 K, where
    x_K = 0.9 lies inside it.

    Parameters
    ----------
    temperatures_K : sequence of float, optional
        Default: 262-334 K every 2 K, 285 K and 295.15 K (the field spans the Na-K eutectic,
        about 260.5 K, to the melting point of K, 336.53 K).
    confidence : float
    ensemble : Ensemble, optional

    Returns
    -------
    BoundaryBand
        ``elements == ("NA", "K")``: boundaries in x_K; phases ``("BCC_A2", "LIQUID")``.

    Examples
    --------
    >>> b = nak_k_rich_band([290.0, 295.15, 300.0])
    >>> [round(1 - float(x), 4) for x in b.value["BCC_A2"]]     # x_Na of the (K) solvus
    [0.0424, 0.0382, 0.0341]
    """
    temps = (np.unique(np.r_[np.arange(262.0, 335.0, 2.0), 285.0, 295.15]) if temperatures_K is None
             else temperatures_K)
    return two_phase_band(("Na", "K"), ("BCC_A2", "LIQUID"), temps, x_start=0.9,
                          start_K=295.15, confidence=confidence, ensemble=ensemble)
