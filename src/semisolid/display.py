"""Results as text on stdout: one JSON document, or tables and lines, for scripts, notebooks
and the ``semisolid`` command (which prints every result through here).

A result is any object with ``to_dict()`` (a dict of plain values, or a list of such
results). It may also define ``tables()``, a list of ``(title, columns, rows)``, and
``lines()``, text lines printed after the tables; without ``tables()`` its ``to_dict()``
prints as one quantity/value table (:func:`result_tables`). Text from files is printed
as plain text with control characters escaped (never as rich markup); NaN and infinities
are ``null`` in JSON and ``-`` in tables. Only the standard library is imported here (rich
when a table is printed).

Examples
--------
>>> class Fit:
...     def to_dict(self):
...         return {"sigma_S_m": 0.0895, "circuit": "R0-p(R1,CPE1)"}
>>> print_result(Fit(), as_json=True)
{
  "sigma_S_m": 0.0895,
  "circuit": "R0-p(R1,CPE1)"
}
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from semisolid._util import json_safe, terminal_text

__all__ = ["format_cell", "format_json", "print_json", "print_result", "print_table",
           "result_tables"]

# a table as (title, columns, rows)
_Table = tuple[str, Sequence[str], Sequence[Sequence[Any]]]


def format_json(obj: Any) -> str:
    """`obj` as an indented JSON document (NaN and infinities become null).

    Examples
    --------
    >>> format_json({"x": float("inf")})
    '{\\n  "x": null\\n}'
    """
    return json.dumps(json_safe(obj), indent=2)


def print_json(obj: Any) -> None:
    """Print one JSON document on stdout (NaN and infinities become null).

    Examples
    --------
    >>> print_json({"x": 1.5, "bad": float("nan")})
    {
      "x": 1.5,
      "bad": null
    }
    """
    sys.stdout.write(format_json(obj) + "\n")


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a table on stdout; numbers are never cut off (None and NaN print as ``-``).

    Floats print with 6 significant digits; text is escaped, never read as rich markup. On
    a terminal the table fits its width (long cells fold); elsewhere lines are not wrapped.

    Parameters
    ----------
    title : str
        Shown above the table.
    columns : sequence of str
        The column headings.
    rows : sequence of sequences
        The cells, row by row.

    Examples
    --------
    >>> print_table("demo", ["name", "value"], [["pi", 3.141592653589793], ["e", None]])
          demo
    ┏━━━━━━┳━━━━━━━━━┓
    ┃ name ┃ value   ┃
    ┡━━━━━━╇━━━━━━━━━┩
    │ pi   │ 3.14159 │
    │ e    │ -       │
    └──────┴─────────┘
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def text(v: Any) -> Text:  # plain text: never rich markup, control characters escaped
        return Text(terminal_text(v))

    t = Table(title=text(title))
    for c in columns:
        t.add_column(text(c), overflow="fold")
    for r in rows:
        t.add_row(*[text("-" if v is None or v != v else f"{v:.6g}" if isinstance(v, float)
                         else v) for v in r])
    out = sys.stdout
    Console(file=out, width=None if out.isatty() else 100_000, highlight=False,
            soft_wrap=False, emoji=False, markup=False).print(t)


def format_cell(value: Any, nested: bool = False) -> Any:
    """One value of a ``to_dict()`` as a table cell: floats to 6 significant digits, a dict
    as ``name=value`` pairs (in parentheses when `nested`), a list joined by ``"; "``.

    Examples
    --------
    >>> format_cell({"K": 0.95, "Na": 0.05})
    'K=0.95, Na=0.05'
    >>> format_cell([{"R0": 10.0}, 1 / 3])
    'R0=10; 0.333333'
    >>> format_cell(7)
    7
    """
    if isinstance(value, dict):
        text = ", ".join(f"{k}={format_cell(x, True)}" for k, x in value.items())
        return f"({text})" if nested else text
    if isinstance(value, list | tuple):
        return "; ".join(str(format_cell(x)) for x in value)
    return f"{value:.6g}" if isinstance(value, float) else value


def result_tables(result: Any, title: str = "") -> list[_Table]:
    """The tables of a result: its own ``tables()``, else one quantity/value table of its
    ``to_dict()`` under `title`.

    Examples
    --------
    >>> class R:
    ...     def to_dict(self):
    ...         return {"thickness_m": 1.25e-05, "metal": "K"}
    >>> result_tables(R(), "Plated thickness")
    [('Plated thickness', ['quantity', 'value'], [['thickness_m', '1.25e-05'], ['metal', 'K']])]
    """
    if hasattr(result, "tables"):
        return list(result.tables())
    rows = [[k, format_cell(v)] for k, v in result.to_dict().items()]
    return [(title, ["quantity", "value"], rows)]


def print_result(result: Any, as_json: bool = False, title: str = "") -> None:
    """Print a result, or a list of results: as JSON its ``to_dict()`` (a list: one JSON
    list), else its tables (:func:`result_tables`) and then its ``lines()``.

    Parameters
    ----------
    result : object with ``to_dict()``, or a list of them
        What to print.
    as_json : bool
        One JSON document instead of tables.
    title : str
        The title of the default quantity/value table.

    Examples
    --------
    >>> class Swing:
    ...     def to_dict(self):
    ...         return {"x_start": 0.95, "x_end": 0.9}
    ...     def lines(self):
    ...         return ["semi-solid at both ends"]
    >>> print_result([Swing()], as_json=True)
    [
      {
        "x_start": 0.95,
        "x_end": 0.9
      }
    ]
    >>> print_result(Swing(), title="swing")
            swing
    ┏━━━━━━━━━━┳━━━━━━━┓
    ┃ quantity ┃ value ┃
    ┡━━━━━━━━━━╇━━━━━━━┩
    │ x_start  │ 0.95  │
    │ x_end    │ 0.9   │
    └──────────┴───────┘
    semi-solid at both ends
    """
    if isinstance(result, list):  # one JSON list; each result's tables in turn
        if as_json:
            return print_json([r.to_dict() for r in result])
        for r in result:
            print_result(r, False, title)
        return None
    if as_json:
        return print_json(result.to_dict())
    for table in result_tables(result, title):
        print_table(*table)
    for line in getattr(result, "lines", list)():
        sys.stdout.write(terminal_text(line, max_chars=2000) + "\n")
    return None
