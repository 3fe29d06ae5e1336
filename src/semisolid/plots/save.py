"""Write a matplotlib figure to a file or to bytes: the one way figures leave semisolid.

:func:`save_figure` writes the format the file name asks for (``.png`` at 300 dpi by default,
``.svg``, ``.pdf``), atomically (a temporary file, then a rename); :func:`figure_bytes`
renders the same way into memory (the report embeds its PNGs from it). Both crop the figure
to its drawn content (``bbox_inches="tight"``). Neither switches the matplotlib backend, and
neither closes the figure (semisolid's figures are built without pyplot, so there is nothing
to close).

Examples
--------
>>> import os, tempfile
>>> from matplotlib.figure import Figure
>>> fig = Figure()
>>> _ = fig.add_subplot().plot([0, 1], [1, 0])
>>> p = save_figure(fig, os.path.join(tempfile.mkdtemp(), "line.svg"))
>>> p.suffix, b"<svg" in p.read_bytes()[:400]
('.svg', True)
>>> figure_bytes(fig, "png", dpi=50)[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from semisolid._util import atomic_write_bytes, check_output_path
from semisolid.errors import InputError

__all__ = ["FIGURE_FORMATS", "figure_bytes", "save_figure"]

FIGURE_FORMATS = ("png", "svg", "pdf")
"""File formats :func:`save_figure` writes (from the file name's suffix)."""


def _format(fmt: str, where: str) -> str:
    f = str(fmt).lower().lstrip(".")
    if f not in FIGURE_FORMATS:
        raise InputError(
            f"cannot write a figure as {fmt!r}: expected one of "
            f"{', '.join('.' + x for x in FIGURE_FORMATS)}", where)
    return f


def figure_bytes(fig: Any, fmt: str = "png", *, dpi: float = 300) -> bytes:
    """Render a figure into bytes of one format (``"png"``, ``"svg"`` or ``"pdf"``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    fmt : str
        File format.
    dpi : float
        Resolution of raster output (PNG; raster parts of SVG and PDF).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_bytes(Figure(), "pdf")[:5]
    b'%PDF-'
    """
    buf = io.BytesIO()
    fig.savefig(buf, format=_format(fmt, "format"), dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


def save_figure(fig: Any, path: str | os.PathLike, *, dpi: float = 300) -> Path:
    """Write a figure to `path` in the format its suffix names, atomically.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : path
        ``*.png``, ``*.svg`` or ``*.pdf``; missing folders are created. Never written over
        if it is not a regular file (see :func:`semisolid._util.check_output_path`).
    dpi : float
        Resolution of raster output (default 300).

    Returns
    -------
    Path

    Examples
    --------
    >>> import os, tempfile
    >>> from matplotlib.figure import Figure
    >>> save_figure(Figure(), os.path.join(tempfile.mkdtemp(), "a.png")).read_bytes()[:4]
    b'\\x89PNG'
    >>> save_figure(Figure(), "a.jpg")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: path: cannot write a figure as '.jpg': expected one of ...
    """
    p = check_output_path(path)  # before rendering: a device or FIFO is refused at once
    fmt = _format(p.suffix or "(no suffix)", "path")
    return atomic_write_bytes(p, figure_bytes(fig, fmt, dpi=dpi))
