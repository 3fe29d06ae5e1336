"""Impedance spectroscopy: circuit parsing and fitting, Kramers-Kronig check, diagnosis.

* :mod:`semisolid.eis.circuits`: element registry and circuit-string parser (no eval);
* :mod:`semisolid.eis.fit`: least-squares fit with confidence intervals;
* :mod:`semisolid.eis.kk`: Lin-KK residual test;
* :mod:`semisolid.eis.diagnose`: collapsed spectrum (short), impedance rise (void), ionic
  conductivity ``sigma = L / (R A)``;
* :func:`analyse_spectrum`, :func:`analyse_file` (:mod:`semisolid.eis.analysis`): the
  workflow of ``semisolid eis`` (fit, check, diagnosis, conductivity).

Examples
--------
>>> from semisolid.eis import Circuit
>>> Circuit.parse("R0-p(R1,CPE1)").parameter_names
['R0', 'R1', 'CPE1_Q', 'CPE1_alpha']
"""

from semisolid.eis.analysis import SpectrumAnalysis, analyse_file, analyse_spectrum
from semisolid.eis.circuits import ELEMENTS, Circuit, ElementType, register_element
from semisolid.eis.diagnose import (
    ConductivityResult,
    SpectrumDiagnosis,
    conductivity_from_spectrum,
    diagnose_series,
    diagnose_spectrum,
    ionic_conductivity_S_m,
)
from semisolid.eis.fit import FitResult, fit_circuit
from semisolid.eis.kk import KKResult, lin_kk

__all__ = [
    "ELEMENTS",
    "Circuit",
    "ConductivityResult",
    "ElementType",
    "FitResult",
    "KKResult",
    "SpectrumAnalysis",
    "SpectrumDiagnosis",
    "analyse_file",
    "analyse_spectrum",
    "conductivity_from_spectrum",
    "diagnose_series",
    "diagnose_spectrum",
    "fit_circuit",
    "ionic_conductivity_S_m",
    "lin_kk",
    "register_element",
]
