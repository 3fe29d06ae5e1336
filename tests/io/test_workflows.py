"""File workflows: what a file holds, and its table written and read back."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from semisolid.errors import InputError
from semisolid.io import read
from semisolid.io.data import file_sha256
from semisolid.io.workflows import export_file, summarize_file

from .conftest import BIOL, GCPL, PEIS_MPT


def test_summary_of_a_modulo_bat_file():
    """cellpy's biol.mpr: 23,561 rows, 5 impedance spectra (counts from the file, as
    galvani reads it too: tests/io/test_galvani_crosscheck.py)."""
    s = summarize_file(BIOL)
    d = s.to_dict()
    assert (d["rows"], d["spectra"], d["techniques"]) == (23561, 5, ["MB"])
    assert d["time_span_s"][0] == 0.0 and d["columns"]["I/mA"] == "mA"
    assert d["file"] == str(BIOL) and d["sha256"] == file_sha256(BIOL)
    overview, columns = s.tables()
    assert overview[0] == "biol.mpr" and ["rows", 23561] in overview[2]
    assert ["I/mA", "mA"] in columns[2]


@pytest.mark.slow
def test_export_round_trip_and_refusals(tmp_path):
    before = file_sha256(GCPL)
    r = export_file(GCPL, tmp_path / "gcpl.csv")
    assert (r.kind, r.rows) == ("cycling", 46102)
    df = pd.read_csv(tmp_path / "gcpl.csv")
    np.testing.assert_allclose(df["voltage_V"], read(GCPL).voltage_V, rtol=1e-12)
    assert file_sha256(GCPL) == before
    eis = export_file(PEIS_MPT, tmp_path / "eis.parquet")
    assert (eis.kind, eis.rows, len(pd.read_parquet(tmp_path / "eis.parquet"))) == \
        ("spectra", 43, 43)
    assert eis.lines() == [f"wrote {tmp_path / 'eis.parquet'} (43 rows, spectra)"]
    with pytest.raises(InputError, match=r"^out: x.xlsx: expected a .csv or .parquet file"):
        export_file(GCPL, tmp_path / "x.xlsx")
    with pytest.raises(InputError, match=r"^what: 'both': expected one of auto, cycling"):
        export_file(GCPL, tmp_path / "x.csv", what="both")
    copy = tmp_path / "copy.csv"
    copy.write_text("time/s,Ewe/V,control/mA\n0,0.1,1\n")
    with pytest.raises(InputError, match=r"^out: .*copy.csv. is one of the inputs; inputs are"):
        export_file(copy, copy)
    assert copy.read_text() == "time/s,Ewe/V,control/mA\n0,0.1,1\n"
