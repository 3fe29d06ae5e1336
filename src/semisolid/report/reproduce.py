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
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from semisolid._repr import short_repr
from semisolid._util import atomic_folder, check_output_path, json_safe, spreadsheet_cell
from semisolid.report.context import ReportContext, provenance
from semisolid.report.html import render_html
from semisolid.report.model import Comparison, Section, count_kinds, count_status, item_key
from semisolid.report.sections import SECTIONS

__all__ = ["REPORT_ENTRIES", "SECTIONS", "ReportResult", "build_report", "headline",
           "is_report_folder"]

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


@short_repr("html_path", "independent_counts", "errors", "seconds")
@dataclass
class ReportResult:
    """What a report build produced."""

    out_dir: Path
    html_path: Path
    numbers_path: Path
    comparisons: list[Comparison]
    errors: list[str]
    seconds: float
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """Number of comparison rows per status (all four statuses present)."""
        return count_status(self.comparisons)

    @property
    def independent_counts(self) -> dict[str, int]:
        """Counts of the independent predictions (kind ``prediction``) only."""
        return count_status(self.comparisons, kind="prediction")

    @property
    def kind_counts(self) -> dict[str, dict[str, int]]:
        """Counts per status of every kind (:func:`semisolid.report.model.count_kinds`)."""
        return count_kinds(self.comparisons)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``semisolid reproduce --json``: paths, counts, headline,
        provenance, errors and the time taken."""
        return {"html": str(self.html_path), "numbers_json": str(self.numbers_path),
                "counts": self.counts, "independent_counts": self.independent_counts,
                "kind_counts": self.kind_counts, "headline": self.headline(),
                "provenance": self.provenance, "errors": self.errors,
                "seconds": round(self.seconds, 2)}

    def tables(self) -> list[Any]:
        """No table: the report is the page (``semisolid reproduce`` prints :meth:`lines`)."""
        return []

    def lines(self) -> list[str]:
        """The line ``semisolid reproduce`` prints: where the report is, and its headline."""
        return [f"report: {self.html_path} ({self.headline()}; {self.seconds:.1f} s)"]

    def headline(self) -> str:
        """One line: the independent predictions, then the other kinds beside them.

        Examples
        --------
        >>> from semisolid.report.model import Comparison
        >>> r = ReportResult(Path("."), Path("i"), Path("n"),
        ...                  [Comparison("1", "q", "", 1.0, 1.0, 0.1, kind="prediction")], [], 0.0)
        >>> r.headline()
        'independent predictions: 1 pass, 0 fail; beside them (not predictions): none'
        """
        return headline(self.comparisons)


def _csv_text(columns: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([spreadsheet_cell(c) for c in columns])
    for r in rows:
        w.writerow(["" if v is None else spreadsheet_cell(v) for v in r])
    return buf.getvalue()


def headline(rows: list[Comparison]) -> str:
    """The report's headline: pass/fail of the independent predictions, then the number of
    rows (and failures) of every other kind.

    Examples
    --------
    >>> from semisolid.report.model import Comparison
    >>> headline([Comparison("1", "q", "", 1.0, 2.0, 0.1, kind="arithmetic"),
    ...           Comparison("2", "q", "", 1.0, 1.0, 0.1, kind="prediction")])
    'independent predictions: 1 pass, 0 fail; beside them (not predictions): arithmetic 1 (1 fail)'
    """
    from semisolid.report.model import KIND_LABELS

    kinds = count_kinds(rows)
    ind = kinds.pop("prediction")
    others = []
    for k, c in kinds.items():
        n = sum(c.values())
        if n:
            others.append(f"{KIND_LABELS[k]} {n}" + (f" ({c['fail']} fail)" if c["fail"] else ""))
    return (f"independent predictions: {ind['pass']} pass, {ind['fail']} fail; beside them "
            f"(not predictions): {', '.join(others) or 'none'}")


def _announce(enabled: bool | None) -> Any:
    """A function printing a progress line on stderr, or one doing nothing."""
    if enabled is None:
        env = os.environ.get("SEMISOLID_PROGRESS")
        enabled = env == "1" or (env != "0" and sys.stderr.isatty())
    if not enabled:
        return lambda text, end="\n": None

    def say(text: str, end: str = "\n") -> None:
        sys.stderr.write(text + end)
        sys.stderr.flush()

    return say


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
        ``figures/*``: created if missing, else replaced as a whole, and only if it is empty
        or a previous report (see :func:`is_report_folder`). The figures are written in PNG
        and the formats of :func:`semisolid.plots.save.figure_options` (SVG by default) at
        its resolution (300 dpi by default).
    quick : bool
        Fewer virtual cells and smaller grids (under 30 s); the numbers are the same kind,
        with wider Monte Carlo scatter.
    show_progress : bool, optional
        One line per section on stderr as it starts and ends (default: when stderr is a
        terminal or ``SEMISOLID_PROGRESS=1``).
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
    >>> r.errors, (r.out_dir / "index.html").exists(), r.counts["pass"] >= 3
    ([], True, True)
    """
    t0 = time.perf_counter()
    out = check_output_path(out_dir, field="out_dir", folder=True)
    with atomic_folder(out, replaceable=is_report_folder, what="semisolid report",
                       field="out_dir") as tmp:
        comparisons, errors, prov = _build(tmp, quick, show_progress, only)
    return ReportResult(
        out_dir=out,
        html_path=out / "index.html",
        numbers_path=out / "numbers.json",
        comparisons=comparisons,
        errors=errors,
        seconds=time.perf_counter() - t0,
        provenance=prov,
    )


def _build(out: Path, quick: bool, show_progress: bool | None, only: list[str] | None
           ) -> tuple[list[Comparison], list[str], dict]:
    """Run the sections and write the report into the (private, new) folder `out`."""
    (out / "figures").mkdir()
    (out / "tables").mkdir()
    ctx = ReportContext(quick=quick)
    sections: list[Section] = []
    errors: list[str] = []
    todo = [(k, f) for k, f in SECTIONS if only is None or k in only]
    say = _announce(show_progress)
    for n, (key, build) in enumerate(todo, 1):
        say(f"reproduce [{n}/{len(todo)}] {key} ...", end="")
        t1 = time.perf_counter()
        try:
            sec = build(ctx)
        except Exception as exc:  # a failing section is shown in the report, and reported
            tb = traceback.format_exc(limit=4)
            sec = Section(key, key, errors=[f"{type(exc).__name__}: {exc}"])
            errors.append(f"section {key}: {type(exc).__name__}: {exc}\n{tb}")
        say(f" {'failed' if sec.errors else 'done'} in {time.perf_counter() - t1:.1f} s")
        sections.append(sec)
    comparisons = [c for s in sections for c in s.comparisons]
    comparisons.sort(key=lambda c: item_key(c.item))

    prov = provenance(ctx)
    numbers: dict[str, Any] = {
        "title": "Park et al., Nature Energy 6, 314 (2021): paper vs semisolid",
        "quick": quick,
        "seed": ctx.seed,
        "provenance": prov,
        "headline": headline(comparisons),
        "kind_counts": count_kinds(comparisons),
        "comparison": [c.to_dict() for c in comparisons],
        "tables": {t.name: t.to_dict() for s in sections for t in s.tables},
        "figures": [f"figures/{f.name}.png" for s in sections for f in s.figures],
        "figure_files": {f.name: [f"figures/{f.name}.{x}" for x in f.images]
                         for s in sections for f in s.figures},
        "captions": {f.name: f.caption for s in sections for f in s.figures},
        "errors": errors,
    }
    for s in sections:
        for f in s.figures:
            for fmt, data in f.images.items():
                (out / "figures" / f"{f.name}.{fmt}").write_bytes(data)
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
        "<code>numbers.json</code>, <code>comparison.csv</code>, <code>tables/*.csv</code>; "
        "figures: <code>figures/</code> (PNG and SVG).</p>"
    )
    from semisolid.plots.save import current_figure_options

    page = render_html(sections, comparisons, numbers["title"], preface=preface,
                       provenance=prov, dpi=current_figure_options().dpi)
    (out / "index.html").write_text(page, encoding="utf-8")
    return comparisons, errors, prov
