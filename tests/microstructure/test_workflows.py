"""The microstructure workflow: presets, refusals before any work, the PNG read back."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from semisolid.errors import InputError
from semisolid.microstructure import PRESETS, run_microstructure


def test_preset_and_png(tmp_path):
    run = run_microstructure("A", size_px=48, n_nuclei=20, seed=3, image_path=tmp_path / "a.png")
    d = run.to_dict()
    assert d["target_liquid_fraction"] == PRESETS["A"] and d["image"] == str(tmp_path / "a.png")
    img = np.asarray(Image.open(tmp_path / "a.png"))
    assert np.mean(img == 255) == pytest.approx(d["liquid_fraction"], abs=1e-12)  # liquid white
    (title, _, rows), = run.tables()
    assert title == "time-cone microstructure" and rows[-1] == ["image", str(tmp_path / "a.png")]


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"image_path": "b.jpg"}, "^image_path: 'b.jpg': the image is written as PNG"),
    ({"memory_limit_gib": 0.0}, "^memory_limit_gib: 0.0 must be a positive finite number"),
    ({"size_px": 8, "n_nuclei": 1000}, r"^n_nuclei: 1000 nuclei do not fit in a 8\^2 grid"),
])
def test_refusals(kwargs, match):
    with pytest.raises(InputError, match=match):
        run_microstructure(0.5, **kwargs)
    with pytest.raises(InputError, match=r"^preset: unknown preset 'Q'"):
        run_microstructure("Q", size_px=16, n_nuclei=4)
