"""The thermodynamics section of the report: Fig. 7a-c and the phase-diagram numbers.

Examples
--------
>>> from semisolid.report.reproduce import Context
>>> sec = build(Context(quick=True))
>>> sec.key, len(sec.figures) >= 4
('thermo', True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

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


def build(ctx: Any) -> Section:
    """Build the thermodynamics section (Na-K, Li-Na, Li-K, Li-Na-K at 300 K)."""
    from semisolid.plots.design import plot_fig7a
    from semisolid.plots.thermo import (
        plot_binary_diagram,
        plot_solubility,
        plot_ternary_section,
    )
    from semisolid.report.sections import _png, _swing
    from semisolid.thermo import load_database
    from semisolid.thermo.diagrams import binary_diagram, solubility, ternary_section

    db = load_database()
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
    nak = ctx.cached("nak", lambda: binary_diagram(db, ("Na", "K"), 200.0, 400.0, step_K=step))
    lina = binary_diagram(db, ("Na", "Li"), 300.0, 700.0, step_K=2.0 * step)
    lik = binary_diagram(db, ("K", "Li"), 300.0, 1900.0, step_K=10.0 * step)
    # Fig. 7a: K-rich end with the swings of A and B
    swings = [_swing(ctx, "A", {"K": 0.95, "Na": 0.05}), _swing(ctx, "B", {"K": 0.90, "Na": 0.10})]
    sec.figures.append(
        Figure("fig7a_nak_k_rich_swings",
               "Fig. 7a: K-rich end of Na-K with the half-cycle swings of A (0.95K) and B "
               "(0.90K), 3 mAh/cm², 22 °C; liquid mol% at the ends",
               _png(plot_fig7a(swings)))
    )
    for d, name, cap in (
        (nak, "nak_diagram", "Na-K phase diagram (whole)"),
        (lina, "lina_diagram", "Li-Na phase diagram (Supplementary Fig. 11)"),
        (lik, "lik_diagram", "Li-K phase diagram (Supplementary Fig. 11)"),
    ):
        ax = plot_binary_diagram(d, title=cap)
        sec.figures.append(Figure(name, cap, _png(ax.figure)))
    # Fig. 7b and 7c
    tern = ternary_section(db, ("Li", "Na", "K"), 300.0, step=0.02 if ctx.quick else 0.01)
    ax = plot_ternary_section(tern)
    fig = ax.figure
    sec.figures.append(
        Figure("fig7b_linak_300K", "Fig. 7b: Li-Na-K isothermal section at 300 K with tie lines",
               _png(fig))
    )
    sol = solubility(db, "Li", temperature_K=300.0, n=101 if ctx.quick else 201)
    fig = plot_solubility(sol).figure
    sec.figures.append(
        Figure("fig7c_li_solubility",
               "Fig. 7c: Li solubility in the Na-K liquid coexisting with BCC Li at 300 K",
               _png(fig))
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
    # comparisons: Na-K
    eut = _inv(nak, "eutectic", 260.5)
    per = _inv(nak, "peritectic", 280.0)
    sec.comparisons += [
        Comparison("29", "Na-K eutectic temperature", "K", 260.5,
                   None if eut is None else eut.temperature_K, 1.0, note="Ott 1969 / Bale 1982"),
        Comparison("29", "Na-K eutectic liquid composition", "x_K", 0.68,
                   _x(eut, "LIQUID", "K"), 0.01, note="paper: 0.32Na-0.68K"),
        Comparison("D4", "Na2K peritectic (L + (Na) = Na2K)", "K", 280.0,
                   None if per is None else per.temperature_K, 3.0,
                   note="DESIGN.md: near 280 K (6.9 °C)"),
    ]
    lo, hi = _liquid_range(db, 295.15)
    sec.comparisons += [
        Comparison("D4", "room-temperature liquid, Na-rich limit (22 °C)", "x_K", 0.28, lo, 0.03,
                   note="NaK with 40-90 wt% K is liquid at room temperature"),
        Comparison("D4", "room-temperature liquid, K-rich limit (22 °C)", "x_K", 0.84, hi, 0.03,
                   note="also fixes the 3.8/20 and 38/70 mol% swings"),
    ]
    # Li-Na
    mono = _inv(lina, "monotectic")
    crit = _inv(lina, "critical point")
    eut_lina = _inv(lina, "eutectic")
    sec.comparisons += [
        Comparison("D4", "Li-Na monotectic", "K", 443.9,
                   None if mono is None else mono.temperature_K, 2.0, note="Bale 1989"),
        Comparison("D4", "Li-Na critical point", "K", 578.0,
                   None if crit is None else crit.temperature_K, 5.0,
                   note="Feitsma 1975: 305 ± 1 °C"),
        Comparison("D4", "Li-Na critical composition", "x_Li", 0.63,
                   _x(crit, "LIQUID", "Li"), 0.03, note="x_Li 0.63-0.67"),
        Comparison("D4", "Li-Na eutectic", "K", 365.25,
                   None if eut_lina is None else eut_lina.temperature_K, 2.0,
                   note="92.1 °C; needs Li solubility in (Na)"),
    ]
    crit_lik = _inv(lik, "critical point")
    sec.comparisons.append(
        Comparison("D4", "Li-K liquid immiscible up to", "K", "> 1773",
                   None if crit_lik is None else crit_lik.temperature_K, None, check="> 1773",
                   note="Bale 1989: immiscible above 1500 °C; critical point of the gap")
    )
    # Li-Na-K at 300 K
    xs = sol.x_solute
    ratio = float(xs.max() / xs.min()) if xs.min() > 0 else None
    sec.comparisons += [
        Comparison("30", "max Li solubility in the Na-K liquid, 300 K", "mol frac", "< 0.01",
                   float(xs.max()), None, check="< 0.01", note="along the BCC-Li + liquid field"),
        Comparison("30", "Li solubility, Na-rich / K-rich end of the field", "ratio", 20.0,
                   ratio, None, check="in [10, 40]", note="paper: 'about a factor of 20'"),
        Comparison("30", "ternary phases in the database", "count", 0.0,
                   float(sum(1 for p in db.phases if _is_ternary(db, p))), 0.0,
                   note="paper: no ternary phases; only intermetallic Na2K"),
        Comparison("31", "BCC-Li + liquid two-phase field at 300 K", "tie lines", "> 0",
                   float(sum(1 for t in tern.tie_lines
                             if {p.name for p in t.phases} == {"BCC_A2", "LIQUID"})),
                   None, check="> 0", note="Fig. 7b"),
    ]
    # every Na-K, Li-Na and Li-K number above, and the Li-solubility ratio and bound, are data
    # of the database assessment (scripts/assess_linak.py): agreement shows the fit quality
    for c in sec.comparisons:
        if c.item in ("29", "D4") or (c.item == "30" and "ternary" not in c.quantity):
            c.kind = "fitted"
            c.note = f"{c.note}; a datum of the database assessment"
    return sec


def _liquid_range(db: Any, temperature_K: float) -> tuple[float | None, float | None]:
    """x_K limits of the single-phase liquid at one temperature (edges of the liquid)."""
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
