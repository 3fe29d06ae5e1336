"""Write a matplotlib figure to a file or to bytes: the one way figures leave semisolid.

:func:`save_figure` writes the format the file name asks for (``.png``, ``.svg``, ``.pdf``),
atomically (a temporary file, then a rename); :func:`save_figures` writes a workflow's figure
into a folder in every format of the current :func:`figure_options` (PNG and SVG at 300 dpi
unless changed), or into one file when it is given a file name; :func:`figure_bytes` renders
the same way into memory (the report embeds its PNGs from it). All crop the figure to its
drawn content (``bbox_inches="tight"``). None switches the matplotlib backend or closes the
figure (semisolid's figures are built without pyplot, so there is nothing to close).

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
>>> with figure_options(formats="pdf,png", dpi=150):
...     [p.name for p in save_figures(fig, tempfile.mkdtemp(), "line")]
['line.pdf', 'line.png']
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from semisolid._util import atomic_write_bytes, check_output_path
from semisolid.errors import InputError

__all__ = ["FIGURE_FORMATS", "FigureOptions", "current_figure_options", "figure_bytes",
           "figure_options", "is_figure_file", "save_figure", "save_figures"]

MAX_DPI = 1200
"""Highest resolution accepted (publishers ask for at most 1200 dpi, for line art)."""

FIGURE_FORMATS = ("png", "svg", "pdf")
"""File formats semisolid writes figures in (from the file name's suffix)."""


def _format(fmt: str, where: str) -> str:
    f = str(fmt).lower().lstrip(".")
    if f not in FIGURE_FORMATS:
        raise InputError(
            f"cannot write a figure as {fmt!r}: expected one of "
            f"{', '.join('.' + x for x in FIGURE_FORMATS)}", where)
    return f


@dataclass(frozen=True)
class FigureOptions:
    """How figures are written: the formats (of :data:`FIGURE_FORMATS`) and the resolution
    of raster output in dots per inch.

    Examples
    --------
    >>> FigureOptions()
    FigureOptions(formats=('png', 'svg'), dpi=300.0)
    """

    formats: tuple[str, ...] = ("png", "svg")
    dpi: float = 300.0


_DEFAULT = FigureOptions()
_OPTIONS: contextvars.ContextVar[FigureOptions] = contextvars.ContextVar("semisolid_figures")


def current_figure_options() -> FigureOptions:
    """The :class:`FigureOptions` in force (set by :func:`figure_options`).

    Examples
    --------
    >>> current_figure_options().dpi
    300.0
    """
    return _OPTIONS.get(_DEFAULT)


def _parse_formats(formats: str | Sequence[str]) -> tuple[str, ...]:
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out = tuple(dict.fromkeys(_format(f.strip(), "formats") for f in items if str(f).strip()))
    if not out:
        raise InputError(f"no figure format in {formats!r}; expected e.g. 'png,svg'", "formats")
    return out


@contextlib.contextmanager
def figure_options(formats: str | Sequence[str] | None = None,
                   dpi: float | None = None) -> Iterator[FigureOptions]:
    """Within the block, workflows write their figures in `formats` at `dpi`.

    Parameters
    ----------
    formats : str or sequence of str, optional
        ``"png,svg,pdf"`` or a list; None keeps the current ones.
    dpi : float, optional
        Resolution of PNG output (and of raster parts of SVG and PDF); None keeps it. At most
        :data:`MAX_DPI` (a paper-sized figure at 10,000 dpi would need tens of GB).

    Examples
    --------
    >>> with figure_options("pdf", dpi=600) as o:
    ...     o.formats, current_figure_options().dpi
    (('pdf',), 600.0)
    >>> with figure_options("jpg"):
    ...     pass
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: formats: cannot write a figure as 'jpg': expected one of ...
    """
    old = current_figure_options()
    if dpi is not None and not (dpi > 0 and dpi <= MAX_DPI):
        raise InputError(f"dpi {dpi!r} must be a number in (0, {MAX_DPI}]", "dpi")
    new = FigureOptions(old.formats if formats is None else _parse_formats(formats),
                        old.dpi if dpi is None else float(dpi))
    token = _OPTIONS.set(new)
    try:
        yield new
    finally:
        _OPTIONS.reset(token)


def figure_bytes(fig: Any, fmt: str = "png", *, dpi: float | None = None) -> bytes:
    """Render a figure into bytes of one format (``"png"``, ``"svg"`` or ``"pdf"``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    fmt : str
        File format.
    dpi : float, optional
        Resolution of raster output (PNG; raster parts of SVG and PDF); default that of
        :func:`current_figure_options` (300).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_bytes(Figure(), "pdf")[:5]
    b'%PDF-'
    """
    buf = io.BytesIO()
    fmt = _format(fmt, "format")
    # no creation date in SVG and PDF, so that two runs give the same bytes
    meta = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt)
    fig.savefig(buf, format=fmt, dpi=dpi or current_figure_options().dpi,
                bbox_inches="tight", metadata=meta)
    return buf.getvalue()


def is_figure_file(path: str | os.PathLike) -> bool:
    """Whether a path names a figure file (its suffix is one of :data:`FIGURE_FORMATS`).

    Examples
    --------
    >>> is_figure_file("fig.PDF"), is_figure_file("figures")
    (True, False)
    """
    return Path(path).suffix.lower().lstrip(".") in FIGURE_FORMATS


def save_figure(fig: Any, path: str | os.PathLike, *, dpi: float | None = None) -> Path:
    """Write a figure to `path` in the format its suffix names, atomically.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : path
        ``*.png``, ``*.svg`` or ``*.pdf``; missing folders are created. Never written over
        if it is not a regular file (see :func:`semisolid._util.check_output_path`).
    dpi : float, optional
        Resolution of raster output (default that of :func:`current_figure_options`, 300).

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


def save_figures(fig: Any, out: str | os.PathLike, stem: str, *, main: bool = True
                 ) -> list[Path]:
    """Write one figure of a workflow: into a folder, or into the file the user named.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    out : path
        A folder: ``<out>/<stem>.<format>`` for every format of
        :func:`current_figure_options` (PNG and SVG by default). A file name with a figure
        suffix (``fig.pdf``): the workflow's `main` figure is written there, any other next
        to it as ``fig_<stem>.pdf``.
    stem : str
        File name of the figure in a folder, without suffix.
    main : bool
        Whether this is the workflow's main figure (the one a file name receives).

    Returns
    -------
    list of Path

    Examples
    --------
    >>> import os, tempfile
    >>> from matplotlib.figure import Figure
    >>> d = tempfile.mkdtemp()
    >>> [p.name for p in save_figures(Figure(), d, "nak")]
    ['nak.png', 'nak.svg']
    >>> [p.name for p in save_figures(Figure(), os.path.join(d, "fig.pdf"), "k_rich",
    ...                               main=False)]
    ['fig_k_rich.pdf']
    """
    p = Path(out)
    if is_figure_file(p):
        return [save_figure(fig, p if main else p.with_name(f"{p.stem}_{stem}{p.suffix}"))]
    return [save_figure(fig, p / f"{stem}.{fmt}") for fmt in current_figure_options().formats]
