"""Reference equilibrium solver: plain minimisation of the total Gibbs energy, point by point.

Short and slow on purpose; the fast engine (:mod:`semisolid.thermo.engine`) is tested
against it. For each state it minimises

    G = sum_p m_p F_p(y_p)

over the amount m_p (formula units) and the site fractions y_p of two copies of every phase
with free site fractions (so that a miscibility gap or an ordered and a disordered form can
coexist) and one of every stoichiometric phase, subject to the mass balance
``sum_p m_p n_p(y_p) = x``, each sublattice's site fractions summing to one, and bounds
(``m >= 0``, ``1e-12 <= y <= 1``), with scipy's SLSQP from several starting points; it keeps
the lowest result. Copies with less than 1e-7 of the atoms are dropped and copies of one
phase closer than 1e-3 in composition merged.

Examples
--------
>>> from semisolid.thermo import load_database
>>> r = reference_equilibrium(load_database(), {"K": 0.7, "Na": 0.3}, 300.0,
...                           phases=["LIQUID", "NA2K"], n_starts=1)
>>> r.phase_names
['LIQUID']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from semisolid.thermo.database import ThermoDatabase
from semisolid.thermo.results import EquilibriumResult, PhaseEquilibrium

__all__ = ["reference_equilibrium"]

R = 8.3145


def _unpack(z, blocks):
    out = []
    for p, sl in blocks:
        out.append((p, z[sl.start], z[sl.start + 1 : sl.stop]))
    return out


def reference_equilibrium(
    db: ThermoDatabase,
    composition: Mapping[str, float],
    temperature_K: float,
    phases: Sequence[str] | None = None,
    n_starts: int = 12,
    seed: int = 0,
) -> EquilibriumResult:
    """Equilibrium by direct minimisation of the total Gibbs energy (slow reference).

    Parameters
    ----------
    db : ThermoDatabase
    composition : mapping of str to float
        Mole fractions by element, summing to 1.
    temperature_K : float
    phases : sequence of str, optional
        Default: every phase the components can form.
    n_starts : int
        Random starting points in addition to the deterministic ones.
    seed : int
        Seed of the random starting points.

    Returns
    -------
    EquilibriumResult
        With the Gibbs energy; chemical potentials are not computed (empty dict).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> r = reference_equilibrium(load_database(), {"K": 0.95, "Na": 0.05}, 295.15,
    ...                           phases=["LIQUID", "BCC_A2"], n_starts=1)
    >>> r.phase_names
    ['BCC_A2', 'LIQUID']
    """
    from scipy.optimize import minimize

    comps = list(composition)
    system = db.system(comps, phases)
    order = list(system.components)
    x0 = np.array([composition[c] for c in order], dtype=float)
    x0 = np.clip(x0, 1e-12, None)
    x0 /= x0.sum()
    t = float(temperature_K)
    rt = R * t
    blocks = []
    start = 0
    for p in system.phases:
        for _ in range(1 if p.is_point else 2):
            blocks.append((p, slice(start, start + 1 + p.n_variables)))
            start += 1 + p.n_variables
    nvar = start

    def total(z):
        """G / RT and its gradient."""
        g = 0.0
        grad = np.zeros(nvar)
        for (p, sl), (_, m, y) in zip(blocks, _unpack(z, blocks), strict=True):
            f, df, _ = p.derivatives(t, y[None])
            g += m * f[0]
            grad[sl.start] = f[0] / rt
            grad[sl.start + 1 : sl.stop] = m * df[0] / rt
        return g / rt, grad

    def mass(z):
        out = -x0.copy()
        for p, m, y in _unpack(z, blocks):
            out += m * p.moles(y[None])[0]
        return out

    def mass_jac(z):
        jac = np.zeros((len(order), nvar))
        for (p, sl), (_, m, y) in zip(blocks, _unpack(z, blocks), strict=True):
            jac[:, sl.start] = p.moles(y[None])[0]
            jac[:, sl.start + 1 : sl.stop] = m * p.stoich.T
        return jac

    rows = []
    for p, sl in blocks:
        for idx in p.group_slices():
            row = np.zeros(nvar)
            row[sl.start + 1 + idx] = 1.0
            rows.append(row)
    sums_a = np.array(rows).reshape(len(rows), nvar)

    def sums(z):
        return sums_a @ z - 1.0

    rng = np.random.default_rng(seed)
    starts = []
    for b in range(len(blocks) + n_starts):
        z = np.zeros(nvar)
        for k, (p, sl) in enumerate(blocks):
            y = np.empty(p.n_variables)
            for idx in p.group_slices():
                y[idx] = rng.dirichlet(np.ones(len(idx)))
            z[sl.start + 1 : sl.stop] = y
            z[sl.start] = (1.0 if k == b else 1e-3) / max(p.atoms(y[None])[0], 1e-9)
        starts.append(z)
    bounds = []
    for p, _sl in blocks:
        bounds.append((0.0, 10.0 / max(float(p.fixed.sum()), 1e-3)))
        bounds.extend([(1e-12, 1.0)] * p.n_variables)
    cons = [{"type": "eq", "fun": mass, "jac": mass_jac}]
    if sums_a.shape[0]:
        cons.append({"type": "eq", "fun": sums, "jac": lambda z: sums_a})
    best = None
    for z0 in starts:
        res = minimize(total, z0, jac=True, method="SLSQP", bounds=bounds, constraints=cons,
                       options={"ftol": 1e-14, "maxiter": 1000})
        feasible = np.max(np.abs(mass(res.x))) < 1e-7
        if feasible and (best is None or res.fun < best.fun):
            best = res
    if best is None:
        return EquilibriumResult(t, [], {}, converged=False, engine="reference")
    found: list[PhaseEquilibrium] = []
    for p, m, y in _unpack(best.x, blocks):
        n = m * p.moles(y[None])[0]
        amount = float(n.sum())
        if amount < 1e-7:
            continue
        x = n / amount
        comp = {c: float(x[order.index(c)]) for c in comps}
        for k, q in enumerate(found):
            if q.name == p.name and max(abs(q.composition[c] - comp[c]) for c in comps) < 1e-3:
                w = q.fraction + amount
                merged = {c: (q.composition[c] * q.fraction + comp[c] * amount) / w
                          for c in comps}
                found[k] = PhaseEquilibrium(p.name, float(w), merged)
                break
        else:
            found.append(PhaseEquilibrium(p.name, amount, comp))
    found.sort(key=lambda q: (q.name, q.composition[comps[-1]]))
    return EquilibriumResult(t, found, {}, gibbs_energy_J_mol=float(best.fun * rt),
                             engine="reference")
