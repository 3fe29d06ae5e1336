"""Thermodynamic workflows from a TDB file to results and figures (``semisolid equilibrium``,
``phase-diagram`` and ``section``).

Each takes the database as a path (default: the shipped Li-Na-K database) and a system as
text (``"Na-K"``) or a sequence of elements.

Examples
--------
>>> equilibrium_at({"K": 0.95, "Na": 0.05}, 295.15).phase_names
['BCC_A2', 'LIQUID']
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from semisolid.errors import InputError

__all__ = ["BinaryDiagramRun", "SectionRun", "equilibrium_at", "equilibrium_lines",
           "isothermal_section", "parse_system", "phase_diagram"]

Table = tuple[str, list[str], list[list[Any]]]


def _save_png_svg(fig: Any, out_dir: str | os.PathLike, stem: str) -> list[Path]:
    """Write ``<stem>.png`` (300 dpi) and ``<stem>.svg`` in `out_dir`."""
    from semisolid.plots import save_figure

    return [save_figure(fig, Path(out_dir) / f"{stem}.{fmt}") for fmt in ("png", "svg")]


def _db(tdb: str | Path | None):
    from semisolid.thermo.database import load_database

    return load_database(tdb) if tdb is not None else load_database()


def _comp_text(comp: Mapping[str, float]) -> str:
    return ", ".join(f"{k}={v:.6g}" for k, v in comp.items())


def parse_system(system: str | Sequence[str], n: int) -> list[str]:
    """``"Li-Na-K"`` (or a sequence) -> ``["Li", "Na", "K"]``, checking there are `n`.

    Examples
    --------
    >>> parse_system("Na-K", 2)
    ['Na', 'K']
    >>> parse_system("NaK", 2)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: system: 'NaK': expected 2 elements separated by '-', e.g. Na-K
    """
    parts = ([p.strip() for p in system.replace("–", "-").split("-") if p.strip()]
             if isinstance(system, str) else [str(p) for p in system])
    if len(parts) != n:
        raise InputError(f"{system!r}: expected {n} elements separated by '-', e.g. "
                         f"{'Na-K' if n == 2 else 'Li-Na-K'}", "system")
    return parts


def equilibrium_at(composition: Mapping[str, float], temperature_K: float, *,
                   tdb: str | Path | None = None, phases: Sequence[str] | None = None,
                   engine: str = "auto"):
    """Equilibrium at one composition and temperature, from a TDB file.

    Parameters
    ----------
    composition : mapping
        Mole fractions, e.g. ``{"K": 0.95, "Na": 0.05}``; a pure element is ``{"K": 1}``.
    temperature_K : float
    tdb : path, optional
        TDB database (default: the shipped Li-Na-K database).
    phases : sequence of str, optional
        Phases to consider (default: every phase the elements can form).
    engine : {"auto", "semisolid", "pycalphad"}
        ``auto``: the fast engine where it models every phase, else pycalphad (the result
        says which answered and why).

    Returns
    -------
    EquilibriumResult

    Examples
    --------
    >>> r = equilibrium_at({"K": 0.95, "Na": 0.05}, 295.15, phases=["LIQUID", "BCC_A2"])
    >>> r.converged, round(sum(p.fraction for p in r.phases), 12)
    (True, 1.0)
    """
    from semisolid.thermo.engine import equilibrium

    return equilibrium(_db(tdb), composition, temperature_K, phases=phases, engine=engine)


def equilibrium_lines(r: Any) -> list[str]:
    """Which engine answered and the result's notes, as lines for a terminal.

    Examples
    --------
    >>> equilibrium_lines(equilibrium_at({"K": 0.95, "Na": 0.05}, 295.15))
    ['engine: semisolid']
    """
    return [f"engine: {r.engine}", *(f"note: {n}" for n in r.notes)]


def equilibrium_tables(r: Any, composition: Mapping[str, float]) -> list[Table]:
    """The phases and chemical potentials of an equilibrium as (title, columns, rows) tables.

    Examples
    --------
    >>> r = equilibrium_at({"K": 0.95, "Na": 0.05}, 295.15)
    >>> [t[0] for t in equilibrium_tables(r, {"K": 0.95, "Na": 0.05})]
    ['Equilibrium at 295.15 K, K=0.95, Na=0.05', 'Chemical potentials']
    """
    els = list(composition)
    return [(f"Equilibrium at {r.temperature_K:g} K, {_comp_text(composition)}",
             ["phase", "fraction (mol atoms)", *[f"x_{c}" for c in els]],
             [[p.name, p.fraction, *[p.composition[c] for c in els]] for p in r.phases]),
            ("Chemical potentials", ["element", "mu (J/mol)"],
             [[k, v] for k, v in r.chemical_potentials_J_mol.items()])]


@dataclass
class BinaryDiagramRun:
    """A binary diagram and the figures written from it."""

    diagram: Any
    figures: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The diagram's dict without its field boundaries, plus ``figures``."""
        doc = self.diagram.to_dict()
        doc.pop("fields")
        return {**doc, "figures": [str(p) for p in self.figures]}

    def tables(self) -> list[Table]:
        """The invariant reactions."""
        d = self.diagram
        el, t = d.axis_element, d.temperatures_K
        rows = [[i.kind, i.temperature_K, "; ".join(
            f"{p.name} x_{el}={p.composition[el]:.4f}" for p in i.phases)] for i in d.invariants]
        return [(f"Invariant reactions of {'-'.join(d.components)} ({t[0]:g}-{t[-1]:g} K)",
                 ["kind", "T (K)", "phases"], rows)]

    def lines(self) -> list[str]:
        """``wrote <figure>`` lines."""
        return [f"wrote {p}" for p in self.figures]


def phase_diagram(
    system: str | Sequence[str],
    tmin_K: float | None = None,
    tmax_K: float | None = None,
    *,
    step_K: float = 1.0,
    tdb: str | Path | None = None,
    phases: Sequence[str] | None = None,
    out_dir: str | Path | None = None,
    progress: bool = False,
) -> BinaryDiagramRun:
    """Binary T-x diagram of `system` (``"A-B"``: x is the mole fraction of B), with its
    figures (PNG and SVG) written to `out_dir` when given: ``<ab>_phase_diagram`` and, for
    Na-K, the K-rich end ``nak_k_rich`` (Fig. 7a). Without `tmin_K`/`tmax_K` the range is
    the system's own (:func:`semisolid.thermo.diagrams.default_temperature_range`).

    Examples
    --------
    >>> run = phase_diagram("Li-Na", 540.0, 600.0, step_K=5.0)
    >>> [i.kind for i in run.diagram.invariants], run.figures
    (['critical point'], [])
    """
    from semisolid.thermo.diagrams import binary_diagram

    comps = parse_system(system, 2)
    d = binary_diagram(_db(tdb), comps, tmin_K, tmax_K, step_K=step_K, phases=phases,
                       progress=progress)
    run = BinaryDiagramRun(d)
    if out_dir is not None:
        from semisolid.plots.thermo import plot_binary_diagram, plot_k_rich_nak

        stem = "".join(c.lower() for c in d.components) + "_phase_diagram"
        run.figures += _save_png_svg(plot_binary_diagram(d), out_dir, stem)
        if tuple(d.components) == ("Na", "K"):
            run.figures += _save_png_svg(plot_k_rich_nak(d), out_dir, "nak_k_rich")
    return run


@dataclass
class SectionRun:
    """An isothermal section, the solubility curve along it and the figures written."""

    section: Any
    solubility: Any = None
    figures: list[Path] = field(default_factory=list)
    step: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The section's dict plus ``solubility`` (or None) and ``figures``."""
        return {**self.section.to_dict(),
                "solubility": None if self.solubility is None else self.solubility.to_dict(),
                "figures": [str(p) for p in self.figures]}

    def tables(self) -> list[Table]:
        """Regions, three-phase triangles, every 5th tie line and the solubility curve."""
        s, c = self.section, self.solubility
        names, counts = zip(*sorted(s.to_dict()["regions"].items()), strict=True)
        grid = "" if self.step is None else f" (grid step {self.step:g})"
        out = [(f"Phase regions of {'-'.join(s.components)} at {s.temperature_K:g} K{grid}",
                ["region", "grid points"], [list(r) for r in zip(names, counts, strict=True)]),
               ("Three-phase triangles", ["phase 1", "phase 2", "phase 3"],
                [[f"{p.name} ({_comp_text(p.composition)})" for p in tri.phases]
                 for tri in s.three_phase]),
               (f"Tie lines ({len(s.tie_lines)}; every 5th shown)", ["phase 1", "phase 2"],
                [[f"{p.name} ({_comp_text(p.composition)})" for p in tl.phases]
                 for tl in s.tie_lines[::5]])]
        if c is not None and c.ratio.size:
            a, b = c.ratio_elements
            rows = [[r, x] for r, x in zip(c.ratio[::20], c.x_solute[::20], strict=True)]
            out.append((f"{c.solute} in {c.phase} + {c.coexisting} ({a}/({a}+{b}) of "
                        f"{c.phase})", [f"{a}/({a}+{b})", f"x_{c.solute}"],
                        [*rows, [c.ratio[-1], c.x_solute[-1]]]))
        return out

    def lines(self) -> list[str]:
        """``wrote <figure>`` lines."""
        return [f"wrote {p}" for p in self.figures]


def isothermal_section(
    system: str | Sequence[str],
    temperature_K: float = 300.0,
    *,
    step: float = 0.01,
    tdb: str | Path | None = None,
    phases: Sequence[str] | None = None,
    solute: str | None = None,
    solvent_phase: str | None = None,
    coexisting: str | None = None,
    out_dir: str | Path | None = None,
    progress: bool = False,
) -> SectionRun:
    """Isothermal ternary section of `system` (``"A-B-C"``) and the solubility of `solute`
    (default: A) in `solvent_phase` (default: the liquid) along its field with a
    solute-richer `coexisting` phase (default: any), with figures (PNG and SVG) written to
    `out_dir` when given. The curve's abscissa is ``x_C / (x_B + x_C)`` of the solvent
    phase (B, C: the two other elements in the order given).

    Examples
    --------
    >>> run = isothermal_section("Li-Na-K", 300.0, step=0.1)
    >>> run.solubility.solute, len(run.section.three_phase) > 0
    ('Li', True)
    """
    from semisolid.thermo.diagrams import solubility, ternary_section

    comps = parse_system(system, 3)
    db = _db(tdb)
    s = ternary_section(db, comps, temperature_K, step=step, phases=phases, progress=progress)
    run = SectionRun(s, step=step)
    solute = comps[0] if solute is None else str(solute)
    if solute not in comps:
        raise InputError(f"{solute!r} is not one of {'-'.join(comps)}", "solute")
    others = [c for c in comps if c != solute]
    has_liquid = any(db.is_liquid(p) for p in s.batch.phase_names)
    if solvent_phase is not None or has_liquid:
        try:
            run.solubility = solubility(db, solute, solvent_phase, coexisting, temperature_K,
                                        ratio_elements=(others[1], others[0]), phases=phases)
        except InputError as exc:  # name the workflow's argument
            field = {"phase": "solvent_phase"}.get(exc.field, exc.field)
            msg = str(exc).removeprefix(f"{exc.field}: ") if exc.field else str(exc)
            raise InputError(msg, field) from None
    if out_dir is not None:
        from semisolid.plots.thermo import plot_solubility, plot_ternary_section

        stem = "".join(c.lower() for c in comps) + f"_{temperature_K:g}K"
        run.figures += _save_png_svg(plot_ternary_section(s), out_dir, stem)
        if run.solubility is not None and run.solubility.ratio.size:
            run.figures += _save_png_svg(plot_solubility(run.solubility), out_dir,
                                         f"{solute.lower()}_solubility_{temperature_K:g}K")
    return run
