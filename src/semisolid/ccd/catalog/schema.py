"""The catalog's schema (SQLAlchemy Core tables) and its versioned migrations.

Every column carries the schema version that added it (``Column.info["since"]``); the
tables hold the columns of the newest version, :data:`SCHEMA_VERSION`. A new catalog is
built as version 1 (the columns with ``since == 1``) and then upgraded column by column, so
a new catalog and an upgraded old one have the same schema by construction.

Versions:

1. semisolid 0.1.0: ``cells`` and ``results``;
2. the file header's metadata and the analysis facts (protocol, signature, censoring,
   warnings, semisolid version, file sha256);
3. the provenance of a final area measured on a photograph (its uncertainty, the image's
   path and sha256, the reference's size and kind), and the ``semisolid_schema`` table.

Where the version is kept: ``semisolid_schema`` has one row per version a catalog reached
(with the time and the semisolid version that applied it); an SQLite catalog also keeps it in
``PRAGMA user_version`` (the only record of versions 1 and 2, and what semisolid 0.1.0
reads) next to ``PRAGMA application_id`` = :data:`APPLICATION_ID`.

Examples
--------
>>> SCHEMA_VERSION, sorted(MIGRATIONS)
(3, [1, 2])
>>> MIGRATIONS[2][:2]
(('cells', 'final_area_uncertainty_cm2'), ('cells', 'final_area_image'))
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.schema import CreateColumn

__all__ = ["APPLICATION_ID", "JSON_COLUMNS", "MIGRATIONS", "SCHEMA_VERSION", "cells",
           "columns_at", "create", "metadata", "results", "upgrade", "version_table"]

APPLICATION_ID = 0x53534344  # "SSCD", an SQLite catalog's PRAGMA application_id
SCHEMA_VERSION = 3

# REAL in an SQLite file (as semisolid 0.1.0 wrote it), DOUBLE PRECISION elsewhere
_REAL = sa.Double().with_variant(sa.REAL(), "sqlite")


def _col(name: str, type_: Any, *args: Any, since: int = 1, **kw: Any) -> sa.Column:
    return sa.Column(name, type_, *args, info={"since": since}, **kw)


def _photo(since: int) -> list[sa.Column]:
    return [_col("final_area_uncertainty_cm2", _REAL, since=since),
            _col("final_area_image", sa.Text, since=since),
            _col("final_area_image_sha256", sa.Text, since=since),
            _col("final_area_reference_m", _REAL, since=since),
            _col("final_area_reference_kind", sa.Text, since=since)]


def _results_constraints() -> list[Any]:
    return [sa.ForeignKeyConstraint(["cell_id"], ["cells.id"], ondelete="CASCADE"),
            sa.CheckConstraint("failure IN ('short', 'open_circuit', 'none')",
                               name="failure_kind"),
            sa.UniqueConstraint("cell_id", "analysis_key")]


metadata = sa.MetaData()

cells = sa.Table(
    "cells", metadata,
    _col("id", sa.Integer, primary_key=True),
    _col("sha256", sa.Text, nullable=False, unique=True),
    _col("source_file", sa.Text),
    _col("electrode", sa.Text),
    _col("electrolyte", sa.Text),
    _col("area_cm2", _REAL),
    _col("final_area_cm2", _REAL),
    _col("temperature_K", _REAL),
    _col("stack_pressure_MPa", _REAL),
    _col("areal_capacity_mAh_cm2", _REAL),
    _col("updated_at", sa.Text, nullable=False),
    _col("header_electrode", sa.Text, since=2),
    _col("header_electrolyte", sa.Text, since=2),
    _col("cell_name", sa.Text, since=2),
    _col("start_time", sa.Text, since=2),
    _col("instrument", sa.Text, since=2),
    _col("header_area_cm2", _REAL, since=2),
    _col("file_format", sa.Text, since=2),
    _col("comments", sa.Text, since=2),
    *_photo(3),
)

results = sa.Table(
    "results", metadata,
    _col("id", sa.Integer, primary_key=True),
    _col("cell_id", sa.Integer, nullable=False),
    _col("analysis_key", sa.Text, nullable=False),
    _col("failure", sa.Text, nullable=False),
    _col("ccd_mA_cm2", _REAL),
    _col("ccd_final_mA_cm2", _REAL),
    _col("last_stable_mA_cm2", _REAL),
    _col("step_mA_cm2", _REAL),
    _col("onset_time_s", _REAL),
    _col("onset_half_cycle", sa.Integer),
    _col("cumulative_capacity_mAh_cm2", _REAL),
    _col("areal_capacity_mAh_cm2", _REAL),
    _col("half_cycles", sa.Integer),
    _col("area_cm2", _REAL),
    _col("final_area_cm2", _REAL),
    _col("summary_json", sa.Text, nullable=False),
    _col("settings_json", sa.Text, nullable=False),
    _col("analysed_at", sa.Text, nullable=False),
    _col("protocol", sa.Text, since=2),
    _col("signature", sa.Text, since=2),
    _col("censored", sa.Integer, since=2),
    _col("censored_at_mA_cm2", _REAL, since=2),
    _col("onset_current_density_mA_cm2", _REAL, since=2),
    _col("time_to_failure_s", _REAL, since=2),
    _col("soft_shorts", sa.Integer, since=2),
    _col("soft_shorts_after_onset", sa.Integer, since=2),
    _col("warnings_json", sa.Text, since=2),
    _col("semisolid_version", sa.Text, since=2),
    _col("file_sha256", sa.Text, since=2),
    *_photo(3),
    *_results_constraints(),
)

#: The catalog's own record of its versions (one row per version reached).
version_table = sa.Table(
    "semisolid_schema", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.Text, nullable=False),
    sa.Column("semisolid_version", sa.Text),
)

#: Text columns holding JSON (checked when a catalog is opened).
JSON_COLUMNS = {"results": ("summary_json", "settings_json", "warnings_json")}

_TABLES = (cells, results)

#: Schema upgrades: version -> the (table, column) pairs that take a catalog to the next.
MIGRATIONS: dict[int, tuple[tuple[str, str], ...]] = {
    v: tuple((t.name, c.name) for t in _TABLES for c in t.columns if c.info["since"] == v + 1)
    for v in range(1, SCHEMA_VERSION)
}


def columns_at(table: sa.Table, version: int) -> list[str]:
    """The columns `table` has at schema `version`.

    Examples
    --------
    >>> len(columns_at(results, 1)), len(columns_at(results, 3))
    (18, 34)
    """
    return [c.name for c in table.columns if c.info["since"] <= version]


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")


def _record(conn: sa.Connection, versions: range) -> None:
    """Create ``semisolid_schema`` if missing and record `versions` as reached."""
    from semisolid import __version__

    version_table.create(conn, checkfirst=True)
    have = set(conn.execute(sa.select(version_table.c.version)).scalars())
    rows = [{"version": v, "applied_at": _now(), "semisolid_version": __version__}
            for v in versions if v not in have]
    if rows:
        conn.execute(version_table.insert(), rows)
    if conn.dialect.name == "sqlite":   # constants: no text from a file reaches this SQL
        conn.exec_driver_sql(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")


def create(conn: sa.Connection) -> None:
    """Build a new catalog in `conn`'s open transaction: version 1, then the upgrades."""
    first = sa.MetaData()
    for t in _TABLES:
        sa.Table(t.name, first, *[c._copy() for c in t.columns if c.info["since"] == 1],
                 *(_results_constraints() if t is results else ()))
    first.create_all(conn)
    _add_columns(conn, 1)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA application_id = {int(APPLICATION_ID)}")
    _record(conn, range(1, SCHEMA_VERSION + 1))


def upgrade(conn: sa.Connection, version: int) -> None:
    """Take a catalog from `version` to :data:`SCHEMA_VERSION` in `conn`'s open
    transaction (nothing is left half-done: the caller commits or rolls back)."""
    _add_columns(conn, version)
    _record(conn, range(version + 1, SCHEMA_VERSION + 1))


def _add_columns(conn: sa.Connection, version: int) -> None:
    quote = conn.dialect.identifier_preparer.quote
    for v in range(version, SCHEMA_VERSION):
        for table, column in MIGRATIONS[v]:
            col = metadata.tables[table].c[column]
            spec = CreateColumn(col).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {quote(table)} ADD COLUMN {spec}")
