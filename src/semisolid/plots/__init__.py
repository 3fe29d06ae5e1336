"""Figures: the only place semisolid draws (matplotlib, imported inside the functions).

Plot functions only render objects computed elsewhere (diagrams, swings, detector results,
fits); each takes ``ax=`` where it draws on one Axes (or makes its own figure) and returns
the :class:`matplotlib.figure.Figure`. Figures are built without pyplot and never switch the
backend, so they show inline in Jupyter next to your own plots. :func:`save_figure` writes
one as PNG (300 dpi), SVG or PDF, from the file's suffix.

Examples
--------
>>> from semisolid.plots import save_figure
>>> save_figure.__name__
'save_figure'
"""

from semisolid.plots.save import FIGURE_FORMATS, figure_bytes, save_figure

__all__ = ["FIGURE_FORMATS", "figure_bytes", "save_figure"]
