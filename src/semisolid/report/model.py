"""Building blocks of the report: comparison rows, tables, figures and sections.

Examples
--------
>>> c = Comparison("17a", "K plated per 3 mAh/cm2", "um", 51.5, 50.77, 0.04, relative=True)
>>> c.status, round(c.error, 4)
('pass', -0.0142)
>>> Comparison("1", "number of cells", "", 38, None, None, note="experimental record").status
'not computed'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Comparison", "Figure", "Section", "Table"]


@dataclass
class Comparison:
    """One row of the paper-vs-computed table.

    Attributes
    ----------
    item : str
        Item number in ``shared/reference/paper_numbers.md`` (or a DESIGN.md label).
    quantity : str
        What is compared.
    unit : str
        Unit of `paper` and `computed`.
    paper : float or str
        The paper's value (a number, or a text such as ``"< 1"``).
    computed : float or None
        Our value; None when it cannot be computed (then `note` says why).
    tolerance : float or None
        Allowed |computed - paper| (absolute, or relative when `relative`).
    relative : bool
        Whether `tolerance` is relative.
    check : str or None
        For non-numeric paper values, the condition tested (``"< 1"``, ``"> 15"``,
        ``"in [1.8, 2.4]"``); evaluated on `computed`.
    kind : str
        ``"computed"`` (independent), ``"calibrated"`` (a model constant was fitted to this
        number: agreement is by construction), ``"reported"`` (the paper's own value shown as
        such), ``"input"`` (a protocol or geometry we use as input).
    note : str
        Method or reason.
    """

    item: str
    quantity: str
    unit: str
    paper: float | str
    computed: float | None
    tolerance: float | None
    relative: bool = False
    check: str | None = None
    kind: str = "computed"
    note: str = ""

    @property
    def error(self) -> float | None:
        """computed - paper (relative to paper when `relative`), or None."""
        if self.computed is None or not isinstance(self.paper, int | float):
            return None
        d = self.computed - self.paper
        return d / self.paper if self.relative else d

    @property
    def status(self) -> str:
        """``"pass"``, ``"fail"``, ``"not computed"`` or ``"info"`` (no tolerance)."""
        if self.computed is None or (
            isinstance(self.computed, float) and not math.isfinite(self.computed)
        ):
            return "not computed"
        if self.check is not None:
            return "pass" if _check(self.check, self.computed) else "fail"
        if self.tolerance is None or self.error is None:
            return "info"
        return "pass" if abs(self.error) <= self.tolerance + 1e-12 else "fail"

    def to_dict(self) -> dict[str, Any]:
        """Row as a plain dict (what ``numbers.json`` and ``comparison.csv`` hold)."""
        return {
            "item": self.item,
            "quantity": self.quantity,
            "unit": self.unit,
            "paper": self.paper,
            "computed": self.computed,
            "tolerance": self.tolerance,
            "tolerance_is_relative": self.relative,
            "check": self.check,
            "kind": self.kind,
            "status": self.status,
            "note": self.note,
        }


def _check(expr: str, x: float) -> bool:
    """Evaluate a simple condition such as ``'< 1'``, ``'>= 2'``, ``'in [1.8, 2.4]'``.

    Examples
    --------
    >>> _check("in [1.8, 2.4]", 2.0), _check("< 1", 3.0)
    (True, False)
    """
    e = expr.strip()
    if e.startswith("in"):
        lo, hi = (float(v) for v in e[2:].strip(" []").split(","))
        return lo <= x <= hi
    for op in ("<=", ">=", "<", ">"):
        if e.startswith(op):
            v = float(e[len(op):])
            return {"<=": x <= v, ">=": x >= v, "<": x < v, ">": x > v}[op]
    raise ValueError(f"cannot evaluate check {expr!r}")


@dataclass
class Table:
    """A table of the report: a name (also the CSV file name), columns, rows."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form."""
        return {"title": self.title, "columns": self.columns, "rows": self.rows, "note": self.note}


@dataclass
class Figure:
    """A figure: a file name stem, a caption and the PNG bytes."""

    name: str
    caption: str
    png: bytes


@dataclass
class Section:
    """A report section: title, explanatory text, figures, tables and comparison rows."""

    key: str
    title: str
    text: str = ""
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
