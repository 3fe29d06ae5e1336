"""Binary T-x diagrams: two-phase fields and invariant reactions.

The two-phase fields at each temperature come from point equilibria solved by the engine
(:func:`semisolid.thermo.engine.fields.binary_fields`), so every field that is drawn and
labelled is one the engine finds at a state. Invariant reactions are then located
precisely, not read off the temperature grid:

* three-phase invariants (eutectic, peritectic, monotectic, ...): the temperature T* where
  the third phase's driving force against the two-phase equilibrium of the other two
  changes sign, found by Brent's method between the grid temperatures that bracket the
  change of field topology; the three compositions follow from that equilibrium at T*;
* the critical point of a miscibility gap: the temperature where the smallest curvature
  ``d2G/dx2`` of the phase reaches zero (the top of the spinodal), and its composition.

Without a temperature range the diagram spans the system's own: from below its lowest
liquid (the lowest invariant or solidus) to above its highest liquidus or miscibility gap,
inside the database's valid range (:func:`default_temperature_range`).

Examples
--------
>>> from semisolid.thermo import load_database
>>> d = binary_diagram(load_database(), ("K", "Na"), 240.0, 300.0, step_K=2.0)
>>> sorted({i.kind for i in d.invariants})
['eutectic', 'peritectic']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from semisolid._repr import short_repr
from semisolid.errors import InputError
from semisolid.thermo.database import ThermoDatabase
from semisolid.thermo.engine.api import equilibrium_many
from semisolid.thermo.engine.fields import BinaryFields, TwoPhaseField, binary_fields
from semisolid.thermo.engine.newton import (
    R_J_MOL_K,
    SAME_COPY_TOL,
    Assemblage,
    driving_force,
    solve_assemblage,
)
from semisolid.thermo.phases import System
from semisolid.thermo.results import PhaseEquilibrium

__all__ = [
    "BinaryDiagram",
    "FieldBoundary",
    "Invariant",
    "binary_diagram",
    "default_temperature_range",
]

NAN = float("nan")
MAX_DETECTION_TEMPERATURES = 400
"""Most temperatures of the grid on which invariants are detected."""


@dataclass(frozen=True)
class Invariant:
    """An invariant point of a binary diagram.

    Attributes
    ----------
    kind : str
        ``eutectic``, ``peritectic``, ``monotectic``, ``eutectoid``, ``peritectoid``,
        ``metatectic``, ``monotectoid``, ``syntectic`` or ``critical point``.
    temperature_K : float
    phases : list of PhaseEquilibrium
        The coexisting phases (fraction NaN), by increasing mole fraction of the diagram's
        axis element (for a critical point: the one phase at the critical composition).

    Examples
    --------
    >>> Invariant("eutectic", 260.5, []).to_dict()["kind"]
    'eutectic'
    """

    kind: str
    temperature_K: float
    phases: list[PhaseEquilibrium]

    def to_dict(self) -> dict:
        """``{"kind", "temperature_K", "phases": [{"name", "composition"}, ...]}``.

        Examples
        --------
        >>> Invariant("eutectic", 260.5, [PhaseEquilibrium("LIQUID", NAN, {"Na": 0.32})]
        ...           ).to_dict()
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

    @property
    def label_position(self) -> tuple[float, float]:
        """(x, T) inside the field, for its label: the point farthest inside the field over
        the whole diagram's x axis (0-1) and the field's own temperature span (see
        :meth:`label_point`); for a field traced at fewer than two temperatures, the middle of
        its tie line.

        Examples
        --------
        >>> b = FieldBoundary(("A", "B"), np.array([300.0, 400.0]), np.array([0.2, 0.2]),
        ...                   np.array([0.6, 0.6]))
        >>> x, t = b.label_position
        >>> round(x, 3), round(t)
        (0.4, 350)
        """
        t = self.temperature_K
        p = None
        if t.size >= 2 and np.ptp(t) > 0:
            p = self.label_point((0.0, 1.0), (float(t.min()), float(t.max())), 0.0, 0.0)
        if p is None:
            j = t.size // 2
            return (float(0.5 * (self.x_left[j] + self.x_right[j])), float(t[j]))
        return p

    def label_point(self, xlim: tuple[float, float], ylim: tuple[float, float],
                    width: float, height: float, pad: float = 0.01,
                    avoid: Sequence[tuple[float, float, float, float]] = (),
                    ) -> tuple[float, float] | None:
        """Where a label box fits inside both the field and a view, or None.

        The field is the region between ``x_left`` and ``x_right`` (linear between the traced
        temperatures). A box of ``width`` x ``height`` (fractions of the view's width and
        height) centred at the returned (x, T) lies inside the field, inside the view
        ``xlim`` x ``ylim`` at least ``pad`` (a fraction of the view) from its frame, and
        outside the rectangles `avoid`. Among such points the one with the largest margin to
        the field's boundaries and the frame is returned (the pole of inaccessibility of the
        visible field, for a box); None when no visible part of the field holds the box.

        Parameters
        ----------
        xlim, ylim : pair of float
            The view: mole fraction of the axis element, and temperature (K).
        width, height : float
            Size of the label box as fractions of the view (0 for a point).
        pad : float
            Smallest distance of the box from the view's frame (fraction of the view).
        avoid : sequence of (u0, v0, u1, v1)
            Rectangles of the view (fractions, e.g. an inset) the box must not overlap.

        Returns
        -------
        (x, T) or None

        Examples
        --------
        >>> b = FieldBoundary(("A", "B"), np.array([300.0, 400.0]), np.array([0.2, 0.2]),
        ...                   np.array([0.6, 0.6]))
        >>> x, t = b.label_point((0, 1), (300, 400), 0.2, 0.1)
        >>> round(x, 3), round(t)
        (0.4, 350)
        >>> x, t = b.label_point((0.5, 1), (300, 400), 0.1, 0.1)  # its visible part
        >>> round(x, 3), round(t)
        (0.552, 350)
        >>> b.label_point((0.5, 1), (300, 400), 0.3, 0.1) is None   # too narrow there
        True
        >>> b.label_point((0, 1), (400, 500), 0.1, 0.1) is None     # not in the view
        True
        >>> x, t = b.label_point((0, 1), (300, 400), 0.2, 0.1, avoid=[(0, 0.3, 1, 1)])
        >>> round(x, 3), t < 330                                     # below the inset
        (0.4, True)
        """
        t = np.asarray(self.temperature_K, dtype=float)
        if t.size < 2:
            return None
        order = np.argsort(t, kind="stable")
        t, xl, xr = t[order], np.asarray(self.x_left)[order], np.asarray(self.x_right)[order]
        lo_x, hi_x = (float(v) for v in xlim)
        lo_t, hi_t = (float(v) for v in ylim)
        if not (hi_x > lo_x and hi_t > lo_t):
            return None
        # the field in view units (0-1 across the view), resampled finely in temperature
        a = max(t[0], lo_t + pad * (hi_t - lo_t))
        b = min(t[-1], hi_t - pad * (hi_t - lo_t))
        if not b > a:
            return None
        n = 401
        tt = np.linspace(a, b, n)
        v = (tt - lo_t) / (hi_t - lo_t)
        dv = float(v[1] - v[0])
        left = np.maximum((np.interp(tt, t, np.minimum(xl, xr)) - lo_x) / (hi_x - lo_x), pad)
        right = np.minimum((np.interp(tt, t, np.maximum(xl, xr)) - lo_x) / (hi_x - lo_x),
                           1.0 - pad)
        best = None
        for margin in np.arange(0.0, 0.5, 0.005):
            k = int(np.ceil((height + 2 * margin) / dv)) + 1 if dv > 0 else n + 1
            if k > n:
                break
            win_l = np.lib.stride_tricks.sliding_window_view(left, k).max(axis=1)
            win_r = np.lib.stride_tricks.sliding_window_view(right, k).min(axis=1)
            lo_v, hi_v = v[: n - k + 1], v[k - 1:]
            for u0, v0, u1, v1 in avoid:  # keep the larger side of an obstacle
                hit = (lo_v < v1 + margin) & (hi_v > v0 - margin)
                l_side = np.minimum(win_r, u0 - margin) - win_l
                r_side = win_r - np.maximum(win_l, u1 + margin)
                use_l = l_side >= r_side
                win_l = np.where(hit & ~use_l, np.maximum(win_l, u1 + margin), win_l)
                win_r = np.where(hit & use_l, np.minimum(win_r, u0 - margin), win_r)
            slack = win_r - win_l - width - 2 * margin
            if not np.any(slack >= 0):
                break
            top = np.flatnonzero(slack >= slack.max() - 1e-9)
            i = int(top[top.size // 2])  # the middle of a run of equally good windows
            centre = v[i] + 0.5 * (k - 1) * dv
            u = 0.5 * (win_l[i] + win_r[i])
            best = (lo_x + u * (hi_x - lo_x), lo_t + centre * (hi_t - lo_t))
        return None if best is None else (float(best[0]), float(best[1]))

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


@short_repr("components", "temperatures_K", "fields", "invariants")
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


# ----------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _FieldRef:
    """A field at one grid temperature, by phase names and the compositions of its ends."""

    names: tuple[str, str]
    x_left: float
    x_right: float
    field: TwoPhaseField


@dataclass(frozen=True)
class _Copy:
    """A phase copy taking part in a change of topology."""

    name: str
    x: float
    phase: int
    y: np.ndarray


def _check_pair(db: ThermoDatabase, components: Sequence[str]) -> tuple[str, str]:
    comps = tuple(str(c) for c in components)
    if len(comps) != 2 or comps[0] == comps[1]:
        raise InputError(f"expected two different elements such as ('K', 'Na'); got {comps}",
                         "system")
    for c in comps:
        db.tdb_name(c, field="system")
    return comps  # type: ignore[return-value]


def default_temperature_range(db: ThermoDatabase, components: Sequence[str],
                              phases: Sequence[str] | None = None) -> tuple[float, float]:
    """The temperature range that shows a binary system's diagram.

    From 5 % (at least 10 K) below the lowest temperature at which a liquid appears at any
    composition (the lowest invariant or solidus) to 5 % (at least 10 K) above the highest
    temperature at which any composition is not a single liquid (the highest liquidus, or
    the top of a liquid miscibility gap), found on a scan of 41 compositions x 40
    temperatures refined to 1/20 of its step at both ends, and kept inside the system's valid
    range (from 200 K up). A system without a liquid spans its valid range
    (up to 3000 K).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> lo, hi = default_temperature_range(load_database(), ("Li", "Na"))
    >>> lo < 365.0 and hi > 578.0
    True
    """
    comps = _check_pair(db, components)
    lo, hi = db.temperature_range_for(comps)
    lo, hi = max(lo, 200.0), min(hi, 3000.0)
    xs = np.linspace(0.0, 1.0, 41)

    def scan(temps):
        xx, tt = np.meshgrid(xs, temps, indexing="ij")
        b = equilibrium_many(db, list(comps), np.column_stack([1 - xx.ravel(), xx.ravel()]),
                             tt.ravel(), phases=phases)
        liquid = b.liquid_fraction.reshape(xx.shape)
        nph = (b.slot_phase >= 0).sum(axis=1).reshape(xx.shape)
        only_liquid = np.all((liquid > 1 - 1e-9) & (nph == 1), axis=0)
        return np.any(liquid > 1e-9, axis=0), only_liquid

    temps = np.linspace(lo, hi, 40)
    any_liquid, only_liquid = scan(temps)
    if not np.any(any_liquid):
        return (lo, hi)
    # the lowest liquid and the highest temperature that is not all liquid, to 1/20 step
    i = int(np.argmax(any_liquid))
    fine = np.linspace(temps[max(i - 1, 0)], temps[i], 21)
    t_low = fine[int(np.argmax(scan(fine)[0]))]
    not_single = np.nonzero(~only_liquid)[0]
    if not_single.size:
        j = int(not_single.max())
        fine = np.linspace(temps[j], temps[min(j + 1, temps.size - 1)], 21)
        rest = np.nonzero(~scan(fine)[1])[0]
        t_high = fine[min(int(rest.max()) + 1, fine.size - 1)] if rest.size else fine[0]
    else:
        t_high = t_low
    t_low = max(lo, min(0.95 * t_low, t_low - 10.0))
    t_high = min(hi, max(1.05 * t_high, t_high + 10.0))
    return (float(np.floor(t_low)), float(np.ceil(t_high)))


def _trace(bf: BinaryFields, system: System, axis: int) -> list[FieldBoundary]:
    """Link the fields of successive temperatures into continuous boundaries."""
    open_lines: list[dict] = []
    done: list[dict] = []
    for it, t in enumerate(bf.temperatures_K):
        here = bf.at(it)
        used: set[int] = set()
        still = []
        for ln in open_lines:
            best, dist = None, 0.05
            for r, f in enumerate(here):
                if r in used:
                    continue
                names = tuple(system.phases[k].name for k in f.phases)
                if names != ln["phases"]:
                    continue
                d = max(abs(f.x[0, axis] - ln["xl"][-1]), abs(f.x[1, axis] - ln["xr"][-1]))
                if d < dist:
                    best, dist = r, d
            if best is None:
                done.append(ln)
                continue
            used.add(best)
            ln["t"].append(t)
            ln["xl"].append(here[best].x[0, axis])
            ln["xr"].append(here[best].x[1, axis])
            still.append(ln)
        for r, f in enumerate(here):
            if r not in used:
                still.append({"phases": tuple(system.phases[k].name for k in f.phases),
                              "t": [t], "xl": [f.x[0, axis]], "xr": [f.x[1, axis]]})
        open_lines = still
    done.extend(open_lines)
    return [FieldBoundary(ln["phases"], np.array(ln["t"]), np.array(ln["xl"]),
                          np.array(ln["xr"])) for ln in done]


def _unmatched(side: list[_FieldRef], other: list[_FieldRef]) -> list[_FieldRef]:
    """Fields of `side` with no field of the same phase names left on `other` (for names
    that occur more often on `side`, the ones farthest from the other side's fields)."""
    out = []
    for names in {f.names for f in side}:
        mine = [f for f in side if f.names == names]
        theirs = [f for f in other if f.names == names]
        extra = len(mine) - len(theirs)
        if extra <= 0:
            continue

        def dist(f, theirs=theirs):
            if not theirs:
                return np.inf
            return min(abs(f.x_left - g.x_left) + abs(f.x_right - g.x_right) for g in theirs)

        out.extend(sorted(mine, key=dist, reverse=True)[:extra])
    return out


def _pair_and_df(system: System, t: float, f: TwoPhaseField, third: _Copy):
    """Two-phase equilibrium of field f's copies at t, then the third phase's driving force
    (units of RT; NaN where the pair does not converge)."""
    xa = system.phases[f.phases[0]].composition(f.y[0][None])[0]
    xb = system.phases[f.phases[1]].composition(f.y[1][None])[0]
    prob = Assemblage(tuple(f.phases), np.array([0]), np.array([t]), (0.5 * (xa + xb))[None],
                      [f.y[0][None], f.y[1][None]], (f.mu_J_mol / (R_J_MOL_K * t))[None],
                      np.array([[0.5, 0.5]]))
    sol = solve_assemblage(system, prob)
    if not sol.ok[0]:
        return np.nan, None
    p3 = system.phases[third.phase]
    df, y = driving_force(p3, np.array([t]), sol.mu, third.y[None])
    return float(df[0]), (sol, y[0])


def _classify(db: ThermoDatabase, comps, t: float, pts: list[PhaseEquilibrium],
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
    liquid_mid = db.is_liquid(mid.name)
    liquid_outer = any(db.is_liquid(n) for n in (names[0], names[2]))
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
    if not (p.substitutional and p.n_variables == 2 and not p.fixed.any()):
        return None
    col = [int(np.argmax(p.stoich[v] != 0)) for v in range(2)]
    e = np.array([-1.0, 1.0]) if col[1] == axis else np.array([1.0, -1.0])
    natoms = float(p.stoich.sum(axis=1)[0])

    def curv(xb, t):
        y = np.array([[1 - xb, xb]]) if col[1] == axis else np.array([[xb, 1 - xb]])
        _, _, h = p.derivatives(t, y)
        return float(e @ h[0] @ e) / natoms

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


def _phase_point(system: System, comps, name: str, x: np.ndarray) -> PhaseEquilibrium:
    return PhaseEquilibrium(name, NAN, {c: float(x[system.components.index(c)]) for c in comps})


# ----------------------------------------------------------------------------- diagram


def binary_diagram(
    db: ThermoDatabase,
    components: Sequence[str] = ("K", "Na"),
    tmin_K: float | None = None,
    tmax_K: float | None = None,
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
    tmin_K, tmax_K : float, optional
        Temperature range [K], inside the database's valid range. Default: the system's
        own (:func:`default_temperature_range`).
    step_K : float
        Grid step [K] of the reported boundaries. Invariants are detected on a grid of at
        most 1 K (at most 400 temperatures) and then located by root finding (to about
        1e-6 K).
    phases : sequence of str, optional
        Default: every phase the two elements can form.
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
    if tmin_K is None or tmax_K is None:
        lo, hi = default_temperature_range(db, comps, phases)
        tmin_K = lo if tmin_K is None else tmin_K
        tmax_K = hi if tmax_K is None else tmax_K
    if not (np.isfinite(tmin_K) and np.isfinite(tmax_K)) or tmax_K <= tmin_K:
        raise InputError(f"tmax ({tmax_K:g} K) must be above tmin ({tmin_K:g} K)", "tmax")
    if not (np.isfinite(step_K) and step_K > 0):
        raise InputError(f"step must be positive, got {step_K:g} K", "step")
    db.check_temperature([tmin_K, tmax_K], field="tmin/tmax", components=comps)
    system = db.system(comps, phases)
    axis = system.components.index(comps[1])
    fine = max(min(step_K, 1.0), (tmax_K - tmin_K) / MAX_DETECTION_TEMPERATURES)
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

    def refs(it) -> list[_FieldRef]:
        return [_FieldRef(tuple(system.phases[k].name for k in f.phases), float(f.x[0, axis]),
                          float(f.x[1, axis]), f) for f in bf.at(it)]

    for it in range(temps.size - 1):
        sa, sb = refs(it), refs(it + 1)
        # a change of topology: the multiset of two-phase fields (by phase names) changes
        gone, new = _unmatched(sa, sb), _unmatched(sb, sa)
        if not gone and not new:
            continue
        # with a change of topology, a field whose compositions jump (by more than 0.2)
        # took part in it too (e.g. BCC + L1 above a monotectic, BCC + L2 below)
        for f in sa:
            if f in gone:
                continue
            near = [g for g in sb if g.names == f.names and g not in new]
            if near and min(abs(f.x_left - g.x_left) + abs(f.x_right - g.x_right)
                            for g in near) > 0.2:
                g = min(near, key=lambda g, f=f: abs(f.x_left - g.x_left)
                        + abs(f.x_right - g.x_right))
                gone.append(f)
                new.append(g)
        # distinct phase copies involved
        cps: list[_Copy] = []
        for f in gone + new:
            before = list(cps)  # the two copies of one field are never merged
            for j in range(2):
                name, xv = f.names[j], float(f.field.x[j, axis])
                if not any(c.name == name and abs(c.x - xv) < 0.05 for c in before):
                    cps.append(_Copy(name, xv, f.field.phases[j], f.field.y[j]))
        if all(c.x < 0.02 for c in cps) or all(c.x > 0.98 for c in cps):
            continue  # a pure element changing phase at the edge of the diagram
        if len(cps) == 2 and cps[0].name == cps[1].name and len(gone) == 1 and not new:
            cp = _critical_point(system, cps[0].phase, temps[it], temps[it + 1], axis)
            if cp is not None:
                tc, xc = cp
                comp = {comps[1]: xc, comps[0]: 1 - xc}
                invariants.append(Invariant("critical point", tc,
                                            [PhaseEquilibrium(cps[0].name, NAN, comp)]))
            continue
        if len(cps) != 3:
            continue
        # base pair: a field on either side made of two of the three copies
        found = None
        for f in gone + new:
            third = [c for c in cps if not any(
                c.name == f.names[j] and abs(c.x - float(f.field.x[j, axis])) < 0.05
                for j in range(2))]
            if len(third) != 1:
                continue
            th = third[0]

            def h(t, f=f, th=th):
                return _pair_and_df(system, t, f.field, th)[0]

            h0, h1 = h(temps[it]), h(temps[it + 1])
            if np.isfinite(h0) and np.isfinite(h1) and h0 * h1 < 0:
                ts = brentq(h, temps[it], temps[it + 1], xtol=1e-7)
                _, (sol, y3) = _pair_and_df(system, ts, f.field, th)
                xs = [sol.x[0, 0], sol.x[0, 1],
                      system.phases[th.phase].composition(y3[None])[0]]
                names = [system.phases[f.field.phases[0]].name,
                         system.phases[f.field.phases[1]].name, th.name]
                found = (ts, names, xs)
                break
        if found is None:
            continue
        ts, names, xs = found
        if any(names[i] == names[j] and np.max(np.abs(xs[i] - xs[j])) < SAME_COPY_TOL
               for i in range(3) for j in range(i + 1, 3)):
            continue  # degenerate: two of the "three" phases are one
        order = np.argsort([x[axis] for x in xs])
        pts = [_phase_point(system, comps, names[j], xs[j]) for j in order]
        kind = _classify(db, comps, ts, pts, comps[1], phases)
        invariants.append(Invariant(kind, float(ts), pts))
    invariants.sort(key=lambda i: i.temperature_K)
    if fine < step_K:  # report the boundaries on the requested grid (nearest grid points)
        want = np.unique(np.append(np.arange(tmin_K, tmax_K, step_K), tmax_K))
        pos = np.clip(np.searchsorted(temps, want), 1, temps.size - 1)
        nearest = np.where(np.abs(temps[pos - 1] - want) <= np.abs(temps[pos] - want),
                           pos - 1, pos)
        keep = temps[np.unique(nearest)]
        for f in fields:
            sel = np.isin(f.temperature_K, keep)
            f.temperature_K, f.x_left, f.x_right = (f.temperature_K[sel], f.x_left[sel],
                                                    f.x_right[sel])
        fields = [f for f in fields if f.temperature_K.size]
        temps = keep
    return BinaryDiagram(comps, temps, fields, invariants, db.source)
