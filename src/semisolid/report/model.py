"""Building blocks of the report: comparison rows, tables, figures and sections.

Examples
--------
>>> c = Comparison("17a", "K plated per 3 mAh/cm2", "um", 51.5, 50.77, 0.04, relative=True,
...                kind="arithmetic")
>>> c.status, round(c.error, 4)
('pass', -0.0142)
>>> Comparison("26", "composition A", "", "0.95K-0.05Na", "0.95K-0.05Na", None,
...            kind="input").status
'info'
>>> Comparison.from_paper("nak_eutectic_T", 260.7, kind="fitted").status
'pass'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from semisolid.paper import PaperNumber

__all__ = ["KINDS", "KIND_LABELS", "Comparison", "Figure", "Section", "Table", "count_kinds",
           "count_status", "item_key"]

KIND_LABELS: dict[str, str] = {
    "prediction": "independent prediction",
    "arithmetic": "arithmetic",
    "consistency": "consistency",
    "input": "input",
    "fitted": "fitted",
    "calibrated": "calibrated",
}
"""The kinds of comparison rows (key -> the words the report shows), most telling first:

``prediction``
    An independent prediction: a number not used in any fit or calibration, computed from
    independent inputs. Only these are counted in the report's headline.
``arithmetic``
    Faraday's law or geometry applied to the paper's own inputs (and cited constants).
``consistency``
    A check of the code against itself or against a definition (a detector recovering
    the truth of simulated cells, a fit recovering the value a virtual cell was built with,
    a solver hitting its target).
``input``
    A protocol, geometry, composition or material value taken from the paper.
``fitted``
    A number the shipped database was fitted to (agreement shows the quality of the fit).
``calibrated``
    A number a model constant was tuned on, or a number from virtual cells built from such a
    model (agreement is, at least in part, by construction).
"""

KINDS = tuple(KIND_LABELS)
"""The keys of :data:`KIND_LABELS`; every row has exactly one."""


@dataclass
class Comparison:
    """One row of the paper-vs-computed table.

    Attributes
    ----------
    item : str
        Item label of the paper number (:func:`semisolid.paper.number`).
    quantity : str
        What is compared.
    unit : str
        Unit of `paper` and `computed`.
    paper : float or str
        The paper's value (a number, or a text such as ``"< 1"``).
    computed : float, str or None
        Our value (for an ``input`` row, the value used, possibly as text); None when it
        cannot be computed (then `note` says why).
    tolerance : float or None
        Allowed ``|computed - paper|`` (absolute, or relative when `relative`).
    relative : bool
        Whether `tolerance` is relative.
    check : str or None
        For non-numeric paper values, the condition tested (``"< 1"``, ``"> 15"``,
        ``"in [1.8, 2.4]"``); evaluated on `computed`.
    kind : str
        One of :data:`KINDS` (required; see :data:`KIND_LABELS` for what each means).
    note : str
        Method or reason.
    key : str
        Key of the paper number in ``park2021.toml`` (set by :meth:`from_paper`).
    """

    item: str
    quantity: str
    unit: str
    paper: float | str
    computed: float | str | None
    tolerance: float | None
    relative: bool = False
    check: str | None = None
    kind: str = ""
    note: str = ""
    key: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"row {self.item} ({self.quantity}): kind {self.kind!r} is not "
                             f"one of {', '.join(KINDS)}")

    @classmethod
    def from_paper(
        cls, number: str | PaperNumber, computed: float | str | None, *, kind: str,
        note: str = "",
    ) -> Comparison:
        """A row comparing `computed` with a paper number (a key of
        :func:`semisolid.paper.number`, or the number itself): item, quantity, unit, value,
        tolerance and check come from the paper's data file.

        Examples
        --------
        >>> c = Comparison.from_paper("plated_K_3", 50.77, kind="arithmetic", note="Faraday")
        >>> c.item, c.paper, c.tolerance, c.relative, c.status
        ('17', 51.5, 0.04, True, 'pass')
        """
        from semisolid.paper import number as paper_number

        n = paper_number(number) if isinstance(number, str) else number
        return cls(n.item, n.quantity, n.unit, n.value, computed, n.tolerance,
                   relative=n.relative, check=n.check, kind=kind, note=note, key=n.key)

    @property
    def error(self) -> float | None:
        """computed - paper (relative to paper when `relative`), or None."""
        if not isinstance(self.computed, int | float) or not isinstance(self.paper, int | float):
            return None
        d = self.computed - self.paper
        return d / self.paper if self.relative else d

    @property
    def status(self) -> str:
        """``"pass"``, ``"fail"``, ``"not computed"`` or ``"info"`` (no tolerance, or an
        ``input`` row)."""
        if self.computed is not None and (self.kind == "input" or isinstance(self.computed, str)):
            return "info"
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
            "kind_label": KIND_LABELS[self.kind],
            "status": self.status,
            "note": self.note,
            "key": self.key,
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


def count_status(rows: list[Comparison], kind: str | None = None) -> dict[str, int]:
    """Number of rows per status (all four statuses present), optionally of one kind only.

    Examples
    --------
    >>> rows = [Comparison("1", "a", "", 1.0, 1.0, 0.1, kind="prediction"),
    ...         Comparison("2", "b", "", 1.0, 2.0, 0.1, kind="fitted")]
    >>> count_status(rows)
    {'pass': 1, 'fail': 1, 'info': 0, 'not computed': 0}
    >>> count_status(rows, kind="prediction")["fail"]
    0
    """
    out = {"pass": 0, "fail": 0, "info": 0, "not computed": 0}
    for r in rows:
        if kind is None or r.kind == kind:
            out[r.status] += 1
    return out


def count_kinds(rows: list[Comparison]) -> dict[str, dict[str, int]]:
    """:func:`count_status` of every kind of :data:`KINDS` (all present, in that order).

    Examples
    --------
    >>> rows = [Comparison("1", "a", "", 1.0, 1.5, 0.1, kind="arithmetic")]
    >>> count_kinds(rows)["arithmetic"], count_kinds(rows)["prediction"]["pass"]
    ({'pass': 0, 'fail': 1, 'info': 0, 'not computed': 0}, 0)
    """
    return {k: count_status(rows, kind=k) for k in KINDS}


def item_key(item: str) -> tuple[int, int, str]:
    """Sort key of an item label: leading number, then any second number, then the text.

    Examples
    --------
    >>> sorted(["38-40", "6.1", "D4", "6", "5.det", "17"], key=item_key)
    ['5.det', '6', '6.1', '17', '38-40', 'D4']
    """
    import re

    nums = [int(n) for n in re.findall(r"\d+", item)]
    if not item[:1].isdigit():
        return (10_000, nums[0] if nums else 0, item)
    return (nums[0], nums[1] if len(nums) > 1 and "." in item else 0, item)


@dataclass
class Table:
    """A table of the report: a name (also the CSV file name), columns, rows.

    Examples
    --------
    >>> Table("t", "Title", ["a"], [[1]]).to_dict()["rows"]
    [[1]]
    """

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
    """A figure: a file name stem, a caption and its bytes per format
    (:func:`semisolid.report.figures.render`; PNG bytes alone are taken as ``{"png": ...}``).

    Examples
    --------
    >>> f = Figure("fig1", "A caption", b"\\x89PNG")
    >>> f.name, list(f.images), f.png[:4]
    ('fig1', ['png'], b'\\x89PNG')
    """

    name: str
    caption: str
    images: dict[str, bytes]

    def __post_init__(self) -> None:
        if isinstance(self.images, bytes):
            self.images = {"png": self.images}

    @property
    def png(self) -> bytes:
        """The PNG bytes (embedded in the page)."""
        return self.images["png"]


@dataclass
class Section:
    """A report section: title, explanatory text, figures, tables and comparison rows.

    Examples
    --------
    >>> Section("x", "Title").figures
    []
    """

    key: str
    title: str
    text: str = ""
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
