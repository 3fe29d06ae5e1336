"""Isothermal sections of ternary systems: phase regions, tie lines, three-phase triangles.

Examples
--------
>>> from semisolid.thermo import load_database
>>> s = ternary_section(load_database(), ("Li", "Na", "K"), 300.0, step=0.1)
>>> "BCC_A2+LIQUID" in s.region_names
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from semisolid._repr import short_repr
from semisolid.errors import InputError
from semisolid.thermo.database import ThermoDatabase
from semisolid.thermo.engine.api import equilibrium_many
from semisolid.thermo.results import EquilibriumBatch, PhaseEquilibrium

__all__ = ["TernarySection", "ThreePhaseTriangle", "TieLine", "ternary_section"]

NAN = float("nan")

@dataclass(frozen=True)
class TieLine:
    """A tie line: two coexisting phases.

    Examples
    --------
    >>> t = TieLine([PhaseEquilibrium("BCC_A2", NAN, {"Li": 1.0}),
    ...              PhaseEquilibrium("LIQUID", NAN, {"Li": 0.0})])
    >>> len(t.to_dict()["phases"])
    2
    """

    phases: list[PhaseEquilibrium]

    def to_dict(self) -> dict:
        """``{"phases": [{"name", "composition"}, {...}]}``.

        Examples
        --------
        >>> TieLine([PhaseEquilibrium("BCC_A2", NAN, {"Li": 1.0})]).to_dict()
        {'phases': [{'name': 'BCC_A2', 'composition': {'Li': 1.0}}]}
        """
        return {"phases": [p.to_dict() for p in self.phases]}


@dataclass(frozen=True)
class ThreePhaseTriangle:
    """A three-phase triangle: three coexisting phases (corners).

    Examples
    --------
    >>> ThreePhaseTriangle([]).to_dict()
    {'phases': []}
    """

    phases: list[PhaseEquilibrium]

    def to_dict(self) -> dict:
        """``{"phases": [{"name", "composition"}, x3]}``.

        Examples
        --------
        >>> ThreePhaseTriangle([PhaseEquilibrium("LIQUID", NAN, {"Li": 0.0})]).to_dict()
        {'phases': [{'name': 'LIQUID', 'composition': {'Li': 0.0}}]}
        """
        return {"phases": [p.to_dict() for p in self.phases]}


@short_repr("components", "temperature_K", "region_names", "tie_lines", "three_phase")
@dataclass
class TernarySection:
    """An isothermal section of a ternary system.

    Attributes
    ----------
    components : tuple of str
    temperature_K : float
    x : ndarray (n, 3)
        The composition grid.
    region : ndarray of str (n,)
        The phase region of each grid point, e.g. ``"BCC_A2+LIQUID"``; copies of one
        phase carry their major element: ``"BCC_A2(Li)+BCC_A2(Na)"``.
    tie_lines : list of TieLine
        Representative tie lines of every two-phase region.
    three_phase : list of ThreePhaseTriangle
    batch : EquilibriumBatch
        The equilibria on the grid.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> s = ternary_section(load_database(), ("Li", "Na", "K"), 300.0, step=0.05)
    >>> "BCC_A2+LIQUID" in s.region_names
    True
    """

    components: tuple[str, str, str]
    temperature_K: float
    x: np.ndarray
    region: np.ndarray
    tie_lines: list[TieLine]
    three_phase: list[ThreePhaseTriangle]
    batch: EquilibriumBatch = field(repr=False)

    @property
    def region_names(self) -> list[str]:
        """The distinct phase regions found on the grid.

        Examples
        --------
        >>> from semisolid.thermo import load_database
        >>> s = ternary_section(load_database(), ("Li", "Na", "K"), 300.0, step=0.25)
        >>> "LIQUID" in s.region_names
        True
        """
        return sorted(set(self.region.tolist()))

    def to_dict(self) -> dict:
        """``{"components", "temperature_K", "tie_lines", "three_phase", "regions"}``.

        ``regions`` gives the number of grid points in each phase region.

        Examples
        --------
        >>> from semisolid.thermo import load_database
        >>> s = ternary_section(load_database(), ("Li", "Na", "K"), 300.0, step=0.25)
        >>> sum(s.to_dict()["regions"].values()) == len(s.x)
        True
        """
        names, counts = np.unique(self.region, return_counts=True)
        return {
            "components": list(self.components),
            "temperature_K": float(self.temperature_K),
            "tie_lines": [t.to_dict() for t in self.tie_lines],
            "three_phase": [t.to_dict() for t in self.three_phase],
            "regions": {str(n): int(c) for n, c in zip(names, counts, strict=True)},
        }


def _simplex_grid(step: float) -> np.ndarray:
    if not (np.isfinite(step) and 0 < step <= 0.5):
        raise InputError(f"step must be in (0, 0.5] and divide 1 (e.g. 0.01, 0.05), "
                         f"got {step:g}", "step")
    n = round(1 / step)
    if n < 2 or abs(n * step - 1) > 1e-9:
        raise InputError(f"step must divide 1 (e.g. 0.01, 0.05), got {step:g}", "step")
    from semisolid._util import check_allocation  # about 8 kB per equilibrium

    check_allocation((n + 1) * (n + 2) / 2, 8192, "composition grid points", "step")
    i, j = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = i + j <= n
    a, b = i[keep] / n, j[keep] / n
    return np.column_stack([a, b, 1 - a - b])


def _region_label(names, majors) -> str:
    """``"BCC_A2+LIQUID"``; copies of one phase are told apart by their major element:
    ``"BCC_A2(K)+BCC_A2(Li)"``."""
    present = [(n, m) for n, m in zip(names, majors, strict=True) if n]
    counts = {n: sum(1 for q, _ in present if q == n) for n, _ in present}
    return "+".join(f"{n}({m})" if counts[n] > 1 else n for n, m in present)


def ternary_section(
    db: ThermoDatabase,
    components: Sequence[str] = ("Li", "Na", "K"),
    temperature_K: float = 300.0,
    *,
    step: float = 0.01,
    n_tie_lines: int = 25,
    phases: Sequence[str] | None = None,
    progress: bool = False,
) -> TernarySection:
    """Isothermal section: phase regions on a grid, tie lines, three-phase triangles.

    Parameters
    ----------
    db : ThermoDatabase
    components : three str
        Corner elements.
    temperature_K : float
    step : float
        Grid step in mole fraction (0.01 gives 5,151 points including the edges).
    n_tie_lines : int
        Tie lines kept per two-phase region (evenly spread along the region).
    phases : sequence of str, optional
    progress : bool

    Returns
    -------
    TernarySection

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> s = ternary_section(load_database(), ("Li", "Na", "K"), 300.0, step=0.05,
    ...                     n_tie_lines=5)
    >>> {p.name for t in s.tie_lines for p in t.phases} >= {"BCC_A2", "LIQUID"}
    True
    """
    comps = tuple(str(c) for c in components)
    if len(comps) != 3 or len(set(comps)) != 3:
        raise InputError(f"expected three different elements, got {comps}", "system")
    x = _simplex_grid(step)
    b = equilibrium_many(db, list(comps), x, float(temperature_K), phases=phases,
                         progress=progress)
    names = np.array([*b.phase_names, ""], dtype=object)
    lab = names[np.where(b.slot_phase >= 0, b.slot_phase, len(b.phase_names))]
    major = np.array(comps, dtype=object)[np.argmax(np.nan_to_num(b.slot_composition, nan=-1),
                                                    axis=2)]
    region = np.array([_region_label(row, mrow) for row, mrow in zip(lab, major,
                                                                      strict=True)])
    tie_lines: list[TieLine] = []
    triangles: list[ThreePhaseTriangle] = []
    nph = (b.slot_phase >= 0).sum(axis=1)

    def pp(i, s):
        return PhaseEquilibrium(b.phase_names[b.slot_phase[i, s]], NAN,
                                {c: float(b.slot_composition[i, s, j])
                                 for j, c in enumerate(comps)})

    for reg in sorted(set(region[nph == 2].tolist())):
        rows = np.nonzero((region == reg) & (nph == 2))[0]
        # spread the tie lines along the end that moves most across the region
        ends = [b.slot_composition[rows, 0], b.slot_composition[rows, 1]]  # (m, 3) each
        e = ends[int(np.argmax([np.var(en, axis=0).sum() for en in ends]))]
        key = e[:, int(np.argmax(np.var(e, axis=0)))]
        order = rows[np.argsort(key)]
        ks = np.sort(key)
        targets = np.linspace(ks[0], ks[-1], min(n_tie_lines, rows.size))
        pick = np.unique(np.searchsorted(ks, targets).clip(0, rows.size - 1))
        for i in order[pick]:
            tie_lines.append(TieLine([pp(i, 0), pp(i, 1)]))
    seen: list[np.ndarray] = []
    for i in np.nonzero(nph == 3)[0]:
        corners = b.slot_composition[i, :3]
        if any(np.max(np.abs(corners - s)) < 1e-6 for s in seen):
            continue
        seen.append(corners)
        triangles.append(ThreePhaseTriangle([pp(i, s) for s in range(3)]))
    return TernarySection(comps, float(temperature_K), x, region, tie_lines, triangles, b)
