"""Impedance figures: Nyquist plot per spectrum (the paper's Fig. 3b) with the spectra a
diagnosis found collapsed marked, and fitted circuits overlaid.

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

from semisolid.plots._figure import axes_or_new

__all__ = ["plot_nyquist"]


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
