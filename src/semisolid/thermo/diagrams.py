"""Phase diagrams: binary T-x diagrams with invariant reactions, isothermal ternary sections,
and the solubility of one element in a phase along a two-phase field.

Invariant reactions are located precisely, not read off the temperature grid:

* three-phase invariants (eutectic, peritectic, monotectic, ...): the temperature T* where
  the third phase's driving force against the two-phase equilibrium of the other two
  changes sign, found by Brent's method between the grid temperatures that bracket the
  change of field topology; the three compositions follow from that equilibrium at T*;
* the critical point of a miscibility gap: the temperature where the smallest curvature
  ``d2G/dx2`` of the phase reaches zero (the top of the spinodal), and its composition.

Examples
--------
>>> from semisolid.thermo import load_database
>>> d = binary_diagram(load_database(), ("K", "Na"), 240.0, 300.0, step_K=2.0)
>>> sorted({i.kind for i in d.invariants})
['eutectic', 'peritectic']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from semisolid.errors import InputError
from semisolid.thermo.database import System, ThermoDatabase
from semisolid.thermo.engine import (
    R_J_MOL_K,
    SAME_COPY_TOL,
    BinaryFields,
    _min_driving_force,
    _newton,
    _Problem,
    binary_fields,
    equilibrium_many,
)
from semisolid.thermo.results import EquilibriumBatch, _is_liquid

__all__ = [
    "BinaryDiagram",
    "FieldBoundary",
    "Invariant",
    "PhasePoint",
    "SolubilityCurve",
    "TernarySection",
    "ThreePhaseTriangle",
    "TieLine",
    "binary_diagram",
    "solubility",
    "ternary_section",
]


@dataclass(frozen=True)
class PhasePoint:
    """A phase (copy) at a composition.

    Examples
    --------
    >>> PhasePoint("LIQUID", {"K": 0.68, "Na": 0.32}).to_dict()["name"]
    'LIQUID'
    """

    name: str
    composition: dict[str, float]

    def to_dict(self) -> dict:
        """``{"name": str, "composition": {element: mole fraction}}``.

        Examples
        --------
        >>> PhasePoint("LIQUID", {"K": 0.68, "Na": 0.32}).to_dict()
        {'name': 'LIQUID', 'composition': {'K': 0.68, 'Na': 0.32}}
        """
        return {"name": self.name, "composition": {k: float(v) for k, v in
                                                    self.composition.items()}}


@dataclass(frozen=True)
class Invariant:
    """An invariant point of a binary diagram.

    Attributes
    ----------
    kind : str
        ``eutectic``, ``peritectic``, ``monotectic``, ``eutectoid``, ``peritectoid``,
        ``metatectic``, ``monotectoid``, ``syntectic`` or ``critical point``.
    temperature_K : float
    phases : list of PhasePoint
        The coexisting phases, by increasing mole fraction of the diagram's axis element
        (for a critical point: the one phase at the critical composition).

    Examples
    --------
    >>> Invariant("eutectic", 260.5, []).to_dict()["kind"]
    'eutectic'
    """

    kind: str
    temperature_K: float
    phases: list[PhasePoint]

    def to_dict(self) -> dict:
        """``{"kind", "temperature_K", "phases": [{"name", "composition"}, ...]}``.

        Examples
        --------
        >>> Invariant("eutectic", 260.5, [PhasePoint("LIQUID", {"Na": 0.32})]).to_dict()
        {'kind': 'eutectic', 'temperature_K': 260.5, 'phases': [{'name': 'LIQUID', \
'composition': {'Na': 0.32}}]}
        """
        return {"kind": self.kind, "temperature_K": float(self.temperature_K),
                "phases": [p.to_dict() for p in self.phases]}


@dataclass
class FieldBoundary:
    """One two-phase field of a binary diagram, traced over temperature.

    ``x_left`` and ``x_right`` are the mole fractions of the axis element in the two
    phases (``phases[0]`` on the left) at each temperature in ``temperature_K``.

    Examples
    --------
    >>> b = FieldBoundary(("BCC_A2", "LIQUID"), np.array([290.0]), np.array([0.04]),
    ...                   np.array([0.16]))
    >>> b.to_dict()["x_right"]
    [0.16]
    """

    phases: tuple[str, str]
    temperature_K: np.ndarray
    x_left: np.ndarray
    x_right: np.ndarray

    def to_dict(self) -> dict:
        """Plain-Python form: ``{"phases", "temperature_K", "x_left", "x_right"}``.

        Examples
        --------
        >>> FieldBoundary(("BCC_A2", "LIQUID"), np.array([290.0]), np.array([0.04]),
        ...               np.array([0.16])).to_dict()
        {'phases': ['BCC_A2', 'LIQUID'], 'temperature_K': [290.0], 'x_left': [0.04], \
'x_right': [0.16]}
        """
        return {"phases": list(self.phases), "temperature_K": self.temperature_K.tolist(),
                "x_left": self.x_left.tolist(), "x_right": self.x_right.tolist()}


@dataclass
class BinaryDiagram:
    """A binary temperature-composition diagram.

    Attributes
    ----------
    components : tuple of str
        ``(A, B)``; compositions on the axis are mole fractions of B (`axis_element`).
    temperatures_K : ndarray
        The temperature grid.
    fields : list of FieldBoundary
    invariants : list of Invariant
        Sorted by temperature.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> d = binary_diagram(load_database(), ("K", "Na"), 250.0, 270.0, step_K=2.0)
    >>> d.axis_element, [i.kind for i in d.invariants]
    ('Na', ['eutectic'])
    """

    components: tuple[str, str]
    temperatures_K: np.ndarray
    fields: list[FieldBoundary]
    invariants: list[Invariant]
    database: str = ""

    @property
    def axis_element(self) -> str:
        """The element whose mole fraction is the x axis.

        Examples
        --------
        >>> BinaryDiagram(("K", "Na"), np.array([300.0]), [], []).axis_element
        'Na'
        """
        return self.components[1]

    def to_dict(self) -> dict:
        """``{"components", "axis_element", "database", "invariants", "fields"}``.

        Examples
        --------
        >>> BinaryDiagram(("K", "Na"), np.array([300.0]), [], []).to_dict()
        {'components': ['K', 'Na'], 'axis_element': 'Na', 'database': '', 'invariants': [], \
'fields': []}
        """
        return {
            "components": list(self.components),
            "axis_element": self.axis_element,
            "database": self.database,
            "invariants": [i.to_dict() for i in self.invariants],
            "fields": [f.to_dict() for f in self.fields],
        }


# ----------------------------------------------------------------------------- binary


def _check_pair(db: ThermoDatabase, components: Sequence[str]) -> tuple[str, str]:
    comps = tuple(str(c) for c in components)
    if len(comps) != 2 or comps[0] == comps[1]:
        raise InputError(f"expected two different elements such as ('K', 'Na'); got {comps}",
                         "system")
    for c in comps:
        db.tdb_name(c, field="system")
    return comps  # type: ignore[return-value]


def _trace(bf: BinaryFields, system: System, axis: int) -> list[FieldBoundary]:
    """Link the fields of successive temperatures into continuous boundaries."""
    open_lines: list[dict] = []
    done: list[dict] = []
    for it, t in enumerate(bf.temperatures_K):
        rows = np.nonzero(bf.t_index == it)[0]
        used = set()
        still = []
        for ln in open_lines:
            best, dist = None, 0.05
            for r in rows:
                if r in used:
                    continue
                names = tuple(system.phases[k].name for k in bf.copies[r])
                if names != ln["phases"]:
                    continue
                d = max(abs(bf.x[r, 0, axis] - ln["xl"][-1]), abs(bf.x[r, 1, axis] - ln["xr"][-1]))
                if d < dist:
                    best, dist = r, d
            if best is None:
                done.append(ln)
                continue
            used.add(best)
            ln["t"].append(t)
            ln["xl"].append(bf.x[best, 0, axis])
            ln["xr"].append(bf.x[best, 1, axis])
            still.append(ln)
        for r in rows:
            if r not in used:
                still.append({"phases": tuple(system.phases[k].name for k in bf.copies[r]),
                              "t": [t], "xl": [bf.x[r, 0, axis]], "xr": [bf.x[r, 1, axis]]})
        open_lines = still
    done.extend(open_lines)
    return [FieldBoundary(ln["phases"], np.array(ln["t"]), np.array(ln["xl"]),
                          np.array(ln["xr"])) for ln in done]


def _unmatched(side: list, other: list) -> list:
    """Fields of `side` with no field of the same phase names left on `other` (for names
    that occur more often on `side`, the ones farthest from the other side's fields)."""
    out = []
    for names in {f[0] for f in side}:
        mine = [f for f in side if f[0] == names]
        theirs = [f for f in other if f[0] == names]
        extra = len(mine) - len(theirs)
        if extra <= 0:
            continue

        def dist(f, theirs=theirs):
            if not theirs:
                return np.inf
            return min(abs(f[1] - g[1]) + abs(f[2] - g[2]) for g in theirs)

        out.extend(sorted(mine, key=dist, reverse=True)[:extra])
    return out


def _pair_and_df(system: System, t: float, copies, y0, mu0, third: int, y3):
    """Two-phase equilibrium of `copies` at t, then the third phase's driving force."""
    ncomp = len(system.components)
    xa = system.phases[copies[0]].composition(y0[0][None])[0]
    xb = system.phases[copies[1]].composition(y0[1][None])[0]
    prob = _Problem(tuple(copies), np.array([0]), np.array([t]), (0.5 * (xa + xb))[None],
                    [y0[0][None], y0[1][None]], (mu0 / (R_J_MOL_K * t))[None],
                    np.array([[0.5, 0.5]]))
    sol = _newton(system, prob)
    if not sol.ok[0]:
        return np.nan, None
    p3 = system.phases[third]
    df, y = _min_driving_force(p3, np.array([t]), sol.mu, y3[None])
    del ncomp
    return float(df[0]), (sol, y[0])


def _classify(system: System, db: ThermoDatabase, comps, t: float, pts: list[PhasePoint],
              axis_el: str, phases) -> str:
    names = [p.name for p in pts]
    mid = pts[1]
    outer = {pts[0].name, pts[2].name}
    x_mid = np.array([[mid.composition[c] for c in comps]])
    below = equilibrium_many(db, list(comps), x_mid, t - 0.5, phases=phases).result(0)
    below_names = {p.name for p in below.phases if p.fraction > 1e-6}
    eutectic_type = len(below.phases) == 2 and below_names == outer and not (
        mid.name in outer and len(outer) == 1)
    if mid.name in outer and len(outer) == 2:
        # the middle copy shares its phase with an outer copy: compare compositions
        same = [p for p in below.phases if p.name == mid.name]
        eutectic_type = len(below.phases) == 2 and all(
            abs(s.composition[axis_el] - mid.composition[axis_el]) > 1e-3 for s in same)
    liquid_mid = _is_liquid(mid.name)
    liquid_outer = any(_is_liquid(n) for n in (names[0], names[2]))
    if eutectic_type:
        if liquid_mid:
            return "monotectic" if liquid_outer else "eutectic"
        if liquid_outer:
            return "metatectic"
        return "monotectoid" if mid.name in outer else "eutectoid"
    if liquid_mid:
        return "syntectic"
    return "peritectic" if liquid_outer else "peritectoid"


def _critical_point(system: System, k: int, t_lo: float, t_hi: float, axis: int):
    """Critical point of a miscibility gap of phase k between t_lo (gap) and t_hi (none)."""
    from scipy.optimize import brentq, minimize_scalar

    p = system.phases[k]
    if p.is_point or p.n_mixing != 2 or p.fixed_atoms.any():
        return None
    e = np.array([-1.0, 1.0]) if p.mixing[1] == axis else np.array([1.0, -1.0])

    def curv(xb, t):
        y = np.array([[1 - xb, xb]]) if p.mixing[1] == axis else np.array([[xb, 1 - xb]])
        _, _, h = p.derivatives(t, y)
        return float(e @ h[0] @ e) / p.atoms_per_formula

    def smin(t):
        grid = np.linspace(0.01, 0.99, 197)
        vals = [curv(x, t) for x in grid]
        j = int(np.argmin(vals))
        r = minimize_scalar(lambda x: curv(x, t), bounds=(grid[max(j - 1, 0)],
                            grid[min(j + 1, len(grid) - 1)]), method="bounded",
                            options={"xatol": 1e-10})
        return float(r.fun), float(r.x)

    f_lo, f_hi = smin(t_lo)[0], smin(t_hi)[0]
    if not (f_lo < 0 < f_hi):
        return None
    tc = brentq(lambda t: smin(t)[0], t_lo, t_hi, xtol=1e-6)
    return tc, smin(tc)[1]


def binary_diagram(
    db: ThermoDatabase,
    components: Sequence[str] = ("K", "Na"),
    tmin_K: float = 200.0,
    tmax_K: float = 400.0,
    *,
    step_K: float = 1.0,
    phases: Sequence[str] | None = None,
    progress: bool = False,
) -> BinaryDiagram:
    """Binary T-x diagram: two-phase field boundaries and invariant reactions.

    Parameters
    ----------
    db : ThermoDatabase
    components : pair of str
        ``(A, B)``: the x axis is the mole fraction of B.
    tmin_K, tmax_K : float
        Temperature range [K], inside the database's valid range.
    step_K : float
        Grid step [K] of the reported boundaries. Invariants are detected on a grid of at
        most 1 K and then located by root finding (to about 1e-6 K).
    phases : sequence of str, optional
        Default: ``db.default_phases``.
    progress : bool
        Progress bar on stderr.

    Returns
    -------
    BinaryDiagram

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> d = binary_diagram(load_database(), ("Li", "Na"), 540.0, 600.0, step_K=5.0)
    >>> [i.kind for i in d.invariants]
    ['critical point']
    """
    from scipy.optimize import brentq

    comps = _check_pair(db, components)
    if not (np.isfinite(tmin_K) and np.isfinite(tmax_K)) or tmax_K <= tmin_K:
        raise InputError(f"tmax ({tmax_K:g} K) must be above tmin ({tmin_K:g} K)", "tmax")
    if not (np.isfinite(step_K) and step_K > 0):
        raise InputError(f"step must be positive, got {step_K:g} K", "step")
    db.check_temperature([tmin_K, tmax_K], field="tmin/tmax")
    from semisolid._util import check_allocation  # about 16 kB per temperature step

    check_allocation((tmax_K - tmin_K) / min(step_K, 1.0) + 2, 16384, "temperature steps",
                     "step")
    phase_list = list(phases) if phases is not None else db.default_phases
    system = db.system(comps, phase_list)
    axis = system.components.index(comps[1])
    # invariants are detected on a grid of at most 1 K (then located by root finding)
    fine = min(step_K, 1.0)
    temps = np.unique(np.append(np.arange(tmin_K, tmax_K, fine), tmax_K))
    from semisolid._util import progress_callback

    tick, close = progress_callback("phase diagram", temps.size) if progress else (None, None)
    try:
        bf = binary_fields(system, temps, tick)
    finally:
        if close is not None:
            close()
    fields = _trace(bf, system, axis)
    invariants: list[Invariant] = []

    def copies_at(it):
        rows = np.nonzero(bf.t_index == it)[0]
        return rows

    for it in range(temps.size - 1):
        a, b = copies_at(it), copies_at(it + 1)

        def sig(rows):
            return [(tuple(system.phases[k].name for k in bf.copies[r]),
                     bf.x[r, 0, axis], bf.x[r, 1, axis], r) for r in rows]

        sa, sb = sig(a), sig(b)
        # a change of topology: the multiset of two-phase fields (by phase names) changes
        gone, new = _unmatched(sa, sb), _unmatched(sb, sa)
        if not gone and not new:
            continue
        # with a change of topology, a field whose compositions jump (by more than 0.2)
        # took part in it too (e.g. BCC + L1 above a monotectic, BCC + L2 below)
        for f in sa:
            if f in gone:
                continue
            near = [g for g in sb if g[0] == f[0] and g not in new]
            if near and min(abs(f[1] - g[1]) + abs(f[2] - g[2]) for g in near) > 0.2:
                g = min(near, key=lambda g, f=f: abs(f[1] - g[1]) + abs(f[2] - g[2]))
                gone.append(f)
                new.append(g)
        # distinct phase copies involved
        cps: list[tuple[str, float, int, np.ndarray]] = []
        for f in gone + new:
            r = f[3]
            before = list(cps)  # the two copies of one field are never merged
            for j in range(2):
                name, xv = f[0][j], bf.x[r, j, axis]
                if not any(c[0] == name and abs(c[1] - xv) < 0.05 for c in before):
                    cps.append((name, xv, bf.copies[r][j], bf.y[r][j]))
        if all(c[1] < 0.02 for c in cps) or all(c[1] > 0.98 for c in cps):
            continue  # a pure element changing phase at the edge of the diagram
        if len(cps) == 2 and cps[0][0] == cps[1][0] and len(gone) == 1 and not new:
            cp = _critical_point(system, cps[0][2], temps[it], temps[it + 1], axis)
            if cp is not None:
                tc, xc = cp
                comp = {comps[1]: xc, comps[0]: 1 - xc}
                invariants.append(Invariant("critical point", tc,
                                            [PhasePoint(cps[0][0], comp)]))
            continue
        if len(cps) != 3:
            continue
        # base pair: a field on either side made of two of the three copies
        found = None
        for f, t_side in [(g, temps[it]) for g in gone] + [(g, temps[it + 1]) for g in new]:
            r = f[3]
            pair = bf.copies[r]
            third = [c for c in cps if not any(
                c[0] == f[0][j] and abs(c[1] - bf.x[r, j, axis]) < 0.05 for j in range(2))]
            if len(third) != 1:
                continue
            th = third[0]

            def h(t, r=r, pair=pair, th=th):
                return _pair_and_df(system, t, pair, bf.y[r], bf.mu_J_mol[r], th[2], th[3])[0]

            h0, h1 = h(temps[it]), h(temps[it + 1])
            if np.isfinite(h0) and np.isfinite(h1) and h0 * h1 < 0:
                ts = brentq(h, temps[it], temps[it + 1], xtol=1e-7)
                _, (sol, y3) = _pair_and_df(system, ts, pair, bf.y[r], bf.mu_J_mol[r], th[2],
                                            th[3])
                xs = [sol.x[0, 0], sol.x[0, 1], system.phases[th[2]].composition(y3[None])[0]]
                names = [system.phases[pair[0]].name, system.phases[pair[1]].name,
                         system.phases[th[2]].name]
                found = (ts, names, xs)
                del t_side
                break
        if found is None:
            continue
        ts, names, xs = found
        if any(names[i] == names[j] and np.max(np.abs(xs[i] - xs[j])) < SAME_COPY_TOL
               for i in range(3) for j in range(i + 1, 3)):
            continue  # degenerate: two of the "three" phases are one
        order = np.argsort([x[axis] for x in xs])
        pts = [PhasePoint(names[j], {c: float(xs[j][system.components.index(c)])
                                     for c in comps}) for j in order]
        kind = _classify(system, db, comps, ts, pts, comps[1], phase_list)
        invariants.append(Invariant(kind, float(ts), pts))
    invariants.sort(key=lambda i: i.temperature_K)
    if fine < step_K:  # report the boundaries on the requested grid
        keep = np.unique(np.append(np.arange(tmin_K, tmax_K, step_K), tmax_K))
        for f in fields:
            sel = np.isin(np.round(f.temperature_K, 9), np.round(keep, 9))
            f.temperature_K, f.x_left, f.x_right = (f.temperature_K[sel], f.x_left[sel],
                                                    f.x_right[sel])
        fields = [f for f in fields if f.temperature_K.size]
        temps = keep
    return BinaryDiagram(comps, temps, fields, invariants, db.source)


# ----------------------------------------------------------------------------- ternary


@dataclass(frozen=True)
class TieLine:
    """A tie line: two coexisting phases.

    Examples
    --------
    >>> t = TieLine([PhasePoint("BCC_A2", {"Li": 1.0}), PhasePoint("LIQUID", {"Li": 0.0})])
    >>> len(t.to_dict()["phases"])
    2
    """

    phases: list[PhasePoint]

    def to_dict(self) -> dict:
        """``{"phases": [{"name", "composition"}, {...}]}``.

        Examples
        --------
        >>> TieLine([PhasePoint("BCC_A2", {"Li": 1.0})]).to_dict()
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

    phases: list[PhasePoint]

    def to_dict(self) -> dict:
        """``{"phases": [{"name", "composition"}, x3]}``.

        Examples
        --------
        >>> ThreePhaseTriangle([PhasePoint("LIQUID", {"Li": 0.0})]).to_dict()
        {'phases': [{'name': 'LIQUID', 'composition': {'Li': 0.0}}]}
        """
        return {"phases": [p.to_dict() for p in self.phases]}


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
        return PhasePoint(b.phase_names[b.slot_phase[i, s]],
                          {c: float(b.slot_composition[i, s, j]) for j, c in enumerate(comps)})

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


# ----------------------------------------------------------------------------- solubility


@dataclass
class SolubilityCurve:
    """Solubility of `solute` in `phase` coexisting with (solute-rich) `coexisting`.

    Attributes
    ----------
    ratio : ndarray
        ``x_A / (x_A + x_B)`` of `phase` along the field (``ratio_elements = (A, B)``).
    x_solute : ndarray
        Mole fraction of the solute in `phase` at each ratio.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> c = solubility(load_database(), "Li", temperature_K=300.0, n=11)
    >>> bool(c.x_solute.max() < 0.01)
    True
    """

    solute: str
    phase: str
    coexisting: str
    temperature_K: float
    ratio_elements: tuple[str, str]
    ratio: np.ndarray
    x_solute: np.ndarray

    def to_dict(self) -> dict:
        """Plain-Python form (arrays as lists).

        Examples
        --------
        >>> c = SolubilityCurve("Li", "LIQUID", "BCC_A2", 300.0, ("K", "Na"),
        ...                     np.array([0.5]), np.array([1e-3]))
        >>> c.to_dict()["x_solute"]
        [0.001]
        """
        return {
            "solute": self.solute, "phase": self.phase, "coexisting": self.coexisting,
            "temperature_K": float(self.temperature_K),
            "ratio_elements": list(self.ratio_elements),
            "ratio": self.ratio.tolist(), "x_solute": self.x_solute.tolist(),
        }


def solubility(
    db: ThermoDatabase,
    solute: str = "Li",
    phase: str = "LIQUID",
    coexisting: str = "BCC_A2",
    temperature_K: float = 300.0,
    *,
    ratio_elements: Sequence[str] = ("K", "Na"),
    n: int = 201,
    phases: Sequence[str] | None = None,
) -> SolubilityCurve:
    """Solubility of one element in a phase along a two-phase field (paper Fig. 7c).

    Overall compositions half-way between the solute corner and points of the opposite
    edge (``ratio`` from 0 to 1) are equilibrated; where they fall in the two-phase field
    of `phase` + solute-rich `coexisting`, the composition of `phase` gives one point of
    the curve. The ends of the field (three-phase triangles) are added when present.

    Parameters
    ----------
    db : ThermoDatabase
    solute : str
    phase, coexisting : str
        The phase whose solute content is reported, and the solute-rich phase it
        coexists with.
    temperature_K : float
    ratio_elements : pair of str
        ``(A, B)``: the curve's abscissa is ``x_A / (x_A + x_B)`` of `phase`.
    n : int
        Overall compositions sampled.
    phases : sequence of str, optional

    Returns
    -------
    SolubilityCurve
        Sorted by ratio.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> c = solubility(load_database(), "Li", "LIQUID", "BCC_A2", 300.0, n=21)
    >>> bool(c.x_solute[0] > c.x_solute[-1])   # Na-rich liquid dissolves more Li
    True
    """
    a, bb = (str(e) for e in ratio_elements)
    comps = [str(solute), a, bb]
    if len(set(comps)) != 3:
        raise InputError(f"solute and ratio elements must differ, got {comps}",
                         "ratio_elements")
    if n < 2:
        raise InputError(f"n must be at least 2, got {n}", "n")
    r = np.linspace(0.0, 1.0, n)
    x = np.column_stack([np.full(n, 0.5), 0.5 * r, 0.5 * (1 - r)])
    bt = equilibrium_many(db, comps, x, float(temperature_K), phases=phases)
    if phase not in bt.phase_names or coexisting not in bt.phase_names:
        raise InputError(f"phases {phase!r} and {coexisting!r} must both be considered "
                         f"(phases: {', '.join(bt.phase_names)})", "phase")
    kp, kc = bt.phase_names.index(phase), bt.phase_names.index(coexisting)
    ratio, xs = [], []
    for i in range(n):
        slots = [s for s in range(3) if bt.slot_phase[i, s] >= 0]
        have_c = any(bt.slot_phase[i, s] == kc and bt.slot_composition[i, s, 0] > 0.5
                     for s in slots)
        mine = [s for s in slots if bt.slot_phase[i, s] == kp
                and bt.slot_composition[i, s, 0] < 0.5]
        if not have_c or len(mine) != 1:
            continue
        c = bt.slot_composition[i, mine[0]]
        ratio.append(c[1] / (c[1] + c[2]))
        xs.append(c[0])
    ratio_a, xs_a = np.array(ratio), np.array(xs)
    order = np.argsort(ratio_a)
    keep = np.concatenate([[True], np.diff(ratio_a[order]) > 1e-9]) if order.size else order
    return SolubilityCurve(str(solute), phase, coexisting, float(temperature_K), (a, bb),
                           ratio_a[order][keep], xs_a[order][keep])
