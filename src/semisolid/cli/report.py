"""CLI: ``semisolid reproduce`` (the paper-reproduction report)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._common import emit_json, user_errors


def register(app: typer.Typer) -> None:
    """Add ``reproduce`` to the main app."""

    @app.command("reproduce")
    def reproduce(
        out: Path = typer.Option(Path("report"), "--out", help="Output folder."),
        quick: bool = typer.Option(False, "--quick", help="Smaller run (under 30 s)."),
        json_out: bool = typer.Option(False, "--json", help="Print a JSON summary on stdout."),
    ) -> None:
        """Rebuild the paper's computed figures and the paper-vs-computed table as HTML."""
        from semisolid.cli._common import output_folder
        from semisolid.report.reproduce import build_report

        with user_errors():
            output_folder(out, "--out")
            res = build_report(out, quick=quick)
        summary = {
            "html": str(res.html_path),
            "numbers_json": str(res.numbers_path),
            "counts": res.counts,
            "independent_counts": res.independent_counts,
            "errors": res.errors,
            "seconds": round(res.seconds, 2),
        }
        if json_out:
            emit_json(summary)
        else:
            c, ind = res.counts, res.independent_counts
            typer.echo(
                f"report: {res.html_path} (independent predictions: {ind['pass']} pass, "
                f"{ind['fail']} fail; all rows: {c['pass']} pass, {c['fail']} fail, "
                f"{c['not computed']} not computed; {res.seconds:.1f} s)"
            )
            for e in res.errors:
                typer.echo(f"error: {e.splitlines()[0]}", err=True)
        if res.errors:
            raise typer.Exit(code=1)
