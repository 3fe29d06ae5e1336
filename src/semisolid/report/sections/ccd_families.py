"""Report section ``ccd-families``: Fig. 6a (mean CCD per family, microstructure insets) and
Fig. 6b (CCD against yield stress), with the flow-limited model's means."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from semisolid.constants import MA_PER_CM2_IN_A_PER_M2
from semisolid.report.context import ReportContext
from semisolid.report.figures import png
from semisolid.report.model import Comparison, Figure, Section, Table
from semisolid.report.virtual_cells import shorted_ccds

__all__ = ["build", "paper_means"]

MA_CM2 = MA_PER_CM2_IN_A_PER_M2


def paper_means() -> dict[str, float]:
    """The paper's reported mean CCDs [mA/cm²] by family (Li, Li-NaK and B only).

    Examples
    --------
    >>> paper_means()
    {'Li/LLZTO/Li': 0.5, 'NaK(e)-Li/LLZTO/NaK(e)-Li': 1.21, 'B/KBA/B': 14.0}
    """
    from semisolid.paper import family, number

    return {family(e).name: float(number(f"mean_ccd_{e.replace('+', '')}").value)
            for e in ("Li", "Li+NaK", "B")}


def build(ctx: ReportContext) -> Section:
    """Build the Fig. 6 section."""
    from semisolid.materials import metal
    from semisolid.microstructure import simulate
    from semisolid.models.flow_ccd import electrode_spec, mean_ccd_A_m2, predict
    from semisolid.paper import FAMILIES, INSET_LIQUID_FRACTIONS, family
    from semisolid.plots.microstructure import microstructure_image
    from semisolid.plots.models import plot_ccd_vs_yield
    from semisolid.plots.report import plot_ccd_by_family
    from semisolid.stats import linear_fit, mean_ci

    cells = ctx.virtual_cells()
    means = paper_means()
    reported = ", ".join(f"{family(f).electrode.replace('+', '-')} {v:.3g}"
                         for f, v in means.items())
    insets_text = " and ".join(f"{f:.2f} ({name})" for name, f in INSET_LIQUID_FRACTIONS.items())
    sec = Section(
        "ccd-families",
        "Fig. 6: CCD per electrode family and CCD against yield stress",
        text=(
            "Bars: mean CCD of seeded virtual cells per family (CCD drawn from the "
            "creep-limited model, fitted on the paper's means, and the flaw-size distribution, "
            "detected by "
            "<code>semisolid.ccd.detect</code>), with t-based 95 % intervals. Stars: the paper's "
            f"reported means ({reported} mA/cm²). The model's free constants "
            "were calibrated to the paper's means, so agreement in those rows is by "
            "construction (<i>calibrated</i>). Insets: time-cone microstructures at liquid "
            f"fractions {insets_text}, the paper's, liquid white."
        ),
    )
    names = [f.name for f in FAMILIES]
    summary: dict[str, tuple[float, float, float]] = {}
    rows = []
    for fam in names:
        vals = shorted_ccds(cells[fam])
        if vals.size >= 2:
            ci = mean_ci(vals)
            summary[fam] = (ci.mean, ci.low, ci.high)
            rows.append([fam, int(vals.size), ci.mean, ci.low, ci.high, float(vals.max()),
                         means.get(fam)])
    sec.tables.append(
        Table("ccd_by_family", "Virtual-cell CCD per family (final-area basis)",
              ["family", "N", "mean (mA/cm²)", "95% low", "95% high", "max", "paper mean"],
              rows)
    )
    size = 256 if ctx.quick else 1024
    insets = []
    for name, f in INSET_LIQUID_FRACTIONS.items():
        title = f"{name}: liquid {f:.2f}"
        m = simulate(f, size_px=size, n_nuclei=100 if ctx.quick else 400, seed=1,
                     show_progress=False)
        insets.append((title, microstructure_image(m.field.labels, m.solid)))
        sec.comparisons.append(
            Comparison("42", f"microstructure liquid fraction at the time slice ({name})",
                       "", f, m.time_slice.liquid_fraction, 1.0 / size**2, kind="consistency",
                       note=f"{size}² pixels: the time-slice search hits its target within one "
                            "pixel (a solver check, not a prediction)")
        )
    sec.figures.append(
        Figure("fig6a_ccd_by_family",
               "Fig. 6a: mean CCD per family (virtual cells, 95 % CI) and paper means; "
               "microstructure insets",
               png(plot_ccd_by_family(names, summary, means, insets)))
    )
    # model predictions (independent of the virtual-cell sampling)
    pred = {f.electrode: predict(f.electrode).mean_ccd_mA_cm2 for f in FAMILIES}
    sec.tables.append(
        Table("flow_model_means", "Flow-limited model: mean CCD per electrode",
              ["electrode", "mean CCD (mA/cm²)", "regime"],
              [[k, v, predict(k).regime] for k, v in pred.items()])
    )
    row = Comparison.from_paper
    sec.comparisons += [
        row("mean_ccd_Li", pred["Li"], kind="calibrated",
            note="flow model mean; calibrated to the paper"),
        row("mean_ccd_LiNaK", pred["Li+NaK"], kind="calibrated",
            note="film multiplier calibrated"),
        row("mean_ccd_B", pred["B"], kind="calibrated", note="j_cap calibrated"),
        row("ratio_Na_Li", pred["Na"] / pred["Li"], kind="calibrated",
            note="model; Na and K means (~2-2.5, derived band) were calibration targets"),
        row("ratio_K_Li", pred["K"] / pred["Li"], kind="calibrated", note="model"),
        row("ratio_LiNaK_Li", pred["Li+NaK"] / pred["Li"], kind="calibrated", note="model"),
        row("ratio_A_K", pred["A"] / pred["K"], kind="calibrated",
            note="model; A and K means were both calibration targets, the 1/yield law "
                 "leaves K above its band (2.8 vs 1.8-2.4 mA/cm²)"),
        row("ratio_B_K", pred["B"] / pred["K"], kind="calibrated", note="model"),
        row("ordering", float(pred["Li"] < min(pred["Na"], pred["K"])
                              and max(pred["Na"], pred["K"]) < pred["A"] < pred["B"]),
            kind="calibrated", note="1 = ordering holds (model means, all calibration targets)"),
    ]
    # maxima over the virtual cells (the paper's maxima are over N cells each)
    maxima = {fam: (float(shorted_ccds(cells[fam]).max()) if shorted_ccds(cells[fam]).size
                    else None) for fam in names}
    sec.comparisons += [
        row("max_ccd_Li", maxima[family("Li").name], note="virtual cells, final-area basis"),
        row("max_ccd_A", maxima[family("A").name],
            note="virtual cells (max(N, 10) per family in the full run)"),
        row("max_ccd_B", maxima[family("B").name], note="virtual cells"),
        row("b_exceeds_3c", maxima[family("B").name], note="virtual cells"),
    ]
    # Fig 6b: the pure metals
    metals = [f.electrode for f in FAMILIES if f.electrode in ("Li", "Na", "K")]
    ys = [metal(m).require("yield_stress_Pa") / 1e6 for m in metals]
    sds = [(metal(m).yield_stress_sd_Pa or 0.0) / 1e6 for m in metals]
    ccd = [summary.get(family(m).name, (math.nan,) * 3) for m in metals]
    xs_all, ys_all = [], []
    for m, y in zip(metals, ys, strict=True):
        v = shorted_ccds(cells[family(m).name])
        xs_all += [y] * v.size
        ys_all += v.tolist()
    fit = linear_fit(xs_all, ys_all) if len(xs_all) >= 3 else None
    grid = np.linspace(0.15, 2.0, 60)
    base = electrode_spec("K")
    curve = [mean_ccd_A_m2(replace(base, yield_stress_Pa=float(s) * 1e6)) / MA_CM2
             for s in grid]
    sec.figures.append(
        Figure("fig6b_ccd_vs_yield",
               "Fig. 6b: CCD against equivalent yield stress (H/3) with linear fit, 95 % band "
               "and the flow-limited model (viscous, K-β''-alumina toughness)",
               png(plot_ccd_vs_yield(
                   ys, [c[0] for c in ccd], labels=[f"{m} (virtual cells)" for m in metals],
                   yield_sd_MPa=sds, ccd_interval_mA_cm2=[(c[1], c[2]) for c in ccd],
                   fit=fit, model_curve=(grid, curve), x_max_MPa=2.0,
                   paper_points={"Li": (ys[0], means[family("Li").name])})))
    )
    if fit is not None:
        sec.comparisons.append(
            row("ccd_yield_slope", fit.slope, note="Fig. 6b: CCD falls with yield stress")
        )
    return sec
