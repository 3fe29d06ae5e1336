"""The design window over the assessment's uncertainty ensemble (semisolid.electrode.window with
an Ensemble, semisolid.electrode.workflows.find_design_window by default).

References: the engine's own window search (bisection with direct solves of the shipped
database) for an ensemble whose members all equal the shipped set; member-by-member
admissibility from each member's tie line solved by the fit model's Newton solver (not the
lever rules the window uses) at the end states of the electrode bookkeeping of
composition_swing."""

from __future__ import annotations

import json

import numpy as np
import pytest

from semisolid.electrode.electrode import Electrode
from semisolid.electrode.swing import composition_swing
from semisolid.electrode.window import design_window
from semisolid.electrode.workflows import find_design_window
from semisolid.thermo.assessment import Ensemble, load_ensemble
from semisolid.thermo.assessment.model import Model, binary_tie_line

Q = 3 * 36000.0
KW = {"volume_m3": 10e-9, "diameter_m": 7.14e-3}


def _clones(n: int = 3) -> Ensemble:
    """An ensemble whose members are all the shipped coefficients."""
    ens = load_ensemble()
    row = [ens.best[name.split(".")[0]]["ab".index(name.split(".")[1])] for name in ens.names]
    return Ensemble(ens.best, ens.names, np.tile(row, (n, 1)), ens.unaries, dict(ens.meta))


@pytest.mark.slow
def test_identical_members_reproduce_the_engine_window():
    w = design_window(["K", "Na"], "K", Q, 295.15, tol=1e-6, ensemble=_clones(), **KW)
    assert len(w.intervals) == 2
    for iv in w.intervals:
        # the fine scan with lever rules lands on the engine's bisected edges
        for lo, hi, edge in ((iv.x_low_low, iv.x_low_high, iv.x_low),
                             (iv.x_high_low, iv.x_high_high, iv.x_high)):
            assert lo == pytest.approx(hi, abs=1e-12)
            assert lo == pytest.approx(edge, abs=2e-5)
    assert w.uncertainty["members"] == 3 and w.notes == []


@pytest.mark.slow
def test_admissible_fraction_equals_member_by_member_solves():
    ens = load_ensemble()
    x0 = 0.955  # inside the band of the K-rich window's upper edge (0.940-0.967)
    w = find_design_window(["K", "Na"], "K", [Q], [295.15], composition={"K": x0, "Na": 1 - x0},
                           **KW)
    u = w.uncertainty
    assert u["available"] and u["members"] == ens.size
    # independent: end states by the electrode bookkeeping of composition_swing, and every
    # member's (K) + liquid tie line by the fit model's Newton solve: a member admits x0 when
    # both ends lie strictly inside its field
    e = Electrode.from_volume({"K": x0, "Na": 1 - x0}, KW["volume_m3"],
                              diameter_m=KW["diameter_m"], temperature_K=295.15)
    s = composition_swing(e, Q, "K")
    ends = np.array([s.enriched.composition["Na"], s.depleted.composition["Na"]])
    ok = []
    for i in range(1, ens.size + 1):
        model = Model(ens.member_parameters(i), ens.unaries)
        xs, xl = binary_tie_line(model, ("K", "NA"), [("BCC_A2", 0.04), ("LIQUID", 0.16)],
                                 295.15)
        ok.append(bool(np.all((ends > xs) & (ends < xl))))
    ok = np.array(ok)
    assert 0.05 < ok.mean() < 0.95          # a composition near an edge: not all, not none
    assert u["admissible_fraction"] == pytest.approx(ok.mean(), abs=1e-12)
    iv = w.intervals[-1]  # the K-rich window; x0 lies just above its nominal upper edge
    assert iv.x_high_low < x0 < iv.x_high_high
    assert iv.x_low_low <= iv.x_low <= iv.x_low_high
    assert iv.x_high_low <= iv.x_high <= iv.x_high_high


@pytest.mark.slow
def test_json_png_and_when_there_is_no_interval(tmp_path, data_dir):
    png = tmp_path / "w.png"
    w = find_design_window(["K", "Na"], "K", [Q], [295.15], png_path=png, **KW)
    d = json.loads(json.dumps(w.to_dict()))
    for win in d["windows"]:
        assert {"x_low", "x_high", "x_low_low", "x_low_high", "x_high_low",
                "x_high_high"} <= set(win)
    assert d["uncertainty"]["available"] is True and d["uncertainty"]["confidence"] == 0.95
    assert any("edge intervals: 95 % of 200 members" in line for line in w.lines())
    assert png.read_bytes()[:4] == b"\x89PNG"
    x, frac = w.admissible_fraction
    assert frac.min() == 0.0 and frac.max() == 1.0 and x.size == frac.size
    # no ensemble: another database, a ternary, or not asked for
    tdb = str(data_dir / "tdb" / "alzn_mey.tdb")
    w = find_design_window(["Zn", "Al"], "Zn", [Q], [673.15], thickness_m=500e-6, area_m2=1e-4,
                           db_path=tdb, liquid_phases="LIQUID")
    assert w.to_dict()["uncertainty"] == {
        "available": False, "reason": f"the database {tdb} has no uncertainty ensemble"}
    assert "x_low_low" not in w.to_dict()["windows"][0]
    w = find_design_window(["K", "Na"], "K", [Q], [295.15], uncertainty=False, **KW)
    assert w.to_dict()["uncertainty"]["available"] is False


@pytest.mark.slow
def test_the_ensemble_path_refuses_what_it_cannot_do():
    from semisolid.errors import InputError

    with pytest.raises(InputError, match="binaries only"):
        design_window(["K", "Na", "Li"], "K", Q, 295.15, ensemble=load_ensemble(),
                      share=[0.5], n_scan=5, **KW)
    with pytest.raises(InputError, match="confidence"):
        design_window(["K", "Na"], "K", Q, 295.15, ensemble=load_ensemble(), confidence=1.5,
                      n_scan=5, **KW)
