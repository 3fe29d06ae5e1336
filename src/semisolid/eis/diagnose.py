"""Impedance diagnosis of a cycled cell: collapsed spectra (shorts), impedance rise (voids),
and ionic conductivity from a blocking-electrode spectrum.

* **Short** (Park et al. 2021, Fig. 3b): the spectrum collapses to a point. It is called
  collapsed when ``max|Z| / min|Z| <= flat_ratio`` (nearly frequency-independent), every
  ``|phase| <= max_phase_deg`` (a resistor) and its real part is below ``short_ratio`` x the
  high-frequency (bulk) resistance of an earlier, non-collapsed spectrum, or below an
  explicit absolute ``short_resistance_Ohm``. Without either reference a flat spectrum is
  NOT called collapsed: a resistor-like first spectrum may be a healthy cell whose
  interfacial arc lies outside the measured frequencies.
* **Impedance rise** (void formation, the paper's Li/LLZTO/Li cells): the interfacial
  resistance ``R_lf - R_hf`` (low- minus high-frequency real part) grows to
  ``rise_factor`` x that of the first spectrum.
* **Ionic conductivity** ``sigma = L / (R A)`` with ``R`` the electrolyte resistance of a
  blocking-electrode (Au | SE | Au) spectrum, fitted by default with ``R0-p(R1,CPE1)-CPE2``
  (bulk + grain boundary as ``R0 + R1``).

Examples
--------
>>> import numpy as np
>>> from semisolid.io.data import Spectrum
>>> f = np.logspace(5, -1, 30)
>>> cell = Spectrum(f, 20 + 60 / (1 + 1j * 2 * np.pi * f * 1e-4))
>>> shorted = Spectrum(f, np.full(f.size, 0.8 + 0.001j), index=1)
>>> [d.collapsed for d in diagnose_series([cell, shorted])]
[False, True]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from semisolid.errors import InputError
from semisolid.units import require_positive

__all__ = [
    "DEFAULT_BLOCKING_CIRCUIT",
    "ConductivityResult",
    "SpectrumDiagnosis",
    "conductivity_from_spectrum",
    "diagnose_series",
    "diagnose_spectrum",
    "ionic_conductivity_S_m",
]


DEFAULT_BLOCKING_CIRCUIT = "R0-p(R1,CPE1)-CPE2"
"""Blocking-electrode circuit: bulk ``R0``, grain boundary ``p(R1,CPE1)``, interface ``CPE2``."""


@dataclass
class SpectrumDiagnosis:
    """Diagnosis of one spectrum.

    Attributes
    ----------
    index, after_half_cycle : int, int or None
    time_s : float or None
    r_hf_Ohm, r_lf_Ohm : float
        Real part at the highest and the lowest frequency.
    interfacial_Ohm : float
        ``r_lf - r_hf``.
    modulus_ratio : float
        ``max|Z| / min|Z|``.
    max_abs_phase_deg : float
    collapsed : bool
    rise_ratio : float
        Interfacial resistance / the first spectrum's.
    impedance_rise : bool
    note : str

    Examples
    --------
    >>> SpectrumDiagnosis(0, None, None, 1.0, 2.0, 1.0, 2.0, 30.0, False, 1.0, False,
    ...                   "").to_dict()["r_lf_Ohm"]
    2.0
    """

    index: int
    after_half_cycle: int | None
    time_s: float | None
    r_hf_Ohm: float
    r_lf_Ohm: float
    interfacial_Ohm: float
    modulus_ratio: float
    max_abs_phase_deg: float
    collapsed: bool
    rise_ratio: float
    impedance_rise: bool
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


def _basic(spec: Any) -> tuple[float, float, float, float]:
    f = np.asarray(spec.frequency_Hz, dtype=float)
    z = np.asarray(spec.impedance_Ohm, dtype=complex)
    ok = np.isfinite(f) & np.isfinite(z) & (f > 0)
    if ok.sum() < 1:
        raise InputError(f"spectrum {getattr(spec, 'index', '?')} has no finite point with "
                         "frequency > 0", "spectrum")
    f, z = f[ok], z[ok]
    mod = np.abs(z)
    r_hf = float(z.real[np.argmax(f)])
    r_lf = float(z.real[np.argmin(f)])
    ratio = float(mod.max() / mod.min()) if mod.min() > 0 else float("inf")
    ph = float(np.degrees(np.abs(np.angle(z))).max())
    return r_hf, r_lf, ratio, ph


def diagnose_spectrum(spectrum: Any, bulk_resistance_Ohm: float | None = None,
                      short_ratio: float = 0.2, flat_ratio: float = 1.5,
                      max_phase_deg: float = 10.0,
                      short_resistance_Ohm: float | None = None) -> SpectrumDiagnosis:
    """Is this spectrum collapsed to a point (a short)?

    Parameters
    ----------
    spectrum : Spectrum
    bulk_resistance_Ohm : float, optional
        The bulk (high-frequency) resistance of an earlier, non-collapsed spectrum of the
        cell: a flat spectrum with ``R < short_ratio * bulk`` is collapsed.
    short_ratio, flat_ratio, max_phase_deg : float
        Thresholds (see the module docstring).
    short_resistance_Ohm : float, optional
        Absolute threshold: a flat spectrum with ``R`` below it is collapsed even without a
        reference. With neither reference, no spectrum is called collapsed.

    Raises
    ------
    InputError
        A reference that is not a finite positive resistance (named in the message).

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import Spectrum
    >>> s = Spectrum(np.logspace(5, 0, 10), np.full(10, 1.2 + 0j))
    >>> d = diagnose_spectrum(s, bulk_resistance_Ohm=25.0)
    >>> d.collapsed, d.note
    (True, '|Z| flat within 1x, |phase| <= 0 deg, R = 1.2 Ohm = 0.048 x bulk 25 Ohm')
    >>> diagnose_spectrum(s).collapsed                            # no reference: not judged
    False
    >>> diagnose_spectrum(s, short_resistance_Ohm=2.0).collapsed  # below 2 Ohm: a short
    True
    """
    bulk = require_positive(bulk_resistance_Ohm, "bulk_resistance_Ohm", unit="Ohm",
                            optional=True)
    r_abs = require_positive(short_resistance_Ohm, "short_resistance_Ohm", unit="Ohm",
                             optional=True)
    r_hf, r_lf, ratio, ph = _basic(spectrum)
    flat = ratio <= flat_ratio and ph <= max_phase_deg
    r_mid = 0.5 * (r_hf + r_lf)
    low = (bulk is not None and r_mid < short_ratio * bulk) or (
        r_abs is not None and r_mid < r_abs)
    note = f"|Z| flat within {ratio:.2g}x, |phase| <= {ph:.2g} deg, R = {r_mid:.3g} Ohm"
    if bulk is not None:
        note += f" = {r_mid / bulk:.2g} x bulk {bulk:.3g} Ohm"
    if r_abs is not None:
        note += f" ({'<' if r_mid < r_abs else '>='} short_resistance_Ohm {r_abs:.3g} Ohm)"
    if bulk is None and r_abs is None:
        note += (" (no earlier non-collapsed spectrum to compare and no short_resistance_Ohm"
                 + ("; not called collapsed)" if flat else ")"))
    return SpectrumDiagnosis(int(getattr(spectrum, "index", 0)),
                             getattr(spectrum, "after_half_cycle", None),
                             getattr(spectrum, "time_s", None), r_hf, r_lf, r_lf - r_hf, ratio,
                             ph, bool(flat and low), 1.0, False, note)


def diagnose_series(spectra: Sequence[Any], short_ratio: float = 0.2, flat_ratio: float = 1.5,
                    max_phase_deg: float = 10.0, rise_factor: float = 3.0,
                    short_resistance_Ohm: float | None = None) -> list[SpectrumDiagnosis]:
    """Diagnose the spectra of one cell in time order (short and impedance rise).

    The bulk reference is the high-frequency resistance of the earliest spectrum that is not
    itself collapsed (and has a positive one); the rise reference is that spectrum's
    interfacial resistance. So the first spectrum is never called collapsed unless
    `short_resistance_Ohm` (an absolute threshold, see :func:`diagnose_spectrum`) is given: a
    resistor-like first spectrum becomes the reference instead.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import Spectrum
    >>> f = np.logspace(5, -1, 30)
    >>> arcs = [Spectrum(f, 20 + r / (1 + 1j * 2 * np.pi * f * 1e-4), index=k)
    ...         for k, r in enumerate([50.0, 60.0, 400.0])]
    >>> [d.impedance_rise for d in diagnose_series(arcs)]
    [False, False, True]
    >>> flat = Spectrum(f, np.full(f.size, 0.8 + 0j))
    >>> [d.collapsed for d in diagnose_series([flat, flat])]      # nothing to compare with
    [False, False]
    >>> [d.collapsed for d in diagnose_series([flat], short_resistance_Ohm=1.0)]
    [True]
    """
    out: list[SpectrumDiagnosis] = []
    bulk: float | None = None
    inter0: float | None = None
    for s in spectra:
        d = diagnose_spectrum(s, bulk, short_ratio, flat_ratio, max_phase_deg,
                              short_resistance_Ohm)
        if not d.collapsed:
            if bulk is None:
                if not (np.isfinite(d.r_hf_Ohm) and d.r_hf_Ohm > 0):
                    out.append(d)  # no usable bulk resistance: not a reference
                    continue
                bulk, inter0 = d.r_hf_Ohm, d.interfacial_Ohm
            elif inter0 is not None and inter0 > 0:
                d.rise_ratio = d.interfacial_Ohm / inter0
                d.impedance_rise = d.rise_ratio >= rise_factor
                if d.impedance_rise:
                    d.note = (f"interfacial resistance {d.interfacial_Ohm:.3g} Ohm = "
                              f"{d.rise_ratio:.2g} x the first spectrum's")
        out.append(d)
    return out


def ionic_conductivity_S_m(resistance_Ohm: float, thickness_m: float, area_m2: float) -> float:
    """Ionic conductivity ``sigma = L / (R A)`` [S/m].

    Examples
    --------
    >>> round(ionic_conductivity_S_m(100.0, 1e-3, 1e-4), 6)    # 1 mm, 1 cm2, 100 Ohm
    0.1
    """
    for name, v in (("resistance", resistance_Ohm), ("thickness", thickness_m),
                    ("area", area_m2)):
        if v is None or not np.isfinite(v) or v <= 0:
            raise InputError(f"{v!r} must be a finite positive number", name)
    return float(thickness_m) / (float(resistance_Ohm) * float(area_m2))


@dataclass
class ConductivityResult:
    """Ionic conductivity from a blocking-electrode spectrum.

    ``notes`` names the summed resistors the fit does not determine (``fit.undetermined``).

    Examples
    --------
    >>> ConductivityResult(0.1, 100.0, ("R0", "R1"), 1e-3, 1e-4).conductivity_mS_cm
    1.0
    """

    conductivity_S_m: float
    resistance_Ohm: float
    resistances: tuple[str, ...]
    thickness_m: float
    area_m2: float
    fit: Any = None
    notes: list[str] = field(default_factory=list)

    @property
    def conductivity_mS_cm(self) -> float:
        """sigma [mS/cm] (1 S/m = 10 mS/cm)."""
        return self.conductivity_S_m * 10.0

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "fit"}
        d["fit"] = None if self.fit is None else self.fit.to_dict()
        d["conductivity_mS_cm"] = self.conductivity_mS_cm
        return d


def conductivity_from_spectrum(spectrum: Any, thickness_m: float, area_m2: float,
                               circuit: str = DEFAULT_BLOCKING_CIRCUIT,
                               resistances: Sequence[str] | None = None,
                               **fit_options: Any) -> ConductivityResult:
    """Fit a blocking-electrode spectrum and return ``sigma = L / (R A)``.

    Parameters
    ----------
    spectrum : Spectrum
    thickness_m, area_m2 : float
        Electrolyte thickness and electrode area.
    circuit : str
        Default ``R0-p(R1,CPE1)-CPE2``: bulk ``R0``, grain boundary ``p(R1,CPE1)``, blocking
        interface ``CPE2``.
    resistances : sequence of str, optional
        Resistors summed into the electrolyte resistance. Required for any circuit other
        than the default, whose electrolyte resistors are ``R0 + R1``: in another circuit a
        resistor may be an interface (charge-transfer) resistance, which must not be summed
        in silently.
    **fit_options
        Passed to :func:`semisolid.eis.fit.fit_circuit`.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import Spectrum
    >>> f = np.logspace(6, -1, 50)
    >>> w = 2 * np.pi * f
    >>> z = 40 + 1 / (1 / 60 + 1e-7 * (1j * w) ** 0.9) + 1 / (1e-5 * (1j * w) ** 0.9)
    >>> r = conductivity_from_spectrum(Spectrum(f, z), thickness_m=1e-3, area_m2=1e-4)
    >>> round(r.resistance_Ohm, 3), round(r.conductivity_mS_cm, 4)
    (100.0, 1.0)
    >>> conductivity_from_spectrum(Spectrum(f, z), 1e-3, 1e-4, circuit="R0-p(R1,CPE1)")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: resistances: name the electrolyte resistors of R0-p(R1,CPE1) ...
    """
    from semisolid.eis.circuits import Circuit
    from semisolid.eis.fit import fit_circuit

    c = Circuit.parse(circuit)
    if resistances is None:
        if c.text != Circuit.parse(DEFAULT_BLOCKING_CIRCUIT).text:
            rs = [e.name for e in c.elements if e.type == "R"]
            raise InputError(
                f"name the electrolyte resistors of {c.text} among {', '.join(rs)} "
                f"(an interface resistor must not be summed in)"
                if rs else f"{c.text} has no resistor to take as the electrolyte resistance",
                "resistances",
            )
        names = ["R0", "R1"]
    else:
        names = [resistances] if isinstance(resistances, str) else list(resistances)
    units = c.parameter_units
    for n in names:
        if n not in units:
            raise InputError(f"{n!r} is not a parameter of {c.text}", "resistances")
        if units[n] != "Ohm":
            raise InputError(f"{n!r} is not a resistance (unit {units[n]})", "resistances")
    if not names:
        raise InputError(f"no resistor named to take as the electrolyte resistance of {c.text}",
                         "resistances")
    fit = fit_circuit(spectrum.frequency_Hz, spectrum.impedance_Ohm, c, **fit_options)
    r = float(sum(fit.parameters[n] for n in names))
    sigma = ionic_conductivity_S_m(r, thickness_m, area_m2)
    bad = [n for n in names if n in fit.undetermined]
    notes = [f"the electrolyte resistance uses {', '.join(bad)}, which the fit does not "
             "determine (see fit.notes): the conductivity is unreliable"] if bad else []
    return ConductivityResult(sigma, r, tuple(names), float(thickness_m), float(area_m2), fit,
                              notes)
