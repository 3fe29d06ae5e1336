"""Independent check: every quantity of the data table recomputed with pycalphad on the TDB.

pycalphad's ``equilibrium`` is a global minimiser that knows nothing about the fit; the
residual table of docs/assessment.md comes from here. Invariant temperatures are located by
successively finer temperature grids (to 0.005 K), critical points by extrapolating the
squared gap width of resolved tie lines (mean field).

Examples
--------
The recomputation takes about a minute (pycalphad), so it has no doctest: it runs in
``scripts/assess_linak.py --docs``, and ``tests/thermo/test_paper_numbers.py`` makes the same
kind of pycalphad checks on the shipped TDB.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["pycalphad_measures"]

PHASES3 = ["LIQUID", "BCC_A2", "NA2K"]


def _eq(db, comps, conds, phases=PHASES3):
    from pycalphad import equilibrium
    from pycalphad import variables as v

    base = {v.P: 101325, v.N: 1}
    base.update(conds)
    return equilibrium(db, comps, phases, base)


def _phase_rows(eq, element: str):
    """[(phase, fraction, x_element)] of each stable phase, per condition (squeezed)."""
    ph = eq.Phase.values.squeeze()
    npf = eq.NP.values.squeeze()
    xx = eq.X.sel(component=element).values.squeeze()
    return ph, npf, xx


def _scan_T(db, comps, element, xval, T_lo, T_hi, step, predicate):
    """Highest T on a grid at which `predicate(phases, fractions, x)` holds (pycalphad)."""
    from pycalphad import variables as v

    Ts = np.arange(T_lo, T_hi + step / 2, step)
    eq = _eq(db, comps, {v.X(element): xval, v.T: Ts})
    ph, npf, xx = _phase_rows(eq, element)
    ok = [predicate(ph[i], npf[i], xx[i]) for i in range(len(Ts))]
    return Ts, ok, (ph, npf, xx)


def _has(ph, npf, xx, name, lo=0.0, hi=1.0):
    return any(p == name and f > 1e-9 and lo <= x <= hi for p, f, x in zip(ph, npf, xx,
                                                                          strict=True))


def _comp_of(ph, npf, xx, name, lo=0.0, hi=1.0):
    for p, f, x in zip(ph, npf, xx, strict=True):
        if p == name and f > 1e-9 and lo <= x <= hi:
            return float(x)
    raise LookupError(name)


def _edge(db, comps, element, xval, T_lo, T_hi, predicate, tol=0.005):
    """Temperature where `predicate` switches from True (below) to False (above), refined
    by successive finer pycalphad grids."""
    step = (T_hi - T_lo) / 40
    while True:
        Ts, ok, _ = _scan_T(db, comps, element, xval, T_lo, T_hi, step, predicate)
        idx = [i for i in range(len(Ts) - 1) if ok[i] and not ok[i + 1]]
        if not idx:
            raise LookupError(f"no edge between {T_lo} and {T_hi} K at x={xval}")
        i = idx[0]
        T_lo, T_hi = Ts[i], Ts[i + 1]
        if step <= tol:
            return 0.5 * (T_lo + T_hi)
        step = step / 20


def pycalphad_measures(tdb: str | Path,
                       systems: Sequence[str] = ("K", "K-Na", "Li-Na", "Li-K", "Li-Na-K")
                       ) -> dict[str, float]:
    """Every quantity of the data table computed with pycalphad on the TDB (independent).

    ``systems`` selects the groups: ``"K"`` (melting points of the elements), ``"K-Na"``,
    ``"Li-Na"``, ``"Li-K"`` and ``"Li-Na-K"`` (the 300 K section).
    """
    from pycalphad import Database

    db = Database(str(tdb))
    out: dict[str, float] = {}
    if "K" in systems:
        for el, (lo, hi) in {"K": (330, 345), "NA": (365, 376), "LI": (448, 460)}.items():
            out[f"melting_T_{el}"] = _melting(db, el, lo, hi)
    if "K-Na" in systems:
        out.update(_kna(db))
    if "Li-Na" in systems:
        out.update(_lina(db))
    if "Li-K" in systems:
        # still two liquids at the lower bound; the consolute T by extrapolation
        out["LiK_consolute_T"] = _critical(db, ["K", "LI", "VA"], "LI", 1700, 2150)[0]
    if "Li-Na-K" in systems:
        out.update(_linak(db))
    return out


def _kna(db) -> dict[str, float]:
    from pycalphad import variables as v

    nk = ["K", "NA", "VA"]
    out: dict[str, float] = {}

    # eutectic: highest T at which (K) and Na2K coexist at x_Na = 0.5
    def eut_pred(ph, f, x):
        return _has(ph, f, x, "NA2K") and _has(ph, f, x, "BCC_A2", 0, 0.3)

    Te = _edge(db, nk, "NA", 0.5, 250, 270, eut_pred)
    out["NaK_eutectic_T"] = Te
    eq = _eq(db, nk, {v.X("NA"): 0.5, v.T: Te + 0.01})
    out["NaK_eutectic_xK_L"] = 1 - _comp_of(*_phase_rows(eq, "NA"), "LIQUID")
    eq = _eq(db, nk, {v.X("NA"): 0.5, v.T: Te - 0.01})
    out["NaK_eutectic_xK_BCC"] = 1 - _comp_of(*_phase_rows(eq, "NA"), "BCC_A2", 0, 0.3)

    # peritectic: highest T with Na2K at x_Na = 0.8 ((Na) + Na2K below)
    def per_pred(ph, f, x):
        return _has(ph, f, x, "NA2K")

    Tp = _edge(db, nk, "NA", 0.8, 270, 295, per_pred)
    out["NaK_peritectic_T"] = Tp
    eq = _eq(db, nk, {v.X("NA"): 0.8, v.T: Tp + 0.01})
    out["NaK_peritectic_xK_L"] = 1 - _comp_of(*_phase_rows(eq, "NA"), "LIQUID")
    # limiting solidus slopes (tie lines 0.5 and 1 K below the melting point)
    for solvent, solute, Tm, xmid in (("K", "NA", 336.53, 0.002), ("NA", "K", 370.87, 0.0012)):
        slopes = []
        for dT in (0.5, 1.0):
            eq = _eq(db, nk, {v.X(solute): xmid * dT, v.T: Tm - dT})
            ph, f, x = _phase_rows(eq, solute)
            slopes.append(_comp_of(ph, f, x, "BCC_A2") / dT)
        out[f"NaK_solidus_slope_{solvent}"] = 2 * slopes[0] - slopes[1]
    # 22 C tie lines
    eq = _eq(db, nk, {v.X("NA"): 0.1, v.T: 295.15})
    ph, f, x = _phase_rows(eq, "NA")
    out["NaK_295_xNa_BCC_K"] = _comp_of(ph, f, x, "BCC_A2")
    out["NaK_295_xNa_L_K"] = _comp_of(ph, f, x, "LIQUID")
    out["NaK_RT_xK_L_K"] = 1 - out["NaK_295_xNa_L_K"]
    eq = _eq(db, nk, {v.X("NA"): 0.85, v.T: 295.15})
    ph, f, x = _phase_rows(eq, "NA")
    out["NaK_RT_xK_L_NA"] = 1 - _comp_of(ph, f, x, "LIQUID")
    out["NaK_295_xK_BCC_NA"] = 1 - _comp_of(ph, f, x, "BCC_A2")
    return out


def _lina(db) -> dict[str, float]:
    from pycalphad import variables as v

    ln = ["LI", "NA", "VA"]
    out: dict[str, float] = {}

    # monotectic: lowest T with two liquids at x_Li = 0.5
    def mono_pred(ph, f, x):
        return not (_has(ph, f, x, "LIQUID", 0, 0.5) and _has(ph, f, x, "LIQUID", 0.5, 1))

    Tm = _edge(db, ln, "LI", 0.5, 430, 460, mono_pred)
    out["LiNa_monotectic_T"] = Tm
    eq = _eq(db, ln, {v.X("LI"): 0.5, v.T: Tm + 0.01})
    ph, f, x = _phase_rows(eq, "LI")
    out["LiNa_monotectic_xLi_L2"] = _comp_of(ph, f, x, "LIQUID", 0, 0.5)
    out["LiNa_monotectic_xLi_L1"] = _comp_of(ph, f, x, "LIQUID", 0.5, 1)
    out["LiNa_critical_T"], out["LiNa_critical_xLi"] = _critical(db, ln, "LI", 560, 600)
    # eutectic: where the two liquidus branches, L + (Na) and L + (Li), cross. Both are
    # computed 0.5-2 K above the crossing (inside the two-phase fields, far from the
    # eutectic, where the global minimiser is reliable) and extrapolated linearly: at the
    # eutectic itself (Na) + (Li) and L + (Li) differ by a few J/mol and pycalphad's
    # minimiser can return a wrong single phase.
    Ts, na_side, li_side = [], [], []
    for T in np.arange(362.0, 370.01, 0.5):
        rows = []
        for x, hi in ((0.013, 0.5), (0.5, 0.5)):
            ph, f, xx = _phase_rows(_eq(db, ln, {v.X("LI"): x, v.T: float(T)}), "LI")
            names = {str(p) for p, fr in zip(ph, f, strict=True) if p and fr > 1e-9}
            rows.append(_comp_of(ph, f, xx, "LIQUID", 0, hi) if names == {"LIQUID", "BCC_A2"}
                        else None)
        if None not in rows:  # both alloys in a liquid + solid field: above the eutectic
            Ts.append(T)
            na_side.append(rows[0])
            li_side.append(rows[1])
    if len(Ts) < 3:
        raise LookupError("Li-Na eutectic: fewer than three liquidus points above it")
    Ts, na_side, li_side = Ts[:4], na_side[:4], li_side[:4]
    a1, b1 = np.polyfit(Ts, na_side, 1)
    a2, b2 = np.polyfit(Ts, li_side, 1)
    Te = (b2 - b1) / (a1 - a2)
    out["LiNa_eutectic_T"] = float(Te)
    out["LiNa_eutectic_xLi_L"] = float(a1 * Te + b1)
    return out


def _linak(db) -> dict[str, float]:
    from pycalphad import variables as v

    out: dict[str, float] = {}
    ends = {}
    for key, xna, xk in (("Na_end", 0.55, 0.12), ("K_end", 0.05, 0.62)):
        eq = _eq(db, ["LI", "NA", "K", "VA"], {v.X("NA"): xna, v.X("K"): xk, v.T: 300})
        ph = eq.Phase.values.squeeze()
        xli = eq.X.sel(component="LI").values.squeeze()
        npf = eq.NP.values.squeeze()
        liq = [xli[i] for i in range(len(ph)) if ph[i] == "LIQUID" and npf[i] > 1e-9]
        if len([p for p in ph if p]) != 3 or len(liq) != 1:
            raise LookupError(f"300 K {key}: expected a three-phase triangle, got {ph}")
        ends[key] = float(liq[0])
    out["LiNaK_300_xLi_L_Na_end"] = ends["Na_end"]
    out["LiNaK_300_xLi_L_K_end"] = ends["K_end"]
    out["LiNaK_300_ratio"] = ends["Na_end"] / ends["K_end"]
    out["LiNaK_300_max_xLi_L"] = _max_li_along_field(db)
    return out


def _melting(db, el: str, lo: float, hi: float) -> float:
    from pycalphad import variables as v

    Ts = np.arange(lo, hi, 0.01)
    eq = _eq(db, [el, "VA"], {v.T: Ts}, ["LIQUID", "BCC_A2"])
    ph = eq.Phase.values.squeeze()
    first_liq = next(i for i in range(len(Ts)) if "LIQUID" in ph[i])
    return float(Ts[first_liq] - 0.005)


def _critical(db, comps, element, T_lo, T_hi) -> tuple[float, float]:
    """Critical point of the liquid gap: the squared gap width is linear in T near Tc
    (mean field); fit it on pycalphad tie lines below Tc and extrapolate to zero."""
    from pycalphad import variables as v

    Ts = np.linspace(T_lo, T_hi, 12)
    xs = np.linspace(0.05, 0.95, 91)
    eq = _eq(db, comps, {v.X(element): xs, v.T: Ts}, ["LIQUID"])
    ph = eq.Phase.values.squeeze()  # (T, x, vertex)
    xx = eq.X.sel(component=element).values.squeeze()
    widths, mids, temps = [], [], []
    for i, T in enumerate(Ts):
        best = None
        for j in range(len(xs)):
            liq = [xx[i, j, k] for k in range(ph.shape[-1]) if ph[i, j, k] == "LIQUID"]
            if len(liq) == 2:
                w = abs(liq[0] - liq[1])
                if best is None or w > best[0]:
                    best = (w, 0.5 * (liq[0] + liq[1]))
        if best is not None and best[0] > 0.05:
            widths.append(best[0])
            mids.append(best[1])
            temps.append(T)
    if len(temps) < 3:
        raise LookupError(f"no liquid gap between {T_lo} and {T_hi} K")
    temps_a, w2 = np.array(temps[-4:]), np.array(widths[-4:]) ** 2
    slope, icpt = np.polyfit(temps_a, w2, 1)
    Tc = -icpt / slope
    # the gap mid-point (rectilinear diameter) extrapolated to Tc
    ms, mi = np.polyfit(temps_a, np.array(mids[-4:]), 1)
    return float(Tc), float(ms * Tc + mi)


def _max_li_along_field(db) -> float:
    """Largest Li mole fraction of the liquid along the 300 K L + (Li) field (pycalphad)."""
    from pycalphad import variables as v

    ratios = np.linspace(0.2, 0.9, 36)  # K/(Na+K) of the overall alloy, Li-free basis
    xli = 0.5
    eq = _eq(db, ["LI", "NA", "K", "VA"],
             {v.X("NA"): list((1 - xli) * (1 - ratios)), v.X("K"): list((1 - xli) * ratios),
              v.T: 300})
    ph = eq.Phase.values.squeeze()
    x = eq.X.sel(component="LI").values.squeeze()
    best = 0.0
    for i in range(ph.shape[0]):
        for j in range(ph.shape[1]):
            for k in range(ph.shape[2]):
                if ph[i, j, k] == "LIQUID":
                    best = max(best, float(x[i, j, k]))
    return best


# --------------------------------------------------------------------------------------
