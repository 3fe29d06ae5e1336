"""Electrode-design workflows against Faraday's law and mole bookkeeping by hand."""

from __future__ import annotations

import pandas as pd
import pytest
import xarray as xr

from semisolid.electrode import design_electrode, write_design_map
from semisolid.errors import InputError

FARADAY = 96485.33212
MAH_CM2 = 36000.0


@pytest.mark.pycalphad
def test_design_swing_thickness_is_faraday_times_molar_volume(paper_geometry):
    """Volume-additive rule of mixtures with every phase at its solid density (the paper's
    Methods): the enriched end grows by q V_K / F, with the molar volume of solid K,
    39.0983 g/mol / 0.862 g/cm3."""
    g = paper_geometry
    r = design_electrode({"K": 0.95, "Na": 0.05}, g["areal_capacity_C_m2"],
                         volume_m3=g["volume_m3"], diameter_m=g["diameter_m"],
                         temperature_K=g["temperature_K"], engine="pycalphad",
                         liquid_basis="solid")
    d = r.to_dict()
    dh_um = g["areal_capacity_C_m2"] / FARADAY * (39.0983 / 0.862) * 1e-6 * 1e6
    assert d["enriched"]["thickness_change_um"] == pytest.approx(dh_um, rel=1e-3)
    assert d["depleted"]["thickness_change_um"] == pytest.approx(-dh_um, rel=1e-3)
    assert d["start"]["composition"] == {"K": 0.95, "Na": 0.05}  # echoed, not 0.95000..01
    (title, _, rows), = r.tables()
    assert title.startswith("symmetric cell, 3 mAh/cm2, 295.15 K, working ion K")
    assert [row[0] for row in rows] == ["start", "enriched", "depleted"]
    assert r.lines()[1].startswith("sources: ")
    assert r.lines()[-1].startswith("intervals: 95 % of ")
    # the start fills exactly the volume asked for, on either basis
    assert d["start"]["volume_uL"] == pytest.approx(10.0, rel=1e-12)
    r = design_electrode({"K": 0.95, "Na": 0.05}, g["areal_capacity_C_m2"],
                         volume_m3=g["volume_m3"], diameter_m=g["diameter_m"],
                         temperature_K=g["temperature_K"])
    assert r.to_dict()["start"]["volume_uL"] == pytest.approx(10.0, rel=1e-12)
    assert r.to_dict()["conditions"]["start_volume_uL"] == pytest.approx(10.0, rel=1e-12)


def test_half_cell_may_plate_an_element_the_electrode_lacks():
    """Na plated onto pure K: x_Na of the enriched end = n_Na / (n_K + n_Na), with
    n_Na = q A / F and n_K = thickness A / V_K."""
    area, q, t = 0.4e-4, 1 * MAH_CM2, 250e-6
    r = design_electrode({"K": 1.0}, q, thickness_m=t, area_m2=area, cell="half",
                         working_ion="Na", engine="semisolid")
    n_na = q * area / FARADAY
    n_k = t * area / (39.0983 / 0.862 * 1e-6)
    assert r.swing.enriched.composition["Na"] == pytest.approx(n_na / (n_k + n_na), rel=1e-6)
    with pytest.raises(InputError, match=r"^working_ion: Na is not in the alloy \(K\)"):
        design_electrode({"K": 1.0}, q, thickness_m=t, area_m2=area, working_ion="Na")


def test_design_refusals():
    comp, q = {"K": 0.95, "Na": 0.05}, 3 * MAH_CM2
    with pytest.raises(InputError, match=r"^volume_m3: give exactly one of the volume and"):
        design_electrode(comp, q, diameter_m=7.14e-3)
    with pytest.raises(InputError, match=r"^area: give exactly one of area and diameter"):
        design_electrode(comp, q, volume_m3=1e-8)
    with pytest.raises(InputError, match=r"^working_ion: 'Xx' is not a chemical element"):
        design_electrode(comp, q, volume_m3=1e-8, diameter_m=7.14e-3, working_ion="Xx")


@pytest.mark.slow
@pytest.mark.pycalphad
def test_design_map_files_read_back(tmp_path):
    args = (["K", "Na"], "K", [0.9, 0.95], [MAH_CM2, 3 * MAH_CM2], [295.15])
    kw = {"volume_m3": 10e-9, "diameter_m": 7.14e-3, "engine": "pycalphad"}
    nc = write_design_map(tmp_path / "m.nc", *args, png_path=tmp_path / "m.png", **kw)
    csv = write_design_map(tmp_path / "m.csv", *args, **kw)
    assert nc.dims == {"x_K": 2, "areal_capacity_mAh_cm2": 2, "temperature_K": 1}
    assert nc.n_states == 8 and (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    with xr.open_dataset(tmp_path / "m.nc", engine="scipy") as ds:
        frac = float(ds.semi_solid.astype(bool).mean())
        lf = ds.liquid_fraction_enriched.values.ravel()
    df = pd.read_csv(tmp_path / "m.csv")
    assert frac == pytest.approx(nc.semi_solid_fraction) == pytest.approx(csv.semi_solid_fraction)
    assert sorted(df["liquid_fraction_enriched"]) == pytest.approx(sorted(lf), rel=1e-12)
    assert nc.lines()[0].startswith(f"wrote {tmp_path / 'm.nc'} (8 end states")
    with pytest.raises(InputError, match=r"^path: .* must end in .nc or .csv"):
        write_design_map(tmp_path / "m.xlsx", *args, **kw)
    with pytest.raises(InputError, match=r"^png_path: .* must end in .png"):
        write_design_map(tmp_path / "m.csv", *args, png_path=tmp_path / "m.jpg", **kw)
    with pytest.raises(InputError, match=r"^area_m2: give exactly one of the area and"):
        write_design_map(tmp_path / "m.csv", *args, volume_m3=1e-8)
    assert not (tmp_path / "m.xlsx").exists()
