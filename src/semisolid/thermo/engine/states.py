"""The state table: the phase copies, fractions, compositions and chemical potentials of
every state, filled in by the solver stages.

Examples
--------
>>> st = States(3, 2, 2)
>>> st.phase.shape, bool(st.ok.any())
((3, 2), False)
"""

from __future__ import annotations

import numpy as np

from semisolid.thermo.engine.newton import Solution

__all__ = ["States"]


class States:
    """Per-state solution slots (at most C coexisting copies for C components).

    Attributes
    ----------
    phase : ndarray (n, C) of int
        Phase index of each copy, -1 in an empty slot.
    frac : ndarray (n, C)
        Phase fractions (moles of atoms).
    comp : ndarray (n, C, C)
        Compositions of the copies.
    y : ndarray (n, C, kmax)
        Site fractions of the copies.
    mu : ndarray (n, C)
        Chemical potentials in units of RT.
    ok : ndarray (n,) of bool
        The solution met the Newton tolerances and passed the stability check.
    """

    def __init__(self, n: int, ncomp: int, kmax: int):
        self.phase = np.full((n, ncomp), -1, dtype=np.int64)
        self.frac = np.full((n, ncomp), np.nan)
        self.comp = np.full((n, ncomp, ncomp), np.nan)
        self.y = np.full((n, ncomp, max(kmax, 1)), np.nan)
        self.mu = np.full((n, ncomp), np.nan)
        self.ok = np.zeros(n, dtype=bool)

    def put(self, sol: Solution, sel: np.ndarray | None = None) -> None:
        """Write the rows of `sol` selected by `sel` (default: all)."""
        sel = np.ones(sol.rows.shape[0], dtype=bool) if sel is None else sel
        r = sol.rows[sel]
        if r.size == 0:
            return
        self.phase[r] = -1
        self.frac[r] = np.nan
        self.comp[r] = np.nan
        self.y[r] = np.nan
        for j, k in enumerate(sol.copies):
            self.phase[r, j] = k
            self.frac[r, j] = sol.f[sel, j]
            self.comp[r, j] = sol.x[sel, j]
            yy = sol.y[j][sel]
            self.y[r, j, : yy.shape[1]] = yy
        self.mu[r] = sol.mu[sel]
        self.ok[r] = sol.ok[sel]

    def copies(self, r: int) -> list[tuple[int, np.ndarray, float]]:
        """(phase index, site fractions, fraction) of each copy of state r."""
        out = []
        for s in np.nonzero(self.phase[r] >= 0)[0]:
            out.append((int(self.phase[r, s]), self.y[r, s], float(self.frac[r, s])))
        return out

    def gibbs_rt(self, x: np.ndarray) -> np.ndarray:
        """G / RT per mole of atoms of each state (mu . x)."""
        return np.einsum("nc,nc->n", self.mu, x)

    def sort_slots(self, col: int) -> None:
        """Sort the copies of each state by phase index, then by mole fraction of `col`."""
        key = np.where(self.phase >= 0, self.phase + np.nan_to_num(self.comp[:, :, col]), 1e9)
        order = np.argsort(key, axis=1, kind="stable")
        rows = np.arange(key.shape[0])[:, None]
        self.phase = self.phase[rows, order]
        self.frac = self.frac[rows, order]
        self.comp = self.comp[rows, order]
        self.y = self.y[rows, order]
