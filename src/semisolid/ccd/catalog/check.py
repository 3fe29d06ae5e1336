"""The checks a catalog passes before it is read or written: SQLite's own integrity check,
the columns its schema version must have, and every stored text (UTF-8, and JSON where JSON
is kept). A catalog that fails any of them is refused, for reading and for writing, with ONE
line that names the catalog and the first problem (and how many more there are).

Examples
--------
>>> one_line("row 3 missing\\n  from index", 2)
'row 3 missing from index (and 1 more problem)'
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from semisolid.ccd.catalog.schema import JSON_COLUMNS, cells, columns_at, results

__all__ = ["first_problem", "one_line"]

_MAX = 200


def one_line(text: str, count: int = 1) -> str:
    """`text` on one line (whitespace runs folded, at most 200 characters), with the count
    of further problems."""
    flat = " ".join(str(text).split())
    if len(flat) > _MAX:
        flat = flat[:_MAX - 3] + "..."
    more = count - 1
    return flat + (f" (and {more} more problem{'s' * (more > 1)})" if more > 0 else "")


def first_problem(conn: sa.Connection, version: int,
                  present: dict[str, set[str]]) -> str | None:
    """The first problem of the catalog behind `conn` at schema `version` (its tables'
    `present` columns), or None."""
    if conn.dialect.name == "sqlite":
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check(20)")]
        if rows != ["ok"]:
            return "integrity check: " + one_line("; ".join(map(str, rows[:1])), len(rows))
    for table in (cells, results):
        missing = [c for c in columns_at(table, version) if c not in present[table.name]]
        if missing:
            return (f"table {table.name} lacks column{'s' * (len(missing) > 1)} "
                    f"{', '.join(missing[:5])} of schema version {version}")
    for table in (cells, results):
        problem = _texts(conn, table, present[table.name])
        if problem:
            return problem
    return None


def _texts(conn: sa.Connection, table: sa.Table, present: set[str]) -> str | None:
    """The first stored text that is not UTF-8 (SQLite stores any bytes) or, in a JSON
    column, not JSON; in SQLite also the first text or blob where a number belongs."""
    names = [c.name for c in table.columns
             if isinstance(c.type, sa.Text) and c.name in present]
    numbers = [c.name for c in table.columns
               if not isinstance(c.type, sa.Text) and c.name in present and c.name != "id"]
    jsons = set(JSON_COLUMNS.get(table.name, ()))
    sqlite = conn.dialect.name == "sqlite"
    t = sa.table(table.name, *[sa.column(n) for n in ("id", *names, *numbers)])
    cols: list[Any] = [sa.cast(t.c[n], sa.LargeBinary) if sqlite else t.c[n] for n in names]
    if sqlite:
        cols += [sa.func.typeof(t.c[n]) for n in numbers]
    for row in conn.execute(sa.select(t.c.id, *cols).order_by(t.c.id)):
        for name, kind in zip(numbers, row[1 + len(names):], strict=False):
            if kind not in ("integer", "real", "null"):
                return f"{table.name} row {row[0]}, column {name}: holds {kind}, not a number"
        for name, value in zip(names, row[1:1 + len(names)], strict=True):
            if value is None:
                continue
            where = f"{table.name} row {row[0]}, column {name}"
            if isinstance(value, bytes | memoryview):
                data = bytes(value)
                try:
                    value = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    return (f"{where}: not UTF-8 text (byte {data[exc.start]:#04x} at "
                            f"offset {exc.start})")
            if name in jsons:
                try:
                    json.loads(value)
                except ValueError as exc:
                    return f"{where}: not valid JSON ({one_line(str(exc))})"
    return None
