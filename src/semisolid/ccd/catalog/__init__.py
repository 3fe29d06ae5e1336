"""Results catalog: cells and their CCD results in one database, an SQLite file (the
default) or a PostgreSQL database shared by a lab (SQLAlchemy Core, :mod:`.schema`).

* ``cells``: one row per source file, keyed on the file's SHA-256 (electrode, electrolyte,
  areas, temperature, stack pressure, areal capacity, source path, what the file's header
  states: electrode, electrolyte, cell name, start time, instrument, area, format,
  comments; and where a final area measured on a photograph came from);
* ``results``: one row per (cell, analysis key), the key hashing the detector settings and
  the areas used, so re-analysing a file with the same settings updates its row instead of
  adding one, and another setting adds a second row. Each row keeps the settings, the
  warnings, the protocol and failure signature, the censoring of a cell that did not
  short, the semisolid version, the SHA-256 of the file analysed and, for a final area
  from a photograph, its uncertainty, the image's path and SHA-256 and the reference.

A re-analysis never erases what it was not given: without an electrode, electrolyte,
temperature, pressure, cell name or final area the stored one is kept (a value given
replaces it; a new final area replaces the photograph's record with its own).

**Where**: ``Catalog("results.sqlite")`` (created when missing, in an existing folder) or
``Catalog("postgresql://user@host/db")`` (the tables are created in an empty database;
``pip install 'semisolid[postgres]'``); :mod:`.location` says how a new SQLite file is
created without ever replacing one, and how writers queue. :meth:`Catalog.merge` copies one
catalog into another (a member's SQLite file into the lab's database).

**Schema versions** (:mod:`.schema`, :data:`SCHEMA_VERSION`): 1 (semisolid 0.1.0), 2 (header
metadata and analysis facts), 3 (final-area photographs). A catalog of an older version
opened for writing is upgraded in place in one transaction (columns added; every row kept);
opened read-only it is read as it is (the newer columns read as None). The versions reached
are recorded in the ``semisolid_schema`` table (and, in SQLite, ``PRAGMA user_version``).

**Safety**: all rows of one :meth:`Catalog.add` call are written in one transaction,
committed before it returns (a busy catalog is waited for, with retries); on any error
nothing is written. A catalog is checked when opened (:mod:`.check`: SQLite's integrity
check, the columns of its version, every stored text): one that fails is refused for
reading and for writing, with one line naming it and the problem. No SQL is built from text
found in a database. ``Catalog(path, readonly=True)`` never creates or writes anything.

The catalog is the only code that knows this schema: everything else reads it through
:meth:`Catalog.results`, :meth:`Catalog.counted`, :meth:`Catalog.summary`,
:meth:`Catalog.to_frame`, :meth:`Catalog.ccd_table` (``semisolid.stats.read_catalog`` uses
it) and :meth:`Catalog.export_frame`. The rule that makes every cell count once lives in
one place, :meth:`Catalog.counted`.

Examples
--------
>>> import os, tempfile
>>> import numpy as np
>>> from semisolid.io.data import CyclingData
>>> from semisolid.ccd import detect
>>> t = np.arange(200) * 30.0
>>> i = np.repeat([1e-4, -1e-4], 100)
>>> rec = CyclingData.from_arrays(t, 25.0 * i, i)
>>> res = detect(rec, area_m2=1e-4)
>>> path = os.path.join(tempfile.mkdtemp(), "semisolid.sqlite")
>>> cat = Catalog(path)
>>> cat.add([CatalogEntry(CellInfo(electrode="Li", electrolyte="LLZTO"), res, rec)])
1
>>> cat.add([CatalogEntry(CellInfo(electrode="Li", electrolyte="LLZTO"), res, rec)])  # again
1
>>> len(cat.results()), cat.results()[0]["failure"]
(1, 'none')
>>> cat.close()
"""

from semisolid.ccd.catalog.entries import (
    CatalogEntry,
    CellInfo,
    FinalAreaPhoto,
    analysis_key,
    record_sha256,
)
from semisolid.ccd.catalog.export import EXPORT_DTYPES, read_export
from semisolid.ccd.catalog.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from semisolid.ccd.catalog.store import COLUMNS, Catalog

__all__ = ["APPLICATION_ID", "COLUMNS", "EXPORT_DTYPES", "MIGRATIONS", "SCHEMA_VERSION",
           "Catalog", "CatalogEntry", "CellInfo", "FinalAreaPhoto", "analysis_key",
           "read_export", "record_sha256"]
