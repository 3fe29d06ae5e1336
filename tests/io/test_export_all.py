"""Export of every column of a file (SI, unit-named headers), Parquet that keeps the
metadata, pyarrow as an optional extra, and readers added through entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from semisolid.errors import InputError
from semisolid.io import read, write
from semisolid.io.tables import read_parquet_metadata, si_header


@pytest.mark.slow  # writes and reads 23 561 rows x 44 columns as CSV
def test_all_columns_of_an_mpr_file(tmp_path, biol):
    (p,) = write(biol, tmp_path / "biol.csv", all_columns=True)
    t = pd.read_csv(p)
    # every canonical column and every column of the file
    assert len(t.columns) == len(biol.to_frame().columns) + len(biol.extra)
    assert len(t) == len(biol) == 23561
    # unit conversions against the file's own columns
    def si(name, factor):
        return biol.extra[name].astype(float) * factor

    np.testing.assert_array_equal(t["I_A"], si("I/mA", 1e-3))
    np.testing.assert_array_equal(t["I_A"], biol.current_A)  # the canonical current
    np.testing.assert_array_equal(t["(Q-Qo)_C"], si("(Q-Qo)/mA.h", 3.6))
    np.testing.assert_array_equal(t["Capacitance charge_F"], si("Capacitance charge/µF", 1e-6))
    assert (t["Ns"] == biol.step_index).all()
    assert "control_A" in t.columns  # control/mA of the Modulo Bat file
    # the canonical columns read back as before
    back = read(p)
    np.testing.assert_array_equal(back.time_s, biol.time_s)
    np.testing.assert_array_equal(back.set_current_A, biol.set_current_A)


def test_parquet_keeps_metadata_and_units(tmp_path, gcpl):
    pytest.importorskip("pyarrow")
    (p,) = write(gcpl, tmp_path / "gcpl.parquet", all_columns=True)
    t = pd.read_parquet(p)
    assert t.shape == (46102, 6 + len(gcpl.extra))
    m = read_parquet_metadata(p)
    assert m["metadata"]["format"] == "biologic-mpr"
    assert m["metadata"]["start_time"] == "2020-10-26T12:49:58.000"
    assert m["metadata"]["sha256"] == gcpl.metadata.sha256
    assert m["units"]["time_s"] == "s" and m["units"]["dq_C"] == "C"
    assert m["units"]["control_V_or_mA"] == "V or mA"
    np.testing.assert_array_equal(t["dq_C"], gcpl.extra["dq/mA.h"] * 3.6)


def test_missing_pyarrow_names_the_extra():
    from semisolid.io.tables import _pyarrow

    with pytest.raises(InputError, match=r"pip install semisolid\[parquet\]"):
        _pyarrow("pyarrow_is_not_installed")


def test_unknown_writer_option_lists_the_options(tmp_path, biol):
    with pytest.raises(InputError, match=r"the biologic-mpt writer does not take 'what'"):
        write(biol, tmp_path / "x.mpt", what="cycling")
    with pytest.raises(InputError, match=r"all_columns writes the rows"):
        write(biol, tmp_path / "x.csv", what="spectra", all_columns=True)


@pytest.mark.parametrize(("name", "unit", "expect"), [
    ("Ewe/V", None, ("Ewe_V", 1.0, "V")), ("<I>/mA", None, ("<I>_A", 1e-3, "A")),
    ("Energy charge/W.h", None, ("Energy charge_J", 3600.0, "J")),
    ("freq/Hz", None, ("freq_Hz", 1.0, "Hz")), ("Phase(Z)/deg", None, ("Phase(Z)_deg", 1.0,
                                                                      "deg")),
    ("Current(mA)", "mA", ("Current_A", 1e-3, "A")), ("U[V]", "V", ("U_V", 1.0, "V")),
    ("cycle number", "", ("cycle number", 1.0, "")),
])
def test_si_headers(name, unit, expect):
    assert si_header(name, unit) == expect


# ---------------------------------------------------------------- reader entry points

PLUGIN = '''
import numpy as np
from semisolid.io import CyclingData


def read_xyz(path, **options):
    """Reads two-column 'time voltage' text files."""
    d = np.loadtxt(path)
    return CyclingData.from_arrays(d[:, 0], d[:, 1], np.zeros(len(d)))


read_xyz.extensions = [".xyz"]
read_xyz.description = "demo plugin"


def broken(path, **options):
    raise RuntimeError("never called")
'''


@pytest.mark.slow
def test_reader_from_an_entry_point_of_another_distribution(tmp_path):
    site = tmp_path / "site"
    dist = site / "semisolid_xyz-1.0.dist-info"
    dist.mkdir(parents=True)
    (site / "semisolid_xyz.py").write_text(PLUGIN)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: semisolid-xyz\n"
                                   "Version: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[semisolid.readers]\nxyz = semisolid_xyz:read_xyz\n"
        "csv = semisolid_xyz:broken\nmissing = semisolid_xyz:no_such_function\n")
    data = tmp_path / "run.xyz"
    data.write_text("0 0.1\n1 0.2\n2 0.3\n")
    code = textwrap.dedent(f"""
        import json
        from semisolid.io import read, supported_formats
        from semisolid.io.registry import REGISTRY
        rec = read({str(data)!r})
        print(json.dumps({{"formats": supported_formats(), "voltage": rec.voltage_V.tolist(),
                          "source": REGISTRY.get("xyz").source,
                          "errors": REGISTRY.plugin_errors}}))
    """)
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert "xyz" in got["formats"] and got["voltage"] == [0.1, 0.2, 0.3]
    assert got["source"] == "entry point xyz (semisolid_xyz:read_xyz)"
    # a plugin never replaces a built-in reader, and a broken one is skipped, not raised
    assert any("'csv' is taken" in e for e in got["errors"])
    assert any("missing" in e and "AttributeError" in e for e in got["errors"])


# ---------------------------------------------------------------- the CLI parts


@pytest.mark.slow
def test_cli_inspect_with_a_preset_and_export_all_columns(tmp_path, echem_dir):
    from typer.testing import CliRunner

    from semisolid.cli import app

    runner = CliRunner()
    maccor = echem_dir / "cyclers" / "maccor_001_head.txt"
    res = runner.invoke(app, ["inspect", str(maccor), "--json"])
    assert res.exit_code == 0, res.output
    info = json.loads(res.stdout)
    assert info["format"] == "maccor-txt" and info["rows"] == 520
    res = runner.invoke(app, ["inspect", str(maccor), "--preset", "arbin"])
    assert res.exit_code == 2 and "no header line with the arbin columns" in res.output
    out = tmp_path / "maccor.csv"
    res = runner.invoke(app, ["export", str(maccor), str(out), "--all-columns"])
    assert res.exit_code == 0, res.output
    assert "520 rows, all columns" in res.stdout
    t = pd.read_csv(out)
    assert {"time_s", "current_A", "Amp-hr_C", "Watt-hr_J", "ACImp_Ohm"} <= set(t.columns)
    rec = read(maccor)
    np.testing.assert_array_equal(t["Amp-hr_C"], rec.extra["Amp-hr"] * 3600.0)


def test_cli_eis_area_alone_gives_area_specific_parameters(data_dir):
    from typer.testing import CliRunner

    from semisolid.cli import app

    path = data_dir / "echem/impedance_py/exampleDataBioLogic.mpt"
    res = CliRunner().invoke(app, ["eis", str(path), "--area", "0.5cm2", "--json"])
    assert res.exit_code == 0, res.output
    (out,) = json.loads(res.stdout)
    a = out["area_specific"]
    assert a["area_cm2"] == pytest.approx(0.5)
    assert a["units"] == {"R0": "Ohm cm2", "R1": "Ohm cm2", "CPE1_Q": "S s^alpha/cm2",
                          "CPE1_alpha": "1"}
    p = out["parameters"]
    assert a["parameters"]["R1"] == pytest.approx(p["R1"] * 0.5, rel=1e-12)
    assert a["parameters"]["CPE1_Q"] == pytest.approx(p["CPE1_Q"] / 0.5, rel=1e-12)
    assert "conductivity_S_m" not in out  # no thickness: no conductivity
