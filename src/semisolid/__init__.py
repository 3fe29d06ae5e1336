"""semisolid: design and test alkali-metal electrodes on solid electrolytes.

The package turns Park et al., *Nature Energy* 6, 314 (2021) into a toolkit:
Li-Na-K thermodynamics (``semisolid.thermo``), electrode design (``semisolid.electrode``),
potentiostat files (``semisolid.io``), critical-current-density analysis (``semisolid.ccd``),
impedance fitting (``semisolid.eis``), mechanics, models, microstructures and the paper's
reproduction report.

Importing the package is cheap: the sub-packages load their heavy dependencies
(pycalphad, matplotlib, ...) only when used.

Examples
--------
>>> import semisolid
>>> semisolid.__version__
'0.1.0'
"""

from semisolid.errors import (
    FileFormatError,
    InputError,
    SemisolidError,
)
from semisolid.units import parse_quantity

__version__ = "0.1.0"

# a library logs, the application decides where it goes (no "No handlers" fallback output)
__import__("logging").getLogger("semisolid").addHandler(__import__("logging").NullHandler())

__all__ = [
    "FileFormatError",
    "InputError",
    "SemisolidError",
    "__version__",
    "parse_quantity",
]
