"""The paper's thermodynamic figures, computed and written: Na-K (whole and K-rich end,
Fig. 7a), Li-Na and Li-K (Supplementary Fig. 11), the Li-Na-K section at 300 K (Fig. 7b) and
the Li solubility in the Na-K liquid (Fig. 7c).

The diagrams come from :mod:`semisolid.thermo.diagrams`; :mod:`semisolid.plots.thermo`
draws them and :func:`semisolid.plots.save_figure` writes them.

Examples
--------
>>> import tempfile
>>> from semisolid.thermo import load_database
>>> paths = write_thermo_figures(load_database(), tempfile.mkdtemp(), which=["solubility"])
>>> sorted(p.name for p in paths)
['li_solubility_300K.png', 'li_solubility_300K.svg']
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from semisolid.errors import InputError

__all__ = ["THERMO_FIGURES", "write_thermo_figures"]

THERMO_FIGURES = ("nak", "lina", "lik", "section", "solubility")
"""Names of the figure groups :func:`write_thermo_figures` can write."""


def write_thermo_figures(
    db: Any,
    out_dir: str | os.PathLike,
    *,
    which: Sequence[str] = THERMO_FIGURES,
    formats: Sequence[str] = ("png", "svg"),
    progress: bool = False,
) -> list[Path]:
    """Compute the paper's thermodynamic diagrams and write their figures into `out_dir`.

    ``nak``: Na-K whole (``nak_phase_diagram``) and K-rich end (``nak_k_rich``, Fig. 7a);
    ``lina``: Li-Na; ``lik``: Li-K; ``section``: Li-Na-K at 300 K (``linak_300K``, Fig. 7b);
    ``solubility``: Li in the Na-K liquid at 300 K (``li_solubility_300K``, Fig. 7c).

    Parameters
    ----------
    db : Database
        From :func:`semisolid.thermo.load_database`.
    out_dir : path
        Created if missing; files are written atomically.
    which : sequence of str
        Figure groups, from :data:`THERMO_FIGURES`.
    formats : sequence of str
        File formats (``png``, ``svg``, ``pdf``).
    progress : bool
        Progress bars of the diagram computations.

    Returns
    -------
    list of Path
    """
    from semisolid.plots.save import save_figure
    from semisolid.plots.thermo import (
        plot_binary_diagram,
        plot_k_rich_nak,
        plot_solubility,
        plot_ternary_section,
    )
    from semisolid.thermo.diagrams import binary_diagram, solubility, ternary_section

    unknown = [w for w in which if w not in THERMO_FIGURES]
    if unknown:
        raise InputError(f"unknown figure {unknown[0]!r}; known: {', '.join(THERMO_FIGURES)}",
                         "which")
    out: list[Path] = []

    def write(fig: Any, stem: str) -> None:
        out.extend(save_figure(fig, Path(out_dir) / f"{stem}.{fmt}") for fmt in formats)

    if "nak" in which:
        d = binary_diagram(db, ("Na", "K"), 200.0, 400.0, progress=progress)
        write(plot_binary_diagram(d), "nak_phase_diagram")
        write(plot_k_rich_nak(d), "nak_k_rich")
    if "lina" in which:
        d = binary_diagram(db, ("Li", "Na"), 300.0, 700.0, progress=progress)
        write(plot_binary_diagram(d), "lina_phase_diagram")
    if "lik" in which:
        d = binary_diagram(db, ("Li", "K"), 300.0, 700.0, progress=progress)
        write(plot_binary_diagram(d), "lik_phase_diagram")
    if "section" in which:
        s = ternary_section(db, ("Li", "Na", "K"), 300.0, progress=progress)
        write(plot_ternary_section(s), "linak_300K")
    if "solubility" in which:
        c = solubility(db, "Li", "LIQUID", "BCC_A2", 300.0)
        write(plot_solubility(c), "li_solubility_300K")
    return out
