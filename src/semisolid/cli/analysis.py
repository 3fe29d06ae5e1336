"""CLI commands of the analysis area: ``semisolid ccd``, ``semisolid eis``, ``semisolid cells``.

Only typer and the standard library at module level; the work is imported in the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from semisolid.cli._common import (
    emit_json,
    output_folder,
    parse_assignments,
    print_table,
    quantity,
    user_errors,
)

_DEFAULT_DB = "semisolid.sqlite"


def _guesses(text: str | None, field: str) -> dict[str, float]:
    return parse_assignments(text, field, "R0=10,CPE1_alpha=0.9") if text else {}


def _ccd(files: list[Path], area: str | None, final_area: str | None, db: str | None,
         plot: Path | None, electrode: str | None, electrolyte: str | None,
         temperature: str | None, pressure: str | None, voltage_limit: str | None
         ) -> list[dict[str, Any]]:
    from semisolid.ccd import DetectorSettings, detect
    from semisolid.ccd.catalog import Catalog, CatalogEntry, CellInfo
    from semisolid.errors import InputError
    from semisolid.io import read

    if area is None:
        raise InputError("the electrode area is required (e.g. --area 0.4cm2); file headers "
                         "are unreliable, so it is never taken from the file", "--area")
    area_m2 = quantity(area, "area", "--area", positive=True)
    final_m2 = quantity(final_area, "area", "--final-area", positive=True) if final_area else None
    temp_K = quantity(temperature, "temperature", "--temperature") if temperature else None
    p_Pa = quantity(pressure, "pressure", "--pressure", positive=True) if pressure else None
    vlim = (quantity(voltage_limit, "voltage", "--voltage-limit", positive=True)
            if voltage_limit else None)
    if plot is not None:
        output_folder(plot, "--plot")
    settings = DetectorSettings(voltage_limit_V=vlim)
    cat = Catalog(db) if db else None  # refuse a foreign/corrupt file before any work
    try:
        entries, out = [], []
        for f in files:
            rec = read(str(f))
            res = detect(rec, area_m2, final_m2, settings)
            sm = res.summary()
            sm["file"] = str(f)
            out.append(sm)
            entries.append(CatalogEntry(CellInfo(electrode, electrolyte, temp_K, p_Pa), res, rec))
            if plot is not None:
                from semisolid.plots.ccd import plot_asr, plot_ccd_trace, save_figure

                stem = Path(f).stem
                save_figure(plot_ccd_trace(rec, res), Path(plot) / f"{stem}_ccd.png")
                save_figure(plot_asr(res), Path(plot) / f"{stem}_asr.png")
                if len(rec.spectra):
                    from semisolid.plots.eis import plot_nyquist

                    labels = [f"after half cycle {s.after_half_cycle}" for s in rec.spectra]
                    save_figure(plot_nyquist(list(rec.spectra), labels),
                                Path(plot) / f"{stem}_nyquist.png")
        if cat is not None:  # all files analysed: write them in one transaction
            cat.add(entries)
    finally:
        if cat is not None:
            cat.close()
    return out


def register(app: typer.Typer) -> None:
    """Add this area's commands to the main app."""

    @app.command("ccd")
    def ccd(
        files: list[Path] = typer.Argument(..., help="Cycling files (.mpr, .mpt, .csv)."),
        area: str = typer.Option(None, "--area", help="Nominal electrode area, e.g. 0.4cm2."),
        final_area: str = typer.Option(None, "--final-area",
                                       help="Final measured electrode area, e.g. 0.45cm2."),
        db: str = typer.Option(_DEFAULT_DB, "--db", help="Results catalog (SQLite)."),
        no_db: bool = typer.Option(False, "--no-db", help="Do not write to the catalog."),
        plot: Path = typer.Option(None, "--plot", help="Write Fig. 3a/ASR/Nyquist PNGs here."),
        electrode: str = typer.Option(None, "--electrode", help="Catalog: e.g. Li, K, NaK-Li."),
        electrolyte: str = typer.Option(None, "--electrolyte", help="Catalog: e.g. LLZTO."),
        temperature: str = typer.Option(None, "--temperature", help="Catalog: e.g. 22C."),
        pressure: str = typer.Option(None, "--pressure", help="Catalog: stack pressure, 1.5MPa."),
        voltage_limit: str = typer.Option(None, "--voltage-limit",
                                          help="Instrument voltage limit, e.g. 1V."),
        json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
    ) -> None:
        """Critical current density and failure mode of stepwise galvanostatic tests."""
        with user_errors({"voltage_limit_V": ("--voltage-limit", voltage_limit),
                          "final_area_m2": ("--final-area", final_area),
                          "area_m2": ("--area", area)}):
            out = _ccd(files, area, final_area, None if no_db else db, plot, electrode,
                       electrolyte, temperature, pressure, voltage_limit)
        if json:
            emit_json(out)
            return
        rows = [(Path(o["file"]).name, o["failure"], o["ccd_mA_cm2"], o["last_stable_mA_cm2"],
                 o["step_mA_cm2"], o["onset_time_s"], o["areal_capacity_mAh_cm2"],
                 o["half_cycles"], o["soft_shorts"]) for o in out]
        print_table("CCD analysis", ["file", "failure", "CCD mA/cm2", "last stable mA/cm2",
                                     "step mA/cm2", "onset s", "mAh/cm2 per half cycle",
                                     "half cycles", "soft shorts"],
                    [tuple("-" if v is None else v for v in r) for r in rows])
        for o in out:
            for e in o["evidence"]:
                typer.echo(f"{Path(o['file']).name}: {e}")

    @app.command("eis")
    def eis(
        file: Path = typer.Argument(..., help="Impedance file (.mpr, .mpt, .csv, .DTA)."),
        circuit: str = typer.Option("R0-p(R1,CPE1)", "--circuit",
                                    help="Equivalent circuit, e.g. 'R0-p(R1,CPE1)-CPE2'."),
        guess: str = typer.Option(None, "--guess", help="Initial values, 'R0=10,R1=100'."),
        spectrum: int = typer.Option(None, "--spectrum", help="Fit only this spectrum index."),
        weighting: str = typer.Option("modulus", "--weighting", help="modulus or unit."),
        thickness: str = typer.Option(None, "--thickness",
                                      help="Electrolyte thickness for sigma = L/(R A), 1mm."),
        area: str = typer.Option(None, "--area", help="Electrode area for sigma, e.g. 1cm2."),
        plot: Path = typer.Option(None, "--plot", help="Write a Nyquist PNG here (a folder)."),
        json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
    ) -> None:
        """Fit an equivalent circuit to each spectrum, with a Kramers-Kronig check and diagnosis.

        The diagnosis flags a collapsed (shorted) spectrum or an impedance rise.
        """
        with user_errors({"initial": ("--guess", guess), "weighting": ("--weighting", weighting),
                          "circuit": ("--circuit", circuit), "spectrum": "--spectrum"}):
            out = _eis(file, circuit, guess, spectrum, weighting, thickness, area, plot)
        if json:
            emit_json(out)
            return
        for o in out:
            rows = [(k, v, o["stderr"][k], o["units"][k]) for k, v in o["parameters"].items()]
            print_table(f"spectrum {o['spectrum']} ({o['n_points']} points): {o['circuit']}",
                        ["parameter", "value", "std. error", "unit"], rows)
            typer.echo(f"  fit rms |dZ|/|Z| = {o['rms_relative']:.3g}; KK max residual "
                       f"{o['kk_max_residual']:.3g} ({'pass' if o['kk_passed'] else 'FAIL'}); "
                       f"collapsed: {o['collapsed']}; impedance rise: {o['impedance_rise']}")
            if o.get("conductivity_mS_cm") is not None:
                typer.echo(f"  ionic conductivity: {o['conductivity_mS_cm']:.4g} mS/cm")
            for note in o.get("notes") or []:
                typer.echo(f"  note: {note}")

    @app.command("cells")
    def cells(
        db: str = typer.Option(_DEFAULT_DB, "--db", help="Results catalog (SQLite)."),
        csv: Path = typer.Option(None, "--csv", help="Also export all results to this CSV."),
        json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
    ) -> None:
        """List the cells and results of the catalog, with a summary per material pair."""
        with user_errors():
            from semisolid.ccd.catalog import Catalog
            from semisolid.errors import DatabaseError

            if not Path(db).exists():
                raise DatabaseError(f"{db}: no such catalog (create one with semisolid ccd "
                                    "--db ...)")
            with Catalog(db) as cat:
                results = cat.results()
                summary = cat.summary()
                if csv is not None:
                    cat.export_csv(csv)
        if json:
            emit_json({"results": results, "summary": summary})
            return
        print_table(f"results in {db}",
                    ["id", "file", "electrode", "electrolyte", "failure", "CCD mA/cm2",
                     "last stable", "step", "areal cap. mAh/cm2"],
                    [(r["id"], Path(r["source_file"] or "-").name, r["electrode"] or "-",
                      r["electrolyte"] or "-", r["failure"],
                      "-" if r["ccd_mA_cm2"] is None else r["ccd_mA_cm2"],
                      "-" if r["last_stable_mA_cm2"] is None else r["last_stable_mA_cm2"],
                      r["step_mA_cm2"], r["areal_capacity_mAh_cm2"]) for r in results])
        print_table("summary (CCD statistics over shorted cells)",
                    ["electrode", "electrolyte", "cells", "shorts", "open circuits", "none",
                     "mean CCD", "max CCD", "analysis"],
                    [tuple("-" if s.get(k) is None else s.get(k) for k in
                           ("electrode", "electrolyte", "cells", "shorts", "open_circuits",
                            "none", "mean_ccd_mA_cm2", "max_ccd_mA_cm2", "analysis"))
                     for s in summary])


def _eis(file: Path, circuit: str, guess: str | None, spectrum: int | None, weighting: str,
         thickness: str | None, area: str | None, plot: Path | None) -> list[dict[str, Any]]:
    from semisolid.eis import Circuit, diagnose_series, fit_circuit, lin_kk
    from semisolid.eis.diagnose import ionic_conductivity_S_m
    from semisolid.errors import FileFormatError, InputError
    from semisolid.io import read_spectra

    c = Circuit.parse(circuit)
    init = _guesses(guess, "--guess")
    if (thickness is None) != (area is None):
        raise InputError("give both --thickness and --area for the ionic conductivity",
                         "--thickness" if thickness is None else "--area")
    L = quantity(thickness, "length", "--thickness", positive=True) if thickness else None
    A = quantity(area, "area", "--area", positive=True) if area else None
    if plot is not None:
        output_folder(plot, "--plot")
    spectra = list(read_spectra(str(file)))
    if not spectra:
        raise FileFormatError(str(file), "holds no impedance spectrum")
    diag = diagnose_series(spectra)
    chosen = range(len(spectra))
    if spectrum is not None:
        if not 0 <= spectrum < len(spectra):
            raise InputError(f"{spectrum} is out of range: the file has {len(spectra)} "
                             f"spectra (0..{len(spectra) - 1})", "--spectrum")
        chosen = [spectrum]
    out, fits = [], []
    for k in chosen:
        s = spectra[k]
        fit = fit_circuit(s.frequency_Hz, s.impedance_Ohm, c, initial=init, weighting=weighting)
        kk = lin_kk(s.frequency_Hz, s.impedance_Ohm)
        fits.append(fit)
        o = {"file": str(file), "spectrum": k, "after_half_cycle": s.after_half_cycle,
             **fit.to_dict(), "kk_max_residual": kk.max_residual, "kk_passed": kk.passed,
             "kk_n_rc": kk.n_rc, "collapsed": diag[k].collapsed,
             "impedance_rise": diag[k].impedance_rise, "diagnosis": diag[k].note}
        if L is not None and A is not None:
            r = sum(v for n, v in fit.parameters.items() if n in
                    [e.name for e in c.elements if e.type == "R"])
            sigma = ionic_conductivity_S_m(r, L, A)
            o["conductivity_S_m"] = sigma
            o["conductivity_mS_cm"] = sigma * 10.0
        out.append(o)
    if plot is not None:
        from semisolid.plots.ccd import save_figure
        from semisolid.plots.eis import plot_nyquist

        sel = [spectra[k] for k in chosen]
        save_figure(plot_nyquist(sel, diagnoses=[diag[k] for k in chosen], fits=fits),
                    Path(plot) / f"{Path(file).stem}_nyquist.png")
    return out
