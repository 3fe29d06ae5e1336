"""Figures of mechanics, statistics and models (matplotlib, imported lazily).

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot (no global
state, no display needed); save it with ``fig.savefig(path)``.

Examples
--------
>>> fig = plot_model_ccd()
>>> len(fig.axes)
1
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["plot_ccd_vs_yield", "plot_model_ccd", "plot_virtual_cell", "plot_weibull"]


def _figure(size: tuple[float, float] = (5.0, 3.8)) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained")


def plot_ccd_vs_yield(
    yield_stress_MPa: Sequence[float], ccd_mA_cm2: Sequence[float],
    labels: Sequence[str] | None = None, confidence: float = 0.95,
) -> Any:
    """CCD vs equivalent yield stress with the least-squares line and its confidence band
    (Fig. 6b).

    Examples
    --------
    >>> fig = plot_ccd_vs_yield([1.74, 1.74, 0.41, 0.41, 0.24], [0.4, 0.6, 2.0, 2.4, 2.2])
    >>> fig.axes[0].get_xlabel()
    'Equivalent yield stress (MPa)'
    """
    from semisolid.stats import linear_fit

    x = np.asarray(yield_stress_MPa, dtype=float)
    y = np.asarray(ccd_mA_cm2, dtype=float)
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot(x, y, "o", color="k", label="cells")
    if labels is not None:
        for xi, yi, t in zip(x, y, labels, strict=True):
            ax.annotate(t, (xi, yi), textcoords="offset points", xytext=(4, 4), fontsize=8)
    if x.size >= 3 and np.ptp(x) > 0:
        f = linear_fit(x, y, confidence)
        xs = np.linspace(0, x.max() * 1.1, 100)
        lo, hi = f.band(xs)
        ax.plot(xs, f.predict(xs), color="0.4", label=f"fit, R² = {f.r_squared:.2f}")
        ax.fill_between(xs, lo, hi, color="0.8", label=f"{int(confidence * 100)}% band")
    ax.set_xlabel("Equivalent yield stress (MPa)")
    ax.set_ylabel("CCD (mA cm$^{-2}$)")
    ax.legend(frameon=False)
    return fig


def plot_model_ccd(params: Any = None) -> Any:
    """Model mean CCD (with 5-95 % range) per electrode against the calibration targets.

    Examples
    --------
    >>> fig = plot_model_ccd()
    >>> fig.axes[0].get_yscale()
    'log'
    """
    from semisolid.models import flow_ccd

    names = list(flow_ccd.ELECTRODE_PRESETS)
    res = [flow_ccd.predict(n, params) for n in names]
    fig = _figure()
    ax = fig.add_subplot()
    pos = np.arange(len(names))
    mean = np.array([r.mean_ccd_mA_cm2 for r in res])
    lo = np.array([r.quantiles_mA_cm2["p05"] for r in res])
    hi = np.array([r.quantiles_mA_cm2["p95"] for r in res])
    ax.bar(pos, mean, color="0.7", label="model mean")
    ax.errorbar(pos, mean, yerr=[mean - lo, hi - mean], fmt="none", ecolor="k", capsize=3,
                label="5-95 %")
    tgt = [flow_ccd.PAPER_MEAN_CCD_mA_cm2.get(n, np.nan) for n in names]
    ax.plot(pos, tgt, "D", color="C3", label="paper / derived mean")
    ax.set_xticks(pos, names)
    ax.set_yscale("log")
    ax.set_ylabel("CCD (mA cm$^{-2}$)")
    ax.legend(frameon=False, fontsize=8)
    return fig


def plot_weibull(values: Sequence[float], fit: Any = None) -> Any:
    """Weibull plot (ln x vs ln(-ln(1-P)), Bernard ranks) with the fitted line.

    Examples
    --------
    >>> fig = plot_weibull([1.8, 2.1, 2.4, 2.0, 2.6, 1.5])
    >>> fig.axes[0].get_xlabel()
    'ln CCD'
    """
    from semisolid.stats import weibull_mle

    x = np.sort(np.asarray(values, dtype=float))
    f = fit or weibull_mle(x)
    n = x.size
    p = (np.arange(1, n + 1) - 0.3) / (n + 0.4)
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot(np.log(x), np.log(-np.log1p(-p)), "o", color="k", label="data (Bernard ranks)")
    xs = np.linspace(np.log(x.min()) - 0.2, np.log(x.max()) + 0.2, 50)
    ax.plot(xs, f.shape_m * (xs - np.log(f.scale_x0)), color="C0",
            label=f"m = {f.shape_m:.2f}, x0 = {f.scale_x0:.3g}")
    ax.set_xlabel("ln CCD")
    ax.set_ylabel("ln(-ln(1 - P))")
    ax.legend(frameon=False)
    return fig


def plot_virtual_cell(data: Any) -> Any:
    """Current density and voltage of a (virtual or real) record vs time, with the onset.

    Examples
    --------
    >>> from semisolid.models.virtual_cell import simulate_cell
    >>> fig = plot_virtual_cell(simulate_cell("K/KBA/K", seed=1))
    >>> len(fig.axes)
    2
    """
    fig = _figure((6.0, 4.5))
    ax1, ax2 = fig.subplots(2, 1, sharex=True)
    t_h = data.time_s / 3600.0
    area = data.metadata.extra.get("area_m2") or data.metadata.header_area_m2 or 1e-4
    j = data.set_current_A / area / 10.0
    ax1.plot(t_h, j, color="C0", lw=0.8)
    ax1.set_ylabel("j (mA cm$^{-2}$)")
    ax2.plot(t_h, data.voltage_V, color="k", lw=0.6)
    ax2.set_ylabel("V (V)")
    ax2.set_xlabel("time (h)")
    t_on = data.metadata.extra.get("onset_time_s")
    if t_on is not None:
        for ax in (ax1, ax2):
            ax.axvline(t_on / 3600.0, color="C3", ls="--", lw=0.8)
    return fig
