"""Statistics with right-censoring against independent implementations: scipy's
``weibull_min.fit`` on ``CensoredData`` (a numerical optimiser of the full likelihood) and
``scipy.stats.ecdf`` (Kaplan-Meier with Greenwood log-log bounds); lifelines where it is
installed (it needs pandas < 3, so it is not a dev dependency: devonly); analytical limits
and seeded simulations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from semisolid.errors import InputError
from semisolid.stats import kaplan_meier, summarize_groups, weibull_mle


def _loglik(x, cens, m, x0):
    d = sps.weibull_min(m, scale=x0)
    return float(d.logpdf(x[~cens]).sum() + d.logsf(x[cens]).sum())


def _scipy_fit(x, cens):
    m, _, x0 = sps.weibull_min.fit(sps.CensoredData.right_censored(x, cens), floc=0)
    return m, x0


def _sample(seed, n=12, m=4.0, x0=2.0, c=2.1):
    """Weibull(m, x0) CCDs; cells that would short above `c` stop there (censored)."""
    x = x0 * np.random.default_rng(seed).weibull(m, n)
    cens = x > c
    return np.where(cens, c, x), cens


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_censored_weibull_mle_matches_scipy(seed):
    """Our profile-likelihood root against scipy's optimiser of the full censored
    likelihood: the same maximum (ours at least as high), the same parameters to 1e-4."""
    x, cens = _sample(seed)
    assert 0 < cens.sum() < x.size - 1
    f = weibull_mle(x, censored=cens, n_sim=500)
    m, x0 = _scipy_fit(x, cens)
    assert f.shape_m == pytest.approx(m, rel=1e-4)
    assert f.scale_x0 == pytest.approx(x0, rel=1e-4)
    assert _loglik(x, cens, f.shape_m, f.scale_x0) >= _loglik(x, cens, m, x0) - 1e-9
    assert f.n_censored == int(cens.sum()) and f.n == x.size


def test_uncensored_path_is_unchanged():
    x = [1.8, 2.1, 2.4, 2.0, 2.6, 1.5]
    a = weibull_mle(x, n_sim=2000)
    b = weibull_mle(x, n_sim=2000, censored=[False] * 6)
    assert a.to_dict() == b.to_dict()
    m, _, _ = sps.weibull_min.fit(x, floc=0)
    assert a.shape_m == pytest.approx(m, rel=1e-4)


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_kaplan_meier_matches_scipy_ecdf(seed):
    x, cens = _sample(seed, n=15)
    x = np.round(x, 1)                                   # ties, as in stepped CCD data
    c = kaplan_meier(x, censored=cens)
    ref = sps.ecdf(sps.CensoredData.right_censored(x, cens)).sf
    np.testing.assert_allclose(c(c.values), ref.evaluate(c.values), rtol=1e-12)
    ci = ref.confidence_interval(0.95, method="log-log")
    ok = np.isfinite(c.ci_low)
    np.testing.assert_allclose(c.ci_low[ok], ci.low.evaluate(c.values)[ok], rtol=1e-9)
    np.testing.assert_allclose(c.ci_high[ok], ci.high.evaluate(c.values)[ok], rtol=1e-9)


@pytest.mark.devonly
def test_censored_fits_match_lifelines():
    """lifelines (MIT; needs pandas < 3, hence not a dev dependency) where it is installed:
    Weibull shape and scale to 2e-5, Kaplan-Meier and its bounds to 1e-9 (measured with
    lifelines 0.30.3)."""
    lifelines = pytest.importorskip("lifelines")
    for seed in (1, 2, 3, 5, 6):
        x, cens = _sample(seed, n=15)
        x = np.round(x, 1)
        f = weibull_mle(x, censored=cens, n_sim=200)
        ref = lifelines.WeibullFitter().fit(x, event_observed=~cens)
        assert f.shape_m == pytest.approx(ref.rho_, rel=2e-5)
        assert f.scale_x0 == pytest.approx(ref.lambda_, rel=2e-5)
        c = kaplan_meier(x, censored=cens)
        km = lifelines.KaplanMeierFitter().fit(x, event_observed=~cens)
        np.testing.assert_allclose(c.survival, km.survival_function_.iloc[:, 0]
                                   .loc[c.values].to_numpy(), rtol=1e-12)
        ci = km.confidence_interval_.loc[c.values].to_numpy()
        ok = np.isfinite(c.ci_low)
        np.testing.assert_allclose(c.ci_low[ok], ci[ok, 0], rtol=1e-9)
        np.testing.assert_allclose(c.ci_high[ok], ci[ok, 1], rtol=1e-9)
        assert c.median == pytest.approx(km.median_survival_time_)


def test_kaplan_meier_limits():
    # no censoring: the empirical survival function
    x = np.array([3.0, 1.0, 2.0, 2.0])
    c = kaplan_meier(x)
    assert c.survival.tolist() == [0.75, 0.25, 0.0]
    assert c([0.5, 1.0, 2.5, 9.0]).tolist() == [1.0, 0.75, 0.25, 0.0]
    # everything censored: nobody fails
    c = kaplan_meier([1.0, 2.0], censored=[True, True])
    assert c.survival.tolist() == [1.0, 1.0] and c.median == float("inf")
    with pytest.raises(InputError, match="censored: needs one flag per value"):
        kaplan_meier([1.0, 2.0], censored=[True])


def test_censored_fit_needs_two_failures():
    with pytest.raises(InputError, match="1 failure"):
        weibull_mle([1.0, 2.0, 3.0], censored=[False, True, True])


@pytest.mark.slow
def test_censored_bounds_cover_the_true_modulus():
    """Seeded simulations (n = 10, about 30 % censored): the 90 % bounds of m from the
    censoring bootstrap cover the true modulus in about 90 % of samples (measured 133/150),
    and the unbiased modulus is unbiased (mean 4.00 for a true 4, the MLE's 4.75)."""
    hits = 0
    trials = 150
    m_hat, m_unb = [], []
    for seed in range(trials):
        x, cens = _sample(100 + seed, n=10, m=4.0, x0=2.0, c=2.1)
        if (~cens).sum() < 2:
            continue
        f = weibull_mle(x, confidence=0.9, censored=cens, n_sim=400, seed=seed)
        hits += f.shape_low <= 4.0 <= f.shape_high
        m_hat.append(f.shape_m)
        m_unb.append(f.shape_unbiased_m)
    assert 0.83 <= hits / trials <= 0.97
    assert np.mean(m_hat) > 1.1 * 4.0                  # the MLE is biased high ...
    assert np.mean(m_unb) == pytest.approx(4.0, rel=0.05)   # ... the corrected one is not


@pytest.mark.slow
def test_groups_count_censored_cells():
    """Cells that never shorted are right-censored, not dropped (issue 15)."""
    df = pd.DataFrame({"electrode": ["K"] * 5 + ["Li"] * 3,
                       "ccd_mA_cm2": [2.0, 2.5, 3.0, 3.5, 3.5, 0.4, 0.5, 0.6],
                       "censored": [False, False, False, True, True, False, False, False]})
    k, li = summarize_groups(df)
    assert (k.n, k.n_censored, k.mean) == (5, 2, pytest.approx(2.5))
    m, x0 = _scipy_fit(df["ccd_mA_cm2"][:5].to_numpy(), df["censored"][:5].to_numpy())
    assert k.weibull_m == pytest.approx(m, rel=1e-4)
    assert k.weibull_x0 == pytest.approx(x0, rel=1e-4)
    assert k.weibull_m_unbiased < k.weibull_m
    assert k.km_median == 3.0 and li.n_censored == 0
