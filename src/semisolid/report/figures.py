"""The report's figures as image bytes (through :func:`semisolid.plots.figure_bytes`).

Every figure is rendered as PNG (embedded in the page) and in the other formats of the
current :func:`semisolid.plots.save.figure_options` (SVG by default; PDF on request), at
its resolution (300 dpi by default).

Examples
--------
>>> from matplotlib.figure import Figure
>>> sorted(render(Figure()))
['png', 'svg']
>>> render(Figure())["png"][:4]
b'\\x89PNG'
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

__all__ = ["REPORT_DPI", "capture_figures", "png", "render"]

_CAPTURED: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar(
    "semisolid_report_figures", default=None)


@contextlib.contextmanager
def capture_figures() -> Iterator[list[Any]]:
    """Keep the matplotlib figures :func:`render` renders inside the block, in order (the
    tests check them; a report build otherwise keeps only their bytes).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> with capture_figures() as figs:
    ...     _ = render(Figure())
    >>> len(figs)
    1
    """
    figs: list[Any] = []
    token = _CAPTURED.set(figs)
    try:
        yield figs
    finally:
        _CAPTURED.reset(token)

REPORT_DPI = 300
"""Default resolution of the report's PNGs (``semisolid reproduce --dpi`` changes it)."""


def render(fig: Any) -> dict[str, bytes]:
    """The figure as bytes per format: PNG, then the formats of
    :func:`semisolid.plots.save.current_figure_options`."""
    from semisolid.plots.save import current_figure_options, figure_bytes

    opts = current_figure_options()
    kept = _CAPTURED.get()
    if kept is not None:
        kept.append(fig)
    return {f: figure_bytes(fig, f, dpi=opts.dpi) for f in dict.fromkeys(("png", *opts.formats))}


png = render
"""The former name of :func:`render` (it now renders every format)."""
