"""Material data records: one record per (material, source), and how a value is picked.

A :class:`Record` holds the values one source gives for one material, in SI units with the
unit in every property name (``density_solid_kg_m3``). :func:`resolve` picks, for each
property, the value of the first record that has it: either in the default order (the order
the records were registered, most trusted first) or in the order of the sources the caller
names, falling back to the default order for properties those sources do not give.

Examples
--------
>>> from semisolid.materials.records import records_for, resolve
>>> [r.source.key for r in records_for("K")][:2]
['park2021', 'iupac2007']
>>> vals, sd, used = resolve("K", ["density_solid_kg_m3"], source="crc-handbook")
>>> vals["density_solid_kg_m3"], used["density_solid_kg_m3"].key
(890.0, 'crc-handbook')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from semisolid.errors import InputError, suggest
from semisolid.materials.sources import Source, get_source

__all__ = ["RECORDS", "Record", "records_for", "register_record", "resolve"]


@dataclass(frozen=True)
class Record:
    """The values one source gives for one material.

    Parameters
    ----------
    material : str
        Canonical material name (``"Li"``, ``"Na"``, ``"K"``, ``"NaK"``, ``"LLZTO"``, ...).
    source : Source
        Where the values come from.
    values : mapping of str to float
        Property name (with its SI unit in the name) to value.
    sd : mapping of str to float, optional
        Standard deviation (or stated +- uncertainty) of some values, same units.
    ranges : mapping of str to (float, float), optional
        Stated range (low, high) of some values, same units.
    conditions : mapping of str to str, optional
        Conditions of a value (temperature, method), free text.

    Examples
    --------
    >>> from semisolid.materials.sources import SOURCES
    >>> r = Record("K", SOURCES["park2021"], {"yield_stress_Pa": 0.24e6})
    >>> r.values["yield_stress_Pa"]
    240000.0
    """

    material: str
    source: Source
    values: Mapping[str, float]
    sd: Mapping[str, float] = field(default_factory=dict)
    ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    conditions: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The record as a plain dict (JSON-ready).

        Examples
        --------
        >>> records_for("Li")[0].to_dict()["source"]
        'park2021'
        """
        return {
            "material": self.material,
            "source": self.source.key,
            "values": dict(self.values),
            "sd": dict(self.sd),
            "ranges": {k: list(v) for k, v in self.ranges.items()},
            "conditions": dict(self.conditions),
        }


RECORDS: dict[str, list[Record]] = {}
"""Records by canonical material name, in default priority order (the shipped records are
registered by :mod:`semisolid.materials._data`, which the package imports)."""


def register_record(record: Record, replace: bool = False) -> Record:
    """Add a record (appended: lowest priority).

    A second record of a material from the same source is refused unless ``replace=True``,
    which puts the new record in the old one's place (same priority).

    Examples
    --------
    >>> from semisolid.materials.sources import SOURCES
    >>> register_record(Record("K", SOURCES["park2021"], {}))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: source: K already has a record from 'park2021'; pass \
replace=True to overwrite it on purpose
    """
    lst = RECORDS.setdefault(record.material, [])
    same = [k for k, r in enumerate(lst) if r.source.key == record.source.key]
    if same and not replace:
        raise InputError(
            f"{record.material} already has a record from {record.source.key!r}; pass "
            "replace=True to overwrite it on purpose", "source"
        )
    if same:
        lst[same[0]] = record
    else:
        lst.append(record)
    return record


def records_for(material: str) -> list[Record]:
    """All records of a material (canonical name), default priority first.

    Examples
    --------
    >>> len(records_for("NaK")) >= 2
    True
    """
    try:
        return RECORDS[material]
    except KeyError:
        raise InputError(
            f"no data for {material!r}{suggest(material, RECORDS)}; "
            f"known: {', '.join(sorted(RECORDS))}",
            "material",
        ) from None


def resolve(
    material: str,
    properties: Sequence[str],
    source: str | Sequence[str] | None = None,
) -> tuple[dict[str, float | None], dict[str, float | None], dict[str, Source]]:
    """Pick a value, its SD and its source for each property.

    Parameters
    ----------
    material : str
        Canonical material name.
    properties : sequence of str
        Property names to resolve.
    source : str or sequence of str, optional
        Source key(s) to prefer, in order. Properties they do not give come from the default
        order. Each named source must have a record for this material.

    Returns
    -------
    values, sd, used : dict
        Value (None when no source gives it), SD (None when not stated) and source of each
        resolved property.

    Examples
    --------
    >>> v, sd, used = resolve("Li", ["yield_stress_Pa"])
    >>> v["yield_stress_Pa"], sd["yield_stress_Pa"], used["yield_stress_Pa"].key
    (1740000.0, 100000.0, 'park2021')
    """
    recs = records_for(material)
    order = list(recs)
    if source is not None:
        keys = [source] if isinstance(source, str) else list(source)
        preferred = []
        for k in keys:
            get_source(k)  # unknown key -> error with suggestion
            match = [r for r in recs if r.source.key == k]
            if not match:
                have = ", ".join(r.source.key for r in recs)
                raise InputError(f"{k!r} gives no data for {material}; sources: {have}", "source")
            preferred.extend(match)
        order = preferred + [r for r in recs if r not in preferred]
    values: dict[str, float | None] = {}
    sds: dict[str, float | None] = {}
    used: dict[str, Source] = {}
    for p in properties:
        values[p] = None
        sds[p] = None
        for r in order:
            if p in r.values:
                values[p] = float(r.values[p])
                sds[p] = float(r.sd[p]) if p in r.sd else None
                used[p] = r.source
                break
    return values, sds, used
