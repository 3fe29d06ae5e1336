"""The Li-Na-K assessment behind ``LiNaK.tdb``: data, fit, uncertainty ensemble, predictions.

The K-Na and Li-Na binaries are fitted to measurements only (the data table
``assessment_data.csv``, every row with its source); the numbers the paper computed with its
own database (the liquid fractions of compositions A and B, the microstructure fractions,
the 20x Li-solubility ratio) are never fitted: they are *predictions* compared with this
assessment. The fit's posterior (its likelihood and priors) is sampled by Markov chain Monte
Carlo into an ensemble (``LiNaK_ensemble.json``) that gives every design number a 95 %
interval.

Modules: :mod:`~.data` (the table), :mod:`~.parameters` (coefficients, priors, files),
:mod:`~.unaries` (SGTE pure elements), :mod:`~.model` (Gibbs energies and direct solves),
:mod:`~.fit` (least squares, covariance, sampling), :mod:`~.ensemble` (all members at once),
:mod:`~.intervals` (liquid fractions with intervals), :mod:`~.bands` (two-phase boundaries
with their band), :mod:`~.tdb` (the TDB writer),
:mod:`~.check` (pycalphad recomputation), :mod:`~.report` and :mod:`~.build` (the docs and
``scripts/assess_linak.py``).

Examples
--------
>>> from semisolid.thermo.assessment import liquid_fraction_intervals
>>> est = liquid_fraction_intervals(("K", "Na"), [0.10], 295.15)[0]
>>> est.liquid_fraction.low < est.liquid_fraction.value < est.liquid_fraction.high
True
"""

from semisolid.thermo.assessment.bands import BoundaryBand, nak_k_rich_band, two_phase_band
from semisolid.thermo.assessment.ensemble import (
    BinaryFractions,
    Ensemble,
    ensemble_for_database,
    load_ensemble,
)
from semisolid.thermo.assessment.intervals import (
    Interval,
    LiquidFractionEstimate,
    liquid_fraction_intervals,
)

__all__ = [
    "BinaryFractions",
    "BoundaryBand",
    "Ensemble",
    "Interval",
    "LiquidFractionEstimate",
    "ensemble_for_database",
    "liquid_fraction_intervals",
    "load_ensemble",
    "nak_k_rich_band",
    "two_phase_band",
]
