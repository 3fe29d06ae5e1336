"""Which phases of a database are liquid: from the TDB's phase-type codes or a declaration.

A TDB file marks a phase's kind after a colon in its ``PHASE`` command:
``PHASE LIQUID:L % 1 1.0 !`` is a liquid, ``:Y`` an ionic (two-sublattice) liquid, ``:G`` a
gas. Other codes (``:B``, ``:F``, ``:I``, ...) do not say liquid or solid. Many files give no
code at all; their liquid phases must then be declared (``liquid_phases(db, ["LIQUID"])``,
``--liquid-phases LIQUID`` on the command line). A phase is never taken to be liquid because
of its name.

The shipped Li-Na-K database carries no type codes; its assessment (``docs/assessment.md``)
defines ``LIQUID`` as its only liquid phase, which :data:`SHIPPED_LIQUID_PHASES` declares.

Examples
--------
>>> from semisolid.thermo import load_database
>>> liquid_phases(load_database())
('LIQUID',)
>>> phase_type_codes(load_database())
{}
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from semisolid.errors import InputError, suggest

__all__ = [
    "GAS_CODES",
    "LIQUID_CODES",
    "SHIPPED_LIQUID_PHASES",
    "gas_phases",
    "liquid_phases",
    "phase_type_codes",
]

LIQUID_CODES = frozenset("LY")
"""TDB phase-type codes of liquids: ``L`` (liquid) and ``Y`` (two-sublattice ionic liquid)."""

GAS_CODES = frozenset("G")
"""TDB phase-type code of a gas."""

SHIPPED_LIQUID_PHASES = ("LIQUID",)
"""The liquid phases of the shipped Li-Na-K database (its TDB writes no type codes)."""

_PHASE = re.compile(r"^\s*PHASE\s+([A-Za-z0-9_]+)(?::([A-Za-z]*))?", re.IGNORECASE | re.MULTILINE)


@functools.lru_cache(maxsize=32)
def _codes_in(path: str, mtime: float) -> dict[str, str]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    text = "\n".join(line.split("$", 1)[0] for line in text.splitlines())  # drop comments
    return {m.group(1).upper(): (m.group(2) or "").upper()
            for m in _PHASE.finditer(text) if m.group(2)}


def phase_type_codes(db) -> dict[str, str]:
    """Phase name -> its TDB type codes (``"L"``, ``"Y"``, ``"G"``, ``"BI"``, ...), for the
    phases whose ``PHASE`` command carries a colon code.

    Parameters
    ----------
    db : ThermoDatabase
        From :func:`semisolid.thermo.load_database`; its ``source`` file is read again (the
        codes are in the text, whatever the parser kept).

    Returns
    -------
    dict of str to str
        Empty when no phase has a code (or the database has no file behind it).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> phase_type_codes(load_database())   # the shipped TDB writes none
    {}
    """
    path = Path(str(getattr(db, "source", "")))
    if not path.is_file():
        return {}
    return {p: c for p, c in _codes_in(str(path.resolve()), path.stat().st_mtime).items()
            if p in set(db.phases)}


def _is_shipped(db) -> bool:
    from semisolid.thermo.database import default_tdb_path

    try:
        return Path(str(db.source)).resolve() == default_tdb_path().resolve()
    except OSError:  # pragma: no cover - unreadable path
        return False


def liquid_phases(db, declared: Sequence[str] | str | None = None) -> tuple[str, ...]:
    """The liquid phases of a database.

    Parameters
    ----------
    db : ThermoDatabase
    declared : sequence of str or str, optional
        Phases the user declares liquid (a comma-separated string is split). They must be
        phases of the database; they replace what the file says.

    Returns
    -------
    tuple of str
        The declared phases; else the phases whose type code is ``L`` or ``Y``
        (:data:`LIQUID_CODES`); else, for the shipped database, :data:`SHIPPED_LIQUID_PHASES`;
        else an empty tuple (the caller decides whether that is an error).

    Raises
    ------
    InputError
        A declared phase is not in the database (with a suggestion).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> liquid_phases(load_database(), "liquid")
    ('LIQUID',)
    >>> liquid_phases(load_database(), ["LIQIUD"])
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: liquid_phases: phase 'LIQIUD' is not in ... 'LIQUID'?)
    """
    if declared is not None:
        names = declared.split(",") if isinstance(declared, str) else list(declared)
        out = []
        for raw in names:
            name = str(raw).strip().upper()
            if not name:
                continue
            if name not in db.phases:
                raise InputError(
                    f"phase {str(raw).strip()!r} is not in {Path(str(db.source)).name} "
                    f"(phases: {', '.join(db.phases)}){suggest(name, db.phases)}",
                    "liquid_phases")
            out.append(name)
        if not out:
            raise InputError("no phase named; expected e.g. 'LIQUID'", "liquid_phases")
        return tuple(dict.fromkeys(out))
    coded = tuple(p for p, c in sorted(phase_type_codes(db).items()) if set(c) & LIQUID_CODES)
    if coded:
        return coded
    if _is_shipped(db):
        return SHIPPED_LIQUID_PHASES
    return ()


def gas_phases(db) -> tuple[str, ...]:
    """Phases whose TDB type code is ``G`` (gas).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> gas_phases(load_database())
    ()
    """
    return tuple(p for p, c in sorted(phase_type_codes(db).items()) if set(c) & GAS_CODES)
