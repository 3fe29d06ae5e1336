"""Report section ``thermo``: Fig. 7a-c and the phase-diagram numbers (Na-K, Li-Na, Li-K,
Li-Na-K at 300 K), computed on the shipped database.

The kind of each row comes from the database assessment's data table
(:data:`semisolid.report.context.ASSESSMENT_ROWS`): the Na-K, Li-Na and Li-K invariants and
limits are data the database was fitted to (*fitted*); the Li solubility at 300 K (its bound
and the paper's 20x ratio) was never fitted (*prediction*).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from semisolid.report.context import ReportContext
from semisolid.report.figures import render
from semisolid.report.model import Comparison, Figure, Section, Table

__all__ = ["build"]


def _inv(diagram: Any, kind: str, near_K: float | None = None) -> Any:
    cands = [i for i in diagram.invariants if i.kind == kind]
    if not cands:
        return None
    if near_K is None:
        return cands[0]
    return min(cands, key=lambda i: abs(i.temperature_K - near_K))


def _x(inv: Any, phase: str, element: str) -> float | None:
    if inv is None:
        return None
    for p in inv.phases:
        if p.name == phase:
            return float(p.composition[element])
    return None


def _t(inv: Any) -> float | None:
    return None if inv is None else inv.temperature_K


def build(ctx: ReportContext) -> Section:
    """Build the thermodynamics section."""
    from semisolid.constants import MAH_PER_CM2_IN_C_PER_M2
    from semisolid.electrode.uncertainty import swing_uncertainty
    from semisolid.paper import CELL, ELECTRODES, number, paper_electrode
    from semisolid.plots.design import plot_fig7a
    from semisolid.plots.thermo import plot_binary_diagram, plot_solubility, plot_ternary_section
    from semisolid.thermo.assessment import nak_k_rich_band
    from semisolid.thermo.diagrams import binary_diagram, solubility, ternary_section

    db = ctx.database()
    sec = Section(
        "thermo",
        "Fig. 7: Li-Na-K thermodynamics",
        text=(
            "Computed with semisolid's own equilibrium engine (convex hull + Newton on the "
            "tangent plane, checked against pycalphad in the test suite) on the shipped "
            "database <code>LiNaK.tdb</code>, fitted to measurements only (the Na-K, Li-Na and "
            "Li-K data of <code>docs/assessment.md</code>; none of the paper's computed numbers "
            "was fitted). Invariant points are located by root finding."
        ),
    )
    step = 2.0 if ctx.quick else 1.0
    nak = ctx.nak_diagram()
    lina = binary_diagram(db, ("Na", "Li"), 300.0, 700.0, step_K=2.0 * step)
    lik = binary_diagram(db, ("K", "Li"), 300.0, 1900.0, step_K=10.0 * step)
    # Fig. 7a: K-rich end with the swings of A and B, and the ensemble's 95 % band
    swings = [ctx.swing(name) for name in ELECTRODES]
    band = nak_k_rich_band()
    uncs = [swing_uncertainty(paper_electrode(name),
                              CELL.swing_areal_capacity_mAh_cm2 * MAH_PER_CM2_IN_C_PER_M2, "K")
            for name in ELECTRODES]
    x_k = " and ".join(f"{name} ({ELECTRODES[name].composition['K']:.2f}K)"
                       for name in ELECTRODES)
    sec.figures.append(
        Figure("fig7a_nak_k_rich_swings",
               f"Fig. 7a: K-rich end of Na-K with the half-cycle swings of {x_k}, "
               f"{CELL.swing_areal_capacity_mAh_cm2:g} mAh/cm², "
               f"{CELL.temperature_K - 273.15:g} °C; liquid mol% at the ends (predictions: the "
               "database was not fitted to them)",
               render(plot_fig7a(swings, nak, band=band, uncertainties=uncs)))
    )
    for d, name, cap in (
        (nak, "nak_diagram", "Na-K phase diagram (whole)"),
        (lina, "lina_diagram", "Li-Na phase diagram (Supplementary Fig. 11)"),
        (lik, "lik_diagram", "Li-K phase diagram (Supplementary Fig. 11)"),
    ):
        sec.figures.append(Figure(name, cap, render(plot_binary_diagram(d, title=cap))))
    # Fig. 7b and 7c
    tern = ternary_section(db, ("Li", "Na", "K"), 300.0, step=0.02 if ctx.quick else 0.01)
    sec.figures.append(
        Figure("fig7b_linak_300K", "Fig. 7b: Li-Na-K isothermal section at 300 K with tie lines",
               render(plot_ternary_section(tern)))
    )
    sol = solubility(db, "Li", temperature_K=300.0, n=101 if ctx.quick else 201)
    sec.figures.append(
        Figure("fig7c_li_solubility",
               "Fig. 7c: Li solubility in the Na-K liquid coexisting with BCC Li at 300 K",
               render(plot_solubility(sol)))
    )
    # tables
    inv_rows = []
    for label, d in (("Na-K", nak), ("Li-Na", lina), ("Li-K", lik)):
        for i in d.invariants:
            inv_rows.append([label, i.kind, i.temperature_K, "; ".join(
                f"{p.name} " + ", ".join(f"{k} {v:.4f}" for k, v in p.composition.items())
                for p in i.phases)])
    sec.tables.append(
        Table("invariants", "Invariant reactions", ["system", "kind", "T (K)", "phases"],
              inv_rows)
    )
    sec.tables.append(_band_table(band))
    sel = np.linspace(0, sol.ratio.size - 1, 11).astype(int)
    sec.tables.append(
        Table("li_solubility_300K", "Li in the Na-K liquid coexisting with BCC Li, 300 K",
              ["K/(Na+K) of the liquid", "x_Li"],
              [[float(sol.ratio[i]), float(sol.x_solute[i])] for i in sel])
    )

    def row(key: str, computed: float | None, note: str) -> Comparison:
        kind, why = ctx.assessment_kind(key)
        return Comparison.from_paper(key, computed, kind=kind, note=f"{note}; {why}")

    # Na-K
    eut = _inv(nak, "eutectic", number("nak_eutectic_T").value)
    per = _inv(nak, "peritectic", number("na2k_peritectic_T").value)
    sec.comparisons += [
        row("nak_eutectic_T", _t(eut), "invariant of the computed diagram"),
        row("nak_eutectic_xK", _x(eut, "LIQUID", "K"), "liquid at the eutectic"),
        row("na2k_peritectic_T", _t(per), "L + (Na) = Na2K, 6.9 °C"),
    ]
    lo, hi = _liquid_range(db, CELL.temperature_K)
    sec.comparisons += [
        row("nak_liquid_na_rich_xK", lo, "NaK with 40-90 wt% K is liquid at room temperature"),
        row("nak_liquid_k_rich_xK", hi, "the K-rich edge of the liquid at 22 °C"),
    ]
    # Li-Na
    crit = _inv(lina, "critical point")
    sec.comparisons += [
        row("lina_monotectic_T", _t(_inv(lina, "monotectic")), "170.75 °C"),
        row("lina_critical_T", _t(crit), "305 ± 1 °C"),
        row("lina_critical_xLi", _x(crit, "LIQUID", "Li"), "63 mol% Li"),
        row("lina_eutectic_T", _t(_inv(lina, "eutectic")), "92.1 °C"),
        row("lik_miscibility_T", _t(_inv(lik, "critical point")),
            "critical point of the Li-K liquid gap; set 50 K above the measured lower bound"),
    ]
    # Li-Na-K at 300 K
    xs = sol.x_solute
    ratio = float(xs.max() / xs.min()) if xs.min() > 0 else None
    sec.comparisons += [
        row("li_solubility_max", float(xs.max()), "along the BCC-Li + liquid field"),
        row("li_solubility_ratio", ratio,
            "a known disagreement: the Li-K liquid, set only by the measured lower bound of its "
            "consolute temperature, gives a smaller Li solubility in K-rich liquid than the "
            "paper's database (docs/assessment.md)"),
    ]
    return sec


def _band_table(band: Any) -> Table:
    """The (K) solvus and K-side liquidus of Fig. 7a with their 95 % band, 280-300 K."""
    rows = []
    for T in (280.0, 285.0, 290.0, 295.15, 300.0):
        i = int(np.argmin(np.abs(band.temperature_K - T)))
        row: list[Any] = [float(band.temperature_K[i])]
        for ph in ("BCC_A2", "LIQUID"):
            lo, v, hi = (float(1 - a[i]) for a in band.boundary(ph))
            row += [v, hi, lo]  # in x_Na: the high x_K bound is the low x_Na one
        rows.append([*row, int(band.members[i])])
    return Table("fig7a_k_rich_boundaries",
                 f"Fig. 7a: (K) solvus and K-side liquidus (x_Na) with the "
                 f"{band.confidence * 100:.0f} % band of the database's uncertainty ensemble",
                 ["T (K)", "(K) solvus x_Na", "95 % low", "95 % high", "liquidus x_Na",
                  "95 % low", "95 % high", "members"], rows)


def _liquid_range(db: Any, temperature_K: float) -> tuple[float | None, float | None]:
    """x_K limits of the single-phase Na-K liquid at one temperature (edges of the liquid)."""
    from semisolid.thermo import equilibrium_many

    x = np.linspace(0.0, 1.0, 2001)
    b = equilibrium_many(db, ["K", "Na"], np.column_stack([x, 1 - x]), temperature_K)
    lf = b.liquid_fraction
    inside = np.flatnonzero(lf > 1 - 1e-9)
    if inside.size == 0:
        return None, None
    # refine each edge from the two-phase side by the liquid's composition there
    lo_i, hi_i = inside[0], inside[-1]
    lo = _edge(b, lo_i - 1) if lo_i > 0 else float(x[lo_i])
    hi = _edge(b, hi_i + 1) if hi_i + 1 < x.size else float(x[hi_i])
    return lo, hi


def _edge(batch: Any, i: int) -> float:
    r = batch.result(i)
    for p in r.phases:
        if p.name == "LIQUID":
            return float(p.composition["K"])
    return float("nan")
