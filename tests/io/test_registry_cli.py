"""Registry dispatch and the inspect/export commands."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from semisolid.cli import app
from semisolid.errors import FileFormatError, InputError
from semisolid.io import read, register_reader, supported_formats
from semisolid.io.data import file_sha256
from semisolid.io.registry import REGISTRY

from .conftest import BIOL, GCPL, PEIS_MPT

runner = CliRunner()


def test_registration_refuses_silent_overwrite():
    with pytest.raises(InputError, match="already registered"):
        register_reader("biologic-mpr", lambda p, **k: None)


def test_unknown_format_lists_supported():
    with pytest.raises(InputError, match=r"unknown format 'biologic_mpr'.*did you mean "
                                         r"'biologic-mpr'.*supported formats: biologic-mpr"):
        read(GCPL, format="biologic_mpr")


def test_detection_by_magic_beats_extension(tmp_path):
    p = tmp_path / "renamed.dat"
    p.write_bytes(PEIS_MPT.read_bytes())
    assert read(p).metadata.format == "biologic-mpt"
    q = tmp_path / "fake.mpr"
    q.write_text("time/s,Ewe/V\n0,1\n")
    with pytest.raises(FileFormatError, match=r"fake\.mpr \(byte 0\).*supported formats"):
        read(q)
    r = tmp_path / "x.unknown"
    r.write_text("hello")
    with pytest.raises(FileFormatError, match="cannot tell the format"):
        read(r)
    assert set(supported_formats()) >= {"biologic-mpr", "biologic-mpt", "csv", "gamry-dta"}
    assert [i.name for i in REGISTRY.infos()][:2] == ["biologic-mpr", "biologic-mpt"]


def test_inspect_json():
    res = runner.invoke(app, ["inspect", str(BIOL), "--json"])
    assert res.exit_code == 0, res.output
    info = json.loads(res.stdout)
    assert info["rows"] == 23561 and info["spectra"] == 5
    assert info["techniques"] == ["MB"] and info["columns"]["I/mA"] == "mA"
    assert info["time_span_s"][0] == 0.0


def test_inspect_table_and_missing_file(tmp_path):
    res = runner.invoke(app, ["inspect", str(GCPL)])
    assert res.exit_code == 0 and "46102" in res.stdout
    res = runner.invoke(app, ["inspect", str(tmp_path / "nope.mpr")])
    assert res.exit_code == 2 and "no such file" in res.output


def test_export_csv_and_parquet_round_trip(tmp_path):
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
