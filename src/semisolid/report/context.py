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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from semisolid.electrode import SwingResult
    from semisolid.electrode.film import FilmResult
    from semisolid.report.virtual_cells import VirtualCell
    from semisolid.thermo.database import ThermoDatabase
    from semisolid.thermo.diagrams import BinaryDiagram

__all__ = ["ASSESSMENT_ROWS", "ReportContext", "provenance"]

ASSESSMENT_ROWS: dict[str, str] = {
    "nak_eutectic_T": "NaK_eutectic_T",
    "nak_eutectic_xK": "NaK_eutectic_xK_L",
    "na2k_peritectic_T": "NaK_peritectic_T",
    "nak_liquid_na_rich_xK": "NaK_RT_xK_L_NA",
    "nak_liquid_k_rich_xK": "NaK_RT_xK_L_K",
    "lina_monotectic_T": "LiNa_monotectic_T",
    "lina_critical_T": "LiNa_critical_T",
    "lina_critical_xLi": "LiNa_critical_xLi",
    "lina_eutectic_T": "LiNa_eutectic_T",
    "lik_miscibility_T": "LiK_consolute_T",
    "li_solubility_max": "LiNaK_300_max_xLi_L",
    "li_solubility_ratio": "LiNaK_300_ratio",
    **{f"liquid_{e}_{end}": f"swing_{e}_{end}"
       for e in ("A", "B") for end in ("start", "enriched", "depleted")},
}
"""Paper number (key in ``park2021.toml``) -> its row in the database assessment's data table
(``semisolid/thermo/data/assessment_data.csv``), whose ``role`` decides the row's kind:
``fit`` -> *fitted*, ``prediction`` -> *prediction* (never fitted)."""


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

    def assessment_kind(self, key: str) -> tuple[str, str]:
        """Kind of the row of paper number `key` from the assessment's data table, and a note
        naming the datum's source.

        Examples
        --------
        >>> ctx = ReportContext()
        >>> ctx.assessment_kind("nak_eutectic_T")[0], ctx.assessment_kind("liquid_A_start")[0]
        ('fitted', 'prediction')
        """
        from semisolid.errors import InputError
        from semisolid.thermo.assessment.data import read_data

        rows = {d.id: d for d in read_data()}
        d = rows.get(ASSESSMENT_ROWS.get(key, ""))
        if d is None:
            raise InputError(f"paper number {key!r} has no row in the assessment's data", "key")
        if d.role == "fit":
            return "fitted", (f"the database was fitted to it ({d.source.replace(';', ',')}; "
                              "docs/assessment.md)")
        if d.role == "prediction":
            return "prediction", "never fitted: a prediction of the database (docs/assessment.md)"
        raise InputError(f"assessment row {d.id} has role {d.role!r}: neither fit nor prediction",
                         "key")

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


def provenance(ctx: ReportContext) -> dict[str, Any]:
    """What made a report: semisolid, Python and numpy versions, the database file and its
    sha256, the seed, the mode and the date (UTC).

    Examples
    --------
    >>> p = provenance(ReportContext(quick=True))
    >>> p["database"], len(p["database_sha256"]), p["seed"], p["quick"]
    ('semisolid/thermo/data/LiNaK.tdb', 64, 20210315, True)
    """
    import datetime
    import hashlib
    import platform

    import matplotlib
    import numpy

    from semisolid import __version__
    from semisolid.thermo.database import default_tdb_path

    tdb = default_tdb_path()
    return {
        "semisolid": __version__,
        "database": "semisolid/thermo/data/" + tdb.name,
        "database_sha256": hashlib.sha256(tdb.read_bytes()).hexdigest(),
        "seed": ctx.seed,
        "quick": ctx.quick,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "matplotlib": matplotlib.__version__,
        "platform": platform.platform(terse=True),
    }
