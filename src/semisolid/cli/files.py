"""CLI commands for potentiostat files: ``semisolid inspect`` and ``semisolid export``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from semisolid.cli._common import emit_json, output_file, print_table, user_errors


def _summary(path: str, fmt: str | None) -> tuple[dict[str, Any], Any]:
    import numpy as np

    from semisolid.io import read

    rec = read(path, format=fmt)
    md = rec.metadata
    n = len(rec)
    span = [float(np.nanmin(rec.time_s)), float(np.nanmax(rec.time_s))] if n else None
    info = {
        "file": str(path),
        "format": md.format,
        "sha256": md.sha256,
        "rows": n,
        "columns": md.columns,
        "techniques": md.techniques,
        "start_time": md.start_time,
        "time_span_s": span,
        "half_cycles": rec.n_half_cycles,
        "measured_current": rec.current_A is not None,
        "set_current_source": md.extra.get("set_current_source"),
        "header_area": md.header_area_text,
        "header_area_reliable": md.header_area_reliable,
        "spectra": len(rec.spectra),
        "spectrum_points": [len(s) for s in rec.spectra],
        "warnings": md.warnings + list(rec.spectra.notes),
    }
    return info, rec


def _is_eis(rec: Any) -> bool:
    pts = sum(len(s) for s in rec.spectra)
    return bool(len(rec.spectra)) and (len(rec) == 0 or pts >= 0.9 * len(rec))


def register(app: typer.Typer) -> None:
    """Add this area's commands to the main app."""

    @app.command("inspect")
    def inspect(
        file: Path = typer.Argument(..., help="Potentiostat file (.mpr, .mpt, .csv, .DTA)."),
        format: str = typer.Option(None, "--format", help="Force a reader (see --help)."),
        json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
    ) -> None:
        """Show what a potentiostat file holds, with its warnings.

        Rows, columns with units, techniques, time span, half cycles and spectra.
        """
        with user_errors():
            info, _ = _summary(str(file), format)
        if json:
            emit_json(info)
            return
        rows = [
            ("format", info["format"]),
            ("rows", info["rows"]),
            ("techniques", ", ".join(info["techniques"]) or "-"),
            ("start time", info["start_time"] or "-"),
            ("time span (s)",
             "-" if info["time_span_s"] is None
             else f"{info['time_span_s'][0]:.6g} .. {info['time_span_s'][1]:.6g}"),
            ("half cycles", info["half_cycles"]),
            ("set current from", info["set_current_source"] or "-"),
            ("header area", f"{info['header_area'] or '-'} (unreliable; pass the real area)"),
            ("spectra", f"{info['spectra']} {info['spectrum_points'][:10]}"),
            ("sha256", info["sha256"] or "-"),
        ]
        print_table(f"{file.name}", ["item", "value"], rows)
        print_table("columns", ["column", "unit"], list(info["columns"].items()))
        for w in info["warnings"]:
            typer.echo(f"warning: {w}", err=True)

    @app.command("export")
    def export(
        file: Path = typer.Argument(..., help="Potentiostat file to read."),
        out: Path = typer.Argument(..., help="Output table: OUT.csv or OUT.parquet."),
        format: str = typer.Option(None, "--format", help="Force a reader."),
        what: str = typer.Option(
            "auto", "--what",
            help="cycling | spectra | auto (spectra for impedance files, else cycling).",
        ),
    ) -> None:
        """Write the canonical table (SI, unit-named columns) as CSV or Parquet, atomically."""
        with user_errors():
            from semisolid.errors import InputError
            from semisolid.io import read

            suffix = out.suffix.lower()
            if suffix not in (".csv", ".parquet"):
                raise InputError(f"{out.name}: expected a .csv or .parquet file", "OUT")
            if what not in ("auto", "cycling", "spectra"):
                raise InputError(f"{what!r}: expected cycling, spectra or auto", "--what")
            if out.resolve() == file.resolve():
                raise InputError("the output would overwrite the input file", "OUT")
            output_file(out, "OUT")
            rec = read(str(file), format=format)
            kind = ("spectra" if _is_eis(rec) else "cycling") if what == "auto" else what
            df = rec.spectra.to_frame() if kind == "spectra" else rec.to_frame()
            from semisolid._util import atomic_output

            with atomic_output(out) as tmp:
                if suffix == ".csv":
                    df.to_csv(tmp, index=False)
                else:
                    df.to_parquet(tmp, index=False)
        typer.echo(f"wrote {out} ({len(df)} rows, {kind})")
