"""Semi-solid design maps of a binary alloy electrode.

For a grid of compositions (mole fraction of the working ion), areal capacities and
temperatures, the liquid fraction at the start and at both ends of a symmetric-cell half
cycle, the end statuses, and the *semi-solid window*: liquid and solid present at both ends.

The fast path places every end composition on the tie lines of one engine sweep per
temperature (:func:`semisolid.electrode.equilibria.binary_lever_table`); ``method="direct"``
solves every state with the engine instead (the reference, used in tests and benchmarks).

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
from semisolid.electrode.equilibria import binary_lever_tables, resolve_engine, solve_points
from semisolid.electrode.swing import STATUS_CODES, status_codes, swing_bookkeeping
from semisolid.errors import InputError
from semisolid.materials.metals import canonical_metal_name
from semisolid.units import require_positive

__all__ = ["STATUS_CODES", "capacity_map", "design_map", "temperature_map"]

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


def _liquid_fraction_direct(elements, xb, temperature_K, engine, db_path):
    flat = xb.ravel()
    x = np.column_stack([1 - flat, flat])
    pts = solve_points(elements, x, temperature_K, engine=engine, db_path=db_path)
    lf = np.array([sum(p.fraction for p in ps if p.name == "LIQUID") for ps in pts])
    return np.clip(lf, 0.0, 1.0).reshape(xb.shape)


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
    method: str = "lever",
    n_grid: int = 41,
    engine: str = "auto",
    db_path: str | None = None,
    density: DensityModel | None = None,
):
    """Liquid fractions at the start and both ends of a symmetric-cell half cycle on a grid.

    Parameters
    ----------
    elements : sequence of two str
        The binary, e.g. ``["K", "Na"]``.
    working_ion : str
        One of `elements`; the composition axis is its mole fraction.
    x_working : sequence of float
        Starting mole fractions of the working ion, in [0, 1].
    areal_capacity_C_m2, temperature_K : sequence of float
        Grid axes (C/m2, K).
    volume_m3 or thickness_m : float
        Starting amount of each electrode (one of the two).
    area_m2 : float
    method : {"lever", "direct"}
        Tie-line placement (fast) or one engine solve per state (reference).
    n_grid : int
        Points of the composition sweep per temperature (lever method), spread over the
        range of compositions the map visits (plus a margin) and refined by bisection where
        neighbouring points do not join up.
    engine, db_path
        As in :func:`semisolid.electrode.equilibria.solve_points`; the attribute ``engine``
        records the engine that ran (``"semisolid"`` or ``"pycalphad"``).
    density : DensityModel, optional

    Returns
    -------
    xarray.Dataset
        Dims ``(x_<ion>, areal_capacity_mAh_cm2, temperature_K)``. Variables
        ``liquid_fraction_{start,enriched,depleted}`` (mol), ``x_<ion>_{enriched,depleted}``,
        ``status_{start,enriched,depleted}`` (see :data:`STATUS_CODES`) and ``semi_solid``
        (liquid and solid at both ends).

    Examples
    --------
    >>> ds = design_map(["K", "Na"], "K", [0.95], [36000.0], [295.15], thickness_m=250e-6,
    ...                 area_m2=0.4e-4, engine="pycalphad")
    >>> ds.attrs["density_rule"][:23]
    'linear rule of mixtures'
    """
    import xarray as xr

    if len(elements) != 2:
        raise InputError("design maps need a binary (two elements)", "elements")
    els = [canonical_metal_name(e) for e in elements]
    ion = canonical_metal_name(working_ion)
    if ion not in els:
        raise InputError(f"{working_ion!r} is not one of {els}", "working_ion")
    other = els[1] if els[0] == ion else els[0]
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
    if method not in ("lever", "direct"):
        raise InputError(f"method {method!r} is not 'lever' or 'direct'", "method")
    dm = density or DensityModel()

    n0 = vol / dm.molar_volume_m3_mol({ion: xw, other: 1 - xw})  # (nx,), rule of mixtures
    dn = q * area / FARADAY_C_PER_MOL  # (nq,)
    book = swing_bookkeeping((n0 * xw)[:, None], n0[:, None], dn[None, :], cell="symmetric")
    x_enr, x_dep = book.x_enriched, book.x_depleted  # (nx, nq)
    # sweep coordinate: mole fraction of elements[1]
    to_b = (lambda xion: xion) if ion == els[1] else (lambda xion: 1 - xion)

    shape = (xw.size, q.size, temps.size)
    lf_s = np.zeros(shape)
    lf_e = np.zeros(shape)
    lf_d = np.zeros(shape)
    needed = np.concatenate([to_b(xw), to_b(x_enr).ravel(), to_b(x_dep).ravel()])
    pad = 0.02 * (needed.max() - needed.min()) + 1e-3
    x_range = (max(needed.min() - pad, 0.0), min(needed.max() + pad, 1.0))
    used = resolve_engine(engine, db_path)
    tables = (binary_lever_tables(els, temps, n_grid=n_grid, engine=used, db_path=db_path,
                                  x_range=x_range) if method == "lever" else None)
    for it, t in enumerate(temps):
        if tables is not None:
            table = tables[it]

            def solve(xb, table=table):
                return table.liquid_fraction(xb)[0]
        else:
            def solve(xb, t=t):
                return _liquid_fraction_direct(els, xb, float(t), used, db_path)
        lf_s[:, :, it] = solve(to_b(xw))[:, None]
        lf_e[:, :, it] = solve(to_b(x_enr))
        lf_d[:, :, it] = solve(to_b(x_dep))
    ex3 = np.broadcast_to(book.exhausted[:, :, None], shape)
    lf_d = np.where(np.broadcast_to(book.emptied[:, :, None], shape), 0.0, lf_d)
    st_s = status_codes(lf_s)
    st_e = status_codes(lf_e)
    st_d = status_codes(lf_d, ex3)
    semi = (st_e == STATUS_CODES["semi-solid"]) & (st_d == STATUS_CODES["semi-solid"])

    xname = f"x_{ion}"
    dims = (xname, "areal_capacity_mAh_cm2", "temperature_K")
    coords = {xname: xw, "areal_capacity_mAh_cm2": q / MAH_PER_CM2_IN_C_PER_M2,
              "temperature_K": temps}
    flags = {"flag_values": list(STATUS_CODES.values()),
             "flag_meanings": " ".join(STATUS_CODES)}
    ds = xr.Dataset(
        {
            "liquid_fraction_start": (dims, lf_s, {"units": "mol/mol"}),
            "liquid_fraction_enriched": (dims, lf_e, {"units": "mol/mol"}),
            "liquid_fraction_depleted": (dims, lf_d, {"units": "mol/mol"}),
            f"{xname}_enriched": (dims[:2], x_enr),
            f"{xname}_depleted": (dims[:2], x_dep),
            "status_start": (dims, st_s, flags),
            "status_enriched": (dims, st_e, flags),
            "status_depleted": (dims, st_d, flags),
            "semi_solid": (dims, semi, {"long_name": "liquid and solid at both ends"}),
        },
        coords=coords,
        attrs={
            "elements": " ".join(els),
            "working_ion": ion,
            "cell": "symmetric",
            "area_m2": area,
            "volume_m3": vol,
            "method": method,
            "engine": used,
            "density_rule": "linear rule of mixtures of pure solid densities (volume additive)",
            "sources": " ".join(sorted({s.key for s in dm.sources(els)})),
        },
    )
    return ds


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
