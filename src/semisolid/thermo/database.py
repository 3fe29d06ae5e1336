"""Thermodynamic databases (TDB): parsing, validity range and compiled Gibbs energies.

A TDB file is parsed with pycalphad's ``Database`` parser; each phase's molar Gibbs energy
(per mole of atoms, as pycalphad's ``Model.GM``) is turned into a compiled, vectorised
function of temperature and site fractions, together with its gradient and Hessian.

Supported phases (the fast engine's scope): at most one sublattice with several
constituents (a substitutional solution, possibly with extra sublattices that hold a single
species or only vacancies), or none (a stoichiometric compound). Element names are given as
chemists write them (``"Li"``, ``"Na"``, ``"K"``); the TDB spelling (``LI``) is handled here.

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
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import numpy as np

from semisolid.errors import DatabaseError, FileFormatError, InputError, suggest

__all__ = [
    "SHIPPED_DEFAULT_PHASES",
    "CompiledPhase",
    "System",
    "ThermoDatabase",
    "default_tdb_path",
    "load_database",
]

MIN_SITE_FRACTION = 1e-14
"""Smallest site fraction used inside the engine (pycalphad uses 1e-12 to 1e-15)."""


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


# --------------------------------------------------------------------------- parsing


def _split_commands(text: str) -> list[tuple[int, str]]:
    """Split TDB text into ``(first line number, command)`` as pycalphad does."""
    out: list[tuple[int, str]] = []
    buf: list[str] = []
    start = None
    for lineno, raw in enumerate(text.replace("\t", " ").split("\n"), start=1):
        line = raw.split("$", 1)[0]
        parts = line.split("!")
        for k, part in enumerate(parts):
            if part.strip() and start is None:
                start = lineno
            buf.append(part)
            if k < len(parts) - 1:  # a '!' ends the command
                cmd = " ".join(buf).strip()
                if cmd:
                    out.append((start or lineno, cmd))
                buf, start = [], None
    cmd = " ".join(buf).strip()
    if cmd:
        out.append((start or 0, cmd))
    return out


def _locate_tdb_error(text: str) -> int | None:
    """Line number of the first TDB command that pycalphad cannot process, if found."""
    try:
        from pycalphad import Database
        from pycalphad.io import tdb as _tdb

        grammar = _tdb._tdb_grammar()
        scratch = Database()
        scratch._typechar_map = {}
        scratch._typedefs_queue = []
        from collections import defaultdict

        scratch._typechar_map = defaultdict(list)
    except Exception:  # pragma: no cover - pycalphad internals changed
        return None
    for lineno, cmd in _split_commands(text.upper()):
        try:
            tokens = grammar.parse_string(cmd)
            _tdb._TDB_PROCESSOR[tokens[0]](scratch, *tokens[1:])
        except Exception:
            return lineno
    return None


_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def _temperature_range(text: str) -> tuple[float, float]:
    """Common validity range of every PARAMETER of a TDB text and of the FUNCTIONs they use
    (directly or through other functions); unused functions do not count."""
    funcs: dict[str, tuple[float, float, str]] = {}
    params: list[tuple[float, float, str]] = []
    for _, cmd in _split_commands(text):
        head = cmd.split(None, 1)
        if len(head) < 2:
            continue
        key = head[0].upper()
        if not (key.startswith("FUNC") or key.startswith("PARA")):
            continue
        body = head[1]
        if key.startswith("PARA"):
            name = ""
            body = re.sub(r"^\s*\S*?\(.*?\)", "", body, count=1)
        else:
            parts = body.split(None, 1)
            name = parts[0].upper()
            body = parts[1] if len(parts) > 1 else ""
        m = re.match(rf"\s*({_NUM})", body)
        ends = re.findall(rf";\s*({_NUM})\s*[YyNn]\b", body)
        if not (m and ends):
            continue
        entry = (float(m.group(1)), float(ends[-1]), body.upper())
        if name:
            funcs[name] = entry
        else:
            params.append(entry)
    used: set[str] = set()
    todo = [e[2] for e in params]
    while todo:
        for tok in re.findall(r"[A-Z_][A-Z0-9_]*", todo.pop()):
            if tok in funcs and tok not in used:
                used.add(tok)
                todo.append(funcs[tok][2])
    entries = params + [funcs[f] for f in used]
    if not entries:
        return (0.0, float("inf"))
    return (max(e[0] for e in entries), min(e[1] for e in entries))


# --------------------------------------------------------------------------- compiled phases


def _strip_site_piecewise(expr, tsym):
    """Replace pycalphad's ``Piecewise((y*log(y), y > 1e-15), (0, True))`` by ``y*log(y)``."""
    import symengine as se

    if isinstance(expr, se.Piecewise):
        cond = expr.args[1]
        syms = cond.free_symbols
        if syms and tsym not in syms:
            return _strip_site_piecewise(expr.args[0], tsym)
        return expr
    if isinstance(expr, se.Add | se.Mul | se.Pow) or isinstance(expr, se.Function):
        return expr.func(*[_strip_site_piecewise(a, tsym) for a in expr.args])
    return expr


def _as_sites(y, k: int) -> np.ndarray:
    y = np.atleast_2d(np.asarray(y, dtype=float))
    return y.reshape(y.shape[0], k)


@dataclass(eq=False)
class CompiledPhase:
    """One phase of a system, with its Gibbs energy compiled to vectorised code.

    The phase has `k` mixing constituents (indices `mixing` into the system's components)
    on one sublattice of site ratio `site_ratio`, plus `fixed_atoms` moles of atoms of each
    component per formula unit on the other sublattices. Its formula unit holds
    ``atoms_per_formula`` moles of atoms and its composition is
    ``x = (site_ratio * y_mixing + fixed_atoms) / atoms_per_formula``.

    Examples
    --------
    >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
    >>> p.mixing, p.is_point
    ((0, 1), False)
    >>> p.composition([[0.25, 0.75]]).tolist()
    [[0.25, 0.75]]
    """

    name: str
    components: tuple[str, ...]
    mixing: tuple[int, ...]
    site_ratio: float
    fixed_atoms: np.ndarray
    atoms_per_formula: float
    _func: object = field(repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def is_point(self) -> bool:
        """True for a phase of fixed composition (no mixing)."""
        return len(self.mixing) <= 1

    @property
    def n_mixing(self) -> int:
        """Number of mixing constituents (0 or 1 for a point phase)."""
        return len(self.mixing)

    def composition(self, y: np.ndarray) -> np.ndarray:
        """Mole fractions of the system's components for site fractions `y` (n, k).

        Examples
        --------
        >>> p = load_database().system(["K", "Na"]).phase("NA2K")
        >>> p.composition(np.zeros((1, 0))).round(4).tolist()
        [[0.3333, 0.6667]]
        """
        y = _as_sites(y, len(self.mixing))
        x = np.repeat(self.fixed_atoms[None, :], y.shape[0], axis=0)
        for j, c in enumerate(self.mixing):
            x[:, c] += self.site_ratio * y[:, j]
        return x / self.atoms_per_formula

    def _eval(self, temperature_K, y) -> np.ndarray:
        y = _as_sites(y, len(self.mixing))
        t = np.broadcast_to(np.asarray(temperature_K, dtype=float), (y.shape[0],))
        inp = np.column_stack([t, np.clip(y, MIN_SITE_FRACTION, None)])
        with self._lock:  # symengine LLVM functions are not documented as thread-safe
            out = self._func(inp)
        return np.asarray(out, dtype=float).reshape(y.shape[0], -1)

    def gibbs_J_mol(self, temperature_K, y) -> np.ndarray:
        """Molar Gibbs energy per mole of atoms [J/mol] at site fractions `y` (n, k).

        Examples
        --------
        >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
        >>> g = p.gibbs_J_mol(300.0, [[0.5, 0.5]])
        >>> g.shape
        (1,)
        """
        return self._eval(temperature_K, y)[:, 0]

    def derivatives(self, temperature_K, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Gibbs energy per formula unit F [J], its gradient (n, k) and Hessian (n, k, k)
        with respect to the mixing site fractions.

        Examples
        --------
        >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
        >>> f, g, h = p.derivatives(300.0, [[0.5, 0.5]])
        >>> g.shape, h.shape
        ((1, 2), (1, 2, 2))
        """
        out = self._eval(temperature_K, y)
        k = len(self.mixing)
        n = self.atoms_per_formula
        f = out[:, 0] * n
        g = out[:, 1 : 1 + k] * n
        h = out[:, 1 + k :].reshape(out.shape[0], k, k) * n
        return f, g, h


@dataclass(eq=False)
class System:
    """The phases of a database restricted to a set of components (sorted by name).

    Examples
    --------
    >>> s = load_database().system(["Na", "K"])
    >>> s.components
    ('K', 'Na')
    """

    components: tuple[str, ...]
    phases: list[CompiledPhase]
    temperature_range_K: tuple[float, float]
    source: str

    def phase(self, name: str) -> CompiledPhase:
        """The compiled phase called `name` (error with a suggestion if unknown).

        Examples
        --------
        >>> load_database().system(["K", "Na"]).phase("LIQUID").name
        'LIQUID'
        """
        for p in self.phases:
            if p.name == name:
                return p
        names = [p.name for p in self.phases]
        raise InputError(
            f"phase {name!r} is not in this system (phases: {', '.join(names)})"
            + suggest(name, names),
            "phases",
        )


class ThermoDatabase:
    """A parsed TDB database: elements, phases, validity range, compiled systems.

    Use :func:`load_database` to make one.

    Examples
    --------
    >>> db = load_database()
    >>> db.phases
    ['BCC_A2', 'FCC_A1', 'HCP_A3', 'LIQUID', 'NA2K']
    """

    def __init__(
        self,
        pycalphad_db,
        source: str,
        text: str,
        default_phases: Sequence[str] | None = None,
    ):
        self.pycalphad_db = pycalphad_db
        self.source = source
        self._tdb_of = {
            _chem(str(e)): str(e)
            for e in pycalphad_db.elements
            if str(e) not in ("VA", "/-") and not str(e).startswith("/")
        }
        self.elements: list[str] = sorted(self._tdb_of)
        self.phases: list[str] = sorted(pycalphad_db.phases)
        self.temperature_range_K: tuple[float, float] = _temperature_range(text)
        self.default_phases: list[str] = (
            list(self.phases)
            if default_phases is None
            else [p for p in default_phases if p in self.phases]
        )
        self._systems: dict[tuple, System] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ThermoDatabase({self.source!r}, elements={self.elements}, phases={self.phases})"

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

    def check_temperature(self, temperature_K, field: str = "temperature") -> None:
        """Raise :class:`InputError` unless every temperature lies in the validity range.

        Examples
        --------
        >>> load_database().check_temperature(150.0)
        Traceback (most recent call last):
        ...
        semisolid.errors.InputError: temperature: T=150 K is outside the valid range ...
        """
        t = np.atleast_1d(np.asarray(temperature_K, dtype=float))
        lo, hi = self.temperature_range_K
        bad = ~np.isfinite(t) | (t < lo) | (t > hi)
        if np.any(bad):
            v = float(t[np.argmax(bad)])
            raise InputError(
                f"T={v:g} K is outside the valid range of {self.source} "
                f"({lo:g} K to {hi:g} K)",
                field,
            )

    def system(self, components: Sequence[str], phases: Sequence[str] | None = None) -> System:
        """Compile the phases of this database for `components` (cached).

        Parameters
        ----------
        components : sequence of str
            Elements as chemists write them; sorted internally.
        phases : sequence of str, optional
            Phases to consider (default: all phases of the database that can hold the
            components).

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
        if phases is None:
            wanted = tuple(self.phases)
        else:
            wanted = tuple(sorted({str(p) for p in phases}))
            for p in wanted:
                if p not in self.phases:
                    raise InputError(
                        f"phase {p!r} is not in {self.source} (phases: "
                        f"{', '.join(self.phases)}){suggest(p, self.phases)}",
                        "phases",
                    )
        key = (comps, wanted)
        with self._lock:
            if key not in self._systems:
                self._systems[key] = self._compile(comps, wanted, explicit=phases is not None)
            return self._systems[key]

    def _compile(self, comps: tuple[str, ...], wanted: tuple[str, ...], explicit: bool) -> System:
        compiled = []
        for name in wanted:
            p = _compile_phase(self, name, comps)
            if p is None:
                continue
            if isinstance(p, str):
                raise DatabaseError(
                    f"phase {name} of {self.source} {p}; the fast engine handles "
                    "substitutional solutions and stoichiometric compounds. Leave it out with "
                    f"phases=[...] (e.g. {[q for q in wanted if q != name]})"
                )
            compiled.append(p)
        if not compiled:
            raise DatabaseError(f"no phase of {self.source} can hold {'-'.join(comps)}")
        return System(comps, compiled, self.temperature_range_K, self.source)


def _compile_phase(db: ThermoDatabase, name: str, comps: tuple[str, ...]):
    """Compile one phase for the components, None if absent, a reason str if unsupported."""
    import symengine as se
    from pycalphad import Model
    from pycalphad import variables as v

    pdb = db.pycalphad_db
    phase = pdb.phases[name]
    tdb_comps = [db.tdb_name(c) for c in comps]
    active = set(tdb_comps) | {"VA"}
    subl = []
    for ratio, cons in zip(phase.sublattices, phase.constituents, strict=True):
        names = sorted({str(s.name) for s in cons} & active)
        if not names:
            return None
        subl.append((float(ratio), names))
    mixing = [(i, r, n) for i, (r, n) in enumerate(subl) if len(n) > 1]
    if len(mixing) > 1:
        return "has mixing on more than one sublattice"
    if mixing and "VA" in mixing[0][2]:
        return "mixes vacancies with atoms on one sublattice (interstitial model)"
    fixed = np.zeros(len(comps))
    for _i, r, n in [(i, r, n) for i, (r, n) in enumerate(subl) if len(n) == 1]:
        if n[0] != "VA":
            fixed[tdb_comps.index(n[0])] += r
    if mixing:
        mi, ratio, mnames = mixing[0]
        mix_idx = tuple(tdb_comps.index(n) for n in mnames)
    else:
        mi, ratio, mix_idx = -1, 0.0, ()
    atoms = float(fixed.sum() + (ratio if mixing else 0.0))
    if atoms <= 0:
        return None
    try:
        model = Model(pdb, [*tdb_comps, "VA"], name)
    except Exception as exc:
        raise DatabaseError(f"{db.source}: cannot build the model of {name}: {exc}") from None
    tsym = se.Symbol("T")
    ysyms = [se.Symbol(f"y{j}") for j in range(len(mix_idx))]
    subs = {}
    for yv in model.site_fractions:
        if yv.sublattice_index == mi:
            subs[yv] = ysyms[[tdb_comps[c] for c in mix_idx].index(str(yv.species.name))]
        else:
            subs[yv] = se.Integer(1)
    expr = model.GM.xreplace(subs).xreplace({v.T: tsym})
    extra = {s for s in expr.free_symbols if s not in (tsym, *ysyms)}
    if extra:
        return f"depends on state variables the engine does not set ({sorted(map(str, extra))})"
    expr = _strip_site_piecewise(expr, tsym)
    grad = [expr.diff(s) for s in ysyms]
    hess = [gi.diff(s) for gi in grad for s in ysyms]
    try:
        func = se.Lambdify([tsym, *ysyms], [expr, *grad, *hess], backend="llvm", cse=True)
    except Exception:  # pragma: no cover - symengine without LLVM
        func = se.Lambdify([tsym, *ysyms], [expr, *grad, *hess], backend="lambda", cse=True)
    if mixing:
        # the composition map keeps the mixing constituents in the system's order
        order = np.argsort(mix_idx)
        if not np.all(order == np.arange(len(order))):  # pragma: no cover - sorted above
            raise DatabaseError(f"{name}: unexpected constituent order")
    return CompiledPhase(
        name=name,
        components=comps,
        mixing=mix_idx,
        site_ratio=ratio,
        fixed_atoms=fixed,
        atoms_per_formula=atoms,
        _func=func,
    )


@functools.lru_cache(maxsize=16)
def _load_cached(
    path: str, mtime: float, size: int, default_phases: tuple[str, ...] | None
) -> ThermoDatabase:
    from pycalphad import Database

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", "tdb") from None
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pdb = Database.from_string(text, fmt="tdb")
    except Exception as exc:
        line = _locate_tdb_error(text)
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FileFormatError(
            path, f"not a valid TDB database: {msg}", line=line
        ) from None
    if not any(str(e) not in ("VA", "/-") for e in pdb.elements) or not pdb.phases:
        raise FileFormatError(path, "no ELEMENT or PHASE found: is this a TDB file?")
    return ThermoDatabase(pdb, str(path), text, default_phases)


SHIPPED_DEFAULT_PHASES = ("BCC_A2", "LIQUID", "NA2K")
"""Phases the Li-Na-K assessment describes as stable. The shipped TDB also lists FCC_A1 and
HCP_A3; the assessment gives them the BCC interaction parameters so that they are never
stable above 83 K (docs/assessment.md), which makes leaving them out change no answer in the
database's range while saving work. Pass ``phases=`` to include them."""


def load_database(
    path: str | os.PathLike | None = None,
    *,
    default_phases: Sequence[str] | None = None,
) -> ThermoDatabase:
    """Load a TDB database (default: the shipped Li-Na-K database).

    Parameters
    ----------
    path : str or path-like, optional
        A TDB file. Parsed with pycalphad's ``Database`` parser. Loaded databases are
        cached by path and modification time.
    default_phases : sequence of str, optional
        Phases the engine considers when a call does not name them. Default: every phase
        of the file, except for the shipped database (:data:`SHIPPED_DEFAULT_PHASES`).

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
    if default_phases is None and path is None:
        default_phases = SHIPPED_DEFAULT_PHASES
    if not p.is_file():
        raise InputError(f"{p}: no such TDB file", "tdb")
    st = p.stat()
    dp = tuple(default_phases) if default_phases is not None else None
    return _load_cached(str(p.resolve()), st.st_mtime, st.st_size, dp)
