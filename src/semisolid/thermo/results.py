"""Result types of the equilibrium engine: one state, a batch of states.

Fractions are mole fractions of atoms; compositions are mole fractions of the components
(chemists' spelling, in the order the caller gave them); chemical potentials and Gibbs
energies are in J/mol relative to the database's reference states (SER for SGTE data). Each
result says which engine answered (``"semisolid"``, the fast engine, or ``"pycalphad"``)
and, in ``notes``, why pycalphad answered or how the phase list was formed.

Examples
--------
>>> r = EquilibriumResult(
...     295.15, [PhaseEquilibrium("LIQUID", 1.0, {"K": 0.7, "Na": 0.3})],
...     {"K": -20000.0, "Na": -22000.0})
>>> r.liquid_fraction
1.0
>>> r.to_dict()["phases"][0]["name"]
'LIQUID'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

__all__ = ["EquilibriumBatch", "EquilibriumResult", "PhaseEquilibrium"]

LIQUID_NAMES = ("LIQUID",)
"""Phase names counted as liquid by ``liquid_fraction``."""


def _is_liquid(name: str, liquid_phases=None) -> bool:
    if liquid_phases:
        return name in liquid_phases
    return name.upper() in LIQUID_NAMES or name.upper().startswith("LIQUID")


@dataclass(frozen=True)
class PhaseEquilibrium:
    """One phase (one copy of it, where a miscibility gap splits it) in an equilibrium.

    The one "amount of a phase at a composition" type of the package: the engine returns it,
    and the electrode code adds the volume fraction where it knows the densities.

    Parameters
    ----------
    name : str
        Phase name as in the TDB (``"LIQUID"``, ``"BCC_A2"``, ``"NA2K"``).
    fraction : float
        Mole fraction of atoms in this phase (NaN where it has no meaning, e.g. a corner of
        a tie line or of an invariant reaction; ``to_dict`` then leaves it out).
    composition : dict of str to float
        Mole fractions of the components in this phase.
    volume_fraction : float or None
        Volume fraction of this phase, where a density model gave it (None otherwise).

    Examples
    --------
    >>> PhaseEquilibrium("BCC_A2", 0.4, {"K": 0.96, "Na": 0.04}).to_dict()["fraction"]
    0.4
    >>> p = PhaseEquilibrium("LIQUID", 0.2, {"K": 0.85, "Na": 0.15}).with_volume_fraction(0.21)
    >>> p.volume_fraction, p.fraction
    (0.21, 0.2)
    """

    name: str
    fraction: float
    composition: dict[str, float] = field(default_factory=dict)
    volume_fraction: float | None = None

    def with_volume_fraction(self, volume_fraction: float) -> PhaseEquilibrium:
        """A copy with the volume fraction set.

        Examples
        --------
        >>> PhaseEquilibrium("BCC_A2", 1.0, {"K": 1.0}).with_volume_fraction(1.0).volume_fraction
        1.0
        """
        return replace(self, volume_fraction=float(volume_fraction))

    def to_dict(self) -> dict:
        """Plain-Python form (JSON-ready); ``volume_fraction`` only where it is known,
        ``fraction`` only where it is a number.

        Examples
        --------
        >>> PhaseEquilibrium("LIQUID", 1.0, {"K": 0.7, "Na": 0.3}).to_dict()
        {'name': 'LIQUID', 'fraction': 1.0, 'composition': {'K': 0.7, 'Na': 0.3}}
        >>> PhaseEquilibrium("LIQUID", float("nan"), {"K": 0.7}).to_dict()
        {'name': 'LIQUID', 'composition': {'K': 0.7}}
        """
        d: dict = {
            "name": self.name,
            "fraction": float(self.fraction),
            "composition": {k: float(v) for k, v in self.composition.items()},
        }
        if not np.isfinite(d["fraction"]):
            del d["fraction"]
        if self.volume_fraction is not None:
            d["volume_fraction"] = float(self.volume_fraction)
        return d


@dataclass(frozen=True)
class EquilibriumResult:
    """The stable state at one temperature and overall composition.

    Attributes
    ----------
    temperature_K : float
    phases : list of PhaseEquilibrium
        Sorted by name, then by composition; two entries with the same name where a
        miscibility gap splits a phase.
    chemical_potentials_J_mol : dict of str to float
        Chemical potential of each component [J/mol].
    converged : bool
        False when the solver did not meet its tolerances or the state failed the final
        stability check (the state is then its best estimate, not the equilibrium).
    gibbs_energy_J_mol : float
        Molar Gibbs energy of the state [J per mole of atoms].
    engine : str
        ``"semisolid"`` (the fast engine) or ``"pycalphad"``.
    notes : list of str
        Why pycalphad answered, or how the phase list was formed.
    liquid_phases : tuple of str
        The phases counted by :attr:`liquid_fraction` (default: names starting ``LIQUID``).

    Examples
    --------
    >>> from semisolid.thermo import load_database, equilibrium
    >>> r = equilibrium(load_database(), {"K": 0.95, "Na": 0.05}, temperature_K=295.15)
    >>> [p.name for p in r.phases]
    ['BCC_A2', 'LIQUID']
    >>> 0.0 < r.liquid_fraction < 0.3
    True
    >>> r.converged
    True
    """

    temperature_K: float
    phases: list[PhaseEquilibrium]
    chemical_potentials_J_mol: dict[str, float] = field(default_factory=dict)
    converged: bool = True
    gibbs_energy_J_mol: float = float("nan")
    engine: str = "semisolid"
    notes: list[str] = field(default_factory=list)
    liquid_phases: tuple[str, ...] = ()

    def __repr__(self) -> str:
        phases = ", ".join(f"{p.name} {p.fraction:.4g}" for p in self.phases)
        flag = "" if self.converged else ", NOT converged"
        return (f"EquilibriumResult({self.temperature_K:g} K: {phases or 'no phases'}; "
                f"engine={self.engine}{flag})")

    @property
    def liquid_fraction(self) -> float:
        """Sum of the fractions of the liquid phases.

        Examples
        --------
        >>> EquilibriumResult(300.0, [PhaseEquilibrium("LIQUID", 0.25, {"K": 0.8, "Na": 0.2}),
        ...     PhaseEquilibrium("BCC_A2", 0.75, {"K": 0.99, "Na": 0.01})]).liquid_fraction
        0.25
        """
        return float(sum(p.fraction for p in self.phases
                         if _is_liquid(p.name, self.liquid_phases)))

    @property
    def phase_names(self) -> list[str]:
        """Names of the stable phases (repeated for miscibility-gap copies).

        Examples
        --------
        >>> EquilibriumResult(300.0, [PhaseEquilibrium("LIQUID", 1.0, {"K": 1.0})]).phase_names
        ['LIQUID']
        """
        return [p.name for p in self.phases]

    def to_dict(self) -> dict:
        """Plain-Python form.

        Keys: ``{"temperature_K", "phases", "chemical_potentials_J_mol", "converged",
        "gibbs_energy_J_mol", "engine", "notes"}`` (a value that is not finite is None).

        Examples
        --------
        >>> d = EquilibriumResult(300.0, [PhaseEquilibrium("LIQUID", 1.0, {"K": 1.0})],
        ...                       {"K": -1.0}, gibbs_energy_J_mol=-1.0).to_dict()
        >>> sorted(d)
        ['chemical_potentials_J_mol', 'converged', 'engine', 'gibbs_energy_J_mol', 'notes', \
'phases', 'temperature_K']
        """
        g = float(self.gibbs_energy_J_mol)
        return {
            "temperature_K": float(self.temperature_K),
            "phases": [p.to_dict() for p in self.phases],
            "chemical_potentials_J_mol": {
                k: (float(v) if np.isfinite(v) else None)
                for k, v in self.chemical_potentials_J_mol.items()
            },
            "converged": bool(self.converged),
            "gibbs_energy_J_mol": g if np.isfinite(g) else None,
            "engine": str(self.engine),
            "notes": [str(n) for n in self.notes],
        }


@dataclass
class EquilibriumBatch:
    """Equilibria at many states, stored as arrays.

    Each state has up to ``n_slots`` (= number of components) coexisting phase copies.

    Attributes
    ----------
    components : list of str
        Component names, the last axis of the composition arrays.
    phase_names : list of str
        Phases that were considered.
    temperature_K : ndarray (n,)
    x : ndarray (n, ncomp)
        Overall compositions.
    slot_phase : ndarray of int (n, n_slots)
        Index into `phase_names` of each coexisting copy, -1 for an empty slot.
    slot_fraction : ndarray (n, n_slots)
        Phase fractions (NaN in empty slots).
    slot_composition : ndarray (n, n_slots, ncomp)
        Phase compositions (NaN in empty slots).
    chemical_potentials_J_mol : ndarray (n, ncomp)
    converged : ndarray of bool (n,)
        False where the solver did not converge or the state failed the final stability
        check.
    gibbs_energy_J_mol : ndarray (n,)
        Molar Gibbs energy of each state [J per mole of atoms].
    engine : ndarray of str (n,)
        Which engine answered each state (``"semisolid"`` or ``"pycalphad"``).
    notes : list of str
        Why pycalphad answered, how the phase list was formed.
    liquid_phases : tuple of str
        Phases counted as liquid (default: names starting ``LIQUID``).

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.thermo import load_database, equilibrium_many
    >>> b = equilibrium_many(load_database(), ["K", "Na"], np.array([[0.95, 0.05], [0.7, 0.3]]),
    ...                      295.15)
    >>> float(b.liquid_fraction[1])
    1.0
    >>> b.phase_composition("BCC_A2").shape
    (2, 1, 2)
    """

    components: list[str]
    phase_names: list[str]
    temperature_K: np.ndarray
    x: np.ndarray
    slot_phase: np.ndarray
    slot_fraction: np.ndarray
    slot_composition: np.ndarray
    chemical_potentials_J_mol: np.ndarray
    converged: np.ndarray
    attrs: dict = field(default_factory=dict)
    gibbs_energy_J_mol: np.ndarray | None = None
    engine: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    liquid_phases: tuple[str, ...] = ()

    def __post_init__(self):
        n = len(self)
        if self.gibbs_energy_J_mol is None:
            self.gibbs_energy_J_mol = np.einsum("nc,nc->n", self.chemical_potentials_J_mol,
                                                self.x)
        if self.engine is None:
            self.engine = np.full(n, "semisolid", dtype=object)

    def __repr__(self) -> str:
        eng = ", ".join(sorted({str(e) for e in self.engine}))
        return (f"EquilibriumBatch({len(self)} states of {'-'.join(self.components)}, "
                f"{int(np.sum(~self.converged))} not converged, engine {eng or '-'})")

    def __len__(self) -> int:
        return int(self.temperature_K.shape[0])

    def _phase_index(self, name: str) -> int:
        from semisolid.errors import InputError, suggest

        if name not in self.phase_names:
            raise InputError(
                f"phase {name!r} was not considered (phases: {', '.join(self.phase_names)})"
                + suggest(name, self.phase_names),
                "phase",
            )
        return self.phase_names.index(name)

    def phase_fraction(self, name: str) -> np.ndarray:
        """Fraction of atoms in phase `name` (summed over its copies), shape (n,).

        Examples
        --------
        >>> import numpy as np
        >>> from semisolid.thermo import load_database, equilibrium_many
        >>> b = equilibrium_many(load_database(), ["K", "Na"], np.array([[0.7, 0.3]]), 300.0)
        >>> b.phase_fraction("LIQUID").tolist()
        [1.0]
        """
        k = self._phase_index(name)
        f = np.where(self.slot_phase == k, self.slot_fraction, 0.0)
        return f.sum(axis=1)

    @property
    def liquid_fraction(self) -> np.ndarray:
        """Sum of the fractions of the phases named LIQUID, shape (n,).

        Examples
        --------
        >>> import numpy as np
        >>> from semisolid.thermo import load_database, equilibrium_many
        >>> b = equilibrium_many(load_database(), ["K", "Na"], np.array([[0.7, 0.3]]), 300.0)
        >>> b.liquid_fraction.tolist()
        [1.0]
        """
        out = np.zeros(len(self))
        for k, name in enumerate(self.phase_names):
            if _is_liquid(name, self.liquid_phases):
                out += np.where(self.slot_phase == k, self.slot_fraction, 0.0).sum(axis=1)
        return out

    def phase_composition(self, name: str) -> np.ndarray:
        """Composition of each copy of phase `name`, shape (n, copies, ncomp).

        `copies` is the largest number of coexisting copies of the phase in the batch
        (2 across a miscibility gap); copies are ordered by increasing mole fraction of
        the last component; NaN where a copy is absent.

        Examples
        --------
        >>> import numpy as np
        >>> from semisolid.thermo import load_database, equilibrium_many
        >>> b = equilibrium_many(load_database(), ["Li", "Na"], np.array([[0.5, 0.5]]), 500.0)
        >>> b.phase_composition("LIQUID").shape
        (1, 2, 2)
        """
        k = self._phase_index(name)
        mask = self.slot_phase == k
        copies = max(1, int(mask.sum(axis=1).max())) if len(self) else 1
        out = np.full((len(self), copies, len(self.components)), np.nan)
        rank = np.cumsum(mask, axis=1) - 1  # slots are stored in sorted order
        rows, slots = np.nonzero(mask)
        out[rows, rank[rows, slots]] = self.slot_composition[rows, slots]
        return out

    def result(self, i: int) -> EquilibriumResult:
        """The state `i` as an :class:`EquilibriumResult`.

        Examples
        --------
        >>> import numpy as np
        >>> from semisolid.thermo import load_database, equilibrium_many
        >>> b = equilibrium_many(load_database(), ["K", "Na"], np.array([[0.7, 0.3]]), 300.0)
        >>> b.result(0).phases[0].name
        'LIQUID'
        """
        phases = []
        for s in range(self.slot_phase.shape[1]):
            k = int(self.slot_phase[i, s])
            if k < 0:
                continue
            phases.append(
                PhaseEquilibrium(
                    self.phase_names[k],
                    float(self.slot_fraction[i, s]),
                    {
                        c: float(self.slot_composition[i, s, j])
                        for j, c in enumerate(self.components)
                    },
                )
            )
        mu = {c: float(self.chemical_potentials_J_mol[i, j]) for j, c in enumerate(self.components)}
        return EquilibriumResult(float(self.temperature_K[i]), phases, mu,
                                 converged=bool(self.converged[i]),
                                 gibbs_energy_J_mol=float(self.gibbs_energy_J_mol[i]),
                                 engine=str(self.engine[i]), notes=list(self.notes),
                                 liquid_phases=tuple(self.liquid_phases))

    def to_dicts(self) -> list[dict]:
        """Every state as :meth:`EquilibriumResult.to_dict`.

        Examples
        --------
        >>> import numpy as np
        >>> from semisolid.thermo import load_database, equilibrium_many
        >>> b = equilibrium_many(load_database(), ["K", "Na"], np.array([[0.7, 0.3]]), 300.0)
        >>> [d["phases"][0]["name"] for d in b.to_dicts()]
        ['LIQUID']
        """
        return [self.result(i).to_dict() for i in range(len(self))]

    def to_dataset(self):
        """The batch as an ``xarray.Dataset`` with dimensions point, slot, component, phase.

        Examples
        --------
        >>> import numpy as np
        >>> from semisolid.thermo import load_database, equilibrium_many
        >>> b = equilibrium_many(load_database(), ["K", "Na"], np.array([[0.7, 0.3]]), 300.0)
        >>> ds = b.to_dataset()
        >>> float(ds.phase_fraction.sel(phase="LIQUID")[0])
        1.0
        """
        import xarray as xr

        return xr.Dataset(
            _data_vars(self, ("point",)),
            coords={
                "component": list(self.components),
                "phase": list(self.phase_names),
                "temperature_K": ("point", self.temperature_K),
                "x": (("point", "component"), self.x),
            },
            attrs=dict(self.attrs),
        )


def _data_vars(b: EquilibriumBatch, dims: Sequence[str], shape: tuple | None = None) -> dict:
    """Data variables of a batch, reshaped to `shape` over `dims` (grids)."""
    n = len(b)
    shape = shape or (n,)
    names = np.array([*b.phase_names, ""], dtype=object)
    slot_names = names[np.where(b.slot_phase >= 0, b.slot_phase, len(b.phase_names))].astype(str)
    pf = np.stack([b.phase_fraction(p) for p in b.phase_names], axis=-1)
    d = tuple(dims)
    return {
        "phase_fraction": ((*d, "phase"), pf.reshape(*shape, -1)),
        "liquid_fraction": (d, b.liquid_fraction.reshape(shape)),
        "chemical_potential_J_mol": (
            (*d, "component"),
            b.chemical_potentials_J_mol.reshape(*shape, -1),
        ),
        "slot_phase": ((*d, "slot"), slot_names.reshape(*shape, -1)),
        "slot_fraction": ((*d, "slot"), b.slot_fraction.reshape(*shape, -1)),
        "slot_composition": (
            (*d, "slot", "component"),
            b.slot_composition.reshape(*shape, *b.slot_composition.shape[1:]),
        ),
        "converged": (d, b.converged.reshape(shape)),
        "gibbs_energy_J_mol": (d, np.asarray(b.gibbs_energy_J_mol, float).reshape(shape)),
        "engine": (d, np.asarray(b.engine).astype(str).reshape(shape)),
    }
