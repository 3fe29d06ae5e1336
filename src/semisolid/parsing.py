"""Input given as text: numbers, ``NAME=VALUE`` lists, compositions, grids, names and output
paths, as a user types them on a command line, in a notebook or in a configuration file.

Quantities with units are :func:`semisolid.units.parse_quantity`'s; the parsers here build on
it. Each raises :class:`~semisolid.errors.InputError` naming what was expected (and the
`field` given, e.g. the option or argument the text came from).

Examples
--------
>>> parse_composition("K=0.95,Na=0.05")
{'K': 0.95, 'Na': 0.05}
>>> [round(v / 36000, 3) for v in parse_grid("0.5mAh/cm2:6mAh/cm2:3", "areal_capacity")]  # mAh/cm2
[0.5, 3.25, 6.0]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from semisolid._util import check_output_path
from semisolid.errors import InputError
from semisolid.units import parse_quantity

__all__ = ["FIGURE_SUFFIXES", "MAX_GRID_POINTS", "output_path", "parse_assignments",
           "parse_composition", "parse_grid", "parse_names", "parse_number"]

#: Most points of one ``START:STOP:COUNT`` grid axis (:func:`parse_grid`).
MAX_GRID_POINTS = 1_000_000

#: Suffixes that make an output a figure file (:func:`output_path` with ``folder=None``).
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def parse_number(text: str, integer: bool = False, field: str | None = None) -> Any:
    """A number (a whole number if `integer`) written as text.

    Parameters
    ----------
    text : str
        E.g. ``"0.95"``, ``"1e-3"`` or, with `integer`, ``"39"``.
    integer : bool
        Expect a whole number (an int is returned).
    field : str, optional
        Where the text came from, named in the error.

    Returns
    -------
    float or int

    Raises
    ------
    InputError
        The text is not a number (not a whole number with `integer`).

    Examples
    --------
    >>> parse_number("2.5e-3"), parse_number(" 39 ", integer=True)
    (0.0025, 39)
    >>> parse_number("1.5", integer=True, field="count")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: count: '1.5' is not an integer
    """
    try:
        return int(text) if integer else float(text)
    except ValueError:
        raise InputError(f"{text!r} is not {'an integer' if integer else 'a number'}",
                         field) from None


def parse_assignments(text: str, example: str = "R0=10,R1=100", form: str = "NAME=VALUE",
                      field: str | None = None) -> dict[str, float]:
    """A comma list of ``NAME=VALUE`` pairs (values numbers) as a dict, in the given order.

    Parameters
    ----------
    text : str
        E.g. ``"R0=10,R1=100"``; spaces around names and values are ignored, empty items
        skipped.
    example, form : str
        Shown in the error message as what was expected.
    field : str, optional
        Where the text came from, named in the error.

    Returns
    -------
    dict of str to float

    Raises
    ------
    InputError
        An item without ``=``, a value that is not a number, a name given twice, or nothing.

    Examples
    --------
    >>> parse_assignments("R0 = 10, R1=1e2")
    {'R0': 10.0, 'R1': 100.0}
    >>> parse_assignments("R0=1,R0=2")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: R0 given twice in 'R0=1,R0=2'
    """
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, val = (s.strip() for s in part.partition("="))
        if not sep:
            raise InputError(f"{part!r} is not {form} (e.g. {example!r})", field)
        if name in out:
            raise InputError(f"{name} given twice in {text!r}", field)
        out[name] = parse_number(val, field=field)
    if not out:
        raise InputError(f"empty; expected e.g. {example!r}", field)
    return out


def parse_composition(text: str, field: str | None = None) -> dict[str, float]:
    """Mole fractions as ``ELEMENT=FRACTION`` pairs, e.g. ``"K=0.95,Na=0.05"``.

    The fractions are returned as given (not normalised nor range-checked: the
    thermodynamic functions check them against their system).

    Parameters
    ----------
    text : str
        E.g. ``"K=0.95,Na=0.05"``.
    field : str, optional
        Where the text came from, named in the error.

    Returns
    -------
    dict of str to float

    Examples
    --------
    >>> parse_composition("Li=0.5, Na=0.25, K=0.25")
    {'Li': 0.5, 'Na': 0.25, 'K': 0.25}
    >>> parse_composition("K0.95")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: 'K0.95' is not ELEMENT=FRACTION (e.g. 'K=0.95,Na=0.05')
    """
    return parse_assignments(text, "K=0.95,Na=0.05", "ELEMENT=FRACTION", field)


def parse_grid(text: str, kind: str | None = None, field: str | None = None) -> list[float]:
    """Grid points: ``START:STOP:COUNT`` (evenly spaced, both ends included) or a comma list.

    The count is checked (1 to :data:`MAX_GRID_POINTS`) before any point is made.

    Parameters
    ----------
    text : str
        E.g. ``"0.5mAh/cm2:6mAh/cm2:23"`` or ``"10C,22C,40C"``.
    kind : str, optional
        The kind of quantity of each value (:data:`semisolid.units.KINDS`), returned in SI;
        None: plain numbers.
    field : str, optional
        Where the text came from, named in the error.

    Returns
    -------
    list of float

    Raises
    ------
    InputError
        A value that is not a number or quantity of `kind`, a count that is not a whole
        number in range, or more than two ``:``.

    Examples
    --------
    >>> parse_grid("0.8:0.9:3")
    [0.8, 0.85, 0.9]
    >>> parse_grid("10C, 20C", "temperature")
    [283.15, 293.15]
    >>> parse_grid("0:1:0")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: count 0 in '0:1:0' must be in 1..1,000,000
    """
    def one(t: str) -> float:
        return parse_quantity(t, kind, field=field) if kind else parse_number(t, field=field)

    parts = text.split(":")
    if len(parts) == 3:
        lo, hi, n = one(parts[0]), one(parts[1]), parse_number(parts[2], True, field)
        if not 1 <= n <= MAX_GRID_POINTS:
            raise InputError(f"count {n} in {text!r} must be in 1..{MAX_GRID_POINTS:,}", field)
        return [lo + (hi - lo) * i / max(n - 1, 1) for i in range(n)]
    if len(parts) != 1:
        raise InputError(f"{text!r} is not START:STOP:COUNT or a comma list", field)
    return [one(t) for t in text.split(",") if t.strip()]


def parse_names(text: str) -> list[str]:
    """A comma list of names (spaces around them and empty items dropped).

    Examples
    --------
    >>> parse_names(" LIQUID, BCC_A2,,")
    ['LIQUID', 'BCC_A2']
    """
    return [p.strip() for p in text.split(",") if p.strip()]


def output_path(text: str | os.PathLike, folder: bool | None = False,
                field: str = "path") -> Path:
    """An output path checked before anything is computed, as a :class:`~pathlib.Path`.

    A FILE (`folder` False) must be in an existing folder; a FOLDER (True) is created later
    if absent; with `folder` None, a name ending in .png, .svg or .pdf is a figure file and
    anything else a folder. Never empty, a device or other special file, nor an input
    (:func:`semisolid._util.check_output_path`).

    Parameters
    ----------
    text : str or path-like
        The path as given.
    folder : bool or None
        Whether a folder is expected (None: decided by the suffix, as above).
    field : str
        Where the path came from, named in the error.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InputError
        An empty path, a special file, a file name where a folder is expected, or a file in
        a folder that does not exist.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> output_path(os.path.join(d, "map.csv")).name
    'map.csv'
    >>> output_path(os.path.join(d, "figures"), folder=None).name   # no figure suffix
    'figures'
    >>> output_path(os.path.join(d, "nope", "map.csv"))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: path: folder '.../nope' of '.../nope/map.csv' does not exist
    """
    text = os.fspath(text)
    figure = Path(text).suffix.lower() in FIGURE_SUFFIXES
    folder = not figure if folder is None else folder
    if folder and figure:
        raise InputError(f"{text!r} is a file name; expected a folder", field)
    p = check_output_path(text, folder=folder, field=field)
    if not folder and not p.parent.is_dir():
        what = "is not a folder" if p.parent.exists() else "does not exist"
        raise InputError(f"folder {str(p.parent)!r} of {text!r} {what}", field)
    return p
