"""Report section ``thermo``: Fig. 7a-c and the phase-diagram numbers (Na-K, Li-Na, Li-K,
Li-Na-K at 300 K), computed on the shipped database.

Every Na-K, Li-Na and Li-K number and the Li-solubility ratio and bound are data the shipped
database was assessed against (``scripts/assess_linak.py``): those rows are *fitted*.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from semisolid.report.context import ReportContext
from semisolid.report.figures import png
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
    from semisolid.paper import CELL, ELECTRODES, number
    from semisolid.plots.design import plot_fig7a
    from semisolid.plots.thermo import plot_binary_diagram, plot_solubility, plot_ternary_section
    from semisolid.thermo.diagrams import binary_diagram, solubility, ternary_section

    db = ctx.database()
    sec = Section(
        "thermo",
        "Fig. 7: Li-Na-K thermodynamics",
        text=(
            "Computed with semisolid's own equilibrium engine (convex hull + Newton on the "
            "tangent plane, checked against pycalphad in the test suite) on the shipped "
            "database <code>LiNaK.tdb</code>, assessed by <code>scripts/assess_linak.py</code> "
            "(see docs/assessment.md). Invariant points are located by root finding."
        ),
    )
    step = 2.0 if ctx.quick else 1.0
    nak = ctx.nak_diagram()
    lina = binary_diagram(db, ("Na", "Li"), 300.0, 700.0, step_K=2.0 * step)
    lik = binary_diagram(db, ("K", "Li"), 300.0, 1900.0, step_K=10.0 * step)
    # Fig. 7a: K-rich end with the swings of A and B
    swings = [ctx.swing(name) for name in ELECTRODES]
    x_k = " and ".join(f"{name} ({ELECTRODES[name].composition['K']:.2f}K)"
                       for name in ELECTRODES)
    sec.figures.append(
        Figure("fig7a_nak_k_rich_swings",
               f"Fig. 7a: K-rich end of Na-K with the half-cycle swings of {x_k}, "
               f"{CELL.swing_areal_capacity_mAh_cm2:g} mAh/cm², "
               f"{CELL.temperature_K - 273.15:g} °C; liquid mol% at the ends",
               png(plot_fig7a(swings, nak)))
    )
    for d, name, cap in (
        (nak, "nak_diagram", "Na-K phase diagram (whole)"),
        (lina, "lina_diagram", "Li-Na phase diagram (Supplementary Fig. 11)"),
        (lik, "lik_diagram", "Li-K phase diagram (Supplementary Fig. 11)"),
    ):
        sec.figures.append(Figure(name, cap, png(plot_binary_diagram(d, title=cap))))
    # Fig. 7b and 7c
    tern = ternary_section(db, ("Li", "Na", "K"), 300.0, step=0.02 if ctx.quick else 0.01)
    sec.figures.append(
        Figure("fig7b_linak_300K", "Fig. 7b: Li-Na-K isothermal section at 300 K with tie lines",
               png(plot_ternary_section(tern)))
    )
    sol = solubility(db, "Li", temperature_K=300.0, n=101 if ctx.quick else 201)
    sec.figures.append(
        Figure("fig7c_li_solubility",
               "Fig. 7c: Li solubility in the Na-K liquid coexisting with BCC Li at 300 K",
               png(plot_solubility(sol)))
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
    sel = np.linspace(0, sol.ratio.size - 1, 11).astype(int)
    sec.tables.append(
        Table("li_solubility_300K", "Li in the Na-K liquid coexisting with BCC Li, 300 K",
              ["K/(Na+K) of the liquid", "x_Li"],
              [[float(sol.ratio[i]), float(sol.x_solute[i])] for i in sel])
    )
    row = Comparison.from_paper
    # Na-K
    eut = _inv(nak, "eutectic", number("nak_eutectic_T").value)
    per = _inv(nak, "peritectic", number("na2k_peritectic_T").value)
    sec.comparisons += [
        row("nak_eutectic_T", _t(eut), note="Ott 1969 / Bale 1982"),
        row("nak_eutectic_xK", _x(eut, "LIQUID", "K"), note="paper: 0.32Na-0.68K"),
        row("na2k_peritectic_T", _t(per), note="DESIGN.md: near 280 K (6.9 °C)"),
    ]
    lo, hi = _liquid_range(db, CELL.temperature_K)
    sec.comparisons += [
        row("nak_liquid_na_rich_xK", lo,
            note="NaK with 40-90 wt% K is liquid at room temperature"),
        row("nak_liquid_k_rich_xK", hi, note="also fixes the 3.8/20 and 38/70 mol% swings"),
    ]
    # Li-Na
    crit = _inv(lina, "critical point")
    sec.comparisons += [
        row("lina_monotectic_T", _t(_inv(lina, "monotectic")), note="Bale 1989"),
        row("lina_critical_T", _t(crit), note="Feitsma 1975: 305 ± 1 °C"),
        row("lina_critical_xLi", _x(crit, "LIQUID", "Li"), note="x_Li 0.63-0.67"),
        row("lina_eutectic_T", _t(_inv(lina, "eutectic")),
            note="92.1 °C; needs Li solubility in (Na)"),
    ]
    sec.comparisons.append(
        row("lik_miscibility_T", _t(_inv(lik, "critical point")),
            note="Bale 1989: immiscible above 1500 °C; critical point of the gap")
    )
    # Li-Na-K at 300 K
    xs = sol.x_solute
    ratio = float(xs.max() / xs.min()) if xs.min() > 0 else None
    sec.comparisons += [
        row("li_solubility_max", float(xs.max()), note="along the BCC-Li + liquid field"),
        row("li_solubility_ratio", ratio, note="paper: 'about a factor of 20'"),
        row("ternary_phases", float(sum(1 for p in db.phases if _is_ternary(db, p))),
            note="paper: no ternary phases; only intermetallic Na2K"),
        row("bcc_li_liquid_field",
            float(sum(1 for t in tern.tie_lines
                      if {p.name for p in t.phases} == {"BCC_A2", "LIQUID"})),
            note="Fig. 7b"),
    ]
    # every Na-K, Li-Na and Li-K number above, and the Li-solubility ratio and bound, are data
    # of the database assessment (scripts/assess_linak.py): agreement shows the fit quality
    for c in sec.comparisons:
        if c.item in ("29", "D4") or (c.item == "30" and "ternary" not in c.quantity):
            c.kind = "fitted"
            c.note = f"{c.note}; a datum of the database assessment"
    return sec


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


def _is_ternary(db: Any, phase: str) -> bool:
    """Whether a phase is a compound with three or more elements (a ternary phase)."""
    consts = db.pycalphad_db.phases[phase].constituents
    elements = {str(c) for sub in consts for c in sub if str(c) != "VA"}
    solution = any(len(sub) > 1 for sub in consts)
    return (not solution) and len(elements) >= 3
