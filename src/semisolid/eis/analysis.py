"""The impedance workflow: fit, Kramers-Kronig check, diagnosis and ionic conductivity.

:func:`analyse_spectrum` does one spectrum; :func:`analyse_file` every spectrum of a file
(what ``semisolid eis`` runs). The conductivity always comes from
:func:`~semisolid.eis.diagnose.conductivity_from_spectrum`, which sums only the resistors it
is told are the electrolyte's (``R0 + R1`` of its default blocking circuit).

Examples
--------
>>> import numpy as np
>>> from semisolid.io.data import Spectrum
>>> f = np.logspace(5, -1, 40)
>>> a = analyse_spectrum(Spectrum(f, 20 + 80 / (1 + 1j * 2 * np.pi * f * 1e-4)), "R0-p(R1,C1)")
>>> round(a.fit.parameters["R1"], 3), a.kk.passed, a.diagnosis.collapsed
(80.0, True, False)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from semisolid.eis.diagnose import (
    ConductivityResult,
    SpectrumDiagnosis,
    conductivity_from_spectrum,
    diagnose_series,
    diagnose_spectrum,
)
from semisolid.eis.fit import AreaSpecificParameters, FitResult, fit_circuit
from semisolid.eis.kk import KKResult, lin_kk
from semisolid.errors import FileFormatError, InputError

__all__ = ["DEFAULT_CIRCUIT", "SpectrumAnalysis", "analyse_file", "analyse_spectrum"]

DEFAULT_CIRCUIT = "R0-p(R1,CPE1)"
"""Series resistance and one arc: the circuit fitted when none is named."""


@dataclass
class SpectrumAnalysis:
    """Fit, Lin-KK check, diagnosis and (optionally) ionic conductivity of one spectrum.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import Spectrum
    >>> f = np.logspace(5, -1, 40)
    >>> a = analyse_spectrum(Spectrum(f, 5 + 50 / (1 + 1j * f * 1e-3)), "R0-p(R1,C1)")
    >>> sorted(a.to_dict())[:4]
    ['after_half_cycle', 'chi2', 'ci95', 'circuit']
    """

    spectrum: Any
    fit: FitResult
    kk: KKResult
    diagnosis: SpectrumDiagnosis
    conductivity: ConductivityResult | None = None
    file: str | None = None
    area_specific: AreaSpecificParameters | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON record of ``semisolid eis`` (one per spectrum)."""
        d = self.diagnosis
        out = {"file": self.file, "spectrum": int(getattr(self.spectrum, "index", 0)),
               "after_half_cycle": getattr(self.spectrum, "after_half_cycle", None),
               **self.fit.to_dict(), "kk_max_residual": self.kk.max_residual,
               "kk_passed": self.kk.passed, "kk_n_rc": self.kk.n_rc,
               "collapsed": d.collapsed, "impedance_rise": d.impedance_rise,
               "diagnosis": d.note}
        a = self.area_specific
        if a is not None:
            out["area_specific"] = a.to_dict()
        c = self.conductivity
        if c is not None:
            out.update(conductivity_S_m=c.conductivity_S_m,
                       conductivity_mS_cm=c.conductivity_mS_cm,
                       electrolyte_resistance_Ohm=c.resistance_Ohm,
                       resistances=list(c.resistances), conductivity_notes=list(c.notes))
        return out

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """The fitted parameters as one (title, columns, rows) table."""
        f = self.fit
        rows = [[k, v, f.stderr[k], f.units[k]] for k, v in f.parameters.items()]
        out = [(f"spectrum {getattr(self.spectrum, 'index', 0)} ({f.n_points} points): "
                f"{f.circuit}", ["parameter", "value", "std. error", "unit"], rows)]
        a = self.area_specific
        if a is not None:
            out.append((f"area-specific (A = {a.area_cm2:.6g} cm2)",
                        ["parameter", "value", "std. error", "unit"],
                        [[k, v, a.stderr.get(k), a.units[k]] for k, v in a.parameters.items()]))
        return out

    def lines(self) -> list[str]:
        """Fit quality, Kramers-Kronig check, diagnosis, conductivity and notes."""
        kk, d, c = self.kk, self.diagnosis, self.conductivity
        out = [f"  fit rms |dZ|/|Z| = {self.fit.rms_relative:.3g}; KK max residual "
               f"{kk.max_residual:.3g} ({'pass' if kk.passed else 'FAIL'}); collapsed: "
               f"{d.collapsed}; impedance rise: {d.impedance_rise}"]
        if c is not None:
            out.append(f"  ionic conductivity: {c.conductivity_mS_cm:.4g} mS/cm (electrolyte "
                       f"resistance {'+'.join(c.resistances)} = {c.resistance_Ohm:.4g} Ohm)")
        notes = self.fit.notes + (c.notes if c is not None else [])
        return out + [f"  note: {n}" for n in notes]


def analyse_spectrum(
    spectrum: Any,
    circuit: str = DEFAULT_CIRCUIT,
    *,
    initial: Mapping[str, float] | None = None,
    weighting: str = "modulus",
    thickness_m: float | None = None,
    area_m2: float | None = None,
    resistances: Sequence[str] | None = None,
    diagnosis: SpectrumDiagnosis | None = None,
) -> SpectrumAnalysis:
    """Fit a circuit to one spectrum, check it (Lin-KK), diagnose it and, with the geometry,
    turn the fit into an ionic conductivity.

    Parameters
    ----------
    spectrum : Spectrum
    circuit : str
        Equivalent circuit, e.g. ``"R0-p(R1,CPE1)-CPE2"``.
    initial : mapping, optional
        Starting values by parameter name.
    weighting : {"modulus", "unit"}
    thickness_m, area_m2 : float, optional
        Electrode area: the area-specific parameters (``Ohm cm2``, ``F/cm2``, see
        :meth:`FitResult.area_specific`); with the electrolyte thickness too, the ionic
        conductivity ``sigma = L / (R A)``.
    resistances : sequence of str, optional
        The electrolyte resistors summed into ``R``; required for any circuit but the
        blocking-electrode default of :func:`~semisolid.eis.diagnose.conductivity_from_spectrum`
        (a resistor may be an interface's, which must not be summed in).
    diagnosis : SpectrumDiagnosis, optional
        This spectrum's entry of :func:`~semisolid.eis.diagnose.diagnose_series` (which
        compares it with the earlier spectra of its cell); default: the spectrum alone.

    Returns
    -------
    SpectrumAnalysis

    Raises
    ------
    InputError
        `thickness_m` without `area_m2`, unnamed resistors of a custom circuit (for the
        conductivity), and whatever the fit refuses (named in the message).

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import Spectrum
    >>> f = np.logspace(6, -1, 50)
    >>> w = 2 * np.pi * f
    >>> z = 40 + 1 / (1 / 60 + 1e-7 * (1j * w) ** 0.9) + 1 / (1e-5 * (1j * w) ** 0.9)
    >>> a = analyse_spectrum(Spectrum(f, z), "R0-p(R1,CPE1)-CPE2", thickness_m=1e-3,
    ...                      area_m2=1e-4, resistances=["R0", "R1"])
    >>> round(a.conductivity.conductivity_mS_cm, 4)
    1.0
    >>> a.area_specific.units["R1"], round(a.area_specific.parameters["R1"], 3)   # 1 cm2
    ('Ohm cm2', 60.0)
    >>> analyse_spectrum(Spectrum(f, z), thickness_m=1e-3, area_m2=1e-4)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: resistances: name the electrolyte resistors of ...
    """
    if thickness_m is not None and area_m2 is None:
        raise InputError("the ionic conductivity needs both the electrolyte thickness and "
                         "the electrode area", "area_m2")
    options = {"initial": dict(initial or {}), "weighting": weighting}
    cond = None
    if thickness_m is not None and area_m2 is not None:
        cond = conductivity_from_spectrum(spectrum, thickness_m, area_m2, circuit=circuit,
                                          resistances=resistances, **options)
        fit = cond.fit
    else:
        fit = fit_circuit(spectrum.frequency_Hz, spectrum.impedance_Ohm, circuit, **options)
    kk = lin_kk(spectrum.frequency_Hz, spectrum.impedance_Ohm)
    area = fit.area_specific(area_m2) if area_m2 is not None else None
    return SpectrumAnalysis(spectrum, fit, kk, diagnosis or diagnose_spectrum(spectrum), cond,
                            area_specific=area)


def analyse_file(
    path: str | Path,
    circuit: str = DEFAULT_CIRCUIT,
    *,
    spectrum_index: int | None = None,
    initial: Mapping[str, float] | None = None,
    weighting: str = "modulus",
    thickness_m: float | None = None,
    area_m2: float | None = None,
    resistances: Sequence[str] | None = None,
    plot_dir: str | Path | None = None,
    format: str | None = None,
) -> list[SpectrumAnalysis]:
    """Analyse every spectrum of an impedance file (or the one at `spectrum_index`).

    The spectra are diagnosed as one series (shorts, impedance rise); the other arguments
    are those of :func:`analyse_spectrum`. With `plot_dir`, a Nyquist plot of the analysed
    spectra and their fits is written there as ``<file stem>_nyquist.png`` and their Bode
    plot (``|Z|`` and phase against frequency) as ``<file stem>_bode.png``.

    Raises
    ------
    FileFormatError
        The file holds no impedance spectrum.
    InputError
        `spectrum_index` out of range, and what :func:`analyse_spectrum` refuses.

    Examples
    --------
    >>> from semisolid.samples import sample_path
    >>> (a,) = analyse_file(sample_path("peis"))
    >>> a.fit.circuit, a.fit.n_points, round(a.fit.parameters["R0"], 1)
    ('R0-p(R1,CPE1)', 43, 63.6)
    """
    from semisolid.io import read_spectra

    spectra = list(read_spectra(str(path), format=format))
    if not spectra:
        raise FileFormatError(str(path), "holds no impedance spectrum")
    chosen = range(len(spectra))
    if spectrum_index is not None:
        if not 0 <= spectrum_index < len(spectra):
            raise InputError(f"{spectrum_index} is out of range: the file has {len(spectra)} "
                             f"spectra (0..{len(spectra) - 1})", "spectrum_index")
        chosen = [spectrum_index]
    diag = diagnose_series(spectra)
    out = [analyse_spectrum(spectra[k], circuit, initial=initial, weighting=weighting,
                            thickness_m=thickness_m, area_m2=area_m2, resistances=resistances,
                            diagnosis=diag[k]) for k in chosen]
    for a in out:
        a.file = str(path)
    if plot_dir is not None:
        from semisolid.plots import save_figure
        from semisolid.plots.eis import plot_bode, plot_nyquist

        spectra_fits = ([a.spectrum for a in out], [a.fit for a in out])
        fig = plot_nyquist(spectra_fits[0], diagnoses=[a.diagnosis for a in out],
                           fits=spectra_fits[1])
        save_figure(fig, Path(plot_dir) / f"{Path(path).stem}_nyquist.png")
        save_figure(plot_bode(spectra_fits[0], fits=spectra_fits[1]),
                    Path(plot_dir) / f"{Path(path).stem}_bode.png")
    return out
