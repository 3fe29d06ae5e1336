"""CCD figures: the paper's Fig. 3a (current density and voltage against time, onset
arrowed) and ASR against cycle, drawn from a record and its detector result.

Examples
--------
>>> import numpy as np
>>> from semisolid.io.data import CyclingData
>>> from semisolid.ccd import detect
>>> t = np.arange(400) * 30.0
>>> i = np.repeat([1e-4, -1e-4, 2e-4, -2e-4], 100)
>>> rec = CyclingData.from_arrays(t, 25.0 * i, i)
>>> res = detect(rec, area_m2=1e-4)
>>> fig = plot_ccd_trace(rec, res)
>>> len(fig.axes)
2
>>> len(plot_asr(res).axes)
1
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from semisolid.plots._figure import axes_or_new, new_figure

__all__ = ["plot_asr", "plot_ccd_trace"]


def plot_ccd_trace(record: Any, result: Any, max_points: int = 20000) -> Any:
    """Fig. 3a: current density (top) and cell voltage (bottom) against time [h].

    The onset of the failure is arrowed and labelled with the CCD (for a constant-current
    test, the current density at the onset); flagged soft shorts before the onset are marked
    with small triangles, those after it (on an already failing cell) with grey crosses.
    Long records are thinned to `max_points` for drawing.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData
    >>> from semisolid.ccd import detect
    >>> i = np.repeat([1e-4, -1e-4], 50)
    >>> rec = CyclingData.from_arrays(np.arange(100.0), 20.0 * i, i)
    >>> plot_ccd_trace(rec, detect(rec, area_m2=1e-4)).axes[1].get_ylabel()
    'voltage (V)'
    """
    t = np.asarray(record.time_s, dtype=float)
    v = np.asarray(record.voltage_V, dtype=float)
    i = np.asarray(record.set_current_A, dtype=float)
    area = result.segments.area_m2
    step = max(1, t.size // max_points)
    th = t[::step] / 3600.0
    fig = new_figure((7, 5), layout="tight")
    ax1, ax2 = fig.subplots(2, 1, sharex=True)
    ax1.plot(th, np.nan_to_num(i[::step]) / area * 0.1, color="k", lw=0.8)
    ax1.set_ylabel("current density (mA cm$^{-2}$)")
    ax2.plot(th, v[::step], color="tab:blue", lw=0.8)
    ax2.set_ylabel("voltage (V)")
    ax2.set_xlabel("time (h)")
    title = f"{Path(result.file).name if result.file else 'record'}: failure = {result.failure}"
    if result.onset_time_s is not None:
        k = int(np.searchsorted(t, result.onset_time_s))
        k = min(k, t.size - 1)
        x = result.onset_time_s / 3600.0
        y = v[k]
        span = float(np.nanmax(np.abs(v))) or 1.0
        j_on = result.ccd_mA_cm2
        if j_on is None:
            j_on = result.onset_current_density_A_m2 * 0.1
        ax2.annotate(
            f"onset: {j_on:.3g} mA cm$^{{-2}}$", xy=(x, y),
            xytext=(x, y + 0.35 * span * (1 if y <= 0 else -1)),
            arrowprops={"arrowstyle": "->", "color": "tab:red"}, color="tab:red",
            ha="center",
        )
        title += (f", CCD = {result.ccd_mA_cm2:.3g} mA/cm2" if result.ccd_mA_cm2 is not None
                  else f" at {j_on:.3g} mA/cm2 ({result.protocol.replace('_', ' ')})")
    for events, style in ((result.soft_shorts, {"marker": "v", "color": "tab:orange"}),
                          (result.soft_shorts_after_onset, {"marker": "x", "color": "0.5"})):
        if events:
            ks = np.minimum(np.searchsorted(t, [e.time_s for e in events]), t.size - 1)
            ax2.plot(t[ks] / 3600.0, v[ks], ls="none", ms=5, **style)
    ax1.set_title(title, fontsize=9)
    return fig


def plot_asr(result: Any, ax: Any = None) -> Any:
    """Area-specific resistance (mean ``|V| / j``) against cycle, per half-cycle direction.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData
    >>> from semisolid.ccd import detect
    >>> i = np.repeat([1e-4, -1e-4], 50)
    >>> rec = CyclingData.from_arrays(np.arange(100.0), 20.0 * i, i)
    >>> plot_asr(detect(rec, area_m2=1e-4)).axes[0].get_yscale()
    'log'
    """
    s = result.segments
    fig, ax = axes_or_new(ax, (5, 3.5), layout="tight")
    cyc = s.half_cycle / 2.0 + 1.0
    for sign, mk, lab in ((1, "o", "positive current"), (-1, "s", "negative current")):
        m = s.sign == sign
        ax.plot(cyc[m], s.asr_Ohm_m2[m] * 1e4, mk, ms=4, label=lab)
    if result.onset_half_cycle is not None:
        ax.axvline(result.onset_half_cycle / 2.0 + 1.0, color="tab:red", ls="--",
                   label=f"onset ({result.failure})")
    ax.set_xlabel("cycle")
    ax.set_ylabel("ASR (Ohm cm$^2$)")
    ax.set_yscale("log")
    ax.legend(fontsize=7)
    return fig
