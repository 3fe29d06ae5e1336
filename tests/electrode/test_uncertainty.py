"""Design numbers with ensemble intervals (semisolid.electrode.uncertainty): the value equals the
independent pycalphad path of composition_swing, the interval brackets it, the JSON carries
``_low``/``_high`` companions, and what the ensemble does not cover is refused."""

from __future__ import annotations

import pytest

from semisolid.electrode.electrode import Electrode
from semisolid.electrode.swing import composition_swing
from semisolid.electrode.uncertainty import ensemble_covers, swing_uncertainty
from semisolid.errors import InputError

CAPACITY = 3 * 36000.0  # 3 mAh/cm2


def _cell(x_k: float, T: float = 295.15) -> Electrode:
    return Electrode.from_volume({"K": x_k, "Na": 1 - x_k}, 10e-9, diameter_m=7.14e-3,
                                 temperature_K=T)


@pytest.mark.slow
@pytest.mark.pycalphad
@pytest.mark.parametrize("x_k", [0.95, 0.90])
def test_values_equal_the_pycalphad_swing(x_k):
    e = _cell(x_k)
    u = swing_uncertainty(e, CAPACITY, "K")
    ref = composition_swing(e, CAPACITY, "K", engine="pycalphad")
    for label in ("start", "enriched", "depleted"):
        got = u.ends[label]
        want = getattr(ref, label)
        assert got.liquid_fraction.value == pytest.approx(want.liquid_fraction, abs=2e-4)
        assert got.composition["Na"] == pytest.approx(want.composition["Na"], rel=1e-9)
        lf = got.liquid_fraction
        assert lf.low <= lf.high and 0.0 <= lf.low and lf.high <= 1.0


def test_json_has_low_high_companions():
    d = swing_uncertainty(_cell(0.90), CAPACITY, "K").to_dict()
    for label in ("start", "enriched", "depleted"):
        for key in ("liquid_fraction", "dliquid_fraction_dT_per_K"):
            assert {key, f"{key}_low", f"{key}_high"} <= set(d[label]), (label, key)
            assert d[label][f"{key}_low"] <= d[label][f"{key}_high"]
    assert d["uncertainty"]["confidence"] == 0.95
    assert d["uncertainty"]["members"] >= 100


def test_half_cell_has_one_end_and_more_liquid_when_warmer():
    u = swing_uncertainty(_cell(0.90), CAPACITY, "K", cell="half", direction="strip")
    assert set(u.ends) == {"start", "depleted"}
    # Na enrichment melts more of the (K) + L electrode: the depleted end has more liquid
    assert u.ends["depleted"].liquid_fraction.value > u.ends["start"].liquid_fraction.value
    # and the semi-solid liquid fraction rises with temperature (liquidus moves to K)
    assert u.ends["start"].dliquid_fraction_dT_per_K.value > 0
    assert "members" in repr(u) and u.to_frame().shape == (2, 6)


def test_ternary_and_bad_arguments_are_refused():
    assert ensemble_covers({"Na": 0.3, "K": 0.7})
    assert not ensemble_covers({"Li": 0.5, "Na": 0.3, "K": 0.2})
    tern = Electrode.from_moles({"Li": 1e-4, "Na": 1e-5, "K": 1e-5}, area_m2=0.4e-4)
    with pytest.raises(InputError, match="binary"):
        swing_uncertainty(tern, CAPACITY, "Li")
    with pytest.raises(InputError, match="cell"):
        swing_uncertainty(_cell(0.9), CAPACITY, "K", cell="triple")
    with pytest.raises(InputError, match="Rb"):
        swing_uncertainty(_cell(0.9), CAPACITY, "Rb")
    with pytest.raises(InputError, match="no uncertainty ensemble"):
        swing_uncertainty(_cell(0.9), CAPACITY, "K", db_path=__file__)
    with pytest.raises(InputError, match="stripped"):
        swing_uncertainty(Electrode.from_moles({"Na": 1e-4}, area_m2=0.4e-4), CAPACITY, "K")
