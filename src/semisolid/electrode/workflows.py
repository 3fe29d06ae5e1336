"""Electrode-design workflows: an alloy electrode's swing from its geometry
(``semisolid design``), a design map written to a file with its window printed
(``semisolid design-map``), and the inverse design (``semisolid design-window``).

Examples
--------
>>> r = design_electrode({"K": 0.95, "Na": 0.05}, 3 * 36000, volume_m3=10e-9,
...                      diameter_m=7.14e-3)
>>> r.to_dict()["start"]["composition"], r.swing.working_ion
({'K': 0.95, 'Na': 0.05}, 'K')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from semisolid.electrode.electrode import DensityModel, Electrode, disc_area_m2
from semisolid.electrode.swing import SwingResult, composition_swing
from semisolid.electrode.system import AlloySystem
from semisolid.errors import InputError

__all__ = [
    "DesignMapFiles",
    "ElectrodeDesign",
    "design_electrode",
    "find_design_window",
    "map_output_checks",
    "write_design_map",
    "write_map_files",
]

_ENDS = ("start", "enriched", "depleted")


def _sig(x: float) -> float:
    return float(f"{x:.12g}")


@dataclass
class ElectrodeDesign:
    """The swing of a designed electrode over one half cycle, with 95 % intervals on its
    liquid fractions where the database has an uncertainty ensemble.

    Attributes
    ----------
    swing : SwingResult
    uncertainty : SwingUncertainty or None
        The ensemble's intervals (None: the database has no ensemble, or the electrode is not
        a binary of Li, Na and K; `uncertainty_note` says which).
    uncertainty_note : str

    Examples
    --------
    >>> list(ElectrodeDesign.__dataclass_fields__)
    ['swing', 'uncertainty', 'uncertainty_note']
    """

    swing: SwingResult
    uncertainty: Any = None
    uncertainty_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """:meth:`SwingResult.to_dict` with compositions to 12 significant digits (0.95, not
        0.9500000000000001 from the mole bookkeeping), and, with an ensemble, ``_low`` and
        ``_high`` (95 %) companions of every liquid and solid fraction (mole and volume), the
        temperature sensitivity ``dliquid_fraction_dT_per_K`` (with its own interval), and an
        ``uncertainty`` block that says how they were made."""
        d = self.swing.to_dict()
        for key in _ENDS:
            if key in d:
                d[key]["composition"] = {k: _sig(v) for k, v in d[key]["composition"].items()}
        if self.uncertainty is None:
            d["uncertainty"] = {"available": False, "reason": self.uncertainty_note}
            return d
        for key, end in self.uncertainty.ends.items():
            if key in d:
                d[key].update(_interval_keys(d[key], end))
        d["uncertainty"] = {"available": True, **self.uncertainty.to_dict()["uncertainty"],
                            "volume_fractions": _VOLUME_NOTE}
        return d

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """One row per end state."""
        d = self.to_dict()

        def interval(e: dict) -> str:
            if "liquid_fraction_low" not in e:
                return "-"
            return f"{100 * e['liquid_fraction_low']:.1f} - {100 * e['liquid_fraction_high']:.1f}"

        rows = [[k, ",".join(f"{el}={x:.4f}" for el, x in d[k]["composition"].items()),
                 ",".join(f"{el}={100 * x:.2f}" for el, x in d[k]["composition_wt"].items()),
                 100 * d[k]["liquid_fraction"], interval(d[k]),
                 100 * d[k]["liquid_volume_fraction"],
                 "+".join(p["name"] for p in d[k]["phases"]), d[k]["thickness_um"],
                 d[k]["thickness_change_um"], d[k]["status"]] for k in _ENDS if k in d]
        c = d["conditions"]
        return [(f"{c['cell']} cell, {c['areal_capacity_mAh_cm2']:.4g} mAh/cm2, "
                 f"{c['temperature_K']:.2f} K, working ion {c['working_ion']} "
                 f"(z={c['charge']}), {c.get('database', '')}",
                 ["end", "composition (mol)", "composition (wt%)", "liquid mol%",
                  "95 % interval", "liquid vol%", "phases", "thickness (um)",
                  "thickness change (um)", "status"], rows)]

    def lines(self) -> list[str]:
        """The capacity the electrode holds, the engine, the sources of the numbers and the
        temperature sensitivity."""
        d = self.to_dict()
        c = d["conditions"]
        out = [f"the electrode holds {c['available_areal_capacity_mAh_cm2']:.4g} mAh/cm2 of "
               f"{c['working_ion']}; liquid volumes at "
               f"{'liquid' if c['liquid_basis'] == 'liquid' else 'solid'} densities; "
               f"engine {c['engine']}",
               f"sources: {', '.join(d['sources'])}"]
        u = d["uncertainty"]
        if not u["available"]:
            return [*out, f"no interval: {u['reason']}"]
        sens = ", ".join(f"{k} {100 * d[k]['dliquid_fraction_dT_per_K']:+.2f} mol%/K"
                         for k in _ENDS if "dliquid_fraction_dT_per_K" in d.get(k, {}))
        return [*out, f"intervals: {100 * u['confidence']:.0f} % of {u['members']} ensemble "
                      f"members of the assessment; liquid fraction per K: {sens}"]


_VOLUME_NOTE = ("the ensemble gives mole fractions; volume fractions are converted with the "
                "molar volumes of the central design's liquid and solid")


def _interval_keys(end: dict[str, Any], unc: Any) -> dict[str, float]:
    """``_low``/``_high`` companions of one end's fractions from its ensemble interval."""
    lf = unc.liquid_fraction
    lo, hi = float(lf.low), float(lf.high)
    f, fv = end["liquid_fraction"], end["liquid_volume_fraction"]
    out = {"liquid_fraction_low": lo, "liquid_fraction_high": hi,
           "solid_fraction_low": 1.0 - hi, "solid_fraction_high": 1.0 - lo}
    if 0.0 < f < 1.0 and 0.0 < fv < 1.0:
        r = fv * (1.0 - f) / (f * (1.0 - fv))  # molar volume of the liquid / the solid

        def vol(x: float) -> float:
            return r * x / (r * x + 1.0 - x)
    else:  # one phase kind at the centre: the fractions are the same on both bases

        def vol(x: float) -> float:
            return x
    out |= {"liquid_volume_fraction_low": vol(lo), "liquid_volume_fraction_high": vol(hi),
            "solid_volume_fraction_low": 1.0 - vol(hi), "solid_volume_fraction_high": 1.0 - vol(lo)}
    out |= {k: float(v) for k, v in unc.dliquid_fraction_dT_per_K.to_dict(
        "dliquid_fraction_dT_per_K").items()}
    return out


def _swing_uncertainty(e: Electrode, q: float, ion: str, cell: str, direction: str,
                       db_path: str | None) -> tuple[Any, str]:
    """The ensemble's intervals for a design, or None and the reason there are none."""
    from semisolid.electrode.uncertainty import ensemble_covers, swing_uncertainty
    from semisolid.thermo.assessment import ensemble_for_database

    if ensemble_for_database(db_path) is None:
        return None, f"the database {db_path} has no uncertainty ensemble"
    if not ensemble_covers(dict(e.moles) | {ion: 1.0}):
        return None, "the ensemble covers binary Li, Na and K electrodes only"
    return swing_uncertainty(e, q, ion, cell, direction, db_path=db_path), ""


def design_electrode(
    composition: Mapping[str, float],
    areal_capacity_C_m2: float,
    *,
    volume_m3: float | None = None,
    thickness_m: float | None = None,
    area_m2: float | None = None,
    diameter_m: float | None = None,
    temperature_K: float = 295.15,
    cell: str = "symmetric",
    direction: str = "plate",
    working_ion: str | None = None,
    engine: str = "auto",
    db_path: str | None = None,
    charge: float | None = None,
    liquid_phases=None,
    density_kg_m3: Mapping[str, float] | None = None,
    liquid_basis: str = "liquid",
    uncertainty: bool = True,
) -> ElectrodeDesign:
    """Composition swing of an alloy electrode given by its volume or thickness and its area
    or collector diameter, in any alloy system of a TDB database.

    Parameters
    ----------
    composition : mapping
        Mole fractions, e.g. ``{"K": 0.95, "Na": 0.05}``.
    areal_capacity_C_m2 : float
        Charge per area per half cycle [C/m2].
    volume_m3, thickness_m : float
        Exactly one: the electrode's volume or thickness.
    area_m2, diameter_m : float
        Exactly one: the area or the diameter of the disc.
    temperature_K : float
    cell, direction, engine : str
        As in :func:`~semisolid.electrode.swing.composition_swing`.
    working_ion : str, optional
        The element that moves (default: the alloy's majority element). It must be in the
        alloy unless a half cell plates it.
    db_path, liquid_phases
        The TDB file (default: the shipped Li-Na-K database) and its liquid phases (default:
        from the file), as in :class:`~semisolid.electrode.system.AlloySystem`.
    charge : int, optional
        The working ion's charge (default: its usual one).
    density_kg_m3 : mapping, optional
        Density overrides, ``{"Li": 534.0}`` (solid) or ``{"K(liquid)": 828.0}``.
    liquid_basis : {"liquid", "solid"}
        Molar volume of liquid phases (see :class:`~semisolid.electrode.electrode.DensityModel`).
    uncertainty : bool
        Add 95 % intervals from the database's uncertainty ensemble where it has one (the
        shipped Li-Na-K database, binary electrodes; about 0.3 s); the result says why when
        there is none.

    Returns
    -------
    ElectrodeDesign

    Examples
    --------
    >>> design_electrode({"K": 0.95, "Na": 0.05}, 108000.0, volume_m3=1e-8,
    ...                  diameter_m=7.14e-3, working_ion="Li")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: working_ion: Li is not in the alloy (K, Na): ...
    """
    from semisolid.materials.elements import canonical_element

    if (volume_m3 is None) == (thickness_m is None):
        raise InputError("give exactly one of the volume and the thickness", "volume_m3")
    system = AlloySystem(db_path, liquid_phases, None, engine)
    dm = DensityModel(density_override_kg_m3=density_kg_m3 or {}, liquid_basis=liquid_basis)
    from semisolid.electrode.electrode import check_composition

    system.check_elements(check_composition(composition, "metal"), "metal")
    ion = working_ion or max(composition, key=lambda k: composition[k])
    ion = canonical_element(ion, "working_ion")
    system.check_elements([ion], "working_ion")
    geometry = {"area_m2": area_m2, "diameter_m": diameter_m, "temperature_K": temperature_K,
                "density": dm, "system": system}
    comp = check_composition(composition, "metal")
    if ion not in comp and (cell != "half" or direction != "plate"):
        raise InputError(f"{ion} is not in the alloy ({', '.join(sorted(comp))}): "
                         "only a half cell can plate it (direction 'plate')", "working_ion")
    e = (Electrode.from_volume(comp, volume_m3, **geometry) if volume_m3 is not None
         else Electrode.from_thickness(comp, thickness_m, **geometry))
    swing = composition_swing(e, areal_capacity_C_m2, ion, cell=cell, direction=direction,
                              charge=charge, system=system)
    if not uncertainty:
        return ElectrodeDesign(swing, None, "not asked for")
    if swing.charge != 1:
        return ElectrodeDesign(swing, None, "the ensemble's bookkeeping is for charge 1")
    unc, note = _swing_uncertainty(e, areal_capacity_C_m2, ion, cell, direction, db_path)
    return ElectrodeDesign(swing, unc, note)


@dataclass
class DesignMapFiles:
    """A design map written to a file (and optionally drawn to a PNG)."""

    path: Path
    png_path: Path | None
    n_states: int
    semi_solid_fraction: float
    dims: dict[str, int]
    windows: list[dict] = field(default_factory=list)
    working_ion: str = ""
    attrs: dict = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """``{"output", "png", "n_states", "semi_solid_fraction_of_grid", "dims",
        "windows", "conditions"}``."""
        return {"output": str(self.path), "png": None if self.png_path is None
                else str(self.png_path), "n_states": self.n_states,
                "semi_solid_fraction_of_grid": self.semi_solid_fraction, "dims": self.dims,
                "windows": self.windows, "conditions": self.attrs}

    def tables(self) -> list:
        """The answer: the window of starting compositions per temperature and capacity."""
        ion = self.working_ion
        tern = any("shares" in w for w in self.windows)
        rows = []
        for w in self.windows:
            text = ", ".join(f"{a:.4g}-{b:.4g}" for a, b in w["windows"]) or "none"
            row = [w["temperature_K"] - 273.15, w["temperature_K"],
                   w["areal_capacity_mAh_cm2"], text]
            if "windows_interval" in w:
                row.append(", ".join(f"{a:.4g}-{b:.4g}" for a, b in w["windows_interval"])
                           or "none")
            if tern:
                row += ["-".join(f"{v:.3g}" for v in w["shares"]) or "-", w["n_compositions"]]
            rows.append(row)
        cols = ["T (C)", "T (K)", "areal capacity (mAh/cm2)",
                f"x_{ion} semi-solid at both ends"]
        if any("windows_interval" in w for w in self.windows):
            cols.append("over the 95 % interval")
        cols += ["share range", "grid points"] if tern else []
        return [(f"semi-solid window ({self.attrs.get('database', '')}, working ion {ion}, "
                 f"{self.attrs.get('volume_m3', 0) * 1e9:.4g} uL on "
                 f"{self.attrs.get('area_m2', 0) * 1e4:.4g} cm2; grid resolution)", cols, rows)]

    def lines(self) -> list[str]:
        """What was written."""
        extra = f" and {self.png_path}" if self.png_path else ""
        return [f"wrote {self.path} ({self.n_states} end states; semi-solid window covers "
                f"{100 * self.semi_solid_fraction:.1f}% of the grid){extra}"]


def write_design_map(
    path: str | Path,
    elements: Sequence[str],
    working_ion: str,
    x_working: Sequence[float],
    areal_capacity_C_m2: Sequence[float],
    temperature_K: Sequence[float],
    *,
    volume_m3: float | None = None,
    thickness_m: float | None = None,
    area_m2: float | None = None,
    diameter_m: float | None = None,
    engine: str = "auto",
    png_path: str | Path | None = None,
    db_path: str | None = None,
    charge: float | None = None,
    liquid_phases=None,
    density_kg_m3: Mapping[str, float] | None = None,
    share: Sequence[float] | None = None,
    uncertainty: bool = False,
) -> DesignMapFiles:
    """Compute a design map (:func:`~semisolid.electrode.maps.design_map`) and write it,
    atomically, as NetCDF (``.nc``) or CSV (``.csv``); with `png_path`, draw it too.

    Parameters
    ----------
    path : path
        ``.nc`` or ``.csv``.
    elements, working_ion, x_working, areal_capacity_C_m2, temperature_K, engine, db_path,
    charge, liquid_phases, share
        As in :func:`~semisolid.electrode.maps.design_map`.
    density_kg_m3 : mapping, optional
        Density overrides (see :class:`~semisolid.electrode.electrode.DensityModel`).
    volume_m3, thickness_m : float
        Exactly one.
    area_m2, diameter_m : float
        Exactly one.
    png_path : path, optional
        A ``.png`` file.
    uncertainty : bool
        Add the 95 % intervals of the liquid fractions and the window that holds over them
        (:func:`~semisolid.electrode.maps.add_intervals`; binary Li/Na/K maps on the shipped
        database; a few ms per grid point).

    Examples
    --------
    >>> import os, tempfile
    >>> out = os.path.join(tempfile.mkdtemp(), "map.csv")
    >>> r = write_design_map(out, ["K", "Na"], "K", [0.9, 0.95], [108000.0], [295.15],
    ...                      volume_m3=10e-9, diameter_m=7.14e-3, engine="pycalphad")
    >>> r.n_states, r.dims
    (4, {'x_K': 2, 'areal_capacity_mAh_cm2': 1, 'temperature_K': 1})
    """
    from semisolid.electrode.maps import add_intervals, design_map

    path, area = map_output_checks(path, png_path, area_m2, diameter_m)
    ds = design_map(elements, working_ion, x_working, areal_capacity_C_m2, temperature_K,
                    volume_m3=volume_m3, thickness_m=thickness_m, area_m2=area, engine=engine,
                    db_path=db_path, charge=charge, liquid_phases=liquid_phases, share=share,
                    density=DensityModel(density_override_kg_m3=density_kg_m3 or {}))
    if uncertainty:
        ds = add_intervals(ds, db_path=db_path)
    return write_map_files(ds, path, png_path)


def map_output_checks(path: str | Path, png_path: str | Path | None, area_m2: float | None,
                      diameter_m: float | None) -> tuple[Path, float]:
    """The checks a design-map writer runs before computing: the output paths (suffix, never
    a device or folder) and exactly one of the area and the diameter; returns the path and
    the area [m2].

    Examples
    --------
    >>> map_output_checks("map.txt", None, 1e-4, None)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: path: 'map.txt' must end in .nc or .csv
    """
    from semisolid._util import check_output_path

    path = check_output_path(path)  # before computing: a device or folder is refused now
    if png_path is not None:
        check_output_path(png_path, field="png_path")
    if path.suffix.lower() not in (".nc", ".csv"):
        raise InputError(f"{str(path)!r} must end in .nc or .csv", "path")
    if png_path is not None and Path(png_path).suffix.lower() != ".png":
        raise InputError(f"{str(png_path)!r} must end in .png", "png_path")
    if (area_m2 is None) == (diameter_m is None):
        raise InputError("give exactly one of the area and the diameter", "area_m2")
    return path, area_m2 if area_m2 is not None else disc_area_m2(diameter_m)


def write_map_files(ds: Any, path: Path, png_path: str | Path | None) -> DesignMapFiles:
    """Write a design map atomically as NetCDF or CSV (status names, not codes), draw it
    with `png_path`, and describe what was written.

    Examples
    --------
    >>> import os, tempfile
    >>> from semisolid.electrode.maps import capacity_map
    >>> ds = capacity_map(["K", "Na"], "K", [0.9, 0.95], [108000.0], 295.15,
    ...                   volume_m3=10e-9, area_m2=0.4004e-4)
    >>> write_map_files(ds, Path(tempfile.mkdtemp()) / "m.csv", None).n_states
    4
    """
    from semisolid._util import atomic_output
    from semisolid.electrode.maps import status_names, window_rows

    out = status_names(ds)
    with atomic_output(path) as tmp:
        if path.suffix.lower() == ".nc":
            out.to_netcdf(tmp, engine="scipy")
        else:
            out.to_dataframe().to_csv(tmp)
    if png_path is not None:
        from semisolid.plots import save_figure
        from semisolid.plots.design import plot_design_map

        save_figure(plot_design_map(ds), png_path)
    return DesignMapFiles(path, None if png_path is None else Path(png_path),
                          int(ds.semi_solid.size) * 2, float(ds.semi_solid.mean()),
                          {k: int(v) for k, v in ds.sizes.items()}, window_rows(ds),
                          ds.attrs["working_ion"], dict(ds.attrs))


def find_design_window(
    elements: Sequence[str],
    working_ion: str,
    areal_capacity_C_m2: Sequence[float],
    temperature_K: Sequence[float],
    *,
    volume_m3: float | None = None,
    thickness_m: float | None = None,
    area_m2: float | None = None,
    diameter_m: float | None = None,
    min_solid_fraction: float = 0.0,
    min_liquid_fraction: float = 0.0,
    composition: Mapping[str, float] | None = None,
    db_path: str | None = None,
    charge: float | None = None,
    liquid_phases=None,
    density_kg_m3: Mapping[str, float] | None = None,
    engine: str = "auto",
    png_path: str | Path | None = None,
    uncertainty: bool = True,
):
    """:func:`~semisolid.electrode.window.design_window` (``semisolid design-window``), and
    with `png_path` its drawing (intervals, or the ternary polygon on ternary axes).

    With `uncertainty` (the default) and a database that has an uncertainty ensemble (the
    shipped Li-Na-K database) and a binary of Li, Na and K, every edge of the window gets
    its 95 % interval over the ensemble's members, and a chosen composition the fraction of
    members for which it works (``uncertainty`` in the JSON; ``available: false`` with the
    reason otherwise).

    Examples
    --------
    >>> w = find_design_window(["K", "Na"], "K", [108000.0], [295.15], volume_m3=10e-9,
    ...                        diameter_m=7.14e-3, uncertainty=False)
    >>> w.to_dict()["windows"][-1]["x_high"] > 0.95
    True
    """
    from semisolid._util import check_output_path
    from semisolid.electrode.window import design_window

    if png_path is not None:  # before computing: a device, FIFO or folder is refused now
        check_output_path(png_path, field="png_path")
    if png_path is not None and Path(png_path).suffix.lower() != ".png":
        raise InputError(f"{str(png_path)!r} must end in .png", "png_path")
    ens, reason = (_window_ensemble(elements, db_path, liquid_phases) if uncertainty
                   else (None, "not asked for"))
    w = design_window(elements, working_ion, areal_capacity_C_m2, temperature_K,
                      volume_m3=volume_m3, thickness_m=thickness_m, area_m2=area_m2,
                      diameter_m=diameter_m, min_solid_fraction=min_solid_fraction,
                      min_liquid_fraction=min_liquid_fraction, composition=composition,
                      db_path=db_path, charge=charge, liquid_phases=liquid_phases,
                      density_kg_m3=density_kg_m3, engine=engine, ensemble=ens)
    if ens is None:
        w.uncertainty = {"available": False, "reason": reason}
    if png_path is not None:
        from semisolid.plots import save_figure
        from semisolid.plots.design import plot_design_window

        save_figure(plot_design_window(w), png_path)
        w.notes.append(f"drawn to {png_path}")
    return w


def _window_ensemble(elements: Sequence[str], db_path: str | None, liquid_phases):
    """The assessment's ensemble for a design window, or None and the reason."""
    from semisolid.electrode.uncertainty import ensemble_covers
    from semisolid.thermo.assessment import ensemble_for_database

    ens = ensemble_for_database(db_path)
    if ens is None:
        return None, f"the database {db_path} has no uncertainty ensemble"
    if len(elements) != 2 or not ensemble_covers({el: 1.0 for el in elements}):
        return None, "the ensemble covers binary Li, Na and K alloys only"
    liq = [liquid_phases] if isinstance(liquid_phases, str) else liquid_phases
    if liq is not None and [str(p).upper() for p in liq] != ["LIQUID"]:
        return None, "the ensemble knows the liquid phase LIQUID only"
    return ens, ""
