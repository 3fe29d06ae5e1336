"""Figures of mechanics, statistics and models: CCD against yield stress (Fig. 6b), the flow
model's means, Weibull plots and virtual-cell records.

Every function draws results computed elsewhere (:mod:`semisolid.stats`,
:mod:`semisolid.models`) and returns a :class:`matplotlib.figure.Figure` built without
pyplot; write it with :func:`semisolid.plots.save_figure`.

Examples
--------
>>> from semisolid.models import flow_ccd
>>> fig = plot_model_ccd([flow_ccd.predict("Li"), flow_ccd.predict("K")])
>>> len(fig.axes)
1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from semisolid.plots._figure import axes_or_new, new_figure

__all__ = ["plot_ccd_vs_yield", "plot_model_ccd", "plot_out_of_sample", "plot_virtual_cell",
           "plot_weibull"]


def plot_ccd_vs_yield(
    yield_stress_MPa: Sequence[float],
    ccd_mA_cm2: Sequence[float],
    *,
    labels: Sequence[str] | None = None,
    yield_sd_MPa: Sequence[float] | None = None,
    ccd_interval_mA_cm2: Sequence[tuple[float, float]] | None = None,
    fit: Any = None,
    model_curve: tuple[Sequence[float], Sequence[float]] | None = None,
    paper_points: Mapping[str, tuple[float, float]] | None = None,
    x_max_MPa: float | None = None,
    ax: Any = None,
) -> Any:
    """Fig. 6b: CCD against equivalent yield stress (H/3), with a fitted line and its band.

    Parameters
    ----------
    yield_stress_MPa, ccd_mA_cm2 : sequence of float
        One point per cell, or one per metal (a mean).
    labels : sequence of str, optional
        Legend label of each point; points with the same label are one series.
    yield_sd_MPa : sequence of float, optional
        Horizontal error bars (standard deviation of the yield stress).
    ccd_interval_mA_cm2 : sequence of (low, high), optional
        Vertical error bars (e.g. the 95 % interval of a mean).
    fit : semisolid.stats.LinearFit, optional
        Drawn as a line with its confidence band (:func:`semisolid.stats.linear_fit`).
    model_curve : (yield MPa, CCD) arrays, optional
        A model's prediction (e.g. the flow-limited model), dashed.
    paper_points : mapping, optional
        Label -> (yield MPa, CCD) of the paper's values, drawn as stars.
    x_max_MPa : float, optional
        Right end of the axis and of the fitted line (default 2.0 MPa, or 1.1 x the largest
        yield stress when that is larger).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from semisolid.stats import linear_fit
    >>> x, y = [1.74, 1.74, 0.41, 0.41, 0.24], [0.4, 0.6, 2.0, 2.4, 2.2]
    >>> fig = plot_ccd_vs_yield(x, y, labels=["Li", "Li", "Na", "Na", "K"], fit=linear_fit(x, y))
    >>> fig.axes[0].get_xlabel()
    'Equivalent yield stress H/3 (MPa)'
    """
    x = np.asarray(yield_stress_MPa, dtype=float)
    y = np.asarray(ccd_mA_cm2, dtype=float)
    if x.shape != y.shape:
        from semisolid.errors import InputError

        raise InputError(f"{x.size} yield stresses for {y.size} CCDs", "ccd_mA_cm2")
    fig, ax = axes_or_new(ax, (6.0, 4.4), layout=None)
    labs = list(labels) if labels is not None else [""] * x.size
    xerr = None if yield_sd_MPa is None else np.asarray(yield_sd_MPa, dtype=float)
    yerr = None
    if ccd_interval_mA_cm2 is not None:
        iv = np.asarray(ccd_interval_mA_cm2, dtype=float).reshape(-1, 2)
        yerr = np.vstack([y - iv[:, 0], iv[:, 1] - y])
    for lab in dict.fromkeys(labs):
        sel = np.array([v == lab for v in labs])
        ax.errorbar(x[sel], y[sel], xerr=None if xerr is None else xerr[sel],
                    yerr=None if yerr is None else yerr[:, sel], fmt="o", capsize=3,
                    label=lab or "cells")
    x_max = x_max_MPa if x_max_MPa is not None else max(2.0, 1.1 * float(np.max(x, initial=0)))
    if fit is not None:
        xx = np.linspace(0.0, x_max, 100)
        ax.plot(xx, fit.predict(xx), color="0.4", lw=1.2,
                label=f"linear fit, R² = {fit.r_squared:.2f}")
        lo, hi = fit.band(xx)
        ax.fill_between(xx, lo, hi, color="0.8", alpha=0.6,
                        label=f"{100 * fit.confidence:g} % band")
    if model_curve is not None:
        ax.plot(model_curve[0], model_curve[1], color="C3", ls="--", label="flow model")
    for lab, (px, py) in (paper_points or {}).items():
        ax.plot(px, py, marker="*", ms=13, color="gold", markeredgecolor="k", ls="none",
                label=f"{lab} (paper mean)")
    ax.set_xlabel("Equivalent yield stress H/3 (MPa)")
    ax.set_ylabel("CCD (mA cm$^{-2}$)")
    ax.set_xlim(0, x_max)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=7)
    return fig


def plot_model_ccd(results: Sequence[Any], targets_mA_cm2: Mapping[str, float] | None = None,
                   ax: Any = None) -> Any:
    """Mean CCD (with the 5-95 % range) per electrode from the flow model, and the means the
    model was calibrated against.

    Parameters
    ----------
    results : sequence of FlowCCDResult
        From :func:`semisolid.models.flow_ccd.predict`.
    targets_mA_cm2 : mapping, optional
        Electrode -> target mean (e.g. :data:`semisolid.models.flow_ccd.PAPER_MEAN_CCD_mA_cm2`).
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> from semisolid.models import flow_ccd
    >>> res = [flow_ccd.predict(n) for n in ("Li", "B")]
    >>> plot_model_ccd(res, flow_ccd.PAPER_MEAN_CCD_mA_cm2).axes[0].get_yscale()
    'log'
    """
    fig, ax = axes_or_new(ax, (5.0, 3.8))
    names = [r.electrode for r in results]
    pos = np.arange(len(names))
    mean = np.array([r.mean_ccd_mA_cm2 for r in results])
    lo = np.array([r.quantiles_mA_cm2["p05"] for r in results])
    hi = np.array([r.quantiles_mA_cm2["p95"] for r in results])
    ax.bar(pos, mean, color="0.7", label="model mean")
    ax.errorbar(pos, mean, yerr=[mean - lo, hi - mean], fmt="none", ecolor="k", capsize=3,
                label="5-95 %")
    if targets_mA_cm2:
        tgt = [targets_mA_cm2.get(n, np.nan) for n in names]
        ax.plot(pos, tgt, "D", color="C3", label="paper / derived mean")
    ax.set_xticks(pos, names)
    ax.set_yscale("log")
    ax.set_ylabel("CCD (mA cm$^{-2}$)")
    ax.legend(frameon=False, fontsize=8)
    return fig


def plot_weibull(values: Sequence[float], fit: Any, ax: Any = None) -> Any:
    """Weibull plot (ln x vs ln(-ln(1-P)), Bernard ranks) with the fitted line.

    Parameters
    ----------
    values : sequence of float
        The sample (e.g. CCDs of the cells).
    fit : WeibullFit
        From :func:`semisolid.stats.weibull_mle` (or another Weibull fit of `values`).
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> from semisolid.stats import weibull_mle
    >>> x = [1.8, 2.1, 2.4, 2.0, 2.6, 1.5]
    >>> plot_weibull(x, weibull_mle(x)).axes[0].get_xlabel()
    'ln CCD'
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    p = (np.arange(1, n + 1) - 0.3) / (n + 0.4)
    fig, ax = axes_or_new(ax, (5.0, 3.8))
    ax.plot(np.log(x), np.log(-np.log1p(-p)), "o", color="k", label="data (Bernard ranks)")
    xs = np.linspace(np.log(x.min()) - 0.2, np.log(x.max()) + 0.2, 50)
    ax.plot(xs, fit.shape_m * (xs - np.log(fit.scale_x0)), color="C0",
            label=f"m = {fit.shape_m:.2f}, x0 = {fit.scale_x0:.3g}")
    ax.set_xlabel("ln CCD")
    ax.set_ylabel("ln(-ln(1 - P))")
    ax.legend(frameon=False)
    return fig


def plot_out_of_sample(
    labels: Sequence[str],
    measured: Sequence[tuple[float, float, float]],
    predicted: Sequence[tuple[float, float, float]],
    *,
    groups: Sequence[str] | None = None,
    factor: float = 2.0,
    ax: Any = None,
) -> Any:
    """Predicted against measured CCD on log axes, with the 1:1 line and a band of
    ``× / ÷ factor`` (out-of-sample validation of a model).

    Parameters
    ----------
    labels : sequence of str
        Name of each point (written beside it).
    measured, predicted : sequence of (central, low, high)
        Values with their ranges [mA/cm²] (error bars).
    groups : sequence of str, optional
        Legend group of each point (e.g. the fit set); one colour per group.
    factor : float
        Half-width of the shaded band, as a factor.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_out_of_sample(["Na", "A"], [(2.25, 2.0, 2.5), (7.0, 6.0, 8.0)],
    ...                          [(1.9, 1.5, 2.3), (2.3, 2.1, 2.5)], groups=["s1", "s1"])
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_xlabel()
    ('log', 'measured mean CCD (mA cm$^{-2}$)')
    """
    m = np.asarray(measured, dtype=float).reshape(-1, 3)
    p = np.asarray(predicted, dtype=float).reshape(-1, 3)
    if m.shape != p.shape or m.shape[0] != len(labels):
        from semisolid.errors import InputError

        raise InputError(f"{len(labels)} labels, {m.shape[0]} measured and {p.shape[0]} "
                         "predicted values", "predicted")
    fig, ax = axes_or_new(ax, (5.6, 5.0), layout=None)
    grp = list(groups) if groups is not None else [""] * len(labels)
    finite = np.concatenate([m[np.isfinite(m)], p[np.isfinite(p)]])
    lo = float(finite.min()) / (1.5 * factor) if finite.size else 0.1
    hi = float(finite.max()) * 1.5 * factor if finite.size else 100.0
    xx = np.geomspace(lo, hi, 50)
    ax.fill_between(xx, xx / factor, xx * factor, color="0.88", label=f"within × {factor:g}")
    ax.plot(xx, xx, color="0.3", lw=1.0, label="1:1")
    for k, g in enumerate(dict.fromkeys(grp)):
        sel = np.array([v == g for v in grp])
        xerr = np.abs(np.vstack([m[sel, 0] - m[sel, 1], m[sel, 2] - m[sel, 0]]))
        yerr = np.abs(np.vstack([p[sel, 0] - p[sel, 1], p[sel, 2] - p[sel, 0]]))
        ax.errorbar(m[sel, 0], p[sel, 0], xerr=xerr, yerr=yerr, fmt="o", capsize=3,
                    color=f"C{k}", label=g or None)
    for lab, x, y in zip(labels, m[:, 0], p[:, 0], strict=True):
        if np.isfinite(x) and np.isfinite(y):
            ax.annotate(lab, (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel("measured mean CCD (mA cm$^{-2}$)")
    ax.set_ylabel("predicted mean CCD (mA cm$^{-2}$)")
    ax.legend(fontsize=7, loc="upper left")
    return fig


def plot_virtual_cell(data: Any) -> Any:
    """Current density and voltage of a (virtual or real) record vs time, with the onset
    (``metadata.extra["onset_time_s"]``, set by the virtual cell) as a dashed line. Makes its
    own figure (two Axes).

    Examples
    --------
    >>> from semisolid.models.virtual_cell import simulate_cell
    >>> fig = plot_virtual_cell(simulate_cell("K/KBA/K", seed=1))
    >>> len(fig.axes)
    2
    """
    fig = new_figure((6.0, 4.5))
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
