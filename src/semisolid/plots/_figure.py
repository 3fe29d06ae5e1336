"""New figures without pyplot: no global state, no backend switch, nothing to close.

Examples
--------
>>> fig, ax = axes_or_new(None, (4.0, 3.0))
>>> ax.figure is fig, fig.get_size_inches().tolist()
(True, [4.0, 3.0])
"""

from __future__ import annotations

from typing import Any

__all__ = ["axes_or_new", "new_figure"]


def new_figure(figsize: tuple[float, float], layout: str | None = "constrained") -> Any:
    """A :class:`matplotlib.figure.Figure` of this size (inches)."""
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout=layout)


def axes_or_new(ax: Any, figsize: tuple[float, float], layout: str | None = "constrained",
                **subplot_kw: Any) -> tuple[Any, Any]:
    """``(ax.figure, ax)`` when `ax` is given, else a new figure with one Axes (whose colour
    cycle is :data:`semisolid.plots.palette.CYCLE`)."""
    if ax is not None:
        return ax.figure, ax
    from semisolid.plots.palette import apply

    fig = new_figure(figsize, layout)
    return fig, apply(fig.add_subplot(**subplot_kw))
