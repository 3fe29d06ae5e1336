"""CLI commands of the thermodynamics: ``equilibrium``, ``phase-diagram``, ``section``.

Only typer and the standard library are imported here; the work is imported inside the
commands.
"""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._common import (
    emit_json,
    output_folder,
    parse_composition,
    print_table,
    quantity,
    user_errors,
)


def _db(tdb: Path | None):
    from semisolid.thermo import load_database

    return load_database(tdb) if tdb is not None else load_database()


def _system(text: str, n: int, field: str) -> list[str]:
    from semisolid.errors import InputError

    parts = [p.strip() for p in text.replace("–", "-").split("-") if p.strip()]
    if len(parts) != n:
        example = "Na-K" if n == 2 else "Li-Na-K"
        raise InputError(f"{text!r}: expected {n} elements separated by '-', e.g. {example}",
                         field)
    return parts


def _temperature_step(text: str, field: str) -> float:
    """A positive temperature DIFFERENCE in K: ``"1K"`` and ``"1C"`` are both 1 K."""
    import math
    import re

    from semisolid.errors import InputError
    from semisolid.units import _TEMPERATURE

    m = re.fullmatch(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S*)\s*", text)
    if m is None or m[2] not in _TEMPERATURE:
        raise InputError(f"{text!r} is not a temperature step with a unit, e.g. '1K' or '0.5C'",
                         field)
    step = float(m[1]) * _TEMPERATURE[m[2]][0]
    if not (math.isfinite(step) and step > 0):
        raise InputError(f"{text!r} must be positive", field)
    return step


def _fields(**given: str) -> dict:
    """API fields of the thermodynamics -> CLI options (with the user's text)."""
    options = {"composition": "--composition", "temperature": "--temperature",
               "tmin": "--tmin", "tmax": "--tmax", "tmin/tmax": "--tmin/--tmax",
               "step": "--step", "phases": "--phases", "tdb": "--tdb", "system": "SYSTEM",
               "components": "SYSTEM"}
    return {k: (v, given.get(k)) for k, v in options.items()}


def _phases(text: str | None) -> list[str] | None:
    return [p.strip() for p in text.split(",") if p.strip()] if text else None


def _fmt_comp(comp: dict) -> str:
    return ", ".join(f"{k}={v:.6g}" for k, v in comp.items())


def equilibrium_cmd(
    composition: str = typer.Option(..., "--composition", "-c",
                                     help="Mole fractions, e.g. K=0.95,Na=0.05"),
    temperature: str = typer.Option(..., "--temperature", "-T", help="e.g. 295.15K or 22C"),
    tdb: Path | None = typer.Option(None, "--tdb", help="TDB database (default: shipped Li-Na-K)"),
    phases: str | None = typer.Option(None, "--phases",
                                      help="Comma-separated phases to consider"),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON document"),
) -> None:
    """Stable phases, their fractions and compositions at one composition and temperature."""
    with user_errors(_fields(composition=composition, temperature=temperature)):
        comp = parse_composition(composition)
        t = quantity(temperature, "temperature", "--temperature")
        from semisolid.thermo import equilibrium

        r = equilibrium(_db(tdb), comp, temperature_K=t, phases=_phases(phases))
    if json_out:
        emit_json(r.to_dict())
        return
    print_table(
        f"Equilibrium at {r.temperature_K:g} K, {_fmt_comp(comp)}",
        ["phase", "fraction (mol atoms)", *[f"x_{c}" for c in comp]],
        [[p.name, p.fraction, *[p.composition[c] for c in comp]] for p in r.phases],
    )
    print_table("Chemical potentials", ["element", "mu (J/mol)"],
                [[k, v] for k, v in r.chemical_potentials_J_mol.items()])
    if not r.converged:
        typer.echo("warning: the equilibrium solver did not converge; the numbers above are "
                   "its best estimate", err=True)


def phase_diagram_cmd(
    system: str = typer.Argument(..., help="Binary system A-B; x axis = mole fraction of B"),
    tmin: str = typer.Option("200K", "--tmin", help="Lowest temperature"),
    tmax: str = typer.Option("400K", "--tmax", help="Highest temperature"),
    step: str = typer.Option("1K", "--step",
                             help="Temperature step of the boundaries (a difference: 1K = 1C)"),
    tdb: Path | None = typer.Option(None, "--tdb", help="TDB database (default: shipped Li-Na-K)"),
    phases: str | None = typer.Option(None, "--phases",
                                      help="Comma-separated phases to consider"),
    out: Path | None = typer.Option(None, "--out", help="Write figures (PNG, SVG) here"),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON document"),
) -> None:
    """Binary T-x diagram: invariant reactions (table or JSON) and figures (--out)."""
    with user_errors(_fields(tmin=tmin, tmax=tmax, step=step, system=system)):
        comps = _system(system, 2, "SYSTEM")
        lo = quantity(tmin, "temperature", "--tmin")
        hi = quantity(tmax, "temperature", "--tmax")
        dt = _temperature_step(step, "--step")
        if out is not None:
            output_folder(out, "--out")
        from semisolid.thermo.diagrams import binary_diagram

        db = _db(tdb)
        d = binary_diagram(db, comps, lo, hi, step_K=dt, phases=_phases(phases), progress=True)
        figures: list[str] = []
        if out is not None:
            figures = _binary_figures(d, out)
    if json_out:
        doc = d.to_dict()
        doc.pop("fields")
        doc["figures"] = figures
        emit_json(doc)
        return
    rows = []
    for inv in d.invariants:
        rows.append([inv.kind, inv.temperature_K,
                     "; ".join(f"{p.name} x_{d.axis_element}={p.composition[d.axis_element]:.4f}"
                               for p in inv.phases)])
    print_table(f"Invariant reactions of {'-'.join(comps)} ({lo:g}-{hi:g} K)",
                ["kind", "T (K)", "phases"], rows)
    for f in figures:
        typer.echo(f"wrote {f}")


def _binary_figures(d, out: Path) -> list[str]:
    from semisolid.plots.thermo import _plt, plot_binary_diagram, plot_k_rich_nak, save_figure

    plt = _plt()
    stem = "".join(c.lower() for c in d.components) + "_phase_diagram"
    fig, ax = plt.subplots(figsize=(6, 4.5), constrained_layout=True)
    plot_binary_diagram(d, ax)
    paths = save_figure(fig, out, stem)
    if d.components == ("Na", "K"):
        fig, ax = plt.subplots(figsize=(6, 4.5), constrained_layout=True)
        plot_k_rich_nak(d, ax)
        paths += save_figure(fig, out, "nak_k_rich")
    return [str(p) for p in paths]


def section_cmd(
    system: str = typer.Argument(..., help="Ternary system A-B-C, e.g. Li-Na-K"),
    temperature: str = typer.Option("300K", "--temperature", "-T", help="e.g. 300K"),
    step: float = typer.Option(0.01, "--step", help="Composition grid step (mole fraction)"),
    tdb: Path | None = typer.Option(None, "--tdb", help="TDB database (default: shipped Li-Na-K)"),
    phases: str | None = typer.Option(None, "--phases",
                                      help="Comma-separated phases to consider"),
    out: Path | None = typer.Option(None, "--out", help="Write figures (PNG, SVG) here"),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON document"),
) -> None:
    """Isothermal ternary section: tie lines, three-phase triangles and solubility (--out: figures).

    The solubility is that of the first element in the liquid along its two-phase field.
    """
    with user_errors(_fields(temperature=temperature, step=f"{step:g}", system=system)):
        comps = _system(system, 3, "SYSTEM")
        t = quantity(temperature, "temperature", "--temperature")
        if out is not None:
            output_folder(out, "--out")
        if not 0 < step <= 0.5:
            from semisolid.errors import InputError

            raise InputError(f"{step:g} must be in (0, 0.5] and divide 1, e.g. 0.01 or 0.05",
                             "--step")
        from semisolid.thermo.diagrams import solubility, ternary_section

        db = _db(tdb)
        s = ternary_section(db, comps, t, step=step, phases=_phases(phases), progress=True)
        curve = None
        if {"LIQUID", "BCC_A2"} <= set(s.batch.phase_names):
            curve = solubility(db, comps[0], "LIQUID", "BCC_A2", t,
                               ratio_elements=(comps[2], comps[1]), phases=_phases(phases))
        figures: list[str] = []
        if out is not None:
            from semisolid.plots.thermo import plot_solubility, plot_ternary_section, save_figure

            ax = plot_ternary_section(s)
            stem = "".join(c.lower() for c in comps) + f"_{t:g}K"
            figures += [str(p) for p in save_figure(ax.figure, out, stem)]
            if curve is not None and curve.ratio.size:
                ax = plot_solubility(curve)
                figures += [str(p) for p in save_figure(
                    ax.figure, out, f"{comps[0].lower()}_solubility_{t:g}K")]
    if json_out:
        doc = s.to_dict()
        doc["solubility"] = curve.to_dict() if curve is not None else None
        doc["figures"] = figures
        emit_json(doc)
        return
    names, counts = zip(*sorted(s.to_dict()["regions"].items()), strict=True)
    print_table(f"Phase regions of {'-'.join(comps)} at {t:g} K (grid step {step:g})",
                ["region", "grid points"], list(zip(names, counts, strict=True)))
    print_table("Three-phase triangles", ["phase 1", "phase 2", "phase 3"],
                [[f"{p.name} ({_fmt_comp(p.composition)})" for p in tri.phases]
                 for tri in s.three_phase])
    print_table(f"Tie lines ({len(s.tie_lines)}; every 5th shown)", ["phase 1", "phase 2"],
                [[f"{p.name} ({_fmt_comp(p.composition)})" for p in tl.phases]
                 for tl in s.tie_lines[::5]])
    if curve is not None and curve.ratio.size:
        a, b = curve.ratio_elements
        print_table(f"{curve.solute} in LIQUID + BCC_A2 ({a}/({a}+{b}) of the liquid)",
                    [f"{a}/({a}+{b})", f"x_{curve.solute}"],
                    [[r, x] for r, x in zip(curve.ratio[::20], curve.x_solute[::20],
                                            strict=True)]
                    + [[curve.ratio[-1], curve.x_solute[-1]]])
    for f in figures:
        typer.echo(f"wrote {f}")


def register(app: typer.Typer) -> None:
    """Add the thermodynamics commands to the main app."""
    app.command("equilibrium")(equilibrium_cmd)
    app.command("phase-diagram")(phase_diagram_cmd)
    app.command("section")(section_cmd)
