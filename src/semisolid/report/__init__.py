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


def build_report(*args, **kwargs):
    """Build the report; see :func:`semisolid.report.reproduce.build_report`."""
    from semisolid.report.reproduce import build_report as _build

    return _build(*args, **kwargs)
