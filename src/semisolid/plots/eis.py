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

__all__ = ["plot_bode", "plot_eis", "plot_nyquist"]


def plot_nyquist(spectra: Sequence[Any], labels: Sequence[str] | None = None,
                 diagnoses: Sequence[Any] | None = None, fits: Sequence[Any] | None = None,
                 ax: Any = None) -> Any:
    """Nyquist plot (Z' against -Z'', equal axes) of several spectra.

    Parameters
    ----------
    spectra : sequence of Spectrum
    labels : sequence of str, optional
        Legend text per spectrum (default: "spectrum k").
    diagnoses : sequence of SpectrumDiagnosis, optional
        From :func:`semisolid.eis.diagnose.diagnose_series`, one per spectrum; collapsed
        spectra are arrowed. Without them nothing is marked.
    fits : sequence of FitResult or None, optional
        Fitted curves drawn over the points.
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
    "Z' (Ohm)"
    """
    if diagnoses is not None and len(diagnoses) != len(spectra):
        from semisolid.errors import InputError

        raise InputError(f"{len(diagnoses)} diagnoses for {len(spectra)} spectra", "diagnoses")
    fig, ax = axes_or_new(ax, (5, 4.5), layout="tight")
    for k, s in enumerate(spectra):
        lab = labels[k] if labels else f"spectrum {getattr(s, 'index', k)}"
        z = np.asarray(s.impedance_Ohm)
        (line,) = ax.plot(z.real, -z.imag, "o-", ms=3, lw=0.7, label=lab)
        if fits and k < len(fits) and fits[k] is not None:
            zf = fits[k].predict(np.asarray(s.frequency_Hz))
            ax.plot(zf.real, -zf.imag, "-", color=line.get_color(), lw=1.5, alpha=0.6)
        if diagnoses is not None and diagnoses[k].collapsed:
            x, y = float(np.median(z.real)), float(np.median(-z.imag))
            ax.annotate("short: collapsed", xy=(x, y), xytext=(x, y + 0.15 * (
                np.ptp(np.asarray(spectra[0].impedance_Ohm).real) or 1.0)),
                arrowprops={"arrowstyle": "->", "color": "tab:red"}, color="tab:red",
                fontsize=8)
    ax.set_xlabel("Z' (Ohm)")
    ax.set_ylabel("-Z'' (Ohm)")
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(fontsize=7)
    return fig


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
    (['|Z| (Ohm)', 'phase of Z (deg)'], 'log')
    """
    if ax is None:
        fig = new_figure((5, 5))
        ax_m, ax_p = fig.subplots(2, 1, sharex=True)
    else:
        ax_m, ax_p = ax
        fig = ax_m.figure
    for k, s in enumerate(spectra):
        f = np.asarray(s.frequency_Hz, dtype=float)
        z = np.asarray(s.impedance_Ohm)
        lab = labels[k] if labels else f"spectrum {getattr(s, 'index', k)}"
        (line,) = ax_m.loglog(f, np.abs(z), "o", ms=3, label=lab)
        ax_p.semilogx(f, np.degrees(np.angle(z)), "o", ms=3, color=line.get_color())
        if fits and k < len(fits) and fits[k] is not None:
            fs = np.geomspace(f.min(), f.max(), 200)
            zf = fits[k].predict(fs)
            ax_m.loglog(fs, np.abs(zf), "-", color=line.get_color(), lw=1.2, alpha=0.7)
            ax_p.semilogx(fs, np.degrees(np.angle(zf)), "-", color=line.get_color(), lw=1.2,
                          alpha=0.7)
    ax_m.set_ylabel("|Z| (Ohm)")
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
