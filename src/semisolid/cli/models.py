"""CLI commands of mechanics, statistics and models.

``semisolid hardness``, ``semisolid toughness``, ``semisolid stats``,
``semisolid model ccd`` and ``semisolid simulate cell``. Only typer and the standard library
are imported here; the work is imported inside the commands.
"""

from __future__ import annotations

import typer

from semisolid.cli._common import emit_json, output_file, print_table, quantity, user_errors

model_app = typer.Typer(help="Flow-limited CCD model.", no_args_is_help=True)
simulate_app = typer.Typer(help="Virtual symmetric cells.", no_args_is_help=True)


def _lengths(values: list[str], option: str) -> list[float]:
    return [quantity(v, "length", option, positive=True) for v in values]


# API argument names of the mechanics -> the CLI options that set them (error messages).
_MECHANICS = {
    "load_N": "--load", "loads_N": "--load", "diagonal_m": "--diagonal",
    "diagonals_m": "--diagonal", "constraint_factor": "--constraint",
    "convention": "--convention", "half_diagonal_m": "--half-diagonal",
    "half_diagonals_m": "--half-diagonal", "crack_length_m": "--crack",
    "crack_lengths_m": "--crack", "youngs_modulus_Pa": "--modulus", "xi": "--xi",
    "constant": "--ec-constant", "hardness_Pa": "--load/--half-diagonal",
}


def register(app: typer.Typer) -> None:
    """Add this area's commands to the main app."""

    @app.command("hardness")
    def hardness(
        load: str = typer.Option(..., "--load", help="peak load, e.g. 0.245N or 25gf"),
        diagonal: list[str] = typer.Option(
            ..., "--diagonal", help="mean indent diagonal, e.g. 306um (repeat per indent)"),
        convention: str = typer.Option(
            "projected", "--convention", help="projected (2P/d2, as the paper) or contact"),
        constraint: float = typer.Option(3.0, "--constraint", help="Tabor factor: yield = H/C"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Vickers hardness and Tabor yield stress (mean and SD over the indents)."""
        with user_errors({**_MECHANICS, "constraint_factor": ("--constraint", f"{constraint:g}"),
                          "convention": ("--convention", convention)}):
            from semisolid.mechanics import hardness_from_tests

            p = quantity(load, "force", "--load", positive=True)
            d = _lengths(diagonal, "--diagonal")
            r = hardness_from_tests(p, d, convention=convention, constraint_factor=constraint)
            if as_json:
                emit_json(r.to_dict())
                return

            def sd(v: float) -> float | str:
                return v / 1e6 if r.n_tests > 1 else "n/a (1 indent)"

            rows = [["hardness (MPa)", r.hardness_mean_Pa / 1e6, sd(r.hardness_sd_Pa)],
                    [f"yield stress H/{constraint:g} (MPa)", r.yield_stress_mean_Pa / 1e6,
                     sd(r.yield_stress_sd_Pa)]]
            print_table(f"Vickers hardness, {r.n_tests} indent(s), {r.convention} area",
                        ["quantity", "mean", "SD"], rows)

    @app.command("toughness")
    def toughness(
        load: list[str] = typer.Option(..., "--load", help="peak load per indent, e.g. 9.81N"),
        half_diagonal: list[str] = typer.Option(
            ..., "--half-diagonal", help="half-diagonal a per indent, e.g. 40um"),
        crack: list[str] = typer.Option(
            ..., "--crack", help="crack length c (centre to tip) per indent, e.g. 120um"),
        method: str = typer.Option("both", "--method", help="anstis, evans-charles or both"),
        modulus: str | None = typer.Option(
            None, "--modulus", help="Young's modulus for Anstis, e.g. 150GPa"),
        xi: float = typer.Option(0.016, "--xi", help="Anstis constant"),
        constant: float = typer.Option(0.16, "--ec-constant", help="Evans-Charles constant"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Fracture toughness from Vickers crack lengths (Anstis and/or Evans-Charles).

        Give --load, --half-diagonal and --crack once per indent (same order). With two or
        more indents a load-independent toughness is fitted.
        """
        import warnings

        with user_errors({**_MECHANICS, "xi": ("--xi", f"{xi:g}"),
                          "constant": ("--ec-constant", f"{constant:g}")}):
            from semisolid.errors import InputError
            from semisolid.mechanics import (
                anstis_toughness_Pa_m05,
                evans_charles_toughness_Pa_m05,
                fit_toughness,
            )

            p = [quantity(v, "force", "--load", positive=True) for v in load]
            a = _lengths(half_diagonal, "--half-diagonal")
            c = _lengths(crack, "--crack")
            if not (len(p) == len(a) == len(c)):
                raise InputError(f"give one --load, --half-diagonal and --crack per indent "
                                 f"(got {len(p)}, {len(a)}, {len(c)})", "--load")
            methods = {"both": ["anstis", "evans-charles"], "anstis": ["anstis"],
                       "evans-charles": ["evans-charles"]}
            if method not in methods:
                raise InputError(f"unknown method {method!r}; expected anstis, evans-charles "
                                 "or both", "--method")
            e = quantity(modulus, "pressure", "--modulus", positive=True) if modulus else None
            if "anstis" in methods[method] and e is None:
                if method == "anstis":
                    raise InputError("the Anstis method needs Young's modulus", "--modulus")
                methods[method] = ["evans-charles"]
            out: dict = {}
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                for m in methods[method]:
                    if len(p) >= 2:
                        out[m] = fit_toughness(p, a, c, method=m, youngs_modulus_Pa=e, xi=xi,
                                               constant=constant).to_dict()
                    else:
                        h = p[0] / (2 * a[0] ** 2)
                        k = (anstis_toughness_Pa_m05(p[0], c[0], e, h, xi, half_diagonal_m=a[0])
                             if m == "anstis" else
                             evans_charles_toughness_Pa_m05(h, a[0], c[0], constant))
                        out[m] = {"method": m, "n_indents": 1, "toughness_Pa_m05": k,
                                  "hardness_Pa": [h]}
            notes = sorted({str(w.message) for w in caught})
            for n in notes:
                typer.echo(f"warning: {n}", err=True)
            if as_json:
                emit_json({"results": out, "warnings": notes})
                return
            rows = [[m, r["toughness_Pa_m05"] / 1e6, r["n_indents"],
                     sum(r["hardness_Pa"]) / len(r["hardness_Pa"]) / 1e9] for m, r in out.items()]
            print_table("Indentation fracture toughness",
                        ["method", "K_c (MPa m^0.5)", "indents", "H = P/2a2 (GPa)"], rows)

    @app.command("stats")
    def stats(
        file: str | None = typer.Argument(None, help="CSV with columns electrode, ccd_mA_cm2"),
        db: str | None = typer.Option(None, "--db", help="SQLite results catalog"),
        group_column: str = typer.Option("electrode", "--group-column"),
        value_column: str = typer.Option("ccd_mA_cm2", "--value-column"),
        confidence: float = typer.Option(0.95, "--confidence"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Mean, t-based confidence interval, range and Weibull fit of CCDs per electrode.

        With a yield_stress_MPa column, also the linear fit of CCD on yield stress (Fig. 6b).
        """
        with user_errors({"confidence": ("--confidence", f"{confidence:g}")}
                         if db is not None else
                         {group_column: "--group-column", value_column: "--value-column",
                          "confidence": ("--confidence", f"{confidence:g}")}):
            import pandas as pd

            from semisolid.errors import FileFormatError, InputError
            from semisolid.stats import linear_fit, read_catalog, summarize_groups

            if (file is None) == (db is None):
                raise InputError("give either a CSV file or --db PATH", "--db")
            if db is not None:
                frame = read_catalog(db)
                gcol, vcol = "electrode", "ccd_mA_cm2"
            else:
                try:
                    frame = pd.read_csv(file)
                except FileNotFoundError:
                    raise
                except (ValueError, UnicodeDecodeError) as exc:
                    raise FileFormatError(file, f"not a readable CSV table ({exc})") from None
                gcol, vcol = group_column, value_column
            groups = summarize_groups(frame, gcol, vcol, confidence)
            doc: dict = {"groups": [g.to_dict() for g in groups]}
            if "yield_stress_MPa" in frame.columns:
                sub = frame[[vcol, "yield_stress_MPa"]].dropna()
                fit = linear_fit(sub["yield_stress_MPa"], sub[vcol], confidence)
                doc["ccd_vs_yield"] = fit.to_dict()
            if as_json:
                emit_json(doc)
                return
            rows = [[g.group, g.n, g.mean, g.ci_low, g.ci_high, g.minimum, g.maximum,
                     g.weibull_m if g.weibull_m is not None else "-"] for g in groups]
            print_table(f"CCD statistics ({vcol}), {int(confidence * 100)}% t-interval",
                        ["group", "n", "mean", "CI low", "CI high", "min", "max", "Weibull m"],
                        rows)
            if "ccd_vs_yield" in doc:
                f = doc["ccd_vs_yield"]
                typer.echo(f"CCD = {f['intercept']:.4g} + ({f['slope']:.4g}) x yield_MPa, "
                           f"R2 = {f['r_squared']:.3f}, n = {f['n']}")

    @model_app.command("ccd")
    def model_ccd(
        electrode: str = typer.Option(
            "all", "--electrode", help="Li, Na, K, A, B, Li+NaK or all"),
        liquid_fraction: float | None = typer.Option(
            None, "--liquid-fraction", help="override the liquid volume fraction [0, 1]"),
        rheology: str = typer.Option("viscous", "--rheology", help="viscous or bingham"),
        toughness: str | None = typer.Option(
            None, "--toughness", help="electrolyte K_Ic, e.g. '2.5MPa m^0.5'"),
        recalibrate: bool = typer.Option(
            False, "--calibrate", help="refit the constants to the paper's means first"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Flow-limited CCD prediction (mean and 5-95 % range over the flaw distribution)."""
        lf = None if liquid_fraction is None else f"{liquid_fraction:g}"
        with user_errors({"liquid_fraction": ("--liquid-fraction", lf),
                          "preset": ("--electrode", electrode), "metal": ("--electrode", electrode),
                          "electrode": ("--electrode", electrode),
                          "rheology": ("--rheology", rheology)}):
            from semisolid.models import flow_ccd

            k = quantity(toughness, "toughness", "--toughness", positive=True) \
                if toughness else None
            if rheology not in ("viscous", "bingham"):
                from semisolid.errors import InputError

                raise InputError(f"unknown rheology {rheology!r}; expected viscous or bingham",
                                 "--rheology")
            prm = flow_ccd.DEFAULT_PARAMETERS if rheology == "viscous" else \
                flow_ccd.BINGHAM_PARAMETERS
            cal = None
            if recalibrate:
                cal = flow_ccd.calibrate(rheology=rheology, base=prm)
                prm = cal.parameters
            names = list(flow_ccd.ELECTRODE_PRESETS) if electrode.lower() == "all" \
                else [electrode]
            results = []
            for n in names:
                spec = flow_ccd.electrode_spec(n, liquid_fraction=liquid_fraction,
                                               toughness_Pa_m05=k)
                results.append(flow_ccd.predict(spec, prm))
            if as_json:
                doc = {"results": [r.to_dict() for r in results]}
                if cal is not None:
                    doc["calibration"] = cal.to_dict()
                emit_json(doc)
                return
            rows = [[r.electrode, r.regime, r.liquid_fraction, r.mean_ccd_mA_cm2,
                     r.quantiles_mA_cm2["p05"], r.quantiles_mA_cm2["p95"],
                     r.yield_stress_Pa / 1e6] for r in results]
            print_table(f"Flow-limited CCD ({rheology}), mA/cm2",
                        ["electrode", "regime", "liquid fraction", "mean", "5%", "95%",
                         "yield (MPa)"], rows)
            if cal is not None:
                typer.echo(f"calibrated: {cal.fitted} (max ratio {cal.max_ratio:.3f})")

    @simulate_app.command("cell")
    def simulate_cell_cmd(
        preset: str = typer.Option(..., "--preset", help="e.g. K/KBA/K, Li/LLZTO/Li, B/KBA/B"),
        seed: int = typer.Option(0, "--seed"),
        out: str | None = typer.Option(None, "--out", help="trace file (.csv or .mpt)"),
        fmt: str | None = typer.Option(None, "--format", help="csv or mpt (default: suffix)"),
        temperature: str | None = typer.Option(None, "--temperature", help="e.g. 22C"),
        pressure: str | None = typer.Option(None, "--pressure", help="stack pressure, 1.5MPa"),
        asr: str | None = typer.Option(None, "--asr", help="interfacial ASR, e.g. '30Ohm cm2'"),
        area: str | None = typer.Option(None, "--area", help="electrode area, e.g. 0.4cm2"),
        liquid_fraction: float | None = typer.Option(None, "--liquid-fraction"),
        points: int | None = typer.Option(None, "--points", help="samples per half cycle"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON document"),
    ) -> None:
        """Simulate a symmetric cell through the paper's CCD protocol; write its trace."""
        lf = None if liquid_fraction is None else f"{liquid_fraction:g}"
        with user_errors({"liquid_fraction": ("--liquid-fraction", lf),
                          "points_per_half_cycle": ("--points", str(points)),
                          "preset": ("--preset", preset), "seed": ("--seed", str(seed)),
                          "temperature_K": ("--temperature", temperature),
                          "stack_pressure_Pa": ("--pressure", pressure),
                          "interfacial_asr_Ohm_m2": ("--asr", asr),
                          "area_m2": ("--area", area)}):
            from dataclasses import replace
            from pathlib import Path

            from semisolid.errors import InputError
            from semisolid.models import virtual_cell as vc

            if seed < 0:
                raise InputError(f"{seed} must be a non-negative integer", "--seed")
            kind = None
            if out:
                output_file(out, "--out")
                if fmt is not None:
                    kind, where = fmt.lower(), "--format"
                else:
                    kind, where = (Path(out).suffix.lstrip(".") or "csv").lower(), "--out"
                if kind not in ("csv", "mpt"):
                    what = f"format {fmt!r}" if where == "--format" else f"suffix of {out!r}"
                    raise InputError(f"unknown {what}; expected csv or mpt", where)
            changes: dict = {"seed": seed}
            if temperature:
                changes["temperature_K"] = quantity(temperature, "temperature", "--temperature")
            if pressure:
                changes["stack_pressure_Pa"] = quantity(pressure, "pressure", "--pressure",
                                                        positive=True)
            if asr:
                changes["interfacial_asr_Ohm_m2"] = quantity(asr, "area_specific_resistance",
                                                             "--asr", positive=True)
            if area:
                changes["area_m2"] = quantity(area, "area", "--area", positive=True)
            if liquid_fraction is not None:
                changes["liquid_fraction"] = liquid_fraction
            cell = vc.cell_preset(preset, **changes)
            if points is not None:
                cell = replace(cell, protocol=replace(cell.protocol, points_per_half_cycle=points))
            data = vc.simulate_cell(cell)
            written: list[str] = []
            if out:
                if kind == "mpt":
                    written = [str(vc.write_mpt(data, out))]
                else:
                    written = [str(p) for p in vc.write_csv(data, out)]
            e = data.metadata.extra
            summary = {k: e[k] for k in ("preset", "seed", "failure_mode", "true_ccd_mA_cm2",
                                         "onset_current_density_mA_cm2", "onset_half_cycle",
                                         "onset_step", "onset_time_s", "largest_flaw_depth_um")}
            summary.update(rows=len(data), spectra=len(data.spectra), files=written)
            if as_json:
                emit_json(summary)
                return
            print_table(f"Virtual cell {e['preset']} (seed {seed})", ["quantity", "value"],
                        [[k, v] for k, v in summary.items()])

    app.add_typer(model_app, name="model")
    app.add_typer(simulate_app, name="simulate")
