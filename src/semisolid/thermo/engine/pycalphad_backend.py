"""pycalphad as an engine: for what the fast engine cannot model, and on request.

States are grouped by temperature; each group is one call to pycalphad's ``equilibrium``
(binary: all compositions of the group; more components: one call per state unless the
states form a small grid), at 101,325 Pa, with the models built once per database and
phase set. pycalphad may split one phase over several vertices of the same composition;
these are merged (compositions closer than 1e-4). A state where pycalphad returns no answer
is reported as not converged.

Examples
--------
>>> import numpy as np
>>> from semisolid.thermo import load_database
>>> out = pycalphad_states(load_database(), ("K", "Na"), ["BCC_A2", "LIQUID"],
...                        np.array([[0.7, 0.3]]), np.array([300.0]))
>>> out.names[0], out.ok.tolist()
(['LIQUID'], [True])
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from semisolid.thermo.compile import PRESSURE_PA

__all__ = ["PycalphadStates", "pycalphad_states"]

MERGE_TOL = 1e-4


@dataclass
class PycalphadStates:
    """pycalphad's answers: per state, the phase names, fractions and compositions (in the
    order of `components`), chemical potentials and molar Gibbs energy [J/mol]."""

    names: list[list[str]]
    fractions: list[np.ndarray]
    compositions: list[np.ndarray]
    mu_J_mol: np.ndarray
    gm_J_mol: np.ndarray
    ok: np.ndarray


_MODELS: dict = {}


def _models(db, tdb, phases):
    key = (db.sha256, tuple(tdb), tuple(phases))
    if key not in _MODELS:
        from pycalphad.core.utils import instantiate_models

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _MODELS[key] = instantiate_models(db.pycalphad_db, [*tdb, "VA"], list(phases))
        if len(_MODELS) > 8:
            _MODELS.pop(next(iter(_MODELS)))
    return _MODELS[key]


def _merge(names, fracs, xs):
    ncomp = xs.shape[-1]
    out_n, out_f, out_x = [], [], []
    for n, f, x in zip(names, fracs, xs, strict=True):
        n = str(n)
        if not n or not np.isfinite(f) or f <= 0:
            continue
        for i, m in enumerate(out_n):
            if m == n and np.max(np.abs(out_x[i] - x)) < MERGE_TOL:
                out_x[i] = (out_x[i] * out_f[i] + x * f) / (out_f[i] + f)
                out_f[i] += f
                break
        else:
            out_n.append(n)
            out_f.append(float(f))
            out_x.append(np.array(x, dtype=float))
    return out_n, np.array(out_f), np.array(out_x).reshape(len(out_n), ncomp)


def pycalphad_states(db, components: tuple[str, ...], phases, x: np.ndarray,
                     t: np.ndarray) -> PycalphadStates:
    """pycalphad's equilibrium at each state (compositions `x` in the order of the sorted
    `components`).

    Parameters
    ----------
    db : ThermoDatabase
    components : tuple of str
        Sorted element names (chemists' spelling).
    phases : list of str
    x : ndarray (n, C)
    t : ndarray (n,)

    Returns
    -------
    PycalphadStates
    """
    from pycalphad import equilibrium
    from pycalphad import variables as v

    tdb = [db.tdb_name(c) for c in components]
    ncomp = len(tdb)
    n = x.shape[0]
    names: list[list[str]] = [[] for _ in range(n)]
    fracs = [np.zeros(0) for _ in range(n)]
    comps = [np.zeros((0, ncomp)) for _ in range(n)]
    mu = np.full((n, ncomp), np.nan)
    gm = np.full(n, np.nan)
    models = _models(db, tdb, phases)
    pdb = db.pycalphad_db
    xin = np.clip(x, 1e-12, None)
    xin = xin / xin.sum(axis=1, keepdims=True)

    def run(conds):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return equilibrium(pdb, [*tdb, "VA"], list(phases),
                               {**conds, v.P: PRESSURE_PA, v.N: 1}, model=models)

    def take(r, idx, rows):
        order = [[str(c) for c in r.component.values].index(u) for u in tdb]
        ph = r.Phase.values.reshape(-1, r.Phase.shape[-1])
        npv = r.NP.values.reshape(-1, r.NP.shape[-1])
        xv = r.X.values.reshape(-1, r.X.shape[-2], r.X.shape[-1])
        muv = r.MU.values.reshape(-1, r.MU.shape[-1])
        gmv = r.GM.values.reshape(-1)
        for i, row in zip(idx, rows, strict=True):
            nm, f, xx = _merge(ph[i], npv[i], xv[i][:, order])
            names[row], fracs[row], comps[row] = nm, f, xx
            mu[row] = muv[i][order]
            gm[row] = gmv[i]

    for tt in np.unique(t):
        rows = np.nonzero(t == tt)[0]
        if ncomp == 1:
            r = run({v.T: float(tt)})
            take(r, np.zeros(rows.size, dtype=int), rows)
            continue
        if ncomp == 2:
            xs, inv = np.unique(xin[rows, 1], return_inverse=True)
            r = run({v.X(tdb[1]): xs, v.T: float(tt)})
            take(r, inv.ravel(), rows)
            continue
        for row in rows:
            conds = {v.X(tdb[c]): float(xin[row, c]) for c in range(1, ncomp)}
            r = run({**conds, v.T: float(tt)})
            take(r, np.array([0]), np.array([row]))
    ok = np.array([len(nm) > 0 for nm in names]) & np.isfinite(gm) & np.all(np.isfinite(mu),
                                                                              axis=1)
    return PycalphadStates(names, fracs, comps, mu, gm, ok)
