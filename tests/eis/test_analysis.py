"""The impedance workflow: conductivity against sigma = L / (R A) of a synthetic blocking
spectrum, refusals, series diagnosis and the file-level batch."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.eis import analyse_file, analyse_spectrum, diagnose_series
from semisolid.errors import FileFormatError, InputError
from semisolid.io import read_spectra
from semisolid.io.data import Spectrum

F = np.logspace(6, -1, 50)


def _blocking(r0=40.0, r1=60.0):
    """Bulk r0, grain boundary r1 || CPE, blocking CPE (exact, no noise)."""
    w = 2 * np.pi * F
    return Spectrum(F, r0 + 1 / (1 / r1 + 1e-7 * (1j * w) ** 0.9) + 1 / (1e-5 * (1j * w) ** 0.9))


def test_conductivity_is_length_over_resistance_times_area():
    a = analyse_spectrum(_blocking(), "R0-p(R1,CPE1)-CPE2", thickness_m=2e-3, area_m2=0.5e-4,
                         resistances=["R0", "R1"])
    # sigma = L / ((R0 + R1) A) = 2e-3 / (100 * 0.5e-4) = 0.4 S/m
    assert a.conductivity.conductivity_S_m == pytest.approx(0.4, rel=1e-4)
    d = a.to_dict()
    assert d["conductivity_mS_cm"] == pytest.approx(4.0, rel=1e-4)
    assert d["electrolyte_resistance_Ohm"] == pytest.approx(100.0, rel=1e-4)
    assert d["resistances"] == ["R0", "R1"] and d["conductivity_notes"] == []
    assert any("ionic conductivity: 4 mS/cm" in line for line in a.lines())


def test_the_blocking_default_sums_r0_and_r1_and_one_resistor_can_be_named():
    a = analyse_spectrum(_blocking(), "R0-p(R1,CPE1)-CPE2", thickness_m=1e-3, area_m2=1e-4)
    assert a.conductivity.resistances == ("R0", "R1")
    assert a.conductivity.conductivity_S_m == pytest.approx(1e-3 / (100.0 * 1e-4), rel=1e-4)
    bulk = analyse_spectrum(_blocking(), "R0-p(R1,CPE1)-CPE2", thickness_m=1e-3,
                            area_m2=1e-4, resistances=["R0"])
    assert bulk.conductivity.conductivity_S_m == pytest.approx(1e-3 / (40.0 * 1e-4), rel=1e-4)


def test_no_geometry_no_conductivity_and_half_a_geometry_is_refused():
    a = analyse_spectrum(_blocking(), "R0-p(R1,CPE1)-CPE2")
    assert a.conductivity is None and "conductivity_S_m" not in a.to_dict()
    assert a.area_specific is None and "area_specific" not in a.to_dict()
    with pytest.raises(InputError, match=r"^area_m2: the ionic conductivity needs both"):
        analyse_spectrum(_blocking(), thickness_m=1e-3)
    # the area alone: the area-specific parameters, no conductivity
    b = analyse_spectrum(_blocking(), "R0-p(R1,CPE1)-CPE2", area_m2=2e-4)
    assert b.conductivity is None and b.area_specific.area_cm2 == pytest.approx(2.0)
    assert b.area_specific.parameters["R0"] == pytest.approx(2.0 * b.fit.parameters["R0"])
    assert b.to_dict()["area_specific"]["units"]["CPE2_Q"] == "S s^alpha/cm2"


def test_a_custom_circuit_needs_its_electrolyte_resistors_named():
    """The library never sums every resistor of a circuit it was not told about."""
    with pytest.raises(InputError, match=r"^resistances: name the electrolyte resistors of "
                                         r"R0-p\(R1,CPE1\) among R0, R1"):
        analyse_spectrum(_blocking(), "R0-p(R1,CPE1)", thickness_m=1e-3, area_m2=1e-4)
    with pytest.raises(InputError, match=r"'CPE1_Q' is not a resistance"):
        analyse_spectrum(_blocking(), "R0-p(R1,CPE1)", thickness_m=1e-3, area_m2=1e-4,
                         resistances=["CPE1_Q"])


@pytest.mark.slow
def test_file_analysis_uses_the_series_diagnosis(data_dir, tmp_path):
    """cellpy's biol.mpr holds five spectra between galvanostatic steps: one of them alone
    is diagnosed against the earlier ones of its cell, as in the whole series."""
    path = data_dir / "echem" / "cellpy" / "biol.mpr"
    spectra = list(read_spectra(path))
    series = diagnose_series(spectra)
    (a,) = analyse_file(path, spectrum_index=3, plot_dir=tmp_path)
    assert a.spectrum.index == 3 and a.file == str(path)
    assert a.diagnosis.to_dict() == series[3].to_dict()
    assert (tmp_path / "biol_nyquist.png").read_bytes()[:4] == b"\x89PNG"
    assert [x.spectrum.index for x in analyse_file(path)] == [0, 1, 2, 3, 4]
    with pytest.raises(InputError, match=r"^spectrum_index: 5 is out of range: the file has "
                                         r"5 spectra \(0..4\)"):
        analyse_file(path, spectrum_index=5)


def test_a_file_without_spectra_is_refused(tmp_path):
    p = tmp_path / "cycling.csv"
    p.write_text("time/s,Ewe/V,control/mA\n0,0.1,1\n1,0.1,1\n2,-0.1,-1\n")
    with pytest.raises(FileFormatError, match=r"holds no impedance spectrum"):
        analyse_file(p)
