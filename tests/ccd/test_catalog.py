"""The catalog's read side: read-only opening, the counted results and the CCD table."""

from __future__ import annotations

import pytest

from semisolid.ccd import DetectorSettings, detect
from semisolid.ccd.catalog import Catalog, CatalogEntry, CellInfo
from semisolid.errors import DatabaseError, InputError

AREA = 0.4e-4


@pytest.fixture
def shorted(synth):
    return synth.make_trace("NaK", short_step=3, short_half=1, short_at=0.5, dt_s=60.0, seed=1)


@pytest.mark.slow
def test_readonly_catalog_never_writes(tmp_path, shorted):
    rec, truth = shorted
    db = tmp_path / "c.sqlite"
    with pytest.raises(DatabaseError, match="no such catalog file"):
        Catalog(db, readonly=True)
    assert not db.exists()
    with Catalog(db) as cat:
        cat.add([CatalogEntry(CellInfo("K", "KBA"), detect(rec, AREA), rec)])
    before = db.read_bytes()
    with Catalog(db, readonly=True) as cat:
        with pytest.raises(DatabaseError, match="read-only; nothing written"):
            cat.add([CatalogEntry(CellInfo("K", "KBA"), detect(rec, AREA), rec)])
        table = cat.ccd_table()
    assert db.read_bytes() == before
    assert table["ccd_mA_cm2"].tolist() == [pytest.approx(truth.ccd_mA_cm2)]


@pytest.mark.slow
def test_ccd_table_follows_the_counted_analysis(catalog_db, shorted):
    rec, truth = shorted
    db = catalog_db
    first = detect(rec, AREA)
    late = detect(rec, AREA, settings=DetectorSettings(voltage_limit_V=1e-3))
    assert first.failure == "short" and late.failure != "short"
    with Catalog(db) as cat:
        cat.add([CatalogEntry(CellInfo("K", "KBA"), first, rec)])
        cat.add([CatalogEntry(CellInfo("K", "KBA"), late, rec)])
        assert len(cat.results()) == 2 and len(cat.counted()) == 1
        assert cat.ccd_table().empty                   # its latest analysis found no short
        by_key = cat.ccd_table(cat.results()[0]["analysis_key"])
        assert by_key["ccd_mA_cm2"].tolist() == [pytest.approx(truth.ccd_mA_cm2)]
        s = cat.summary()[0]
        assert (s["cells"], s["shorts"]) == (1, 0)     # the same rule in the summary
        with pytest.raises(InputError, match="counted=True"):
            cat.to_frame("0123456789abcdef")
