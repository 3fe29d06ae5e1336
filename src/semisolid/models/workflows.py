"""Model workflows: CCD predictions for the paper's electrodes (``semisolid model ccd``; the
creep-limited model by default) and a virtual cell run through its protocol to a trace file
(``semisolid simulate cell``).

Examples
--------
>>> [(r.electrode, r.regime, r.limited_by) for r in predict_ccd("K").results]
[('K', 'solid', 'creep')]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from semisolid.errors import InputError

__all__ = ["CCDPredictions", "VirtualCellRun", "predict_ccd", "run_virtual_cell"]

Table = tuple[str, list[str], list[list[Any]]]


@dataclass
class CCDPredictions:
    """Predictions per electrode, and the calibration when one was run."""

    results: list[Any]
    rheology: str = "creep"
    calibration: Any = None

    def to_dict(self) -> dict[str, Any]:
        """``{"results": [...], "calibration": {...}}`` (calibration only when run)."""
        out: dict[str, Any] = {"results": [r.to_dict() for r in self.results]}
        if self.calibration is not None:
            out["calibration"] = self.calibration.to_dict()
        return out

    def tables(self) -> list[Table]:
        """One row per electrode (mA/cm2, MPa); the creep model adds what limits the CCD."""
        rows = [[r.electrode, r.regime, r.liquid_fraction, r.mean_ccd_mA_cm2,
                 r.quantiles_mA_cm2["p05"], r.quantiles_mA_cm2["p95"], r.yield_stress_Pa / 1e6]
                for r in self.results]
        cols = ["electrode", "regime", "liquid fraction", "mean", "5%", "95%", "yield (MPa)"]
        if self.rheology == "creep":
            for row, r in zip(rows, self.results, strict=True):
                row.append(r.limited_by)
            cols.append("limited by")
            r0 = self.results[0]
            title = (f"Creep-limited CCD, mA/cm2 ({r0.temperature_K - 273.15:g} °C, "
                     f"{r0.stack_pressure_Pa / 1e6:g} MPa)")
        else:
            title = f"Flow-limited CCD ({self.rheology}), mA/cm2"
        return [(title, cols, rows)]

    def lines(self) -> list[str]:
        """The calibration, if run."""
        c = self.calibration
        return [] if c is None else [f"calibrated: {c.fitted} (max ratio {c.max_ratio:.3f})"]


def predict_ccd(
    electrode: str = "all",
    *,
    liquid_fraction: float | None = None,
    rheology: str = "creep",
    toughness_Pa_sqrt_m: float | None = None,
    calibrate: bool = False,
    temperature_K: float | None = None,
    stack_pressure_Pa: float | None = None,
) -> CCDPredictions:
    """CCD (mean and 5-95 % range over the flaw distribution) of one of the paper's electrodes
    or of all of them.

    Parameters
    ----------
    electrode : str
        ``Li``, ``Na``, ``K``, ``A``, ``B``, ``Li+NaK`` or ``all``.
    liquid_fraction : float, optional
        Override the liquid volume fraction, in [0, 1].
    rheology : {"creep", "viscous", "bingham"}
        ``creep`` (default): the creep-limited model with measured inputs
        (:mod:`semisolid.models.creep_ccd`), which takes a temperature and a stack pressure;
        ``viscous`` and ``bingham``: the calibrated flow model at the paper's conditions
        (:mod:`semisolid.models.flow_ccd`).
    toughness_Pa_sqrt_m : float, optional
        Override the electrolyte's fracture toughness.
    calibrate : bool
        Refit the model constants to the paper's means first (then the predictions are
        calibrated values, not independent ones).
    temperature_K, stack_pressure_Pa : float, optional
        Cell temperature and stack pressure (creep model only; default the paper's 22 °C and
        1.5 MPa).

    Examples
    --------
    >>> predict_ccd("B", liquid_fraction=1.5)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: liquid_fraction: liquid fraction 1.5 is outside [0, 1]
    >>> predict_ccd("K", rheology="viscous", temperature_K=313.15)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: temperature_K: temperature and stack pressure enter only ...
    """
    import semisolid.models.flow_ccd as flow_ccd

    params = {"viscous": flow_ccd.DEFAULT_PARAMETERS, "bingham": flow_ccd.BINGHAM_PARAMETERS}
    if rheology not in (*params, "creep"):
        raise InputError(f"unknown rheology {rheology!r}; expected creep, viscous or bingham",
                         "rheology")
    names = list(flow_ccd.ELECTRODE_PRESETS) if electrode.lower() == "all" else [electrode]
    if rheology == "creep":
        return _predict_creep(names, liquid_fraction, toughness_Pa_sqrt_m, calibrate,
                              temperature_K, stack_pressure_Pa)
    if temperature_K is not None or stack_pressure_Pa is not None:
        raise InputError("temperature and stack pressure enter only the creep model (rheology "
                         f"'creep'); the {rheology} model holds at the paper's conditions",
                         "temperature_K" if temperature_K is not None else "stack_pressure_Pa")
    specs = [flow_ccd.electrode_spec(n, liquid_fraction=liquid_fraction,
                                     toughness_Pa_sqrt_m=toughness_Pa_sqrt_m) for n in names]
    prm, cal = params[rheology], None
    if calibrate:
        cal = flow_ccd.calibrate(rheology=rheology, base=prm)
        prm = cal.parameters
    return CCDPredictions([flow_ccd.predict(s, prm) for s in specs], rheology, cal)


def _predict_creep(names: list[str], liquid_fraction: float | None,
                   toughness_Pa_sqrt_m: float | None, calibrate: bool,
                   temperature_K: float | None, stack_pressure_Pa: float | None
                   ) -> CCDPredictions:
    import semisolid.models.creep_ccd as creep_ccd
    import semisolid.models.validation as validation

    kw = {k: v for k, v in (("temperature_K", temperature_K),
                            ("stack_pressure_Pa", stack_pressure_Pa)) if v is not None}
    cond = creep_ccd.CellConditions(**kw)
    states = [creep_ccd.electrode_state(n, conditions=cond, liquid_fraction=liquid_fraction,
                                        toughness_Pa_sqrt_m=toughness_Pa_sqrt_m) for n in names]
    prm, cal = creep_ccd.DEFAULT_CREEP_PARAMETERS, None
    if calibrate:
        cal = validation.fit()
        prm = replace(cal.parameters, flaw_tail_exponent=prm.flaw_tail_exponent)
    return CCDPredictions([creep_ccd.predict(s, prm) for s in states], "creep", cal)


@dataclass
class VirtualCellRun:
    """A simulated cell's outcome and the files written."""

    data: Any
    files: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Preset, seed, failure, true CCD and onset, rows, spectra and files written."""
        e = self.data.metadata.extra
        keys = ("preset", "seed", "failure_mode", "true_ccd_mA_cm2",
                "onset_current_density_mA_cm2", "onset_half_cycle", "onset_step",
                "onset_time_s", "largest_flaw_depth_um")
        return {**{k: e[k] for k in keys}, "rows": len(self.data),
                "spectra": len(self.data.spectra), "files": [str(p) for p in self.files]}

    def tables(self) -> list[Table]:
        """The summary as a quantity/value table."""
        d = self.to_dict()
        return [(f"Virtual cell {d['preset']} (seed {d['seed']})", ["quantity", "value"],
                 [[k, ", ".join(v) if isinstance(v, list) else v] for k, v in d.items()])]


def run_virtual_cell(
    preset: str,
    *,
    seed: int = 0,
    out: str | Path | None = None,
    format: str | None = None,
    points_per_half_cycle: int | None = None,
    **changes: Any,
) -> VirtualCellRun:
    """Simulate one of the paper's cells through its CCD protocol and write its trace.

    Parameters
    ----------
    preset : str
        A cell of :data:`semisolid.models.virtual_cell.CELL_PRESETS`, e.g. ``"K/KBA/K"``.
    seed : int
        Non-negative seed of the flaw draw and noise.
    out : path, optional
        Trace file: ``.csv`` (plus ``<stem>_eis.csv`` for the spectra) or ``.mpt``.
    format : {"csv", "mpt"}, optional
        Overrides the suffix of `out`.
    points_per_half_cycle : int, optional
        Samples per half cycle of the protocol.
    **changes
        Other fields of :class:`~semisolid.models.virtual_cell.CellSpec` to change
        (``temperature_K``, ``stack_pressure_Pa``, ``interfacial_asr_Ohm_m2``, ``area_m2``,
        ``liquid_fraction``); None keeps the preset's value.

    Examples
    --------
    >>> run = run_virtual_cell("K/KBA/K", seed=1, points_per_half_cycle=20)
    >>> run.to_dict()["failure_mode"], run.files
    ('short', [])
    """
    import semisolid.models.virtual_cell as vc
    from semisolid._util import check_output_path

    if isinstance(seed, bool) or int(seed) != seed or seed < 0:
        raise InputError(f"{seed} must be a non-negative integer", "seed")
    kind = None
    if out is not None:  # before simulating: a device or folder is refused now
        out = check_output_path(out, field="out")
        kind = (format or Path(out).suffix.lstrip(".") or "csv").lower()
        if kind not in ("csv", "mpt"):
            what = f"format {format!r}" if format else f"suffix of {str(out)!r}"
            raise InputError(f"unknown {what}; expected csv or mpt",
                             "format" if format else "out")
    cell = vc.cell_preset(preset, seed=seed, **{k: v for k, v in changes.items()
                                                if v is not None})
    if points_per_half_cycle is not None:
        cell = replace(cell, protocol=replace(cell.protocol,
                                              points_per_half_cycle=points_per_half_cycle))
    data = vc.simulate_cell(cell)
    files = ([] if out is None else [vc.write_mpt(data, out)] if kind == "mpt"
             else vc.write_csv(data, out))
    return VirtualCellRun(data, [Path(p) for p in files])
