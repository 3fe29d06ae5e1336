"""Compiled phases: the Gibbs energy of each phase of a system as fast vectorised code.

A phase follows the compound energy formalism: sublattices with site ratios ``a_s``, each
holding one or more constituents (elements, molecular species or vacancies). The site
fractions of the sublattices with more than one constituent are the phase's free variables
``y`` (``k`` of them, in ``n_groups`` groups that each sum to one); a sublattice with one
constituent has site fraction 1. Per formula unit the phase holds

    n(y) = fixed + y @ stoich        moles of each component,
    N(y) = sum_c n_c(y)              moles of atoms (vacancies count zero),

so its composition is ``x = n / N``. Its Gibbs energy per formula unit ``F(T, y)`` (J) and
the first and second derivatives with respect to ``y`` are compiled (symengine, LLVM) from
the symbolic model built by :mod:`semisolid.thermo.compile`; the molar Gibbs energy per mole
of atoms is ``F / N``, the quantity pycalphad calls ``GM``.

This module needs numpy (and symengine to run the compiled code), never pycalphad.

Examples
--------
>>> from semisolid.thermo import load_database
>>> liq = load_database().system(["K", "Na"]).phase("LIQUID")
>>> liq.n_variables, liq.is_point
(2, False)
>>> liq.composition([[0.25, 0.75]]).tolist()
[[0.25, 0.75]]
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from semisolid.errors import InputError, suggest

__all__ = ["MIN_SITE_FRACTION", "CompiledPhase", "System"]

MIN_SITE_FRACTION = 1e-60
"""Smallest site fraction used when evaluating a phase. (pycalphad keeps site fractions at
or above 1e-14; the Gibbs energies differ by less than 1e-9 J/mol, and the lower floor lets
Newton's method converge where a constituent is all but absent.)"""

_TRIU: dict[int, np.ndarray] = {}
"""Per number of free variables k: the column of the compiled output holding each entry of
the k x k Hessian (row-major), for the upper and the lower triangle alike."""

_LOCK = threading.Lock()
"""Serialises calls into compiled code (symengine does not document its LLVM functions as
thread-safe)."""


def _rows(y, k: int) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    if k == 0:
        return np.zeros((y.shape[0] if y.ndim == 2 else 1, 0))
    return y.reshape(-1, k)


@dataclass(eq=False)
class CompiledPhase:
    """One phase of a system with its Gibbs energy compiled (see the module docstring).

    Attributes
    ----------
    name : str
        Phase name as in the TDB.
    components : tuple of str
        The system's components (chemists' spelling, sorted): the columns of `stoich`.
    sublattices : tuple of (float, tuple of str)
        Site ratio and active constituents (TDB spelling) of every sublattice.
    variables : tuple of (int, str)
        Sublattice index and constituent of each free site fraction.
    groups : ndarray of int, shape (k,)
        For each free variable, the index (0 .. n_groups - 1) of its mixing sublattice.
    stoich : ndarray, shape (k, C)
        Moles of each component per formula unit carried by each free site fraction.
    fixed : ndarray, shape (C,)
        Moles of each component per formula unit on the single-constituent sublattices.
    equivalent : tuple of tuple of int
        Groups of mixing sublattices with the same constituents (an ordered phase); used to
        sample its disordered states.
    exchangeable : tuple of tuple of int
        Classes of mixing sublattices that can be exchanged without changing the Gibbs
        energy (checked numerically when compiling): the antiphase variants of an ordered
        phase are one state.
    notes : tuple of str
        What was assumed in compiling the phase (e.g. an undefined TDB symbol taken as 0).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> p = load_database().system(["K", "Na"]).phase("NA2K")
    >>> p.is_point, p.composition(np.zeros((1, 0))).round(4).tolist()
    (True, [[0.3333, 0.6667]])
    """

    name: str
    components: tuple[str, ...]
    sublattices: tuple[tuple[float, tuple[str, ...]], ...]
    variables: tuple[tuple[int, str], ...]
    groups: np.ndarray
    stoich: np.ndarray
    fixed: np.ndarray
    equivalent: tuple[tuple[int, ...], ...]
    _g: object = field(repr=False)
    _d: object = field(repr=False)
    exchangeable: tuple[tuple[int, ...], ...] = ()
    notes: tuple[str, ...] = ()

    # ------------------------------------------------------------------ structure
    @property
    def n_variables(self) -> int:
        """Number of free site fractions ``k`` (0 for a stoichiometric phase)."""
        return len(self.variables)

    def __post_init__(self):
        self._derive()

    def _derive(self) -> None:
        """Structure flags computed once (not pickled)."""
        groups = np.asarray(self.groups)
        ng = int(groups.max()) + 1 if groups.size else 0
        slices = [np.nonzero(groups == g)[0] for g in range(ng)]
        s = self.stoich
        subst = False
        if ng == 1:
            nz = (s != 0).sum(axis=1)
            if np.all(nz == 1):
                cols = np.argmax(s != 0, axis=1)
                ratios = s[np.arange(s.shape[0]), cols]
                subst = len(set(cols.tolist())) == s.shape[0] and bool(np.allclose(ratios,
                                                                                 ratios[0]))
        self.__dict__["_derived"] = {"n_groups": ng, "slices": slices, "subst": subst}

    @property
    def n_groups(self) -> int:
        """Number of sublattices with more than one constituent."""
        return self._derived["n_groups"]

    @property
    def is_point(self) -> bool:
        """True for a phase of fixed composition (no free site fraction)."""
        return self.n_variables == 0

    @property
    def has_vacancy_mixing(self) -> bool:
        """True if vacancies mix with atoms (the atoms per formula unit then vary)."""
        s = self.stoich.sum(axis=1)
        return any(np.ptp(s[self.groups == g]) > 0 for g in range(self.n_groups))

    @property
    def substitutional(self) -> bool:
        """True if the composition fixes the site fractions: one mixing sublattice whose
        constituents are distinct elements (no vacancies) and no other free variables.

        Examples
        --------
        >>> from semisolid.thermo import load_database
        >>> load_database().system(["K", "Na"]).phase("LIQUID").substitutional
        True
        """
        return self._derived["subst"]

    def group_slices(self) -> list[np.ndarray]:
        """Indices of the free variables of each mixing sublattice."""
        return self._derived["slices"]

    # ------------------------------------------------------------------ composition
    def moles(self, y) -> np.ndarray:
        """Moles of each component per formula unit at site fractions `y` (n, k) -> (n, C).

        Examples
        --------
        >>> from semisolid.thermo import load_database
        >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
        >>> p.moles([[0.5, 0.5]]).tolist()
        [[0.5, 0.5]]
        """
        y = _rows(y, self.n_variables)
        return self.fixed[None, :] + y @ self.stoich

    def atoms(self, y) -> np.ndarray:
        """Moles of atoms per formula unit at site fractions `y` (n, k) -> (n,)."""
        return self.moles(y).sum(axis=1)

    def composition(self, y) -> np.ndarray:
        """Mole fractions of the components at site fractions `y` (n, k) -> (n, C).

        Examples
        --------
        >>> from semisolid.thermo import load_database
        >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
        >>> p.composition([[0.5, 0.5]]).tolist()
        [[0.5, 0.5]]
        """
        n = self.moles(y)
        return n / n.sum(axis=1, keepdims=True)

    def site_fractions_of(self, x) -> tuple[np.ndarray, np.ndarray]:
        """Site fractions reaching compositions `x` (m, C) for a substitutional or
        stoichiometric phase, and a mask of the compositions the phase can reach.

        Examples
        --------
        >>> from semisolid.thermo import load_database
        >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
        >>> y, ok = p.site_fractions_of(np.array([[0.3, 0.7]]))
        >>> y.round(6).tolist(), ok.tolist()
        ([[0.3, 0.7]], [True])
        """
        x = np.atleast_2d(np.asarray(x, dtype=float))
        m = x.shape[0]
        if self.is_point:
            ok = np.max(np.abs(x - self.composition(np.zeros((1, 0)))), axis=1) < 1e-9
            return np.zeros((m, 0)), ok
        if not self.substitutional:
            raise ValueError(f"{self.name}: the composition does not fix the site fractions")
        cols = np.argmax(self.stoich != 0, axis=1)
        a = float(self.stoich[0, cols[0]])
        natoms = float(self.fixed.sum() + a)
        y = (x[:, cols] * natoms - self.fixed[cols]) / a
        others = [c for c in range(x.shape[1]) if c not in set(cols.tolist())]
        ok = np.all(y >= -1e-12, axis=1)
        if others:
            ok &= np.max(np.abs(x[:, others] * natoms - self.fixed[others]), axis=1) < 1e-9
        y = np.clip(y, MIN_SITE_FRACTION, None)
        return y / y.sum(axis=1, keepdims=True), ok

    # ------------------------------------------------------------------ energies
    def _input(self, temperature_K, y) -> np.ndarray:
        y = _rows(y, self.n_variables)
        inp = np.empty((y.shape[0], 1 + y.shape[1]))
        inp[:, 0] = temperature_K
        np.clip(y, MIN_SITE_FRACTION, 1.0, out=inp[:, 1:])
        return inp

    def gibbs(self, temperature_K, y) -> np.ndarray:
        """Gibbs energy per formula unit F [J] at site fractions `y` (n, k) -> (n,).

        Examples
        --------
        >>> from semisolid.thermo import load_database
        >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
        >>> p.gibbs(300.0, [[0.5, 0.5], [0.2, 0.8]]).shape
        (2,)
        """
        inp = self._input(temperature_K, y)
        with _LOCK:
            out = self._g(inp)
        return np.asarray(out, dtype=float).reshape(inp.shape[0])

    def gibbs_J_mol(self, temperature_K, y) -> np.ndarray:
        """Molar Gibbs energy per mole of atoms [J/mol] at site fractions `y` (n, k) -> (n,):
        pycalphad's ``GM``.

        Examples
        --------
        >>> from semisolid.thermo import load_database
        >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
        >>> p.gibbs_J_mol(300.0, [[0.5, 0.5]]).shape
        (1,)
        """
        y = _rows(y, self.n_variables)
        return self.gibbs(temperature_K, y) / self.atoms(y)

    def derivatives(self, temperature_K, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """F per formula unit [J], its gradient (n, k) and Hessian (n, k, k) with respect to
        the free site fractions.

        Examples
        --------
        >>> from semisolid.thermo import load_database
        >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
        >>> f, g, h = p.derivatives(300.0, [[0.5, 0.5]])
        >>> g.shape, h.shape
        ((1, 2), (1, 2, 2))
        """
        inp = self._input(temperature_K, y)
        with _LOCK:
            out = self._d(inp)
        out = np.asarray(out, dtype=float).reshape(inp.shape[0], -1)
        k = self.n_variables
        f = out[:, 0]
        g = out[:, 1 : 1 + k]
        sym = _TRIU.get(k)
        if sym is None:  # column of out holding each entry (i, j) of the symmetric Hessian
            iu = np.triu_indices(k)
            pos = np.empty((k, k), dtype=np.intp)
            pos[iu[0], iu[1]] = np.arange(iu[0].size)
            pos[iu[1], iu[0]] = np.arange(iu[0].size)
            sym = _TRIU[k] = 1 + k + pos.ravel()
        h = out[:, sym].reshape(inp.shape[0], k, k)
        return f, g, h

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_derived", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._derive()


@dataclass(eq=False)
class System:
    """The phases of a database restricted to a set of components (sorted by name).

    Attributes
    ----------
    components : tuple of str
    phases : list of CompiledPhase
        Sorted by name.
    temperature_range_K : (float, float)
        The database's valid range.
    source : str
        The database file.
    notes : list of str
        How the phase list was formed (e.g. a disordered phase modelled through its ordered
        form).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> s = load_database().system(["Na", "K"])
    >>> s.components
    ('K', 'Na')
    """

    components: tuple[str, ...]
    phases: list[CompiledPhase]
    temperature_range_K: tuple[float, float]
    source: str
    notes: list[str] = field(default_factory=list)

    def phase(self, name: str) -> CompiledPhase:
        """The compiled phase called `name` (error with a suggestion if unknown).

        Examples
        --------
        >>> from semisolid.thermo import load_database
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

    @property
    def phase_names(self) -> list[str]:
        """Names of the phases, in order."""
        return [p.name for p in self.phases]

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_cache", None)  # samples etc. are rebuilt on demand
        return state
