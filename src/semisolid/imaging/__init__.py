"""Image measurements the paper made by hand: sessile-drop contact angles and electrode areas.

- :func:`measure_contact_angle`: a side view of a drop on a substrate gives the left and right
  contact angles by a local conic fit and by a Young-Laplace profile fit (with the Bond number
  and, given the scale and density, the surface tension), each with its uncertainty.
- :func:`measure_electrode_area`: a top view of a disassembled cell gives the metal
  electrode's area, scaled by the electrolyte disc's known diameter or a scale bar.

Both return results that carry the image file's sha256, so a number in a catalog names the
exact photograph it came from. The image processing uses scikit-image (the ``imaging`` extra:
``pip install 'semisolid[imaging]'``); importing this package does not.

Module map: ``image`` (reading files), ``young_laplace`` (the drop-shape model),
``drop_edge`` (baseline and sub-pixel edge), ``angle_fits`` (the two angle fits),
``contact_angle`` (workflow), ``disc`` (reference disc and scale bar), ``segment`` (metal
versus electrolyte), ``electrode_area`` (workflow), ``results`` (dataclasses), ``synthetic``
(test images rendered from known geometry).

Examples
--------
>>> from semisolid.imaging import measure_contact_angle
>>> from semisolid.imaging.synthetic import render_sessile_drop
>>> img = render_sessile_drop(45.0, 0.5, shape=(90, 140), half_width_px=50.0).image
>>> round(measure_contact_angle(img).contact_angle_deg)
45
"""

from semisolid.imaging.contact_angle import measure_contact_angle
from semisolid.imaging.electrode_area import measure_electrode_area
from semisolid.imaging.image import GreyImage, read_image
from semisolid.imaging.results import (
    AngleFit,
    ContactAngleResult,
    ElectrodeAreaResult,
    ReferenceScale,
    YoungLaplaceFit,
)

__all__ = [
    "AngleFit",
    "ContactAngleResult",
    "ElectrodeAreaResult",
    "GreyImage",
    "ReferenceScale",
    "YoungLaplaceFit",
    "measure_contact_angle",
    "measure_electrode_area",
    "read_image",
]
