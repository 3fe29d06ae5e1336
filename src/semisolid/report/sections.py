"""The sections of the reproduction report, one function each.

Every function takes the build :class:`~semisolid.report.reproduce.Context` and returns a
:class:`~semisolid.report.model.Section` with figures, tables and paper-vs-computed rows.
This module is the report's plumbing (call :func:`semisolid.report.build_report`); its
section functions are registered in :data:`semisolid.report.reproduce.SECTIONS`.
Items refer to ``shared/reference/paper_numbers.md`` (section 6). The paper's own values
are used only where marked ``reported`` (CCD means shown for comparison) or ``input``
(geometries and protocols); model constants fitted to a paper number are ``calibrated``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from semisolid.constants import (
    FARADAY_C_PER_MOL,
    MA_PER_CM2_IN_A_PER_M2,
    MAH_PER_CM2_IN_C_PER_M2,
)
from semisolid.report.model import Comparison, Figure, Section, Table

__all__ = ["FAMILIES", "PAPER_MEANS", "PAPER_N"]

MA_CM2 = MA_PER_CM2_IN_A_PER_M2
MAH_CM2 = MAH_PER_CM2_IN_C_PER_M2

FAMILIES = [
    "Li/LLZTO/Li",
    "Na/NBA/Na",
    "K/KBA/K",
    "A/KBA/A",
    "B/KBA/B",
    "NaK(e)-Li/LLZTO/NaK(e)-Li",
]
"""The paper's six cell types (Supplementary Table 1), as virtual-cell presets."""

#: Cells per family in the paper where the text gives N (A: 4, B: 3, Li-NaK: 14; the 17
#: pure-metal cells are split evenly here, an assumption). The full report simulates
#: max(N, 10) cells per family for the figures, --quick simulates 3 per family.
PAPER_N = {
    "Li/LLZTO/Li": 6,
    "Na/NBA/Na": 6,
    "K/KBA/K": 5,
    "A/KBA/A": 4,
    "B/KBA/B": 3,
    "NaK(e)-Li/LLZTO/NaK(e)-Li": 14,
}

#: The paper's reported mean CCDs [mA/cm2] (shown as "reported"; Li, Li-NaK and B only).
PAPER_MEANS = {"Li/LLZTO/Li": 0.50, "NaK(e)-Li/LLZTO/NaK(e)-Li": 1.21, "B/KBA/B": 14.0}


def _png(fig: Any) -> bytes:
    from semisolid.plots.report import figure_png

    return figure_png(fig)


def _mpt_rows(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


# --------------------------------------------------------------------------- virtual cells

def virtual_cells(ctx: Any) -> dict[str, list[dict[str, Any]]]:
    """Simulate the virtual cells of the six families and run each through the detector.

    Returns family -> list of dicts with the true and detected CCD, failure modes, the
    areal capacity on the final area (the paper reports CCDs on the final measured electrode
    area, which varies from cell to cell; here the final area is the nominal area times a
    seeded factor U(0.85, 1.15), an assumption), and the record itself for the first cell.
    """

    def make() -> dict[str, list[dict[str, Any]]]:
        from semisolid.ccd import detect
        from semisolid.models.virtual_cell import cell_preset, simulate_cell

        rng = np.random.default_rng(ctx.seed)
        out: dict[str, list[dict[str, Any]]] = {}
        for fam in FAMILIES:
            n = 3 if ctx.quick else max(PAPER_N[fam], 10)
            rows = []
            for k in range(n):
                spec = cell_preset(fam, seed=ctx.seed + 1000 * FAMILIES.index(fam) + k)
                if fam.startswith("NaK(e)") and not ctx.quick:
                    # the paper ran the Li-NaK cells at 0.25, 1.5 or 3 mAh/cm2
                    from dataclasses import replace

                    cap = (0.25, 1.5, 3.0)[k % 3] * MAH_CM2
                    spec = replace(spec, protocol=replace(spec.protocol, areal_capacity_C_m2=cap))
                rec = simulate_cell(spec)
                final_area = spec.area_m2 * rng.uniform(0.85, 1.15)
                res = detect(rec, area_m2=spec.area_m2, final_area_m2=final_area)
                extra = rec.metadata.extra
                rows.append(
                    {
                        "family": fam,
                        "seed": spec.seed,
                        "area_m2": spec.area_m2,
                        "true_failure": extra.get("failure_mode"),
                        "true_ccd_mA_cm2": extra.get("true_ccd_mA_cm2"),
                        "true_onset_mA_cm2": extra.get("onset_current_density_mA_cm2"),
                        "detected_failure": res.failure,
                        "detected_ccd_mA_cm2": None if res.ccd_A_m2 is None
                        else res.ccd_A_m2 / MA_CM2,
                        "ccd_final_mA_cm2": None if res.ccd_final_A_m2 is None
                        else res.ccd_final_A_m2 / MA_CM2,
                        "areal_capacity_final_mAh_cm2": (
                            spec.protocol.areal_capacity_C_m2 * spec.area_m2 / final_area
                            / MAH_CM2
                        ),
                        "record": rec if k == 0 else None,
                        "result": res if k == 0 else None,
                    }
                )
            out[fam] = rows
        return out

    return ctx.cached("virtual_cells", make)


def _onset_recovered(r: dict[str, Any]) -> bool:
    if r["true_failure"] != r["detected_failure"]:
        return False
    if r["true_failure"] == "none":
        return True
    t, d = r["true_onset_mA_cm2"], r["detected_ccd_mA_cm2"]
    return t is not None and d is not None and abs(t - d) < 1e-6


def _ccd_values(rows: list[dict[str, Any]], key: str = "ccd_final_mA_cm2") -> np.ndarray:
    return np.array([r[key] for r in rows if r["detected_failure"] == "short" and r[key]])


# --------------------------------------------------------------------------- thermo

def thermo_section(ctx: Any) -> Section:
    """Fig. 7a-c and the thermodynamic numbers (Na-K, Li-Na, Li-K, Li-Na-K at 300 K)."""
    from semisolid.report import thermo_part

    return thermo_part.build(ctx)


# --------------------------------------------------------------------------- design

def _swing(ctx: Any, name: str, composition: dict[str, float]):
    from semisolid.electrode import Electrode, composition_swing

    def make():
        e = Electrode.from_volume(
            composition, volume_m3=10e-9, diameter_m=7.14e-3, temperature_K=295.15
        )
        return composition_swing(e, 3 * MAH_CM2, "K", cell="symmetric")

    return ctx.cached(f"swing-{name}", make)


def design_section(ctx: Any) -> Section:
    """Liquid fractions of compositions A and B, plated thickness, Li disc and NaK film."""
    from semisolid.electrode import plated_thickness
    from semisolid.electrode.film import film_equilibrium

    sec = Section(
        "design",
        "Electrode design: liquid fractions and plated thickness",
        text=(
            "Symmetric K/KBA/K-type cells with 10 µL of Na-K alloy on the 7.14 mm current "
            "collector, 3 mAh/cm² per half cycle at 22 °C (Methods). Densities by the linear "
            "rule of mixtures (K 0.862, Na 0.968 g/cm³, cited in <code>semisolid.materials</code>)."
            " Liquid fractions are mole fractions of atoms from the shipped Li-Na-K database."
        ),
    )
    rows = []
    paper = {"A": (0.10, 0.038, 0.20), "B": (0.51, 0.38, 0.70)}
    for name, comp in (("A", {"K": 0.95, "Na": 0.05}), ("B", {"K": 0.90, "Na": 0.10})):
        sw = _swing(ctx, name, comp)
        ends = {"start": sw.start, "enriched": sw.enriched, "depleted": sw.depleted}
        for label, st in ends.items():
            rows.append(
                [name, label, round(st.composition.get("K", 0.0), 4), st.liquid_fraction,
                 st.liquid_volume_fraction, st.thickness_change_m * 1e6, st.status]
            )
        p_start, p_enr, p_dep = paper[name]
        sec.comparisons += [
            Comparison("27", f"liquid fraction, {name}, K-enriched end", "mol frac", p_enr,
                       sw.enriched.liquid_fraction, 0.04, kind="fitted",
                       note="Fig. 7 caption; 10 µL, 7.14 mm, 3 mAh/cm², 22 °C; a datum of the "
                            "database assessment"),
            Comparison("27", f"liquid fraction, {name}, K-depleted end", "mol frac", p_dep,
                       sw.depleted.liquid_fraction, 0.04, kind="fitted",
                       note="Fig. 7 caption; a datum of the database assessment"),
            Comparison("42", f"starting liquid fraction, {name} (Fig. 6a inset)", "mol frac",
                       p_start, sw.start.liquid_fraction, 0.04, kind="fitted",
                       note="Methods: insets at 0.51 and 0.10; a datum of the assessment"),
        ]
        if name == "A":
            sec.comparisons.append(
                Comparison("28", "alloy electrode thickness, 10 µL on 7.14 mm", "µm", 150.0,
                           sw.start.thickness_m * 1e6, 0.2, relative=True,
                           note="paper says ~150 µm; 10 µL over 0.400 cm² is ~250 µm: the "
                                "paper's own numbers disagree (see paper_numbers §7)")
            )
    sec.tables.append(
        Table("liquid_fractions", "Liquid fraction at both ends of a half cycle",
              ["alloy", "end", "x_K", "liquid (mol frac)", "liquid (vol frac)",
               "thickness change (µm)", "status"], rows)
    )
    # plated thickness
    trows = []
    cases = [("Li", 1.5, 7.5), ("Li", 0.25, 1.25), ("Li", 3.0, 15.0), ("Na", 3.0, 27.4),
             ("K", 3.0, 51.5)]
    for metal, cap, pap in cases:
        r = plated_thickness(cap * MAH_CM2, metal)
        um = r.thickness_m * 1e6
        trows.append([metal, cap, r.density_kg_m3 / 1000.0, um, pap])
        sec.comparisons.append(
            Comparison("17", f"{metal} plated per half cycle at {cap:g} mAh/cm²", "µm", pap, um,
                       0.04, relative=True,
                       note=f"Faraday, solid density {r.density_kg_m3 / 1000:.3f} g/cm³")
        )
    sec.tables.append(
        Table("plated_thickness", "Plated thickness per half cycle (Faraday's law)",
              ["metal", "areal capacity (mAh/cm²)", "density (g/cm³)", "thickness (µm)",
               "paper (µm)"], trows)
    )
    # cumulative Li in the NaK-Li example: 12 half cycles of 3 mAh/cm2
    li3 = plated_thickness(3 * MAH_CM2, "Li").thickness_m * 1e6
    sec.comparisons.append(
        Comparison("12", "cumulative Li, 6 cycles of 3 mAh/cm² (12 half cycles)", "µm", 180.0,
                   12 * li3, 0.04, relative=True, note="Supplementary Fig. 9a example")
    )
    # Li disc of the Li cells
    r_li = 9.53e-3 / 2
    vol_uL = math.pi * r_li**2 * 0.25e-3 * 1e9
    from semisolid.materials import metal as _metal

    li = _metal("Li")
    cap_mAh_cm2 = (
        0.25e-3 * li.require("density_solid_kg_m3") / li.require("molar_mass_kg_mol")
        * FARADAY_C_PER_MOL / MAH_CM2
    )
    sec.comparisons += [
        Comparison("36", "Li disc volume (9.53 mm × 0.25 mm)", "µL", 20.0, vol_uL, 0.15,
                   relative=True, note="paper: ~20 µL"),
        Comparison("36", "Li disc areal capacity", "mAh/cm²", 50.0, cap_mAh_cm2, 0.05,
                   relative=True, note="paper: 50 mAh/cm²"),
    ]
    # NaK film on Li
    film = ctx.cached("film", lambda: film_equilibrium(temperature_K=295.15))
    sec.tables.append(
        Table("nak_film", "5 µL Na-K eutectic film on a 9.53 mm Li disc at 22 °C",
              ["quantity", "value"],
              [["Li dissolved in the film (µmol)", film.li_dissolved_mol * 1e6],
               ["film composition",
                ", ".join(f"{k} {v:.4f}" for k, v in film.film_composition.items())],
               ["film thickness over the disc (µm)", film.film_thickness_m * 1e6],
               ["status", film.status]])
    )
    xli = film.film_composition.get("Li", 0.0)
    sec.comparisons.append(
        Comparison("30", "Li in the eutectic Na-K film on Li, 22 °C", "mol frac", "< 0.01", xli,
                   None, check="< 0.01", kind="fitted",
                   note="paper: Li solubility < 1 % throughout (a bound used in the assessment)")
    )
    sec.comparisons.append(
        Comparison("26", "compositions A and B (mol)", "", "0.95K-0.05Na, 0.90K-0.10Na", None,
                   None, kind="input", note="used as inputs")
    )
    return sec


# --------------------------------------------------------------------------- CCD families

def ccd_families_section(ctx: Any) -> Section:
    """Fig. 6a (mean CCD per family, microstructure insets) and Fig. 6b (CCD vs yield)."""
    from semisolid.materials import metal
    from semisolid.microstructure import simulate
    from semisolid.models.flow_ccd import electrode_spec, mean_ccd_A_m2, predict
    from semisolid.plots.microstructure import microstructure_image
    from semisolid.plots.report import plot_ccd_by_family, plot_ccd_vs_yield
    from semisolid.stats import linear_fit, mean_ci

    cells = virtual_cells(ctx)
    sec = Section(
        "ccd-families",
        "Fig. 6: CCD per electrode family and CCD against yield stress",
        text=(
            "Bars: mean CCD of seeded virtual cells per family (CCD drawn from the calibrated "
            "flow-limited model and the flaw-size distribution, detected by "
            "<code>semisolid.ccd.detect</code>), with t-based 95 % intervals. Stars: the paper's "
            "reported means (Li 0.50, Li-NaK 1.21, B 14 mA/cm²). The model's free constants "
            "were calibrated to the paper's means, so agreement in those rows is by "
            "construction (<i>calibrated</i>). Insets: time-cone microstructures at liquid "
            "fractions 0.51 (B) and 0.10 (A), liquid white."
        ),
    )
    summary: dict[str, tuple[float, float, float]] = {}
    rows = []
    for fam in FAMILIES:
        vals = _ccd_values(cells[fam])
        if vals.size >= 2:
            ci = mean_ci(vals)
            summary[fam] = (ci.mean, ci.low, ci.high)
            rows.append([fam, int(vals.size), ci.mean, ci.low, ci.high, float(vals.max()),
                         PAPER_MEANS.get(fam)])
    sec.tables.append(
        Table("ccd_by_family", "Virtual-cell CCD per family (final-area basis)",
              ["family", "N", "mean (mA/cm²)", "95% low", "95% high", "max", "paper mean"],
              rows)
    )
    size = 256 if ctx.quick else 1024
    insets = []
    for title, f in (("B: liquid 0.51", 0.51), ("A: liquid 0.10", 0.10)):
        m = simulate(f, size_px=size, n_nuclei=100 if ctx.quick else 400, seed=1,
                     show_progress=False)
        insets.append((title, microstructure_image(m.field.labels, m.solid)))
        sec.comparisons.append(
            Comparison("42", f"microstructure liquid fraction at the time slice ({title[0]})",
                       "", f, m.time_slice.liquid_fraction, 1.0 / size**2, kind="consistency",
                       note=f"{size}² pixels: the time-slice search hits its target within one "
                            "pixel (a solver check, not a prediction)")
        )
    sec.figures.append(
        Figure("fig6a_ccd_by_family",
               "Fig. 6a: mean CCD per family (virtual cells, 95 % CI) and paper means; "
               "microstructure insets",
               _png(plot_ccd_by_family(FAMILIES, summary, PAPER_MEANS, insets)))
    )
    # model predictions (independent of the virtual-cell sampling)
    pred = {k: predict(k).mean_ccd_mA_cm2 for k in ("Li", "Na", "K", "A", "B", "Li+NaK")}
    sec.tables.append(
        Table("flow_model_means", "Flow-limited model: mean CCD per electrode",
              ["electrode", "mean CCD (mA/cm²)", "regime"],
              [[k, v, predict(k).regime] for k, v in pred.items()])
    )
    sec.comparisons += [
        Comparison("4", "mean CCD, Li", "mA/cm²", 0.50, pred["Li"], 0.5, relative=True,
                   kind="calibrated", note="flow model mean; calibrated to the paper"),
        Comparison("4", "mean CCD, Li + NaK film", "mA/cm²", 1.21, pred["Li+NaK"], 0.5,
                   relative=True, kind="calibrated", note="film multiplier calibrated"),
        Comparison("8", "mean CCD, composition B", "mA/cm²", 14.0, pred["B"], 0.5,
                   relative=True, kind="calibrated", note="j_cap calibrated"),
        Comparison("3", "CCD ratio Na / Li", "", "4-5", pred["Na"] / pred["Li"], None,
                   check="in [3.0, 6.0]", kind="calibrated",
                   note="model; Na and K means (~2-2.5, derived band) were calibration targets"),
        Comparison("3", "CCD ratio K / Li", "", "4-5", pred["K"] / pred["Li"], None,
                   check="in [3.0, 6.0]", kind="calibrated", note="model"),
        Comparison("5", "CCD ratio Li+NaK / Li", "", "~2", pred["Li+NaK"] / pred["Li"], None,
                   check="in [1.5, 3.0]", kind="calibrated", note="model"),
        Comparison("7", "CCD ratio A / K", "", "~4", pred["A"] / pred["K"], None,
                   check="in [2.5, 5.5]", kind="calibrated",
                   note="model; A and K means were both calibration targets, the 1/yield law "
                        "leaves K above its band (2.8 vs 1.8-2.4 mA/cm²)"),
        Comparison("7", "CCD ratio B / K", "", "~6", pred["B"] / pred["K"], None,
                   check="in [4.0, 8.0]", kind="calibrated", note="model"),
        Comparison("6.1", "ordering Li < Na, K < A < B", "", "ordered",
                   float(pred["Li"] < min(pred["Na"], pred["K"])
                         and max(pred["Na"], pred["K"]) < pred["A"] < pred["B"]),
                   None, check=">= 1", kind="calibrated",
                   note="1 = ordering holds (model means, all calibration targets)"),
    ]
    # maxima over the virtual cells (the paper's maxima are over N cells each)
    maxima = {fam: (float(_ccd_values(cells[fam]).max()) if _ccd_values(cells[fam]).size
                    else None) for fam in FAMILIES}
    sec.comparisons += [
        Comparison("2", "max CCD, Li cells", "mA/cm²", "< 1", maxima["Li/LLZTO/Li"], None,
                   check="< 1.0", note="virtual cells, final-area basis"),
        Comparison("6", "max CCD, composition A", "mA/cm²", 8.0, maxima["A/KBA/A"], 0.5,
                   relative=True, note="virtual cells (max(N, 10) per family in the full run)"),
        Comparison("6", "max CCD, composition B", "mA/cm²", 20.0, maxima["B/KBA/B"], 0.5,
                   relative=True, note="virtual cells"),
        Comparison("9", "B cells exceed 9 mA/cm² (3C at 3 mAh/cm²)", "mA/cm²", "> 9",
                   maxima["B/KBA/B"], None, check="> 9.0", note="virtual cells"),
    ]
    # Fig 6b
    metals = ["Li", "Na", "K"]
    fam_of = {"Li": "Li/LLZTO/Li", "Na": "Na/NBA/Na", "K": "K/KBA/K"}
    ys = [metal(m).require("yield_stress_Pa") / 1e6 for m in metals]
    sds = [(metal(m).yield_stress_sd_Pa or 0.0) / 1e6 for m in metals]
    ccd = [summary.get(fam_of[m], (math.nan,) * 3) for m in metals]
    xs_all, ys_all = [], []
    for m, y in zip(metals, ys, strict=True):
        v = _ccd_values(cells[fam_of[m]])
        xs_all += [y] * v.size
        ys_all += v.tolist()
    fit = linear_fit(xs_all, ys_all) if len(xs_all) >= 3 else None
    grid = np.linspace(0.15, 2.0, 60)
    base = electrode_spec("K")
    from dataclasses import replace

    curve = [mean_ccd_A_m2(replace(base, yield_stress_Pa=float(s) * 1e6)) / MA_CM2
             for s in grid]
    sec.figures.append(
        Figure("fig6b_ccd_vs_yield",
               "Fig. 6b: CCD against equivalent yield stress (H/3) with linear fit, 95 % band "
               "and the flow-limited model (viscous, K-β''-alumina toughness)",
               _png(plot_ccd_vs_yield(ys, sds, ccd, metals, fit=fit, model_curve=(grid, curve),
                                      paper_points={"Li": (ys[0], 0.50)})))
    )
    if fit is not None:
        sec.comparisons.append(
            Comparison("6b", "slope of CCD vs yield stress (virtual cells)", "mA/cm² per MPa",
                       "< 0", fit.slope, None, check="< 0",
                       note="Fig. 6b: CCD falls with yield stress")
        )
    return sec


# --------------------------------------------------------------------------- Fig. 5

def ccd_capacity_section(ctx: Any) -> Section:
    """Fig. 5a,b: CCD against areal capacity for the six families of virtual cells."""
    from semisolid.plots.report import plot_ccd_vs_capacity

    cells = virtual_cells(ctx)
    sec = Section(
        "ccd-capacity",
        "Fig. 5: CCD against areal capacity (virtual cells through the CCD detector)",
        text=(
            "Each point is one seeded virtual symmetric cell, run through the paper's protocol "
            "for its family and analysed by the CCD detector; CCD and areal capacity on the "
            "final electrode area (varied ±15 % per cell, as the paper's final areas vary). "
            "Dashed: 1 and 3 mAh/cm²; dotted: 1 and 3 mA/cm² (1C at those capacities)."
        ),
    )
    pts_a, pts_b = {}, {}
    table = []
    for fam in FAMILIES:
        caps, ccds = [], []
        for r in cells[fam]:
            table.append([fam, r["seed"], r["true_failure"], r["true_onset_mA_cm2"],
                          r["detected_failure"], r["detected_ccd_mA_cm2"],
                          r["ccd_final_mA_cm2"], r["areal_capacity_final_mAh_cm2"]])
            if r["ccd_final_mA_cm2"]:
                caps.append(r["areal_capacity_final_mAh_cm2"])
                ccds.append(r["ccd_final_mA_cm2"])
        pts_b[fam] = (caps, ccds)
        if not fam.startswith(("A/", "B/")):
            pts_a[fam] = (caps, ccds)
    sec.figures += [
        Figure("fig5a_ccd_vs_capacity_solid",
               "Fig. 5a: solid Li, Na, K and Li with the Na-K film",
               _png(plot_ccd_vs_capacity(pts_a, log_y=False))),
        Figure("fig5b_ccd_vs_capacity_all", "Fig. 5b: all families including A and B",
               _png(plot_ccd_vs_capacity(pts_b, log_y=True))),
    ]
    sec.tables.append(
        Table("virtual_cells", "Virtual cells: truth and detector",
              ["family", "seed", "true failure", "true onset (mA/cm²)", "detected failure",
               "detected CCD (nominal)", "CCD (final area)", "areal capacity (final)"], table)
    )
    n_check = 20 if ctx.quick else 200
    rec_ok, rec_n, li_open = _detector_recovery(ctx, n_check)
    sec.comparisons.append(
        Comparison("5.det", "virtual cells whose failure and onset step the detector recovers",
                   "fraction", 1.0, rec_ok / rec_n, 0.01,
                   note=f"{rec_ok} of {rec_n} seeded cells ({n_check} per family; target >= 99 %)")
    )
    li = cells["Li/LLZTO/Li"]
    nakli = cells["NaK(e)-Li/LLZTO/NaK(e)-Li"]
    n_open = sum(r["detected_failure"] == "open_circuit" for r in nakli)
    sec.comparisons.append(
        Comparison("10", "Li-NaK cells with an impedance-rise (open-circuit) failure", "cells",
                   0.0, float(n_open), 0.0,
                   note=f"{len(nakli)} virtual cells (paper: 0 of 14)")
    )
    n_li = n_check + len(li)
    li_open += [r["detected_ccd_mA_cm2"] for r in li
                if r["detected_failure"] == "open_circuit" and r["detected_ccd_mA_cm2"]]
    sec.comparisons.append(
        Comparison("11", "Li cells: lowest onset of open-circuit (void) failure", "mA/cm²",
                   "~1 (> 0.5)", min(li_open) if li_open else None, None,
                   check="in [0.5, 1.5]",
                   note=(f"{len(li_open)} of {n_li} virtual Li cells failed open-circuit; "
                         "the others shorted first" if li_open else
                         f"none of {n_li} virtual Li cells failed open-circuit in this run")),
    )
    return sec


def _detector_recovery(ctx: Any, n_per_family: int) -> tuple[int, int, list[float]]:
    """Run `n_per_family` seeded virtual cells per family through the detector.

    Returns the number of cells whose failure mode and onset current density match the
    simulated truth, the number of cells, and the detected onsets [mA/cm2] of the Li cells
    that failed open-circuit (impedance rise)."""
    from semisolid.ccd import detect
    from semisolid.models.virtual_cell import cell_preset, simulate_cell

    ok = n = 0
    li_open: list[float] = []
    for f, fam in enumerate(FAMILIES):
        for k in range(n_per_family):
            spec = cell_preset(fam, seed=ctx.seed + 100_000 + 1000 * f + k)
            rec = simulate_cell(spec)
            res = detect(rec, area_m2=spec.area_m2)
            extra = rec.metadata.extra
            row = {
                "true_failure": extra.get("failure_mode"),
                "detected_failure": res.failure,
                "true_onset_mA_cm2": extra.get("onset_current_density_mA_cm2"),
                "detected_ccd_mA_cm2": None if res.ccd_A_m2 is None else res.ccd_A_m2 / MA_CM2,
            }
            ok += _onset_recovered(row)
            n += 1
            if fam.startswith("Li/") and res.failure == "open_circuit" and res.ccd_A_m2:
                li_open.append(res.ccd_A_m2 / MA_CM2)
    return ok, n, li_open


# --------------------------------------------------------------------------- Fig. 3

def k_cell_section(ctx: Any) -> Section:
    """Fig. 3a,b: one virtual K/KBA/K test with the onset arrowed, and its Nyquist plots."""
    from semisolid.eis import fit_circuit
    from semisolid.plots.ccd import plot_ccd_trace
    from semisolid.plots.eis import plot_nyquist

    row = virtual_cells(ctx)["K/KBA/K"][0]
    rec, res = row["record"], row["result"]
    sec = Section(
        "k-cell",
        "Fig. 3: a virtual K/KBA/K test",
        text=(
            "Current density and voltage of the first virtual K/KBA/K cell (3 mAh/cm² per half "
            "cycle, 0.5 mA/cm² steps, EIS every 4 cycles); the arrow marks the detected "
            "short-circuit onset. Right: its impedance spectra; the last one, after the short, "
            "collapses to a point."
        ),
    )
    sec.figures.append(
        Figure("fig3a_k_cell_trace",
               f"Fig. 3a: virtual K/KBA/K cell, detected CCD {_fmt(res.ccd_A_m2)} mA/cm² "
               f"(true {row['true_ccd_mA_cm2']:.2f})",
               _png(plot_ccd_trace(rec, res)))
    )
    spectra = list(rec.spectra)
    labels = [f"EIS {s.index} (after half cycle {s.after_half_cycle})" for s in spectra]
    sec.figures.append(
        Figure("fig3b_k_cell_nyquist", "Fig. 3b: Nyquist plots of the same cell",
               _png(plot_nyquist(spectra, labels=labels)))
    )
    # ASR from the first spectrum by an equivalent-circuit fit (round trip of the cell's ASR)
    first = spectra[0]
    fit = fit_circuit(first.frequency_Hz, first.impedance_Ohm, "R0-p(R1,CPE1)")
    r1 = fit.parameters.get("R1") if fit.well_determined else None
    area_cm2 = row["area_m2"] * 1e4
    sec.comparisons.append(
        Comparison("25", "interfacial ASR from the first EIS fit, K/KBA/K", "Ω cm²", "~30",
                   None if r1 is None else r1 * area_cm2, None, check="in [25, 35]",
                   note="R1 of R0-p(R1,CPE1) × electrode area; the paper's range for its cells is "
                        "25-35 Ω cm²; the virtual cell was built with 30 Ω cm² plus a 10 % "
                        "relaxation term")
    )
    sec.tables.append(
        Table("k_cell_result", "Detector result for the cell",
              ["quantity", "value"],
              [["failure", res.failure], ["CCD (mA/cm², nominal)", _fmt(res.ccd_A_m2)],
               ["last stable (mA/cm²)", _fmt(res.last_stable_A_m2)],
               ["step (mA/cm²)", res.step_size_A_m2 / MA_CM2],
               ["onset time (h)", None if res.onset_time_s is None else res.onset_time_s / 3600],
               ["half cycles", res.half_cycles],
               ["evidence", "; ".join(res.evidence)]])
    )
    return sec


def _fmt(a_m2: float | None) -> float | None:
    return None if a_m2 is None else round(a_m2 / MA_CM2, 4)


# --------------------------------------------------------------------------- sample files

def samples_section(ctx: Any) -> Section:
    """Real instrument files through the same pipeline: a GCPL record and a PEIS spectrum."""
    from semisolid.ccd import detect
    from semisolid.eis import fit_circuit, lin_kk
    from semisolid.io import read, read_spectra
    from semisolid.plots.ccd import plot_ccd_trace
    from semisolid.plots.eis import plot_nyquist
    from semisolid.samples import sample_path

    sec = Section(
        "samples",
        "Real files through the same pipeline",
        text=(
            "Two public files shipped with semisolid (MIT; <code>semisolid/samples/files/"
            "SOURCES.md</code>): a 5-cycle GCPL record (EC-Lab .mpr, read by semisolid's own "
            "reader) analysed by the CCD detector, which must find no short, and a PEIS "
            "spectrum (EC-Lab .mpt) fitted with R0-p(R1,CPE1) and checked by Lin-KK. "
            "The GCPL cell is not a symmetric metal cell: the nominal area 1 cm² is a "
            "placeholder (the failure mode does not depend on it)."
        ),
    )
    rec = read(sample_path("gcpl"))
    res = detect(rec, area_m2=1e-4)
    sec.figures.append(
        Figure("sample_gcpl_trace", "Sample GCPL record (navani example data) and the detector's "
               f"verdict: {res.failure}", _png(plot_ccd_trace(rec, res)))
    )
    sec.comparisons.append(
        Comparison("3.det", "real GCPL file without a short: detector verdict", "shorts", 0.0,
                   float(res.failure == "short"), 0.0,
                   note=f"{len(rec)} rows, {res.half_cycles} half cycles; failure = {res.failure}")
    )
    spectra = read_spectra(sample_path("peis"))
    sp = spectra[0]
    fit = fit_circuit(sp.frequency_Hz, sp.impedance_Ohm, "R0-p(R1,CPE1)")
    kk = lin_kk(sp.frequency_Hz, sp.impedance_Ohm)
    sec.figures.append(
        Figure("sample_peis_nyquist", "Sample PEIS spectrum (impedance.py example) with the "
               "R0-p(R1,CPE1) fit", _png(plot_nyquist([sp], labels=["measured"], fits=[fit])))
    )
    sec.tables.append(
        Table("sample_peis_fit", "Equivalent-circuit fit of the sample spectrum",
              ["parameter", "value", "std. error", "unit"],
              [[k, v, fit.stderr.get(k), fit.units.get(k, "")]
               for k, v in fit.parameters.items()],
              note=f"relative rms residual {fit.rms_relative:.3g}; Lin-KK max residual "
                   f"{kk.max_residual:.3g} (threshold {kk.threshold:g})"
                   + ("" if fit.well_determined else "; " + " ".join(fit.notes)))
    )
    return sec


# --------------------------------------------------------------------------- other numbers

def other_numbers_section(ctx: Any) -> Section:
    """Material-data, indentation, protocol and capacity numbers; what cannot be computed."""
    from semisolid.materials import electrolyte, metal
    from semisolid.mechanics import tabor_yield_stress_Pa

    sec = Section(
        "other",
        "Materials, mechanics and protocols",
        text=(
            "Cited material data (<code>semisolid.materials</code>), Tabor's yield = H/3 and "
            "the protocol arithmetic. Items the software cannot compute (cell counts, "
            "processing conditions) are listed as such."
        ),
    )
    li, na, k = metal("Li"), metal("Na"), metal("K")
    g = [m.require("shear_modulus_Pa") for m in (li, na, k)]
    sec.comparisons.append(
        Comparison("33", "shear modulus ratio Li / K (300 K)", "", "> 3", g[0] / g[2], None,
                   check="> 3.0", note="cited handbook moduli")
    )
    for m, h_MPa, y in (("Li", 5.22, 1.74), ("Na", 1.23, 0.41), ("K", 0.72, 0.24)):
        sec.comparisons.append(
            Comparison("32", f"yield stress H/3, {m}", "MPa", y,
                       tabor_yield_stress_Pa(h_MPa * 1e6) / 1e6, 0.01, kind="consistency",
                       note=f"Tabor from the hardness H = {h_MPa} MPa (3σ_y of the paper: a "
                            "consistency check, the raw indents are not published)")
        )
    for e in ("LLZTO", "NBA", "KBA"):
        rec = electrolyte(e)
        kic = getattr(rec, "fracture_toughness_Pa_m05", None) or getattr(
            rec, "fracture_toughness_Pa_sqrt_m", None)
        sec.comparisons.append(
            Comparison("34", f"fracture toughness used for {e}", "MPa m^0.5", "2-3",
                       None if kic is None else kic / 1e6, None, kind="input",
                       note="paper's range (midpoint), used as model input")
        )
    m_li = li.require("molar_mass_kg_mol")
    spec_mAh_g = FARADAY_C_PER_MOL / (m_li * 1000) / 3.6
    sec.comparisons += [
        Comparison("41", "Li theoretical specific capacity", "mAh/g", 3869.0, spec_mAh_g, 0.005,
                   relative=True, note="F / M(Li)"),
        Comparison("41", "Li theoretical volumetric capacity", "Ah/L", 2066.0,
                   spec_mAh_g * li.require("density_solid_kg_m3") / 1000, 0.01, relative=True,
                   note="× solid density"),
        Comparison("18", "current density for 3C at 3 mAh/cm²", "mA/cm²", 9.0, 3.0 * 3.0, 0.0,
                   kind="consistency", note="arithmetic: 1C = 3 mA/cm² at 3 mAh/cm²"),
    ]
    for item, what in (
        ("1", "38 cells in 6 combinations (Supplementary Table 1)"),
        ("13", "areal-capacity range studied (protocol choice)"),
        ("19", "Li protocol 0.125→1.5 mA/cm² (used as virtual-cell input)"),
        ("20", "Na/K/alloy protocol 0.5→40 mA/cm² (used as input)"),
        ("21", "Li-NaK protocol 0.25→3 mA/cm² (used as input)"),
        ("22", "stack pressure 1.5 MPa / 75 kPa (input)"),
        ("23", "Li cell heat treatment 170 °C, 3 h"),
        ("35", "indentation loads 19.6, 9.81, 4.91 N (raw crack lengths not published)"),
        ("38-40", "electrolyte processing (heat treatment, polishing, etching)"),
    ):
        sec.comparisons.append(
            Comparison(item, what, "", "see paper", None, None, kind="record",
                       note="experimental record or input, not computable")
        )
    return sec
