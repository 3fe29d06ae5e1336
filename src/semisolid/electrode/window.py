"""Inverse design: which starting compositions stay semi-solid through a half cycle?

Given the database, working ion, areal capacity (one or several), temperatures, electrode
volume or thickness and area, and two limits, :func:`design_window` returns the admissible
window of starting compositions, the minimum electrode thickness for a chosen composition,
and the margin to each limit.

A starting composition is admissible when, at every areal capacity and temperature given,
both ends of a symmetric-cell half cycle are semi-solid with

* at least ``min_liquid_fraction`` liquid at the solid-rich end (the end with less liquid:
  the liquid keeps the interface wetted), and
* at least ``min_solid_fraction`` solid at the liquid-rich end (the solid keeps the
  electrode in shape),

mole fractions of atoms, and no electrode runs out of the working metal. Compositions are
searched along lines on which a half cycle moves them: the working-ion axis of a binary, and
for a ternary the lines of constant ratio ``share = x_b / (x_b + x_c)`` of the two other
elements. Each line is scanned and every edge where admissibility changes is refined by
repeated sectioning, all with direct forward calculations (the engine solves every state). A
ternary window is returned as a polygon of its edge points.

Where an uncertainty ensemble of the database is given, every edge comes with its 95 %
interval (``x_low_low`` ... ``x_high_high``: 2.5 and 97.5 percentiles over the members):
either TDB files of its parameter sets (each solved like the database itself), or, for a
binary of the shipped Li-Na-K database, its assessment's ensemble
(:class:`semisolid.thermo.assessment.Ensemble`), whose members are solved all at once: the
window is then scanned on a fine grid for every member, with the end states of the shipped
database's bookkeeping and each member's liquid fractions (lever rules from one grid of
solves per temperature, :func:`semisolid.thermo.assessment.levers.member_levers`); the
fraction of members for which each starting composition works comes with it.

Examples
--------
>>> w = design_window(["K", "Na"], "K", 3 * 36000.0, 295.15, volume_m3=10e-9,
...                   diameter_m=7.14e-3, n_scan=21, tol=1e-3)
>>> [(round(iv.x_low, 2), round(iv.x_high, 2)) for iv in w.intervals]   # Na-rich, K-rich
[(0.14, 0.2), (0.88, 0.95)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from semisolid.constants import MAH_PER_CM2_IN_C_PER_M2
from semisolid.electrode.composition import weight_fractions
from semisolid.electrode.electrode import DensityModel, check_composition, disc_area_m2
from semisolid.electrode.swing import PHASE_FRACTION_TOL, check_thickness
from semisolid.electrode.system import AlloySystem, as_system, resolve_charge
from semisolid.errors import InputError
from semisolid.materials.elements import canonical_element
from semisolid.units import require_positive

__all__ = ["DesignWindow", "WindowInterval", "design_window", "window_margins"]

_FAIL = -1.0  # margin of an exhausted electrode


@dataclass(frozen=True)
class WindowInterval:
    """One admissible interval of the working ion's starting mole fraction on one line.

    Attributes
    ----------
    share : float or None
        Ternary: ``x_b / (x_b + x_c)`` of the line; None for a binary.
    x_low, x_high : float
        Edges (mole fraction of the working ion), refined to the bisection tolerance.
    x_low_low, x_low_high, x_high_low, x_high_high : float or None
        95 % interval of each edge over an uncertainty ensemble (None without one).
    """

    share: float | None
    x_low: float
    x_high: float
    x_low_low: float | None = None
    x_low_high: float | None = None
    x_high_low: float | None = None
    x_high_high: float | None = None

    def to_dict(self) -> dict:
        """Plain dict (ensemble keys only where there is an ensemble)."""
        d = {"share": self.share, "x_low": self.x_low, "x_high": self.x_high}
        for k in ("x_low_low", "x_low_high", "x_high_low", "x_high_high"):
            if getattr(self, k) is not None:
                d[k] = getattr(self, k)
        return d


@dataclass
class DesignWindow:
    """The admissible composition window and what it takes.

    Attributes
    ----------
    elements : list of str
        In the order given; a ternary's share is of ``elements`` other than the ion, first
        over both.
    working_ion : str
    charge : int
    intervals : list of WindowInterval
    polygons : list of list of dict
        Ternary: the window as polygons of compositions (mole fractions), edges in order.
    composition : dict or None
        The chosen composition (mole fractions).
    min_thickness_m : float or None
        Thinnest electrode (over the area given) for which the chosen composition is
        admissible; None when no thickness is (see ``notes``).
    margins : dict
        At the chosen composition and thickness: ``liquid_at_solid_rich_end`` and
        ``solid_at_liquid_rich_end`` (worst value minus its limit, over all capacities and
        temperatures, with where it is worst), ``to_low_edge``, ``to_high_edge``.
    conditions : dict
    engine : str
    notes : list of str
    uncertainty : dict or None
        How the edges' 95 % intervals were made (``available``, ``members``, ``confidence``,
        ``method``, and at a chosen composition ``admissible_fraction``: the fraction of
        members for which it works); None when no ensemble was asked for.
    admissible_fraction : tuple of ndarray or None
        With the assessment's ensemble: ``(x_ion, fraction)``, the fraction of members for
        which each starting composition of the fine scan is admissible.

    Examples
    --------
    >>> w = design_window(["K", "Na"], "K", 108000.0, 295.15, thickness_m=250e-6,
    ...                   area_m2=0.4e-4, n_scan=11, tol=1e-3)
    >>> sorted(w.to_dict())[:3]
    ['charge', 'composition', 'composition_wt']
    """

    elements: list[str]
    working_ion: str
    charge: int
    intervals: list[WindowInterval]
    polygons: list[list[dict[str, float]]]
    composition: dict[str, float] | None
    min_thickness_m: float | None
    margins: dict[str, Any]
    conditions: dict[str, Any]
    engine: str
    notes: list[str] = field(default_factory=list)
    uncertainty: dict[str, Any] | None = None
    admissible_fraction: tuple[np.ndarray, np.ndarray] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (units in the keys); ``uncertainty`` only where an ensemble was
        asked for."""
        out = {
            "elements": list(self.elements),
            "working_ion": self.working_ion,
            "charge": self.charge,
            "windows": [iv.to_dict() for iv in self.intervals],
            "polygons": self.polygons,
            "composition": self.composition,
            "composition_wt": None if self.composition is None
            else weight_fractions(self.composition),
            "min_thickness_um": None if self.min_thickness_m is None
            else self.min_thickness_m * 1e6,
            "margins": self.margins,
            "conditions": self.conditions,
            "engine": self.engine,
            "notes": list(self.notes),
        }
        if self.uncertainty is not None:
            out["uncertainty"] = dict(self.uncertainty)
        return out

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """The window (one row per interval) and, with a chosen composition, its margins."""
        ion = self.working_ion
        c = self.conditions
        title = (f"semi-solid window, {c['database']}, working ion {ion} (z={self.charge}), "
                 f"{_span(c['areal_capacity_mAh_cm2'], 'mAh/cm2')}, "
                 f"{_span(c['temperature_K'], 'K')}, {c['thickness_um']:.4g} um")
        ens = any(iv.x_low_low is not None for iv in self.intervals)
        cols = ([f"share {c['share_of']}"] if self.intervals and self.intervals[0].share
                is not None else []) + [f"x_{ion} low", f"x_{ion} high"]
        if len(self.elements) == 2:
            cols += [f"{ion} wt% low", f"{ion} wt% high"]
        if ens:
            cols += ["low 95%", "high 95%"]
        rows = []
        for iv in self.intervals:
            r: list[Any] = [] if iv.share is None else [iv.share]
            r += [iv.x_low, iv.x_high]
            if len(self.elements) == 2:
                r += [100 * _wt(self.elements, ion, iv.x_low),
                      100 * _wt(self.elements, ion, iv.x_high)]
            if ens:
                r += [f"{iv.x_low_low:.4f}-{iv.x_low_high:.4f}",
                      f"{iv.x_high_low:.4f}-{iv.x_high_high:.4f}"]
            rows.append(r)
        out = [(title, cols, rows or [["-"] * len(cols)])]
        if self.margins:
            m = self.margins
            mrows = [[k.replace("_", " "), v["margin"], v.get("at", "")] if isinstance(v, dict)
                     else [k.replace("_", " "), v, ""] for k, v in m.items()]
            out.append(("margins at " + ",".join(f"{k}={v:.4f}" for k, v in
                                                 (self.composition or {}).items()),
                        ["limit", "margin", "worst at"], mrows))
        return out

    def lines(self) -> list[str]:
        """The answer in a sentence or two, and the notes."""
        out = []
        if not self.intervals:
            out.append("no starting composition stays semi-solid at both ends under these "
                       "limits")
        if self.composition is not None:
            comp = ",".join(f"{k}={v:.4f}" for k, v in self.composition.items())
            if self.min_thickness_m is None:
                out.append(f"{comp}: no electrode thickness makes it admissible")
            else:
                out.append(f"{comp}: minimum electrode thickness "
                           f"{self.min_thickness_m * 1e6:.4g} um over "
                           f"{self.conditions['area_cm2']:.4g} cm2")
        u = self.uncertainty
        if u and u.get("available"):
            out.append(f"edge intervals: {100 * u['confidence']:.0f} % of {u['members']} "
                       "members of the database's uncertainty ensemble")
            if "admissible_fraction" in u:
                out.append(f"the chosen composition works for "
                           f"{100 * u['admissible_fraction']:.0f} % of the members")
        elif u:
            out.append(f"no edge intervals: {u['reason']}")
        return out + [f"note: {n}" for n in self.notes]


def _span(values, unit: str) -> str:
    v = list(values)
    return f"{v[0]:.4g} {unit}" if len(v) == 1 else f"{min(v):.4g}-{max(v):.4g} {unit}"


def _wt(elements, ion, x_ion) -> float:
    other = next(e for e in elements if e != ion)
    return weight_fractions({ion: x_ion, other: 1 - x_ion})[ion]


class _Problem:
    """Everything fixed while compositions (and thickness) vary."""

    def __init__(self, system, els, ion, q, temps, area, dm, z, s_min, l_min):
        self.system, self.els, self.ion = system, els, ion
        self.others = [e for e in els if e != ion]
        self.q, self.temps, self.area, self.dm, self.z = q, temps, area, dm, z
        self.s_min, self.l_min = s_min, l_min
        self.engine = ""

    def starts(self, x_ion: np.ndarray, share: np.ndarray | None) -> np.ndarray:
        x = np.zeros((x_ion.size, len(self.els)))
        x[:, self.els.index(self.ion)] = x_ion
        if len(self.others) == 1:
            x[:, self.els.index(self.others[0])] = 1 - x_ion
        else:
            s = np.broadcast_to(share, x_ion.shape)
            x[:, self.els.index(self.others[0])] = (1 - x_ion) * s
            x[:, self.els.index(self.others[1])] = (1 - x_ion) * (1 - s)
        return x

    def margins(self, x_ion, share, thickness_m):
        """Margin (n,) and its two parts (n, nq, nt); > 0 is admissible (direct solves)."""
        from semisolid.electrode.states import swing_states

        x_ion = np.atleast_1d(np.asarray(x_ion, dtype=float))
        st = swing_states(self.system, self.els, self.ion, self.starts(x_ion, share), self.q,
                          self.temps, thickness_m=thickness_m, area_m2=self.area,
                          density=self.dm, charge=self.z, method="direct")
        self.engine = st.engine
        lo = np.minimum(st.liquid_fraction_enriched, st.liquid_fraction_depleted)
        hi = np.maximum(st.liquid_fraction_enriched, st.liquid_fraction_depleted)
        m_liq = lo - max(self.l_min, PHASE_FRACTION_TOL)
        m_sol = (1.0 - hi) - max(self.s_min, PHASE_FRACTION_TOL)
        bad = st.exhausted | st.emptied
        m_liq = np.where(bad, _FAIL, m_liq)
        m_sol = np.where(bad, _FAIL, m_sol)
        m = np.minimum(m_liq, m_sol).reshape(x_ion.size, -1).min(axis=1)
        return m, m_liq, m_sol


def _intervals_on_line(prob: _Problem, share, lo, hi, n_scan, tol, thickness_m):
    xs = np.linspace(lo, hi, n_scan)
    ok = prob.margins(xs, share, thickness_m)[0] > 0
    edges = []  # (x_inside, x_outside) pairs
    runs = []
    i = 0
    while i < n_scan:
        if not ok[i]:
            i += 1
            continue
        j = i
        while j + 1 < n_scan and ok[j + 1]:
            j += 1
        runs.append((i, j))
        i = j + 1
    for i, j in runs:
        edges.append((xs[i], xs[i - 1] if i > 0 else None))
        edges.append((xs[j], xs[j + 1] if j + 1 < n_scan else None))
    refined = _bisect(prob, share, edges, tol, thickness_m)
    return [(float(refined[2 * k]), float(refined[2 * k + 1])) for k in range(len(runs))]


_SECTIONS = 8


def _bisect(prob, share, edges, tol, thickness_m):
    """Refine (inside, outside) pairs with direct forward calculations: each round
    evaluates :data:`_SECTIONS` points between the two and keeps the bracket of the
    crossing nearest the inside point, until the bracket is below `tol`."""
    inside = np.array([e[0] for e in edges], dtype=float)
    outside = np.array([np.nan if e[1] is None else e[1] for e in edges], dtype=float)
    shares = None if share is None else np.broadcast_to(np.asarray(share, dtype=float),
                                                        inside.shape).copy()
    frac = np.arange(1, _SECTIONS + 1) / (_SECTIONS + 1)
    while True:
        idx = np.nonzero(np.isfinite(outside) & (np.abs(inside - outside) > tol))[0]
        if idx.size == 0:
            break
        pts = inside[idx, None] + frac[None, :] * (outside[idx] - inside[idx])[:, None]
        sh = None if shares is None else np.repeat(shares[idx], _SECTIONS)
        good = (prob.margins(pts.ravel(), sh, thickness_m)[0] > 0).reshape(pts.shape)
        for r, k in enumerate(idx):
            fail = np.nonzero(~good[r])[0]
            first_fail = int(fail[0]) if fail.size else _SECTIONS
            if first_fail > 0:
                inside[k] = pts[r, first_fail - 1]
            if first_fail < _SECTIONS:
                outside[k] = pts[r, first_fail]
    return list(inside)


def window_margins(prob: _Problem, x: np.ndarray, share, thickness_m: float) -> dict:
    """Margins at one composition: worst liquid at the solid-rich end and worst solid at
    the liquid-rich end, minus their limits, and where they are worst."""
    _, m_liq, m_sol = prob.margins(np.array([x]), share, thickness_m)
    out = {}
    for key, arr, limit in (("liquid_at_solid_rich_end", m_liq, prob.l_min),
                            ("solid_at_liquid_rich_end", m_sol, prob.s_min)):
        a = arr[0]
        j, k = np.unravel_index(int(np.argmin(a)), a.shape)
        out[key] = {"margin": float(a[j, k]) if a[j, k] > _FAIL else None,
                    "limit": limit,
                    "at": f"{prob.q[j] / MAH_PER_CM2_IN_C_PER_M2:.4g} mAh/cm2, "
                          f"{prob.temps[k]:.2f} K" + (" (exhausted)" if a[j, k] <= _FAIL
                                                       else "")}
    return out


def _min_thickness(prob: _Problem, x, share, t_max=1.0, t_min=1e-7, rtol=1e-3):
    """Thinnest electrode [m] for which composition x is admissible (None if none is):
    a log-spaced scan of thicknesses, refined around the first admissible one."""
    lo, hi = t_min, t_max
    n = 41
    first = True
    while True:
        grid = np.geomspace(lo, hi, n)
        ok = prob.margins(np.full(n, x), share, grid)[0] > 0
        if not ok.any():
            return None if first else float(hi)
        k = int(np.argmax(ok))
        if k == 0:
            return float(grid[0])
        lo, hi = float(grid[k - 1]), float(grid[k])
        first = False
        n = 21
        if hi / lo <= 1 + rtol:
            return hi


def _as_list(v, field_name: str) -> np.ndarray:
    a = np.atleast_1d(np.asarray(v, dtype=float)).ravel()
    require_positive(a, field_name, array=True)
    return a


def design_window(
    elements: Sequence[str],
    working_ion: str,
    areal_capacity_C_m2: float | Sequence[float],
    temperature_K: float | Sequence[float],
    *,
    volume_m3: float | None = None,
    thickness_m: float | None = None,
    area_m2: float | None = None,
    diameter_m: float | None = None,
    min_solid_fraction: float = 0.0,
    min_liquid_fraction: float = 0.0,
    composition: Mapping[str, float] | None = None,
    x_range: tuple[float, float] = (0.0, 1.0),
    share: Sequence[float] | None = None,
    n_scan: int = 201,
    tol: float = 1e-5,
    charge: float | None = None,
    density: DensityModel | None = None,
    density_kg_m3: Mapping[str, float] | None = None,
    engine: str = "auto",
    db_path: str | None = None,
    liquid_phases=None,
    phases=None,
    system: AlloySystem | None = None,
    ensemble: Sequence[str] | Any | None = None,
    confidence: float = 0.95,
) -> DesignWindow:
    """The starting compositions that stay semi-solid through a half cycle (inverse design).

    Parameters
    ----------
    elements : sequence of two or three str
        The alloy's elements (of the database).
    working_ion : str
        One of `elements`.
    areal_capacity_C_m2 : float or sequence of float
        Areal capacity per half cycle [C/m2]; several values: admissible at each.
    temperature_K : float or sequence of float
        Temperatures [K]; several values (e.g. the ends and middle of a range): admissible
        at each.
    volume_m3 or thickness_m : float
        The electrode's volume or thickness (at each temperature).
    area_m2 or diameter_m : float
    min_solid_fraction : float
        Least solid (mole fraction) at the liquid-rich end; 0: any solid.
    min_liquid_fraction : float
        Least liquid (mole fraction) at the solid-rich end; 0: any liquid.
    composition : mapping, optional
        A chosen composition: its minimum electrode thickness and its margins are returned.
    x_range : (float, float)
        Range of the working ion's mole fraction to search.
    share : sequence of float, optional
        Ternary: the lines ``x_b / (x_b + x_c)`` to search (default 0, 0.05, ..., 1).
    n_scan : int
        Scan points per line before the edges are refined. A window narrower than the scan
        step (``conditions["scan_step"]``) can fall between two points and be missed.
    tol : float
        Bisection tolerance of each edge (mole fraction).
    charge : int, optional
        The working ion's charge (default: its usual one).
    density : DensityModel, optional
    density_kg_m3 : mapping, optional
        Density overrides (``{"Li": 534.0, "K(liquid)": 828.0}``), used if `density` is not
        given.
    engine, db_path, liquid_phases, phases, system
        As in :class:`~semisolid.electrode.system.AlloySystem`.
    ensemble : sequence of str or Ensemble, optional
        TDB files of an uncertainty ensemble of the database (same elements and phases), or
        the assessment's :class:`~semisolid.thermo.assessment.Ensemble` (a binary of Li, Na
        and K with the liquid phase ``LIQUID``): every edge gets its interval over the
        members.
    confidence : float
        Width of those intervals (0.95: 2.5th to 97.5th percentile).

    Returns
    -------
    DesignWindow

    Examples
    --------
    >>> w = design_window(["K", "Na"], "K", [1 * 36000.0, 3 * 36000.0], [293.15, 297.15],
    ...                   volume_m3=10e-9, diameter_m=7.14e-3, min_liquid_fraction=0.05,
    ...                   composition={"K": 0.92, "Na": 0.08}, n_scan=21, tol=1e-3)
    >>> iv = w.intervals[-1]
    >>> bool(iv.x_low < 0.92 < iv.x_high), w.min_thickness_m < 250e-6
    (True, True)
    """
    sysm = as_system(system, db_path=db_path, liquid_phases=liquid_phases, phases=phases,
                     engine=engine)
    if len(elements) not in (2, 3):
        raise InputError("a design window needs a binary or a ternary", "elements")
    els = sysm.check_elements(elements, "elements")
    ion = canonical_element(working_ion, "working_ion")
    if ion not in els:
        raise InputError(f"{working_ion!r} is not one of {els}", "working_ion")
    z = resolve_charge(ion, charge)
    q = _as_list(areal_capacity_C_m2, "areal_capacity")
    temps = _as_list(temperature_K, "temperature")
    if (area_m2 is None) == (diameter_m is None):
        raise InputError("give exactly one of the area and the diameter", "area")
    area = require_positive(area_m2, "area") if area_m2 is not None else disc_area_m2(
        diameter_m)
    if (volume_m3 is None) == (thickness_m is None):
        raise InputError("give exactly one of the volume and the thickness", "volume")
    t_m = (require_positive(volume_m3, "volume") / area if volume_m3 is not None
           else require_positive(thickness_m, "thickness"))
    check_thickness(t_m)
    for name, v in (("min_solid_fraction", min_solid_fraction),
                    ("min_liquid_fraction", min_liquid_fraction)):
        if not (0.0 <= float(v) < 1.0):
            raise InputError(f"{v!r} must be in [0, 1)", name)
    lo, hi = (float(v) for v in x_range)
    if not (0.0 <= lo < hi <= 1.0):
        raise InputError(f"{x_range} must satisfy 0 <= low < high <= 1", "x_range")
    if n_scan < 5:
        raise InputError(f"n_scan={n_scan} is too small (at least 5)", "n_scan")
    dm = density or DensityModel(density_override_kg_m3=density_kg_m3 or {})
    ternary = len(els) == 3
    shares: list[float | None] = (list(np.asarray(share if share is not None else
                                                  np.linspace(0, 1, 21), dtype=float))
                                  if ternary else [None])
    notes: list[str] = []

    def intervals_for(system):
        prob = _Problem(system, els, ion, q, temps, area, dm, z, float(min_solid_fraction),
                        float(min_liquid_fraction))
        found = []
        for s in shares:
            for a, b in _intervals_on_line(prob, s, lo, hi, n_scan, tol, t_m):
                found.append((s, a, b))
        return prob, found

    prob, found = intervals_for(sysm)
    intervals = [WindowInterval(s, a, b) for s, a, b in found]
    unc: dict[str, Any] | None = None
    admissible = None
    if not 0.0 < confidence < 1.0:
        raise InputError(f"{confidence} is not within (0, 1)", "confidence")
    if _is_assessment_ensemble(ensemble):
        if ternary:
            raise InputError("the assessment's ensemble covers binaries only", "ensemble")
        best, members, admissible = _assessment_members(prob, ensemble, lo, hi, t_m, tol)
        if len(best) != len(intervals):
            notes.append(f"the shipped coefficients give {len(best)} window(s) on the "
                         f"ensemble's fine scan, the engine's search {len(intervals)}")
        intervals = _ensemble_edges(intervals, members, notes, confidence)
        unc = {"available": True, "members": int(ensemble.size), "confidence": confidence,
               "method": str(ensemble.meta.get("method", "")),
               "source": "semisolid.thermo.assessment ensemble (LiNaK_ensemble.json)",
               "basis": _ENSEMBLE_BASIS}
    elif ensemble:
        members = [intervals_for(AlloySystem(str(path), sysm.liquid_phases, sysm.phases,
                                             sysm.engine))[1] for path in ensemble]
        intervals = _ensemble_edges(intervals, members, notes, confidence)
        unc = {"available": True, "members": len(members), "confidence": confidence,
               "method": "TDB files", "source": [str(p) for p in ensemble]}
    polygons = _polygons(intervals, shares, prob, notes) if ternary else []
    chosen = None
    t_min = None
    margins: dict[str, Any] = {}
    if composition is not None:
        chosen = check_composition(composition)
        if set(chosen) - set(els) or not chosen.get(ion):
            raise InputError(f"give the composition in {', '.join(els)} with some {ion}",
                             "composition")
        x0 = chosen[ion]
        sh = None
        if ternary:
            rest = 1 - x0
            sh = chosen.get(prob.others[0], 0.0) / rest if rest > 0 else 0.0
        t_min = _min_thickness(prob, x0, sh)
        if t_min is None:
            notes.append("the chosen composition is not admissible at any thickness (its "
                         "start already breaks a limit)")
        margins = window_margins(prob, x0, sh, t_m)
        line = [iv for iv in intervals if iv.share is None or abs(iv.share - sh) < 1e-12]
        inside = [iv for iv in line if iv.x_low <= x0 <= iv.x_high]
        if inside:
            margins["to_low_edge"] = float(x0 - inside[0].x_low)
            margins["to_high_edge"] = float(inside[0].x_high - x0)
        if admissible is not None and unc is not None:
            unc["admissible_fraction"] = float(np.interp(x0, *admissible))
            unc["admissible_fraction_at"] = dict(chosen)
    conditions = {
        "database": sysm.name,
        "liquid_phases": list(sysm.liquid),
        "areal_capacity_mAh_cm2": [float(v) for v in q / MAH_PER_CM2_IN_C_PER_M2],
        "temperature_K": [float(v) for v in temps],
        "thickness_um": t_m * 1e6,
        "volume_uL": t_m * area * 1e9,
        "area_cm2": area * 1e4,
        "min_solid_fraction": float(min_solid_fraction),
        "min_liquid_fraction": float(min_liquid_fraction),
        "fraction_basis": "mole fraction of atoms",
        "x_range": [lo, hi],
        "scan_step": (hi - lo) / (n_scan - 1),
        "tolerance": tol,
        "liquid_basis": dm.liquid_basis,
    }
    if ternary:
        conditions["share_of"] = f"x_{prob.others[0]}/(x_{prob.others[0]}+x_{prob.others[1]})"
    return DesignWindow(els, ion, z, intervals, polygons, chosen, t_min, margins, conditions,
                        prob.engine, notes, unc, admissible)


_ENSEMBLE_BASIS = ("every member's liquid fractions at the end states of the shipped "
                   "database's bookkeeping (the moles of the starting electrode, hence the ends' "
                   "compositions, are the shipped database's)")

_FINE_STEP = 5e-4
"""Step of the fine scan of starting compositions over the assessment's ensemble."""


def _is_assessment_ensemble(ensemble) -> bool:
    from semisolid.thermo.assessment import Ensemble

    return isinstance(ensemble, Ensemble)


def _assessment_members(prob: _Problem, ens, lo: float, hi: float, thickness_m: float,
                        tol: float):
    """Windows of the shipped set and of every member of the assessment's ensemble on a fine
    scan, and the fraction of members admissible at each scanned composition."""
    from semisolid.constants import FARADAY_C_PER_MOL
    from semisolid.electrode.states import _direct_eval
    from semisolid.electrode.swing import swing_bookkeeping
    from semisolid.thermo.assessment.levers import member_levers

    liquid = tuple(prob.system.liquid_for(prob.els))
    if liquid != ("LIQUID",):
        raise InputError("the assessment's ensemble knows the liquid phase LIQUID only",
                         "liquid_phases")
    n = max(int(np.ceil((hi - lo) / min(_FINE_STEP, 10 * tol))) + 1, 11)
    xs = np.linspace(lo, hi, n)
    starts = prob.starts(xs, None)
    j_ion = prob.els.index(prob.ion)
    pair = (prob.ion, prob.others[0])
    requested = prob.q * prob.area / (prob.z * FARADAY_C_PER_MOL)
    margin = np.full((ens.size + 1, n, prob.q.size, prob.temps.size), np.inf)
    for k, T in enumerate(prob.temps):
        # the starting electrode's atoms from the shipped database (the engine's direct
        # solve, as the window's own scan), then the ends' compositions by bookkeeping
        # (solved every 4th point and interpolated: the molar volume is smooth but for
        # kinks at phase boundaries, where this errs by < 1e-5 relative)
        coarse = np.unique(np.r_[np.arange(0, n, 4), n - 1])
        _, vm, _ = _direct_eval(prob.system, prob.els, prob.dm, liquid, starts[coarse],
                                float(T))
        n0 = thickness_m * prob.area / np.interp(xs, xs[coarse], vm)
        book = swing_bookkeeping((n0 * starts[:, j_ion])[:, None], n0[:, None],
                                 requested[None, :])
        lev = member_levers(ens, pair, float(T), n_grid=41)
        lf_e = lev.liquid_fraction(1.0 - book.x_enriched)
        lf_d = lev.liquid_fraction(1.0 - book.x_depleted)
        lo_f, hi_f = np.minimum(lf_e, lf_d), np.maximum(lf_e, lf_d)
        m_liq = lo_f - max(prob.l_min, PHASE_FRACTION_TOL)
        m_sol = (1.0 - hi_f) - max(prob.s_min, PHASE_FRACTION_TOL)
        bad = (book.exhausted | book.emptied)[None]
        margin[..., k] = np.where(bad, _FAIL, np.minimum(m_liq, m_sol))
    m = margin.reshape(ens.size + 1, n, -1).min(axis=2)
    windows = [[(None, a, b) for a, b in _runs(xs, row)] for row in m]
    admissible = (xs, (m[1:] > 0).mean(axis=0))
    return windows[0], windows[1:], admissible


def _runs(xs: np.ndarray, m: np.ndarray) -> list[tuple[float, float]]:
    """Admissible intervals (m > 0) of a scanned margin, edges where it crosses zero
    (see :func:`_cross`)."""
    ok = np.concatenate([[False], m > 0, [False]]).astype(np.int8)
    d = np.diff(ok)
    first = np.flatnonzero(d == 1)
    last = np.flatnonzero(d == -1) - 1
    return [(_cross(xs, m, int(i), int(i) - 1), _cross(xs, m, int(j), int(j) + 1))
            for i, j in zip(first, last, strict=True)]


def _cross(xs, m, inside: int, outside: int) -> float:
    """Where the margin crosses zero between a scanned point inside and one outside. The
    margin is piecewise linear with kinks where an end state crosses a phase boundary: if
    the two points inside it line up and their line crosses zero within the step, that is
    the edge (exact when the kink lies between the crossing and the outside point), else
    the straight line through the inside and outside points."""
    if outside < 0 or outside >= xs.size:
        return float(xs[inside])
    if m[outside] <= _FAIL:
        return float(0.5 * (xs[inside] + xs[outside]))
    deeper = inside + (inside - outside)
    lo_x, hi_x = sorted((float(xs[inside]), float(xs[outside])))
    if 0 <= deeper < xs.size and m[deeper] > m[inside] > 0:
        slope = (m[deeper] - m[inside]) / (xs[deeper] - xs[inside])
        x0 = float(xs[inside] - m[inside] / slope)
        if lo_x <= x0 <= hi_x:
            return x0
    f = m[inside] / (m[inside] - m[outside])
    return float(xs[inside] + f * (xs[outside] - xs[inside]))


def _ensemble_edges(intervals, members, notes, confidence: float = 0.95):
    """Each interval with the central `confidence` range of the members' edges (the member's
    window that overlaps it most)."""
    tail = 50.0 * (1.0 - confidence)
    out = []
    for iv in intervals:
        lows, highs = [], []
        for found in members:
            best = None
            for s, a, b in found:
                if s != iv.share:
                    continue
                overlap = min(b, iv.x_high) - max(a, iv.x_low)
                if overlap > 0 and (best is None or overlap > best[0]):
                    best = (overlap, a, b)
            if best is not None:
                lows.append(best[1])
                highs.append(best[2])
        if len(lows) < len(members):
            notes.append(f"{len(members) - len(lows)} of {len(members)} ensemble members have "
                         f"no window overlapping x {iv.x_low:.4f}-{iv.x_high:.4f}")
        if lows:
            pl = np.percentile(lows, [tail, 100.0 - tail])
            ph = np.percentile(highs, [tail, 100.0 - tail])
            iv = WindowInterval(iv.share, iv.x_low, iv.x_high, float(pl[0]), float(pl[1]),
                                float(ph[0]), float(ph[1]))
        out.append(iv)
    return out


def _polygons(intervals, searched, prob, notes) -> list[list[dict[str, float]]]:
    """Ternary window as polygons: low edges up the shares, high edges back down; a new
    polygon where a line has no window."""
    by_share: dict[float, list[WindowInterval]] = {}
    for iv in intervals:
        by_share.setdefault(float(iv.share), []).append(iv)
    if any(len(v) > 1 for v in by_share.values()):
        notes.append("some lines hold more than one window; the polygons follow the widest "
                     "window of each line (all windows are listed)")
    runs: list[list[WindowInterval]] = []
    current: list[WindowInterval] = []
    for sv in sorted(float(v) for v in searched):
        if sv in by_share:
            current.append(max(by_share[sv], key=lambda iv: iv.x_high - iv.x_low))
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)

    def comp(x_ion, s):
        row = prob.starts(np.array([x_ion]), np.array([s]))[0]
        return {el: float(v) for el, v in zip(prob.els, row, strict=True)}

    polys = []
    for run in runs:
        pts = [comp(iv.x_low, iv.share) for iv in run]
        pts += [comp(iv.x_high, iv.share) for iv in reversed(run)]
        polys.append(pts)
    return polys
