"""Results catalog: cells and their CCD results in one SQLite file (stdlib ``sqlite3``).

* ``cells``: one row per source file, keyed on the file's SHA-256 (electrode, electrolyte,
  areas, temperature, stack pressure, areal capacity, source path, and what the file's
  header states: electrode, electrolyte, cell name, start time, instrument, area, format,
  comments);
* ``results``: one row per (cell, analysis key), the key hashing the detector settings and
  the areas used, so re-analysing a file with the same settings updates its row instead of
  adding one, and another setting adds a second row. Each row keeps the settings, the
  warnings, the protocol and failure signature, the censoring of a cell that did not
  short, the semisolid version and the SHA-256 of the file analysed.

Re-analysing a cell without an electrode, electrolyte, temperature, pressure or final area
keeps the stored one (a value given replaces it).

**Schema versions** (``PRAGMA user_version``, :data:`SCHEMA_VERSION`): 1 (semisolid 0.1.0,
the first catalogs), 2 (the header metadata and the columns above, added by ``ALTER TABLE
... ADD COLUMN``). A version-1 catalog opened for writing is upgraded in place, in one
transaction (:data:`MIGRATIONS`); opened read-only it is read as it is (the new columns read
as None). A new catalog is built as version 1 and upgraded the same way, so both paths give
the same schema.

The catalog is the only code that knows this schema: everything else reads it through
:meth:`Catalog.results`, :meth:`Catalog.counted`, :meth:`Catalog.summary`,
:meth:`Catalog.to_frame` and :meth:`Catalog.ccd_table` (``semisolid.stats.read_catalog``
uses the last). The rule that makes every cell count once lives in one place,
:meth:`Catalog.counted`.

All rows of one :meth:`Catalog.add` call are written in one transaction: on any error
nothing is written. The file carries ``PRAGMA application_id`` (``0x53534344``, "SSCD") and
``user_version`` (the schema version); a file that is not SQLite, belongs to another
application, is newer or is corrupt is refused with a :class:`~semisolid.errors.DatabaseError`
naming it. A new catalog is created in a temporary file and renamed into place, in an
existing folder (the catalog never creates folders); ``Catalog(path, readonly=True)`` never
creates or writes one.

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

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from semisolid._util import atomic_output, atomic_write_text, json_safe
from semisolid.errors import DatabaseError, InputError

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "Catalog", "CatalogEntry",
           "CellInfo", "analysis_key", "record_sha256"]

APPLICATION_ID = 0x53534344  # "SSCD"
SCHEMA_VERSION = 2
_MAGIC = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE cells (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    source_file TEXT,
    electrode TEXT,
    electrolyte TEXT,
    area_cm2 REAL,
    final_area_cm2 REAL,
    temperature_K REAL,
    stack_pressure_MPa REAL,
    areal_capacity_mAh_cm2 REAL,
    updated_at TEXT NOT NULL
);
CREATE TABLE results (
    id INTEGER PRIMARY KEY,
    cell_id INTEGER NOT NULL REFERENCES cells(id) ON DELETE CASCADE,
    analysis_key TEXT NOT NULL,
    failure TEXT NOT NULL CHECK (failure IN ('short', 'open_circuit', 'none')),
    ccd_mA_cm2 REAL,
    ccd_final_mA_cm2 REAL,
    last_stable_mA_cm2 REAL,
    step_mA_cm2 REAL,
    onset_time_s REAL,
    onset_half_cycle INTEGER,
    cumulative_capacity_mAh_cm2 REAL,
    areal_capacity_mAh_cm2 REAL,
    half_cycles INTEGER,
    area_cm2 REAL,
    final_area_cm2 REAL,
    summary_json TEXT NOT NULL,
    settings_json TEXT NOT NULL,
    analysed_at TEXT NOT NULL,
    UNIQUE (cell_id, analysis_key)
);
"""

#: Schema upgrades: version -> the statements that take a catalog from it to the next.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: tuple(f"ALTER TABLE {t} ADD COLUMN {c}" for t, c in (
        ("cells", "header_electrode TEXT"), ("cells", "header_electrolyte TEXT"),
        ("cells", "cell_name TEXT"), ("cells", "start_time TEXT"),
        ("cells", "instrument TEXT"), ("cells", "header_area_cm2 REAL"),
        ("cells", "file_format TEXT"), ("cells", "comments TEXT"),
        ("results", "protocol TEXT"), ("results", "signature TEXT"),
        ("results", "censored INTEGER"), ("results", "censored_at_mA_cm2 REAL"),
        ("results", "onset_current_density_mA_cm2 REAL"), ("results", "time_to_failure_s REAL"),
        ("results", "soft_shorts INTEGER"), ("results", "soft_shorts_after_onset INTEGER"),
        ("results", "warnings_json TEXT"), ("results", "semisolid_version TEXT"),
        ("results", "file_sha256 TEXT"),
    )),
}

_RESULT_COLS = ("ccd_mA_cm2", "ccd_final_mA_cm2", "last_stable_mA_cm2", "step_mA_cm2",
                "onset_time_s", "onset_half_cycle", "cumulative_capacity_mAh_cm2",
                "areal_capacity_mAh_cm2", "half_cycles", "area_cm2", "final_area_cm2",
                "protocol", "signature", "censored", "censored_at_mA_cm2",
                "onset_current_density_mA_cm2", "time_to_failure_s", "soft_shorts",
                "soft_shorts_after_onset")


@dataclass
class CellInfo:
    """What the catalog records about a cell (SI units; all optional). A None keeps what
    the catalog already holds for the cell; ``cell_name`` defaults to the one the file's
    header states.

    Examples
    --------
    >>> CellInfo(electrode="K", electrolyte="KBA", temperature_K=295.15).electrode
    'K'
    """

    electrode: str | None = None
    electrolyte: str | None = None
    temperature_K: float | None = None
    stack_pressure_Pa: float | None = None
    cell_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


@dataclass
class CatalogEntry:
    """One cell, its analysis result and the record analysed (for the hash and the path).

    Examples
    --------
    >>> CatalogEntry(CellInfo(), result=None, record=None).cell.electrode is None
    True
    """

    cell: CellInfo
    result: Any
    record: Any


def record_sha256(record: Any) -> str:
    """SHA-256 identifying a record: its own ``sha256`` attribute if it has one (the light
    record of a batch), the file's (metadata, else read from the source file), or, for
    generated data, a hash of its time, voltage and set-current arrays.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData
    >>> r = CyclingData.from_arrays([0.0, 1.0], [0.1, -0.1], [1e-3, -1e-3])
    >>> len(record_sha256(r))
    64
    """
    if getattr(record, "sha256", None):
        return str(record.sha256)
    meta = getattr(record, "metadata", None)
    if meta is not None and getattr(meta, "sha256", None):
        return str(meta.sha256)
    src = getattr(meta, "source_file", None) if meta is not None else None
    if src and os.path.exists(src):
        from semisolid.io.data import file_sha256

        return file_sha256(src)
    h = hashlib.sha256()
    for name in ("time_s", "voltage_V", "set_current_A"):
        h.update(np.ascontiguousarray(getattr(record, name), dtype=float).tobytes())
    return h.hexdigest()


def analysis_key(result: Any) -> str:
    """Hash of the detector settings and the areas of a result (16 hex digits).

    Examples
    --------
    >>> class R:
    ...     settings = {"drop_fraction": 0.5}
    ...     segments = None
    >>> len(analysis_key(R()))
    16
    """
    seg = getattr(result, "segments", None)
    payload = {
        "settings": getattr(result, "settings", {}),
        "area_m2": None if seg is None else seg.area_m2,
        "final_area_m2": None if seg is None else seg.final_area_m2,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def _now() -> str:
    # microseconds: the latest analysis of a cell is the greatest analysed_at (Catalog.summary)
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")


def _num(x: Any) -> Any:
    if x is None:
        return None
    if isinstance(x, float | np.floating):
        return float(x) if np.isfinite(x) else None
    return x


_CELL_COLS = ("electrode", "electrolyte", "source_file", "sha256", "temperature_K",
              "stack_pressure_MPa", "header_electrode", "header_electrolyte", "cell_name",
              "start_time", "instrument", "header_area_cm2", "file_format")


def _header(record: Any) -> dict[str, Any]:
    """What the record's file header states (None where it does not)."""
    md = getattr(record, "metadata", None)
    area = getattr(md, "header_area_m2", None)
    extra = getattr(md, "extra", None) or {}
    name = getattr(md, "cell_name", None) or extra.get("cell_name")
    return {
        "header_electrode": getattr(md, "electrode", None),
        "header_electrolyte": getattr(md, "electrolyte", None),
        "cell_name": name,
        "start_time": getattr(md, "start_time", None),
        "instrument": getattr(md, "instrument", None),
        "header_area_cm2": None if area is None else float(area) * 1e4,
        "file_format": getattr(md, "format", None),
        "comments": getattr(md, "comments", None),
        "file_sha256": getattr(md, "sha256", None),
    }


class Catalog:
    """An open results catalog (see the module docstring).

    Parameters
    ----------
    path : str or Path
        The SQLite file; created when missing (unless `readonly`).
    readonly : bool
        Open an existing catalog for reading only: a missing file is an error and nothing
        is ever written.

    Raises
    ------
    DatabaseError
        The file is missing (`readonly`), is not SQLite, is another application's database,
        has a newer schema or is corrupt.
    """

    def __init__(self, path: str | os.PathLike, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = bool(readonly)
        if self.readonly:
            if not self.path.is_file():
                raise DatabaseError(f"{self.path}: no such catalog file")
        elif not self.path.exists() or self.path.stat().st_size == 0:
            if not self.path.parent.is_dir():
                raise DatabaseError(f"{self.path}: the folder {self.path.parent} does not "
                                    "exist; create it first (a catalog never creates "
                                    "folders)")
            self._create()
        self._check_header()
        try:
            if self.readonly:
                self.conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro",
                                            uri=True, isolation_level=None)
            else:
                self.conn = sqlite3.connect(str(self.path), isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            app = self.conn.execute("PRAGMA application_id").fetchone()[0]
            ver = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = [r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            check = self.conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise DatabaseError(f"{self.path}: corrupt or unreadable catalog ({exc})") from None
        if app != APPLICATION_ID:
            self._close_quietly()
            raise DatabaseError(
                f"{self.path}: not a semisolid catalog (SQLite application_id={app:#x}, "
                f"expected {APPLICATION_ID:#x}; tables: {', '.join(tables) or 'none'}); "
                "choose another --db file"
            )
        if ver > SCHEMA_VERSION:
            self._close_quietly()
            raise DatabaseError(f"{self.path}: catalog schema version {ver} is newer than this "
                                f"semisolid's ({SCHEMA_VERSION}); upgrade semisolid")
        if check != "ok" or not {"cells", "results"} <= set(tables):
            self._close_quietly()
            raise DatabaseError(f"{self.path}: corrupt catalog (integrity check: {check}; "
                                f"tables: {', '.join(tables)})")
        self.schema_version = int(ver)
        if ver < SCHEMA_VERSION and not self.readonly:
            self._upgrade(ver)

    def _upgrade(self, ver: int) -> None:
        """Apply :data:`MIGRATIONS` from `ver` to :data:`SCHEMA_VERSION` in ONE transaction."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for v in range(ver, SCHEMA_VERSION):
                for stmt in MIGRATIONS[v]:
                    self.conn.execute(stmt)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self._close_quietly()
            raise DatabaseError(f"{self.path}: could not upgrade the catalog from schema "
                                f"version {ver} to {SCHEMA_VERSION}; nothing changed ({exc})"
                                ) from None
        self.schema_version = SCHEMA_VERSION

    def _close_quietly(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()
            self.conn = None  # type: ignore[assignment]

    def _create(self) -> None:
        with atomic_output(self.path, suffix=".sqlite-tmp") as tmp:
            conn = sqlite3.connect(str(tmp))
            try:
                conn.executescript(_SCHEMA)            # version 1, then the upgrades
                for v in range(1, SCHEMA_VERSION):
                    for stmt in MIGRATIONS[v]:
                        conn.execute(stmt)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.commit()
            finally:
                conn.close()

    def _check_header(self) -> None:
        with open(self.path, "rb") as fh:
            head = fh.read(len(_MAGIC))
        if head != _MAGIC:
            raise DatabaseError(f"{self.path}: not an SQLite database (first bytes {head[:8]!r})"
                                "; a semisolid catalog is an SQLite file, choose another --db")

    def close(self) -> None:
        """Close the connection."""
        self._close_quietly()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, entries: Sequence[CatalogEntry]) -> int:
        """Insert or update the cells and results of `entries` in ONE transaction.

        Returns the number of result rows written. On any error nothing is written.

        Raises
        ------
        DatabaseError
            The catalog was opened `readonly`, or the write failed (nothing written).
        InputError
            An entry without a CCD result.

        Examples
        --------
        >>> import os, tempfile
        >>> import numpy as np
        >>> from semisolid.io.data import CyclingData
        >>> from semisolid.ccd import DetectorSettings, detect
        >>> i = np.repeat([1e-4, -1e-4], 50)
        >>> rec = CyclingData.from_arrays(np.arange(100) * 60.0, 25.0 * i, i)
        >>> res = detect(rec, area_m2=1e-4)
        >>> other = detect(rec, area_m2=1e-4, settings=DetectorSettings(drop_fraction=0.6))
        >>> cell = CellInfo(electrode="Li", electrolyte="LLZTO")
        >>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
        ...     cat.add([CatalogEntry(cell, res, rec), CatalogEntry(cell, other, rec)])
        ...     len(cat.cells()), len(cat.results())   # one cell, two analyses
        2
        (1, 2)
        """
        if self.readonly:
            raise DatabaseError(f"{self.path}: opened read-only; nothing written")
        from semisolid import __version__

        rows = []
        for k, e in enumerate(entries):  # prepare everything before touching the file
            r = e.result
            if r is None or not hasattr(r, "summary"):
                raise InputError(f"entry {k} has no CCD result", "catalog")
            sm = r.summary()
            rows.append((e, r, sm, record_sha256(e.record), analysis_key(r), _header(e.record)))
        keep = ("electrode", "electrolyte", "temperature_K", "stack_pressure_MPa",
                "final_area_cm2", "header_electrode", "header_electrolyte", "cell_name",
                "start_time", "instrument", "header_area_cm2", "file_format", "comments")
        cell_cols = ("sha256", "source_file", "electrode", "electrolyte", "area_cm2",
                     "final_area_cm2", "temperature_K", "stack_pressure_MPa",
                     "areal_capacity_mAh_cm2", "updated_at", "header_electrode",
                     "header_electrolyte", "cell_name", "start_time", "instrument",
                     "header_area_cm2", "file_format", "comments")
        upd_cell = ", ".join(
            f"{c}=COALESCE(excluded.{c}, cells.{c})" if c in keep else f"{c}=excluded.{c}"
            for c in cell_cols[1:])
        res_cols = ("failure", *_RESULT_COLS, "summary_json", "settings_json", "analysed_at",
                    "warnings_json", "semisolid_version", "file_sha256")
        upd_res = ", ".join(f"{col}=excluded.{col}" for col in res_cols)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for e, r, sm, sha, key, hdr in rows:
                c = e.cell
                vals = {
                    "sha256": sha, "source_file": sm.get("file"), "electrode": c.electrode,
                    "electrolyte": c.electrolyte, "area_cm2": _num(sm["area_cm2"]),
                    "final_area_cm2": _num(sm["final_area_cm2"]),
                    "temperature_K": _num(c.temperature_K),
                    "stack_pressure_MPa": None if c.stack_pressure_Pa is None
                    else c.stack_pressure_Pa / 1e6,
                    "areal_capacity_mAh_cm2": _num(sm["areal_capacity_mAh_cm2"]),
                    "updated_at": _now(), **{k: _num(hdr[k]) for k in cell_cols[10:]},
                }
                if getattr(c, "cell_name", None):
                    vals["cell_name"] = c.cell_name
                self.conn.execute(
                    f"INSERT INTO cells ({', '.join(cell_cols)}) VALUES "
                    f"({','.join('?' * len(cell_cols))}) ON CONFLICT(sha256) DO UPDATE SET "
                    f"{upd_cell}", [vals[k] for k in cell_cols])
                cell_id = self.conn.execute("SELECT id FROM cells WHERE sha256=?",
                                            (sha,)).fetchone()[0]
                rv = [r.failure, *[_num(sm.get(col)) for col in _RESULT_COLS],
                      json.dumps(json_safe(sm)), json.dumps(json_safe(r.settings),
                                                            sort_keys=True), _now(),
                      json.dumps(list(getattr(r, "warnings", []) or [])), __version__,
                      hdr["file_sha256"]]
                self.conn.execute(
                    f"INSERT INTO results (cell_id, analysis_key, {', '.join(res_cols)}) "
                    f"VALUES (?,?,{','.join('?' * len(res_cols))}) "
                    f"ON CONFLICT(cell_id, analysis_key) DO UPDATE SET {upd_res}",
                    (cell_id, key, *rv))
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise DatabaseError(f"{self.path}: write failed, nothing written ({exc})"
                                    ) from None
            raise
        return len(rows)

    def cells(self) -> list[dict[str, Any]]:
        """All cells, oldest first.

        Examples
        --------
        >>> import os, tempfile
        >>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
        ...     cat.cells()
        []
        """
        return [dict(r) for r in self.conn.execute("SELECT * FROM cells ORDER BY id")]

    def results(self) -> list[dict[str, Any]]:
        """All results joined with their cell (electrode, electrolyte, source, sha256).

        One row per (cell, analysis key), oldest first.

        Examples
        --------
        >>> import os, tempfile
        >>> import numpy as np
        >>> from semisolid.io.data import CyclingData
        >>> from semisolid.ccd import detect
        >>> i = np.repeat([1e-4, -1e-4], 50)
        >>> rec = CyclingData.from_arrays(np.arange(100) * 60.0, 25.0 * i, i)
        >>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
        ...     _ = cat.add([CatalogEntry(CellInfo("K", "KBA"), detect(rec, 1e-4), rec)])
        ...     r = cat.results()[0]
        >>> r["electrode"], r["failure"], r["last_stable_mA_cm2"], r["half_cycles"]
        ('K', 'none', 0.1, 2)
        """
        return self._joined("results", ())

    def _table_columns(self, table: str) -> list[str]:
        return [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]

    def _joined(self, source: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        """Result rows of `source` (a table or sub-query) joined with their cell; columns a
        version-1 catalog lacks read as None."""
        have = set(self._table_columns("cells"))
        cell = ", ".join(f"c.{col}" if col in have else f"NULL AS {col}" for col in _CELL_COLS)
        res_have = self._table_columns("results")
        q = (f"SELECT r.*, {cell} FROM {source} r JOIN cells c ON r.cell_id = c.id "
             "ORDER BY r.id")
        out = []
        for row in self.conn.execute(q, params):
            d = dict(row)
            for k in ("summary_json", "settings_json", "rank_"):
                d.pop(k, None)
            for k in (*_RESULT_COLS, "warnings_json", "semisolid_version", "file_sha256"):
                if k not in res_have:
                    d[k] = None
            w = d.pop("warnings_json", None)
            d["warnings"] = json.loads(w) if w else []
            if d.get("censored") is not None:
                d["censored"] = bool(d["censored"])
            out.append(d)
        return out

    @staticmethod
    def _chosen(analysis_key: str | None) -> tuple[str, tuple[Any, ...], str]:
        """SQL sub-query of the result rows that count (see :meth:`counted`), its
        parameters and its label."""
        if analysis_key is None:
            # the latest result row of each cell: greatest (analysed_at, id)
            return ("(SELECT * FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.cell_id "
                    "ORDER BY r.analysed_at DESC, r.id DESC) AS rank_ FROM results r) "
                    "WHERE rank_ = 1)", (), "latest per cell")
        if not isinstance(analysis_key, str):
            raise InputError(f"{analysis_key!r} is not an analysis key (16 hex digits)",
                             "analysis_key")
        return "(SELECT * FROM results WHERE analysis_key = ?)", (analysis_key,), analysis_key

    def counted(self, analysis_key: str | None = None) -> list[dict[str, Any]]:
        """The results that count: ONE per cell, joined with the cell (as :meth:`results`).

        A cell analysed with several settings (several analysis keys) contributes its
        latest analysis (the most recently written result row; ties go to the later row),
        or the one of `analysis_key` (cells without a result under that key are left out).
        :meth:`summary`, :meth:`ccd_table` and ``semisolid.stats.read_catalog`` all count
        through this rule.

        Parameters
        ----------
        analysis_key : str, optional
            Take the results of this analysis (see :func:`analysis_key`).

        Examples
        --------
        >>> import os, tempfile
        >>> import numpy as np
        >>> from semisolid.io.data import CyclingData
        >>> from semisolid.ccd import DetectorSettings, detect
        >>> i = np.repeat([1e-4, -1e-4], 50)
        >>> rec = CyclingData.from_arrays(np.arange(100) * 60.0, 25.0 * i, i)
        >>> a = detect(rec, 1e-4)
        >>> b = detect(rec, 1e-4, settings=DetectorSettings(drop_fraction=0.6))
        >>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
        ...     _ = cat.add([CatalogEntry(CellInfo("K", "KBA"), a, rec),
        ...                  CatalogEntry(CellInfo("K", "KBA"), b, rec)])
        ...     n_all, rows = len(cat.results()), cat.counted()
        >>> n_all, len(rows), rows[0]["analysis_key"] == analysis_key(b)
        (2, 1, True)
        """
        source, params, _ = self._chosen(analysis_key)
        return self._joined(source, params)

    def to_frame(self, analysis_key: str | None = None, *, counted: bool = False) -> Any:
        """:meth:`results` (or, with ``counted=True``, :meth:`counted`) as a pandas DataFrame.

        Examples
        --------
        >>> import os, tempfile
        >>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
        ...     df = cat.to_frame()
        >>> len(df), list(df.columns)[:4]
        (0, ['id', 'cell_id', 'analysis_key', 'failure'])
        """
        import pandas as pd

        if analysis_key is not None and not counted:
            raise InputError("analysis_key selects among the counted results; pass "
                             "counted=True", "analysis_key")
        rows = self.counted(analysis_key) if counted else self.results()
        return pd.DataFrame(rows, columns=self._columns())

    def ccd_table(self, analysis_key: str | None = None, *,
                  include_censored: bool = False) -> Any:
        """The CCDs of the catalog as a DataFrame, one row per cell.

        Of the results that count (:meth:`counted`: each cell once), those of a stepwise or
        ramp test (constant-current tests have a time to failure, not a CCD) whose failure
        is a short; with `include_censored`, also the cells that did not short, as
        right-censored observations (``censored`` True, ``ccd_mA_cm2`` = the highest current
        density they carried without shorting: ``censored_at_mA_cm2``, or for a
        version-1 row the last stable current density of a ``"none"`` result and the onset
        current density of an ``"open_circuit"`` one). Columns: the cell (``cell_id``,
        ``electrode``, ``electrolyte``, ``temperature_K``, ``stack_pressure_MPa``,
        ``source_file``), ``analysis_key``, ``ccd_mA_cm2`` and ``censored``.

        Examples
        --------
        >>> import os, tempfile
        >>> import numpy as np
        >>> from semisolid.io.data import CyclingData
        >>> from semisolid.ccd import detect
        >>> i = np.repeat([1e-4, -1e-4, 2e-4, -2e-4], 50)     # 0.1 then 0.2 mA on 1 cm2
        >>> rec = CyclingData.from_arrays(np.arange(200) * 60.0, 25.0 * i, i)
        >>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
        ...     _ = cat.add([CatalogEntry(CellInfo("K", "KBA"), detect(rec, 1e-4), rec)])
        ...     df = cat.ccd_table()
        ...     dc = cat.ccd_table(include_censored=True)
        >>> len(df)                      # the one cell did not short: no CCD ...
        0
        >>> dc[["ccd_mA_cm2", "censored"]].to_dict("records")   # ... but survived 0.2
        [{'ccd_mA_cm2': 0.2, 'censored': True}]
        """
        cols = ["cell_id", "electrode", "electrolyte", "temperature_K", "stack_pressure_MPa",
                "source_file", "analysis_key", "ccd_mA_cm2", "censored"]
        df = self.to_frame(analysis_key, counted=True)
        df = df[df["protocol"].isna() | (df["protocol"] != "constant_current")].copy()
        short = df["failure"] == "short"
        at = df["censored_at_mA_cm2"].astype(float)
        v1 = at.isna()
        at = at.where(~(v1 & (df["failure"] == "none")), df["last_stable_mA_cm2"])
        at = at.where(~(v1 & (df["failure"] == "open_circuit")), df["ccd_mA_cm2"])
        df["censored"] = ~short
        df["ccd_mA_cm2"] = df["ccd_mA_cm2"].where(short, at).astype(float)
        keep = short | (include_censored & df["ccd_mA_cm2"].notna())
        return df.loc[keep, cols].reset_index(drop=True)

    def _columns(self) -> list[str]:
        """Column names of :meth:`results` rows (also for an empty catalog)."""
        res = self._table_columns("results")
        res = [c for c in res if c not in ("summary_json", "settings_json", "warnings_json")]
        res += [c for c in (*_RESULT_COLS, "semisolid_version", "file_sha256")
                if c not in res]
        return [*res, "warnings", *_CELL_COLS]

    def summary(self, analysis_key: str | None = None) -> list[dict[str, Any]]:
        """Per electrode/electrolyte: cells, shorts, open circuits, mean and max CCD.

        Every cell counts ONCE (the rule of :meth:`counted`): a cell analysed with several
        settings contributes its latest analysis, or the one of `analysis_key`. CCD
        statistics are over the counted results whose failure is a short. The ``analysis``
        key of each row says which analysis was used: ``"latest per cell"`` or the key
        given.

        Parameters
        ----------
        analysis_key : str, optional
            Summarise only the results of this analysis (see :func:`analysis_key`).

        Examples
        --------
        >>> import os, tempfile
        >>> import numpy as np
        >>> from semisolid.io.data import CyclingData
        >>> from semisolid.ccd import DetectorSettings, detect
        >>> i = np.repeat([1e-4, -1e-4], 50)
        >>> rec = CyclingData.from_arrays(np.arange(100) * 60.0, 25.0 * i, i)
        >>> cell = CellInfo("K", "KBA")
        >>> a = detect(rec, 1e-4)
        >>> b = detect(rec, 1e-4, settings=DetectorSettings(drop_fraction=0.6))
        >>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
        ...     _ = cat.add([CatalogEntry(cell, a, rec), CatalogEntry(cell, b, rec)])
        ...     s = cat.summary()[0]
        ...     s_a = cat.summary(analysis_key(a))[0]
        >>> s["cells"], s["none"], s["shorts"], s["analysis"]   # 2 results, 1 cell
        (1, 1, 0, 'latest per cell')
        >>> s_a["analysis"] == analysis_key(a)
        True
        """
        chosen, params, label = self._chosen(analysis_key)
        q = ("SELECT c.electrode AS electrode, c.electrolyte AS electrolyte, "
             "COUNT(DISTINCT c.id) AS cells, SUM(r.failure='short') AS shorts, "
             "SUM(r.failure='open_circuit') AS open_circuits, SUM(r.failure='none') AS none, "
             "AVG(CASE WHEN r.failure='short' THEN r.ccd_mA_cm2 END) AS mean_ccd_mA_cm2, "
             "MAX(CASE WHEN r.failure='short' THEN r.ccd_mA_cm2 END) AS max_ccd_mA_cm2 "
             f"FROM {chosen} r JOIN cells c ON r.cell_id = c.id "
             "GROUP BY c.electrode, c.electrolyte ORDER BY c.electrode, c.electrolyte")
        return [dict(r, analysis=label) for r in self.conn.execute(q, params)]

    def export_csv(self, path: str | os.PathLike) -> Path:
        """Write :meth:`results` to a CSV file (atomically). Returns the path.

        Examples
        --------
        >>> import os, tempfile
        >>> d = tempfile.mkdtemp()
        >>> with Catalog(os.path.join(d, "c.sqlite")) as cat:
        ...     out = cat.export_csv(os.path.join(d, "results.csv"))
        >>> out.read_text().splitlines()[0].split(",")[:4]   # an empty catalog: the header only
        ['id', 'cell_id', 'analysis_key', 'failure']
        """
        rows = self.results()
        buf = io.StringIO()
        cols = self._columns()
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)
        return atomic_write_text(path, buf.getvalue())
