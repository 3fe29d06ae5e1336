"""End states of many symmetric-cell half cycles at once: the engine room of the design maps
and of the inverse design.

For starting compositions ``x`` (rows of mole fractions), areal capacities ``q`` and
temperatures ``T``, :func:`swing_states` gives the liquid fraction, molar volume and
composition at the start and at both ends of a half cycle, with every electrode holding the
moles that fill its volume (or thickness) at its temperature.

Two paths: ``"lever"`` (binary only) places every state on the tie lines of one sweep per
temperature (:func:`semisolid.electrode.equilibria.binary_lever_tables`); ``"direct"`` solves
every state with the engine (any number of elements). Tests check one against the other and
both against pycalphad.

Examples
--------
>>> import numpy as np
>>> from semisolid.electrode.system import AlloySystem
>>> st = swing_states(AlloySystem(), ["K", "Na"], "K", np.array([[0.95, 0.05]]),
...                   np.array([108000.0]), np.array([295.15]), volume_m3=10e-9,
...                   area_m2=0.4004e-4)
>>> st.liquid_fraction_enriched.shape
(1, 1, 1)
>>> bool(st.liquid_fraction_enriched[0, 0, 0] < st.liquid_fraction_start[0, 0]
...      < st.liquid_fraction_depleted[0, 0, 0])
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from semisolid.constants import FARADAY_C_PER_MOL
from semisolid.electrode.electrode import DensityModel
from semisolid.electrode.swing import swing_bookkeeping
from semisolid.electrode.system import AlloySystem
from semisolid.errors import InputError
from semisolid.units import require_positive

__all__ = ["SwingStates", "swing_states"]


@dataclass(frozen=True)
class SwingStates:
    """Arrays of start and end states: index ``[i, j, k]`` is start composition i, areal
    capacity j, temperature k (start-only arrays have no j).

    Attributes
    ----------
    liquid_fraction_start : ndarray (n, nt)
    liquid_fraction_enriched, liquid_fraction_depleted : ndarray (n, nq, nt)
        Mole fraction of atoms in the liquid phases.
    molar_volume_start_m3_mol : ndarray (n, nt)
    molar_volume_enriched_m3_mol, molar_volume_depleted_m3_mol : ndarray (n, nq, nt)
        Phase-weighted molar volumes (liquid phases at the liquid molar volume).
    amount_mol : ndarray (n, nt)
        Atoms in each starting electrode.
    x_ion_enriched, x_ion_depleted : ndarray (n, nq, nt)
        Mole fraction of the working ion at each end.
    ion_mol_enriched, total_mol_enriched, ion_mol_depleted, total_mol_depleted : ndarray
        Moles at each end (n, nq, nt).
    exhausted, emptied : ndarray of bool (n, nq, nt)
    area_m2 : float
    engine : str
    liquid : tuple of str
    """

    liquid_fraction_start: np.ndarray
    liquid_fraction_enriched: np.ndarray
    liquid_fraction_depleted: np.ndarray
    molar_volume_start_m3_mol: np.ndarray
    molar_volume_enriched_m3_mol: np.ndarray
    molar_volume_depleted_m3_mol: np.ndarray
    amount_mol: np.ndarray
    x_ion_enriched: np.ndarray
    x_ion_depleted: np.ndarray
    ion_mol_enriched: np.ndarray
    total_mol_enriched: np.ndarray
    ion_mol_depleted: np.ndarray
    total_mol_depleted: np.ndarray
    exhausted: np.ndarray
    emptied: np.ndarray
    area_m2: float
    engine: str
    liquid: tuple[str, ...]

    def thickness_m(self, end: str) -> np.ndarray:
        """Thickness at the start (n, nt) or an end (n, nq, nt) [m].

        Examples
        --------
        >>> import numpy as np
        >>> from semisolid.electrode.system import AlloySystem
        >>> st = swing_states(AlloySystem(), ["K", "Na"], "K", np.array([[0.9, 0.1]]),
        ...                   np.array([36000.0]), np.array([295.15]), thickness_m=2e-4,
        ...                   area_m2=1e-4)
        >>> round(float(st.thickness_m("start")[0, 0]) * 1e6, 6)
        200.0
        """
        if end == "start":
            return self.amount_mol * self.molar_volume_start_m3_mol / self.area_m2
        tot = self.total_mol_enriched if end == "enriched" else self.total_mol_depleted
        vm = getattr(self, f"molar_volume_{end}_m3_mol")
        return tot * vm / self.area_m2


def _phase_vm(density: DensityModel, elements, liquid, name: str, x: np.ndarray) -> np.ndarray:
    comp = {el: x[..., j] for j, el in enumerate(elements)}
    return np.asarray(density.molar_volume_m3_mol(comp, name in liquid), dtype=float)


def _lever_eval(table, elements, density, liquid, xb: np.ndarray):
    """Liquid fraction and molar volume on a binary lever table (xb: fraction of
    elements[1])."""
    xb = np.asarray(xb, dtype=float)
    lf = table.liquid_fraction(xb)[0]
    k, w, s = table.place(xb)
    vm = np.zeros(xb.shape)
    n = len(table.tie_lo)
    for j in range(n):
        at = k == j
        if not at.any():
            continue
        lo = np.array([1 - table.tie_lo[j], table.tie_lo[j]])
        hi = np.array([1 - table.tie_hi[j], table.tie_hi[j]])
        v_lo = _phase_vm(density, elements, liquid, table.phase_lo[j], lo)
        v_hi = _phase_vm(density, elements, liquid, table.phase_hi[j], hi)
        vm[at] = (1 - w[at]) * v_lo + w[at] * v_hi
    single = k < 0
    for code in np.unique(s[single]):
        at = single & (s == code)
        name = table.phase_of_single(int(code))
        xx = np.stack([1 - xb[at], xb[at]], axis=-1)
        vm[at] = _phase_vm(density, elements, liquid, name, xx)
    return lf, vm


def _direct_eval(system, elements, density, liquid, x: np.ndarray, temperature_K: float):
    """Liquid fraction and molar volume of each row of x (direct engine solve). Rows with an
    element at zero are solved without it (a system edge is solved as the edge itself)."""
    flat = x.reshape(-1, x.shape[-1])
    lf = np.empty(flat.shape[0])
    vm = np.empty(flat.shape[0])
    used = ""
    masks = flat > 0
    for key in np.unique(masks, axis=0):
        rows = np.nonzero((masks == key).all(axis=1))[0]
        els = [el for el, k in zip(elements, key, strict=True) if k]
        pts, used = system.solve(els, flat[np.ix_(rows, np.nonzero(key)[0])],
                                 float(temperature_K))
        for i, ps in zip(rows, pts, strict=True):
            lf[i] = min(max(sum(p.fraction for p in ps if p.name in liquid), 0.0), 1.0)
            vm[i] = sum(p.fraction * density.molar_volume_m3_mol(p.composition,
                                                                 p.name in liquid)
                        for p in ps)
    return lf.reshape(x.shape[:-1]), vm.reshape(x.shape[:-1]), used


def swing_states(
    system: AlloySystem,
    elements: Sequence[str],
    working_ion: str,
    x_start: np.ndarray,
    areal_capacity_C_m2: np.ndarray,
    temperature_K: np.ndarray,
    *,
    volume_m3: float | None = None,
    thickness_m: float | None = None,
    area_m2: float,
    density: DensityModel | None = None,
    charge: int = 1,
    method: str = "lever",
    n_grid: int = 41,
) -> SwingStates:
    """Start and end states of symmetric-cell half cycles on a grid.

    Parameters
    ----------
    system : AlloySystem
    elements : sequence of str
        Columns of `x_start` (checked to be in the database).
    working_ion : str
        One of `elements`.
    x_start : ndarray (n, len(elements))
        Starting mole fractions.
    areal_capacity_C_m2 : ndarray (nq,)
    temperature_K : ndarray (nt,)
    volume_m3 or thickness_m : float or ndarray (n,)
        Each starting electrode's volume (or thickness) at its temperature (one value, or
        one per row of `x_start`).
    area_m2 : float
    density : DensityModel, optional
    charge : int
        Charge number of the working ion.
    method : {"lever", "direct"}
        ``"lever"`` needs a binary.
    n_grid : int
        Sweep points per temperature of the lever path (refined by bisection).

    Returns
    -------
    SwingStates
    """
    els = list(elements)
    x = np.atleast_2d(np.asarray(x_start, dtype=float))
    q = np.atleast_1d(np.asarray(areal_capacity_C_m2, dtype=float))
    temps = np.atleast_1d(np.asarray(temperature_K, dtype=float))
    if working_ion not in els:
        raise InputError(f"{working_ion!r} is not one of {els}", "working_ion")
    if method not in ("lever", "direct"):
        raise InputError(f"method {method!r} is not 'lever' or 'direct'", "method")
    if method == "lever" and len(els) != 2:
        raise InputError("the lever method needs a binary; use method='direct'", "method")
    if (volume_m3 is None) == (thickness_m is None):
        raise InputError("give exactly one of volume and thickness", "volume")
    area = require_positive(area_m2, "area")
    vol = (require_positive(volume_m3, "volume", array=True) if volume_m3 is not None
           else require_positive(thickness_m, "thickness", array=True) * area)
    vol = np.broadcast_to(np.asarray(vol, dtype=float), (x.shape[0],))[:, None]  # (n, 1)
    dm = density or DensityModel()
    liquid = system.liquid_for(els)
    j_ion = els.index(working_ion)
    n, nq, nt = x.shape[0], q.size, temps.size
    used = system.engine_for(els)
    shape3 = (n, nq, nt)
    out = {k: np.zeros(shape3) for k in ("lf_e", "lf_d", "vm_e", "vm_d")}
    lf_s = np.zeros((n, nt))
    vm_s = np.zeros((n, nt))

    def ends_x(n0):
        # (n, nq) bookkeeping for one temperature
        book = swing_bookkeeping((n0 * x[:, j_ion])[:, None], n0[:, None],
                                 (q * area / (charge * FARADAY_C_PER_MOL))[None, :])
        others = x * n0[:, None]  # moles of every element at the start
        comps = {}
        for end, ion_mol, tot in (("enriched", book.ion_mol_enriched, book.total_mol_enriched),
                                  ("depleted", book.ion_mol_depleted, book.total_mol_depleted)):
            moles = np.repeat(others[:, None, :], nq, axis=1)
            moles[:, :, j_ion] = ion_mol
            with np.errstate(invalid="ignore", divide="ignore"):
                xe = np.where(tot[..., None] > 0, moles / np.where(tot > 0, tot, 1.0)[..., None],
                              0.0)
            comps[end] = xe
        return book, comps

    books = []
    if method == "lever":
        from semisolid.electrode.equilibria import binary_lever_tables

        def tables_for(lo, hi):
            return binary_lever_tables(els, temps, n_grid=n_grid, engine=used,
                                       db_path=system.db_path, x_range=(lo, hi),
                                       phases=system.considered_phases(), liquid=liquid)

        # range from a first estimate (solid rule of mixtures), widened for liquid expansion
        n_est = vol[:, 0] / np.asarray(dm.molar_volume_m3_mol({el: x[:, j] for j, el in
                                                                enumerate(els)}), dtype=float)
        _, c_est = ends_x(n_est * 0.9)
        need = np.concatenate([x[:, 1], c_est["enriched"][..., 1].ravel(),
                               c_est["depleted"][..., 1].ravel()])
        pad = 0.02 * (need.max() - need.min()) + 1e-3
        rng = (max(need.min() - pad, 0.0), min(need.max() + pad, 1.0))
        tables = tables_for(*rng)
        for it in range(nt):
            lf_s[:, it], vm_s[:, it] = _lever_eval(tables[it], els, dm, liquid, x[:, 1])
        n0_all = vol / vm_s
        for it in range(nt):
            book, comps = ends_x(n0_all[:, it])
            books.append(book)
            got = np.concatenate([comps["enriched"][..., 1].ravel(),
                                  comps["depleted"][..., 1].ravel()])
            if got.min() < rng[0] - 1e-12 or got.max() > rng[1] + 1e-12:  # pragma: no cover
                rng = (0.0, 1.0)
                tables = tables_for(*rng)
            t = tables[it]
            out["lf_e"][:, :, it], out["vm_e"][:, :, it] = _lever_eval(
                t, els, dm, liquid, comps["enriched"][..., 1])
            out["lf_d"][:, :, it], out["vm_d"][:, :, it] = _lever_eval(
                t, els, dm, liquid, comps["depleted"][..., 1])
    else:
        for it, tk in enumerate(temps):
            lf_s[:, it], vm_s[:, it], used = _direct_eval(system, els, dm, liquid, x, tk)
        n0_all = vol / vm_s
        for it, tk in enumerate(temps):
            book, comps = ends_x(n0_all[:, it])
            books.append(book)
            both = np.concatenate([comps["enriched"].reshape(-1, len(els)),
                                   comps["depleted"].reshape(-1, len(els))])
            keep = both.sum(axis=1) > 0.5  # emptied electrodes have no state
            lf = np.zeros(both.shape[0])
            vm = np.zeros(both.shape[0])
            if keep.any():
                lf[keep], vm[keep], used = _direct_eval(system, els, dm, liquid, both[keep], tk)
            half = n * nq
            out["lf_e"][:, :, it] = lf[:half].reshape(n, nq)
            out["lf_d"][:, :, it] = lf[half:].reshape(n, nq)
            out["vm_e"][:, :, it] = vm[:half].reshape(n, nq)
            out["vm_d"][:, :, it] = vm[half:].reshape(n, nq)

    def stack(attr):
        return np.stack([getattr(b, attr) for b in books], axis=-1)

    emptied = stack("emptied")
    lf_d = np.where(emptied, 0.0, out["lf_d"])
    return SwingStates(
        liquid_fraction_start=lf_s,
        liquid_fraction_enriched=out["lf_e"],
        liquid_fraction_depleted=lf_d,
        molar_volume_start_m3_mol=vm_s,
        molar_volume_enriched_m3_mol=out["vm_e"],
        molar_volume_depleted_m3_mol=np.where(emptied, 0.0, out["vm_d"]),
        amount_mol=n0_all,
        x_ion_enriched=stack("x_enriched"),
        x_ion_depleted=stack("x_depleted"),
        ion_mol_enriched=stack("ion_mol_enriched"),
        total_mol_enriched=stack("total_mol_enriched"),
        ion_mol_depleted=stack("ion_mol_depleted"),
        total_mol_depleted=stack("total_mol_depleted"),
        exhausted=stack("exhausted"),
        emptied=emptied,
        area_m2=area,
        engine=used,
        liquid=tuple(liquid),
    )
