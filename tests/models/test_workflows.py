"""Model workflows: predictions for the paper's electrodes and a virtual cell to a file."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.errors import InputError
from semisolid.io import read
from semisolid.models import flow_ccd, predict_ccd, run_virtual_cell
from semisolid.models import virtual_cell as vc


def test_predictions_cover_every_preset_in_order():
    r = predict_ccd(rheology="viscous")
    assert [p.electrode for p in r.results] == list(flow_ccd.ELECTRODE_PRESETS)
    b = predict_ccd("B", liquid_fraction=0.3, rheology="viscous").results[0]
    assert b.to_dict() == flow_ccd.predict(flow_ccd.electrode_spec("B", 0.3)).to_dict()
    assert r.calibration is None and "calibration" not in r.to_dict()
    assert r.tables()[0][0] == "Flow-limited CCD (viscous), mA/cm2"
    with pytest.raises(InputError, match=r"^rheology: unknown rheology 'plastic'"):
        predict_ccd(rheology="plastic")
    with pytest.raises(InputError, match=r"^electrode: unknown electrode 'Q'"):
        predict_ccd("Q")


def test_creep_is_the_default_and_keeps_every_json_key_of_the_flow_model():
    creep = predict_ccd("K")
    flow = predict_ccd("K", rheology="viscous")
    assert creep.rheology == "creep" and creep.results[0].model == "creep"
    old, new = flow.to_dict()["results"][0], creep.to_dict()["results"][0]
    assert set(old) <= set(new)                     # keys added, none renamed
    assert {"temperature_K", "stack_pressure_Pa", "limited_by"} <= set(new)
    hot = predict_ccd("K", temperature_K=313.15, stack_pressure_Pa=1e6).results[0]
    assert (hot.temperature_K, hot.stack_pressure_Pa) == (313.15, 1e6)
    assert hot.mean_ccd_mA_cm2 > creep.results[0].mean_ccd_mA_cm2
    assert creep.tables()[0][0] == "Creep-limited CCD, mA/cm2 (22 °C, 1.5 MPa)"
    with pytest.raises(InputError, match=r"^stack_pressure_Pa: temperature and stack pressure"):
        predict_ccd("K", rheology="bingham", stack_pressure_Pa=1e6)


def test_virtual_cell_to_files(tmp_path):
    run = run_virtual_cell("K/KBA/K", seed=1, out=tmp_path / "k.csv",
                           temperature_K=None, area_m2=None)  # None keeps the preset's value
    ref = vc.simulate_cell(vc.cell_preset("K/KBA/K", seed=1))
    assert run.to_dict()["true_ccd_mA_cm2"] == ref.metadata.extra["true_ccd_mA_cm2"]
    assert [p.name for p in run.files] == ["k.csv", "k_eis.csv"]
    assert run.to_dict()["rows"] == len(ref)  # the CSV holds the galvanostatic rows:
    assert len(read(tmp_path / "k.csv")) == int(np.isfinite(ref.set_current_A).sum())
    mpt = run_virtual_cell("Li/LLZTO/Li", seed=2, out=tmp_path / "trace.txt", format="mpt")
    assert mpt.files[0].read_bytes().startswith(b"EC-Lab ASCII FILE")
    few = run_virtual_cell("K/KBA/K", seed=1, points_per_half_cycle=10)
    assert few.to_dict()["rows"] < run.to_dict()["rows"] and few.files == []


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"seed": -1}, "^seed: -1 must be a non-negative integer"),
    ({"out": "x.docx"}, "^out: unknown suffix of 'x.docx'; expected csv or mpt"),
    ({"out": "x.csv", "format": "xlsx"}, "^format: unknown format 'xlsx'"),
    ({"points_per_half_cycle": 5}, "^points_per_half_cycle: need at least 10 points"),
    ({"area_m2": -1.0}, "^area_m2: "),
])
def test_virtual_cell_refusals(kwargs, match, tmp_path):
    with pytest.raises(InputError, match=match):
        run_virtual_cell("K/KBA/K", **kwargs)
    assert list(tmp_path.iterdir()) == []
