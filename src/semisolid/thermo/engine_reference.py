"""Reference equilibrium solver: plain minimisation of the total Gibbs energy, point by point.

Short and slow on purpose; the fast engine (:mod:`semisolid.thermo.engine`) is tested
against it. For each state it minimises

    G = sum_p N_p * g_p(n_p / N_p),     N_p = sum_i n_pi,

over the moles of atoms ``n_pi`` of each component i in each phase copy p (two copies of
every solution phase, so that a miscibility gap can open), subject to ``sum_p n_pi = x_i``
and ``n_pi >= 0``, with scipy's SLSQP from several starting points, and keeps the lowest
result. A stoichiometric compound has one variable, its amount. Copies with less than 1e-7
of the atoms are dropped and copies of one phase closer than 1e-3 in composition merged.

Examples
--------
>>> from semisolid.thermo import load_database
>>> r = reference_equilibrium(load_database(), {"K": 0.7, "Na": 0.3}, 300.0)
>>> r.phase_names
['LIQUID']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from semisolid.thermo.database import CompiledPhase, ThermoDatabase
from semisolid.thermo.results import EquilibriumResult, PhaseEquilibrium

__all__ = ["reference_equilibrium"]


def _g_total(z, blocks, t):
    total = 0.0
    for p, sl, xp_fixed in blocks:
        if xp_fixed is not None:
            total += z[sl][0] * float(p.gibbs_J_mol(t, np.ones((1, p.n_mixing)))[0])
            continue
        n = np.clip(z[sl], 1e-14, None)
        amount = n.sum()
        x = n / amount
        y = _y_from_x(p, x)
        total += amount * float(p.gibbs_J_mol(t, y[None])[0])
    return total / (8.3145 * t)


def _y_from_x(p: CompiledPhase, x: np.ndarray) -> np.ndarray:
    y = (x[list(p.mixing)] * p.atoms_per_formula - p.fixed_atoms[list(p.mixing)]) / p.site_ratio
    y = np.clip(y, 1e-14, None)
    return y / y.sum()


def reference_equilibrium(
    db: ThermoDatabase,
    composition: Mapping[str, float],
    temperature_K: float,
    phases: Sequence[str] | None = None,
    n_starts: int = 12,
    seed: int = 0,
) -> EquilibriumResult:
    """Equilibrium by direct minimisation of the total Gibbs energy (slow reference).

    Only substitutional solutions without fixed sublattices and stoichiometric compounds
    are handled (the phases of the Li-Na-K database and of the simple test databases).

    Parameters
    ----------
    db : ThermoDatabase
    composition : mapping of str to float
        Mole fractions by element, summing to 1.
    temperature_K : float
    phases : sequence of str, optional
        Default: ``db.default_phases``.
    n_starts : int
        Random starting points in addition to the deterministic ones.
    seed : int
        Seed of the random starting points.

    Returns
    -------
    EquilibriumResult
        Chemical potentials are not computed (empty dict).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> r = reference_equilibrium(load_database(), {"K": 0.95, "Na": 0.05}, 295.15)
    >>> r.phase_names
    ['BCC_A2', 'LIQUID']
    """
    from scipy.optimize import minimize

    comps = list(composition)
    system = db.system(comps, phases if phases is not None else db.default_phases)
    order = list(system.components)
    x0 = np.array([composition[c] for c in order], dtype=float)
    x0 = np.clip(x0, 1e-12, None)
    x0 /= x0.sum()
    ncomp = len(order)
    blocks = []
    start = 0
    for p in system.phases:
        if p.is_point:
            xp = p.composition(np.ones((1, p.n_mixing)))[0]
            blocks.append((p, slice(start, start + 1), xp))
            start += 1
        else:
            if p.fixed_atoms.any() or p.n_mixing != ncomp:
                continue  # outside the reference's scope: not a full substitutional solution
            for _ in range(2):
                blocks.append((p, slice(start, start + ncomp), None))
                start += ncomp
    nvar = start

    def mass(z):
        out = -x0.copy()
        for _p, sl, xp in blocks:
            out += z[sl][0] * xp if xp is not None else z[sl]
        return out

    rng = np.random.default_rng(seed)
    starts = []
    for b in range(len(blocks)):  # all the material in one copy
        z = np.full(nvar, 1e-6)
        p, sl, xp = blocks[b]
        if xp is None:
            z[sl] = x0
            starts.append(z)
    for _ in range(n_starts):
        z = rng.random(nvar)
        starts.append(z)
    best = None
    for z0 in starts:
        # scale the start onto the mass balance roughly
        z0 = z0.copy()
        tot = mass(z0) + x0
        for _p, sl, xp in blocks:
            if xp is None:
                z0[sl] *= x0 / np.maximum(tot, 1e-12)
        res = minimize(
            _g_total, z0, args=(blocks, temperature_K), method="SLSQP",
            bounds=[(0.0, 1.0)] * nvar,
            constraints=[{"type": "eq", "fun": mass}],
            options={"ftol": 1e-13, "maxiter": 500},
        )
        if best is None or (res.fun < best.fun and np.max(np.abs(mass(res.x))) < 1e-7):
            best = res
    z = best.x
    found: list[PhaseEquilibrium] = []
    for p, sl, xp in blocks:
        amount = z[sl][0] if xp is not None else z[sl].sum()
        if amount < 1e-7:
            continue
        x = xp if xp is not None else z[sl] / amount
        comp = {c: float(x[order.index(c)]) for c in comps}
        for k, q in enumerate(found):
            if q.name == p.name and max(abs(q.composition[c] - comp[c]) for c in comps) < 1e-3:
                w = q.fraction + amount
                merged = {
                    c: float((q.composition[c] * q.fraction + comp[c] * amount) / w) for c in comps
                }
                found[k] = PhaseEquilibrium(p.name, float(w), merged)
                break
        else:
            found.append(PhaseEquilibrium(p.name, float(amount), comp))
    found.sort(key=lambda q: (q.name, q.composition[comps[-1]]))
    return EquilibriumResult(float(temperature_K), found, {})
