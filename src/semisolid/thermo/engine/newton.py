"""Newton refinement: equilibrium of a fixed set of phase copies, and driving forces.

**Equilibrium of an assemblage.** For phase copies p (each with free site fractions y_p in
groups that sum to one, moles n_p(y) = fixed + y @ stoich per formula unit, N_p = sum n_p,
Gibbs energy F_p(y) per formula unit) and an overall composition x (one mole of atoms), the
unknowns are the chemical potentials mu, and per copy the log site fractions w = ln y, one
multiplier lambda per mixing sublattice, and the amount m_p (formula units). The equations,
in units of RT:

* tangency, per free site fraction v of sublattice s: ``dF/dy_v - (stoich mu)_v - lambda_s = 0``;
* each mixing sublattice sums to one: ``sum_v y_v - 1 = 0``;
* the copy lies on the tangent plane: ``(F - mu . n) / N = 0``;
* mass balance: ``sum_p m_p n_p - x = 0``.

Newton's method works in ``ln y`` so that a constituent at 1e-8 converges as fast as a
majority one; steps that would raise a log site fraction by more than ``max(1, ln(0.1/y))``
or lower it by more than 3 are scaled down. The phase fraction (moles of atoms) of copy p is
``m_p N_p``.

**Driving force.** For one phase and given mu, ``d = min_y (F - mu . n) / N`` (per mole of
atoms, units of RT): the same equations with the tangent plane shifted by d, i.e. ``mu + d``,
solved for y, the multipliers and d. d < 0 means the phase would lower the Gibbs energy.

Examples
--------
>>> import numpy as np
>>> from semisolid.thermo import load_database
>>> s = load_database().system(["K", "Na"], ["LIQUID", "BCC_A2"])
>>> liq = s.phase("LIQUID")
>>> d, y = driving_force(liq, np.array([400.0]), np.array([[-10.0, -10.0]]), np.array([[0.5, 0.5]]))
>>> bool(d[0] > 0)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from semisolid.thermo.phases import MIN_SITE_FRACTION, CompiledPhase, System

__all__ = [
    "R_J_MOL_K",
    "SAME_COPY_TOL",
    "Assemblage",
    "Solution",
    "driving_force",
    "solve",
    "solve_assemblage",
]

R_J_MOL_K = 8.3145
"""Gas constant used to scale energies inside the solver (only a scale)."""

SAME_COPY_TOL = 1e-4
"""Two copies of one phase closer than this in composition (mole fraction) are one copy
(pycalphad's COMP_DIFFERENCE_TOL)."""

TOL = 1e-10
"""Newton stops when every residual (units of RT, per mole of atoms) is below this."""

_W_MIN = float(np.log(MIN_SITE_FRACTION))
"""Log site fractions stay at or above this floor; a constituent that would fall below it
stays there (an active bound: its tangency condition becomes an inequality)."""


@dataclass
class Assemblage:
    """A batch of states solved with the same list of phase copies.

    Attributes
    ----------
    copies : tuple of int
        Phase index (into the system's phases) of each copy.
    rows : ndarray (m,)
        State indices (for the caller).
    t : ndarray (m,)
    x : ndarray (m, C)
        Overall compositions (rows sum to 1).
    y0 : list of ndarray (m, k_p)
        Starting site fractions of each copy.
    mu0 : ndarray (m, C)
        Starting chemical potentials (units of RT).
    f0 : ndarray (m, P)
        Starting phase fractions (moles of atoms).
    """

    copies: tuple[int, ...]
    rows: np.ndarray
    t: np.ndarray
    x: np.ndarray
    y0: list[np.ndarray]
    mu0: np.ndarray
    f0: np.ndarray


@dataclass
class Solution:
    """Solution of an :class:`Assemblage` batch: mu (m, C) in units of RT, y per copy,
    compositions x (m, P, C), atom fractions f (m, P), ok (m,)."""

    rows: np.ndarray
    copies: tuple[int, ...]
    mu: np.ndarray
    y: list[np.ndarray]
    x: np.ndarray
    f: np.ndarray
    ok: np.ndarray


def _solve_linear(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve each system a[i] z = b[i]; a singular one by least squares.

    Where the batch holds singular matrices (an exactly zero pivot of the LU factorisation,
    which ``slogdet`` reports as sign 0 from the same LAPACK factorisation that ``solve``
    uses), the others are solved together and the singular ones one by one."""
    try:
        return np.linalg.solve(a, b[..., None])[..., 0]
    except np.linalg.LinAlgError:
        sign, _ = np.linalg.slogdet(a)
        bad = sign == 0
        out = np.zeros_like(b)
        good = np.nonzero(~bad)[0]
        if good.size:
            try:
                out[good] = np.linalg.solve(a[good], b[good][..., None])[..., 0]
            except np.linalg.LinAlgError:  # pragma: no cover - slogdet and solve disagree
                bad[:] = True
        for i in np.nonzero(bad)[0]:
            try:
                out[i] = np.linalg.solve(a[i], b[i])
            except np.linalg.LinAlgError:
                out[i] = np.linalg.lstsq(a[i], b[i], rcond=None)[0]
        return out


def _damping(w: np.ndarray, dw: np.ndarray) -> np.ndarray:
    """Step scale per row for Newton steps dw on log site fractions w.

    A log site fraction may rise by up to ``max(1, ln(0.1 / y))`` per iteration (a dilute
    constituent climbs to its level in one step: there G is linear in ln y) and fall by up
    to 10 units (then the floor clips it); larger steps are scaled down, the whole row
    together."""
    if w.shape[1] == 0:
        return np.ones(w.shape[0])
    room = np.maximum(w - _W_MIN, 0.0)
    allowed = np.where(dw > 0, np.maximum(1.0, np.log(0.1) - w), np.maximum(10.0, room))
    worst = np.max(np.abs(dw) / allowed, axis=1)
    return np.minimum(1.0, 1.0 / np.maximum(worst, 1e-300))


def _freeze_floor(res: np.ndarray, jac: np.ndarray, w: np.ndarray, cols: np.ndarray) -> None:
    """Constituents at the floor whose tangency residual pushes them lower stay there: their
    row becomes ``dw = 0`` and their residual zero (the bound is active)."""
    if cols.size == 0:
        return
    at = (w <= _W_MIN + 1e-9) & (res[:, cols] > 0)
    if not np.any(at):
        return
    r, j = np.nonzero(at)
    c = cols[j]
    res[r, c] = 0.0
    jac[r, c, :] = 0.0
    jac[r, c, c] = 1.0


def normalise(p: CompiledPhase, y: np.ndarray) -> np.ndarray:
    """Site fractions clipped to [1e-14, 1] and renormalised within each sublattice."""
    y = np.clip(np.where(np.isfinite(y), y, 1.0), MIN_SITE_FRACTION, 1.0)
    out = y.copy()
    for idx in p.group_slices():
        out[:, idx] = y[:, idx] / y[:, idx].sum(axis=1, keepdims=True)
    return out


class _Layout:
    """Positions of the unknowns of each copy in the unknown vector."""

    def __init__(self, phases: list[CompiledPhase], ncomp: int):
        self.ncomp = ncomp
        self.w, self.lam, self.m = [], [], []
        off = ncomp
        for p in phases:
            k, ng = p.n_variables, p.n_groups
            self.w.append(np.arange(off, off + k))
            off += k
            self.lam.append(np.arange(off, off + ng))
            off += ng
            self.m.append(off)
            off += 1
        self.size = off
        # the mass-balance equations take the rows of the chemical potentials
        self.mass = np.arange(ncomp)
        # the entries of the Jacobian that do not depend on the unknowns
        self.jac0 = np.zeros((off, off))
        for j, p in enumerate(phases):
            if p.n_variables:
                wi, li = self.w[j], self.lam[j]
                self.jac0[wi[:, None], np.arange(ncomp)[None, :]] = -p.stoich
                onehot = (p.groups[:, None] == np.arange(p.n_groups)[None, :]).astype(float)
                self.jac0[wi[:, None], li[None, :]] = -onehot
        # flat positions (row * size + column) of the entries _residual writes, per copy
        n = off
        mass = self.mass
        self.flat = []
        for j, p in enumerate(phases):
            wi, li, mi = self.w[j], self.lam[j], self.m[j]
            groups = [(li[gi], wi[vs]) for gi, vs in enumerate(p.group_slices())]
            self.flat.append({
                "plane_mu": mi * n + np.arange(ncomp),
                "ww": (wi[:, None] * n + wi[None, :]).ravel(),
                "sums": [(lr, (lr * n + wv)) for lr, wv in groups],
                "sum_rows": [lr for lr, _ in groups],
                "sum_vars": [vs for vs in p.group_slices()],
                "plane_w": mi * n + wi,
                "mass_w": (mass[:, None] * n + wi[None, :]).ravel(),
                "mass_m": mass * n + mi,
                "lam_of_var": li[p.groups] if p.n_variables else np.zeros(0, dtype=int),
                "row_sum": p.stoich.sum(axis=1),
                "stoich_t": p.stoich.T[None],
            })


_LAYOUTS: dict = {}


def _layout(phases: list[CompiledPhase], ncomp: int) -> _Layout:
    """The (cached) layout of these phase copies."""
    key = (tuple(id(p) for p in phases), ncomp)
    hit = _LAYOUTS.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], phases, strict=True)):
        return hit[1]
    if len(_LAYOUTS) > 256:
        _LAYOUTS.clear()
    lay = _Layout(phases, ncomp)
    _LAYOUTS[key] = (list(phases), lay)
    return lay


def _residual(phases, lay: _Layout, z, t, x):
    m = z.shape[0]
    c = lay.ncomp
    res = np.zeros((m, lay.size))
    jac = np.repeat(lay.jac0[None], m, axis=0)
    jf = jac.reshape(m, -1)  # a view: entries written by their flat positions
    rt = R_J_MOL_K * t
    mu = z[:, :c]
    mass = -x.copy()
    for j, p in enumerate(phases):
        fl = lay.flat[j]
        amount = z[:, lay.m[j]]
        wi, mi = lay.w[j], lay.m[j]
        k = p.n_variables
        if k:
            y = np.exp(z[:, wi])
        else:
            y = np.zeros((m, 0))
        f, g, h = p.derivatives(t, y)
        f = f / rt
        n = p.fixed[None, :] + y @ p.stoich
        natoms = n.sum(axis=1)
        plane = f - np.einsum("ic,ic->i", mu, n)
        # plane row sits at the multiplier-free position mi
        res[:, mi] = plane / natoms
        jf[:, fl["plane_mu"]] = -n / natoms[:, None]
        if k:
            g = g / rt[:, None]
            h = h / rt[:, None, None]
            amu = mu @ p.stoich.T
            lam = z[:, fl["lam_of_var"]]
            # tangency rows at the w positions, sum rows at the lambda positions
            res[:, wi] = g - amu - lam
            jf[:, fl["ww"]] = (h * y[:, None, :]).reshape(m, -1)
            for (row, pos), vs in zip(fl["sums"], fl["sum_vars"], strict=True):
                yv = y[:, vs]
                res[:, row] = yv.sum(axis=1) - 1.0
                jf[:, pos] = yv
            s = fl["row_sum"]
            dplane = (g - amu) * y / natoms[:, None] - (plane / natoms**2)[:, None] * s * y
            jf[:, fl["plane_w"]] = dplane
            jf[:, fl["mass_w"]] = (amount[:, None, None] * fl["stoich_t"]
                                   * y[:, None, :]).reshape(m, -1)
        mass += amount[:, None] * n
        jf[:, fl["mass_m"]] = n
    res[:, lay.mass] = mass
    return res, jac


def solve_assemblage(system: System, prob: Assemblage, max_iter: int = 60) -> Solution:
    """Batched Newton on the equilibrium conditions of one assemblage (module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.thermo import load_database
    >>> s = load_database().system(["K", "Na"], ["LIQUID", "BCC_A2"])
    >>> k = s.phase_names.index("LIQUID")
    >>> prob = Assemblage((k,), np.array([0]), np.array([400.0]), np.array([[0.5, 0.5]]),
    ...                   [np.array([[0.5, 0.5]])], np.zeros((1, 2)), np.ones((1, 1)))
    >>> sol = solve_assemblage(s, prob)
    >>> bool(sol.ok[0]), sol.f.round(12).tolist()
    (True, [[1.0]])
    """
    phases = [system.phases[k] for k in prob.copies]
    ncomp = len(system.components)
    lay = _layout(phases, ncomp)
    m = prob.rows.shape[0]
    t = np.asarray(prob.t, dtype=float)
    rt = R_J_MOL_K * t
    z = np.zeros((m, lay.size))
    mu0 = np.where(np.isfinite(prob.mu0), prob.mu0, 0.0)
    z[:, :ncomp] = mu0
    for j, p in enumerate(phases):
        y = normalise(p, np.asarray(prob.y0[j], dtype=float).reshape(m, p.n_variables))
        natoms = p.atoms(y)
        if p.n_variables:
            z[:, lay.w[j]] = np.log(y)
            _, g, _ = p.derivatives(t, y)
            diff = g / rt[:, None] - mu0 @ p.stoich.T
            for gi in range(p.n_groups):
                vs = p.groups == gi
                z[:, lay.lam[j][gi]] = diff[:, vs].mean(axis=1)
        f0 = np.where(np.isfinite(prob.f0[:, j]), prob.f0[:, j], 1.0 / len(phases))
        z[:, lay.m[j]] = f0 / natoms
    wcols = np.concatenate([lay.w[j] for j in range(len(phases))]) if phases else np.zeros(0, int)
    active = np.ones(m, dtype=bool)
    conv = np.zeros(m, dtype=bool)
    for _ in range(max_iter):
        ia = np.nonzero(active)[0]
        if ia.size == 0:
            break
        res, jac = _residual(phases, lay, z[ia], t[ia], prob.x[ia])
        _freeze_floor(res, jac, z[ia][:, wcols], wcols)
        err = np.max(np.abs(res), axis=1)
        done = err < TOL
        conv[ia[done]] = True
        finite = np.all(np.isfinite(res), axis=1) & np.all(np.isfinite(jac), axis=(1, 2))
        active[ia[done | ~finite]] = False
        todo = ~done & finite
        if not np.any(todo):
            break
        ib = ia[todo]
        step = _solve_linear(jac[todo], -res[todo])
        if wcols.size:
            step *= _damping(z[ib][:, wcols], step[:, wcols])[:, None]
        z[ib] += step
        if wcols.size:
            z[ib[:, None], wcols[None, :]] = np.maximum(z[ib][:, wcols], _W_MIN)
    return _unpack(system, prob, phases, lay, z, conv)


def _unpack(system, prob, phases, lay, z, conv) -> Solution:
    m = z.shape[0]
    ncomp = lay.ncomp
    ys, xs, fs = [], np.empty((m, len(phases), ncomp)), np.empty((m, len(phases)))
    for j, p in enumerate(phases):
        y = np.exp(z[:, lay.w[j]]) if p.n_variables else np.zeros((m, 0))
        if p.n_variables:
            y = normalise(p, y)
        n = p.moles(y)
        ys.append(y)
        xs[:, j] = n / n.sum(axis=1, keepdims=True)
        fs[:, j] = z[:, lay.m[j]] * n.sum(axis=1)
    ok = conv & np.all(np.isfinite(z), axis=1)
    for a in range(len(phases)):
        for b in range(a + 1, len(phases)):
            if prob.copies[a] == prob.copies[b]:
                ok &= np.max(np.abs(xs[:, a] - xs[:, b]), axis=1) > SAME_COPY_TOL
    return Solution(prob.rows, prob.copies, z[:, :ncomp], ys, xs, fs, ok)


def solve(system: System, problems: list[Assemblage]) -> list[Solution]:
    """Merge problems with the same copies into one batch each and solve them.

    Examples
    --------
    >>> solve(None, [])
    []
    """
    groups: dict[tuple, list[Assemblage]] = {}
    for p in problems:
        if p.rows.size:
            groups.setdefault(p.copies, []).append(p)
    out = []
    for copies, ps in groups.items():
        if len(ps) == 1:
            merged = ps[0]
        else:
            merged = Assemblage(
                copies,
                np.concatenate([p.rows for p in ps]),
                np.concatenate([p.t for p in ps]),
                np.concatenate([p.x for p in ps]),
                [np.concatenate([p.y0[j] for p in ps]) for j in range(len(copies))],
                np.concatenate([p.mu0 for p in ps]),
                np.concatenate([p.f0 for p in ps]),
            )
        out.append(solve_assemblage(system, merged))
    return out


# --------------------------------------------------------------------------- driving force


def _df_value(p: CompiledPhase, t, mu, y):
    """(F/RT - mu . n) / N per row."""
    rt = R_J_MOL_K * t
    f = p.gibbs(t, y) / rt
    n = p.moles(y)
    return (f - np.einsum("ic,ic->i", mu, n)) / n.sum(axis=1)


def driving_force(p: CompiledPhase, t: np.ndarray, mu: np.ndarray, y0: np.ndarray,
                  max_iter: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Smallest ``(G_p - mu·x) / RT`` per mole of atoms over the site fractions of p.

    Newton from `y0`; where it ends higher than it started (or fails), the start is kept, so
    the value returned is never above the starting value.

    Parameters
    ----------
    p : CompiledPhase
    t : ndarray (m,)
    mu : ndarray (m, C)
        Chemical potentials in units of RT.
    y0 : ndarray (m, k)

    Returns
    -------
    d : ndarray (m,)
        Driving force (units of RT; negative: the phase would lower G).
    y : ndarray (m, k)
        Where it is reached.
    """
    t = np.asarray(t, dtype=float)
    m = t.shape[0]
    if p.is_point:
        y = np.zeros((m, 0))
        return _df_value(p, t, mu, y), y
    k, ng = p.n_variables, p.n_groups
    y_start = normalise(p, np.asarray(y0, dtype=float).reshape(m, k))
    d_start = _df_value(p, t, mu, y_start)
    rt = R_J_MOL_K * t
    w = np.log(y_start)
    lam = np.zeros((m, ng))
    d = d_start.copy()
    s = p.stoich.sum(axis=1)
    onehot = (p.groups[:, None] == np.arange(ng)[None, :]).astype(float)
    size = k + ng + 1
    amu = mu @ p.stoich.T
    _, g, _ = p.derivatives(t, y_start)
    diff = g / rt[:, None] - amu - d[:, None] * s
    for gi in range(ng):
        lam[:, gi] = diff[:, p.groups == gi].mean(axis=1)
    active = np.ones(m, dtype=bool)
    for _ in range(max_iter):
        ia = np.nonzero(active)[0]
        if ia.size == 0:
            break
        y = np.exp(w[ia])
        f, g, h = p.derivatives(t[ia], y)
        f, g, h = f / rt[ia], g / rt[ia, None], h / rt[ia, None, None]
        n = p.fixed[None, :] + y @ p.stoich
        natoms = n.sum(axis=1)
        res = np.zeros((ia.size, size))
        jac = np.zeros((ia.size, size, size))
        res[:, :k] = g - amu[ia] - d[ia, None] * s - lam[ia][:, p.groups]
        jac[:, :k, :k] = h * y[:, None, :]
        jac[:, :k, k : k + ng] = -onehot
        jac[:, :k, -1] = -s
        for gi in range(ng):
            vs = np.nonzero(p.groups == gi)[0]
            res[:, k + gi] = y[:, vs].sum(axis=1) - 1.0
            jac[:, k + gi, vs] = y[:, vs]
        plane = (f - np.einsum("ic,ic->i", mu[ia], n)) / natoms - d[ia]
        res[:, -1] = plane
        jac[:, -1, :k] = ((g - amu[ia]) * y / natoms[:, None]
                          - ((plane + d[ia]) / natoms)[:, None] * s * y)
        jac[:, -1, -1] = -1.0
        _freeze_floor(res, jac, w[ia], np.arange(k))
        err = np.max(np.abs(res), axis=1)
        finite = np.all(np.isfinite(res), axis=1) & np.all(np.isfinite(jac), axis=(1, 2))
        stop = (err < 1e-11) | ~finite
        active[ia[stop]] = False
        go = ~stop
        if not np.any(go):
            break
        ib = ia[go]
        step = _solve_linear(jac[go], -res[go])
        step *= _damping(w[ib], step[:, :k])[:, None]
        w[ib] = np.maximum(w[ib] + step[:, :k], _W_MIN)
        lam[ib] += step[:, k : k + ng]
        d[ib] += step[:, -1]
    y_end = normalise(p, np.exp(w))
    d_end = _df_value(p, t, mu, y_end)
    better = np.isfinite(d_end) & (d_end <= d_start)
    d_out = np.where(better, d_end, d_start)
    y_out = np.where(better[:, None], y_end, y_start)
    return np.where(np.isfinite(d_out), d_out, np.inf), y_out
