"""The sections of the reproduction report, one module each, in the report's order.

Each module has ``build(ctx: ReportContext) -> Section``. The paper's own values come from
:mod:`semisolid.paper`; rows are marked ``reported`` (CCD means shown for comparison),
``input`` (geometries and protocols), ``calibrated`` (a model constant was fitted to the
number) or ``fitted`` (a datum of the database assessment) where they are not independent.

Examples
--------
>>> [key for key, _ in SECTIONS]
['thermo', 'design', 'ccd-families', 'ccd-model', 'ccd-capacity', 'k-cell', 'samples', 'other']
"""

from __future__ import annotations

from collections.abc import Callable

from semisolid.report.context import ReportContext
from semisolid.report.model import Section
from semisolid.report.sections import (
    ccd_capacity,
    ccd_families,
    ccd_model,
    design,
    k_cell,
    other,
    samples,
    thermo,
)

__all__ = ["SECTIONS", "SectionBuilder"]

SectionBuilder = Callable[[ReportContext], Section]
"""A section: takes the build's context, returns the section."""

SECTIONS: list[tuple[str, SectionBuilder]] = [
    ("thermo", thermo.build),
    ("design", design.build),
    ("ccd-families", ccd_families.build),
    ("ccd-model", ccd_model.build),
    ("ccd-capacity", ccd_capacity.build),
    ("k-cell", k_cell.build),
    ("samples", samples.build),
    ("other", other.build),
]
"""(key, builder) of every section, in the report's order."""
