"""The paper-reproduction report: ``semisolid reproduce``.

Builds a self-contained HTML report (figures embedded), ``numbers.json`` and CSV files of
every number in it, from built-in data only.

Examples
--------
>>> from semisolid.report import Comparison
>>> Comparison("29", "Na-K eutectic temperature", "K", 260.5, 260.7, 1.0, kind="fitted").status
'pass'
"""

from semisolid.report.context import ReportContext
from semisolid.report.model import Comparison, Figure, Section, Table
from semisolid.report.reproduce import ReportResult, build_report

__all__ = ["Comparison", "Figure", "ReportContext", "ReportResult", "Section", "Table",
           "build_report"]
