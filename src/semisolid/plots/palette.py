"""The colours of semisolid's figures: one colour-blind-safe palette (Okabe and Ito).

Okabe, M. & Ito, K. "Color Universal Design (CUD): how to make figures and presentations that
are friendly to colorblind people" (2002), https://jfly.uni-koeln.de/color/ : eight colours
that stay distinct under the common colour-vision deficiencies. Every plot function takes its
colours from here: :data:`CYCLE` for series, :data:`ACCENT` for what a figure points at (an
onset, a short), :data:`REFERENCE` for the paper's own values.

Examples
--------
>>> CYCLE[:3]
('#0072B2', '#E69F00', '#009E73')
>>> colour(9) == CYCLE[1]
True
"""

from __future__ import annotations

from typing import Any

__all__ = ["ACCENT", "CYCLE", "GREY", "OKABE_ITO", "REFERENCE", "apply", "colour"]

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
"""The eight colours by name."""

CYCLE: tuple[str, ...] = tuple(OKABE_ITO[k] for k in (
    "blue", "orange", "bluish green", "vermillion", "reddish purple", "sky blue", "black",
    "yellow"))
"""Colours of successive series (yellow last: weak on white)."""

ACCENT = OKABE_ITO["vermillion"]
"""What a figure points at: an onset, a collapsed spectrum, a fit."""

REFERENCE = OKABE_ITO["yellow"]
"""Face colour of the paper's own values (stars with a black edge)."""

GREY = "0.45"
"""Reference lines and guides."""


def colour(i: int) -> str:
    """The `i`-th colour of :data:`CYCLE` (wrapping around)."""
    return CYCLE[i % len(CYCLE)]


def apply(ax: Any) -> Any:
    """Give an Axes the palette as its colour cycle; returns it.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = apply(Figure().add_subplot())
    >>> ax.plot([0, 1])[0].get_color()
    '#0072B2'
    """
    ax.set_prop_cycle(color=list(CYCLE))
    return ax
