"""Liquid fractions with a 95 % interval and their temperature sensitivity, from the ensemble.

The value reported is the one of the shipped coefficients (what ``LiNaK.tdb`` gives); the
interval is the central ``confidence`` range of the ensemble members (percentiles), and the
temperature sensitivity is the central difference over ``temperature_K +- dT_K``, for the
shipped set and for every member.

Examples
--------
>>> est = liquid_fraction_intervals(("K", "Na"), [0.05], 295.15)[0]
>>> est.liquid_fraction.low <= est.liquid_fraction.value <= est.liquid_fraction.high
True
>>> sorted(est.to_dict())[:3]
['dliquid_fraction_dT_per_K', 'dliquid_fraction_dT_per_K_high', 'dliquid_fraction_dT_per_K_low']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from semisolid.errors import InputError
from semisolid.thermo.assessment.ensemble import Ensemble, load_ensemble

__all__ = ["Interval", "LiquidFractionEstimate", "liquid_fraction_intervals"]


@dataclass(frozen=True)
class Interval:
    """A computed number with its ensemble interval.

    Attributes
    ----------
    value : float
        From the shipped coefficient set.
    low, high : float
        Central ``confidence`` range of the ensemble (percentiles).
    median : float
        Ensemble median.
    confidence : float
        0.95 for a 95 % interval.
    members : int
        Ensemble members used.

    Examples
    --------
    >>> Interval.from_samples(0.5, np.linspace(0, 1, 101))
    Interval(0.5 [0.025, 0.975], 95 %)
    """

    value: float
    low: float
    high: float
    median: float
    confidence: float = 0.95
    members: int = 0

    @classmethod
    def from_samples(cls, value: float, samples, confidence: float = 0.95) -> Interval:
        """The interval of `samples` around `value` (linear-interpolated percentiles)."""
        s = np.asarray(samples, dtype=float)
        if s.size == 0 or not np.all(np.isfinite(s)):
            raise ValueError("the ensemble samples must be finite and not empty")
        tail = 50.0 * (1.0 - confidence)
        lo, med, hi = np.percentile(s, [tail, 50.0, 100.0 - tail])
        return cls(float(value), float(lo), float(hi), float(med), float(confidence),
                   int(s.size))

    def __repr__(self) -> str:
        return (f"Interval({self.value:.4g} [{self.low:.4g}, {self.high:.4g}], "
                f"{self.confidence * 100:.0f} %)")

    def to_dict(self, name: str) -> dict[str, float]:
        """``{name: value, name_low: low, name_high: high}``.

        Examples
        --------
        >>> Interval(0.1, 0.0, 0.2, 0.1).to_dict("liquid_fraction")
        {'liquid_fraction': 0.1, 'liquid_fraction_low': 0.0, 'liquid_fraction_high': 0.2}
        """
        return {name: self.value, f"{name}_low": self.low, f"{name}_high": self.high}


@dataclass(frozen=True)
class LiquidFractionEstimate:
    """Liquid mole fraction of one binary alloy at one temperature, with its uncertainty.

    Attributes
    ----------
    elements : tuple of str
        ``(A, B)`` (TDB spelling).
    x_b : float
        Mole fraction of B.
    temperature_K : float
    liquid_fraction : Interval
        Mole fraction of atoms in the liquid.
    dliquid_fraction_dT_per_K : Interval
        Its temperature derivative (fraction per K; x100 for mol%/K).
    """

    elements: tuple[str, str]
    x_b: float
    temperature_K: float
    liquid_fraction: Interval
    dliquid_fraction_dT_per_K: Interval

    def __repr__(self) -> str:
        lf, d = self.liquid_fraction, self.dliquid_fraction_dT_per_K
        return (f"LiquidFractionEstimate(x_{self.elements[1].capitalize()}={self.x_b:.4g}, "
                f"T={self.temperature_K:g} K: {lf.value * 100:.1f} mol% [{lf.low * 100:.1f}, "
                f"{lf.high * 100:.1f}], {d.value * 100:+.2f} mol%/K)")

    def to_dict(self) -> dict[str, float]:
        """Flat dict: the value and its ``_low``/``_high`` companions for both numbers."""
        return (self.liquid_fraction.to_dict("liquid_fraction")
                | self.dliquid_fraction_dT_per_K.to_dict("dliquid_fraction_dT_per_K"))


def liquid_fraction_intervals(elements: Sequence[str], x_b, temperature_K: float,
                              confidence: float = 0.95, dT_K: float = 0.5,
                              ensemble: Ensemble | None = None) -> list[LiquidFractionEstimate]:
    """Liquid fraction with its ensemble interval and temperature sensitivity, per alloy.

    Parameters
    ----------
    elements : sequence of two str
        The binary, e.g. ``("K", "Na")``; `x_b` is the mole fraction of the second.
    x_b : float or sequence of float
        Alloy compositions.
    temperature_K : float
    confidence : float
        Width of the interval (0.95: the 2.5 and 97.5 percentiles).
    dT_K : float
        Half step of the central difference for the temperature sensitivity.
    ensemble : Ensemble, optional
        Default: the shipped one.

    Returns
    -------
    list of LiquidFractionEstimate

    Examples
    --------
    >>> e = liquid_fraction_intervals(("K", "Na"), [0.05, 0.10], 295.15)
    >>> [round(x.liquid_fraction.value, 3) for x in e]
    [0.101, 0.527]
    """
    if not 0.0 < confidence < 1.0:
        raise InputError(f"{confidence} is not within (0, 1)", "confidence")
    if not np.isfinite(dT_K) or dT_K <= 0:
        raise InputError(f"{dT_K} must be a positive number of kelvin", "dT_K")
    ens = ensemble or load_ensemble()
    xs = np.atleast_1d(np.asarray(x_b, dtype=float))
    T = float(temperature_K)
    f0 = ens.liquid_fraction(elements, xs, T)
    fp = ens.liquid_fraction(elements, xs, T + dT_K)
    fm = ens.liquid_fraction(elements, xs, T - dT_K)
    slope = (fp - fm) / (2 * dT_K)
    pair = (str(elements[0]).upper(), str(elements[1]).upper())
    return [LiquidFractionEstimate(pair, float(x), T,
                                   Interval.from_samples(f0[0, j], f0[1:, j], confidence),
                                   Interval.from_samples(slope[0, j], slope[1:, j], confidence))
            for j, x in enumerate(xs)]
