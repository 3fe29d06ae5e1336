"""Statistics of critical current densities: t-intervals, Weibull fits, CCD vs yield stress.

* :func:`mean_ci`: mean with a Student-t confidence interval (the paper's "95% confidence
  intervals for the CCD according to the sample set"): ``x̄ ± t(1-α/2, N-1) s/√N``.
* :func:`weibull_mle`: two-parameter Weibull ``P_f = 1 - exp[-(x/x0)^m]`` by maximum
  likelihood (ASTM C1239 equations), with the small-sample bias of ``m`` removed by Monte
  Carlo unbiasing factors and pivotal confidence bounds (Thoman, Bain & Antle 1969), both
  computed by simulation (seeded, cached per sample size) instead of looked up in a table.
* :func:`weibull_median_rank`: linear regression on the Weibull plot with median ranks
  (Bernard ``(i-0.3)/(n+0.4)``, Hazen or mean rank) as an alternative.
* **Censoring**: a cell that did not short by the end of its test is a right-censored
  observation at the highest current density it carried. :func:`weibull_mle` takes a
  ``censored`` mask (maximum likelihood with right-censoring; bias and bounds by a seeded
  parametric bootstrap that censors each simulated cell where the real one was censored)
  and :func:`kaplan_meier` gives the survival curve of the CCD with Greenwood
  log(-log) confidence bounds.
* :func:`linear_fit`: least squares with the confidence band of the mean line (Fig. 6b,
  CCD vs equivalent yield stress).
* :func:`summarize_groups` / :func:`read_catalog`: the same from a results table (a
  DataFrame with a group column such as ``electrode`` and ``ccd_mA_cm2``) or from the CCD
  results catalog (:mod:`semisolid.ccd.catalog`, which alone reads its schema).

Examples
--------
>>> r = mean_ci([0.4, 0.5, 0.6])
>>> round(r.mean, 3), round(r.half_width, 4)      # t(0.975, 2) = 4.303, s = 0.1
(0.5, 0.2484)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import InputError

__all__ = [
    "GroupSummary",
    "LinearFit",
    "MeanCI",
    "SurvivalCurve",
    "WeibullFit",
    "kaplan_meier",
    "linear_fit",
    "mean_ci",
    "read_catalog",
    "summarize_groups",
    "weibull_bias_table",
    "weibull_median_rank",
    "weibull_mle",
]


def _values(values: Any, name: str, minimum: int = 2, positive: bool = False) -> np.ndarray:
    try:
        x = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise InputError(f"expected numbers, got {values!r}", name) from None
    if not np.all(np.isfinite(x)):
        raise InputError("contains NaN or infinite values", name)
    if x.size < minimum:
        raise InputError(f"need at least {minimum} data points, got {x.size}", name)
    if positive and np.any(x <= 0):
        raise InputError("all values must be positive for a Weibull fit", name)
    return x


def _confidence(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise InputError(f"must be in (0, 1), got {confidence}", "confidence")
    return float(confidence)


@dataclass
class MeanCI:
    """Mean with a two-sided Student-t confidence interval.

    Examples
    --------
    >>> mean_ci([1.0, 2.0, 3.0, 4.0]).to_dict()["n"]
    4
    """

    n: int
    mean: float
    sd: float
    sem: float
    t_value: float
    half_width: float
    low: float
    high: float
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


def mean_ci(values: Sequence[float] | np.ndarray, confidence: float = 0.95) -> MeanCI:
    """Mean and two-sided t-based confidence interval (sample SD with ddof = 1).

    Raises
    ------
    InputError
        Fewer than 2 values, NaN, or a confidence outside (0, 1).

    Examples
    --------
    >>> r = mean_ci([0.45, 0.5, 0.55, 0.5])
    >>> round(r.t_value, 3)
    3.182
    """
    from scipy import stats

    x = _values(values, "values")
    conf = _confidence(confidence)
    n = x.size
    sd = float(np.std(x, ddof=1))
    sem = sd / math.sqrt(n)
    t = float(stats.t.ppf(0.5 + conf / 2.0, n - 1))
    m = float(x.mean())
    return MeanCI(n, m, sd, sem, t, t * sem, m - t * sem, m + t * sem, conf)


# ----------------------------------------------------------------------------- Weibull

def _mle_shape(x: np.ndarray, iterations: int = 80) -> np.ndarray:
    """Weibull MLE shape for each row of a 2-D array (vectorised bisection in log m).

    Solves ``Σ x^m ln x / Σ x^m - 1/m - mean(ln x) = 0`` (increasing in m).
    """
    y = np.log(x)
    y = y - y.mean(axis=1, keepdims=True)          # scale-free
    ymax = y.max(axis=1, keepdims=True)
    lo = np.full(x.shape[0], -12.0)                # log m
    hi = np.full(x.shape[0], 12.0)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        m = np.exp(mid)[:, None]
        w = np.exp(m * (y - ymax))
        f = (w * y).sum(axis=1) / w.sum(axis=1) - 1.0 / m[:, 0]
        pos = f > 0
        hi = np.where(pos, mid, hi)
        lo = np.where(pos, lo, mid)
    return np.exp(0.5 * (lo + hi))


def _mle(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m = _mle_shape(x)
    x0 = np.mean(x ** m[:, None], axis=1) ** (1.0 / m)
    return m, x0


def _mle_censored(x: np.ndarray, failed: np.ndarray, iterations: int = 80
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Weibull MLE with right-censoring for each row of 2-D arrays (vectorised bisection).

    Log-likelihood ``sum_f [ln m - m ln x0 + (m-1) ln x - (x/x0)^m] - sum_c (x/x0)^m``;
    profiling out ``x0`` gives ``x0^m = sum_all x^m / r`` (r failures) and the shape
    equation ``sum_all x^m ln x / sum_all x^m - 1/m - mean_f(ln x) = 0`` (increasing in m).
    Rows without a failure give NaN.
    """
    y = np.log(x)
    fw = failed.astype(float)
    r = fw.sum(axis=1)
    ok = r > 0
    yf = np.where(ok, (y * fw).sum(axis=1) / np.where(ok, r, 1.0), 0.0)
    y = y - yf[:, None]                             # scale-free
    ymax = y.max(axis=1, keepdims=True)
    lo = np.full(x.shape[0], -12.0)
    hi = np.full(x.shape[0], 12.0)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        m = np.exp(mid)[:, None]
        w = np.exp(m * (y - ymax))
        f = (w * y).sum(axis=1) / w.sum(axis=1) - 1.0 / m[:, 0]
        pos = f > 0
        hi = np.where(pos, mid, hi)
        lo = np.where(pos, lo, mid)
    m = np.exp(0.5 * (lo + hi))
    x0 = (np.sum(x ** m[:, None], axis=1) / np.where(ok, r, 1.0)) ** (1.0 / m)
    return np.where(ok, m, np.nan), np.where(ok, x0, np.nan)


def _bootstrap_censored(x: np.ndarray, cens: np.ndarray, m: float, x0: float, n_sim: int,
                        seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted ``m*/m`` and ``m* ln(x0*/x0)`` of a parametric bootstrap at (m, x0): every
    simulated cell is censored where its real counterpart was (at that value); cells that
    failed are not censored. Simulations without a failure are dropped."""
    rng = np.random.default_rng(seed)
    c = np.where(cens, x, np.inf)
    out_m, out_t = [], []
    chunk = max(1, 400_000 // x.size)
    for start in range(0, n_sim, chunk):
        k = min(chunk, n_sim - start)
        draw = x0 * rng.weibull(m, size=(k, x.size))
        failed = draw <= c
        obs = np.minimum(draw, c)
        ms, x0s = _mle_censored(obs, failed)
        good = np.isfinite(ms)
        out_m.append(ms[good] / m)
        out_t.append(ms[good] * np.log(x0s[good] / x0))
    pm, pt = np.concatenate(out_m), np.concatenate(out_t)
    pm.sort()
    pt.sort()
    return pm, pt


@functools.lru_cache(maxsize=64)
def _pivot_samples(n: int, n_sim: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted pivots ``m̂*/m`` and ``m̂* ln(x̂0*/x0)`` from Weibull(1, 1) samples of size n."""
    rng = np.random.default_rng(seed)
    out_m = np.empty(n_sim)
    out_t = np.empty(n_sim)
    chunk = max(1, 400_000 // n)
    for start in range(0, n_sim, chunk):
        stop = min(n_sim, start + chunk)
        x = rng.weibull(1.0, size=(stop - start, n))
        m, x0 = _mle(x)
        out_m[start:stop] = m
        out_t[start:stop] = m * np.log(x0)
    out_m.sort()
    out_t.sort()
    return out_m, out_t


def _n_sim(n_sim: Any) -> int:
    """Validated number of Monte Carlo samples (an integer >= 100)."""
    try:
        k = int(n_sim)
    except (TypeError, ValueError):
        raise InputError(f"expected an integer, got {n_sim!r}", "n_sim") from None
    if k != n_sim or k < 100:
        raise InputError(f"need an integer of at least 100 simulations, got {n_sim!r}",
                         "n_sim")
    return k


def weibull_bias_table(
    sizes: Sequence[int], n_sim: int = 20_000, seed: int = 20210301
) -> dict[int, dict[str, float]]:
    """Monte Carlo unbiasing factors ``UF(n) = 1/E[m̂/m]`` and 2.5/97.5 % points of m̂/m.

    ``unbiasing_factor_se`` is the Monte Carlo standard error of ``UF`` (delta method,
    ``UF² sd(m̂/m)/√n_sim``).

    Raises
    ------
    InputError
        A sample size below 2 or fewer than 100 simulations.

    Examples
    --------
    >>> t = weibull_bias_table([10], n_sim=4000)
    >>> 0.82 < t[10]["unbiasing_factor"] < 0.89, t[10]["unbiasing_factor_se"] < 0.005
    (True, True)
    """
    k = _n_sim(n_sim)
    out = {}
    for n in sizes:
        if int(n) < 2:
            raise InputError(f"sample size must be >= 2, got {n}", "sizes")
        m, _ = _pivot_samples(int(n), k, int(seed))
        uf = float(1.0 / m.mean())
        out[int(n)] = {
            "unbiasing_factor": uf,
            "unbiasing_factor_se": float(uf**2 * np.std(m, ddof=1) / math.sqrt(k)),
            "ratio_q025": float(np.quantile(m, 0.025)),
            "ratio_q975": float(np.quantile(m, 0.975)),
        }
    return out


@dataclass
class WeibullFit:
    """A two-parameter Weibull fit.

    Attributes
    ----------
    method : str
        ``"mle"`` or ``"median-rank"``.
    shape_m : float
        Weibull modulus estimate as fitted (biased high for small n with MLE).
    shape_unbiased_m : float
        ``shape_m × UF(n)`` (MLE only; equals shape_m for median-rank).
    scale_x0 : float
        Characteristic value (63.2 % failure), same units as the data.
    shape_low, shape_high, scale_low, scale_high : float
        Confidence bounds (pivotal Monte Carlo for MLE; NaN where not computed).
    n_censored : int
        How many of the ``n`` values were right-censored.

    Examples
    --------
    >>> f = weibull_mle([0.42, 0.47, 0.50, 0.55, 0.61], n_sim=2000)
    >>> f.method, f.n, f.shape_unbiased_m < f.shape_m
    ('mle', 5, True)
    >>> round(f.to_dict()["scale_x0"], 3)
    0.53
    """

    method: str
    n: int
    shape_m: float
    shape_unbiased_m: float
    scale_x0: float
    shape_low: float
    shape_high: float
    scale_low: float
    scale_high: float
    confidence: float
    r_squared: float | None = None
    notes: list[str] = field(default_factory=list)
    n_censored: int = 0

    def cdf(self, x: float | np.ndarray) -> float | np.ndarray:
        """Failure probability at x with the fitted (as-estimated) parameters.

        Examples
        --------
        >>> f = WeibullFit("mle", 5, 2.0, 2.0, 1.0, 0, 0, 0, 0, 0.95)
        >>> round(float(f.cdf(1.0)), 4)
        0.6321
        """
        x = np.asarray(x, dtype=float)
        return 1.0 - np.exp(-((x / self.scale_x0) ** self.shape_m))

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


def weibull_mle(
    values: Sequence[float] | np.ndarray,
    confidence: float = 0.95,
    n_sim: int = 20_000,
    seed: int = 20210301,
    censored: Sequence[bool] | np.ndarray | None = None,
) -> WeibullFit:
    """Weibull maximum-likelihood fit with Monte Carlo bias correction and bounds.

    With `censored`, values flagged True are right-censored (the cell survived that value
    without failing): the likelihood takes their survival probability, and the bias and
    bounds come from a parametric bootstrap at the fitted parameters that censors each
    simulated cell at the same value as its real counterpart (``n_sim`` simulations; those
    without a single failure are dropped). Without censoring the pivots below are used.

    The pivots ``m̂*/m`` and ``m̂* ln(x̂0*/x0)`` do not depend on the true parameters, so
    their distribution for sample size n is simulated once from Weibull(1, 1) (``n_sim``
    samples, fixed ``seed``, cached) and gives

    * ``UF(n) = 1 / E[m̂*/m]``, ``m_unbiased = UF · m̂`` (ASTM C1239 practice);
    * ``m ∈ [m̂ / q(1-α/2), m̂ / q(α/2)]`` of ``m̂*/m``;
    * ``x0 ∈ [x̂0 exp(-q(1-α/2)/m̂), x̂0 exp(-q(α/2)/m̂)]`` of ``m̂* ln x̂0*``.

    Parameters
    ----------
    values : array_like
        At least 2 positive values (3 or more for a meaningful modulus).
    confidence : float
        Two-sided confidence level of the bounds.
    n_sim : int
        Monte Carlo samples for the pivots (20 000 gives UF to about ±0.3 %).
    seed : int
        Seed of the Monte Carlo (results are deterministic).
    censored : array_like of bool, optional
        Right-censored values (at least two values must be failures).

    Examples
    --------
    >>> f = weibull_mle([1.8, 2.1, 2.4, 2.0, 2.6, 1.5], n_sim=4000)
    >>> round(f.shape_m, 2), round(f.scale_x0, 3)
    (6.51, 2.22)
    >>> f.shape_low < f.shape_unbiased_m < f.shape_m < f.shape_high
    True

    Two cells that never shorted (censored at the highest current they carried):

    >>> g = weibull_mle([1.8, 2.1, 2.4, 2.0, 2.6, 2.6], n_sim=2000,
    ...                 censored=[False, False, False, False, True, True])
    >>> g.n, g.n_censored, g.scale_x0 > f.scale_x0
    (6, 2, True)
    """
    x = _values(values, "values", minimum=2, positive=True)
    conf = _confidence(confidence)
    k = _n_sim(n_sim)
    cens = _censored_mask(censored, x.size)
    if cens.any():
        return _weibull_censored(x, cens, conf, k, int(seed))
    if np.ptp(x) == 0:
        raise InputError("all values are equal: the Weibull modulus is infinite", "values")
    m_hat, x0_hat = (float(v[0]) for v in _mle(x[None, :]))
    pm, pt = _pivot_samples(x.size, k, int(seed))
    a = (1.0 - conf) / 2.0
    qm_lo, qm_hi = np.quantile(pm, [a, 1.0 - a])
    qt_lo, qt_hi = np.quantile(pt, [a, 1.0 - a])
    notes = []
    if x.size < 5:
        notes.append(f"n = {x.size}: the Weibull modulus is poorly determined; prefer the "
                     "t-interval of the mean")
    return WeibullFit(
        method="mle",
        n=int(x.size),
        shape_m=m_hat,
        shape_unbiased_m=m_hat / float(pm.mean()),
        scale_x0=x0_hat,
        shape_low=m_hat / float(qm_hi),
        shape_high=m_hat / float(qm_lo),
        scale_low=x0_hat * math.exp(-float(qt_hi) / m_hat),
        scale_high=x0_hat * math.exp(-float(qt_lo) / m_hat),
        confidence=conf,
        notes=notes,
    )


def _censored_mask(censored: Any, n: int) -> np.ndarray:
    if censored is None:
        return np.zeros(n, dtype=bool)
    c = np.asarray(censored)
    if c.shape != (n,):
        raise InputError(f"needs one flag per value ({n}), got shape {c.shape}", "censored")
    try:
        return c.astype(bool)
    except (TypeError, ValueError):
        raise InputError("flags must be True/False", "censored") from None


def _weibull_censored(x: np.ndarray, cens: np.ndarray, conf: float, k: int,
                      seed: int) -> WeibullFit:
    r = int((~cens).sum())
    if r < 2:
        raise InputError(f"{r} failure(s) among {x.size} values: a Weibull fit needs at "
                         "least two uncensored values", "censored")
    if np.ptp(x[~cens]) == 0 and x[cens].max() <= x[~cens].min():
        raise InputError("all failures are equal and no cell survived beyond them: the "
                         "Weibull modulus is infinite", "values")
    m_hat, x0_hat = (float(v[0]) for v in _mle_censored(x[None, :], ~cens[None, :]))
    pm, pt = _bootstrap_censored(x, cens, m_hat, x0_hat, k, seed)
    a = (1.0 - conf) / 2.0
    qm_lo, qm_hi = np.quantile(pm, [a, 1.0 - a])
    qt_lo, qt_hi = np.quantile(pt, [a, 1.0 - a])
    notes = [f"{int(cens.sum())} of {x.size} values right-censored; bias and bounds from "
             f"a parametric bootstrap ({pm.size} of {k} simulations with a failure)"]
    if r < 5:
        notes.append(f"{r} failures: the Weibull modulus is poorly determined")
    return WeibullFit(
        method="mle", n=int(x.size), shape_m=m_hat,
        shape_unbiased_m=m_hat / float(pm.mean()), scale_x0=x0_hat,
        shape_low=m_hat / float(qm_hi), shape_high=m_hat / float(qm_lo),
        scale_low=x0_hat * math.exp(-float(qt_hi) / m_hat),
        scale_high=x0_hat * math.exp(-float(qt_lo) / m_hat),
        confidence=conf, notes=notes, n_censored=int(cens.sum()),
    )


_RANKS = {
    "bernard": lambda i, n: (i - 0.3) / (n + 0.4),
    "hazen": lambda i, n: (i - 0.5) / n,
    "mean": lambda i, n: i / (n + 1.0),
}


def weibull_median_rank(
    values: Sequence[float] | np.ndarray, estimator: str = "bernard"
) -> WeibullFit:
    """Weibull fit by linear regression on the Weibull plot.

    ``Y = ln(-ln(1-P_i))`` is regressed on ``X = ln x_(i)`` with ``P_i`` the probability
    estimator of the i-th smallest value: Bernard median rank ``(i-0.3)/(n+0.4)`` (default),
    Hazen ``(i-0.5)/n`` or mean rank ``i/(n+1)``. ``m`` = slope, ``x0 = exp(-b/m)``.

    Examples
    --------
    >>> f = weibull_median_rank([1.8, 2.1, 2.4, 2.0, 2.6, 1.5])
    >>> round(f.shape_m, 2), round(f.scale_x0, 3)
    (5.32, 2.234)
    """
    if estimator not in _RANKS:
        raise InputError(
            f"unknown estimator {estimator!r}; expected one of {', '.join(_RANKS)}", "estimator"
        )
    x = np.sort(_values(values, "values", minimum=2, positive=True))
    if np.ptp(x) == 0:
        raise InputError("all values are equal: the Weibull modulus is infinite", "values")
    n = x.size
    p = _RANKS[estimator](np.arange(1, n + 1, dtype=float), n)
    xx = np.log(x)
    yy = np.log(-np.log1p(-p))
    slope, intercept = np.polyfit(xx, yy, 1)
    r = float(np.corrcoef(xx, yy)[0, 1])
    nan = float("nan")
    return WeibullFit(
        method=f"median-rank ({estimator})",
        n=n,
        shape_m=float(slope),
        shape_unbiased_m=float(slope),
        scale_x0=float(math.exp(-intercept / slope)),
        shape_low=nan,
        shape_high=nan,
        scale_low=nan,
        scale_high=nan,
        confidence=nan,
        r_squared=r * r,
    )


# ----------------------------------------------------------------------------- survival

@dataclass
class SurvivalCurve:
    """Kaplan-Meier survival curve of the CCD: the fraction of cells that survive (do not
    short at) a current density.

    Attributes
    ----------
    values : ndarray
        The distinct observed values (failures and censorings), ascending.
    survival : ndarray
        ``S`` just after each value (a right-continuous step function; ``S = 1`` below the
        first value).
    at_risk, failures, censored : ndarray of int
        Cells still in the test at each value, failures and censorings there.
    ci_low, ci_high : ndarray
        Greenwood confidence bounds on the log(-log) scale (NaN where ``S`` is 0 or 1 has
        no variance: 1 below the first failure).
    confidence : float
    median : float
        Smallest value with ``S <= 0.5`` (inf when the curve never gets there).

    Examples
    --------
    >>> c = kaplan_meier([1.0, 2.0, 3.0], censored=[False, True, False])
    >>> c.survival.round(4).tolist(), c.median
    ([0.6667, 0.6667, 0.0], 3.0)
    """

    values: np.ndarray
    survival: np.ndarray
    at_risk: np.ndarray
    failures: np.ndarray
    censored: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    confidence: float
    median: float

    def __call__(self, x: float | np.ndarray) -> np.ndarray:
        """``S(x)``: the step function (1 below the first value).

        Examples
        --------
        >>> c = kaplan_meier([1.0, 2.0], censored=[False, False])
        >>> c([0.5, 1.0, 1.5, 2.0]).tolist()
        [1.0, 0.5, 0.5, 0.0]
        """
        k = np.searchsorted(self.values, np.asarray(x, dtype=float), side="right")
        return np.where(k == 0, 1.0, self.survival[np.maximum(k - 1, 0)])

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (lists)."""
        return {k: (v.tolist() if isinstance(v, np.ndarray) else v)
                for k, v in asdict(self).items()}

    def to_frame(self) -> Any:
        """One row per distinct value."""
        import pandas as pd

        d = self.to_dict()
        return pd.DataFrame({k: d[k] for k in ("values", "survival", "at_risk", "failures",
                                               "censored", "ci_low", "ci_high")})


def kaplan_meier(values: Sequence[float] | np.ndarray,
                 censored: Sequence[bool] | np.ndarray | None = None,
                 confidence: float = 0.95) -> SurvivalCurve:
    """Kaplan-Meier estimate of the survival function with right-censored values.

    ``S(x) = prod_{x_i <= x} (1 - d_i / n_i)`` over the distinct values ``x_i`` with
    ``d_i`` failures and ``n_i`` cells at risk (a cell censored at ``x_i`` is at risk
    there: it survived ``x_i``). Bounds: ``exp(-exp(ln(-ln S) ± z sqrt(V) / ln S))`` with
    Greenwood's ``V = sum d_i / (n_i (n_i - d_i))`` (Kalbfleisch and Prentice).

    Parameters
    ----------
    values : array_like
        Failure values (CCD) and censoring values (the highest current density a cell that
        did not short carried).
    censored : array_like of bool, optional
        True for the censored values.
    confidence : float
        Of the pointwise bounds.

    Examples
    --------
    >>> c = kaplan_meier([0.4, 0.5, 0.5, 0.6, 0.7], censored=[False, False, True, False, True])
    >>> [round(v, 4) for v in c.survival.tolist()], c.median
    ([0.8, 0.6, 0.3, 0.3], 0.6)
    """
    from scipy import stats

    x = _values(values, "values", minimum=1)
    cens = _censored_mask(censored, x.size)
    conf = _confidence(confidence)
    u, inv = np.unique(x, return_inverse=True)
    d = np.bincount(inv, weights=~cens, minlength=u.size).astype(np.int64)
    c = np.bincount(inv, weights=cens, minlength=u.size).astype(np.int64)
    leaving = d + c
    n_risk = x.size - np.concatenate([[0], np.cumsum(leaving)[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        surv = np.cumprod(1.0 - d / n_risk)
        gw = np.cumsum(np.where(n_risk > d, d / (n_risk * (n_risk - d)), np.inf))
        z = float(stats.norm.ppf(0.5 + conf / 2.0))
        ls = np.log(surv)
        ll = np.log(-ls)
        half = z * np.sqrt(gw) / ls
        lo = np.exp(-np.exp(ll - half))
        hi = np.exp(-np.exp(ll + half))
    bad = ~((surv > 0) & (surv < 1) & np.isfinite(gw))
    lo = np.where(bad, np.nan, lo)
    hi = np.where(bad, np.nan, hi)
    below = np.flatnonzero(surv <= 0.5)
    med = float(u[below[0]]) if below.size else float("inf")
    return SurvivalCurve(u, surv, n_risk.astype(np.int64), d, c, lo, hi, conf, med)


# ----------------------------------------------------------------------------- regression

@dataclass
class LinearFit:
    """Ordinary least squares ``y = intercept + slope x`` with standard errors.

    Examples
    --------
    >>> f = linear_fit([0, 1, 2, 3], [1.0, 3.1, 4.9, 7.0])
    >>> round(f.slope, 3), round(f.intercept, 3)
    (1.98, 1.03)
    """

    n: int
    slope: float
    intercept: float
    slope_stderr: float
    intercept_stderr: float
    residual_sd: float
    r_squared: float
    x_mean: float
    sxx: float
    t_value: float
    confidence: float

    def predict(self, x: float | np.ndarray) -> float | np.ndarray:
        """Fitted mean line at x.

        Examples
        --------
        >>> f = linear_fit([0, 1, 2, 3], [1.0, 3.0, 5.0, 7.0])
        >>> float(f.predict(1.5)), f.predict([0.0, 4.0]).tolist()
        (4.0, [1.0, 9.0])
        """
        return self.intercept + self.slope * np.asarray(x, dtype=float)

    def band(self, x: float | np.ndarray, prediction: bool = False) -> tuple[Any, Any]:
        """Lower and upper confidence band of the mean line at x (or the prediction band).

        ``ŷ ± t s √(1/n + (x - x̄)²/Sxx)`` (``+ 1`` under the root for prediction).

        Examples
        --------
        >>> f = linear_fit([0, 1, 2, 3], [1.0, 3.1, 4.9, 7.0])
        >>> lo, hi = f.band(1.5)
        >>> round(float(hi - lo), 4)
        0.4082
        """
        x = np.asarray(x, dtype=float)
        extra = 1.0 if prediction else 0.0
        half = self.t_value * self.residual_sd * np.sqrt(
            extra + 1.0 / self.n + (x - self.x_mean) ** 2 / self.sxx
        )
        y = self.predict(x)
        return y - half, y + half

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


def linear_fit(
    x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray, confidence: float = 0.95
) -> LinearFit:
    """Least-squares line with the t-based confidence band (Fig. 6b: CCD vs yield stress).

    Raises
    ------
    InputError
        Fewer than 3 points (no residual degree of freedom), mismatched lengths, or all x
        equal.

    Examples
    --------
    >>> f = linear_fit([1.74, 0.41, 0.24], [0.50, 2.2, 2.1])
    >>> round(f.slope, 3)
    -1.147
    """
    from scipy import stats

    xv = _values(x, "x", minimum=3)
    yv = _values(y, "y", minimum=3)
    if xv.size != yv.size:
        raise InputError(f"x has {xv.size} values but y has {yv.size}", "y")
    conf = _confidence(confidence)
    n = xv.size
    xm = float(xv.mean())
    sxx = float(np.sum((xv - xm) ** 2))
    if sxx == 0:
        raise InputError("all x values are equal: the slope is undefined", "x")
    slope = float(np.sum((xv - xm) * (yv - yv.mean())) / sxx)
    intercept = float(yv.mean() - slope * xm)
    resid = yv - (intercept + slope * xv)
    s = float(math.sqrt(np.sum(resid**2) / (n - 2)))
    syy = float(np.sum((yv - yv.mean()) ** 2))
    r2 = 1.0 - float(np.sum(resid**2)) / syy if syy > 0 else 1.0
    return LinearFit(
        n=n,
        slope=slope,
        intercept=intercept,
        slope_stderr=s / math.sqrt(sxx),
        intercept_stderr=s * math.sqrt(1.0 / n + xm**2 / sxx),
        residual_sd=s,
        r_squared=r2,
        x_mean=xm,
        sxx=sxx,
        t_value=float(stats.t.ppf(0.5 + conf / 2.0, n - 2)),
        confidence=conf,
    )


# ----------------------------------------------------------------------------- catalog

@dataclass
class GroupSummary:
    """Summary of one group (electrode type) of CCD values.

    ``n`` counts the finite values summarised (failures and censored); ``n_censored`` the
    right-censored ones (cells that did not short); ``n_dropped`` the missing (NaN, empty)
    or infinite values of the group that were left out. ``mean``, ``sd``, the t-interval and
    the range are over the failures only; the Weibull fit (``weibull_m`` as estimated,
    ``weibull_m_unbiased`` with the small-sample bias removed) and the Kaplan-Meier median
    ``km_median`` take the censored cells into account.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"electrode": ["Li"] * 3, "ccd_mA_cm2": [0.4, 0.5, 0.6]})
    >>> summarize_groups(df)[0].mean
    0.5
    """

    group: str
    n: int
    mean: float
    sd: float
    ci_low: float
    ci_high: float
    minimum: float
    maximum: float
    weibull_m: float | None = None
    weibull_m_unbiased: float | None = None
    weibull_x0: float | None = None
    n_dropped: int = 0
    n_censored: int = 0
    km_median: float | None = None
    weibull_m_low: float | None = None
    weibull_m_high: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


def summarize_groups(
    frame: Any,
    group_column: str = "electrode",
    value_column: str = "ccd_mA_cm2",
    confidence: float = 0.95,
    weibull_min_n: int = 3,
    censored_column: str | None = "censored",
) -> list[GroupSummary]:
    """Mean, t-interval, range and (n ≥ ``weibull_min_n``) Weibull MLE per group.

    When the frame has a `censored_column` (True for a cell that did not short, its value
    the highest current density it carried), those rows are right-censored: counted in
    ``n_censored``, left out of the mean and t-interval, and taken into account by the
    Weibull fit (at least two failures) and the Kaplan-Meier median.

    Missing (NaN/empty) and infinite values are left out of the statistics and counted in
    ``n_dropped`` of their group (a group with none left has ``n = 0`` and NaN
    statistics); rows without a group label form the group ``"(none)"``. Nothing is
    dropped silently. Groups with a single value get NaN for SD
    and the interval.

    Raises
    ------
    InputError
        Missing columns (the message lists the columns found) or non-numeric values.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"electrode": ["K", "K", "Li"], "ccd_mA_cm2": [2.0, 2.2, 0.5]})
    >>> [(g.group, g.n) for g in summarize_groups(df)]
    [('K', 2), ('Li', 1)]
    >>> df = pd.DataFrame({"electrode": ["K", "K", "K"], "ccd_mA_cm2": [2.0, None, 2.2]})
    >>> g = summarize_groups(df)[0]
    >>> g.n, g.n_dropped, round(g.mean, 3)
    (2, 1, 2.1)
    >>> df = pd.DataFrame({"electrode": ["K"] * 4, "ccd_mA_cm2": [2.0, 2.5, 2.2, 3.0],
    ...                    "censored": [False, False, False, True]})
    >>> g = summarize_groups(df)[0]
    >>> g.n, g.n_censored, round(g.mean, 3), g.km_median
    (4, 1, 2.233, 2.2)
    """
    cols = [str(c) for c in getattr(frame, "columns", [])]
    for col in (group_column, value_column):
        if col not in cols:
            raise InputError(f"column {col!r} not found; columns are {cols}", col)
    out = []
    nan = float("nan")
    labels = frame[group_column].astype(object).where(frame[group_column].notna(), "(none)")
    has_cens = censored_column is not None and censored_column in cols
    for name, sub in frame.groupby(labels, sort=True):
        try:
            v = np.asarray(sub[value_column], dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"non-numeric values in group {name!r}", value_column) from None
        if has_cens:
            cv = sub[censored_column]
            if cv.isna().any():
                raise InputError(f"empty flags in group {name!r} (expected True/False)",
                                 str(censored_column))
            c = np.asarray(cv.astype(bool), dtype=bool)
        else:
            c = np.zeros(v.size, dtype=bool)
        finite = np.isfinite(v)
        dropped = int(v.size - finite.sum())
        v, c = v[finite], c[finite]
        f = v[~c]
        if v.size == 0:
            out.append(GroupSummary(str(name), 0, nan, nan, nan, nan, nan, nan,
                                    n_dropped=dropped))
            continue
        if f.size >= 2:
            ci = mean_ci(f, confidence)
            sd, lo, hi = ci.sd, ci.low, ci.high
        else:
            sd = lo = hi = nan
        g = GroupSummary(str(name), int(v.size), float(f.mean()) if f.size else nan, sd, lo,
                         hi, float(f.min()) if f.size else nan,
                         float(f.max()) if f.size else nan, n_dropped=dropped,
                         n_censored=int(c.sum()))
        if c.any() or f.size:
            km = kaplan_meier(v, c, confidence)
            g.km_median = km.median if np.isfinite(km.median) else None
        if (v.size >= weibull_min_n and f.size >= 2 and np.all(v > 0)
                and (np.ptp(f) > 0 or (c.any() and v[c].max() > f.min()))):
            w = weibull_mle(v, confidence, censored=c)
            g.weibull_m, g.weibull_m_unbiased, g.weibull_x0 = (
                w.shape_m, w.shape_unbiased_m, w.scale_x0)
            g.weibull_m_low, g.weibull_m_high = w.shape_low, w.shape_high
        out.append(g)
    return out


def read_catalog(db_path: str | Path, analysis_key: str | None = None,
                 include_censored: bool = True) -> Any:
    """The CCDs of a results catalog (:mod:`semisolid.ccd.catalog`) as a DataFrame with
    the columns ``electrode``, ``ccd_mA_cm2`` and ``censored``, ready for
    :func:`summarize_groups`.

    The catalog decides what counts (:meth:`~semisolid.ccd.catalog.Catalog.ccd_table`):

    * every cell counts once: its latest analysis (the catalog holds one result per cell
      and detector setting), or its analysis under `analysis_key`; the same rule as
      :meth:`~semisolid.ccd.catalog.Catalog.summary`;
    * ``'short'`` results are CCDs; a cell that did not short is a right-censored
      observation at the highest current density it carried (``censored`` True), unless
      ``include_censored=False``; constant-current tests have no CCD and are left out.

    The file is opened read-only. Any other table (a CSV, another database) is read with
    pandas and passed to :func:`summarize_groups` directly.

    Raises
    ------
    DatabaseError
        No such file, not an SQLite file, or not a semisolid catalog (the message lists the
        tables found).

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData
    >>> from semisolid.ccd import detect
    >>> from semisolid.ccd.catalog import Catalog, CatalogEntry, CellInfo
    >>> i = np.repeat([1e-4, -1e-4, 3e-4, -3e-4], 50)      # 0.1 then 0.3 mA/cm2 on 1 cm2
    >>> v = np.where(np.arange(200) < 150, 0.02 * np.sign(i), 1e-4 * np.sign(i))  # a short
    >>> rec = CyclingData.from_arrays(np.arange(200) * 60.0, v, i)
    >>> p = os.path.join(tempfile.mkdtemp(), "c.sqlite")
    >>> with Catalog(p) as cat:
    ...     _ = cat.add([CatalogEntry(CellInfo("K", "KBA"), detect(rec, 1e-4), rec)])
    >>> read_catalog(p).to_dict("records")
    [{'electrode': 'K', 'ccd_mA_cm2': 0.3, 'censored': False}]
    """
    from semisolid.ccd.catalog import Catalog

    with Catalog(db_path, readonly=True) as cat:
        table = cat.ccd_table(analysis_key, include_censored=include_censored)
    return table[["electrode", "ccd_mA_cm2", "censored"]]
