"""Impedance figures: Nyquist plot per spectrum (the paper's Fig. 3b) with the spectra a
diagnosis found collapsed marked, and fitted circuits overlaid; Bode plot (``|Z|`` and phase
against frequency), and both side by side. Each function draws into the axes given as
``ax=`` or into a new figure (no pyplot, no backend switch) and returns the Figure.

Examples
--------
>>> import numpy as np
>>> from semisolid.io.data import Spectrum
>>> f = np.logspace(5, -1, 30)
>>> sp = [Spectrum(f, 20 + 60 / (1 + 1j * 2 * np.pi * f * 1e-4)),
...       Spectrum(f, np.full(30, 0.5 + 0j), index=1)]
>>> fig = plot_nyquist(sp, labels=["0.5 mA/cm2", "1.0 mA/cm2"])
>>> len(fig.axes[0].lines) >= 2
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from semisolid.plots._figure import axes_or_new, new_figure
from semisolid.plots.palette import ACCENT, apply

__all__ = ["plot_bode", "plot_eis", "plot_nyquist", "spectrum_labels"]


def spectrum_labels(spectra: Sequence[Any], segments: Any = None) -> list[str]:
    """Legend text of each spectrum: when it was taken, as far as the data say.

    ``"spectrum k"`` for a spectrum with no cycling before it; ``"after half cycle n"``
    (counted from 1) otherwise, or, with the record's segmentation (``CCDResult.segments``),
    the current density of that half cycle.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import Spectrum
    >>> f = np.array([1e3, 1.0])
    >>> spectrum_labels([Spectrum(f, f * 0j + 1), Spectrum(f, f * 0j + 1, index=1,
    ...                                                     after_half_cycle=3)])
    ['spectrum 0', 'after half cycle 4']
    """
    out = []
    for k, s in enumerate(spectra):
        n = getattr(s, "after_half_cycle", None)
        if n is None:
            out.append(f"spectrum {getattr(s, 'index', k)}" if segments is None
                       else "before cycling")
            continue
        label = f"after half cycle {n + 1}"
        if segments is not None:
            j = np.asarray(segments.current_density_A_m2)[np.asarray(segments.half_cycle) == n]
            if j.size and np.isfinite(j[0]):
                label = f"after {j[0] / 10.0:.3g} mA cm$^{{-2}}$"
        out.append(label)
    return out


def plot_nyquist(spectra: Sequence[Any], labels: Sequence[str] | None = None,
                 diagnoses: Sequence[Any] | None = None, fits: Sequence[Any] | None = None,
                 ax: Any = None) -> Any:
    """Nyquist plot (Z' against -Z'', equal axes) of several spectra.

    Parameters
    ----------
    spectra : sequence of Spectrum
    labels : sequence of str, optional
        Legend text per spectrum (default: :func:`spectrum_labels`).
    diagnoses : sequence of SpectrumDiagnosis, optional
        From :func:`semisolid.eis.diagnose.diagnose_series`, one per spectrum; collapsed
        spectra are arrowed. Without them nothing is marked.
    fits : sequence of FitResult or None, optional
        Fitted curves drawn over the points (black lines, one legend entry per circuit).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import Spectrum
    >>> f = np.logspace(4, 0, 10)
    >>> plot_nyquist([Spectrum(f, 5 + 10 / (1 + 1j * f * 1e-3))]).axes[0].get_xlabel()
    "Z' (Ω)"
    """
    if diagnoses is not None and len(diagnoses) != len(spectra):
        from semisolid.errors import InputError

        raise InputError(f"{len(diagnoses)} diagnoses for {len(spectra)} spectra", "diagnoses")
    own = ax is None
    fig, ax = axes_or_new(ax, (5, 4.5), layout="constrained")
    labels = list(labels) if labels else spectrum_labels(spectra)
    fitted: set[str] = set()
    for k, s in enumerate(spectra):
        z = np.asarray(s.impedance_Ohm)
        ax.plot(z.real, -z.imag, "o-", ms=3.5, lw=0.6, mfc="none", mew=1.0, label=labels[k])
        if fits and k < len(fits) and fits[k] is not None:
            f = np.asarray(s.frequency_Hz)
            zf = fits[k].predict(np.geomspace(f.min(), f.max(), 200))
            name = f"fit: {getattr(fits[k], 'circuit', 'circuit')}"
            ax.plot(zf.real, -zf.imag, "-", color="k", lw=1.3,
                    label=None if name in fitted else name)
            fitted.add(name)
        if diagnoses is not None and diagnoses[k].collapsed:
            x, y = float(np.median(z.real)), float(np.median(-z.imag))
            ax.annotate("short: collapsed", xy=(x, y), xytext=(x, y + 0.15 * (
                np.ptp(np.asarray(spectra[0].impedance_Ohm).real) or 1.0)),
                arrowprops={"arrowstyle": "->", "color": ACCENT}, color=ACCENT,
                fontsize=8)
    ax.set_xlabel("Z' (Ω)")
    ax.set_ylabel("−Z'' (Ω)")
    if own and spectra:
        _equal_nyquist_limits(fig, ax, spectra)
    else:
        ax.set_aspect("equal", adjustable="datalim")
    ax.legend(fontsize=7, loc="upper left")
    return fig


def _equal_nyquist_limits(fig: Any, ax: Any, spectra: Sequence[Any]) -> None:
    """Equal axes on the data (with room above for the legend), the figure's height fitted
    to them, so that no half of the plot is empty."""
    z = np.concatenate([np.asarray(s.impedance_Ohm) for s in spectra])
    z = z[np.isfinite(z)]
    if z.size == 0:
        return
    x0, x1 = float(z.real.min()), float(z.real.max())
    y0, y1 = float(min(0.0, (-z.imag).min())), float((-z.imag).max())
    span = max(x1 - x0, y1 - y0, 1e-12)
    pad = 0.06 * span
    height = max(y1 - y0 + 2 * pad, 0.35 * (x1 - x0 + 2 * pad))  # legend room
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y0 - pad + height)
    ax.set_aspect("equal", adjustable="box")
    ratio = height / (x1 - x0 + 2 * pad)
    fig.set_size_inches(5.0, min(6.0, max(2.6, 4.2 * ratio + 1.0)))


def plot_bode(spectra: Sequence[Any], labels: Sequence[str] | None = None,
              fits: Sequence[Any] | None = None, ax: Any = None) -> Any:
    """Bode plot: ``|Z|`` (log-log) and the phase of Z against frequency.

    Parameters
    ----------
    spectra : sequence of Spectrum
    labels : sequence of str, optional
    fits : sequence of FitResult or None, optional
        Fitted curves drawn over the points.
    ax : pair of matplotlib Axes, optional
        ``(ax_modulus, ax_phase)``; two stacked axes of a new figure otherwise.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import Spectrum
    >>> f = np.logspace(4, 0, 10)
    >>> fig = plot_bode([Spectrum(f, 5 + 10 / (1 + 1j * f * 1e-3))])
    >>> [a.get_ylabel() for a in fig.axes], fig.axes[0].get_xscale()
    (['|Z| (Ω)', 'phase of Z (deg)'], 'log')
    """
    if ax is None:
        fig = new_figure((5, 5))
        ax_m, ax_p = (apply(a) for a in fig.subplots(2, 1, sharex=True))
    else:
        ax_m, ax_p = ax
        fig = ax_m.figure
    labels = list(labels) if labels else spectrum_labels(spectra)
    fitted: set[str] = set()
    for k, s in enumerate(spectra):
        f = np.asarray(s.frequency_Hz, dtype=float)
        z = np.asarray(s.impedance_Ohm)
        (line,) = ax_m.loglog(f, np.abs(z), "o", ms=3.5, mfc="none", mew=1.0, label=labels[k])
        ax_p.semilogx(f, np.degrees(np.angle(z)), "o", ms=3.5, mfc="none", mew=1.0,
                      color=line.get_color())
        if fits and k < len(fits) and fits[k] is not None:
            fs = np.geomspace(f.min(), f.max(), 200)
            zf = fits[k].predict(fs)
            name = f"fit: {getattr(fits[k], 'circuit', 'circuit')}"
            ax_m.loglog(fs, np.abs(zf), "-", color="k", lw=1.2,
                        label=None if name in fitted else name)
            ax_p.semilogx(fs, np.degrees(np.angle(zf)), "-", color="k", lw=1.2)
            fitted.add(name)
    ax_m.set_ylabel("|Z| (Ω)")
    ax_p.set_ylabel("phase of Z (deg)")
    ax_p.set_xlabel("frequency (Hz)")
    ax_m.legend(fontsize=7)
    return fig


def plot_eis(spectra: Sequence[Any], labels: Sequence[str] | None = None,
             diagnoses: Sequence[Any] | None = None, fits: Sequence[Any] | None = None,
             ax: Any = None) -> Any:
    """The Nyquist plot beside the Bode plot (``|Z|`` and phase) of the same spectra.

    Parameters
    ----------
    spectra, labels, diagnoses, fits
        As for :func:`plot_nyquist`.
    ax : three matplotlib Axes, optional
        ``(ax_nyquist, ax_modulus, ax_phase)``; a new figure with the Nyquist plot on the
        left and the Bode plot stacked on the right otherwise.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import Spectrum
    >>> f = np.logspace(4, 0, 10)
    >>> len(plot_eis([Spectrum(f, 5 + 10 / (1 + 1j * f * 1e-3))]).axes)
    3
    """
    if ax is None:
        fig = new_figure((10, 4.8))
        left, right = fig.subfigures(1, 2, width_ratios=[1.1, 1.0])
        ax = (left.add_subplot(), *right.subplots(2, 1, sharex=True))
    plot_nyquist(spectra, labels, diagnoses, fits, ax=ax[0])
    plot_bode(spectra, labels, fits, ax=(ax[1], ax[2]))
    return ax[0].figure.figure  # the root Figure (the axes may sit in a SubFigure)
