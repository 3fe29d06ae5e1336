"""The two-phase fields of a binary system at a set of temperatures, from point equilibria.

At each temperature, states are solved (with the whole engine, final stability check
included) on a grid of compositions and at the centre of every two-phase facet of the
sampled lower hull; every distinct two-phase result is a field, given by its tie line. A
field therefore exists only where point equilibria find it, and a narrow field that the
grid would step over is still found through its hull facet.

Examples
--------
>>> from semisolid.thermo import load_database
>>> s = load_database().system(["K", "Na"], ["LIQUID", "BCC_A2", "NA2K"])
>>> f = binary_fields(s, [295.15])
>>> sorted({tuple(s.phases[k].name for k in c.phases) for c in f.fields})
[('BCC_A2', 'LIQUID'), ('LIQUID', 'BCC_A2')]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import semisolid.thermo.engine.sampling as sampling
from semisolid.thermo.engine.batching import Energies, solve_states
from semisolid.thermo.engine.newton import R_J_MOL_K
from semisolid.thermo.phases import System

__all__ = ["GRID_POINTS", "BinaryFields", "TwoPhaseField", "binary_fields"]

GRID_POINTS = 101
"""Compositions per temperature at which point equilibria are solved."""


@dataclass(frozen=True)
class TwoPhaseField:
    """A two-phase field of a binary at one temperature: its tie line.

    Attributes
    ----------
    temperature_K : float
    t_index : int
        Index of the temperature in :attr:`BinaryFields.temperatures_K`.
    phases : (int, int)
        Phase indices (into the system's phases) of the left and right copy.
    x : ndarray (2, C)
        Compositions of the left and right copy (by increasing mole fraction of the
        second component).
    y : (ndarray, ndarray)
        Their site fractions.
    mu_J_mol : ndarray (C,)
        Chemical potentials [J/mol].
    """

    temperature_K: float
    t_index: int
    phases: tuple[int, int]
    x: np.ndarray
    y: tuple[np.ndarray, np.ndarray]
    mu_J_mol: np.ndarray


@dataclass
class BinaryFields:
    """The two-phase fields of a binary at each temperature.

    Examples
    --------
    >>> import numpy as np
    >>> BinaryFields(np.array([300.0]), []).at(0)
    []
    """

    temperatures_K: np.ndarray
    fields: list[TwoPhaseField]

    def at(self, t_index: int) -> list[TwoPhaseField]:
        """The fields at temperature number `t_index`."""
        return [f for f in self.fields if f.t_index == t_index]


def _hull_centres(system: System, en: Energies, t: float) -> np.ndarray:
    """Centres of the two-copy facets of the sampled lower hull at t."""
    smp = en.smp
    facets, labels = en.hull(t)
    multi = labels.max(axis=1) > 0
    return smp.x[facets[multi]].mean(axis=1)


def binary_fields(system: System, temperatures_K, tick=None,
                  grid_points: int = GRID_POINTS) -> BinaryFields:
    """The two-phase fields of a binary `system` at each temperature (module docstring).

    Parameters
    ----------
    system : System
        Two components.
    temperatures_K : array_like
    tick : callable, optional
        Progress callback, called with 1 per temperature.
    grid_points : int
        Compositions per temperature.

    Returns
    -------
    BinaryFields
    """
    temps = np.unique(np.asarray(temperatures_K, dtype=float))
    if len(system.components) != 2:
        raise ValueError("binary_fields needs a system of two components")
    smp = sampling.samples(system)
    en = Energies(system, smp, temps)
    grid = np.linspace(0.0, 1.0, grid_points + 2)[1:-1]
    xs, ts, tix = [], [], []
    for it, t in enumerate(temps):
        extra = _hull_centres(system, en, float(t))[:, 1]
        xb = np.unique(np.concatenate([grid, extra]))
        xs.append(xb)
        ts.append(np.full(xb.size, t))
        tix.append(np.full(xb.size, it))
    xb = np.concatenate(xs)
    t_all = np.concatenate(ts)
    t_idx = np.concatenate(tix)
    x = np.column_stack([1 - xb, xb])
    states = solve_states(system, x, t_all, tick, energies=en)
    fields: list[TwoPhaseField] = []
    two = np.nonzero(((states.phase >= 0).sum(axis=1) == 2) & states.ok)[0]
    if two.size:
        # the two copies of each state, left one first
        slot_order = np.argsort(np.where(states.phase[two] >= 0,
                                         np.nan_to_num(states.comp[two, :, 1], nan=2.0), 3.0),
                                axis=1)[:, :2]
        rr = two[:, None]
        ph = states.phase[rr, slot_order]
        xl = states.comp[rr, slot_order][:, :, 1]
        key = np.column_stack([t_idx[two], ph, np.round(xl, 7)])
        _, first = np.unique(key, axis=0, return_index=True)
        for j in first:
            r = two[j]
            s0, s1 = slot_order[j]
            ka, kb = int(ph[j, 0]), int(ph[j, 1])
            pa, pb = system.phases[ka], system.phases[kb]
            fields.append(TwoPhaseField(
                float(t_all[r]), int(t_idx[r]), (ka, kb),
                np.array([states.comp[r, s0], states.comp[r, s1]]),
                (states.y[r, s0, : pa.n_variables].copy(),
                 states.y[r, s1, : pb.n_variables].copy()),
                states.mu[r] * R_J_MOL_K * t_all[r]))
    fields.sort(key=lambda f: (f.t_index, f.x[0, 1]))
    return BinaryFields(temps, fields)
