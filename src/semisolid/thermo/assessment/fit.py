"""The fit: measures computed by the model, residuals, least squares, covariance and ensemble.

The fit runs binary by binary (K-Na, then Li-Na; the Li-K liquid is set by its bound, see
:data:`~semisolid.thermo.assessment.parameters.PARAM_SPECS`). Each stage minimises

    sum over fit rows ((computed - value) / uncertainty)^2 + sum over priors ((p - mean)/sigma)^2

with ``scipy.optimize.least_squares`` (Levenberg-Marquardt). The parameter uncertainty is
the Laplace approximation of that posterior: ``cov = s^2 (J^T J)^-1`` at the optimum, where
``J`` is the Jacobian of the normalised residuals and ``s^2 = max(1, chi2/dof)`` inflates it
when the data scatter more than their stated uncertainties (Birge ratio). The ensemble is a
sample of the posterior itself by Markov chain Monte Carlo (``emcee``), started from that
Gaussian (:func:`sample_ensemble`).

Examples
--------
>>> from semisolid.thermo.assessment.parameters import load_parameters
>>> from semisolid.thermo.assessment.unaries import Unaries
>>> m = fit_measures(Model(load_parameters(), Unaries.from_package()), ["K-Na"])
>>> bool(259.0 < m["NaK_eutectic_T"] < 262.0)
True
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from semisolid.thermo.assessment.data import Datum
from semisolid.thermo.assessment.model import (
    Model,
    SolveError,
    binary_critical,
    binary_invariant,
    binary_tie_line,
    solidus_slope,
    ternary_three_phase,
)
from semisolid.thermo.assessment.parameters import (
    BOUND_MARGIN_K,
    PARAM_SPECS,
    free_coefficients,
    round_parameters,
)
from semisolid.thermo.assessment.unaries import Unaries

__all__ = [
    "T_CELL_K",
    "FitResult",
    "datum_value",
    "fit",
    "fit_measures",
    "lever_fraction",
    "residuals",
    "sample_ensemble",
]

T_CELL_K = 295.15
"""Cycling temperature of the paper's symmetric cells (22 C, Methods)."""

STAGE_SYSTEMS = {"K-Na": ("K-Na",), "Li-Na": ("Li-Na",), "Li-K": ("Li-K",)}

# Last accepted solution of each solve (the next evaluation starts from it)
_GUESS: dict[str, object] = {}


def _attempt(key: str, default, solve: Callable, valid: Callable[..., bool], more=()):
    """Run `solve(guess)` from the last accepted solution, then from `default` (then from
    each of `more`); accept the first result that `valid` approves (rejects spurious roots)
    and remember it."""
    for guess in (_GUESS.get(key), default, *more):
        if guess is None:
            continue
        try:
            result = solve(guess)
        except (SolveError, ValueError, OverflowError, ZeroDivisionError, FloatingPointError):
            continue
        if valid(result):
            _GUESS[key] = result
            return result
    raise SolveError(f"{key}: no valid solution")


def _invariant(model, pair, names):
    def solve(guess):
        T0, xs0 = guess
        phases = [(n, x) for n, x in zip(names, xs0, strict=True)]
        return binary_invariant(model, pair, phases, T0)

    return solve


def _measures_kna(model: Model) -> dict[str, float]:
    out: dict[str, float] = {}
    nk = ("K", "NA")  # x_B = x_Na
    names = ("LIQUID", "BCC_A2", "NA2K")
    T, xs = _attempt("eut", (260.5, [0.32, 0.06, None]), _invariant(model, nk, names),
                     lambda r: 0.15 < r[1][0] < 0.5 and r[1][1] < 0.15)
    out["NaK_eutectic_T"] = T
    out["NaK_eutectic_xK_L"] = 1 - xs[0]
    out["NaK_eutectic_xK_BCC"] = 1 - xs[1]
    T, xs = _attempt("per", (280.0, [0.6, 0.97, None]), _invariant(model, nk, names),
                     lambda r: 0.45 < r[1][0] < 0.8 and r[1][1] > 0.9)
    out["NaK_peritectic_T"] = T
    out["NaK_peritectic_xK_L"] = 1 - xs[0]
    out["NaK_solidus_slope_K"] = solidus_slope(model, ("K", "NA"), 336.53, 1e-3, 0.29,
                                               _attempt)
    out["NaK_solidus_slope_NA"] = solidus_slope(model, ("NA", "K"), 370.87, 3.3e-4, 0.13,
                                                _attempt)
    xb, xl = _attempt(
        "rtK", (0.037, 0.16),
        lambda g: binary_tie_line(model, nk, [("BCC_A2", g[0]), ("LIQUID", g[1])], T_CELL_K),
        lambda r: r[0] < 0.12 and 0.06 < r[1] < 0.35 and r[0] < r[1])
    out["NaK_295_xNa_BCC_K"] = xb
    out["NaK_295_xNa_L_K"] = xl
    out["NaK_RT_xK_L_K"] = 1 - xl
    xb2, xl2 = _attempt(
        "rtN", (0.975, 0.72),
        lambda g: binary_tie_line(model, nk, [("BCC_A2", g[0]), ("LIQUID", g[1])], T_CELL_K),
        lambda r: r[0] > 0.88 and 0.5 < r[1] < 0.88 and r[1] < r[0])
    out["NaK_RT_xK_L_NA"] = 1 - xl2
    out["NaK_295_xK_BCC_NA"] = 1 - xb2
    return out


def _measures_lina(model: Model) -> dict[str, float]:
    out: dict[str, float] = {}
    ln = ("NA", "LI")  # x_B = x_Li
    names = ("LIQUID", "LIQUID", "BCC_A2")
    T, xs = _attempt("mon", (443.9, [0.10, 0.97, 0.99]), _invariant(model, ln, names),
                     lambda r: r[1][0] < 0.4 and 0.8 < r[1][1] < r[1][2])
    out["LiNa_monotectic_T"] = T
    out["LiNa_monotectic_xLi_L2"] = xs[0]
    out["LiNa_monotectic_xLi_L1"] = xs[1]
    Tc, xc = _attempt("crit", (578.0, 0.63),
                      lambda g: binary_critical(model, "LIQUID", ln, g[0], g[1]),
                      lambda r: 400 < r[0] < 900 and 0.3 < r[1] < 0.9)
    out["LiNa_critical_T"] = Tc
    out["LiNa_critical_xLi"] = xc
    names = ("LIQUID", "BCC_A2", "BCC_A2")
    T, xs = _attempt("le", (365.0, [0.03, 0.015, 0.995]), _invariant(model, ln, names),
                     lambda r: r[1][1] < r[1][0] < 0.2 and r[1][2] > 0.9)
    out["LiNa_eutectic_T"] = T
    out["LiNa_eutectic_xLi_L"] = xs[0]
    out["LiNa_eutectic_xLi_BCC_NA"] = xs[1]
    out["LiNa_eutectic_xLi_BCC_LI"] = xs[2]
    return out


def _measures_lik(model: Model) -> dict[str, float]:
    Tc, _xc = _attempt("lk", (1800.0, 0.5),
                       lambda g: binary_critical(model, "LIQUID", ("K", "LI"), g[0], g[1]),
                       lambda r: 0.2 < r[1] < 0.8)
    return {"LiK_consolute_T": Tc}


def _measures_linak(model: Model) -> dict[str, float]:
    out: dict[str, float] = {}
    names = ("LIQUID", "BCC_A2", "BCC_A2")
    ends = {}
    for key, default in (
        ("t_na", [np.array([1e-3, 0.72, 0.279]), np.array([0.9999, 5e-5, 5e-5]),
                  np.array([0.01, 0.96, 0.03])]),
        ("t_k", [np.array([5e-5, 0.135, 0.865]), np.array([0.9999, 5e-5, 5e-5]),
                 np.array([1e-5, 0.035, 0.965])]),
    ):
        xs = _attempt(
            key, default,
            lambda g: ternary_three_phase(model, 300.0, list(zip(names, g, strict=True))),
            lambda r: r[0][0] < 0.05 and r[1][0] > 0.9 and np.max(np.abs(r[0] - r[2])) > 0.02)
        ends[key] = float(xs[0][0])
    out["LiNaK_300_xLi_L_Na_end"] = ends["t_na"]
    out["LiNaK_300_xLi_L_K_end"] = ends["t_k"]
    out["LiNaK_300_ratio"] = ends["t_na"] / ends["t_k"]
    out["LiNaK_300_max_xLi_L"] = max(ends.values())
    return out


_MEASURES = {"K-Na": _measures_kna, "Li-Na": _measures_lina, "Li-K": _measures_lik,
             "Li-Na-K": _measures_linak}


def fit_measures(model: Model, systems: Sequence[str] = ("K-Na", "Li-Na", "Li-K", "Li-Na-K")
                 ) -> dict[str, float]:
    """Every computed quantity of the data table of `systems`, from the model's direct solves.

    Examples
    --------
    >>> from semisolid.thermo.assessment.parameters import load_parameters
    >>> m = fit_measures(Model(load_parameters(), Unaries.from_package()), ["Li-Na"])
    >>> round(m["LiNa_monotectic_T"], 1)
    443.9
    """
    out: dict[str, float] = {}
    for system in systems:
        out.update(_MEASURES[system](model))
    return out


def lever_fraction(x_na: float, x_bcc: float, x_liq: float) -> float:
    """Liquid mole fraction of a K-rich (K) + L alloy by the lever rule (x = x_Na), clipped
    to [0, 1] (single-phase solid or liquid outside the tie line).

    Examples
    --------
    >>> lever_fraction(0.1, 0.04, 0.16)
    0.5
    """
    return min(1.0, max(0.0, (x_na - x_bcc) / (x_liq - x_bcc)))


def datum_value(d: Datum, measures: dict[str, float]) -> float:
    """The computed value of datum `d` from a measures dict (fit model or pycalphad).

    Examples
    --------
    >>> from semisolid.thermo.assessment.data import read_data
    >>> d = next(r for r in read_data() if r.id == "swing_B_start")
    >>> datum_value(d, {"NaK_295_xNa_BCC_K": 0.04, "NaK_295_xNa_L_K": 0.16})
    0.5
    """
    if d.kind == "liquid_fraction":
        return lever_fraction(d.x, measures["NaK_295_xNa_BCC_K"], measures["NaK_295_xNa_L_K"])
    return measures[d.measure]


def _normalised(d: Datum, calc: float, margin: bool) -> float:
    if d.constraint == "min":
        target = d.value + (BOUND_MARGIN_K if margin and d.unit == "K" else 0.0)
        return min(0.0, calc - target) / d.uncertainty
    if d.constraint == "max":
        return max(0.0, calc - d.value) / d.uncertainty
    if d.kind == "solubility_ratio":
        return math.log(calc / d.value) / d.uncertainty
    return (calc - d.value) / d.uncertainty


def residuals(data: Sequence[Datum], measures: dict[str, float], margin: bool = False
              ) -> np.ndarray:
    """Normalised residuals ``(calc - value)/uncertainty`` of `data` (bounds only when
    violated; ``margin`` adds the fit's margin to a temperature bound).

    Examples
    --------
    >>> from semisolid.thermo.assessment.data import read_data
    >>> d = [r for r in read_data() if r.id == "NaK_eutectic_T"]
    >>> residuals(d, {"NaK_eutectic_T": 260.85}).round(3).tolist()
    [1.0]
    """
    return np.array([_normalised(d, datum_value(d, measures), margin) for d in data])


def prior_residuals(params: dict[str, tuple[float, float]], stage: str) -> list[tuple[str, float]]:
    """``(label, (value - mean)/sigma)`` of every prior of `stage`.

    Examples
    --------
    >>> from semisolid.thermo.assessment.parameters import initial_parameters
    >>> [label for label, _ in prior_residuals(initial_parameters(), "K-Na")][0]
    'prior L0_LIQUID_K_NA.b'
    """
    out = []
    for spec in PARAM_SPECS:
        if spec.stage != stage:
            continue
        for coef, (mean, sigma) in spec.prior.items():
            value = params[spec.name][0 if coef == "a" else 1]
            out.append((f"prior {spec.name}.{coef}", (value - mean) / sigma))
    return out


_SCALE = {"a": 1000.0, "b": 1.0}


@dataclass
class StageFit:
    """The result of one stage: free coefficients, optimum, covariance and fit statistics."""

    stage: str
    free: list[tuple[str, str]]
    values: np.ndarray
    covariance: np.ndarray
    chi2: float
    dof: int
    n_data: int
    n_priors: int
    evaluations: int
    seconds: float


@dataclass
class FitResult:
    """All stages: the fitted coefficients and the per-stage statistics and covariances."""

    parameters: dict[str, tuple[float, float]]
    stages: list[StageFit]

    def covariance_dict(self) -> dict:
        """``{stage: {"free": [...], "covariance": [[...]]}}`` for the parameter file."""
        return {s.stage: {"free": [f"{n}.{c}" for n, c in s.free],
                          "values": s.values.tolist(),
                          "covariance": s.covariance.tolist(),
                          "chi2": s.chi2, "dof": s.dof, "n_data": s.n_data,
                          "n_priors": s.n_priors}
                for s in self.stages}


def _set(p: dict, name: str, coef: str, value: float) -> None:
    a, b = p[name]
    p[name] = (value, b) if coef == "a" else (a, value)


def fit(params: dict[str, tuple[float, float]], data: Sequence[Datum], unaries: Unaries,
        verbose: bool = True) -> FitResult:
    """Least-squares fit, stage by stage, with the Laplace covariance of each stage.

    About 10 s; ``tests/thermo/test_assessment.py::test_refit_reproduces_the_stored_parameters``
    runs it and compares it with the shipped parameter file.
    """
    # every solve starts from the fit's own history: a re-run reproduces the stored values
    # whatever was computed before in the same process
    _GUESS.clear()
    params = dict(params)
    stages = []
    for stage in ("K-Na", "Li-Na"):
        free = free_coefficients(stage)
        rows = [d for d in data if d.system in STAGE_SYSTEMS[stage] and d.role == "fit"]
        base = dict(params)

        def unpack(z, free=free, base=base):
            p = dict(base)
            for (name, c), zi in zip(free, z, strict=True):
                _set(p, name, c, zi * _SCALE[c])
            return p

        def fun(z, rows=rows, unpack=unpack, stage=stage):
            p = unpack(z)
            try:
                m = fit_measures(Model(p, unaries), STAGE_SYSTEMS[stage])
            except SolveError:
                return np.full(len(rows) + len(prior_residuals(p, stage)), 1e3)
            pri = [r for _, r in prior_residuals(p, stage)]
            return np.concatenate([residuals(rows, m), pri])

        z0 = np.array([params[n][0 if c == "a" else 1] / _SCALE[c] for n, c in free])
        t0 = time.perf_counter()
        sol = optimize.least_squares(fun, z0, method="lm", x_scale=1.0, diff_step=1e-6,
                                     xtol=1e-12, ftol=1e-12)
        params = unpack(sol.x)
        r = fun(sol.x)
        n_pri = len(prior_residuals(params, stage))
        dof = max(len(r) - len(free), 1)
        chi2 = float(np.sum(r**2))
        jac = np.asarray(sol.jac)
        scale = np.array([_SCALE[c] for _, c in free])
        cov_z = np.linalg.pinv(jac.T @ jac)
        cov = cov_z * np.outer(scale, scale) * max(1.0, chi2 / dof)
        values = np.array([params[n][0 if c == "a" else 1] for n, c in free])
        stages.append(StageFit(stage, free, values, cov, chi2, dof, len(rows), n_pri,
                               int(sol.nfev), time.perf_counter() - t0))
        if verbose:
            print(f"stage {stage}: {len(free)} coefficients, {len(rows)} data + {n_pri} priors, "
                  f"chi2 {chi2:.3g} (dof {dof}), {sol.nfev} evaluations, "
                  f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return FitResult(round_parameters(params), stages)


def _stage_log_posterior(stage: StageFit, parameters: dict, data: Sequence[Datum],
                         unaries: Unaries, values: np.ndarray) -> float:
    """``-chi2/2`` (fit rows of the stage and its priors) at the free values `values`."""
    p = dict(parameters)
    for (name, c), v in zip(stage.free, values, strict=True):
        _set(p, name, c, float(v))
    rows = [d for d in data if d.system in STAGE_SYSTEMS[stage.stage] and d.role == "fit"]
    try:
        m = fit_measures(Model(p, unaries), STAGE_SYSTEMS[stage.stage])
    except SolveError:
        return -np.inf
    r = np.concatenate([residuals(rows, m), [x for _, x in prior_residuals(p, stage.stage)]])
    return -0.5 * float(np.sum(r**2)) if np.all(np.isfinite(r)) else -np.inf


def integrated_autocorrelation(chain: np.ndarray, c: float = 5.0) -> float:
    """Integrated autocorrelation time (steps) of one coefficient's walkers, ``(walkers,
    steps)``: the autocorrelation of each walker averaged over walkers, summed with Sokal's
    automatic window (the smallest ``M >= c tau(M)``); NaN if the chain is shorter.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> e = rng.normal(size=(20, 4000))
    >>> ar = np.zeros_like(e)                      # AR(1) with rho = 0.8: tau = 9
    >>> for t in range(1, e.shape[1]):
    ...     ar[:, t] = 0.8 * ar[:, t - 1] + e[:, t]
    >>> abs(integrated_autocorrelation(ar) - 9.0) < 1.5
    True
    """
    x = np.asarray(chain, dtype=float)
    x = x - x.mean(axis=1, keepdims=True)
    n = x.shape[1]
    f = np.fft.rfft(x, n=2 * n, axis=1)
    acf = np.fft.irfft(f * np.conj(f), axis=1)[:, :n].mean(axis=0)
    if acf[0] <= 0:
        return float("nan")
    rho = acf / acf[0]
    taus = 2.0 * np.cumsum(rho) - 1.0
    window = np.arange(n) >= c * taus
    if not np.any(window):
        return float("nan")
    return float(taus[np.argmax(window)])


def sample_ensemble(result: FitResult, data: Sequence[Datum], unaries: Unaries, n: int = 200,
                    steps: int = 600, seed: int = 20210314, verbose: bool = True
                    ) -> tuple[list[str], np.ndarray, dict]:
    """Samples of the posterior of the fitted coefficients (all stages), for the ensemble.

    Per stage, Markov chain Monte Carlo with ``emcee`` (the affine-invariant ensemble sampler
    that ESPEI uses; dev extra): the posterior is ``exp(-chi2/2)`` of the stage's fit rows
    and priors, computed by the model (a draw whose invariants cannot be solved has zero
    probability); ``4 k`` walkers start from the Laplace Gaussian (covariance / 4) and take
    `steps` steps; the second half is kept and `n` members are taken evenly from it. The
    stages are independent (disjoint data): member ``i`` joins the ``i``-th sample of each.

    Returns the free coefficient names (``"name.a"``), an ``(n, k)`` array, and per stage the
    walkers, steps, mean acceptance fraction and the integrated autocorrelation time (steps)
    of each coefficient. About 30 000 model evaluations (20-50 min on two shared cores): run
    by ``scripts/assess_linak.py``; the shipped result is checked by the tests.
    """
    try:
        import emcee
    except ImportError as exc:  # pragma: no cover - dev extra
        raise ImportError("sampling the ensemble needs emcee: pip install semisolid[dev]") from exc
    names: list[str] = []
    blocks = []
    info: dict = {}
    for k, stage in enumerate(result.stages):
        ndim = len(stage.free)
        walkers = 4 * ndim
        rs = np.random.RandomState(seed + k)
        start = rs.multivariate_normal(stage.values, stage.covariance / 4.0, size=walkers)

        def logp(theta, stage=stage):
            return _stage_log_posterior(stage, result.parameters, data, unaries, theta)

        t0 = time.perf_counter()
        sampler = emcee.EnsembleSampler(walkers, ndim, logp)
        sampler.run_mcmc(start, steps, rstate0=np.random.RandomState(seed + 100 + k).get_state())
        chain = sampler.chain[:, steps // 2:, :]  # (walkers, steps/2, ndim)
        flat = chain.transpose(1, 0, 2).reshape(-1, ndim)  # step-major
        pick = np.linspace(0, flat.shape[0] - 1, n).round().astype(int)
        blocks.append(flat[pick])
        names += [f"{nm}.{c}" for nm, c in stage.free]
        tau = [integrated_autocorrelation(chain[:, :, j]) for j in range(ndim)]
        tau_max = max((t for t in tau if math.isfinite(t)), default=None)
        info[stage.stage] = {"walkers": walkers, "steps": steps, "kept_steps": steps // 2,
                             "acceptance": round(float(np.mean(sampler.acceptance_fraction)), 3),
                             "autocorrelation_steps": [round(t, 1) if math.isfinite(t) else None
                                                       for t in tau]}
        if verbose:
            print(f"ensemble {stage.stage}: {walkers} walkers x {steps} steps, acceptance "
                  f"{np.mean(sampler.acceptance_fraction):.2f}, autocorrelation "
                  f"{tau_max} steps, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return names, np.concatenate(blocks, axis=1), info


def apply_member(parameters: dict[str, tuple[float, float]], names: Sequence[str],
                 values: Sequence[float]) -> dict[str, tuple[float, float]]:
    """The coefficients of one ensemble member: `parameters` with the free ones replaced.

    Examples
    --------
    >>> apply_member({"X": (1.0, 2.0)}, ["X.b"], [5.0])
    {'X': (1.0, 5.0)}
    """
    p = dict(parameters)
    for key, v in zip(names, values, strict=True):
        nm, c = key.split(".")
        _set(p, nm, c, float(v))
    return p

