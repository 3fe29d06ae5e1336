"""Phase equilibria for the electrode model: a thin adapter over the thermodynamics engine.

The electrode code needs, for many (composition, temperature) points, the stable phases,
their mole fractions (of atoms) and compositions. This module asks
:func:`semisolid.thermo.equilibrium_many` (the project's fast engine) and, when that is not
available or when ``engine="pycalphad"`` is asked for, pycalphad's ``equilibrium`` on the
same database. No equilibrium is solved here.

:func:`binary_lever_table` is the fast path for binary alloys at one temperature: one engine
sweep across the composition axis gives every tie line (the two phase compositions are the
same anywhere inside a two-phase field), and any composition is then placed by the lever
rule. :func:`solve_points` is the direct (reference) path; tests check one against the other.

Examples
--------
>>> import numpy as np
>>> pts = solve_points(["K", "Na"], np.array([[0.95, 0.05]]), 295.15, engine="pycalphad")
>>> [p.name for p in pts[0]]
['BCC_A2', 'LIQUID']
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from semisolid.errors import DatabaseError, InputError
from semisolid.thermo.results import PhaseEquilibrium

__all__ = [
    "LeverTable",
    "binary_lever_table",
    "binary_lever_tables",
    "resolve_engine",
    "solve_points",
]

_FRACTION_TOL = 1e-10


def _engine_available() -> bool:
    try:
        from semisolid.thermo.engine import equilibrium_many  # noqa: F401
    except ImportError:
        return False
    return True


@functools.lru_cache(maxsize=4)
def _pycalphad_db(path: str | None):
    from pycalphad import Database

    if path is None:
        from semisolid.thermo.database import default_tdb_path

        path = str(default_tdb_path())
    try:
        with warnings.catch_warnings():  # pycalphad's notes on unused type definitions
            warnings.simplefilter("ignore")
            return Database(path)
    except Exception as exc:  # pragma: no cover - broken database file
        raise DatabaseError(f"{path}: cannot read as a TDB database ({exc})") from None


def _engine_db(path: str | None = None):
    from semisolid.thermo.database import load_database

    return load_database(path)  # cached there by path and modification time


def resolve_engine(engine: str = "auto", db_path: str | None = None) -> str:
    """The equilibrium engine asked for: ``"auto"`` is the project's engine
    (:func:`semisolid.thermo.equilibrium_many`) when it is installed, else pycalphad; a named
    engine is returned as is. (:meth:`semisolid.electrode.system.AlloySystem.engine_for`
    also falls back to pycalphad where the project's engine cannot model a phase.)

    Returns
    -------
    str
        ``"semisolid"`` or ``"pycalphad"``: record this, not ``"auto"``.

    Examples
    --------
    >>> resolve_engine("pycalphad"), resolve_engine("auto")
    ('pycalphad', 'semisolid')
    >>> resolve_engine("fast")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: engine: unknown engine 'fast'; use auto, semisolid or pycalphad
    """
    if engine not in ("auto", "semisolid", "pycalphad"):
        raise InputError(f"unknown engine {engine!r}; use auto, semisolid or pycalphad", "engine")
    if engine == "auto":
        return "semisolid" if _engine_available() else "pycalphad"
    return engine


def _pycalphad_points(elements, x, temperature_K, db_path=None, phases=None):
    from pycalphad import equilibrium
    from pycalphad import variables as v

    db = _pycalphad_db(db_path)
    tdb = _engine_db(db_path)
    if phases is None:
        phases = tdb.default_phases
    upper = [tdb.tdb_name(el, "alloy") for el in elements]
    comps = [*upper, "VA"]
    n = x.shape[0]
    out: list[list[PhaseEquilibrium]] = [[] for _ in range(n)]
    temps = np.broadcast_to(np.asarray(temperature_K, dtype=float), (n,))
    dep = upper[1:]  # independent mole fractions (first element is the dependent one)
    if len(upper) == 2:
        ux, inv_x = np.unique(x[:, 1], return_inverse=True)
        ut, inv_t = np.unique(temps, return_inverse=True)
        if ut.size > 1 and ux.size * ut.size <= 2 * n:
            # points on (nearly) a full grid: one pycalphad call over X x T
            r = equilibrium(db, comps, list(phases),
                            {v.X(dep[0]): np.clip(ux, 1e-10, 1 - 1e-10), v.T: ut,
                             v.P: 101325.0, v.N: 1.0})
            names = np.asarray(r.Phase.values).reshape(ut.size, ux.size, -1)
            fracs = np.asarray(r.NP.values).reshape(ut.size, ux.size, -1)
            xs = np.asarray(r.X.values).reshape(ut.size, ux.size, names.shape[2], -1)
            comp_order = [str(c) for c in r.component.values]
            for i in range(n):
                out[i] = _collect(names[inv_t[i], inv_x[i]], fracs[inv_t[i], inv_x[i]],
                                  xs[inv_t[i], inv_x[i]], elements, upper, comp_order,
                                  temps[i], x[i])
            return out
    for t in np.unique(temps):
        idx = np.nonzero(temps == t)[0]
        groups = [idx] if len(upper) == 2 else [[i] for i in idx]
        for g in groups:
            g = np.asarray(g)
            conds = {v.T: float(t), v.P: 101325.0, v.N: 1.0}
            if len(upper) == 2:
                conds[v.X(dep[0])] = np.clip(x[g, 1], 1e-10, 1 - 1e-10)
            else:
                xi = np.clip(x[g[0]], 1e-10, None)
                xi = xi / xi.sum()
                for j, el in enumerate(dep, start=1):
                    conds[v.X(el)] = float(xi[j])
            r = equilibrium(db, comps, list(phases), conds)
            names = np.asarray(r.Phase.values).reshape(len(g), -1)
            fracs = np.asarray(r.NP.values).reshape(len(g), -1)
            xs = np.asarray(r.X.values).reshape(len(g), names.shape[1], -1)
            comp_order = [str(c) for c in r.component.values]
            for k, i in enumerate(g):
                out[i] = _collect(names[k], fracs[k], xs[k], elements, upper, comp_order, t,
                                  x[i])
    return out


def _collect(names, fracs, xs, elements, upper, comp_order, t, xi) -> list[PhaseEquilibrium]:
    pts = []
    for vtx in range(names.shape[0]):
        name = str(names[vtx])
        if not name or not np.isfinite(fracs[vtx]) or fracs[vtx] <= 0:
            continue
        comp = {el: float(xs[vtx, comp_order.index(u)]) for el, u in zip(elements, upper,
                                                                           strict=True)}
        pts.append(PhaseEquilibrium(name, float(fracs[vtx]), comp))
    if not pts:
        raise DatabaseError(f"pycalphad found no equilibrium at T={t} K, x={list(xi)}")
    return _sorted(pts)


def _engine_points(elements, x, temperature_K, db_path=None, phases=None):
    from semisolid.thermo.engine import equilibrium_many

    db = _engine_db(db_path)
    b = equilibrium_many(db, list(elements), x, temperature_K, phases=phases)
    out = []
    bad = 0
    for i in range(x.shape[0]):
        r = b.result(i)
        bad += not r.converged
        pts = [
            PhaseEquilibrium(p.name, float(p.fraction),
                             {k: float(c) for k, c in p.composition.items()})
            for p in r.phases
            if p.fraction > _FRACTION_TOL
        ]
        if not pts:
            raise DatabaseError(f"the engine found no equilibrium at x={list(x[i])} "
                                f"({', '.join(elements)})")
        out.append(_sorted(pts))
    if bad:
        warnings.warn(f"the equilibrium engine did not converge at {bad} of {x.shape[0]} "
                      "states (their best estimates are used)", UserWarning, stacklevel=3)
    return out


def _sorted(pts: list[PhaseEquilibrium]) -> list[PhaseEquilibrium]:
    return sorted(pts, key=lambda p: (p.name, -p.fraction))


def solve_points(
    elements: Sequence[str],
    x: np.ndarray,
    temperature_K: float | np.ndarray,
    engine: str = "auto",
    db_path: str | None = None,
    phases: Sequence[str] | None = None,
) -> list[list[PhaseEquilibrium]]:
    """Equilibrium phases at each point (direct path: one engine call for all points).

    Parameters
    ----------
    elements : sequence of str
        Element symbols of the database (``"K"``, ``"Na"``, ``"Mg"``), the columns of `x`.
    x : ndarray, shape (n, len(elements))
        Mole fractions, rows summing to 1.
    temperature_K : float or ndarray of shape (n,)
    engine : {"auto", "semisolid", "pycalphad"}
        See :func:`resolve_engine`.
    db_path : str, optional
        A TDB file (default: the shipped database), read by the engine that runs.
    phases : sequence of str, optional
        Phases to consider (default: the database's default phases, the same for both
        engines: every phase of the database).

    Returns
    -------
    list of list of PhaseEquilibrium
        Per point, the stable phases sorted by name.

    Examples
    --------
    >>> import numpy as np
    >>> pts = solve_points(["K", "Na"], np.array([[0.5, 0.5]]), 300.0, engine="pycalphad")
    >>> pts[0][0].name, round(pts[0][0].fraction, 6)
    ('LIQUID', 1.0)
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    if x.shape[1] != len(elements):
        raise InputError(f"x has {x.shape[1]} columns for {len(elements)} elements", "x")
    if resolve_engine(engine, db_path) == "semisolid":
        return _engine_points(elements, x, temperature_K, db_path, phases)
    return _pycalphad_points(elements, x, temperature_K, db_path, phases)


@dataclass(frozen=True)
class LeverTable:
    """Tie lines of a binary system at one temperature, for lever-rule placement.

    Attributes
    ----------
    elements : tuple of str
        The two elements; compositions are the mole fraction of ``elements[1]``.
    temperature_K : float
    tie_lo, tie_hi : ndarray
        Ends of each two-phase field (mole fraction of ``elements[1]``), sorted.
    phase_lo, phase_hi : tuple of str
        The phase at each end.
    single_x : ndarray, single_phase : tuple of str
        Grid points in one-phase fields and their phase (fallback when no tie line exists).

    Examples
    --------
    >>> t = binary_lever_table(["K", "Na"], 295.15, engine="pycalphad")
    >>> lf, ph = t.liquid_fraction(np.array([0.05]))
    >>> bool(0.05 < lf[0] < 0.2)
    True
    """

    elements: tuple[str, str]
    temperature_K: float
    tie_lo: np.ndarray
    tie_hi: np.ndarray
    phase_lo: tuple[str, ...]
    phase_hi: tuple[str, ...]
    single_x: np.ndarray
    single_phase: tuple[str, ...]
    liquid: tuple[str, ...] = ("LIQUID",)

    def place(self, xb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Tie line index (-1 in a one-phase field), lever fraction of the upper end, phase
        index of a one-phase point (index into ``single_phase``, or ``-(k+1)`` for the end of
        tie line k).

        Examples
        --------
        >>> t = binary_lever_table(["K", "Na"], 295.15, engine="pycalphad")
        >>> k, w, s = t.place(np.array([0.5]))
        >>> int(k[0])
        -1
        """
        xb = np.asarray(xb, dtype=float)
        k = np.full(xb.shape, -1, dtype=int)
        w = np.zeros(xb.shape)
        for j in range(len(self.tie_lo)):
            inside = (xb >= self.tie_lo[j]) & (xb <= self.tie_hi[j]) & (k < 0)
            k[inside] = j
            span = self.tie_hi[j] - self.tie_lo[j]
            w[inside] = (xb[inside] - self.tie_lo[j]) / span if span > 0 else 0.0
        # one-phase points: phase of the nearest tie-line end, else of the nearest grid point
        s = np.zeros(xb.shape, dtype=int)
        out = k < 0
        if out.any():
            if len(self.tie_lo):
                ends = np.concatenate([self.tie_lo, self.tie_hi])
                d = np.abs(xb[out, None] - ends[None, :])
                near = np.argmin(d, axis=1)
                s[out] = -(near + 1)
            else:
                d = np.abs(xb[out, None] - self.single_x[None, :])
                s[out] = np.argmin(d, axis=1)
        return k, w, s

    def phase_of_single(self, code: int) -> str:
        """Phase name of a one-phase code from :meth:`place`.

        Examples
        --------
        >>> t = binary_lever_table(["K", "Na"], 295.15, engine="pycalphad")
        >>> t.phase_of_single(t.place(np.array([0.5]))[2][0])
        'LIQUID'
        """
        if code >= 0:
            return self.single_phase[code]
        j = -code - 1
        n = len(self.tie_lo)
        return self.phase_lo[j] if j < n else self.phase_hi[j - n]

    def liquid_fraction(self, xb: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """Mole fraction of atoms in the liquid phases (``liquid``) at each composition
        (mole fraction of ``elements[1]``), and a short phase-set label per point.

        Examples
        --------
        >>> t = binary_lever_table(["K", "Na"], 295.15, engine="pycalphad")
        >>> t.liquid_fraction(np.array([0.0, 0.5]))[0].tolist()
        [0.0, 1.0]
        """
        xb = np.asarray(xb, dtype=float)
        k, w, s = self.place(xb)
        n = len(self.tie_lo)
        # per tie line (index n: none) and per one-phase code: liquid or not, and a label
        lo_l = np.array([p in self.liquid for p in self.phase_lo] + [False], dtype=float)
        hi_l = np.array([p in self.liquid for p in self.phase_hi] + [False], dtype=float)
        kk = np.where(k >= 0, k, n)
        lever = (1 - w) * lo_l[kk] + w * hi_l[kk]
        codes = np.unique(s[k < 0])
        names = {int(c): self.phase_of_single(int(c)) for c in codes}
        single = np.zeros(xb.shape)
        labels = np.empty(xb.shape, dtype=object)
        for c, name in names.items():
            at = (s == c) & (k < 0)
            single[at] = 1.0 if name in self.liquid else 0.0
            labels[at] = name
        tie_labels = np.array([f"{a}+{b}" for a, b in zip(self.phase_lo, self.phase_hi,
                                                          strict=True)] + [""], dtype=object)
        labels = np.where(k >= 0, tie_labels[kk], labels)
        return np.where(k >= 0, lever, single), labels.ravel().tolist()


def binary_lever_table(
    elements: Sequence[str],
    temperature_K: float,
    n_grid: int = 201,
    engine: str = "auto",
    db_path: str | None = None,
    x_range: tuple[float, float] = (0.0, 1.0),
    phases: Sequence[str] | None = None,
    liquid: Sequence[str] = ("LIQUID",),
) -> LeverTable:
    """Sweep a binary at one temperature and collect its tie lines.

    The phase compositions found at any point inside a two-phase field are the exact ends of
    its tie line. Fields narrower than the sweep spacing are found by bisection wherever
    neighbouring points do not join up (see :func:`binary_lever_tables`); a field hidden
    between two points of the same single phase would still be missed.

    Parameters
    ----------
    elements : sequence of two str
        E.g. ``["K", "Na"]``: compositions are then mole fractions of Na.
    temperature_K : float
    n_grid : int
        Number of sweep points across `x_range` (ends nudged inside [0, 1] by 1e-6).
    engine, db_path
        As in :func:`solve_points`.
    x_range : (float, float)
        Composition range to sweep (mole fraction of ``elements[1]``); tie lines found there
        keep their exact ends even beyond the range.

    Examples
    --------
    >>> t = binary_lever_table(["K", "Na"], 295.15, engine="pycalphad")
    >>> [(a, b) for a, b in zip(t.phase_lo, t.phase_hi)][-1]
    ('LIQUID', 'BCC_A2')
    """
    return binary_lever_tables(elements, [temperature_K], n_grid, engine, db_path, x_range,
                               phases=phases, liquid=liquid)[0]


def binary_lever_tables(
    elements: Sequence[str],
    temperatures_K: Sequence[float],
    n_grid: int = 201,
    engine: str = "auto",
    db_path: str | None = None,
    x_range: tuple[float, float] = (0.0, 1.0),
    max_refine: int = 24,
    min_width: float = 1e-7,
    phases: Sequence[str] | None = None,
    liquid: Sequence[str] = ("LIQUID",),
) -> list[LeverTable]:
    """:func:`binary_lever_table` for several temperatures, batched into few engine calls.

    After the sweep, any two neighbouring points whose phases do not join up (say LIQUID
    next to BCC_A2 with no tie line between) are bisected, up to `max_refine` rounds or an
    interval of `min_width`, so narrow two-phase fields are found too.

    Examples
    --------
    >>> ts = binary_lever_tables(["K", "Na"], [290.0, 300.0], n_grid=51, engine="pycalphad")
    >>> [round(t.temperature_K) for t in ts]
    [290, 300]
    """
    if len(elements) != 2:
        raise InputError("a lever table needs exactly two elements", "elements")
    if n_grid < 3:
        raise InputError(f"n_grid={n_grid} is too small (at least 3)", "n_grid")
    lo, hi = (float(v) for v in x_range)
    if not (0.0 <= lo < hi <= 1.0):
        raise InputError(f"x_range {x_range} must satisfy 0 <= low < high <= 1", "x_range")
    temps = np.asarray(temperatures_K, dtype=float).ravel()
    xb = np.linspace(max(lo, 1e-6), min(hi, 1 - 1e-6), n_grid)
    x = np.tile(np.column_stack([1 - xb, xb]), (temps.size, 1))
    tt = np.repeat(temps, n_grid)
    allpts = solve_points(elements, x, tt, engine=engine, db_path=db_path, phases=phases)
    grids = [(list(xb), list(allpts[k * n_grid:(k + 1) * n_grid])) for k in range(temps.size)]
    # refine by bisection wherever neighbouring points do not join up (a field in between)
    for _ in range(max_refine):
        new_x, new_k = [], []
        for k, (xs, ps) in enumerate(grids):
            for i in range(len(xs) - 1):
                if xs[i + 1] - xs[i] > min_width and not _joined(ps[i], ps[i + 1], elements[1]):
                    new_x.append(0.5 * (xs[i] + xs[i + 1]))
                    new_k.append(k)
        if not new_x:
            break
        xn = np.asarray(new_x)
        pn = solve_points(elements, np.column_stack([1 - xn, xn]), temps[np.asarray(new_k)],
                          engine=engine, db_path=db_path, phases=phases)
        for xv, k, p in zip(new_x, new_k, pn, strict=True):
            xs, ps = grids[k]
            j = int(np.searchsorted(xs, xv))
            xs.insert(j, xv)
            ps.insert(j, p)
    return [_table(elements, float(t), np.asarray(grids[k][0]), grids[k][1], tuple(liquid))
            for k, t in enumerate(temps)]


def _ends(p: list[PhaseEquilibrium], el_b: str) -> tuple[str, str, tuple | None]:
    """Phase towards lower and higher x of ``el_b`` at a point, and its tie-line key."""
    if len(p) == 1:
        return p[0].name, p[0].name, None
    two = sorted(sorted(p, key=lambda q: -q.fraction)[:2], key=lambda q: q.composition[el_b])
    key = (two[0].name, two[1].name, round(two[0].composition[el_b], 4),
           round(two[1].composition[el_b], 4))
    return two[0].name, two[1].name, key


def _joined(a: list[PhaseEquilibrium], b: list[PhaseEquilibrium], el_b: str) -> bool:
    """True when nothing can hide between neighbouring sweep points a < b."""
    _, a_hi, a_key = _ends(a, el_b)
    b_lo, _, b_key = _ends(b, el_b)
    if a_key is not None and a_key == b_key:
        return True
    return a_hi == b_lo


def _table(elements, temperature_K, xb, pts, liquid=("LIQUID",)) -> LeverTable:
    ties: dict[tuple, tuple[float, float, str, str]] = {}
    single_x, single_phase = [], []
    el_b = elements[1]
    for i, p in enumerate(pts):
        if len(p) == 1:
            single_x.append(xb[i])
            single_phase.append(p[0].name)
        elif len(p) >= 2:
            two = sorted(p, key=lambda q: -q.fraction)[:2]
            two = sorted(two, key=lambda q: q.composition[el_b])
            lo, hi = two[0].composition[el_b], two[1].composition[el_b]
            key = (two[0].name, two[1].name, round(lo, 4), round(hi, 4))
            ties.setdefault(key, (lo, hi, two[0].name, two[1].name))
    vals = sorted(ties.values())
    return LeverTable(
        elements=(elements[0], elements[1]),
        temperature_K=float(temperature_K),
        tie_lo=np.array([v[0] for v in vals]),
        tie_hi=np.array([v[1] for v in vals]),
        phase_lo=tuple(v[2] for v in vals),
        phase_hi=tuple(v[3] for v in vals),
        single_x=np.array(single_x),
        single_phase=tuple(single_phase),
        liquid=tuple(liquid),
    )
