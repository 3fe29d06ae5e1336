"""The paper-reproduction report: ``semisolid reproduce``.

Builds a self-contained HTML report (figures embedded), ``numbers.json`` and CSV files of
every number in it, from built-in data only.

Examples
--------
>>> from semisolid.report import Comparison
>>> Comparison("29", "Na-K eutectic temperature", "K", 260.5, 260.7, 1.0).status
'pass'
"""

from semisolid.report.model import Comparison, Figure, Section, Table

__all__ = ["Comparison", "Figure", "Section", "Table", "build_report"]


def __getattr__(name: str):
    # build_report lives in reproduce.py, which imports the section machinery: load it lazily
    if name == "build_report":
        from semisolid.report.reproduce import build_report

        return build_report
    raise AttributeError(f"module 'semisolid.report' has no attribute {name!r}")
