"""CLI: ``semisolid eis`` (JSON contract, bad input, the ionic conductivity through the
library)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from semisolid.cli import app

runner = CliRunner()


@pytest.mark.slow
def test_cli_json_carries_the_degenerate_flag(data_dir):
    """The CLI's JSON carries the flag and the notes of a degenerate fit (the library side
    is tested in tests/eis/test_eis.py); inf standard errors become null."""
    path = data_dir / "echem/impedance_py/exampleDataBioLogic.mpt"
    res = CliRunner().invoke(app, ["eis", str(path), "--circuit", "R0-p(R1,CPE1)-CPE2",
                                   "--json"])
    assert res.exit_code == 0, res.output
    (out,) = json.loads(res.stdout)
    assert out["success"] is True and out["well_determined"] is False
    assert any(x.startswith("CPE2_Q: ") for x in out["notes"])


@pytest.mark.slow
def test_cli_eis_json(data_dir):
    res = CliRunner().invoke(app, ["eis", str(data_dir / "echem/impedance_py/exampleData.csv"),
                                   "--circuit", "R0-p(R1,CPE1)-W1", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out[0]["circuit"] == "R0-p(R1,CPE1)-W1" and out[0]["kk_passed"]
    assert set(out[0]["ci95"]) == {"R0", "R1", "CPE1_Q", "CPE1_alpha", "W1"}
    bad = CliRunner().invoke(app, ["eis", str(data_dir / "echem/impedance_py/exampleData.csv"),
                                   "--circuit", "R0-p(R1,Q1)"])
    assert bad.exit_code == 2 and "unknown element 'Q1'" in bad.output


# --- the ionic conductivity goes through the library ------------------------------------

@pytest.fixture(scope="module")
def peis():
    """The shipped PEIS sample (one arc on a series resistance; 43 points)."""
    from semisolid.samples import sample_path

    return sample_path("peis")


GEOMETRY = ["--thickness", "1mm", "--area", "1cm2"]


def test_conductivity_refused_like_the_library(peis):
    """The default circuit R0-p(R1,CPE1) is not the blocking-electrode circuit: the library
    refuses to guess which resistors are the electrolyte's, and so does the CLI (it used to
    sum every resistor and print 0.0895 S/m)."""
    from semisolid.eis import conductivity_from_spectrum
    from semisolid.errors import InputError
    from semisolid.io import read_spectra

    (s,) = read_spectra(peis)
    with pytest.raises(InputError, match=r"^resistances: name the electrolyte resistors"):
        conductivity_from_spectrum(s, 1e-3, 1e-4, circuit="R0-p(R1,CPE1)")
    r = runner.invoke(app, ["eis", str(peis), *GEOMETRY, "--json"])
    assert r.exit_code == 2 and r.stdout == ""
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith("error: --resistances: name the electrolyte resistors of "
                           "R0-p(R1,CPE1) among R0, R1"), line
    assert "resistances=" not in line and "[" not in line  # no Python syntax


@pytest.mark.slow
def test_conductivity_of_named_resistors(peis):
    """With the resistors named, sigma = L / ((R0 + R1) A) from the fitted values, the
    library's number to the last digit."""
    from semisolid.eis import conductivity_from_spectrum
    from semisolid.io import read_spectra

    r = runner.invoke(app, ["eis", str(peis), *GEOMETRY, "--resistances", "R0,R1", "--json"])
    assert r.exit_code == 0, r.output
    (out,) = json.loads(r.stdout)
    p = out["parameters"]
    assert out["conductivity_S_m"] == pytest.approx(1e-3 / ((p["R0"] + p["R1"]) * 1e-4),
                                                    rel=1e-12)
    assert out["conductivity_mS_cm"] == pytest.approx(10 * out["conductivity_S_m"], rel=1e-12)
    assert out["resistances"] == ["R0", "R1"] and out["conductivity_notes"] == []
    assert out["conductivity_S_m"] == pytest.approx(0.0895, abs=5e-4)  # measured: 0.08948
    (s,) = read_spectra(peis)
    lib = conductivity_from_spectrum(s, 1e-3, 1e-4, circuit="R0-p(R1,CPE1)",
                                     resistances=["R0", "R1"])
    assert out["conductivity_S_m"] == pytest.approx(lib.conductivity_S_m, rel=1e-9)
    text = runner.invoke(app, ["eis", str(peis), *GEOMETRY, "--resistances", "R0,R1"])
    assert text.exit_code == 0 and "ionic conductivity: 0.8948 mS/cm" in text.stdout


@pytest.mark.slow
def test_conductivity_of_the_blocking_circuit_carries_the_library_notes(peis):
    """With the blocking-electrode circuit the library sums R0 + R1 by itself; on this
    non-blocking spectrum CPE2 takes the low-frequency end and R0 is not determined, which
    the library notes and the CLI shows."""
    args = ["eis", str(peis), "--circuit", "R0-p(R1,CPE1)-CPE2", *GEOMETRY]
    r = runner.invoke(app, [*args, "--json"])
    assert r.exit_code == 0, r.output
    (out,) = json.loads(r.stdout)
    assert out["resistances"] == ["R0", "R1"]
    assert any("uses R0, which the fit does not determine" in n
               for n in out["conductivity_notes"])
    text = runner.invoke(app, args)
    assert "note: the electrolyte resistance uses R0" in text.stdout


@pytest.mark.parametrize(("args", "shown"), [
    (["--thickness", "1mm"], "--area: the ionic conductivity needs both"),
    ([*GEOMETRY, "--resistances", "CPE1_Q"], "--resistances: 'CPE1_Q' is not a resistance"),
    ([*GEOMETRY, "--resistances", "R7"], "--resistances: 'R7' is not a parameter"),
    (["--thickness", "1mA", "--area", "1cm2"], "--thickness: '1mA' has units of current"),
])
def test_conductivity_mistakes_name_the_option(peis, args, shown):
    r = runner.invoke(app, ["eis", str(peis), *args])
    assert r.exit_code == 2 and r.stdout == ""
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith(f"error: {shown}"), line
