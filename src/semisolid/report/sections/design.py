"""Report section ``design``: liquid fractions of electrodes A and B over a half cycle, the
plated thickness, the Li disc of the Li cells and the Na-K film on it."""

from __future__ import annotations

import math

from semisolid.constants import FARADAY_C_PER_MOL, MAH_PER_CM2_IN_C_PER_M2
from semisolid.report.context import ReportContext
from semisolid.report.model import Comparison, Section, Table

__all__ = ["build"]

MAH_CM2 = MAH_PER_CM2_IN_C_PER_M2


def build(ctx: ReportContext) -> Section:
    """Build the electrode-design section."""
    from semisolid.electrode import plated_thickness
    from semisolid.materials import metal
    from semisolid.paper import CELL, ELECTRODES, numbers

    sec = Section(
        "design",
        "Electrode design: liquid fractions and plated thickness",
        text=(
            f"Symmetric K/KBA/K-type cells with {CELL.alloy_volume_m3 * 1e9:g} µL of Na-K alloy "
            f"on the {CELL.collector_diameter_m * 1e3:g} mm current collector, "
            f"{CELL.swing_areal_capacity_mAh_cm2:g} mAh/cm² per half cycle at "
            f"{CELL.temperature_K - 273.15:g} °C (Methods). Densities by the linear "
            "rule of mixtures of the solid densities (K 0.862, Na 0.968 g/cm³: handbook values, "
            "listed under assumptions in the materials section). Liquid fractions are mole "
            "fractions of atoms from the shipped Li-Na-K database, which was not fitted to "
            "them: they are predictions."
        ),
    )
    from semisolid.electrode.uncertainty import swing_uncertainty
    from semisolid.paper import paper_electrode

    row = Comparison.from_paper
    rows = []
    for name in ELECTRODES:
        sw = ctx.swing(name)
        unc = swing_uncertainty(paper_electrode(name),
                                CELL.swing_areal_capacity_mAh_cm2 * MAH_CM2, "K")
        ends = {"start": sw.start, "enriched": sw.enriched, "depleted": sw.depleted}
        for label, st in ends.items():
            iv = unc.ends[label].liquid_fraction
            rows.append(
                [name, label, round(st.composition.get("K", 0.0), 4), st.liquid_fraction,
                 iv.low, iv.high, st.liquid_volume_fraction, st.thickness_change_m * 1e6,
                 st.status]
            )
        for end, st, where in (("enriched", sw.enriched, "Fig. 7 caption"),
                               ("depleted", sw.depleted, "Fig. 7 caption"),
                               ("start", sw.start, "Methods: the Fig. 6a insets")):
            key = f"liquid_{name}_{end}"
            kind, why = ctx.assessment_kind(key)
            sec.comparisons.append(row(key, st.liquid_fraction, kind=kind, note=(
                f"{where}; 10 µL on 7.14 mm, 3 mAh/cm², 22 °C; {why}; 95 % interval of the "
                "database's uncertainty ensemble in docs/assessment.md")))
        if name == "A":
            sec.comparisons.append(
                row("alloy_thickness", sw.start.thickness_m * 1e6, kind="arithmetic",
                    note="10 µL over the 0.400 cm² collector is 250 µm, not the paper's "
                         "~150 µm: the paper's own numbers disagree (a known disagreement; "
                         "its liquid fractions follow from the 10 µL)")
            )
    sec.tables.append(
        Table("liquid_fractions", "Liquid fraction at both ends of a half cycle",
              ["alloy", "end", "x_K", "liquid (mol frac)", "95 % low", "95 % high",
               "liquid (vol frac)", "thickness change (µm)", "status"], rows)
    )
    # plated thickness
    trows = []
    for n in numbers("17"):
        metal_name, cap = n.conditions["metal"], n.conditions["areal_capacity_mAh_cm2"]
        r = plated_thickness(cap * MAH_CM2, metal_name)
        um = r.thickness_m * 1e6
        trows.append([metal_name, cap, r.density_kg_m3 / 1000.0, um, n.value])
        sec.comparisons.append(
            row(n, um, kind="arithmetic",
                note=f"Faraday's law, solid density {r.density_kg_m3 / 1000:.3f} g/cm³")
        )
    sec.tables.append(
        Table("plated_thickness", "Plated thickness per half cycle (Faraday's law)",
              ["metal", "areal capacity (mAh/cm²)", "density (g/cm³)", "thickness (µm)",
               "paper (µm)"], trows)
    )
    # cumulative Li in the NaK-Li example: 12 half cycles of 3 mAh/cm2
    li3 = plated_thickness(3 * MAH_CM2, "Li").thickness_m * 1e6
    sec.comparisons.append(
        row("cumulative_li", 12 * li3, kind="arithmetic",
            note="Faraday's law, 12 × 3 mAh/cm² (Supplementary Fig. 9a example)")
    )
    # Li disc of the Li cells
    r_li = CELL.li_disc_diameter_m / 2
    vol_uL = math.pi * r_li**2 * CELL.li_disc_thickness_m * 1e9
    li = metal("Li")
    cap_mAh_cm2 = (
        CELL.li_disc_thickness_m * li.require("density_solid_kg_m3")
        / li.require("molar_mass_kg_mol") * FARADAY_C_PER_MOL / MAH_CM2
    )
    sec.comparisons += [
        row("li_disc_volume", vol_uL, kind="arithmetic", note="π r² t of the paper's disc"),
        row("li_disc_capacity", cap_mAh_cm2, kind="arithmetic",
            note="Faraday's law on the disc's thickness and the solid density"),
    ]
    # NaK film on Li
    film = ctx.film()
    sec.tables.append(
        Table("nak_film", "5 µL Na-K eutectic film on a 9.53 mm Li disc at 22 °C",
              ["quantity", "value"],
              [["Li dissolved in the film (µmol)", film.li_dissolved_mol * 1e6],
               ["film composition",
                ", ".join(f"{k} {v:.4f}" for k, v in film.film_composition.items())],
               ["film thickness over the disc (µm)", film.film_thickness_m * 1e6],
               ["status", film.status]])
    )
    sec.comparisons.append(
        row("li_in_film", film.film_composition.get("Li", 0.0), kind="prediction",
            note="equilibrium of the film with the Li disc on the shipped database, which was "
                 "not fitted to any Li-Na-K datum")
    )
    labels = ", ".join(e.label for e in ELECTRODES.values())
    sec.comparisons.append(
        Comparison("26", "compositions A and B (mol)", "", labels, labels, None, kind="input",
                   note="the inputs of every A and B calculation")
    )
    return sec
