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
    column, not JSON; in SQLite also the first text or blob where a number belongs.

    The bulk of the work runs in the database (``typeof``, ``json_valid`` where SQLite has
    it); Python decodes the texts (SQLite only: a PostgreSQL server keeps them UTF-8) and
    parses only the JSON the database did not accept (a NaN, which ``json.loads`` reads,
    is not strict JSON)."""
    names = [c.name for c in table.columns
             if isinstance(c.type, sa.Text) and c.name in present]
    numbers = [c.name for c in table.columns
               if not isinstance(c.type, sa.Text) and c.name in present and c.name != "id"]
    jsons = [n for n in JSON_COLUMNS.get(table.name, ()) if n in present]
    sqlite = conn.dialect.name == "sqlite"
    t = sa.table(table.name, *[sa.column(n) for n in ("id", *names, *numbers)])
    if sqlite and numbers:
        kinds = [sa.func.typeof(t.c[n]) for n in numbers]
        row = conn.execute(sa.select(t.c.id, *kinds).where(sa.or_(*[
            k.not_in(("integer", "real", "null")) for k in kinds])).order_by(t.c.id).limit(1)
        ).first()
        if row is not None:
            name, kind = next((n, k) for n, k in zip(numbers, row[1:], strict=True)
                              if k not in ("integer", "real", "null"))
            return f"{table.name} row {row[0]}, column {name}: holds {kind}, not a number"
    if sqlite and names:
        q = sa.select(t.c.id, *[sa.cast(t.c[n], sa.LargeBinary) for n in names])
        for row in conn.execute(q.order_by(t.c.id)):
            for name, value in zip(names, row[1:], strict=True):
                if value is None:
                    continue
                data = bytes(value)
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    return (f"{table.name} row {row[0]}, column {name}: not UTF-8 text (byte "
                            f"{data[exc.start]:#04x} at offset {exc.start})")
    for name in jsons:
        col = t.c[name]
        q = sa.select(t.c.id, col).where(col.is_not(None))
        if sqlite and _has_json_valid(conn):
            q = q.where(sa.func.json_valid(col) == 0)
        for row in conn.execute(q.order_by(t.c.id)):
            try:
                json.loads(row[1])
            except ValueError as exc:
                return (f"{table.name} row {row[0]}, column {name}: not valid JSON "
                        f"({one_line(str(exc))})")
    return None


def _has_json_valid(conn: sa.Connection) -> bool:
    try:
        conn.exec_driver_sql("SELECT json_valid('1')").scalar()
    except sa.exc.DBAPIError:
        return False
    return True
