"""Short text and HTML representations of result objects, and ``to_frame()`` where missing.

Results hold arrays of thousands of values; their default dataclass repr prints them all.
:func:`short_repr` is a class decorator, one line per class, that gives a result

* ``__repr__``: one line naming the chosen fields, arrays summarised as
  ``<46102 values, 0..4.563e+05>``, long lists as ``<12 items>``;
* ``_repr_html_``: a small table of every field, summarised the same way (Jupyter shows it);
* ``to_frame()`` (pandas), when the class has none: one row of its scalar values
  (``frame="row"``), one row per item of a list field (``frame="<field>"``), or one row per
  key of dict fields keyed alike (``frame=("parameters", "stderr")``).

Examples
--------
>>> from dataclasses import dataclass, field
>>> import numpy as np
>>> @short_repr("name", "values", frame="row")
... @dataclass
... class Demo:
...     name: str
...     values: np.ndarray
...     notes: list = field(default_factory=list)
>>> d = Demo("cell 1", np.arange(1000.0), ["a"] * 12)
>>> d
Demo(name='cell 1', values=<1000 values, 0..999>)
>>> "<table" in d._repr_html_(), d.to_frame().columns.tolist()
(True, ['name'])
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["short_repr", "summarize"]

_MAX_TEXT = 60


def summarize(value: Any) -> str:
    """A short text for one value: numbers to 6 digits, arrays and long containers summarised.

    Examples
    --------
    >>> summarize(np.linspace(0, 1, 50)), summarize([1, 2]), summarize(3.14159265)
    ('<50 values, 0..1>', '[1, 2]', '3.14159')
    >>> summarize({"R0": 10.123456789, "R1": 99.0})
    "{'R0': 10.1235, 'R1': 99}"
    >>> summarize("/data/" + "x" * 60 + "/cell_07.mpr")[-13:]
    "/cell_07.mpr'"
    """
    if isinstance(value, np.ndarray):
        return _array(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float | np.floating):
        return f"{float(value):.6g}"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, str):
        if len(value) <= _MAX_TEXT:
            return repr(value)
        if "/" in value or "\\" in value:  # a path: its end names the file
            return repr("..." + value[3 - _MAX_TEXT:])
        return repr(value[:_MAX_TEXT - 3] + "...")
    if isinstance(value, Mapping):
        text = "{" + ", ".join(f"{k!r}: {summarize(v)}" for k, v in value.items()) + "}"
        return text if len(value) <= 8 and len(text) <= 2 * _MAX_TEXT else (
            f"<{len(value)} entries: {', '.join(map(str, list(value)[:4]))}, ...>")
    if dataclasses.is_dataclass(value) or hasattr(value, "_repr_fields"):
        return f"<{type(value).__name__}>"
    if isinstance(value, Sequence) and not isinstance(value, bytes):
        if len(value) <= 4:
            text = "[" + ", ".join(summarize(v) for v in value) + "]"
            if len(text) <= _MAX_TEXT:
                return text
        return f"<{len(value)} {'item' if len(value) == 1 else 'items'}>"
    text = repr(value)
    return text if len(text) <= _MAX_TEXT else f"<{type(value).__name__}>"


def _array(a: np.ndarray) -> str:
    if a.size <= 4 and a.ndim == 1 and a.dtype.kind in "biuf":
        return "[" + ", ".join(summarize(v) for v in a.tolist()) + "]"
    if a.ndim == 1 and a.dtype.kind in "iuf" and a.size:
        finite = a[np.isfinite(a)] if a.dtype.kind == "f" else a
        if finite.size:
            return f"<{a.size} values, {finite.min():.4g}..{finite.max():.4g}>"
    if a.dtype.kind == "c" and a.ndim == 1:
        return f"<{a.size} complex values>"
    return f"<array {'x'.join(map(str, a.shape))} {a.dtype}>"


def _get(obj: Any, name: str) -> Any:
    for part in name.split("."):
        obj = getattr(obj, part, None)
    return obj


def _all_fields(obj: Any) -> list[str]:
    if dataclasses.is_dataclass(obj):
        return [f.name for f in dataclasses.fields(obj) if f.repr and not f.name.startswith("_")]
    return [k for k in vars(obj) if not k.startswith("_")]


def _scalar(v: Any) -> bool:
    return v is None or isinstance(v, str | bool | int | float | np.integer | np.floating)


def _flat_row(d: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Scalars of a dict, one level of nested dicts flattened as ``outer.inner``."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if _scalar(v):
            out[prefix + str(k)] = v
        elif isinstance(v, Mapping) and not prefix:
            out.update(_flat_row(v, f"{k}."))
    return out


def _as_dict(item: Any) -> dict[str, Any]:
    if hasattr(item, "to_dict"):
        return item.to_dict()
    if dataclasses.is_dataclass(item):
        return dataclasses.asdict(item)
    return dict(item) if isinstance(item, Mapping) else {"value": item}


def _to_frame(frame: str | tuple[str, ...]) -> Callable[[Any], Any]:
    def to_frame(self: Any) -> Any:
        import pandas as pd

        if frame == "row":
            return pd.DataFrame([_flat_row(_as_dict(self))])
        if isinstance(frame, str):
            items = getattr(self, frame)
            items = items.values() if isinstance(items, Mapping) else items
            return pd.DataFrame([_flat_row(_as_dict(i)) for i in items])
        tables = {name: getattr(self, name) or {} for name in frame}
        keys = list(dict.fromkeys(k for t in tables.values() for k in t))
        cols: dict[str, list[Any]] = {}
        for name, t in tables.items():
            vals = [t.get(k) for k in keys]
            if any(isinstance(v, tuple | list) and len(v) == 2 for v in vals):  # intervals
                cols[f"{name}_low"] = [v[0] if v is not None else math.nan for v in vals]
                cols[f"{name}_high"] = [v[1] if v is not None else math.nan for v in vals]
            else:
                cols[name] = vals
        return pd.DataFrame(cols, index=pd.Index(keys, name="name"))

    to_frame.__doc__ = {"row": "One row: the result's scalar values (pandas DataFrame)."}.get(
        frame if isinstance(frame, str) else "",
        f"One row per entry of {frame!r} (pandas DataFrame).")
    return to_frame


def short_repr(*fields: str, frame: str | tuple[str, ...] | None = None
               ) -> Callable[[type], type]:
    """Class decorator: short ``__repr__`` and ``_repr_html_``, and ``to_frame()`` if missing.

    Parameters
    ----------
    *fields : str
        Attributes shown by ``repr`` (properties and dotted paths allowed); default every
        dataclass field.
    frame : str or tuple of str, optional
        What ``to_frame()`` returns when the class has none: ``"row"`` (one row of scalar
        values, nested dicts flattened one level), the name of a list or dict field (one
        row per item), or names of dict fields keyed alike (one row per key; pairs become
        ``_low``/``_high`` columns).

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @short_repr(frame=("value", "stderr"))
    ... @dataclass
    ... class Fit:
    ...     value: dict
    ...     stderr: dict
    >>> f = Fit({"R0": 10.0, "R1": 100.0}, {"R0": 0.1, "R1": 2.0})
    >>> float(f.to_frame().loc["R1", "stderr"])
    2.0
    """
    def decorate(cls: type) -> type:
        def __repr__(self: Any) -> str:
            names = fields or _all_fields(self)
            parts = [f"{n}={summarize(_get(self, n))}" for n in names]
            return f"{type(self).__name__}({', '.join(parts)})"

        def _repr_html_(self: Any) -> str:
            names = list(dict.fromkeys([*fields, *_all_fields(self)]))
            rows = "".join(
                f"<tr><th style='text-align:left'>{html.escape(n)}</th>"
                f"<td style='text-align:left'>{html.escape(summarize(_get(self, n)))}</td></tr>"
                for n in names)
            return (f"<table><caption style='text-align:left'><b>{type(self).__name__}</b>"
                    f"</caption><tbody>{rows}</tbody></table>")

        cls.__repr__ = __repr__  # type: ignore[method-assign]
        cls._repr_html_ = _repr_html_  # type: ignore[attr-defined]
        cls._repr_fields = fields  # type: ignore[attr-defined]
        if frame is not None and "to_frame" not in vars(cls):
            cls.to_frame = _to_frame(frame)  # type: ignore[attr-defined]
        return cls

    return decorate
