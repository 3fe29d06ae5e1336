"""Semi-solid design maps of a binary or ternary alloy electrode, for any database.

For a grid of compositions (mole fraction of the working ion, and for a ternary the ratio of
the two other elements), areal capacities and temperatures: the liquid fraction and the
thickness at the start and at both ends of a symmetric-cell half cycle, the end statuses,
and the *semi-solid window*: liquid and solid present at both ends.

The fast path for binaries places every end composition on the tie lines of one engine
sweep per temperature (:func:`semisolid.electrode.equilibria.binary_lever_table`);
``method="direct"`` solves every state with the engine instead (the reference, used in tests
and benchmarks, and the path of ternary maps). :func:`window_rows` reads the window off a
map: the answer a researcher asks for.

Examples
--------
>>> import numpy as np
>>> ds = design_map(["K", "Na"], "K", np.array([0.95, 0.90]), np.array([3 * 36000.0]),
...                 np.array([295.15]), volume_m3=10e-9, area_m2=0.4004e-4, engine="pycalphad")
>>> ds.liquid_fraction_enriched.sizes["x_K"]
2
>>> bool(ds.semi_solid.all())
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from semisolid.constants import FARADAY_C_PER_MOL, MAH_PER_CM2_IN_C_PER_M2
from semisolid.electrode.electrode import DensityModel
from semisolid.electrode.swing import STATUS_CODES, STATUSES, check_thickness, status_codes
from semisolid.electrode.system import AlloySystem, as_system, resolve_charge
from semisolid.errors import InputError
from semisolid.materials.elements import canonical_element
from semisolid.units import require_positive

__all__ = [
    "STATUS_CODES",
    "add_intervals",
    "capacity_map",
    "design_map",
    "status_names",
    "temperature_map",
    "window_rows",
]

# STATUS_CODES (from semisolid.electrode.swing): integer codes of the status variables
# (CF ``flag_values`` / ``flag_meanings``).


def _as_1d(values, field: str, positive: bool = True) -> np.ndarray:
    if positive:
        a = np.atleast_1d(require_positive(values, field, array=True))
    else:
        try:
            a = np.atleast_1d(np.asarray(values, dtype=float))
        except (TypeError, ValueError):
            raise InputError(f"expected a non-empty 1-D sequence of numbers, got {values!r}",
                             field) from None
        if not np.all(np.isfinite(a)):
            raise InputError("contains a non-finite value", field)
    if a.ndim != 1 or a.size == 0:
        raise InputError("expected a non-empty 1-D sequence of numbers", field)
    return a


def _grid_compositions(els, ion, xw, share):
    """Start compositions (rows in the order of `els`) for the map's composition axes."""
    j = els.index(ion)
    others = [e for e in els if e != ion]
    if len(els) == 2:
        x = np.zeros((xw.size, 2))
        x[:, j] = xw
        x[:, els.index(others[0])] = 1 - xw
        return x, others
    xs, ss = np.meshgrid(xw, share, indexing="ij")
    x = np.zeros((xs.size, 3))
    x[:, j] = xs.ravel()
    x[:, els.index(others[0])] = (1 - xs.ravel()) * ss.ravel()
    x[:, els.index(others[1])] = (1 - xs.ravel()) * (1 - ss.ravel())
    return x, others


def design_map(
    elements: Sequence[str],
    working_ion: str,
    x_working: Sequence[float],
    areal_capacity_C_m2: Sequence[float],
    temperature_K: Sequence[float],
    *,
    volume_m3: float | None = None,
    thickness_m: float | None = None,
    area_m2: float,
    method: str | None = None,
    n_grid: int = 41,
    engine: str = "auto",
    db_path: str | None = None,
    density: DensityModel | None = None,
    charge: float | None = None,
    liquid_phases=None,
    phases=None,
    system: AlloySystem | None = None,
    share: Sequence[float] | None = None,
):
    """Liquid fractions at the start and both ends of a symmetric-cell half cycle on a grid,
    for a binary or a ternary alloy of any database.

    Parameters
    ----------
    elements : sequence of two or three str
        The alloy's elements (of the database), e.g. ``["K", "Na"]`` or ``["K", "Na", "Li"]``.
    working_ion : str
        One of `elements`; the first composition axis is its mole fraction.
    x_working : sequence of float
        Starting mole fractions of the working ion, in [0, 1].
    areal_capacity_C_m2, temperature_K : sequence of float
        Grid axes (C/m2, K).
    volume_m3 or thickness_m : float
        Each starting electrode's volume or thickness at its temperature (one of the two).
    area_m2 : float
    method : {"lever", "direct"}, optional
        Tie-line placement (binary, fast; the default there) or one engine solve per state
        (the reference; the default for ternaries).
    n_grid : int
        Points of the composition sweep per temperature (lever method), spread over the
        range of compositions the map visits (plus a margin) and refined by bisection where
        neighbouring points do not join up.
    engine, db_path, liquid_phases, phases, system
        As in :class:`~semisolid.electrode.system.AlloySystem`; the attribute ``engine``
        records the engine that ran (``"semisolid"`` or ``"pycalphad"``).
    density : DensityModel, optional
    charge : int, optional
        Charge number of the working ion (default: its usual one).
    share : sequence of float, optional
        Ternary only: the second composition axis, ``x_b / (x_b + x_c)`` of the two other
        elements in the order given (default 0, 0.1, ..., 1). A half cycle moves only the
        working ion, so every end state keeps its start's share.

    Returns
    -------
    xarray.Dataset
        Dims ``(x_<ion>, [share_<b>,] areal_capacity_mAh_cm2, temperature_K)``. Variables
        ``liquid_fraction_{start,enriched,depleted}`` (mol), ``thickness_um_{start,enriched,
        depleted}``, ``x_<ion>_{enriched,depleted}``, ``status_{start,enriched,depleted}``
        (codes, see :data:`STATUS_CODES`; files get the names) and ``semi_solid`` (liquid and
        solid at both ends).

    Warns
    -----
    UserWarning
        An implausible electrode thickness; half cycles that exhaust the electrode (with the
        capacity it holds); no liquid anywhere on the map.

    Examples
    --------
    >>> ds = design_map(["K", "Na"], "K", [0.95], [36000.0], [295.15], thickness_m=250e-6,
    ...                 area_m2=0.4e-4, engine="pycalphad")
    >>> ds.attrs["density_rule"][:23]
    'linear rule of mixtures'
    """
    import xarray as xr

    from semisolid.electrode.states import swing_states

    sysm = as_system(system, db_path=db_path, liquid_phases=liquid_phases, phases=phases,
                     engine=engine)
    if len(elements) not in (2, 3):
        raise InputError("design maps need a binary or a ternary (two or three elements)",
                         "elements")
    els = sysm.check_elements(elements, "elements")
    ion = canonical_element(working_ion, "working_ion")
    if ion not in els:
        raise InputError(f"{working_ion!r} is not one of {els}", "working_ion")
    z = resolve_charge(ion, charge)
    xw = _as_1d(x_working, "composition", positive=False)
    if np.any((xw < 0) | (xw > 1)):
        raise InputError("mole fractions must be in [0, 1]", "composition")
    q = _as_1d(areal_capacity_C_m2, "areal_capacity")
    temps = _as_1d(temperature_K, "temperature")
    from semisolid._util import check_allocation  # about 1 kB per state, written as CSV

    sizes = {"composition": xw.size, "areal_capacity": q.size, "temperature": temps.size}
    check_allocation(xw.size * q.size * temps.size, 1024, "design-map states ("
                     f"{xw.size} x {q.size} x {temps.size})", max(sizes, key=sizes.__getitem__))
    area = require_positive(area_m2, "area")
    if (volume_m3 is None) == (thickness_m is None):
        raise InputError("give exactly one of volume and thickness", "volume")
    vol = require_positive(volume_m3, "volume") if volume_m3 is not None else \
        require_positive(thickness_m, "thickness") * area
    ternary = len(els) == 3
    method = method or ("direct" if ternary else "lever")
    if method not in ("lever", "direct"):
        raise InputError(f"method {method!r} is not 'lever' or 'direct'", "method")
    if ternary and method == "lever":
        raise InputError("ternary maps are solved directly; use method='direct'", "method")
    if share is not None and not ternary:
        raise InputError("share is the second axis of a ternary map", "share")
    sh = _as_1d(share if share is not None else np.linspace(0.0, 1.0, 11), "share",
                positive=False) if ternary else None
    if sh is not None and np.any((sh < 0) | (sh > 1)):
        raise InputError("shares must be in [0, 1]", "share")
    dm = density or DensityModel()
    check_thickness(vol / area, "each electrode")

    x0, others = _grid_compositions(els, ion, xw, sh)
    st = swing_states(sysm, els, ion, x0, q, temps, volume_m3=vol, area_m2=area, density=dm,
                      charge=z, method=method, n_grid=n_grid)
    comp_shape = (xw.size,) if not ternary else (xw.size, sh.size)
    shape = (*comp_shape, q.size, temps.size)

    def grid(a):  # (n, nq, nt) -> map shape
        return np.asarray(a).reshape(shape)

    def grid_s(a):  # (n, nt) -> broadcast over q
        return np.broadcast_to(np.asarray(a).reshape(*comp_shape, 1, temps.size), shape)

    lf_s = grid_s(st.liquid_fraction_start)
    lf_e = grid(st.liquid_fraction_enriched)
    lf_d = grid(st.liquid_fraction_depleted)
    ex = grid(st.exhausted)
    st_s = status_codes(lf_s)
    st_e = status_codes(lf_e)
    st_d = status_codes(lf_d, ex)
    semi = (st_e == STATUS_CODES["semi-solid"]) & (st_d == STATUS_CODES["semi-solid"])
    _warn_map(ex, st, q, z, area, ion, lf_s, lf_e, lf_d, sysm, temps)

    xname = f"x_{ion}"
    dims: tuple[str, ...] = (xname,)
    coords: dict = {xname: xw}
    extra_coords = {}
    if ternary:
        sname = f"share_{others[0]}"
        dims += (sname,)
        coords[sname] = (sname, sh, {"long_name": f"x_{others[0]} / (x_{others[0]} + "
                                     f"x_{others[1]}) (mole ratio of the elements other than "
                                     "the working ion)"})
        xs, ss = np.meshgrid(xw, sh, indexing="ij")
        extra_coords = {f"x_{others[0]}": ((xname, sname), (1 - xs) * ss),
                        f"x_{others[1]}": ((xname, sname), (1 - xs) * (1 - ss))}
    dims += ("areal_capacity_mAh_cm2", "temperature_K")
    coords["areal_capacity_mAh_cm2"] = q / MAH_PER_CM2_IN_C_PER_M2
    coords["temperature_K"] = temps
    coords.update(extra_coords)
    flags = {"flag_values": list(STATUS_CODES.values()),
             "flag_meanings": " ".join(STATUS_CODES)}
    um = {"units": "um"}
    ds = xr.Dataset(
        {
            "liquid_fraction_start": (dims, np.array(lf_s), {"units": "mol/mol"}),
            "liquid_fraction_enriched": (dims, lf_e, {"units": "mol/mol"}),
            "liquid_fraction_depleted": (dims, lf_d, {"units": "mol/mol"}),
            "thickness_um_start": (dims, np.array(grid_s(st.thickness_m("start"))) * 1e6, um),
            "thickness_um_enriched": (dims, grid(st.thickness_m("enriched")) * 1e6, um),
            "thickness_um_depleted": (dims, grid(st.thickness_m("depleted")) * 1e6, um),
            f"{xname}_enriched": (dims, grid(st.x_ion_enriched)),
            f"{xname}_depleted": (dims, grid(st.x_ion_depleted)),
            "status_start": (dims, st_s, flags),
            "status_enriched": (dims, st_e, flags),
            "status_depleted": (dims, st_d, flags),
            "semi_solid": (dims, semi, {"long_name": "liquid and solid at both ends"}),
        },
        coords=coords,
        attrs={
            "elements": " ".join(els),
            "working_ion": ion,
            "charge": z,
            "cell": "symmetric",
            "area_m2": area,
            "volume_m3": vol,
            "method": method,
            "engine": st.engine,
            "database": sysm.name,
            "liquid_phases": " ".join(st.liquid),
            "liquid_basis": dm.liquid_basis,
            "density_rule": "linear rule of mixtures of pure-element densities (volume "
            "additive), liquid phases at " + ("the liquid densities at the melting point"
                                              if dm.liquid_basis == "liquid" else
                                              "the solid densities"),
            "sources": " ".join(sorted({s.key for s in dm.sources(els, liquid=True)})),
        },
    )
    return ds


def _warn_map(ex, st, q, z, area, ion, lf_s, lf_e, lf_d, sysm, temps) -> None:
    """The map's sanity warnings (exhaustion with the capacity held; no liquid at all)."""
    import warnings

    if ex.any():
        # moles of the ion the starting electrode holds: n_ion = n_ion_enr - n_tot_enr + n_tot
        ion_mol = np.asarray(st.ion_mol_enriched) - np.asarray(
            st.total_mol_enriched) + np.asarray(st.amount_mol)[:, None, :]
        cap = ion_mol * z * FARADAY_C_PER_MOL / area / MAH_PER_CM2_IN_C_PER_M2
        cap = cap.reshape(ex.shape)[ex]
        warnings.warn(f"{int(ex.sum())} of {ex.size} half cycles exhaust the electrode: it "
                      f"holds only {cap.min():.3g}-{cap.max():.3g} mAh/cm2 of {ion} there "
                      f"(z={z}); their depleted end is marked exhausted", UserWarning,
                      stacklevel=3)
    if max(float(np.max(lf_s)), float(np.max(lf_e)), float(np.max(lf_d))) <= 0.0:
        warnings.warn(f"no liquid forms anywhere on the map ({sysm.name}, "
                      f"{temps.min():g}-{temps.max():g} K): every end is solid", UserWarning,
                      stacklevel=3)


def capacity_map(elements, working_ion, x_working, areal_capacity_C_m2, temperature_K: float,
                 **kwargs):
    """Design map against (composition, areal capacity) at one temperature.

    Keyword arguments as in :func:`design_map`.

    Examples
    --------
    >>> ds = capacity_map(["K", "Na"], "K", [0.9, 0.95], [36000.0, 108000.0], 295.15,
    ...                   volume_m3=10e-9, area_m2=0.4004e-4, engine="pycalphad")
    >>> dict(ds.liquid_fraction_enriched.sizes)
    {'x_K': 2, 'areal_capacity_mAh_cm2': 2}
    """
    ds = design_map(elements, working_ion, x_working, areal_capacity_C_m2,
                    [float(temperature_K)], **kwargs)
    return ds.isel(temperature_K=0)


def temperature_map(elements, working_ion, x_working, temperature_K,
                    areal_capacity_C_m2: float, **kwargs):
    """Design map against (composition, temperature) at one areal capacity.

    Keyword arguments as in :func:`design_map`.

    Examples
    --------
    >>> ds = temperature_map(["K", "Na"], "K", [0.9, 0.95], [290.0, 300.0], 108000.0,
    ...                      volume_m3=10e-9, area_m2=0.4004e-4, engine="pycalphad")
    >>> dict(ds.semi_solid.sizes)
    {'x_K': 2, 'temperature_K': 2}
    """
    ds = design_map(elements, working_ion, x_working, [float(areal_capacity_C_m2)],
                    temperature_K, **kwargs)
    return ds.isel(areal_capacity_mAh_cm2=0)


def status_names(ds):
    """The map with its ``status_*`` variables as names (``"semi-solid"``, ...) instead of
    codes, and ``semi_solid`` as 0/1: the form written to CSV and NetCDF files.

    Examples
    --------
    >>> ds = capacity_map(["K", "Na"], "K", [0.95], [108000.0], 295.15, volume_m3=10e-9,
    ...                   area_m2=0.4004e-4)
    >>> str(status_names(ds).status_enriched.values[0, 0])
    'semi-solid'
    """
    names = np.array(STATUSES, dtype=object)
    out = ds.copy()
    for v in ("status_start", "status_enriched", "status_depleted"):
        if v in out:
            out[v] = (out[v].dims, names[out[v].values.astype(int)].astype(str),
                      {"long_name": f"status of the {v.split('_')[1]} state",
                       "values": " ".join(STATUSES)})
    out["semi_solid"] = out.semi_solid.astype("int8")
    return out


def _runs(x: np.ndarray, ok: np.ndarray) -> list[tuple[float, float]]:
    """Contiguous runs of True along a sorted axis, as (first, last) values."""
    runs, start = [], None
    for i, flag in enumerate(ok):
        if flag and start is None:
            start = i
        if (not flag or i == len(ok) - 1) and start is not None:
            end = i if flag else i - 1
            runs.append((float(x[start]), float(x[end])))
            start = None
    return runs


def add_intervals(ds, confidence: float = 0.95, db_path: str | None = None):
    """A binary Li/Na/K design map with the 95 % intervals of its liquid fractions from the
    assessment's uncertainty ensemble, and the window that holds over the whole interval.

    Adds ``liquid_fraction_{start,enriched,depleted}_low`` and ``_high`` (the central
    `confidence` range of the ensemble's members at each end composition) and
    ``semi_solid_interval``: semi-solid at both ends at the low and at the high bound (the
    compositions that stay semi-solid whatever member of the ensemble is right). Each end
    composition is one ensemble evaluation of about 200 members (a few ms per point).

    Parameters
    ----------
    ds : xarray.Dataset
        From :func:`design_map` (binary, on the shipped database).
    confidence : float
    db_path : str, optional
        The TDB the map was computed with (its ensemble; the shipped one has it).

    Returns
    -------
    xarray.Dataset
        A new dataset (the input is not modified).

    Raises
    ------
    InputError
        A ternary map, elements other than Li/Na/K, or a database without an ensemble.

    Examples
    --------
    >>> ds = capacity_map(["K", "Na"], "K", [0.9, 0.95], [108000.0], 295.15,
    ...                   volume_m3=10e-9, area_m2=0.4004e-4)
    >>> u = add_intervals(ds)
    >>> bool((u.liquid_fraction_enriched_low <= u.liquid_fraction_enriched_high).all())
    True
    """
    from semisolid.thermo.assessment import ensemble_for_database

    ion = ds.attrs["working_ion"]
    els = str(ds.attrs["elements"]).split()
    if len(els) != 2 or not set(els) <= {"Li", "Na", "K"}:
        raise InputError("intervals need a binary map of Li, Na and K (the ensemble covers "
                         f"those); this map is {'-'.join(els)}", "elements")
    ens = ensemble_for_database(db_path)
    if ens is None:
        raise InputError(f"the database {db_path} has no uncertainty ensemble", "db_path")
    if not 0.0 < confidence < 1.0:
        raise InputError(f"{confidence} is not within (0, 1)", "confidence")
    other = next(e for e in els if e != ion)
    xname = f"x_{ion}"
    added = [d for d in ("areal_capacity_mAh_cm2", "temperature_K")
             if d not in ds.liquid_fraction_start.dims]
    ds = ds.expand_dims({d: [float(ds[d])] for d in added}) if added else ds
    out = ds.copy()
    lo_q, hi_q = 50.0 * (1.0 - confidence), 50.0 * (1.0 + confidence)
    ends = {"start": ds[xname].broadcast_like(ds.liquid_fraction_start),
            "enriched": ds[f"{xname}_enriched"], "depleted": ds[f"{xname}_depleted"]}
    bounds = {}
    for end, x_ion in ends.items():
        x_ion = x_ion.transpose(*ds.liquid_fraction_start.dims)
        low = np.full(x_ion.shape, np.nan)
        high = np.full(x_ion.shape, np.nan)
        t_axis = x_ion.dims.index("temperature_K")
        for it, t in enumerate(ds.temperature_K.values):
            xi = np.take(x_ion.values, it, axis=t_axis)
            ok = np.isfinite(xi)
            if ok.any():
                f = ens.liquid_fraction((ion, other), 1.0 - xi[ok], float(t))[1:]
                lo_t = np.full(xi.shape, np.nan)
                hi_t = np.full(xi.shape, np.nan)
                lo_t[ok], hi_t[ok] = np.percentile(f, [lo_q, hi_q], axis=0)
                idx = [slice(None)] * x_ion.ndim
                idx[t_axis] = it
                low[tuple(idx)], high[tuple(idx)] = lo_t, hi_t
        bounds[end] = (low, high)
        attrs = {"units": "mol/mol", "confidence": confidence,
                 "source": "the assessment's uncertainty ensemble"}
        out[f"liquid_fraction_{end}_low"] = (x_ion.dims, low, attrs)
        out[f"liquid_fraction_{end}_high"] = (x_ion.dims, high, attrs)
    exhausted = out.status_depleted.values == STATUS_CODES["exhausted"]
    semi = STATUS_CODES["semi-solid"]
    robust = np.ones(exhausted.shape, dtype=bool)
    for end in ("enriched", "depleted"):
        for b in bounds[end]:
            robust &= status_codes(b, exhausted if end == "depleted" else False) == semi
    out["semi_solid_interval"] = (ds.semi_solid.dims, robust & ds.semi_solid.values,
                                  {"long_name": "liquid and solid at both ends over the "
                                   f"{100 * confidence:.0f} % interval"})
    return out.isel({d: 0 for d in added}) if added else out


def window_rows(ds) -> list[dict]:
    """The semi-solid window of a map for each temperature and areal capacity: the starting
    compositions that stay liquid + solid at both ends (grid points, so edges are within one
    grid step; :func:`semisolid.electrode.window.design_window` refines them).

    Returns
    -------
    list of dict
        ``temperature_K``, ``areal_capacity_mAh_cm2``, ``windows`` (list of
        ``[x_low, x_high]`` of the working ion; ternary: over all shares) and, for a
        ternary, ``n_compositions`` (grid points inside) and ``shares`` (range).

    Examples
    --------
    >>> ds = capacity_map(["K", "Na"], "K", [0.85, 0.9, 0.95, 0.99], [108000.0], 295.15,
    ...                   volume_m3=10e-9, area_m2=0.4004e-4)
    >>> window_rows(ds)[0]["windows"]
    [[0.9, 0.95]]
    """
    xname = next(d for d in ds.semi_solid.dims if d.startswith("x_"))
    sname = next((d for d in ds.semi_solid.dims if d.startswith("share_")), None)
    semi = ds.semi_solid
    for d in ("areal_capacity_mAh_cm2", "temperature_K"):
        if d not in semi.dims:
            semi = semi.expand_dims({d: [float(ds[d])]})
    rows = []
    x = ds[xname].values
    order = np.argsort(x)
    for t in semi.temperature_K.values:
        for qv in semi.areal_capacity_mAh_cm2.values:
            cell = semi.sel(temperature_K=t, areal_capacity_mAh_cm2=qv)
            row: dict = {"temperature_K": float(t), "areal_capacity_mAh_cm2": float(qv)}
            if sname is None:
                ok = cell.transpose(xname).values[order]
                row["windows"] = [list(r) for r in _runs(x[order], ok)]
                if "semi_solid_interval" in ds:
                    rob = ds.semi_solid_interval
                    for d in ("areal_capacity_mAh_cm2", "temperature_K"):
                        if d not in rob.dims:
                            rob = rob.expand_dims({d: [float(ds[d])]})
                    ok95 = rob.sel(temperature_K=t, areal_capacity_mAh_cm2=qv).transpose(
                        xname).values[order]
                    row["windows_interval"] = [list(r) for r in _runs(x[order], ok95)]
            else:
                ok = cell.transpose(xname, sname).values
                xs = x[ok.any(axis=1)]
                shs = ds[sname].values[ok.any(axis=0)]
                row["windows"] = [[float(xs.min()), float(xs.max())]] if xs.size else []
                row["shares"] = [float(shs.min()), float(shs.max())] if shs.size else []
                row["n_compositions"] = int(ok.sum())
            rows.append(row)
    return rows
