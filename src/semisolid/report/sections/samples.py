"""Report section ``samples``: real instrument files through the same pipeline, a GCPL record
(CCD detector) and a PEIS spectrum (equivalent-circuit fit and Lin-KK)."""

from __future__ import annotations

from semisolid.report.context import ReportContext
from semisolid.report.figures import render
from semisolid.report.model import Comparison, Figure, Section, Table

__all__ = ["build"]


def build(ctx: ReportContext) -> Section:
    """Build the sample-files section."""
    from semisolid.ccd import detect
    from semisolid.eis import fit_circuit, lin_kk
    from semisolid.eis.diagnose import diagnose_series
    from semisolid.io import read, read_spectra
    from semisolid.plots.ccd import plot_ccd_trace
    from semisolid.plots.eis import plot_nyquist
    from semisolid.samples import sample_path

    sec = Section(
        "samples",
        "Real files through the same pipeline",
        text=(
            "Two public files shipped with semisolid (MIT; <code>semisolid/samples/files/"
            "SOURCES.md</code>): a 5-cycle GCPL record (EC-Lab .mpr, read by semisolid's own "
            "reader) analysed by the CCD detector, which must find no short, and a PEIS "
            "spectrum (EC-Lab .mpt) fitted with R0-p(R1,CPE1) and checked by Lin-KK. "
            "The GCPL cell is not a symmetric metal cell: the nominal area 1 cm² is a "
            "placeholder (the failure mode does not depend on it)."
        ),
    )
    rec = read(sample_path("gcpl"))
    res = detect(rec, area_m2=1e-4)
    sec.figures.append(
        Figure("sample_gcpl_trace", "Sample GCPL record (navani example data) and the detector's "
               f"verdict: {res.failure}", render(plot_ccd_trace(rec, res)))
    )
    sec.comparisons.append(
        Comparison.from_paper(
            "gcpl_no_short", float(res.failure == "short"), kind="consistency",
            note=f"detector on a real file without a short: {len(rec)} rows, "
                 f"{res.half_cycles} half cycles; failure = {res.failure}")
    )
    spectra = read_spectra(sample_path("peis"))
    sp = spectra[0]
    fit = fit_circuit(sp.frequency_Hz, sp.impedance_Ohm, "R0-p(R1,CPE1)")
    kk = lin_kk(sp.frequency_Hz, sp.impedance_Ohm)
    sec.figures.append(
        Figure("sample_peis_nyquist", "Sample PEIS spectrum (impedance.py example) with the "
               "R0-p(R1,CPE1) fit",
               render(plot_nyquist([sp], labels=["measured"], fits=[fit],
                                diagnoses=diagnose_series([sp]))))
    )
    sec.tables.append(
        Table("sample_peis_fit", "Equivalent-circuit fit of the sample spectrum",
              ["parameter", "value", "std. error", "unit"],
              [[k, v, fit.stderr.get(k), fit.units.get(k, "")]
               for k, v in fit.parameters.items()],
              note=f"relative rms residual {fit.rms_relative:.3g}; Lin-KK max residual "
                   f"{kk.max_residual:.3g} (threshold {kk.threshold:g})"
                   + ("" if fit.well_determined else "; " + " ".join(fit.notes)))
    )
    return sec
