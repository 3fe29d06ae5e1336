"""The open catalog (:class:`Catalog`): opening (identity, version, checks, upgrade), the
upserts of :meth:`Catalog.add` and the reads every other module goes through.

Examples
--------
>>> import os, tempfile
>>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
...     cat.schema_version, cat.dialect, cat.results()
(3, 'sqlite', [])
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import random
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from semisolid._util import json_safe
from semisolid.ccd.catalog import location as _loc
from semisolid.ccd.catalog import schema
from semisolid.ccd.catalog.check import first_problem, one_line
from semisolid.ccd.catalog.entries import (
    CatalogEntry,
    analysis_key,
    header,
    record_sha256,
)
from semisolid.ccd.catalog.schema import APPLICATION_ID, SCHEMA_VERSION, cells, results
from semisolid.errors import DatabaseError, InputError

__all__ = ["COLUMNS", "Catalog"]

_JSON = ("summary_json", "settings_json", "warnings_json")
_RESULT_OUT = tuple(c.name for c in results.columns if c.name not in _JSON)
_CELL_OUT = ("electrode", "electrolyte", "source_file", "sha256", "temperature_K",
             "stack_pressure_MPa", "header_electrode", "header_electrolyte", "cell_name",
             "start_time", "instrument", "header_area_cm2", "file_format", "comments")
#: The columns of :meth:`Catalog.results` rows, in order.
COLUMNS = (*_RESULT_OUT, "warnings", *_CELL_OUT)

_PHOTO = ("final_area_uncertainty_cm2", "final_area_image", "final_area_image_sha256",
          "final_area_reference_m", "final_area_reference_kind")
# a re-analysis that does not give one of these keeps the stored value
_KEEP = ("electrode", "electrolyte", "temperature_K", "stack_pressure_MPa", "final_area_cm2",
         "header_electrode", "header_electrolyte", "cell_name", "start_time", "instrument",
         "header_area_cm2", "file_format", "comments")
_LOCK_KEY = APPLICATION_ID  # PostgreSQL advisory lock held while a catalog is built/upgraded


def _now() -> str:
    # microseconds: the latest analysis of a cell is the greatest analysed_at (Catalog.summary)
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")


def _num(x: Any) -> Any:
    """A plain Python value for the database: NaN/inf -> None, numpy -> Python, bool -> int."""
    if x is None:
        return None
    if isinstance(x, bool | np.bool_):
        return int(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, float | np.floating):
        return float(x) if np.isfinite(x) else None
    return x


def _listed(names: Sequence[str]) -> str:
    """Table names for a message: plain names as they are, others quoted (escaped)."""
    shown = [n if n.isidentifier() else repr(n) for n in names[:10]]
    return ", ".join(shown) + (f" and {len(names) - 10} more" if len(names) > 10 else "") \
        or "none"


def _insert(dialect: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


class Catalog:
    """An open results catalog (see :mod:`semisolid.ccd.catalog`).

    Parameters
    ----------
    location : str or Path
        An SQLite file (created when missing, unless `readonly`, in an existing folder) or a
        ``postgresql://`` URL (the catalog's tables are created in an empty database).
    readonly : bool
        Open an existing catalog for reading only: nothing is ever created or written.

    Attributes
    ----------
    name : str
        The location as messages show it (a URL's password hidden).
    path : Path or None
        The SQLite file (None for PostgreSQL).
    dialect : str
        ``"sqlite"`` or ``"postgresql"``.
    schema_version : int

    Raises
    ------
    DatabaseError
        The location is missing (`readonly`), not a regular file, empty, not SQLite, another
        application's database, of a newer schema, or fails its checks
        (:mod:`semisolid.ccd.catalog.check`); one line naming it and the problem.
    """

    def __init__(self, location: str | os.PathLike, *, readonly: bool = False):
        self.readonly = bool(readonly)
        self._where = _loc.parse(location)
        self.name = self._where.name
        self.path = self._where.path
        self.dialect = self._where.kind
        self.engine: sa.Engine | None = None
        if self.dialect == "sqlite":
            self._prepare_file()
        self.engine = _loc.engine(self._where, readonly=self.readonly)
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------------ opening
    def _prepare_file(self) -> None:
        p = self.path
        assert p is not None
        try:
            if not (p.exists() or p.is_symlink()):
                if self.readonly:
                    raise DatabaseError(f"{p}: no such catalog file")
                if not p.parent.is_dir():
                    raise DatabaseError(f"{p}: the folder {p.parent} does not exist; create "
                                        "it first (a catalog never creates folders)")
                with self._errors("could not create the catalog"):
                    _loc.create_sqlite(p)
            _loc.check_sqlite_file(p)
        except OSError as exc:
            raise DatabaseError(f"{p}: {exc.strerror or exc}") from None

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Database errors as one-line :class:`DatabaseError` naming the catalog."""
        try:
            yield
        except sa.exc.SQLAlchemyError as exc:
            orig = getattr(exc, "orig", None) or exc
            raise DatabaseError(f"{self.name}: {doing} ({one_line(str(orig))})") from None

    @contextlib.contextmanager
    def _reading(self, doing: str = "could not read the catalog"
                 ) -> Iterator[sa.Connection]:
        assert self.engine is not None
        with self._errors("could not connect to the catalog"):
            conn = self.engine.connect()
        with self._errors(doing), conn:
            conn.execution_options(semisolid_read=True)
            yield conn

    def _identify(self, conn: sa.Connection) -> tuple[int, list[str]]:
        """(schema version, tables); version 0: no catalog there yet (PostgreSQL)."""
        tables = sa.inspect(conn).get_table_names()
        listed = _listed(tables)
        if self.dialect == "sqlite":
            app = conn.exec_driver_sql("PRAGMA application_id").scalar()
            if app != APPLICATION_ID:
                raise DatabaseError(
                    f"{self.name}: not a semisolid catalog (SQLite application_id={app:#x}, "
                    f"expected {APPLICATION_ID:#x}; tables: {listed}); choose another --db")
            return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0), tables
        if schema.version_table.name in tables:
            ver = conn.execute(sa.select(sa.func.max(schema.version_table.c.version))).scalar()
            return int(ver or 0), tables
        if {"cells", "results"} & set(tables):
            raise DatabaseError(f"{self.name}: holds tables cells/results that are not a "
                                f"semisolid catalog's (no semisolid_schema table; tables: "
                                f"{listed}); choose another database")
        return 0, tables

    def _open(self) -> None:
        with self._reading("corrupt or unreadable catalog") as conn:
            ver, tables = self._identify(conn)
        if ver == 0:
            if self.readonly:
                raise DatabaseError(f"{self.name}: no semisolid catalog in this database "
                                    f"(tables: {_listed(tables)})")
            self._write(self._build, "could not create the catalog")
            with self._reading() as conn:
                ver, tables = self._identify(conn)
        if ver > SCHEMA_VERSION:
            raise DatabaseError(f"{self.name}: catalog schema version {ver} is newer than "
                                f"this semisolid's ({SCHEMA_VERSION}); upgrade semisolid")
        missing = [t for t in ("cells", "results") if t not in tables]
        if missing:
            raise DatabaseError(f"{self.name}: corrupt catalog (table {missing[0]} missing)")
        with self._reading("corrupt or unreadable catalog") as conn:
            present = self._present(conn)
            problem = first_problem(conn, ver, present)
        if problem:
            raise DatabaseError(f"{self.name}: corrupt catalog ({problem}); nothing read or "
                                "written: restore it from a backup, or choose another --db")
        if ver < SCHEMA_VERSION and not self.readonly:
            self._write(self._upgrade, f"could not upgrade the catalog from schema version "
                                       f"{ver} to {SCHEMA_VERSION}; nothing changed")
            ver = SCHEMA_VERSION
            with self._reading() as conn:
                present = self._present(conn)
        self.schema_version = ver
        self._cells = self._table(cells, present)
        self._results = self._table(results, present)

    @staticmethod
    def _present(conn: sa.Connection) -> dict[str, set[str]]:
        insp = sa.inspect(conn)
        return {t: {c["name"] for c in insp.get_columns(t)} for t in ("cells", "results")}

    @staticmethod
    def _table(table: sa.Table, present: dict[str, set[str]]) -> sa.Table:
        """`table` with the columns this catalog has (an old read-only one lacks some)."""
        return sa.Table(table.name, sa.MetaData(),
                        *[c._copy() for c in table.columns if c.name in present[table.name]])

    def _lock(self, conn: sa.Connection) -> None:
        if self.dialect == "postgresql":   # SQLite: BEGIN IMMEDIATE holds the write lock
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))

    def _build(self, conn: sa.Connection) -> None:
        self._lock(conn)
        if self._identify(conn)[0] == 0:   # still nothing: another process did not win
            schema.create(conn)

    def _upgrade(self, conn: sa.Connection) -> None:
        self._lock(conn)
        ver = self._identify(conn)[0]      # another process may have upgraded it meanwhile
        if ver < SCHEMA_VERSION:
            schema.upgrade(conn, ver)

    def _write(self, work: Callable[[sa.Connection], Any], doing: str) -> Any:
        """Run `work` in one write transaction, committed before this returns; retried with
        back-off while the catalog is busy (:data:`~.location.BUSY_TIMEOUT_S`)."""
        assert self.engine is not None
        deadline = time.monotonic() + _loc.BUSY_TIMEOUT_S
        delay = 0.02
        while True:
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except sa.exc.DBAPIError as exc:
                if _loc.transient(exc) and time.monotonic() < deadline:
                    time.sleep(delay * (0.5 + random.random()))
                    delay = min(2.0 * delay, 1.0)
                    continue
                raise DatabaseError(f"{self.name}: {doing} ({one_line(str(exc.orig))})"
                                    ) from None
            except sa.exc.SQLAlchemyError as exc:
                raise DatabaseError(f"{self.name}: {doing} ({one_line(str(exc))})") from None

    def close(self) -> None:
        """Release the connections."""
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Catalog({self.name!r}, schema {getattr(self, 'schema_version', '?')})"

    # ------------------------------------------------------------------ writing
    def add(self, entries: Sequence[CatalogEntry]) -> int:
        """Insert or update the cells and results of `entries` in ONE transaction,
        committed before this returns.

        Returns the number of result rows written. On any error nothing is written. A busy
        catalog (another writer) is waited for, with retries.

        Raises
        ------
        DatabaseError
            The catalog was opened `readonly`, or the write failed (nothing written).
        InputError
            An entry without a CCD result, or whose final-area photograph does not match
            the final area its result used.

        Examples
        --------
        >>> import os, tempfile
        >>> import numpy as np
        >>> from semisolid.io.data import CyclingData
        >>> from semisolid.ccd import DetectorSettings, detect
        >>> from semisolid.ccd.catalog import CellInfo
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
            raise DatabaseError(f"{self.name}: opened read-only; nothing written")
        rows = [self._row(k, e) for k, e in enumerate(entries)]  # all checks first
        if not rows:
            return 0
        cell_stmt, res_stmt = self._upserts()

        def work(conn: sa.Connection) -> int:
            for cell_vals, res_vals in rows:
                conn.execute(cell_stmt, cell_vals)
                cell_id = conn.execute(sa.select(cells.c.id).where(
                    cells.c.sha256 == cell_vals["sha256"])).scalar_one()
                conn.execute(res_stmt, {**res_vals, "cell_id": cell_id})
            return len(rows)

        return self._write(work, "write failed, nothing written")

    def _row(self, k: int, e: CatalogEntry) -> tuple[dict[str, Any], dict[str, Any]]:
        """The cell and result values of entry `k` (nothing touches the database here)."""
        from semisolid import __version__

        r = e.result
        if r is None or not hasattr(r, "summary"):
            raise InputError(f"entry {k} has no CCD result", "catalog")
        sm = r.summary()
        c = e.cell
        hdr = header(e.record)
        photo = getattr(c, "final_area_photo", None)
        final = _num(sm.get("final_area_cm2"))
        if photo is not None:
            measured = photo.area_m2 * 1e4
            if final is None or abs(final - measured) > 1e-9 * measured:
                raise InputError(f"entry {k}: the photograph {photo.image} gives a final area "
                                 f"of {measured:.6g} cm2 but the result used {final}",
                                 "catalog")
        prov = photo.to_dict() if photo is not None else dict.fromkeys(_PHOTO)
        cell_vals = {
            "sha256": record_sha256(e.record), "source_file": sm.get("file"),
            "electrode": c.electrode, "electrolyte": c.electrolyte,
            "area_cm2": _num(sm.get("area_cm2")), "final_area_cm2": final,
            "temperature_K": _num(c.temperature_K),
            "stack_pressure_MPa": None if c.stack_pressure_Pa is None
            else float(c.stack_pressure_Pa) / 1e6,
            "areal_capacity_mAh_cm2": _num(sm.get("areal_capacity_mAh_cm2")),
            "updated_at": _now(),
            **{k2: _num(hdr[k2]) for k2 in ("header_electrode", "header_electrolyte",
                                             "cell_name", "start_time", "instrument",
                                             "header_area_cm2", "file_format", "comments")},
            **prov,
        }
        if c.cell_name:
            cell_vals["cell_name"] = c.cell_name
        res_vals = {
            "analysis_key": analysis_key(r), "failure": r.failure,
            **{col: _num(sm.get(col)) for col in _RESULT_OUT
               if col not in ("id", "cell_id", "analysis_key", "failure", "analysed_at",
                              "semisolid_version", "file_sha256", *_PHOTO)},
            "summary_json": json.dumps(json_safe(sm)),
            "settings_json": json.dumps(json_safe(r.settings), sort_keys=True),
            "analysed_at": _now(),
            "warnings_json": json.dumps(list(getattr(r, "warnings", []) or [])),
            "semisolid_version": __version__, "file_sha256": hdr["file_sha256"], **prov,
        }
        return cell_vals, res_vals

    def _upserts(self) -> tuple[Any, Any]:
        insert = _insert(self.dialect)
        ins = insert(cells)
        ex = ins.excluded
        no_new_area = ex.final_area_cm2.is_(None)
        set_cell: dict[str, Any] = {}
        for col in cells.columns:
            n = col.name
            if n in ("id", "sha256"):
                continue
            if n in _KEEP:
                set_cell[n] = sa.func.coalesce(ex[n], cells.c[n])
            elif n in _PHOTO:   # travels with the final area: a new area replaces it
                set_cell[n] = sa.case((no_new_area, cells.c[n]), else_=ex[n])
            else:
                set_cell[n] = ex[n]
        cell_stmt = ins.on_conflict_do_update(index_elements=[cells.c.sha256], set_=set_cell)
        rins = insert(results)
        rex = rins.excluded
        set_res = {c.name: (sa.func.coalesce(rex[c.name], results.c[c.name])
                            if c.name in _PHOTO else rex[c.name])
                   for c in results.columns if c.name not in ("id", "cell_id", "analysis_key")}
        res_stmt = rins.on_conflict_do_update(
            index_elements=[results.c.cell_id, results.c.analysis_key], set_=set_res)
        return cell_stmt, res_stmt

    def merge(self, source: Catalog) -> int:
        """Copy every cell and analysis of `source` (another open catalog, e.g. an SQLite
        file into the lab's PostgreSQL) into this one, in ONE transaction.

        Rows meet as in :meth:`add`: a cell is the same cell when its file's SHA-256 is, an
        analysis the same when its analysis key is (it is then replaced by `source`'s); a
        value `source` lacks keeps the stored one. The analysis times are kept, so "the
        latest analysis of a cell" means the same after a merge. Merging twice changes
        nothing. Returns the number of analyses copied.

        Examples
        --------
        >>> import os, tempfile
        >>> import numpy as np
        >>> from semisolid.io.data import CyclingData
        >>> from semisolid.ccd import detect
        >>> from semisolid.ccd.catalog import CellInfo
        >>> i = np.repeat([1e-4, -1e-4], 50)
        >>> rec = CyclingData.from_arrays(np.arange(100) * 60.0, 25.0 * i, i)
        >>> d = tempfile.mkdtemp()
        >>> with Catalog(os.path.join(d, "mine.sqlite")) as mine:
        ...     _ = mine.add([CatalogEntry(CellInfo("K", "KBA"), detect(rec, 1e-4), rec)])
        >>> with Catalog(os.path.join(d, "mine.sqlite"), readonly=True) as src, \\
        ...         Catalog(os.path.join(d, "lab.sqlite")) as lab:
        ...     lab.merge(src), lab.merge(src), len(lab.results())
        (1, 1, 1)
        """
        if self.readonly:
            raise DatabaseError(f"{self.name}: opened read-only; nothing written")
        if source.name == self.name:
            raise InputError(f"{self.name}: a catalog cannot be merged into itself", "source")
        names_c = [c.name for c in cells.columns if c.name != "id"]
        names_r = [c.name for c in results.columns if c.name not in ("id", "cell_id")]
        sc, sr = source._cells, source._results

        def pick(t: Any, n: str) -> Any:
            return (t.c[n] if n in t.c else sa.null()).label(n)

        with source._reading() as conn:
            cell_rows = {r.id: dict(r._mapping) for r in conn.execute(
                sa.select(sc.c.id, *[pick(sc, n) for n in names_c]).order_by(sc.c.id))}
            res_rows = [dict(r._mapping) for r in conn.execute(
                sa.select(sr.c.cell_id.label("cell_id_"), *[pick(sr, n) for n in names_r])
                .order_by(sr.c.id))]
        cell_stmt, res_stmt = self._upserts()

        def work(conn: sa.Connection) -> int:
            ids: dict[int, int] = {}
            for old_id, row in cell_rows.items():
                vals = {k: v for k, v in row.items() if k != "id"}
                conn.execute(cell_stmt, vals)
                ids[old_id] = conn.execute(sa.select(cells.c.id).where(
                    cells.c.sha256 == vals["sha256"])).scalar_one()
            for row in res_rows:
                vals = {k: v for k, v in row.items() if k != "cell_id_"}
                conn.execute(res_stmt, {**vals, "cell_id": ids[row["cell_id_"]]})
            return len(res_rows)

        return self._write(work, f"merge of {source.name} failed, nothing written")

    # ------------------------------------------------------------------ reading
    def cells(self) -> list[dict[str, Any]]:
        """All cells, oldest first.

        Examples
        --------
        >>> import os, tempfile
        >>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
        ...     cat.cells()
        []
        """
        names = [c.name for c in cells.columns]
        c = self._cells
        q = sa.select(*[(c.c[n] if n in c.c else sa.null()).label(n) for n in names]
                      ).order_by(c.c.id)
        with self._reading() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def results(self) -> list[dict[str, Any]]:
        """All results joined with their cell (electrode, electrolyte, source, sha256, the
        header's metadata), one row per (cell, analysis key), oldest first; the keys are
        :data:`COLUMNS` (those an old read-only catalog lacks are None).

        Examples
        --------
        >>> import os, tempfile
        >>> import numpy as np
        >>> from semisolid.io.data import CyclingData
        >>> from semisolid.ccd import detect
        >>> from semisolid.ccd.catalog import CellInfo
        >>> i = np.repeat([1e-4, -1e-4], 50)
        >>> rec = CyclingData.from_arrays(np.arange(100) * 60.0, 25.0 * i, i)
        >>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
        ...     _ = cat.add([CatalogEntry(CellInfo("K", "KBA"), detect(rec, 1e-4), rec)])
        ...     r = cat.results()[0]
        >>> r["electrode"], r["failure"], r["last_stable_mA_cm2"], r["half_cycles"]
        ('K', 'none', 0.1, 2)
        """
        return self._joined(self._results)

    def _joined(self, source: Any, *, settings: bool = False) -> list[dict[str, Any]]:
        """Result rows of `source` (the results table or a sub-query of it) joined with
        their cell, in :data:`COLUMNS` order (plus ``settings``, the settings' JSON text)."""
        r, c = source, self._cells

        def pick(t: Any, n: str) -> Any:
            return (t.c[n] if n in t.c else sa.null()).label(n)

        cols = [pick(r, n) for n in _RESULT_OUT] + [pick(r, "warnings_json")]
        cols += [pick(c, n) for n in _CELL_OUT]
        if settings:
            cols.append(pick(r, "settings_json"))
        q = sa.select(*cols).select_from(r.join(c, r.c.cell_id == c.c.id)).order_by(r.c.id)
        out = []
        with self._reading() as conn:
            for row in conn.execute(q):
                d = dict(row._mapping)
                w = d.pop("warnings_json")
                d["warnings"] = json.loads(w) if w else []
                if d.get("censored") is not None:
                    d["censored"] = bool(d["censored"])
                if settings:
                    d["settings"] = d.pop("settings_json")
                out.append({k: d[k] for k in (*COLUMNS, *(("settings",) if settings else ()))})
        return out

    def _chosen(self, key: str | None) -> tuple[Any, str]:
        """The sub-query of the result rows that count (see :meth:`counted`) and its
        label."""
        r = self._results
        if key is None:
            # the latest result row of each cell: greatest (analysed_at, id)
            rank = sa.func.row_number().over(
                partition_by=r.c.cell_id, order_by=(r.c.analysed_at.desc(), r.c.id.desc())
            ).label("rank_")
            ranked = sa.select(*r.c, rank).subquery("ranked")
            return (sa.select(*[ranked.c[n] for n in r.c.keys()])
                    .where(ranked.c.rank_ == 1).subquery("r"), "latest per cell")
        if not isinstance(key, str):
            raise InputError(f"{key!r} is not an analysis key (16 hex digits)", "analysis_key")
        return sa.select(r).where(r.c.analysis_key == key).subquery("r"), key

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
        >>> from semisolid.ccd.catalog import CellInfo, analysis_key
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
        return self._joined(self._chosen(analysis_key)[0])

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
        return pd.DataFrame(rows, columns=list(COLUMNS))

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
        >>> from semisolid.ccd.catalog import CellInfo
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

    def summary(self, analysis_key: str | None = None) -> list[dict[str, Any]]:
        """Per electrode/electrolyte: cells, shorts, open circuits, mean and max CCD.

        Every cell counts ONCE (the rule of :meth:`counted`): a cell analysed with several
        settings contributes its latest analysis, or the one of `analysis_key`. CCD
        statistics are over the counted results whose failure is a short. The ``analysis``
        key of each row says which analysis was used: ``"latest per cell"`` or the key
        given. Rows are ordered by electrode, then electrolyte (missing ones first).

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
        >>> from semisolid.ccd.catalog import CellInfo, analysis_key
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
        r, label = self._chosen(analysis_key)
        c = self._cells

        def count(kind: str) -> Any:
            return sa.func.coalesce(sa.func.sum(sa.case((r.c.failure == kind, 1), else_=0)), 0)

        short_ccd = sa.case((r.c.failure == "short", r.c.ccd_mA_cm2), else_=None)
        q = (sa.select(c.c.electrode.label("electrode"), c.c.electrolyte.label("electrolyte"),
                       sa.func.count(sa.distinct(c.c.id)).label("cells"),
                       count("short").label("shorts"),
                       count("open_circuit").label("open_circuits"),
                       count("none").label("none"),
                       sa.func.avg(short_ccd).label("mean_ccd_mA_cm2"),
                       sa.func.max(short_ccd).label("max_ccd_mA_cm2"))
             .select_from(r.join(c, r.c.cell_id == c.c.id))
             .group_by(c.c.electrode, c.c.electrolyte)
             .order_by(c.c.electrode.asc().nulls_first(), c.c.electrolyte.asc().nulls_first()))
        with self._reading() as conn:
            rows = [dict(row._mapping) for row in conn.execute(q)]
        for row in rows:
            for k in ("cells", "shorts", "open_circuits", "none"):
                row[k] = int(row[k])
            for k in ("mean_ccd_mA_cm2", "max_ccd_mA_cm2"):
                row[k] = None if row[k] is None else float(row[k])
            row["analysis"] = label
        return rows

    # ------------------------------------------------------------------ export
    def export_frame(self) -> Any:
        """Every analysis with its cell's metadata as one flat DataFrame, as
        :meth:`export` writes it: the columns of :meth:`results` (``warnings`` as JSON
        text) and ``settings`` (the detector settings, JSON text), with explicit dtypes
        (float64, nullable Int64 and boolean, string).

        Examples
        --------
        >>> import os, tempfile
        >>> with Catalog(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cat:
        ...     df = cat.export_frame()
        >>> len(df), df.columns[-1], str(df["half_cycles"].dtype)
        (0, 'settings', 'Int64')
        """
        import pandas as pd

        from semisolid.ccd.catalog.export import EXPORT_DTYPES

        rows = self._joined(self._results, settings=True)
        for r in rows:
            r["warnings"] = json.dumps(r["warnings"])
        df = pd.DataFrame(rows, columns=list(EXPORT_DTYPES))
        return df.astype(EXPORT_DTYPES)

    def export(self, path: str | os.PathLike) -> Path:
        """Write :meth:`export_frame` to `path` (``.csv`` or ``.parquet``, atomically).

        ``pandas.read_parquet`` gives the same table back (dtypes included);
        :func:`~semisolid.ccd.catalog.read_export` gives it back from either format.

        Raises
        ------
        InputError
            Another suffix, or `path` is the catalog itself.

        Examples
        --------
        >>> import os, tempfile
        >>> d = tempfile.mkdtemp()
        >>> with Catalog(os.path.join(d, "c.sqlite")) as cat:
        ...     out = cat.export(os.path.join(d, "cells.csv"))
        >>> out.read_text().splitlines()[0].split(",")[:3]
        ['id', 'cell_id', 'analysis_key']
        """
        from semisolid.ccd.catalog.export import write_frame

        return write_frame(self.export_frame(), path, self.path)

    def export_csv(self, path: str | os.PathLike) -> Path:
        """Write :meth:`export_frame` to a CSV file (atomically). Returns the path.

        Examples
        --------
        >>> import os, tempfile
        >>> d = tempfile.mkdtemp()
        >>> with Catalog(os.path.join(d, "c.sqlite")) as cat:
        ...     out = cat.export_csv(os.path.join(d, "results.csv"))
        >>> out.read_text().splitlines()[0].split(",")[:4]   # an empty catalog: the header only
        ['id', 'cell_id', 'analysis_key', 'failure']
        """
        from semisolid.ccd.catalog.export import write_frame

        return write_frame(self.export_frame(), path, self.path, kind="csv")
