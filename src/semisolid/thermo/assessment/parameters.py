"""The coefficients of the Li-Na-K assessment: what each one is, how it is fixed, where it is kept.

Every Redlich-Kister (or compound) coefficient of ``LiNaK.tdb`` is a pair ``a + b*T``
described by a :class:`ParamSpec`. ``fit`` says which of ``a`` and ``b`` the least-squares
fit moves; a moved coefficient may carry a Gaussian *prior* ``(mean, sigma)`` that enters
the fit as one more residual ``(value - mean)/sigma``. Priors are used only where no datum
constrains a coefficient (the excess entropies); each one is a stated judgement, listed
with its reason in docs/assessment.md.

The fitted values live in the package data file ``LiNaK_parameters.json`` (the source of
truth for the TDB), together with the SGTE unary table and the fit's covariance.

Examples
--------
>>> p = load_parameters()
>>> sorted(p)[:2]
['G_NA2K', 'L0_BCC_A2_K_LI']
>>> SPEC_BY_NAME["L0_BCC_A2_K_NA"].prior["b"]
(0.0, 4.0)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

__all__ = [
    "BOUND_MARGIN_K",
    "PARAMETER_FILE",
    "PARAM_SPECS",
    "SPEC_BY_NAME",
    "STAGES",
    "ParamSpec",
    "free_coefficients",
    "initial_parameters",
    "lik_liquid_a",
    "load_parameter_file",
    "load_parameters",
    "parameter_path",
    "round_parameters",
]

R = 8.314462618
"""Gas constant, J/(mol K) (CODATA 2018; the value pycalphad uses)."""

PARAMETER_FILE = "LiNaK_parameters.json"
"""Name of the package data file with the fitted coefficients, unaries and covariance."""

BOUND_MARGIN_K = 50.0
"""The Li-K liquid is set so that its consolute temperature clears the measured lower
bound by this margin (K)."""


@dataclass(frozen=True)
class ParamSpec:
    """One coefficient pair ``a + b*T`` of the database.

    Attributes
    ----------
    name : str
        Key in the parameter file.
    phase : str
        ``LIQUID``, ``BCC_A2`` or ``NA2K``.
    elements : tuple of str
        Constituents in the order of the TDB line (odd Redlich-Kister terms multiply
        ``x_first - x_second``).
    order : int
        Redlich-Kister order.
    initial : tuple of float
        Start of the fit (and the value of a coefficient that is not fitted).
    fit : str
        Which of ``"a"`` and ``"b"`` the fit moves (``"ab"``, ``"a"``, ``"b"`` or ``""``).
    stage : str
        Binary whose data fix it: ``"K-Na"``, ``"Li-Na"`` or ``"Li-K"``.
    why : str
        What fixes it, in words (copied into docs/assessment.md).
    mirror : tuple of str
        Phases that receive the same parameter (FCC_A1 and HCP_A3 mirror BCC_A2).
    prior : dict
        ``{"a" or "b": (mean, sigma)}`` for moved coefficients without data.
    """

    name: str
    phase: str
    elements: tuple[str, ...]
    order: int
    initial: tuple[float, float]
    fit: str
    stage: str
    why: str
    mirror: tuple[str, ...] = ()
    prior: dict = field(default_factory=dict)


_BCC_MIRROR = ("FCC_A1", "HCP_A3")

PARAM_SPECS: tuple[ParamSpec, ...] = (
    # ---- K-Na ----
    ParamSpec("L0_LIQUID_K_NA", "LIQUID", ("K", "NA"), 0, (2600.0, 0.0), "ab", "K-Na",
              "regular term of the liquid: eutectic, room-temperature liquidus, limiting slopes; "
              "its excess entropy has only a prior (Yokokawa and Kleppa 1964 report nearly "
              "ideal entropies of mixing; their enthalpies were not retrieved)",
              prior={"b": (0.0, 2.0)}),
    ParamSpec("L1_LIQUID_K_NA", "LIQUID", ("K", "NA"), 1, (-400.0, 0.0), "a", "K-Na",
              "asymmetry of the liquid: eutectic composition vs the two liquidus branches"),
    ParamSpec("L0_BCC_A2_K_NA", "BCC_A2", ("K", "NA"), 0, (8000.0, 0.0), "ab", "K-Na",
              "the two measured limiting solidus slopes; the excess entropy, which sets how "
              "the (K) solvus bends from 336.5 K to the cell temperature, has only a prior "
              "(no solvus measurement was retrieved)", _BCC_MIRROR, prior={"b": (0.0, 4.0)}),
    ParamSpec("L1_BCC_A2_K_NA", "BCC_A2", ("K", "NA"), 1, (-1500.0, 0.0), "a", "K-Na",
              "asymmetry between the two limiting solidus slopes", _BCC_MIRROR),
    ParamSpec("G_NA2K", "NA2K", ("NA", "K"), 0, (-1100.0, 0.0), "ab", "K-Na",
              "Gibbs energy of formation of Na2K per formula unit (2 Na + 1 K) from BCC Na and "
              "K: eutectic and peritectic temperatures; the entropy of formation has only a "
              "prior (no calorimetry retrieved)", prior={"b": (0.0, 6.0)}),
    # ---- Li-Na ----
    ParamSpec("L0_LIQUID_LI_NA", "LIQUID", ("LI", "NA"), 0, (20000.0, -19.0), "ab", "Li-Na",
              "liquid miscibility gap: the two measured critical points and the monotectic"),
    ParamSpec("L1_LIQUID_LI_NA", "LIQUID", ("LI", "NA"), 1, (3400.0, -2.9), "ab", "Li-Na",
              "asymmetry of the miscibility gap (critical composition, monotectic liquids)"),
    ParamSpec("L0_BCC_A2_LI_NA", "BCC_A2", ("LI", "NA"), 0, (15000.0, 0.0), "a", "Li-Na",
              "limited mutual solid solubility: the eutectic temperature (365.25 K)",
              _BCC_MIRROR),
    ParamSpec("L1_BCC_A2_LI_NA", "BCC_A2", ("LI", "NA"), 1, (1800.0, 0.0), "a", "Li-Na",
              "asymmetry: the eutectic and monotectic liquid compositions", _BCC_MIRROR),
    # ---- Li-K ----
    ParamSpec("L0_LIQUID_K_LI", "LIQUID", ("K", "LI"), 0, (30317.03, 0.0), "", "Li-K",
              "regular liquid at the smallest interaction consistent with the measured lower "
              "bound of the consolute temperature (> 1500 C, Bale 1989) plus "
              f"{BOUND_MARGIN_K:g} K: a = 2 R (1773.15 + {BOUND_MARGIN_K:g}) J/mol. The solubility "
              "of Li in liquid K that would fix it (Dotson and Hand 1970, Smith 1974) was not "
              "retrieved; a larger value lowers the Li solubility of K-rich liquids"),
    ParamSpec("L0_BCC_A2_K_LI", "BCC_A2", ("K", "LI"), 0, (40000.0, 0.0), "", "Li-K",
              "fixed: negligible mutual solid solubility (Bale 1989); no data to fit",
              _BCC_MIRROR),
)
SPEC_BY_NAME = {s.name: s for s in PARAM_SPECS}

STAGES = ("K-Na", "Li-Na", "Li-K")
"""Binaries fitted one after the other (each from its own data)."""


def lik_liquid_a() -> float:
    """``a`` of the Li-K liquid: ``2 R (1773.15 K + margin)`` (regular-solution consolute).

    Examples
    --------
    >>> lik_liquid_a()
    30317.03
    """
    return round(2 * R * (1773.15 + BOUND_MARGIN_K), 2)


def free_coefficients(stage: str | None = None) -> list[tuple[str, str]]:
    """``(name, "a" or "b")`` of every coefficient the fit moves, in file order.

    Examples
    --------
    >>> free_coefficients("Li-Na")[:2]
    [('L0_LIQUID_LI_NA', 'a'), ('L0_LIQUID_LI_NA', 'b')]
    """
    return [(s.name, c) for s in PARAM_SPECS if stage in (None, s.stage) for c in s.fit]


def round_parameters(p: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Round to the precision written into the TDB (0.01 J/mol, 1e-4 J/(mol K)).

    Examples
    --------
    >>> round_parameters({"x": (1.23456, 0.123456)})
    {'x': (1.23, 0.1235)}
    """
    return {k: (round(a, 2), round(b, 4)) for k, (a, b) in p.items()}


def parameter_path() -> Path:
    """Path of the shipped parameter file.

    Examples
    --------
    >>> parameter_path().name
    'LiNaK_parameters.json'
    """
    return Path(str(files("semisolid.thermo") / "data" / PARAMETER_FILE))


@cache
def _read(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_parameter_file(path: str | Path | None = None) -> dict:
    """The whole parameter file: ``parameters``, ``unaries``, ``covariance``, ``free``.

    Examples
    --------
    >>> sorted(load_parameter_file())[:3]
    ['comment', 'covariance', 'free']
    """
    return _read(str(path or parameter_path()))


def load_parameters(path: str | Path | None = None) -> dict[str, tuple[float, float]]:
    """The fitted coefficients ``{name: (a, b)}`` (J/mol and J/(mol K)).

    Examples
    --------
    >>> load_parameters()["L0_BCC_A2_K_LI"]
    (40000.0, 0.0)
    """
    raw = load_parameter_file(path)["parameters"]
    return {s.name: (float(raw[s.name][0]), float(raw[s.name][1])) for s in PARAM_SPECS}


def initial_parameters() -> dict[str, tuple[float, float]]:
    """The starting values of the fit (fixed coefficients keep these).

    Examples
    --------
    >>> initial_parameters()["L0_LIQUID_K_LI"][0] == lik_liquid_a()
    True
    """
    out = {s.name: s.initial for s in PARAM_SPECS}
    out["L0_LIQUID_K_LI"] = (lik_liquid_a(), 0.0)
    return out
