"""``semisolid reproduce`` (:mod:`semisolid.report`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, OUT_DIR, App, emit_json, say

app = App()


@app.command("reproduce")
def reproduce(
    out_dir: Path = typer.Option("report", "--out", parser=OUT_DIR,
                                 help="Output folder."),
    quick: bool = typer.Option(False, "--quick", help="Smaller run (under 30 s)."),
    as_json: bool = JSON,
) -> None:
    """Rebuild the paper's computed figures and the paper-vs-computed table as HTML."""
    from semisolid.report.reproduce import build_report

    res = build_report(out_dir, quick=quick)
    c, ind = res.counts, res.independent_counts
    if as_json:
        emit_json({"html": str(res.html_path), "numbers_json": str(res.numbers_path),
                   "counts": c, "independent_counts": ind, "errors": res.errors,
                   "seconds": round(res.seconds, 2)})
    else:
        typer.echo(f"report: {res.html_path} (independent predictions: {ind['pass']} pass, "
                   f"{ind['fail']} fail; all rows: {c['pass']} pass, {c['fail']} fail, "
                   f"{c['not computed']} not computed; {res.seconds:.1f} s)")
        for e in res.errors:
            say(f"error: {e.splitlines()[0]}", err=True)
    if res.errors:
        raise typer.Exit(code=1)
