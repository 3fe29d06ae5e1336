"""Figures of the reproduction report that no other module draws: Fig. 5 and Fig. 6.

matplotlib is imported inside the functions (Agg backend).

Examples
--------
>>> fig = plot_ccd_vs_capacity({"K/KBA/K": ([3.0, 3.1], [2.5, 3.0])})
>>> png = figure_png(fig)
>>> png[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "FAMILY_COLOURS",
    "figure_png",
    "plot_ccd_by_family",
    "plot_ccd_vs_capacity",
    "plot_ccd_vs_yield",
]

FAMILY_COLOURS = {
    "Li/LLZTO/Li": "#1f77b4",
    "Na/NBA/Na": "#ff7f0e",
    "K/KBA/K": "#2ca02c",
    "A/KBA/A": "#17becf",
    "B/KBA/B": "#d62728",
    "NaK(e)-Li/LLZTO/NaK(e)-Li": "#9467bd",
}


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def figure_png(fig: Any, dpi: int = 110) -> bytes:
    """Render a matplotlib figure to PNG bytes and close it."""
    plt = _plt()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def plot_ccd_vs_capacity(
    points: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    log_y: bool = True,
    title: str = "",
) -> Any:
    """Fig. 5 style: CCD [mA/cm2] against areal capacity [mAh/cm2] per cell family.

    `points` maps a family name to (areal capacities, CCDs). Reference lines at 1 and 3
    mAh/cm2 (practical minimum, Li-ion typical) and 1 and 3 mA/cm2 (1C at those capacities).
    """
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    for name, (cap, ccd) in points.items():
        ax.scatter(cap, ccd, s=28, label=name, color=FAMILY_COLOURS.get(name), alpha=0.8,
                   edgecolors="k", linewidths=0.4)
    for x in (1.0, 3.0):
        ax.axvline(x, color="0.5", ls="--", lw=0.9)
    for y in (1.0, 3.0):
        ax.axhline(y, color="0.5", ls=":", lw=0.9)
    ax.set_xlabel("Areal capacity per half cycle (mAh cm$^{-2}$)")
    ax.set_ylabel("CCD (mA cm$^{-2}$)")
    if log_y:
        ax.set_yscale("log")
    ax.set_xlim(0, 4.5)
    ax.legend(fontsize=7, loc="best")
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_ccd_by_family(
    families: Sequence[str],
    virtual: Mapping[str, tuple[float, float, float]],
    paper: Mapping[str, float],
    insets: Sequence[tuple[str, Any]] = (),
) -> Any:
    """Fig. 6a style: mean CCD per family with 95 % intervals.

    `virtual` maps family -> (mean, low, high) of the virtual cells; `paper` maps family ->
    the paper's reported mean (drawn as a star). `insets` are (title, 8-bit image) pairs.
    """
    import numpy as np

    plt = _plt()
    n_in = len(insets)
    fig = plt.figure(figsize=(7.2 + 2.2 * (n_in > 0), 4.6))
    gs = fig.add_gridspec(max(n_in, 1), 2, width_ratios=[3.2, 1.0 if n_in else 0.01],
                          wspace=0.08)
    ax = fig.add_subplot(gs[:, 0])
    xs = np.arange(len(families))
    for i, fam in enumerate(families):
        if fam in virtual:
            m, lo, hi = virtual[fam]
            ax.bar(i, m, color=FAMILY_COLOURS.get(fam, "0.6"), alpha=0.75, width=0.6)
            ax.errorbar(i, m, yerr=[[m - lo], [hi - m]], color="k", capsize=4, lw=1)
        if fam in paper:
            ax.plot(i, paper[fam], marker="*", color="gold", markeredgecolor="k", ms=13,
                    ls="none", label="paper mean (reported)")
    handles, labels = ax.get_legend_handles_labels()
    uniq = dict(zip(labels, handles, strict=False))
    ax.legend(uniq.values(), uniq.keys(), fontsize=8, loc="upper left")
    ax.set_xticks(xs, [f.split("/")[0] for f in families], fontsize=8)
    ax.set_ylabel("Mean CCD (mA cm$^{-2}$), 95 % CI")
    ax.set_yscale("log")
    for k, (title, img) in enumerate(insets):
        sub = fig.add_subplot(gs[k, 1])
        sub.imshow(img, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
        sub.set_xticks([])
        sub.set_yticks([])
        sub.set_title(title, fontsize=8)
    return fig


def plot_ccd_vs_yield(
    yield_MPa: Sequence[float],
    yield_sd_MPa: Sequence[float],
    ccd: Sequence[tuple[float, float, float]],
    labels: Sequence[str],
    fit: Any = None,
    model_curve: tuple[Sequence[float], Sequence[float]] | None = None,
    paper_points: Mapping[str, tuple[float, float]] | None = None,
) -> Any:
    """Fig. 6b style: CCD against equivalent yield stress (H/3) with the linear fit and band.

    `ccd` holds (mean, low, high) per metal; `fit` is a :class:`semisolid.stats.LinearFit`
    (drawn with its confidence band); `model_curve` is (yield MPa, CCD) of the flow model.
    """
    import numpy as np

    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.0, 4.4))
    for x, sd, (m, lo, hi), lab in zip(yield_MPa, yield_sd_MPa, ccd, labels, strict=True):
        ax.errorbar(x, m, xerr=sd, yerr=[[m - lo], [hi - m]], fmt="o", capsize=3,
                    label=f"{lab} (virtual cells)")
    if fit is not None:
        xx = np.linspace(0.0, 2.0, 100)
        ax.plot(xx, fit.predict(xx), color="0.4", lw=1.2, label="linear fit")
        if hasattr(fit, "band"):
            lo, hi = fit.band(xx)
            ax.fill_between(xx, lo, hi, color="0.8", alpha=0.6, label="95 % band")
    if model_curve is not None:
        ax.plot(model_curve[0], model_curve[1], color="C3", ls="--", label="flow model")
    for lab, (x, y) in (paper_points or {}).items():
        ax.plot(x, y, marker="*", ms=13, color="gold", markeredgecolor="k", ls="none",
                label=f"{lab} (paper mean)")
    ax.set_xlabel("Equivalent yield stress H/3 (MPa)")
    ax.set_ylabel("CCD (mA cm$^{-2}$)")
    ax.set_xlim(0, 2.0)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=7)
    return fig
