"""Orchestrate ``semisolid reproduce``: run every section, write HTML, JSON and CSV atomically.

The sections are :data:`semisolid.report.sections.SECTIONS`; they share one
:class:`~semisolid.report.context.ReportContext`.

Examples
--------
>>> from semisolid.report.reproduce import SECTIONS
>>> [key for key, _ in SECTIONS][:2]
['thermo', 'design']
"""

from __future__ import annotations

import csv
import io
import json
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from semisolid._util import atomic_write_bytes, atomic_write_text, json_safe, progress
from semisolid.report.context import ReportContext
from semisolid.report.html import render_html
from semisolid.report.model import Comparison, Section, count_status, item_key
from semisolid.report.sections import SECTIONS

__all__ = ["SECTIONS", "ReportResult", "build_report"]


@dataclass
class ReportResult:
    """What a report build produced."""

    out_dir: Path
    html_path: Path
    numbers_path: Path
    comparisons: list[Comparison]
    errors: list[str]
    seconds: float

    @property
    def counts(self) -> dict[str, int]:
        """Number of comparison rows per status (all four statuses present)."""
        return count_status(self.comparisons)

    @property
    def independent_counts(self) -> dict[str, int]:
        """Counts of the independent (kind ``computed``) rows only."""
        return count_status(self.comparisons, kind="computed")


def _csv_text(columns: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def build_report(
    out_dir: str | Path = "report",
    quick: bool = False,
    show_progress: bool | None = None,
    only: list[str] | None = None,
) -> ReportResult:
    """Build the paper-reproduction report into `out_dir`.

    Parameters
    ----------
    out_dir : path
        Folder for ``index.html``, ``numbers.json``, ``comparison.csv``, ``tables/*.csv`` and
        ``figures/*.png`` (created if missing; files replaced atomically).
    quick : bool
        Fewer virtual cells and smaller grids (under 30 s); the numbers are the same kind,
        with wider Monte Carlo scatter.
    show_progress : bool, optional
        Progress bar on stderr (default: when stderr is a terminal).
    only : list of str, optional
        Build only these section keys (for debugging).

    Returns
    -------
    ReportResult

    Examples
    --------
    >>> import tempfile
    >>> r = build_report(tempfile.mkdtemp(), quick=True, show_progress=False, only=["other"])
    >>> r.errors, (r.out_dir / "index.html").exists(), r.counts["pass"] > 5
    ([], True, True)
    """
    t0 = time.perf_counter()
    out = Path(out_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    ctx = ReportContext(quick=quick)
    sections: list[Section] = []
    errors: list[str] = []
    todo = [(k, f) for k, f in SECTIONS if only is None or k in only]
    for key, build in progress(todo, "building report", enabled=show_progress):
        try:
            sec = build(ctx)
        except Exception as exc:  # a failing section is shown in the report, and reported
            tb = traceback.format_exc(limit=4)
            sec = Section(key, key, errors=[f"{type(exc).__name__}: {exc}"])
            errors.append(f"section {key}: {type(exc).__name__}: {exc}\n{tb}")
        sections.append(sec)
    comparisons = [c for s in sections for c in s.comparisons]
    comparisons.sort(key=lambda c: item_key(c.item))

    numbers: dict[str, Any] = {
        "title": "Park et al., Nature Energy 6, 314 (2021): paper vs semisolid",
        "quick": quick,
        "seed": ctx.seed,
        "comparison": [c.to_dict() for c in comparisons],
        "tables": {t.name: t.to_dict() for s in sections for t in s.tables},
        "figures": [f"figures/{f.name}.png" for s in sections for f in s.figures],
        "errors": errors,
    }
    for s in sections:
        for f in s.figures:
            atomic_write_bytes(out / "figures" / f"{f.name}.png", f.png)
        for t in s.tables:
            atomic_write_text(out / "tables" / f"{t.name}.csv", _csv_text(t.columns, t.rows))
    comp_cols = list(comparisons[0].to_dict()) if comparisons else ["item"]
    atomic_write_text(
        out / "comparison.csv",
        _csv_text(comp_cols, [list(c.to_dict().values()) for c in comparisons]),
    )
    numbers_path = atomic_write_text(
        out / "numbers.json", json.dumps(json_safe(numbers), indent=2)
    )
    preface = (
        "<p>Every figure and number below was computed by <code>semisolid reproduce"
        f"{' --quick' if quick else ''}</code> from built-in data only: the shipped Li-Na-K "
        "database, the paper's geometries and protocols, the paper's reported CCD values (marked "
        "<i>reported</i>), seeded virtual cells and the sample files. Numbers: "
        "<code>numbers.json</code>, <code>comparison.csv</code>, <code>tables/*.csv</code>.</p>"
    )
    page = render_html(sections, comparisons, numbers["title"], preface=preface)
    html_path = atomic_write_text(out / "index.html", page)
    return ReportResult(
        out_dir=out,
        html_path=html_path,
        numbers_path=numbers_path,
        comparisons=comparisons,
        errors=errors,
        seconds=time.perf_counter() - t0,
    )
