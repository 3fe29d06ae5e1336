"""``semisolid reproduce`` (:mod:`semisolid.report`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, OUT_DIR, App, say, show

app = App()


@app.command("reproduce", draws=True)
def reproduce(
    out_dir: Path = typer.Option("report", "--out", parser=OUT_DIR, help="Output folder."),
    quick: bool = typer.Option(False, "--quick", help="Smaller run (under 30 s)."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress lines on stderr."),
    as_json: bool = JSON,
) -> None:
    """Rebuild the paper's computed figures and the paper-vs-computed table as HTML."""
    from semisolid.report.reproduce import build_report

    res = build_report(out_dir, quick=quick, show_progress=not quiet)
    show(res, as_json)
    for e in res.errors:
        say(f"error: {e.splitlines()[0]}", err=True)
    raise typer.Exit(code=1 if res.errors else 0)
