"""95 % intervals of the design numbers (the assessment's ensemble) in the design workflow
and its CLI JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from semisolid.electrode.workflows import design_electrode

MAH_CM2 = 36000.0
A = {"K": 0.95, "Na": 0.05}
GEOM = {"volume_m3": 10e-9, "diameter_m": 7.14e-3}


@pytest.fixture(scope="module")
def design_a():
    return design_electrode(A, 3 * MAH_CM2, temperature_K=295.15, **GEOM)


@pytest.mark.slow
def test_every_fraction_has_interval_companions(design_a):
    d = design_a.to_dict()
    assert d["uncertainty"]["available"] and d["uncertainty"]["members"] >= 100
    for end in ("start", "enriched", "depleted"):
        e = d[end]
        for key in ("liquid_fraction", "solid_fraction", "liquid_volume_fraction",
                    "solid_volume_fraction", "dliquid_fraction_dT_per_K"):
            lo, hi = e[f"{key}_low"], e[f"{key}_high"]
            assert lo <= hi
            # the design's own value (the shipped database) lies inside its 95 % interval
            assert lo - 1e-9 <= e[key] <= hi + 1e-9, (end, key)
        assert e["liquid_fraction_low"] + e["solid_fraction_high"] == pytest.approx(1.0)


def test_intervals_are_the_ensemble_percentiles(design_a):
    """Independent path: the ensemble's members evaluated directly at each end composition."""
    from semisolid.thermo.assessment import load_ensemble

    ens = load_ensemble()
    d = design_a.to_dict()
    for end in ("start", "enriched", "depleted"):
        x_na = d[end]["composition"]["Na"]
        f = ens.liquid_fraction(("K", "Na"), np.array([x_na]), 295.15)[:, 0]
        members = f[1:]
        lo, hi = np.percentile(members, [2.5, 97.5])
        assert d[end]["liquid_fraction_low"] == pytest.approx(lo, abs=1e-9)
        assert d[end]["liquid_fraction_high"] == pytest.approx(hi, abs=1e-9)
        # member 0 is the shipped database: the same number as the design's engine
        assert f[0] == pytest.approx(d[end]["liquid_fraction"], abs=2e-4)


def test_temperature_sensitivity_matches_the_engine(design_a):
    """dliquid/dT of the shipped database against two designs 0.5 K apart (the engine)."""
    hot = design_electrode(A, 3 * MAH_CM2, temperature_K=295.65, uncertainty=False, **GEOM)
    cold = design_electrode(A, 3 * MAH_CM2, temperature_K=294.65, uncertainty=False, **GEOM)
    d, h, c = design_a.to_dict(), hot.to_dict(), cold.to_dict()
    for end in ("start", "enriched", "depleted"):
        slope = h[end]["liquid_fraction"] - c[end]["liquid_fraction"]  # per K (1 K apart)
        assert d[end]["dliquid_fraction_dT_per_K"] == pytest.approx(slope, abs=5e-4)
    assert h["uncertainty"] == {"available": False, "reason": "not asked for"}


@pytest.fixture
def tdb(data_dir):
    return lambda name: str(data_dir / "tdb" / name)


@pytest.mark.slow
def test_no_interval_says_why(tdb):
    r = design_electrode({"Pb": 0.9, "Sn": 0.1}, 0.1 * MAH_CM2, temperature_K=500.0,
                         volume_m3=10e-9, diameter_m=7.14e-3, db_path=tdb("pbsn.tdb"),
                         working_ion="Sn", charge=2)
    d = r.to_dict()
    assert d["uncertainty"]["available"] is False
    assert "ensemble" in d["uncertainty"]["reason"] or "charge" in d["uncertainty"]["reason"]
    assert not any(k.endswith("_low") for k in d["start"])


def test_cli_json_has_the_companions():
    from typer.testing import CliRunner

    from semisolid.cli import app

    res = CliRunner().invoke(app, ["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL",
                                   "--diameter", "7.14mm", "--areal-capacity", "3mAh/cm2",
                                   "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert {"liquid_fraction_low", "liquid_fraction_high"} <= set(d["enriched"])
    assert d["uncertainty"]["confidence"] == 0.95


# --------------------------------------------------------------------------- design maps


@pytest.fixture(scope="module")
def map_with_intervals():
    from semisolid.electrode.maps import add_intervals, design_map

    ds = design_map(["K", "Na"], "K", np.linspace(0.85, 0.99, 15), [3 * MAH_CM2],
                    [293.15, 295.15], volume_m3=10e-9, area_m2=0.4004e-4)
    return ds, add_intervals(ds)


@pytest.mark.slow
def test_map_intervals_are_the_ensemble_percentiles(map_with_intervals):
    from semisolid.thermo.assessment import load_ensemble

    ds, u = map_with_intervals
    assert "liquid_fraction_enriched_low" not in ds  # the input is not modified
    pt = u.isel(x_K=5, areal_capacity_mAh_cm2=0, temperature_K=1)
    x_na = 1.0 - float(pt.x_K_enriched)
    f = load_ensemble().liquid_fraction(("K", "Na"), np.array([x_na]), 295.15)[1:, 0]
    lo, hi = np.percentile(f, [2.5, 97.5])
    assert float(pt.liquid_fraction_enriched_low) == pytest.approx(lo, abs=1e-12)
    assert float(pt.liquid_fraction_enriched_high) == pytest.approx(hi, abs=1e-12)


@pytest.mark.slow
def test_window_over_the_interval_lies_inside_the_window(map_with_intervals):
    from semisolid.electrode.maps import window_rows

    _, u = map_with_intervals
    assert bool((u.semi_solid_interval <= u.semi_solid).all())
    for row in window_rows(u):
        (lo, hi), = row["windows"]
        for a, b in row["windows_interval"]:
            assert lo <= a <= b <= hi


@pytest.mark.slow
def test_map_intervals_refused_where_there_is_no_ensemble(tdb):
    from semisolid.electrode.maps import add_intervals, design_map
    from semisolid.errors import InputError

    ds = design_map(["Pb", "Sn"], "Sn", [0.3, 0.5], [0.1 * MAH_CM2], [500.0],
                    volume_m3=10e-9, area_m2=0.4e-4, db_path=tdb("pbsn.tdb"), charge=2)
    with pytest.raises(InputError, match="Li, Na and K"):
        add_intervals(ds)
