"""Thermodynamic databases (TDB): what a file holds, its validity range, compiled systems.

A TDB file is read with pycalphad's ``Database`` parser once; what the engine needs from it
(elements, species, phases with their sublattices, the temperature range) is kept in a
small :class:`DatabaseInfo`, and the phases of each set of components are compiled to
vectorised code (:mod:`semisolid.thermo.compile`). Both are stored in the disk cache
(:mod:`semisolid.thermo.cache`), keyed by the file's SHA-256: a later process loads them
without importing pycalphad. Element names are given as chemists write them (``"Li"``);
the TDB spelling (``LI``) is handled here.

Which phases are considered: every phase of the file that the chosen components can form
(each sublattice holds at least one of their species), unless the caller names the phases.
As pycalphad does, a disordered phase whose ordered form (``DIS_PART``) is also considered
is described by the ordered phase alone (the ordered model contains it: equal site
fractions on its ordering sublattices).

Examples
--------
>>> db = load_database()
>>> db.elements
['K', 'Li', 'Na']
>>> db.temperature_range_K
(200.0, 2200.0)
>>> system = db.system(["K", "Na"])
>>> [p.name for p in system.phases]
['BCC_A2', 'FCC_A1', 'HCP_A3', 'LIQUID', 'NA2K']
>>> g = system.phase("NA2K").gibbs_J_mol(300.0, [[]])   # J per mole of atoms
>>> g.shape
(1,)
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import numpy as np

import semisolid.thermo.cache as cache
from semisolid.errors import DatabaseError, FileFormatError, InputError, suggest
from semisolid.thermo.phases import CompiledPhase, System

__all__ = [
    "SHIPPED_DEFAULT_PHASES",
    "CompiledPhase",
    "DatabaseInfo",
    "PhaseInfo",
    "SpeciesInfo",
    "System",
    "ThermoDatabase",
    "default_tdb_path",
    "load_database",
]

SHIPPED_DEFAULT_PHASES = ("BCC_A2", "LIQUID", "NA2K")
"""Phases the Li-Na-K assessment describes as stable. Kept for callers that name this set
(the electrode model); it is not a default: every phase of a database, the shipped one
included, is considered unless a call names the phases. The shipped TDB also lists FCC_A1
and HCP_A3 with the BCC interaction parameters (never stable above 83 K, docs/assessment.md)."""

_HINTS = ("ordered_phase", "disordered_phase", "ionic_liquid_2SL", "mqmqa", "liquid", "gas")


def default_tdb_path() -> Path:
    """Path of the shipped Li-Na-K database.

    Examples
    --------
    >>> default_tdb_path().name
    'LiNaK.tdb'
    """
    return Path(str(files("semisolid.thermo") / "data" / "LiNaK.tdb"))


def _chem(name: str) -> str:
    """TDB spelling to chemists' spelling: ``LI`` -> ``Li``."""
    return name[:1].upper() + name[1:].lower()


# --------------------------------------------------------------------------- description


@dataclass(frozen=True)
class SpeciesInfo:
    """A species of a TDB: its elements (TDB spelling) with amounts, and its charge."""

    name: str
    constituents: dict
    charge: float


@dataclass(frozen=True)
class PhaseInfo:
    """A phase of a TDB: site ratios, constituents per sublattice, model hints."""

    name: str
    site_ratios: tuple[float, ...]
    constituents: tuple[tuple[str, ...], ...]
    hints: dict


@dataclass
class DatabaseInfo:
    """What the engine needs from a TDB file, without pycalphad objects (picklable).

    Examples
    --------
    >>> info = load_database().info
    >>> info.elements
    ('K', 'LI', 'NA')
    >>> info.phases["NA2K"].site_ratios
    (2.0, 1.0)
    """

    elements: tuple[str, ...]
    species: dict[str, SpeciesInfo]
    phases: dict[str, PhaseInfo]
    temperature_range_K: tuple[float, float]
    parameter_ranges: list = field(default_factory=list)


def _info_from_pycalphad(pdb, text: str) -> DatabaseInfo:
    from semisolid.thermo.tdbtext import parameter_ranges, temperature_range

    species = {}
    for s in pdb.species:
        species[str(s.name)] = SpeciesInfo(str(s.name), {str(k): float(v) for k, v in
                                                         s.constituents.items()},
                                           float(s.charge))
    phases = {}
    for name, ph in pdb.phases.items():
        ratios = []
        for r in ph.sublattices:
            try:
                ratios.append(float(r))
            except (TypeError, ValueError):  # pragma: no cover - symbolic site ratio
                ratios.append(float("nan"))
        cons = tuple(tuple(sorted(str(sp.name) for sp in subl)) for subl in ph.constituents)
        hints = {k: ph.model_hints[k] for k in _HINTS if k in ph.model_hints}
        phases[str(name)] = PhaseInfo(str(name), tuple(ratios), cons, hints)
    elements = tuple(sorted(str(e) for e in pdb.elements
                            if str(e) not in ("VA", "/-") and not str(e).startswith("/")))
    ranges = parameter_ranges(text)
    return DatabaseInfo(elements, species, phases, temperature_range(ranges), ranges)


# --------------------------------------------------------------------------- database


class ThermoDatabase:
    """A TDB database: elements, phases, validity range, compiled systems.

    Use :func:`load_database` to make one. It pickles (for process pools and Dask) with its
    compiled systems; unpickling does not parse the TDB again.

    Examples
    --------
    >>> import pickle
    >>> db = load_database()
    >>> db.phases
    ['BCC_A2', 'FCC_A1', 'HCP_A3', 'LIQUID', 'NA2K']
    >>> pickle.loads(pickle.dumps(db)).elements
    ['K', 'Li', 'Na']
    """

    def __init__(
        self,
        info: DatabaseInfo,
        source: str,
        text: str,
        *,
        sha256: str | None = None,
        default_phases: Sequence[str] | None = None,
        pycalphad_db=None,
    ):
        self.info = info
        self.source = source
        self.text = text
        self.sha256 = sha256 or hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
        self._pdb = pycalphad_db
        self._tdb_of = {_chem(e): e for e in info.elements}
        self.elements: list[str] = sorted(self._tdb_of)
        self.phases: list[str] = sorted(info.phases)
        self.temperature_range_K: tuple[float, float] = tuple(info.temperature_range_K)
        self.default_phases: list[str] = (
            list(self.phases)
            if default_phases is None
            else [p for p in default_phases if p in self.phases]
        )
        self._systems: dict[tuple, System] = {}
        self._ranges: dict[tuple, tuple[float, float]] = {}
        self._lock = threading.RLock()

    @classmethod
    def from_pycalphad(cls, pdb, source: str, text: str,
                       default_phases: Sequence[str] | None = None) -> ThermoDatabase:
        """A database from an already parsed pycalphad ``Database`` and its TDB text.

        Examples
        --------
        >>> from pycalphad import Database
        >>> text = default_tdb_path().read_text()
        >>> db = ThermoDatabase.from_pycalphad(Database.from_string(text, fmt="tdb"), "x", text)
        >>> db.elements
        ['K', 'Li', 'Na']
        """
        return cls(_info_from_pycalphad(pdb, text), source, text,
                   default_phases=default_phases, pycalphad_db=pdb)

    # ------------------------------------------------------------------ pickling
    def __getstate__(self):
        return {"info": self.info, "source": self.source, "text": self.text,
                "sha256": self.sha256, "default_phases": self.default_phases,
                "systems": dict(self._systems)}

    def __setstate__(self, state):
        self.__init__(state["info"], state["source"], state["text"], sha256=state["sha256"],
                      default_phases=state["default_phases"])
        self._systems.update(state["systems"])

    def __repr__(self) -> str:
        return f"ThermoDatabase({self.source!r}, elements={self.elements}, phases={self.phases})"

    # ------------------------------------------------------------------ pycalphad
    @property
    def pycalphad_db(self):
        """The pycalphad ``Database`` (parsed on first use)."""
        with self._lock:
            if self._pdb is None:
                self._pdb = _parse(self.text, self.source)
            return self._pdb

    # ------------------------------------------------------------------ names and ranges
    def tdb_name(self, element: str, field: str = "composition") -> str:
        """TDB spelling of an element given as chemists write it (error if unknown).

        Examples
        --------
        >>> load_database().tdb_name("Li")
        'LI'
        """
        if element in self._tdb_of:
            return self._tdb_of[element]
        if element.upper() in self._tdb_of.values() and element not in self.elements:
            hint = f" (did you mean {_chem(element)!r}?)"
        else:
            hint = suggest(element, self.elements)
            same_letter = [e for e in self.elements if e[:1].upper() == element[:1].upper()]
            if not hint and len(same_letter) == 1:
                hint = f" (did you mean {same_letter[0]!r}?)"
        raise InputError(
            f"element {element!r} is not in {self.source} (elements: "
            f"{', '.join(self.elements)}){hint}",
            field,
        )

    def temperature_range_for(self, components: Sequence[str]) -> tuple[float, float]:
        """Valid temperature range [K] of the system of `components`: the common range of
        the parameters (and the functions they use) that involve only their species.

        Examples
        --------
        >>> load_database().temperature_range_for(["K", "Na"])
        (200.0, 2200.0)
        """
        from semisolid.thermo.tdbtext import temperature_range

        key = tuple(sorted(components))
        cached = self._ranges.get(key)
        if cached is None:
            if not getattr(self.info, "parameter_ranges", None):
                cached = self.temperature_range_K
            else:
                lo, hi = temperature_range(self.info.parameter_ranges,
                                           self.active_species(key))
                cached = (lo, hi) if lo < hi else self.temperature_range_K
            self._ranges[key] = cached
        return cached

    def check_temperature(self, temperature_K, field: str = "temperature",
                          components: Sequence[str] | None = None) -> None:
        """Raise :class:`InputError` unless every temperature lies in the validity range
        (of the system of `components` when given, else of the whole database).

        Examples
        --------
        >>> load_database().check_temperature(150.0)
        Traceback (most recent call last):
        ...
        semisolid.errors.InputError: temperature: T=150 K is outside the valid range ...
        """
        t = np.atleast_1d(np.asarray(temperature_K, dtype=float))
        lo, hi = (self.temperature_range_for(components) if components is not None
                  else self.temperature_range_K)
        bad = ~np.isfinite(t) | (t < lo) | (t > hi)
        if np.any(bad):
            v = float(t[np.argmax(bad)])
            which = f"the {'-'.join(components)} system of " if components is not None else ""
            raise InputError(
                f"T={v:g} K is outside the valid range of {which}{self.source} "
                f"({lo:g} K to {hi:g} K)",
                field,
            )

    # ------------------------------------------------------------------ phases
    def active_species(self, components: Sequence[str]) -> set[str]:
        """TDB species that the elements `components` (and vacancies) can form.

        Examples
        --------
        >>> sorted(load_database().active_species(["K", "Na"]))
        ['K', 'NA', 'VA']
        """
        els = {self.tdb_name(c) for c in components} | {"VA"}
        return {s.name for s in self.info.species.values()
                if s.constituents and set(s.constituents) <= els}

    def _can_form(self, phase: str, active: set[str]) -> bool:
        ph = self.info.phases[phase]
        cons = _extended_constituents(self.info, ph)
        if any(not (set(c) & active) for c in cons):
            return False
        atoms = [self.info.species[s] for c in cons for s in c if s in active]
        return any(sum(v for k, v in s.constituents.items() if k != "VA") > 0 for s in atoms)

    def is_liquid(self, phase: str) -> bool:
        """True for a liquid phase: marked ``:L`` in the TDB or named ``LIQUID...`` or
        ``IONIC_LIQ...``.

        Examples
        --------
        >>> load_database().is_liquid("LIQUID"), load_database().is_liquid("BCC_A2")
        (True, False)
        """
        ph = self.info.phases.get(phase)
        if ph is not None and (ph.hints.get("liquid") or ph.hints.get("ionic_liquid_2SL")):
            return True
        up = phase.upper()
        return up.startswith("LIQUID") or up.startswith("IONIC_LIQ")

    @property
    def liquid_phases(self) -> list[str]:
        """The liquid phases of the database (see :meth:`is_liquid`).

        Examples
        --------
        >>> load_database().liquid_phases
        ['LIQUID']
        """
        return [p for p in self.phases if self.is_liquid(p)]

    def considered_phases(self, components: Sequence[str],
                          phases: Sequence[str] | None = None) -> tuple[list[str], list[str]]:
        """The phases considered for `components`, and notes on how the list was formed.

        Parameters
        ----------
        components : sequence of str
        phases : sequence of str, optional
            Default: :attr:`default_phases`.

        Returns
        -------
        names : list of str
            Sorted. Phases that the components cannot form are left out; a disordered phase
            is left out when its ordered form is considered (the ordered model contains it).
        notes : list of str

        Examples
        --------
        >>> load_database().considered_phases(["K", "Na"], ["LIQUID", "NA2K"])
        (['LIQUID', 'NA2K'], [])
        """
        if phases is None:
            wanted = list(self.default_phases)
        else:
            wanted = sorted({str(p) for p in phases})
            for p in wanted:
                if p not in self.info.phases:
                    raise InputError(
                        f"phase {p!r} is not in {self.source} (phases: "
                        f"{', '.join(self.phases)}){suggest(p, self.phases)}",
                        "phases",
                    )
        active = self.active_species(components)
        names = [p for p in wanted if self._can_form(p, active)]
        notes = []
        drop = set()
        for p in names:
            hints = self.info.phases[p].hints
            dis = hints.get("disordered_phase")
            if hints.get("ordered_phase") == p and dis and dis != p and dis in names:
                drop.add(dis)
                notes.append(f"{dis} is described by its ordered form {p} (the same model with "
                             f"equal site fractions on the ordering sublattices), as pycalphad "
                             "does")
        return sorted(p for p in names if p not in drop), notes

    def scope_problems(self, components: Sequence[str],
                       phases: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """(phase, model feature) for every considered phase the fast engine cannot model.

        Examples
        --------
        >>> load_database().scope_problems(["K", "Na"])
        []
        """
        from semisolid.thermo.compile import scope_problem

        names, _ = self.considered_phases(components, phases)
        active = self.active_species(components)
        out = []
        for p in names:
            why = scope_problem(self.info, p, active)
            if why:
                out.append((p, why))
        return out

    def system(self, components: Sequence[str], phases: Sequence[str] | None = None) -> System:
        """Compile the considered phases of this database for `components` (cached in
        memory and on disk).

        Parameters
        ----------
        components : sequence of str
            Elements as chemists write them; sorted internally.
        phases : sequence of str, optional
            Phases to consider (default: :attr:`default_phases`; see
            :meth:`considered_phases`).

        Raises
        ------
        OutsideEngineScope
            A considered phase uses a model feature the fast engine does not handle.

        Examples
        --------
        >>> s = load_database().system(["Li", "Na"], phases=["LIQUID", "BCC_A2"])
        >>> [p.name for p in s.phases]
        ['BCC_A2', 'LIQUID']
        """
        comps = tuple(sorted({str(c) for c in components}))
        if len(comps) < 1:
            raise InputError("at least one element is needed", "composition")
        for c in comps:
            self.tdb_name(c)
        names, notes = self.considered_phases(comps, phases)
        key = (comps, tuple(names))
        with self._lock:
            if key in self._systems:
                return self._systems[key]
        problems = self.scope_problems(comps, names)
        if problems:
            from semisolid.thermo.compile import OutsideEngineScope

            raise OutsideEngineScope(problems[0][0], problems[0][1], self.source)
        if not names:
            raise DatabaseError(f"no phase of {self.source} can hold {'-'.join(comps)}")
        disk_key = "system-" + cache.make_key(self.sha256, comps, tuple(names))
        system = cache.load(disk_key)
        if not isinstance(system, System) or [p.name for p in system.phases] != names:
            system = self._compile(comps, names, notes)
            cache.store(disk_key, system)
        with self._lock:
            return self._systems.setdefault(key, system)

    def _compile(self, comps: tuple[str, ...], names: list[str], notes: list[str]) -> System:
        from semisolid.thermo.compile import compile_phase

        compiled: list[CompiledPhase] = [compile_phase(self, n, comps) for n in names]
        notes = list(notes) + [n for p in compiled for n in p.notes]
        return System(comps, compiled, self.temperature_range_for(comps), self.source, notes)


def _extended_constituents(info: DatabaseInfo, ph: PhaseInfo) -> tuple[tuple[str, ...], ...]:
    """Constituents of a phase; an ordered phase also holds its disordered phase's
    substitutional constituents on its substitutional sublattices (as in pycalphad)."""
    dis = ph.hints.get("disordered_phase")
    if ph.hints.get("ordered_phase") != ph.name or not dis or dis not in info.phases:
        return ph.constituents
    dcons = info.phases[dis].constituents
    subst = set(dcons[0])
    inter = set(dcons[1]) if len(dcons) > 1 else None
    out = []
    for c in ph.constituents:
        if inter is not None and set(c) == inter:
            out.append(c)
        else:
            out.append(tuple(sorted(set(c) | subst)))
    return tuple(out)


# --------------------------------------------------------------------------- loading


def _parse(text: str, path: str):
    """pycalphad ``Database`` of a TDB text; FileFormatError naming the file and line."""
    import warnings

    from pycalphad import Database

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pdb = Database.from_string(text, fmt="tdb")
    except Exception as exc:
        from semisolid.thermo.tdbtext import locate_tdb_error

        line = locate_tdb_error(text)
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FileFormatError(path, f"not a valid TDB database: {msg}", line=line) from None
    if not any(str(e) not in ("VA", "/-") for e in pdb.elements) or not pdb.phases:
        raise FileFormatError(path, "no ELEMENT or PHASE found: is this a TDB file?")
    return pdb


@functools.lru_cache(maxsize=16)
def _load_cached(
    path: str, mtime: float, size: int, default_phases: tuple[str, ...] | None
) -> ThermoDatabase:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", "tdb") from None
    text = raw.decode("utf-8", errors="replace")
    sha = hashlib.sha256(raw).hexdigest()
    key = "info-" + cache.make_key(sha)
    info = cache.load(key)
    pdb = None
    if not isinstance(info, DatabaseInfo):
        pdb = _parse(text, path)
        info = _info_from_pycalphad(pdb, text)
        cache.store(key, info)
    return ThermoDatabase(info, str(path), text, sha256=sha, default_phases=default_phases,
                          pycalphad_db=pdb)


def load_database(
    path: str | os.PathLike | None = None,
    *,
    default_phases: Sequence[str] | None = None,
) -> ThermoDatabase:
    """Load a TDB database (default: the shipped Li-Na-K database).

    Parameters
    ----------
    path : str or path-like, optional
        A TDB file, read with pycalphad's ``Database`` parser (once: what is read is kept in
        the disk cache, keyed by the file's SHA-256). Loaded databases are also kept in
        memory by path and modification time.
    default_phases : sequence of str, optional
        Phases the engine considers when a call does not name them. Default: every phase
        of the file.

    Returns
    -------
    ThermoDatabase

    Raises
    ------
    InputError
        The file does not exist.
    FileFormatError
        The file is not a valid TDB (the message names the file and, where it can be
        found, the line of the first command that cannot be read).

    Examples
    --------
    >>> db = load_database()
    >>> db.elements, db.phases[-1]
    (['K', 'Li', 'Na'], 'NA2K')
    """
    p = Path(path) if path is not None else default_tdb_path()
    if not p.is_file():
        raise InputError(f"{p}: no such TDB file", "tdb")
    st = p.stat()
    dp = tuple(default_phases) if default_phases is not None else None
    return _load_cached(str(p.resolve()), st.st_mtime, st.st_size, dp)

