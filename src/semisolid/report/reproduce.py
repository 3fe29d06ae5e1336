"""Orchestrate ``semisolid reproduce``: run every section, write HTML, JSON and CSV.

The sections are :data:`semisolid.report.sections.SECTIONS`; they share one
:class:`~semisolid.report.context.ReportContext`. The report is built in a temporary folder
beside the output folder and swapped in whole at the end
(:func:`semisolid._util.atomic_folder`): a run that is killed or fails leaves the previous
report as it was, and its temporary folder is removed by the next run. An existing output
folder is replaced only if it is empty or holds a previous report (nothing else).

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

from semisolid._util import atomic_folder, check_output_path, json_safe, progress, spreadsheet_cell
from semisolid.report.context import ReportContext
from semisolid.report.html import render_html
from semisolid.report.model import Comparison, Section, count_status, item_key
from semisolid.report.sections import SECTIONS

__all__ = ["REPORT_ENTRIES", "SECTIONS", "ReportResult", "build_report", "is_report_folder"]

#: What a report folder holds; a folder with anything else is never replaced.
REPORT_ENTRIES = frozenset({"index.html", "numbers.json", "comparison.csv", "figures",
                            "tables"})


def is_report_folder(folder: str | Path) -> bool:
    """True for an empty folder or a previous report (``index.html`` or ``numbers.json``
    and nothing but :data:`REPORT_ENTRIES`): the folders :func:`build_report` may replace.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> is_report_folder(d)
    True
    >>> _ = (d / "notes.txt").write_text("mine")
    >>> is_report_folder(d)
    False
    """
    names = {p.name for p in Path(folder).iterdir()}
    return not names or (bool(names & {"index.html", "numbers.json"})
                         and names <= REPORT_ENTRIES)


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
    w.writerow([spreadsheet_cell(c) for c in columns])
    for r in rows:
        w.writerow(["" if v is None else spreadsheet_cell(v) for v in r])
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
        ``figures/*.png``: created if missing, else replaced as a whole, and only if it is
        empty or a previous report (see :func:`is_report_folder`).
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

    Raises
    ------
    semisolid.errors.InputError
        `out_dir` is empty, a file, the working folder, or a folder holding other files
        (refused before anything is computed).

    Examples
    --------
    >>> import tempfile
    >>> r = build_report(tempfile.mkdtemp(), quick=True, show_progress=False, only=["other"])
    >>> r.errors, (r.out_dir / "index.html").exists(), r.counts["pass"] > 5
    ([], True, True)
    """
    t0 = time.perf_counter()
    out = check_output_path(out_dir, field="out_dir", folder=True)
    with atomic_folder(out, replaceable=is_report_folder, what="semisolid report",
                       field="out_dir") as tmp:
        comparisons, errors = _build(tmp, quick, show_progress, only)
    return ReportResult(
        out_dir=out,
        html_path=out / "index.html",
        numbers_path=out / "numbers.json",
        comparisons=comparisons,
        errors=errors,
        seconds=time.perf_counter() - t0,
    )


def _build(out: Path, quick: bool, show_progress: bool | None, only: list[str] | None
           ) -> tuple[list[Comparison], list[str]]:
    """Run the sections and write the report into the (private, new) folder `out`."""
    (out / "figures").mkdir()
    (out / "tables").mkdir()
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
            (out / "figures" / f"{f.name}.png").write_bytes(f.png)
        for t in s.tables:
            (out / "tables" / f"{t.name}.csv").write_text(_csv_text(t.columns, t.rows),
                                                         encoding="utf-8")
    comp_cols = list(comparisons[0].to_dict()) if comparisons else ["item"]
    (out / "comparison.csv").write_text(
        _csv_text(comp_cols, [list(c.to_dict().values()) for c in comparisons]),
        encoding="utf-8")
    (out / "numbers.json").write_text(json.dumps(json_safe(numbers), indent=2),
                                      encoding="utf-8")
    preface = (
        "<p>Every figure and number below was computed by <code>semisolid reproduce"
        f"{' --quick' if quick else ''}</code> from built-in data only: the shipped Li-Na-K "
        "database, the paper's geometries and protocols, the paper's reported CCD values (marked "
        "<i>reported</i>), seeded virtual cells and the sample files. Numbers: "
        "<code>numbers.json</code>, <code>comparison.csv</code>, <code>tables/*.csv</code>.</p>"
    )
    page = render_html(sections, comparisons, numbers["title"], preface=preface)
    (out / "index.html").write_text(page, encoding="utf-8")
    return comparisons, errors
