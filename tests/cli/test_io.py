"""CLI: ``semisolid inspect`` and ``export``."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from semisolid.cli import app
from semisolid.io import read
from semisolid.io.data import file_sha256

runner = CliRunner()


@pytest.fixture(scope="module")
def files(echem):
    """The sample files of the io tests (tests/io/conftest.py)."""
    return {"BIOL": echem / "cellpy" / "biol.mpr",
            "GCPL": echem / "navani" / "jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr",
            "PEIS_MPT": echem / "impedance_py" / "exampleDataBioLogic.mpt"}


def test_inspect_json(files):
    BIOL = files["BIOL"]
    res = runner.invoke(app, ["inspect", str(BIOL), "--json"])
    assert res.exit_code == 0, res.output
    info = json.loads(res.stdout)
    assert info["rows"] == 23561 and info["spectra"] == 5
    assert info["techniques"] == ["MB"] and info["columns"]["I/mA"] == "mA"
    assert info["time_span_s"][0] == 0.0


def test_inspect_table_and_missing_file(tmp_path, files):
    GCPL = files["GCPL"]
    res = runner.invoke(app, ["inspect", str(GCPL)])
    assert res.exit_code == 0 and "46102" in res.stdout
    res = runner.invoke(app, ["inspect", str(tmp_path / "nope.mpr")])
    assert res.exit_code == 2 and "no such file" in res.output


@pytest.mark.slow
def test_export_csv_and_parquet_round_trip(tmp_path, files):
    GCPL, PEIS_MPT = files["GCPL"], files["PEIS_MPT"]
    before = file_sha256(GCPL)
    rec = read(GCPL)
    out = tmp_path / "gcpl.csv"
    res = runner.invoke(app, ["export", str(GCPL), str(out)])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out)
    assert list(df.columns) == list(rec.to_frame().columns)
    np.testing.assert_allclose(df["voltage_V"], rec.voltage_V, rtol=1e-12)
    pq = tmp_path / "eis.parquet"
    res = runner.invoke(app, ["export", str(PEIS_MPT), str(pq)])
    assert res.exit_code == 0 and "spectra" in res.stdout
    assert len(pd.read_parquet(pq)) == 43
    assert file_sha256(GCPL) == before  # input untouched
    res = runner.invoke(app, ["export", str(GCPL), str(tmp_path / "x.xlsx")])
    assert res.exit_code == 2 and "expected a .csv or .parquet" in res.output
