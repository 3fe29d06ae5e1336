"""Report section ``ccd-capacity``: Fig. 5a,b, CCD against areal capacity for the six families
of virtual cells, and how often the detector recovers the simulated truth."""

from __future__ import annotations

from semisolid.report.context import ReportContext
from semisolid.report.figures import render
from semisolid.report.model import Comparison, Figure, Section, Table
from semisolid.report.virtual_cells import detector_recovery

__all__ = ["build"]


def build(ctx: ReportContext) -> Section:
    """Build the Fig. 5 section."""
    from semisolid.paper import FAMILIES, family
    from semisolid.plots.report import plot_ccd_vs_capacity

    cells = ctx.virtual_cells()
    sec = Section(
        "ccd-capacity",
        "Fig. 5: CCD against areal capacity (virtual cells through the CCD detector)",
        text=(
            "Each point is one seeded virtual symmetric cell, built from the flow-limited model "
            "calibrated on the paper's mean CCDs (so these points are <i>calibrated</i>, not "
            "predictions), run through the paper's protocol "
            "for its family and analysed by the CCD detector; CCD and areal capacity on the "
            "final electrode area (varied ±15 % per cell, as the paper's final areas vary). "
            "Dashed: 1 and 3 mAh/cm²; dotted: 1 and 3 mA/cm² (1C at those capacities)."
        ),
    )
    pts_a, pts_b = {}, {}
    table = []
    for fam in FAMILIES:
        caps, ccds = [], []
        for c in cells[fam.name]:
            table.append([fam.name, c.seed, c.true_failure, c.true_onset_mA_cm2,
                          c.detected_failure, c.detected_ccd_mA_cm2, c.ccd_final_mA_cm2,
                          c.areal_capacity_final_mAh_cm2])
            if c.ccd_final_mA_cm2:
                caps.append(c.areal_capacity_final_mAh_cm2)
                ccds.append(c.ccd_final_mA_cm2)
        pts_b[fam.name] = (caps, ccds)
        if fam.electrode not in ("A", "B"):      # Fig. 5a: the single-phase solid metals
            pts_a[fam.name] = (caps, ccds)
    sec.figures += [
        Figure("fig5a_ccd_vs_capacity_solid",
               "Fig. 5a: virtual cells (calibrated model) of solid Li, Na, K and Li with the "
               "Na-K film",
               render(plot_ccd_vs_capacity(pts_a, log_y=False))),
        Figure("fig5b_ccd_vs_capacity_all",
               "Fig. 5b: virtual cells (calibrated model) of all families including A and B",
               render(plot_ccd_vs_capacity(pts_b, log_y=True))),
    ]
    sec.tables.append(
        Table("virtual_cells", "Virtual cells: truth and detector",
              ["family", "seed", "true failure", "true onset (mA/cm²)", "detected failure",
               "detected CCD (nominal)", "CCD (final area)", "areal capacity (final)"], table)
    )
    n_check = 20 if ctx.quick else 200
    rec_ok, rec_n, li_open = detector_recovery(ctx.seed + 100_000, n_check)
    row = Comparison.from_paper
    sec.comparisons.append(
        row("detector_recovery", rec_ok / rec_n, kind="consistency",
            note=f"{rec_ok} of {rec_n} seeded cells ({n_check} per family; target >= 99 %): "
                 "the detector finds the failure its own package simulated")
    )
    li = cells[family("Li").name]
    nakli = cells[family("Li+NaK").name]
    n_open = sum(c.detected_failure == "open_circuit" for c in nakli)
    sec.comparisons.append(
        row("open_circuit_LiNaK", float(n_open), kind="calibrated",
            note=f"{len(nakli)} virtual cells (paper: 0 of 14); the Li-NaK virtual cells have no "
                 "void model, so this only shows that the detector reports no false "
                 "open circuit")
    )
    n_li = n_check + len(li)
    li_open += [c.detected_ccd_mA_cm2 for c in li
                if c.detected_failure == "open_circuit" and c.detected_ccd_mA_cm2]
    sec.comparisons.append(
        row("li_open_circuit_onset", min(li_open) if li_open else None, kind="calibrated",
            note="virtual cells from the calibrated model: " + (
                f"{len(li_open)} of {n_li} virtual Li cells failed open-circuit; the others "
                "shorted first" if li_open else
                f"none of {n_li} virtual Li cells failed open-circuit in this run")),
    )
    return sec
