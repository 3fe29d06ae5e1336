"""Shared state of one report build: its mode, its seed, and the expensive objects several
sections use (computed once, on first use).

Examples
--------
>>> ctx = ReportContext(quick=True)
>>> ctx.seed, ctx.quick
(20210315, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from semisolid.electrode import SwingResult
    from semisolid.electrode.film import FilmResult
    from semisolid.report.virtual_cells import VirtualCell
    from semisolid.thermo.database import ThermoDatabase
    from semisolid.thermo.diagrams import BinaryDiagram

__all__ = ["ReportContext"]


@dataclass
class ReportContext:
    """What the sections of one report build share.

    Attributes
    ----------
    quick : bool
        Fewer virtual cells and coarser grids.
    seed : int
        Base seed of every random draw of the report.
    """

    quick: bool = False
    seed: int = 20210315
    _swings: dict[str, SwingResult] = field(default_factory=dict, init=False, repr=False)
    _cells: dict[str, list[VirtualCell]] | None = field(default=None, init=False, repr=False)
    _nak: BinaryDiagram | None = field(default=None, init=False, repr=False)
    _film: FilmResult | None = field(default=None, init=False, repr=False)

    def database(self) -> ThermoDatabase:
        """The shipped Li-Na-K database."""
        from semisolid.thermo import load_database

        return load_database()

    def swing(self, name: str) -> SwingResult:
        """Half-cycle swing of the paper's electrode A or B (:func:`semisolid.paper.swing`)."""
        if name not in self._swings:
            from semisolid.paper import swing

            self._swings[name] = swing(name)
        return self._swings[name]

    def virtual_cells(self) -> dict[str, list[VirtualCell]]:
        """The virtual cells of the six families
        (:func:`semisolid.report.virtual_cells.simulate_families`)."""
        if self._cells is None:
            from semisolid.report.virtual_cells import simulate_families

            self._cells = simulate_families(self.seed, quick=self.quick)
        return self._cells

    def nak_diagram(self) -> BinaryDiagram:
        """The Na-K diagram, 200-400 K (1 K steps; 2 K in quick mode)."""
        if self._nak is None:
            from semisolid.thermo.diagrams import binary_diagram

            step = 2.0 if self.quick else 1.0
            self._nak = binary_diagram(self.database(), ("Na", "K"), 200.0, 400.0, step_K=step)
        return self._nak

    def film(self) -> FilmResult:
        """The paper's Na-K film on a Li disc at the cell temperature."""
        if self._film is None:
            from semisolid.electrode.film import film_equilibrium
            from semisolid.paper import CELL

            self._film = film_equilibrium(
                temperature_K=CELL.temperature_K, film_volume_m3=CELL.nak_film_volume_m3,
                film_composition=CELL.nak_film_composition,
                li_diameter_m=CELL.li_disc_diameter_m, li_thickness_m=CELL.li_disc_thickness_m,
            )
        return self._film
