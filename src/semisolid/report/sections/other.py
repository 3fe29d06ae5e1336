"""Report section ``other``: materials, mechanics and protocols.

The indentation numbers (hardness and the yield stress H/3 the models use), every material
constant the report uses with its source, the assumptions (values without a source a reader
can check, and modelling choices), the protocols of the virtual cells, the paper's records
that software cannot compute, and the arithmetic and input rows of the comparison.
"""

from __future__ import annotations

from typing import Any

from semisolid.constants import FARADAY_C_PER_MOL
from semisolid.report.context import ReportContext
from semisolid.report.model import Comparison, Section, Table

__all__ = ["MODEL_ASSUMPTIONS", "RECORDS_AS_INPUTS", "build", "source_link"]

RECORDS_AS_INPUTS = ("record_cells", "record_capacity_range", "record_protocol_Li",
                     "record_protocol_NaK", "record_protocol_NaK-Li", "record_stack_pressure")
"""The paper's records (``record_*`` numbers) the virtual cells take as inputs; the others
are listed in the records table."""

MODEL_ASSUMPTIONS: tuple[tuple[str, str, str], ...] = (
    ("final electrode area of a virtual cell",
     "nominal area × U(0.85, 1.15), seeded",
     "the paper reports CCDs on final areas that vary from cell to cell, but not their spread "
     "(semisolid.report.virtual_cells)"),
    ("cells per family where the paper gives no N",
     "the 17 Li, Na and K cells split 6, 6, 5",
     "the paper gives N only for A (4), B (3) and Li-NaK (14) of 38 "
     "(semisolid.report.virtual_cells.cells_per_family)"),
    ("Li-K liquid interaction",
     "regular solution with its consolute point 50 K above the measured lower bound (1773 K)",
     "the only Li-K datum retrieved is the bound; it sets the Li solubility of K-rich liquids "
     "(docs/assessment.md)"),
    ("room temperature of the Na-K liquid range",
     "22 °C",
     "'NaK with 40-90 wt% K is liquid at room temperature' gives no temperature "
     "(docs/assessment.md)"),
    ("electrolyte toughness of the flow model",
     "the midpoint 2.5 MPa m^0.5 of the paper's 2-3 for all three electrolytes",
     "the paper gives one range for LLZTO, NBA and KBA (semisolid.materials)"),
)
"""Modelling choices the report's numbers rest on: (what, value, why)."""


def source_link(source: Any) -> str | None:
    """Where a reader can check a source: its DOI or URL, or None for a value that was recalled
    (reliability ``std`` without a DOI) or has no DOI or URL.

    Examples
    --------
    >>> from semisolid.materials.sources import SOURCES
    >>> source_link(SOURCES["park2021"])
    'https://doi.org/10.1038/s41560-021-00786-w'
    >>> source_link(SOURCES["notes-nak-recalled"]) is None
    True
    """
    if source.doi:
        return f"https://doi.org/{source.doi}"
    if source.url and source.reliability != "std":
        return source.url
    return None


_UNITS = (("_kg_mol", 1e3, "g/mol"), ("_kg_m3", 1e-3, "g/cm³"), ("_Pa_sqrt_m", 1e-6, "MPa m^0.5"),
          ("_Pa_s", 1e3, "mPa s"), ("yield_stress_Pa", 1e-6, "MPa"), ("_Pa", 1e-9, "GPa"),
          ("_S_m", 10.0, "mS/cm"), ("_K", 1.0, "K"))


def _fmt_value(prop: str, v: float) -> tuple[str, float, str]:
    """A material property's name without its unit, its value and unit as a reader expects.

    Examples
    --------
    >>> _fmt_value("density_solid_kg_m3", 534.0)
    ('density solid', 0.534, 'g/cm³')
    """
    for suffix, scale, unit in _UNITS:
        if prop.endswith(suffix):
            cut = suffix if suffix.startswith("_") else suffix[suffix.rfind("_"):]
            name = prop.removesuffix(cut)
            return name.replace("_", " "), round(v * scale, 6), unit
    return prop.replace("_", " "), v, ""


def _constants(materials: list[Any]) -> tuple[list[list[Any]], list[list[Any]], dict[str, Any]]:
    """(cited, assumed) rows: material, property, value, unit, source (and its link); and the
    sources of the assumed values by key."""
    cited, assumed, unchecked = [], [], {}
    for m in materials:
        d = m.to_dict()
        for prop, key in d["sources"].items():
            value = d.get(prop)
            if value is None:
                continue
            src = m.sources[prop]
            name, v, unit = _fmt_value(prop, float(value))
            link = source_link(src)
            if link is not None:
                cited.append([d["name"], name, v, unit, key, link])
            else:
                unchecked[key] = src
                assumed.append([f"{d['name']}: {name}", f"{v:g} {unit}".strip(),
                                f"{key} (no DOI or URL to check it against)"])
    return cited, assumed, unchecked


def build(ctx: ReportContext) -> Section:
    """Build the materials, mechanics and protocols section."""
    from semisolid.materials import electrolyte, metal
    from semisolid.mechanics import tabor_yield_stress_Pa
    from semisolid.models.virtual_cell import cell_preset
    from semisolid.paper import CELL, FAMILIES, PROTOCOLS, number, numbers
    from semisolid.report.virtual_cells import cells_per_family

    sec = Section(
        "other",
        "Materials, mechanics and protocols",
        text=(
            "The indentation numbers, every material constant the report uses with the source "
            "a reader can check it in, the assumptions (values without such a source, and "
            "modelling choices), the protocols of the virtual cells, and the paper's records "
            "that software cannot compute."
        ),
    )
    # indentation: the paper's hardness, and the yield stress H/3 (Tabor) the models use
    ind = []
    for n in numbers("32"):
        h = n.conditions["hardness_MPa"]
        ind.append([n.conditions["metal"], h, tabor_yield_stress_Pa(h * 1e6) / 1e6,
                    n.uncertainty, n.where])
    sec.tables.append(Table(
        "indentation", "Indentation: Vickers hardness and equivalent yield stress (H/3)",
        ["metal", "hardness H (MPa)", "yield stress H/3 (MPa)", "± (MPa)", "source"], ind,
        note="Park et al. 2021, Methods: Vickers indents, 0.245 N for 15 s, projected area, "
             "10 tests per metal, room temperature. The raw indents are not published; the "
             "hardness is 3 × the stated yield stress. Used by Fig. 6b and the flow model."))
    # material constants, cited or assumed
    mats = [metal(m) for m in ("Li", "Na", "K")]
    mats += [electrolyte(e) for e in dict.fromkeys(f.electrolyte for f in FAMILIES)]
    cited, assumed, unchecked = _constants(mats)
    sec.tables.append(Table(
        "material_constants", "Material constants and their sources",
        ["material", "property", "value", "unit", "source", "where to check it"], cited,
        note="semisolid.materials; sources with a DOI or a URL. Values without one are "
             "in the assumptions table below."))
    sec.tables.append(Table(
        "assumptions", "Assumptions: values without a checkable source, and modelling choices",
        ["what", "value", "where it comes from"],
        assumed + [list(a) for a in MODEL_ASSUMPTIONS],
        note="Material values here were taken from handbooks or recalled and not checked "
             "against a source a reader can open; the report's numbers that use them (plated "
             "thicknesses, the Li disc's capacity, the electrode densities, the shear-modulus "
             "ratio, the flow model's viscosities) inherit the assumption. Where they come "
             "from: " + "; ".join(f"{k}: {s.citation}" for k, s in unchecked.items())))
    # protocols of the virtual cells
    n_cells = cells_per_family()
    prot = []
    for f in FAMILIES:
        p, spec = PROTOCOLS[f.protocol], cell_preset(f.name)
        caps = ", ".join(f"{c:g}" for c in p.areal_capacities_mAh_cm2)
        prot.append([f.name, f"{spec.area_m2 * 1e4:.4f}",
                     f"{p.start_current_density_mA_cm2:g} → {p.max_current_density_mA_cm2:g} "
                     f"(+{p.step_current_density_mA_cm2:g})", caps, p.eis_every_cycles,
                     f"{spec.interfacial_asr_Ohm_m2 * 1e4:g}", n_cells[f.name],
                     3 if ctx.quick else max(n_cells[f.name], 10)])
    sec.tables.append(Table(
        "protocols", "Protocols of the virtual cells (the paper's Methods)",
        ["family", "nominal area (cm²)", "current density (mA/cm²): start → max (+step)",
         "areal capacity per half cycle (mAh/cm²)", "EIS every n cycles",
         "interfacial ASR (Ω cm²)", "cells (paper; Li, Na, K split assumed)",
         "virtual cells in this run"], prot,
        note=f"{CELL.temperature_K - 273.15:g} °C, stack pressure "
             f"{CELL.stack_pressure_Pa / 1e6:g} MPa; each virtual cell is "
             "semisolid.models.virtual_cell.simulate_cell of the family's preset with its own "
             "seed, analysed by semisolid.ccd.detect."))
    # records the software cannot compute
    rec = [[n.item, n.quantity, n.where] for n in numbers()
           if n.key.startswith("record_") and n.key not in RECORDS_AS_INPUTS]
    sec.tables.append(Table(
        "records", "The paper's records that software cannot compute",
        ["item", "record", "where in the paper"], rec))
    # comparison rows: arithmetic and inputs
    row = Comparison.from_paper
    li, k = metal("Li"), metal("K")
    ratio = li.require("shear_modulus_Pa") / k.require("shear_modulus_Pa")
    sec.comparisons.append(row(
        "shear_ratio", ratio, kind="arithmetic",
        note=f"ratio of the moduli {li.sources['shear_modulus_Pa'].key} gives (an assumption: "
             "see the assumptions table)"))
    for e in dict.fromkeys(f.electrolyte for f in FAMILIES):
        kic = electrolyte(e).fracture_toughness_Pa_sqrt_m
        sec.comparisons.append(row(
            f"toughness_{e}", None if kic is None else f"{kic / 1e6:g} (midpoint)",
            kind="input", note="the paper's range, its midpoint used by the flow model"))
    m_li = li.require("molar_mass_kg_mol")
    spec_mAh_g = FARADAY_C_PER_MOL / (m_li * 1000) / 3.6
    sec.comparisons += [
        row("li_specific_capacity", spec_mAh_g, kind="arithmetic", note="F / M(Li)"),
        row("li_volumetric_capacity", spec_mAh_g * li.require("density_solid_kg_m3") / 1000,
            kind="arithmetic", note="× solid density (an assumption: see the table)"),
    ]
    used = {
        "record_cells": f"{sum(n_cells.values())} virtual-cell slots: "
                        + ", ".join(f"{k} {v}" for k, v in n_cells.items()),
        "record_capacity_range": ", ".join(
            f"{p.name} {'/'.join(f'{c:g}' for c in p.areal_capacities_mAh_cm2)} mAh/cm²"
            for p in PROTOCOLS.values()),
        "record_stack_pressure": f"{CELL.stack_pressure_Pa / 1e6:g} MPa",
        **{f"record_protocol_{k}": f"{p.start_current_density_mA_cm2:g}→"
           f"{p.max_current_density_mA_cm2:g} mA/cm², step {p.step_current_density_mA_cm2:g}"
           for k, p in PROTOCOLS.items()},
    }
    for key in RECORDS_AS_INPUTS:
        sec.comparisons.append(row(number(key), used[key], kind="input",
                                   note="an input of the virtual cells"))
    return sec
