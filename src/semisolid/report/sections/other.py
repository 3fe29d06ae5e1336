"""Report section ``other``: material data, indentation, protocol and capacity numbers, and
the paper's records that software cannot compute."""

from __future__ import annotations

from semisolid.constants import FARADAY_C_PER_MOL
from semisolid.report.context import ReportContext
from semisolid.report.model import Comparison, Section

__all__ = ["build"]


def build(ctx: ReportContext) -> Section:
    """Build the materials, mechanics and protocols section."""
    from semisolid.materials import electrolyte, metal
    from semisolid.mechanics import tabor_yield_stress_Pa
    from semisolid.paper import FAMILIES, numbers

    sec = Section(
        "other",
        "Materials, mechanics and protocols",
        text=(
            "Cited material data (<code>semisolid.materials</code>), Tabor's yield = H/3 and "
            "the protocol arithmetic. Items the software cannot compute (cell counts, "
            "processing conditions) are listed as such."
        ),
    )
    row = Comparison.from_paper
    li, na, k = metal("Li"), metal("Na"), metal("K")
    g = [m.require("shear_modulus_Pa") for m in (li, na, k)]
    sec.comparisons.append(row("shear_ratio", g[0] / g[2], note="cited handbook moduli"))
    for n in numbers("32"):
        h_MPa = n.conditions["hardness_MPa"]
        sec.comparisons.append(
            row(n, tabor_yield_stress_Pa(h_MPa * 1e6) / 1e6, kind="consistency",
                note=f"Tabor from the hardness H = {h_MPa} MPa (3σ_y of the paper: a "
                     "consistency check, the raw indents are not published)")
        )
    for e in dict.fromkeys(f.electrolyte for f in FAMILIES):
        kic = electrolyte(e).fracture_toughness_Pa_sqrt_m
        sec.comparisons.append(
            row(f"toughness_{e}", None if kic is None else kic / 1e6, kind="input",
                note="paper's range (midpoint), used as model input")
        )
    m_li = li.require("molar_mass_kg_mol")
    spec_mAh_g = FARADAY_C_PER_MOL / (m_li * 1000) / 3.6
    sec.comparisons += [
        row("li_specific_capacity", spec_mAh_g, note="F / M(Li)"),
        row("li_volumetric_capacity", spec_mAh_g * li.require("density_solid_kg_m3") / 1000,
            note="× solid density"),
        row("current_3C", 3.0 * 3.0, kind="consistency",
            note="arithmetic: 1C = 3 mA/cm² at 3 mAh/cm²"),
    ]
    for n in numbers():
        if n.key.startswith("record_"):
            sec.comparisons.append(
                row(n, None, kind="record", note="experimental record or input, not computable")
            )
    return sec
