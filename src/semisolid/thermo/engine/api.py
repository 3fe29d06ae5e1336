"""Public entry points: one state, many states, a grid; and the choice of engine.

``engine="auto"`` (the default) uses the fast engine when it can model every phase that the
components can form and hands the calculation to pycalphad otherwise (an ionic liquid, a
phase with charged species, four or more components); states where the fast engine does not
converge or fails its final stability check are also handed to pycalphad. The result says
which engine answered each state (``engine``) and why (``notes``). ``engine="semisolid"``
never uses pycalphad: it refuses such a calculation with an error that names the phase and
the model feature. ``engine="pycalphad"`` always uses pycalphad.

Examples
--------
>>> from semisolid.thermo import load_database
>>> r = equilibrium(load_database(), {"K": 0.95, "Na": 0.05}, temperature_K=295.15)
>>> [p.name for p in r.phases], r.engine
(['BCC_A2', 'LIQUID'], 'semisolid')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from semisolid.errors import DatabaseError, InputError
from semisolid.thermo.compile import OutsideEngineScope
from semisolid.thermo.database import ThermoDatabase
from semisolid.thermo.engine._arrays import distinct
from semisolid.thermo.engine.inputs import (
    check_components,
    check_engine,
    check_t,
    check_x,
    floor_x,
)
from semisolid.thermo.engine.newton import R_J_MOL_K
from semisolid.thermo.results import EquilibriumBatch, EquilibriumResult, _data_vars

__all__ = ["MAX_FAST_COMPONENTS", "equilibrium", "equilibrium_grid", "equilibrium_many"]

MAX_FAST_COMPONENTS = 3
"""The fast engine handles systems of 1 to 3 components."""

ZERO_FRACTION = 1e-12
"""Copies with a smaller phase fraction are left out of a result."""


def _fast_states(system, x_sorted, t, progress):
    from semisolid._util import progress_callback
    from semisolid.thermo.engine.batching import solve_states

    nt = distinct(t).size
    tick, close = progress_callback("equilibria", nt) if progress else (None, None)
    try:
        return solve_states(system, floor_x(x_sorted), t, tick)
    finally:
        if close is not None:
            close()


class _Arrays:
    """Result arrays in the system's (sorted) component order."""

    def __init__(self, n, ncomp, nslots):
        self.phase = np.full((n, nslots), -1, dtype=np.int64)
        self.frac = np.full((n, nslots), np.nan)
        self.comp = np.full((n, nslots, ncomp), np.nan)
        self.mu = np.full((n, ncomp), np.nan)
        self.gm = np.full(n, np.nan)
        self.ok = np.zeros(n, dtype=bool)
        self.engine = np.full(n, "semisolid", dtype=object)

    def widen(self, nslots):
        extra = nslots - self.phase.shape[1]
        if extra <= 0:
            return
        n, _, c = self.comp.shape
        self.phase = np.concatenate([self.phase, np.full((n, extra), -1)], axis=1)
        self.frac = np.concatenate([self.frac, np.full((n, extra), np.nan)], axis=1)
        self.comp = np.concatenate([self.comp, np.full((n, extra, c), np.nan)], axis=1)


def _from_states(arr: _Arrays, states, rows, x_sorted, t):
    rt = R_J_MOL_K * t[rows]
    arr.phase[rows, : states.phase.shape[1]] = states.phase[rows]
    arr.frac[rows, : states.phase.shape[1]] = states.frac[rows]
    arr.comp[rows, : states.phase.shape[1]] = states.comp[rows]
    arr.mu[rows] = states.mu[rows] * rt[:, None]
    arr.gm[rows] = np.einsum("nc,nc->n", states.mu[rows], floor_x(x_sorted[rows])) * rt
    arr.ok[rows] = states.ok[rows]
    arr.engine[rows] = "semisolid"


def _from_pycalphad(arr: _Arrays, pc, rows, names):
    arr.widen(max([len(pc.names[i]) for i in range(len(pc.names))] + [1]))
    for i, r in enumerate(rows):
        arr.phase[r] = -1
        arr.frac[r] = np.nan
        arr.comp[r] = np.nan
        for s, (nm, f, xx) in enumerate(zip(pc.names[i], pc.fractions[i], pc.compositions[i],
                                           strict=True)):
            arr.phase[r, s] = names.index(nm) if nm in names else -1
            arr.frac[r, s] = f
            arr.comp[r, s] = xx
        arr.mu[r] = pc.mu_J_mol[i]
        arr.gm[r] = pc.gm_J_mol[i]
        arr.ok[r] = pc.ok[i]
        arr.engine[r] = "pycalphad"


def _clean(arr: _Arrays, axis_col: int):
    """Drop copies with no atoms, renormalise fractions, sort copies by phase then by
    composition."""
    tiny = ~(arr.frac > ZERO_FRACTION)
    arr.phase[tiny] = -1
    arr.frac[tiny] = np.nan
    arr.comp[tiny] = np.nan
    tot = np.nansum(arr.frac, axis=1, keepdims=True)
    arr.frac = np.where(tot > 0, arr.frac / np.where(tot > 0, tot, 1.0), arr.frac)
    key = np.where(arr.phase >= 0, arr.phase + np.nan_to_num(arr.comp[:, :, axis_col]), 1e9)
    order = np.argsort(key, axis=1, kind="stable")
    rows = np.arange(key.shape[0])[:, None]
    arr.phase = arr.phase[rows, order]
    arr.frac = arr.frac[rows, order]
    arr.comp = arr.comp[rows, order]


def equilibrium_many(
    db: ThermoDatabase,
    components: Sequence[str],
    x,
    temperature_K,
    *,
    phases: Sequence[str] | None = None,
    engine: str = "auto",
    progress: bool = False,
) -> EquilibriumBatch:
    """Equilibria at many states (compositions `x` at temperatures `temperature_K`).

    States are grouped by temperature: one set of sampled energies and one hull per
    distinct temperature, one Newton refinement per multi-phase field, so thousands of
    states at a handful of temperatures cost little more than one.

    Parameters
    ----------
    db : ThermoDatabase
        From :func:`load_database`.
    components : sequence of str
        Elements as chemists write them (``["K", "Na"]``): the columns of `x`.
    x : array_like, shape (n, ncomp)
        Mole fractions; each row within [0, 1] and summing to 1 (0 is solved as 1e-12).
    temperature_K : float or array_like of shape (n,)
        Temperatures [K], within the database's valid range.
    phases : sequence of str, optional
        Phases to consider (default: every phase of the database that the components can
        form; see :meth:`ThermoDatabase.considered_phases`).
    engine : {"auto", "semisolid", "pycalphad"}
        See the module docstring.
    progress : bool
        Show a progress bar on stderr (see :func:`semisolid._util.progress_callback`).

    Returns
    -------
    EquilibriumBatch

    Raises
    ------
    InputError
        Unknown element or engine, composition outside [0, 1] or not summing to 1,
        temperature outside the database's range.
    OutsideEngineScope
        ``engine="semisolid"`` and a phase uses a model feature the fast engine does not
        handle (the error names the phase and the feature).

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.thermo import load_database
    >>> xk = np.linspace(0.5, 1.0, 6)
    >>> b = equilibrium_many(load_database(), ["K", "Na"], np.column_stack([xk, 1 - xk]), 295.15)
    >>> b.liquid_fraction[:4].tolist(), float(b.liquid_fraction[-1])
    ([1.0, 1.0, 1.0, 1.0], 0.0)
    """
    engine = check_engine(engine)
    comps = check_components(db, components)
    ncomp = len(comps)
    xx = check_x(x, ncomp, comps)
    t = check_t(db, temperature_K, xx.shape[0], comps)
    sys_comps = tuple(sorted(comps))
    order = [comps.index(c) for c in sys_comps]  # internal (sorted) <- user
    back = [sys_comps.index(c) for c in comps]
    names, notes = db.considered_phases(sys_comps, phases)
    if not names:
        raise DatabaseError(f"no phase of {db.source} can hold {'-'.join(comps)}"
                            + (f" (phases asked for: {', '.join(phases)})" if phases else ""))
    x_sorted = xx[:, order]
    n = xx.shape[0]
    arr = _Arrays(n, ncomp, ncomp)
    fast = engine != "pycalphad"
    if fast:
        why = None
        if ncomp > MAX_FAST_COMPONENTS:
            why = (f"{ncomp} components: the fast engine handles 1 to "
                   f"{MAX_FAST_COMPONENTS}")
            if engine == "semisolid":
                raise InputError(why + "; use the auto or pycalphad engine", "composition")
        else:
            problems = db.scope_problems(sys_comps, names)
            if problems:
                if engine == "semisolid":
                    raise OutsideEngineScope(problems[0][0], problems[0][1], db.source)
                why = "; ".join(f"phase {p} uses {f}" for p, f in problems)
        system = None
        if why is None:
            try:
                system = db.system(sys_comps, names)
            except OutsideEngineScope as exc:
                if engine == "semisolid":
                    raise
                why = f"phase {exc.phase} uses {exc.feature}"
        if system is None:
            notes.append(f"pycalphad answered: {why}, which the fast engine does not model")
            fast = False
    if fast:
        notes = list(dict.fromkeys([*notes, *system.notes]))
        states = _fast_states(system, x_sorted, t, progress)
        _from_states(arr, states, np.arange(n), x_sorted, t)
        bad = np.nonzero(~arr.ok)[0]
        if engine == "auto" and bad.size:
            pc = _pycalphad(db, sys_comps, names, x_sorted[bad], t[bad])
            take = pc.ok
            _from_pycalphad(arr, _subset(pc, take), bad[take], names)
            if np.any(take):
                notes.append(f"pycalphad answered {int(take.sum())} of {n} states where the "
                             "fast engine did not converge or failed its stability check")
    else:
        pc = _pycalphad(db, sys_comps, names, x_sorted, t)
        _from_pycalphad(arr, pc, np.arange(n), names)
        if engine == "pycalphad":
            notes.append("pycalphad answered (engine='pycalphad')")
    _clean(arr, back[-1] if ncomp > 1 else 0)
    return EquilibriumBatch(
        components=comps,
        phase_names=list(names),
        temperature_K=t,
        x=xx,
        slot_phase=arr.phase,
        slot_fraction=arr.frac,
        slot_composition=arr.comp[:, :, back],
        chemical_potentials_J_mol=arr.mu[:, back],
        converged=arr.ok,
        attrs={"database": db.source, "engine": ",".join(sorted(set(arr.engine.tolist())))},
        gibbs_energy_J_mol=arr.gm,
        engine=arr.engine,
        notes=notes,
        liquid_phases=tuple(p for p in names if db.is_liquid(p)),
    )


def _pycalphad(db, comps, names, x, t):
    from semisolid.thermo.engine.pycalphad_backend import pycalphad_states

    return pycalphad_states(db, comps, names, x, t)


def _subset(pc, sel):
    from semisolid.thermo.engine.pycalphad_backend import PycalphadStates

    idx = np.nonzero(sel)[0]
    return PycalphadStates([pc.names[i] for i in idx], [pc.fractions[i] for i in idx],
                           [pc.compositions[i] for i in idx], pc.mu_J_mol[idx],
                           pc.gm_J_mol[idx], pc.ok[idx])


def equilibrium(
    db: ThermoDatabase,
    composition: Mapping[str, float],
    temperature_K: float,
    *,
    phases: Sequence[str] | None = None,
    engine: str = "auto",
) -> EquilibriumResult:
    """Equilibrium at one overall composition and temperature.

    Parameters
    ----------
    db : ThermoDatabase
        From :func:`load_database`.
    composition : mapping of str to float
        Mole fractions by element (``{"K": 0.95, "Na": 0.05}``), summing to 1; a pure
        element is ``{"K": 1}``.
    temperature_K : float
        Temperature [K].
    phases : sequence of str, optional
        Phases to consider (default: every phase the components can form).
    engine : {"auto", "semisolid", "pycalphad"}
        See the module docstring.

    Returns
    -------
    EquilibriumResult

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> r = equilibrium(load_database(), {"K": 0.7, "Na": 0.3}, temperature_K=300.0)
    >>> r.phases[0].name, r.phases[0].fraction
    ('LIQUID', 1.0)
    >>> equilibrium(load_database(), {"K": 1.0}, temperature_K=300.0).phase_names
    ['BCC_A2']
    >>> equilibrium(load_database(), {"K": 1.2, "Na": -0.2}, temperature_K=300.0)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: composition: x_K=1.2 is outside [0, 1]
    """
    if not isinstance(composition, Mapping) or not composition:
        raise InputError("expected a mapping such as {'K': 0.95, 'Na': 0.05}", "composition")
    comps = list(composition)
    try:
        xrow = np.array([[float(composition[c]) for c in comps]])
    except (TypeError, ValueError):
        raise InputError("mole fractions must be numbers", "composition") from None
    b = equilibrium_many(db, comps, xrow, temperature_K, phases=phases, engine=engine)
    return b.result(0)


def equilibrium_grid(
    db: ThermoDatabase,
    compositions: Mapping[str, Sequence[float]],
    temperatures_K,
    *,
    phases: Sequence[str] | None = None,
    engine: str = "auto",
    progress: bool = False,
):
    """Equilibria on a grid of compositions x temperatures, as an ``xarray.Dataset``.

    Parameters
    ----------
    db : ThermoDatabase
    compositions : mapping of str to array_like or None
        One composition axis (mole fractions) per independent element, and optionally the
        balance element with the value None: ``{"K": xs, "Na": None}`` is the Na-K binary
        with x_K on the axis; ``{"Li": xs, "Na": ys, "K": None}`` a ternary grid. The None
        entry may be left out only when the database has exactly one other element.
    temperatures_K : float or array_like
        Temperature axis [K].
    phases : sequence of str, optional
    engine : {"auto", "semisolid", "pycalphad"}
    progress : bool

    Returns
    -------
    xarray.Dataset
        Dimensions ``X_<el>`` for each independent element and ``T`` (K), plus ``phase``,
        ``slot`` and ``component``. Grid points whose mole fractions sum to more than 1
        are NaN (``valid`` is False there). Variables: ``phase_fraction``,
        ``liquid_fraction``, ``chemical_potential_J_mol``, ``gibbs_energy_J_mol``,
        ``slot_phase``, ``slot_fraction``, ``slot_composition``, ``converged``,
        ``engine``, ``valid``.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.thermo import load_database
    >>> ds = equilibrium_grid(load_database(), {"K": [0.7, 0.95], "Na": None}, [295.15, 300.0])
    >>> ds.liquid_fraction.dims
    ('X_K', 'T')
    >>> float(ds.liquid_fraction.sel(X_K=0.7, T=300.0))
    1.0
    """
    import xarray as xr

    axes = {str(k): v for k, v in compositions.items() if v is not None}
    balance = [str(k) for k, v in compositions.items() if v is None]
    if len(balance) > 1:
        raise InputError("at most one balance element (value None) may be given", "compositions")
    if not axes:
        raise InputError("give at least one composition axis, e.g. {'K': xs}", "compositions")
    if not balance:
        others = [e for e in db.elements if e not in axes]
        if len(others) != 1:
            example = ", ".join([*(f"{k!r}: xs" for k in axes), f"{(others or ['?'])[0]!r}: None"])
            raise InputError(
                f"name the balance element with the value None, e.g. {{{example}}} "
                f"(the database has {', '.join(db.elements)})", "compositions")
        balance = others
    comps = [*axes, balance[0]]
    check_components(db, comps)
    grids = [np.atleast_1d(np.asarray(v, dtype=float)) for v in axes.values()]
    temps = np.atleast_1d(np.asarray(temperatures_K, dtype=float))
    from semisolid._util import check_allocation  # about 8 kB per equilibrium

    for name, g in [*zip(axes, grids, strict=True), ("temperatures_K", temps)]:
        if g.ndim != 1 or g.size == 0:
            raise InputError(f"the {name} axis must be a non-empty 1-D sequence", name
                             if name == "temperatures_K" else "compositions")
    check_allocation(np.prod([g.size for g in grids]) * temps.size, 8192, "grid points",
                     "compositions")
    mesh = np.meshgrid(*grids, temps, indexing="ij")
    shape = mesh[0].shape
    xi = np.column_stack([m.ravel() for m in mesh[:-1]])
    for j, name in enumerate(axes):
        col = xi[:, j]
        if np.any((col < -1e-12) | (col > 1 + 1e-12)) or not np.all(np.isfinite(col)):
            bad = col[~((col >= -1e-12) & (col <= 1 + 1e-12))][0]
            raise InputError(f"x_{name}={bad:g} is outside [0, 1]", "compositions")
    xb = 1.0 - xi.sum(axis=1)
    valid = xb >= -1e-12
    x = np.column_stack([np.clip(xi, 0, 1), np.clip(xb, 0, 1)])
    tt = mesh[-1].ravel()
    b = equilibrium_many(db, comps, x[valid], tt[valid], phases=phases, engine=engine,
                         progress=progress)
    full = _expand(b, valid)
    dims = [f"X_{k}" for k in axes] + ["T"]
    coords = {f"X_{k}": g for k, g in zip(axes, grids, strict=True)}
    coords.update({"T": temps, "component": comps, "phase": b.phase_names})
    dv = _data_vars(full, dims, shape)
    vshape = valid.reshape(shape)
    for name in ("phase_fraction", "liquid_fraction"):
        d, arr = dv[name]
        mask = vshape.reshape(shape + (1,) * (arr.ndim - len(shape)))
        dv[name] = (d, np.where(mask, arr, np.nan))
    dv["valid"] = (tuple(dims), vshape)
    return xr.Dataset(dv, coords=coords,
                      attrs={**b.attrs, "balance": balance[0], "T_units": "K",
                             "notes": "; ".join(b.notes)})


def _expand(b: EquilibriumBatch, valid: np.ndarray) -> EquilibriumBatch:
    n = valid.shape[0]

    def fill(a, value):
        a = np.asarray(a)
        dtype = a.dtype if not (isinstance(value, float) and np.isnan(value)) else float
        if a.dtype == object:
            dtype = object
        out = np.full((n, *a.shape[1:]), value, dtype=dtype)
        out[valid] = a
        return out

    return EquilibriumBatch(
        components=b.components,
        phase_names=b.phase_names,
        temperature_K=fill(b.temperature_K, np.nan),
        x=fill(b.x, np.nan),
        slot_phase=fill(b.slot_phase, -1),
        slot_fraction=fill(b.slot_fraction, np.nan),
        slot_composition=fill(b.slot_composition, np.nan),
        chemical_potentials_J_mol=fill(b.chemical_potentials_J_mol, np.nan),
        converged=fill(b.converged, False),
        attrs=b.attrs,
        gibbs_energy_J_mol=fill(b.gibbs_energy_J_mol, np.nan),
        engine=fill(b.engine, ""),
        notes=b.notes,
        liquid_phases=b.liquid_phases,
    )
