"""Electrode design: plated thickness, the alloy electrode model, composition swing over a
half cycle, semi-solid design maps and the Li + NaK interfacial film.

Examples
--------
>>> from semisolid.electrode import plated_thickness
>>> round(plated_thickness(3 * 36000, "K").thickness_um, 1)
50.8
"""

from semisolid.electrode.electrode import DensityModel, Electrode, check_composition, disc_area_m2
from semisolid.electrode.swing import (
    STATUSES,
    EndState,
    SwingResult,
    composition_swing,
)
from semisolid.electrode.thickness import ThicknessResult, plated_thickness
from semisolid.electrode.workflows import (
    DesignMapFiles,
    ElectrodeDesign,
    design_electrode,
    write_design_map,
)

__all__ = [
    "STATUSES",
    "DensityModel",
    "DesignMapFiles",
    "Electrode",
    "ElectrodeDesign",
    "EndState",
    "SwingResult",
    "ThicknessResult",
    "check_composition",
    "composition_swing",
    "design_electrode",
    "disc_area_m2",
    "plated_thickness",
    "write_design_map",
]
