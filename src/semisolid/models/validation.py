"""Fits of the creep-limited CCD model and their validation out of sample.

The model (:mod:`semisolid.models.creep_ccd`) has few free constants: the flaw opening ``w``,
the stress exponent of the flow in a flaw (``mode="effective"``; ``mode="measured"`` keeps each
metal's bulk exponent), the void length ``λ``, the non-flow limit ``j_cap*`` and the skeleton
exponent ``p`` (physical value 1 when no datum fixes it). :func:`fit` fits those that the
chosen families identify (a pivoted QR of the sensitivity matrix at the start point) and
leaves the others where they start; :func:`validate` fits on some families and predicts the
others, repeating the fit over draws of the measured means within their uncertainty and of
the inputs (yield stresses within their SD, electrolyte toughness within the paper's 2-3
MPa m^0.5), so each out-of-sample error comes with an interval. A prediction that depends on a
constant the fit set does not identify (and that has no physical value) is reported as not
identifiable, never from a constant fitted on the datum it predicts.

The measured means (:data:`MEASURED_MEANS`): the paper reports Li 0.50, Li+NaK 1.21 and B 14
mA/cm² (no interval in the text: ±25 % is taken as their 95 % range, an assumption); Na, K and
A are derived from the paper's ratios (Na 4-5 × Li, K in 1.8-2.4, A ~4 × K below the A maximum
of 8), uniform over their bands.

Examples
--------
>>> MEASURED_MEANS["Na"].basis, MEASURED_MEANS["Na"].low_mA_cm2, MEASURED_MEANS["Na"].high_mA_cm2
('derived', 2.0, 2.5)
>>> sorted(CASES)[:3]
['A', 'B', 'K']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, ClassVar

import numpy as np

from semisolid.constants import MA_PER_CM2_IN_A_PER_M2, MAH_PER_CM2_IN_C_PER_M2
from semisolid.errors import InputError
from semisolid.models.creep_ccd import CellConditions, CreepCCDParameters, ElectrodeState

__all__ = [
    "CASES",
    "EFFECTIVE_PARAMETERS",
    "MEASURED_MEANS",
    "MEASURED_PARAMETERS",
    "SPLITS",
    "Case",
    "FitResult",
    "MeasuredCCD",
    "Prediction",
    "SpreadResult",
    "ValidationResult",
    "cells_per_family",
    "fit",
    "fit_spread",
    "validate",
    "validation_suite",
]

_MA_CM2 = MA_PER_CM2_IN_A_PER_M2
FREE_CONSTANTS = ("flaw_opening_m", "stress_exponent", "void_length_m", "ccd_cap_A_m2",
                  "skeleton_exponent")
"""The constants a fit may free, in the order they are tried."""
PHYSICAL_VALUES = {"skeleton_exponent": 1.0}
"""Constants with a physical value used when the fit set does not identify them (skeleton
strength proportional to contiguity times the solid fraction, German 1985)."""
_BOUNDS = {"stress_exponent": (0.5, 7.0), "skeleton_exponent": (0.05, 60.0),
           "void_length_m": (1e-10, 1e-4)}
"""Fit bounds: the effective exponent between near-linear and the largest measured bulk
exponent (Li, 6.6); the void length no shorter than an atomic distance (0.1 nm)."""


@dataclass(frozen=True)
class MeasuredCCD:
    """A measured mean CCD with its range.

    Attributes
    ----------
    label : str
    value_mA_cm2, low_mA_cm2, high_mA_cm2 : float
        Central value and 95 % range (paper values) or band (derived values).
    basis : {"paper", "derived", "literature"}
    note : str

    Examples
    --------
    >>> m = MeasuredCCD("x", 1.0, 0.8, 1.25, "paper")
    >>> 0.5 < m.draw(np.random.default_rng(0)) < 2.0
    True
    """

    label: str
    value_mA_cm2: float
    low_mA_cm2: float
    high_mA_cm2: float
    basis: str
    note: str = ""

    def draw(self, rng: np.random.Generator) -> float:
        """One draw: log-normal with the range as ±1.96 SD (paper, literature), uniform over
        the band (derived)."""
        if self.basis == "derived":
            return float(rng.uniform(self.low_mA_cm2, self.high_mA_cm2))
        sd = math.log(self.high_mA_cm2 / self.low_mA_cm2) / (2 * 1.96)
        return float(self.value_mA_cm2 * math.exp(rng.normal(0.0, sd)))

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


def _measured_means() -> dict[str, MeasuredCCD]:
    from semisolid.paper import number

    li = float(number("mean_ccd_Li").value)
    lo, hi = (float(x) for x in str(number("ratio_Na_Li").value).split("-"))
    a_max = float(number("max_ccd_A").value)
    rng_paper = 1.25       # assumption: ±25 % as the 95 % range of a reported mean

    def paper(key: str, label: str) -> MeasuredCCD:
        v = float(number(key).value)
        return MeasuredCCD(label, v, v / rng_paper, v * rng_paper, "paper",
                           f"paper ({key}); ±25 % taken as its 95 % range (assumption)")

    return {
        "Li": paper("mean_ccd_Li", "Li"),
        "Na": MeasuredCCD("Na", li * (lo + hi) / 2, li * lo, li * hi, "derived",
                          "4-5 × the Li mean (paper: 'the CCD is 4-5 times higher')"),
        "K": MeasuredCCD("K", 2.1, 1.8, 2.4, "derived",
                         "band 1.8-2.4 from the paper's ratios (4-5 × Li, B/K ~6, A/K ~4 "
                         "with the A maximum of 8)"),
        "A": MeasuredCCD("A", 7.0, 6.0, a_max, "derived",
                         "~4 × K, below the reported A maximum of 8 (N = 4)"),
        "B": paper("mean_ccd_B", "B"),
        "Li+NaK": paper("mean_ccd_LiNaK", "Li+NaK"),
    }


MEASURED_MEANS: dict[str, MeasuredCCD] = _measured_means()
"""Mean CCD per family [mA/cm²]: paper values and derived bands."""


@dataclass(frozen=True)
class Case:
    """A measured CCD and the cell it was measured in.

    Attributes
    ----------
    label : str
    electrode : str
    conditions : CellConditions
    measured : MeasuredCCD
    pressure_range_Pa : tuple of float or None
        Stack pressure range when the source gives one (drawn uniformly).
    """

    label: str
    electrode: str
    conditions: CellConditions
    measured: MeasuredCCD
    pressure_range_Pa: tuple[float, float] | None = None

    def conditions_draw(self, rng: np.random.Generator | None) -> CellConditions:
        """The conditions, with the stack pressure drawn over its range when there is one."""
        if self.pressure_range_Pa is None or rng is None:
            return self.conditions
        return replace(self.conditions, stack_pressure_Pa=float(rng.uniform(
            *self.pressure_range_Pa)))


def _literature_cases() -> dict[str, Case]:
    from semisolid.paper import number

    out = {}
    for key in ("lit_ccd_Na_0.5", "lit_ccd_Na_0.25"):
        n = number(key)
        c = n.conditions
        q = float(c["areal_capacity_mAh_cm2"]) * MAH_PER_CM2_IN_C_PER_M2
        if "stack_pressure_MPa" in c:
            p, rng = float(c["stack_pressure_MPa"]) * 1e6, None
        else:
            lo = float(c["stack_pressure_MPa_low"]) * 1e6
            hi = float(c["stack_pressure_MPa_high"]) * 1e6
            p, rng = 0.5 * (lo + hi), (lo, hi)
        v = float(n.value)
        label = f"Na {c['areal_capacity_mAh_cm2']:g} mAh/cm²"
        out[label] = Case(label, str(c["metal"]),
                          CellConditions(stack_pressure_Pa=p, areal_capacity_C_m2=q),
                          MeasuredCCD(label, v, v / 1.25, v * 1.25, "literature",
                                      f"{n.quantity} (paper key {key}); ±25 % taken as its "
                                      "95 % range (assumption)"), rng)
    return out


CASES: dict[str, Case] = {
    **{k: Case(k, k, CellConditions(), m) for k, m in MEASURED_MEANS.items()},
    **_literature_cases(),
}
"""The validation cases: the six families at the paper's conditions and the literature Na CCDs
the paper quotes at lower capacities and other pressures."""


def cells_per_family() -> dict[str, int]:
    """Cells per family: the paper's N where it gives one (A 4, B 3, Li+NaK 14); the 17 pure
    Li, Na and K cells split evenly (an assumption, as in the report's virtual cells).

    Examples
    --------
    >>> cells_per_family()
    {'Li': 6, 'Na': 6, 'K': 5, 'A': 4, 'B': 3, 'Li+NaK': 14}
    """
    from semisolid.paper import FAMILIES, TOTAL_CELLS

    given = {f.electrode: f.n_cells for f in FAMILIES if f.n_cells is not None}
    rest = [f.electrode for f in FAMILIES if f.n_cells is None]
    each, extra = divmod(TOTAL_CELLS - sum(given.values()), len(rest))
    split = {name: each + (k < extra) for k, name in enumerate(rest)}
    return {f.electrode: given.get(f.electrode, split.get(f.electrode, 0)) for f in FAMILIES}


# ----------------------------------------------------------------------------- fitting

@dataclass
class FitResult:
    """A fit of the free constants to measured mean CCDs.

    Attributes
    ----------
    parameters : CreepCCDParameters
    fitted : dict
        Name -> value of the constants the fit set identified and the fit moved.
    fixed : dict
        Name -> value of the free constants left where they started.
    targets_mA_cm2, model_mA_cm2 : dict
    max_ratio : float
        Largest ``max(model/target, target/model)``.
    rms_log_error : float
    success : bool
    message : str
    """

    parameters: CreepCCDParameters
    fitted: dict[str, float]
    fixed: dict[str, float | None]
    targets_mA_cm2: dict[str, float]
    model_mA_cm2: dict[str, float]
    max_ratio: float
    rms_log_error: float
    success: bool
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        d = asdict(self)
        d["parameters"] = self.parameters.to_dict()
        return d


def _states(names: Sequence[str], conditions: Mapping[str, CellConditions] | None = None,
            inputs: Mapping[str, Any] | None = None) -> dict[str, ElectrodeState]:
    from semisolid.models.creep_ccd import electrode_state

    out = {}
    inp = inputs or {}
    for name in names:
        case = CASES.get(name)
        el = case.electrode if case else name
        cond = (conditions or {}).get(name) or (case.conditions if case else None)
        fam = _family(el)
        out[name] = electrode_state(
            el, conditions=cond,
            yield_stress_Pa=inp.get(("yield", fam.solid_metal)),
            toughness_Pa_sqrt_m=inp.get(("toughness", fam.electrolyte)))
    return out


def _family(electrode: str):
    from semisolid.paper import family

    return family(electrode)


def _start(mode: str, base: CreepCCDParameters | None) -> CreepCCDParameters:
    if base is not None:
        prm = base
    else:
        prm = EFFECTIVE_PARAMETERS if mode == "effective" else MEASURED_PARAMETERS
    if mode == "measured":
        prm = replace(prm, stress_exponent=None)
    elif prm.stress_exponent is None:
        prm = replace(prm, stress_exponent=1.0)
    return prm


def _means(states: Mapping[str, ElectrodeState], prm: CreepCCDParameters) -> dict[str, float]:
    from semisolid.models.creep_ccd import mean_ccd_A_m2

    return {k: mean_ccd_A_m2(s, prm) / _MA_CM2 for k, s in states.items()}


def _log_means(states, prm, names) -> np.ndarray:
    m = _means({k: states[k] for k in names}, prm)
    return np.log(np.maximum([m[k] for k in names], 1e-300))


def _with(prm: CreepCCDParameters, names: Sequence[str], z: np.ndarray) -> CreepCCDParameters:
    return replace(prm, **{k: float(math.exp(v)) for k, v in zip(names, z, strict=True)})


def sensitivities(states: Mapping[str, ElectrodeState], prm: CreepCCDParameters,
                  names: Sequence[str], constants: Sequence[str],
                  step: float = 0.05) -> np.ndarray:
    """``d ln(mean CCD) / d ln(constant)`` by central differences (rows: electrodes).

    Examples
    --------
    >>> from semisolid.models.creep_ccd import electrode_state
    >>> s = {"K": electrode_state("K")}
    >>> J = sensitivities(s, EFFECTIVE_PARAMETERS, ["K"], ["void_length_m"])
    >>> float(J[0, 0])                # K has no stripping voids at 1.5 MPa
    0.0
    """
    z0 = np.log([getattr(prm, c) for c in constants])
    cols = []
    for i in range(len(constants)):
        up, dn = z0.copy(), z0.copy()
        up[i] += step
        dn[i] -= step
        cols.append((_log_means(states, _with(prm, constants, up), names)
                     - _log_means(states, _with(prm, constants, dn), names)) / (2 * step))
    return np.array(cols).T


def _identified(J: np.ndarray, constants: Sequence[str], tol: float = 0.02) -> list[str]:
    """Constants the rows of J identify: pivoted QR, keeping pivots with |R_kk| >= tol."""
    from scipy.linalg import qr

    if J.size == 0:
        return []
    _, r, piv = qr(J, pivoting=True, mode="economic")
    keep = []
    for k in range(min(J.shape)):
        if abs(r[k, k]) >= tol:
            keep.append(constants[piv[k]])
    return [c for c in constants if c in keep]


def fit(
    targets_mA_cm2: Mapping[str, float] | None = None,
    *,
    mode: str = "effective",
    base: CreepCCDParameters | None = None,
    states: Mapping[str, ElectrodeState] | None = None,
    free: Sequence[str] = FREE_CONSTANTS,
    n_quadrature: int = 400,
) -> FitResult:
    """Fit the free constants the targets identify (least squares in log CCD).

    Parameters
    ----------
    targets_mA_cm2 : mapping, optional
        Case label (:data:`CASES`: ``Li``, ..., ``Na 0.5 mAh/cm²``) -> mean CCD; default the
        central :data:`MEASURED_MEANS` of all six families.
    mode : {"effective", "measured"}
        Fit one stress exponent for the flow in flaws, or keep each metal's bulk exponent.
    base : CreepCCDParameters, optional
        Start point and the values of the constants not fitted (default: the shipped fit of
        the mode). Constants not identified take their physical value where they have one
        (:data:`PHYSICAL_VALUES`).
    states : mapping, optional
        Electrode states per target (default: :func:`electrode_state` of each case).
    free : sequence of str
        Constants the fit may move.
    n_quadrature : int
        Points of the flaw-distribution quadrature during the fit.

    Raises
    ------
    InputError
        Unknown cases or modes, or non-positive targets.

    Examples
    --------
    >>> r = fit({"Na": 2.25, "K": 2.1})
    >>> sorted(r.fitted), r.max_ratio < 1.001
    (['flaw_opening_m', 'stress_exponent'], True)
    """
    from scipy.optimize import least_squares

    if mode not in ("effective", "measured"):
        raise InputError(f"unknown mode {mode!r}; expected 'effective' or 'measured'", "mode")
    targets = dict(targets_mA_cm2 if targets_mA_cm2 is not None
                   else {k: m.value_mA_cm2 for k, m in MEASURED_MEANS.items()})
    for k, v in targets.items():
        if k not in CASES and (states is None or k not in states):
            raise InputError(f"unknown case {k!r}; known: {', '.join(CASES)}", "targets")
        if not (isinstance(v, int | float) and math.isfinite(v) and v > 0):
            raise InputError(f"target for {k} must be positive, got {v!r}", "targets")
    names = list(targets)
    st = dict(states) if states is not None else _states(names)
    prm0 = replace(_start(mode, base), n_quadrature=n_quadrature)
    cand = [c for c in free if not (c == "stress_exponent" and mode == "measured")]
    J = sensitivities(st, prm0, names, cand)
    ident = _identified(J, cand)[: len(names)]
    fixed_vals = {c: PHYSICAL_VALUES.get(c, getattr(prm0, c)) for c in cand if c not in ident}
    prm0 = replace(prm0, **{c: v for c, v in fixed_vals.items() if c in PHYSICAL_VALUES})
    y = np.log([targets[k] for k in names])
    z0 = np.log([getattr(prm0, c) for c in ident])
    lo = np.array([math.log(_BOUNDS.get(c, (1e-30, 1e30))[0]) for c in ident])
    hi = np.array([math.log(_BOUNDS.get(c, (1e-30, 1e30))[1]) for c in ident])
    if ident:
        sol = least_squares(lambda z: _log_means(st, _with(prm0, ident, z), names) - y,
                            np.clip(z0, lo + 1e-9, hi - 1e-9), bounds=(lo, hi), method="trf",
                            x_scale=1.0, max_nfev=1000)
        prm = _with(prm0, ident, sol.x)
        success, message = bool(sol.success), str(sol.message)
    else:
        prm, success, message = prm0, True, "nothing to fit"
    prm = replace(prm, n_quadrature=(base or CreepCCDParameters()).n_quadrature)
    model = _means(st, prm)
    ratios = [max(model[k] / targets[k], targets[k] / model[k]) for k in names]
    return FitResult(
        parameters=prm,
        fitted={c: getattr(prm, c) for c in ident},
        fixed={c: getattr(prm, c) for c in cand if c not in ident},
        targets_mA_cm2=targets,
        model_mA_cm2={k: model[k] for k in names},
        max_ratio=float(max(ratios)),
        rms_log_error=float(np.sqrt(np.mean(np.log(ratios) ** 2))),
        success=success,
        message=message,
    )


# ----------------------------------------------------------------------------- validation

@dataclass
class Prediction:
    """An out-of-sample prediction and its error.

    Attributes
    ----------
    label, electrode : str
    measured : MeasuredCCD
    predicted_mA_cm2 : float or None
        Central prediction (central inputs and targets); None when not identifiable.
    predicted_low_mA_cm2, predicted_high_mA_cm2 : float or None
        5 % and 95 % points over the draws.
    log_error, log_error_low, log_error_high : float or None
        ``ln(predicted/measured)``: central, and 5 % / 95 % over draws of both.
    identifiable : bool
    note : str
    """

    label: str
    electrode: str
    measured: MeasuredCCD
    predicted_mA_cm2: float | None
    predicted_low_mA_cm2: float | None
    predicted_high_mA_cm2: float | None
    log_error: float | None
    log_error_low: float | None
    log_error_high: float | None
    identifiable: bool
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """predicted / measured (central)."""
        return None if self.log_error is None else math.exp(self.log_error)

    @property
    def within_factor_2(self) -> bool | None:
        """Whether the central prediction is within a factor of 2 of the measured value."""
        return None if self.log_error is None else abs(self.log_error) <= math.log(2.0)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with the ratio."""
        d = asdict(self)
        d["ratio"] = self.ratio
        d["within_factor_2"] = self.within_factor_2
        return d


@dataclass
class ValidationResult:
    """Fit on some cases, predict others, with draws of targets and inputs.

    Attributes
    ----------
    fit_on : list of str
    mode : str
    predictions : list of Prediction
    central_fit : FitResult
    fitted_ranges : dict
        Constant -> (5 %, 95 %) over the draws.
    n_draws, seed : int
    """

    fit_on: list[str]
    mode: str
    predictions: list[Prediction]
    central_fit: FitResult
    fitted_ranges: dict[str, tuple[float, float]]
    n_draws: int
    seed: int

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return {"fit_on": self.fit_on, "mode": self.mode, "n_draws": self.n_draws,
                "seed": self.seed, "central_fit": self.central_fit.to_dict(),
                "fitted_ranges": {k: list(v) for k, v in self.fitted_ranges.items()},
                "predictions": [p.to_dict() for p in self.predictions]}

    def rows(self) -> list[list[Any]]:
        """One row per prediction: case, measured (range), predicted (5-95 %), ratio,
        ln error (5-95 %)."""
        out = []
        for p in self.predictions:
            m = p.measured
            out.append([p.label, m.value_mA_cm2, f"{m.low_mA_cm2:.3g}-{m.high_mA_cm2:.3g}",
                        m.basis, p.predicted_mA_cm2,
                        None if p.predicted_low_mA_cm2 is None else
                        f"{p.predicted_low_mA_cm2:.3g}-{p.predicted_high_mA_cm2:.3g}",
                        p.ratio,
                        None if p.log_error_low is None else
                        f"{p.log_error_low:+.2f} to {p.log_error_high:+.2f}", p.note])
        return out

    COLUMNS: ClassVar[list[str]] = [
        "case", "measured (mA/cm²)", "measured range", "basis", "predicted (mA/cm²)",
        "predicted 5-95 %", "predicted/measured", "ln error 5-95 %", "note"]


def _draw_inputs(rng: np.random.Generator) -> dict[Any, float]:
    """Yield stresses (normal, the paper's SD) and toughness (uniform over the paper's range)."""
    from semisolid.materials import metal
    from semisolid.materials.records import records_for

    out: dict[Any, float] = {}
    for m in ("Li", "Na", "K"):
        mm = metal(m)
        s, sd = mm.require("yield_stress_Pa"), mm.yield_stress_sd_Pa or 0.0
        out[("yield", m)] = float(max(rng.normal(s, sd), 0.25 * s))
    for e in ("LLZTO", "NBA", "KBA"):
        rec = next(r for r in records_for(e) if r.source.key == "park2021")
        lo, hi = rec.ranges["fracture_toughness_Pa_sqrt_m"]
        out[("toughness", e)] = float(rng.uniform(lo, hi))
    return out


def _unidentified_dependence(states, prm, label, fixed: Mapping[str, Any]) -> list[str]:
    """Fixed constants without a physical value that move the prediction of `label`."""
    consts = [c for c in fixed if c not in PHYSICAL_VALUES and getattr(prm, c) is not None]
    if not consts:
        return []
    J = sensitivities({label: states[label]}, prm, [label], consts)
    return [c for c, v in zip(consts, J[0], strict=True) if abs(v) > 0.05]


def validate(
    fit_on: Sequence[str],
    predict: Sequence[str] | None = None,
    *,
    mode: str = "effective",
    n_draws: int = 100,
    seed: int = 0,
    n_quadrature: int = 400,
) -> ValidationResult:
    """Fit on `fit_on`, predict `predict` (default: every other case), with uncertainty.

    Draw 0 uses the central targets and inputs; draws 1..n-1 draw the fit targets
    (:meth:`MeasuredCCD.draw`), the yield stresses (normal, paper SD), the electrolyte
    toughness (uniform over the paper's 2-3 MPa m^0.5) and the stack pressure of cases that
    give a range, refit, and predict. The error of a prediction is ``ln(predicted/measured)``
    with the measured value drawn too.

    Examples
    --------
    >>> v = validate(["Li", "Na", "K"], ["Li+NaK"], n_draws=1)
    >>> p = v.predictions[0]
    >>> p.identifiable, p.note.split(":")[0]        # only B fixes the non-flow limit
    (False, 'not identifiable without this datum')
    """
    fit_on = list(fit_on)
    unknown = [c for c in [*fit_on, *(predict or [])] if c not in CASES]
    if unknown:
        raise InputError(f"unknown case(s) {', '.join(map(repr, unknown))}; known: "
                         f"{', '.join(CASES)}", "cases")
    held = [c for c in (predict if predict is not None else CASES) if c not in fit_on]
    if isinstance(n_draws, bool) or int(n_draws) != n_draws or n_draws < 1:
        raise InputError(f"must be a positive integer, got {n_draws!r}", "n_draws")
    rng = np.random.default_rng(seed)
    preds: dict[str, list[float]] = {c: [] for c in held}
    errs: dict[str, list[float]] = {c: [] for c in held}
    fitted: dict[str, list[float]] = {}
    central: FitResult | None = None
    blocked: dict[str, list[str]] = {}
    for k in range(int(n_draws)):
        first = k == 0
        inputs = {} if first else _draw_inputs(rng)
        conds = {c: CASES[c].conditions_draw(None if first else rng) for c in [*fit_on, *held]}
        states = _states([*fit_on, *held], conds, inputs)
        targets = {c: CASES[c].measured.value_mA_cm2 if first else CASES[c].measured.draw(rng)
                   for c in fit_on}
        r = fit(targets, mode=mode, states={c: states[c] for c in fit_on},
                n_quadrature=n_quadrature)
        prm = replace(r.parameters, n_quadrature=n_quadrature)
        if first:
            central = r
            for c in held:
                blocked[c] = _unidentified_dependence(states, prm, c, r.fixed)
        for name, v in r.fitted.items():
            fitted.setdefault(name, []).append(v)
        means = _means({c: states[c] for c in held if not blocked[c]}, prm)
        for c, v in means.items():
            preds[c].append(v)
            meas = (CASES[c].measured.value_mA_cm2 if first
                    else CASES[c].measured.draw(rng))
            errs[c].append(math.log(v / meas))
    assert central is not None
    out = []
    for c in held:
        m = CASES[c].measured
        if blocked[c]:
            out.append(Prediction(c, CASES[c].electrode, m, None, None, None, None, None, None,
                                  False, note="not identifiable without this datum: "
                                  + ", ".join(blocked[c]) + " (no physical value)"))
            continue
        p, e = np.array(preds[c]), np.array(errs[c])
        out.append(Prediction(
            c, CASES[c].electrode, m, float(p[0]), float(np.percentile(p, 5)),
            float(np.percentile(p, 95)), float(e[0]), float(np.percentile(e, 5)),
            float(np.percentile(e, 95)), True,
            note=f"fit on {', '.join(fit_on)} ({mode} exponent)"))
    ranges = {k: (float(np.percentile(v, 5)), float(np.percentile(v, 95)))
              for k, v in fitted.items()}
    return ValidationResult(fit_on, mode, out, central, ranges, int(n_draws), int(seed))


SPLITS: tuple[tuple[str, ...], ...] = (
    ("Li", "K"),
    ("Li", "Na", "K", "B"),
    ("Li", "Li+NaK", "K", "B"),
    ("Li", "Li+NaK", "Na", "B"),
    ("Li", "Na", "K", "A", "B"),
    ("Li", "Na", "K", "A", "B", "Li+NaK"),
)
"""The fit sets of :func:`validation_suite`; each predicts the cases it leaves out. Li and K
alone identify only ``w`` and the exponent; B is in every other set because only B fixes
``j_cap*``; the last (all six families) predicts the literature Na CCDs at other capacities
and pressures."""


def validation_suite(
    n_draws: int = 100, seed: int = 0, mode: str = "effective",
    splits: Sequence[Sequence[str]] = SPLITS, n_quadrature: int = 400,
) -> list[ValidationResult]:
    """:func:`validate` over the fit sets of :data:`SPLITS`.

    Examples
    --------
    >>> len(SPLITS), SPLITS[0]
    (6, ('Li', 'K'))
    """
    return [validate(list(s), mode=mode, n_draws=n_draws, seed=seed, n_quadrature=n_quadrature)
            for s in splits]


# ----------------------------------------------------------------------------- spread

@dataclass
class SpreadResult:
    """The flaw tail ``k`` fitted on one family's largest CCD, and the predicted largest CCD
    of the others (expected maximum of N cells).

    Attributes
    ----------
    fit_on : str
    flaw_tail_exponent : float
    predicted_max_mA_cm2 : dict
        Family -> expected maximum of its N cells.
    n_cells : dict
    measured_max : dict
        Family -> the paper's number key of its maximum.
    """

    fit_on: str
    flaw_tail_exponent: float
    predicted_max_mA_cm2: dict[str, float]
    n_cells: dict[str, int]
    measured_max: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


MAXIMA = {"Li": "max_ccd_Li", "Na": "max_ccd_NaK_metals", "K": "max_ccd_NaK_metals",
          "A": "max_ccd_A", "B": "max_ccd_B", "Li+NaK": "max_ccd_LiNaK"}
"""Family -> the paper number of its largest CCD."""


def fit_spread(params: CreepCCDParameters | None = None, fit_on: str = "Li+NaK",
               families: Sequence[str] | None = None) -> SpreadResult:
    """Fit the flaw tail ``k`` so the expected largest CCD of the `fit_on` family's N cells
    equals the paper's, then predict the largest CCD of the other families (default all).

    Examples
    --------
    >>> s = fit_spread(families=["Na"])
    >>> abs(s.flaw_tail_exponent / EFFECTIVE_PARAMETERS.flaw_tail_exponent - 1) < 2e-3
    True
    >>> round(s.predicted_max_mA_cm2["Na"], 1)     # the paper: "~3 mA cm-2"
    3.2
    """
    from scipy.optimize import brentq

    from semisolid.models.creep_ccd import expected_maximum_A_m2
    from semisolid.paper import number

    prm0 = params or EFFECTIVE_PARAMETERS
    n = cells_per_family()
    fams = list(dict.fromkeys([fit_on, *(families if families is not None else MAXIMA)]))
    unknown = [f for f in fams if f not in MAXIMA]
    if unknown:
        raise InputError(f"no paper maximum for {', '.join(unknown)}; known: "
                         f"{', '.join(MAXIMA)}", "families")
    states = _states(fams)
    target = float(number(MAXIMA[fit_on]).value)

    def g(log_k: float) -> float:
        p = replace(prm0, flaw_tail_exponent=math.exp(log_k), n_quadrature=800)
        return math.log(expected_maximum_A_m2(states[fit_on], p, n[fit_on]) / _MA_CM2 / target)

    k = math.exp(brentq(g, math.log(1.0), math.log(500.0), xtol=1e-6))
    prm = replace(prm0, flaw_tail_exponent=k, n_quadrature=800)
    pred = {f: expected_maximum_A_m2(states[f], prm, n[f]) / _MA_CM2 for f in fams}
    return SpreadResult(fit_on, k, pred, {f: n[f] for f in fams}, {f: MAXIMA[f] for f in fams})


# ----------------------------------------------------------------------------- shipped fits

EFFECTIVE_PARAMETERS = CreepCCDParameters(
    flaw_tail_exponent=4.8994, flaw_opening_m=4.1928e-07, stress_exponent=1.0871,
    void_length_m=1.4786e-10, ccd_cap_A_m2=147.65, skeleton_exponent=19.394,
)
"""Fit on the six families with one effective stress exponent (:func:`fit`, then the flaw
tail by :func:`fit_spread`); the model's default (docs/models.md)."""
MEASURED_PARAMETERS = CreepCCDParameters(
    flaw_tail_exponent=16.161, flaw_opening_m=1.2143e-07, stress_exponent=None,
    void_length_m=1e-10, ccd_cap_A_m2=52.313, skeleton_exponent=1.0,
)
"""Fit on the six families with each metal's measured bulk stress exponent."""
