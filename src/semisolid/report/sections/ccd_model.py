"""Report section ``ccd-model``: the creep-limited CCD model with measured inputs, its fits,
and its predictions of data it was not fitted on (independent rows)."""

from __future__ import annotations

import math

from semisolid.report.context import ReportContext
from semisolid.report.figures import png
from semisolid.report.model import Comparison, Figure, Section, Table

__all__ = ["build"]


def _fmt_interval(lo: float | None, hi: float | None, sign: bool = False) -> str:
    if lo is None or hi is None:
        return "-"
    return f"{lo:+.2f} to {hi:+.2f}" if sign else f"{lo:.3g}-{hi:.3g}"


def build(ctx: ReportContext) -> Section:
    """Build the creep-model section."""
    import semisolid.models.creep_ccd as creep_ccd
    import semisolid.models.validation as va
    from semisolid.paper import FAMILIES
    from semisolid.plots.models import plot_out_of_sample

    n_draws = 3 if ctx.quick else 40
    sec = Section(
        "ccd-model",
        "Creep-limited CCD model: measured inputs, fits and out-of-sample predictions",
        text=(
            "The creep-limited model (<code>semisolid.models.creep_ccd</code>): power-law creep "
            "of each metal anchored at the paper's hardness, each metal's molar volume, "
            "stripping voids fed by creep under the stack pressure, the plating electrode's "
            "liquid fraction at the end of the half cycle (electrode code) and the skeleton "
            "and liquid network of time-cone microstructures at that fraction (Darcy "
            "drainage, Carman-Kozeny). Its free constants are fitted on some families and the "
            "others are predicted; each prediction is repeated over draws of the fit targets "
            "within their uncertainty and of the inputs (yield stress SD, toughness 2-3 "
            f"MPa m<sup>0.5</sup>), {n_draws} draws here. Rows of kind "
            "<i>independent prediction</i> below "
            "are independent predictions: the check is agreement within a factor of 2."
        ),
    )
    prm = creep_ccd.DEFAULT_CREEP_PARAMETERS
    preds = {f.electrode: creep_ccd.predict(f.electrode, prm) for f in FAMILIES}
    sec.tables.append(Table(
        "creep_model_inputs", "Creep-limited model: inputs and prediction per electrode "
        "(22 °C, 1.5 MPa, the paper's capacities)",
        ["electrode", "V_m (cm³/mol)", "bulk n", "Q (kJ/mol)", "H/3 (MPa)",
         "liquid fraction (plating end)", "liquid connectivity", "contiguity", "regime",
         "limited by", "mean (mA/cm²)", "5 %", "95 %", "Weibull m"],
        [[e, r.molar_volume_m3_mol * 1e6, creep_ccd.electrode_state(e).creep.stress_exponent,
          r.activation_energy_J_mol / 1e3, r.yield_stress_Pa / 1e6, r.liquid_fraction,
          r.liquid_connectivity, r.contiguity, r.regime, r.limited_by, r.mean_ccd_mA_cm2,
          r.quantiles_mA_cm2["p05"], r.quantiles_mA_cm2["p95"], r.weibull_modulus]
         for e, r in preds.items()],
    ))
    fits = {"effective": va.fit(), "measured": va.fit(mode="measured")}
    sec.tables.append(Table(
        "creep_model_constants", "Fitted constants (all six families)",
        ["constant", "effective exponent (default)", "measured exponents"],
        [[k, fits["effective"].parameters.to_dict()[k],
          fits["measured"].parameters.to_dict()[k]]
         for k in (*va.FREE_CONSTANTS, "flaw_tail_exponent")]
        + [["max model/target ratio", fits["effective"].max_ratio, fits["measured"].max_ratio]],
        note="flaw_tail_exponent from the largest Li+NaK CCD; stress_exponent None: each "
             "metal's measured bulk exponent.",
    ))
    suite = va.validation_suite(n_draws=n_draws, seed=ctx.seed, n_quadrature=300)
    measured_mode = va.validation_suite(n_draws=1, seed=ctx.seed, mode="measured",
                                        n_quadrature=300)
    rows, plot = [], {"labels": [], "measured": [], "predicted": [], "groups": []}
    row = Comparison.from_paper
    for v in suite:
        fit_set = ", ".join(v.fit_on)
        for p in v.predictions:
            m = p.measured
            rows.append([fit_set, p.label, m.value_mA_cm2,
                         _fmt_interval(m.low_mA_cm2, m.high_mA_cm2), m.basis,
                         p.predicted_mA_cm2,
                         _fmt_interval(p.predicted_low_mA_cm2, p.predicted_high_mA_cm2),
                         p.ratio, _fmt_interval(p.log_error_low, p.log_error_high, sign=True),
                         "" if p.identifiable else p.note])
            if not p.identifiable or (p.label.startswith("Na ") and len(v.fit_on) < 6):
                continue
            plot["labels"].append(p.label)
            plot["measured"].append((m.value_mA_cm2, m.low_mA_cm2, m.high_mA_cm2))
            plot["predicted"].append((p.predicted_mA_cm2, p.predicted_low_mA_cm2,
                                      p.predicted_high_mA_cm2))
            plot["groups"].append(f"fit on {fit_set}")
            note = (f"ln(predicted/measured) {p.log_error:+.2f} (5-95 % "
                    f"{_fmt_interval(p.log_error_low, p.log_error_high, sign=True)}, "
                    f"{v.n_draws} draws); measured: {m.basis}, {m.note}")
            if len(v.fit_on) == 6 and p.label.startswith("Na "):
                key = "lit_ccd_Na_0.5" if "0.5" in p.label else "lit_ccd_Na_0.25"
                sec.comparisons.append(row(key, p.predicted_mA_cm2, kind="prediction",
                                           note="predicted at the "
                                           "literature's capacity and pressure, fit on the "
                                           "six families at 3 mAh/cm²; " + note))
            elif not p.label.startswith("Na "):
                sec.comparisons.append(Comparison(
                    "P", f"mean CCD {p.label}, predicted out of sample (fit on {fit_set})",
                    "mA/cm²", m.value_mA_cm2, p.predicted_mA_cm2, None,
                    check=f"in [{m.value_mA_cm2 / 2:.4g}, {m.value_mA_cm2 * 2:.4g}]",
                    kind="prediction", note=note))
    sec.tables.append(Table(
        "creep_model_validation", "Out-of-sample predictions (effective exponent)",
        ["fit on", "case", "measured (mA/cm²)", "measured range", "basis",
         "predicted (mA/cm²)", "predicted 5-95 %", "predicted/measured", "ln error 5-95 %",
         "note"], rows,
        note="ln error = ln(predicted/measured) over draws of targets, inputs and the measured "
             "value itself; not identifiable: a constant the fit set leaves free moves it."))
    sec.tables.append(Table(
        "creep_model_validation_measured_n",
        "Out-of-sample predictions with the measured bulk stress exponents (central draw)",
        ["fit on", "case", "measured (mA/cm²)", "predicted (mA/cm²)", "predicted/measured",
         "fit max ratio"],
        [[", ".join(v.fit_on), p.label, p.measured.value_mA_cm2, p.predicted_mA_cm2, p.ratio,
          v.central_fit.max_ratio] for v in measured_mode for p in v.predictions]))
    if plot["labels"]:
        sec.figures.append(Figure(
            "creep_model_out_of_sample",
            "Creep-limited model: predicted against measured mean CCD, out of sample "
            "(each point from constants fitted on the other families only, not on it; "
            "5-95 % over draws; shaded: within a factor of 2)",
            png(plot_out_of_sample(plot["labels"], plot["measured"], plot["predicted"],
                                   groups=plot["groups"]))))
    spread = va.fit_spread(prm)
    sec.tables.append(Table(
        "creep_model_maxima", "Largest CCD of N cells: flaw tail k fitted on Li+NaK "
        f"(k = {spread.flaw_tail_exponent:.3g}), the others predicted (means fitted)",
        ["family", "N cells", "expected largest (mA/cm²)", "paper"],
        [[f, spread.n_cells[f], spread.predicted_max_mA_cm2[f],
          str(_paper_value(spread.measured_max[f]))] for f in spread.predicted_max_mA_cm2]))
    nak = max(spread.predicted_max_mA_cm2["Na"], spread.predicted_max_mA_cm2["K"])
    sec.comparisons += [
        row("max_ccd_NaK_metals", nak, kind="prediction",
            note=f"model: expected largest of {spread.n_cells['Na']} Na and "
                 f"{spread.n_cells['K']} K cells (the larger), k fitted on Li+NaK; the means "
                 "were fitted"),
        row("max_ccd_LiNaK", spread.predicted_max_mA_cm2["Li+NaK"], kind="calibrated",
            note="the flaw tail k was fitted to it"),
        row("hardness_loading_time",
            1.0 / (2.0 * creep_ccd.electrode_state("K").creep.reference_strain_rate_per_s),
            kind="input", note="sets the strain rate of the hardness test, 1/(2 t)"),
        row("electrolyte_grain_size", prm.void_depth_scale() * 1e6, kind="input",
            note="the stripped thickness over which voids develop"),
    ]
    bad = [c for c in sec.comparisons if c.computed is not None
           and isinstance(c.computed, float) and not math.isfinite(c.computed)]
    for c in bad:   # never report a non-finite number as computed
        c.computed = None
        c.note = "not finite: " + c.note
    return sec


def _paper_value(key: str) -> object:
    from semisolid.paper import number

    return number(key).value
