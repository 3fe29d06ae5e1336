"""Liquid fraction of a binary at one temperature for every ensemble member, as lever rules.

At a fixed temperature the liquid fraction of a binary is piecewise linear in composition:
constant (0 or 1) in a single-phase field, linear (the lever rule) across a two-phase tie
line. :func:`member_levers` solves every member's phase fields once on a composition grid
(:meth:`Ensemble.binary_phase_fractions`), keeps the tie lines' ends as breakpoints, and
then gives the liquid fraction at any number of compositions by interpolation, exactly
where the grid found every field. A field narrower than the grid, detected as a change of
phase between two breakpoints that are not the ends of one tie line, is searched with
further queries until it is found.

This is what makes a design window over the whole ensemble cheap: thousands of end states
per member cost one grid of solves per temperature.

Examples
--------
>>> from semisolid.thermo.assessment import load_ensemble
>>> ens = load_ensemble()
>>> lev = member_levers(ens, ("K", "Na"), 295.15, n_grid=11)
>>> direct = ens.liquid_fraction(("K", "Na"), [0.05, 0.10], 295.15)
>>> bool(np.allclose(lev.liquid_fraction([0.05, 0.10]), direct, atol=1e-9))
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from semisolid.thermo.assessment.ensemble import Ensemble

__all__ = ["MemberLevers", "member_levers"]

_LIQUID = ("LIQUID",)


@dataclass(frozen=True)
class MemberLevers:
    """Breakpoints of every member's liquid fraction along a binary at one temperature.

    Attributes
    ----------
    elements : tuple of str
        ``(A, B)``; compositions are mole fractions of B.
    temperature_K : float
    x : list of ndarray
        Per member (row 0 = the shipped set), the sorted breakpoint compositions.
    value : list of ndarray
        The liquid fraction at each breakpoint.
    queries : int
        Compositions solved to find them.
    """

    elements: tuple[str, str]
    temperature_K: float
    x: list[np.ndarray]
    value: list[np.ndarray]
    queries: int

    def __repr__(self) -> str:
        return (f"MemberLevers({'-'.join(self.elements)}, {self.temperature_K:g} K, "
                f"{len(self.x) - 1} members, {self.queries} queries)")

    def liquid_fraction(self, x_b) -> np.ndarray:
        """Liquid mole fraction at compositions `x_b`, shape ``(M + 1, n)`` (row 0 = best)."""
        xq = np.clip(np.asarray(x_b, dtype=float), 0.0, 1.0)
        flat = xq.ravel()
        out = np.empty((len(self.x), flat.size))
        for m, (bx, bv) in enumerate(zip(self.x, self.value, strict=True)):
            out[m] = np.interp(flat, bx, bv)
        return out.reshape((len(self.x), *xq.shape))


def _breakpoints(r, liquid) -> tuple[list, list, list]:
    """Per member: breakpoints and the gaps between them that may hide a field."""
    is_liq_a = np.isin(r.phase_a, liquid).astype(float)
    is_liq_b = np.isin(r.phase_b, liquid).astype(float)
    xs, vs, gaps = [], [], []
    for m in range(r.x_a.shape[0]):
        pts: dict[float, float] = {}
        ties: set[tuple[float, float]] = set()
        single: dict[float, float] = {}
        for j in range(r.x_a.shape[1]):
            # tie lines found from several queries agree to the solver's 1e-10: merge them
            xa, xb = round(float(r.x_a[m, j]), 9), round(float(r.x_b[m, j]), 9)
            if xa != xb or r.phase_a[m, j] != r.phase_b[m, j]:
                ties.add((min(xa, xb), max(xa, xb)))
                pts[xa] = is_liq_a[m, j]
                pts[xb] = is_liq_b[m, j]
            else:
                single[xa] = is_liq_a[m, j]
        # a single-phase answer within a tie line found by another query lies within the
        # solver's tolerance of the boundary (its Gibbs energy is that of the tie line to
        # 1e-6 RT): the tie line, refined by Newton, decides
        for x, v in single.items():
            if not any(a < x < b for a, b in ties):
                pts.setdefault(x, v)
        bx = np.array(sorted(pts))
        bv = np.array([pts[v] for v in bx])
        xs.append(bx)
        vs.append(bv)
        g = [(float(bx[i]), float(bx[i + 1])) for i in range(bx.size - 1)
             if bv[i] != bv[i + 1] and (float(bx[i]), float(bx[i + 1])) not in ties]
        gaps.append(g)
    return xs, vs, gaps


def member_levers(ensemble: Ensemble, elements: Sequence[str], temperature_K: float,
                  n_grid: int = 81, max_refine: int = 6) -> MemberLevers:
    """The liquid fraction of every member along a binary at one temperature.

    Parameters
    ----------
    ensemble : Ensemble
    elements : sequence of two str
        ``(A, B)``; compositions are mole fractions of B.
    temperature_K : float
    n_grid : int
        Compositions solved first (evenly over 0-1).
    max_refine : int
        Rounds of extra queries in gaps where a field may hide.

    Returns
    -------
    MemberLevers

    Raises
    ------
    RuntimeError
        A gap between a liquid and a solid breakpoint remains after `max_refine` rounds
        (never silently interpolated across an unseen field).

    Examples
    --------
    >>> from semisolid.thermo.assessment import load_ensemble
    >>> lev = member_levers(load_ensemble(), ("K", "Na"), 295.15, n_grid=11)
    >>> [round(float(v), 3) for v in lev.liquid_fraction([0.0, 0.1, 0.5])[0]]
    [0.0, 0.527, 1.0]
    """
    T = float(temperature_K)
    pair = (str(elements[0]).upper(), str(elements[1]).upper())
    xq = np.linspace(0.0, 1.0, int(n_grid))
    r = ensemble.binary_phase_fractions(pair, xq, T)
    results = [r]
    queries = xq.size
    for _ in range(max_refine + 1):
        merged = _merge(results)
        xs, vs, gaps = _breakpoints(merged, _LIQUID)
        todo = sorted({round(a + f * (b - a), 12) for g in gaps for a, b in g
                       for f in (0.25, 0.5, 0.75)})
        if not todo:
            return MemberLevers(pair, T, xs, vs, queries)
        more = ensemble.binary_phase_fractions(pair, np.array(todo), T)
        results.append(more)
        queries += len(todo)
    raise RuntimeError(f"{'-'.join(pair)} at {T:g} K: a phase field narrower than "
                       f"{1.0 / (n_grid - 1) / 4 ** max_refine:.2g} in composition could not be "
                       "resolved")


def _merge(results):
    """Concatenate BinaryFractions along the query axis."""
    from semisolid.thermo.assessment.ensemble import BinaryFractions

    if len(results) == 1:
        return results[0]
    cat = {k: np.concatenate([getattr(r, k) for r in results], axis=-1)
           for k in ("x", "phase_a", "phase_b", "x_a", "x_b", "fraction_b")}
    return BinaryFractions(results[0].elements, results[0].temperature_K, **cat)
