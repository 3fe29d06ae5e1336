"""The report's figures as embedded PNG bytes (through :func:`semisolid.plots.figure_bytes`).

Examples
--------
>>> from matplotlib.figure import Figure
>>> png(Figure())[:4]
b'\\x89PNG'
"""

from __future__ import annotations

from typing import Any

__all__ = ["REPORT_DPI", "png"]

REPORT_DPI = 110
"""Resolution of the report's figures (they are embedded in one HTML page)."""


def png(fig: Any) -> bytes:
    """PNG bytes of a figure at :data:`REPORT_DPI`."""
    from semisolid.plots.save import figure_bytes

    return figure_bytes(fig, "png", dpi=REPORT_DPI)
