"""Real potentiostat files shipped with semisolid (MIT-licensed; see files/SOURCES.md).

Examples
--------
>>> sorted(SAMPLES)
['gcpl', 'peis']
>>> sample_path("gcpl").suffix
'.mpr'
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from semisolid.errors import InputError, suggest

__all__ = ["SAMPLES", "sample_path"]

SAMPLES: dict[str, str] = {
    "gcpl": "navani_gcpl_5cycles.mpr",
    "peis": "impedance_py_peis.mpt",
}
"""Sample name -> file: a 5-cycle GCPL record (EC-Lab .mpr, 46,102 rows, no short) and a
PEIS spectrum (EC-Lab .mpt, 43 points)."""


def sample_path(name: str) -> Path:
    """Path of a shipped sample file.

    Raises
    ------
    InputError
        For an unknown sample name.
    """
    if name not in SAMPLES:
        raise InputError(f"unknown sample {name!r}{suggest(name, SAMPLES)}; known: "
                         f"{', '.join(SAMPLES)}", "sample")
    return Path(str(files("semisolid.samples") / "files" / SAMPLES[name]))
