"""Vickers indentation: hardness, Tabor yield stress and crack-length fracture toughness.

Formulas (SI inside: N, m, Pa):

* Vickers hardness on the **projected** area, as Park et al. (2021) did ("the applied load
  divided by the projected contact area"): ``H = P / A_p = 2 P / d**2`` with ``d`` the mean
  diagonal. The classical contact (true surface) area convention is
  ``HV = 2 sin(68°) P / d**2 = 1.8544 P / d**2``; ``H / HV = 1.0785``.
* Equivalent yield stress (Tabor, *The Hardness of Metals*, 1951): ``σ_y = H / 3``.
* Anstis, Chantikul, Lawn & Marshall, *J. Am. Ceram. Soc.* 64, 533 (1981), half-penny
  cracks: ``K_c = ξ (E/H)**0.5 P / c**1.5`` with ``ξ = 0.016 ± 0.004`` and ``c`` the crack
  length from the indent centre to the crack tip.
* Evans & Charles, *J. Am. Ceram. Soc.* 59, 371 (1976): ``K_c = k H a**0.5 (c/a)**-1.5``
  with ``a = d/2`` and ``k = 0.16``; with ``H = P/(2 a**2)`` this is ``0.080 P / c**1.5``.

Validity: both crack-length formulas assume well-developed median / half-penny cracks,
``c/a ≳ 2`` (2.5 is the usual safe bound); shorter cracks are Palmqvist (radial) cracks.
Checks that fail emit :class:`IndentationWarning` rather than an error.

Examples
--------
>>> h = vickers_hardness_Pa(0.245, 306.4e-6)        # Li, paper load, implied diagonal
>>> round(h / 1e6, 2), round(tabor_yield_stress_Pa(h) / 1e6, 2)
(5.22, 1.74)
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from semisolid.errors import InputError
from semisolid.units import require_positive

__all__ = [
    "ANSTIS_XI",
    "CONTACT_AREA_FACTOR",
    "EVANS_CHARLES_CONSTANT",
    "HardnessResult",
    "IndentationWarning",
    "ToughnessFit",
    "anstis_toughness_Pa_sqrt_m",
    "diagonal_from_hardness_m",
    "evans_charles_toughness_Pa_sqrt_m",
    "fit_toughness",
    "hardness_from_tests",
    "tabor_yield_stress_Pa",
    "toughness_from_indent",
    "vickers_hardness_Pa",
]

ANSTIS_XI = 0.016
"""Anstis et al. (1981) calibration constant ξ (± 0.004)."""
EVANS_CHARLES_CONSTANT = 0.16
"""Evans & Charles (1976) constant in ``K_c = k H a**0.5 (c/a)**-1.5``."""
CONTACT_AREA_FACTOR = 2.0 * math.sin(math.radians(68.0))
"""``2 sin 68° = 1.8544``: HV = this × P/d² (contact-area convention)."""
_CONVENTIONS = ("projected", "contact")


LEGACY_TOUGHNESS_KEYS = {
    "toughness_Pa_sqrt_m": "toughness_Pa_m05",
    "toughness_mean_Pa_sqrt_m": "toughness_mean_Pa_m05",
    "toughness_sd_Pa_sqrt_m": "toughness_sd_Pa_m05",
    "per_indent_Pa_sqrt_m": "per_indent_Pa_m05",
}
"""Toughness keys of ``to_dict()`` -> the first spelling of the unit (``Pa_m05``), kept as
extra keys because the CLI's JSON has carried them."""


class IndentationWarning(UserWarning):
    """An indentation result outside the validity range of its formula (c/a too small, ...)."""


def _same_length(**arrays: np.ndarray) -> None:
    """Values given per indent must agree in length (one value applies to all indents).

    Raises InputError naming the first field whose length differs from the first field
    that has several values.
    """
    ref_name, ref = None, None
    for name, arr in arrays.items():
        if arr.size == 1:
            continue
        if ref is None:
            ref_name, ref = name, arr
            continue
        try:
            ok = arr.size == ref.size and np.broadcast_shapes(arr.shape, ref.shape) == ref.shape
        except ValueError:
            ok = False
        if not ok:
            raise InputError(f"has {arr.size} values but {ref_name} has {ref.size}: give one "
                             "value for all indents or one per indent", name)


def _out(arr: np.ndarray) -> float | np.ndarray:
    return float(arr) if arr.ndim == 0 else arr


def vickers_hardness_Pa(
    load_N: float | Sequence[float] | np.ndarray,
    diagonal_m: float | Sequence[float] | np.ndarray,
    convention: str = "projected",
) -> float | np.ndarray:
    """Vickers hardness from the load and the mean indent diagonal.

    Parameters
    ----------
    load_N : float or array_like
        Peak load P [N].
    diagonal_m : float or array_like
        Mean of the two indent diagonals d [m].
    convention : {"projected", "contact"}
        ``"projected"`` (default, as in the paper): ``H = 2 P / d**2``, the mean contact
        pressure (Meyer hardness). ``"contact"``: ``HV = 1.8544 P / d**2`` on the true
        surface area of the pyramid (ISO 6507 / ASTM E384 convention, here in Pa).

    Returns
    -------
    float or numpy.ndarray
        Hardness [Pa].

    Raises
    ------
    InputError
        For non-positive or non-finite loads or diagonals, or an unknown convention.

    Examples
    --------
    >>> round(vickers_hardness_Pa(9.80665, 100e-6) / 1e9, 4)          # 1 kgf, 100 um
    1.9613
    >>> round(vickers_hardness_Pa(9.80665, 100e-6, "contact") / 1e9, 4)
    1.8186
    """
    if convention not in _CONVENTIONS:
        raise InputError(
            f"unknown convention {convention!r}; expected one of {', '.join(_CONVENTIONS)}",
            "convention",
        )
    p = require_positive(load_N, "load_N", array=True)
    d = require_positive(diagonal_m, "diagonal_m", array=True)
    _same_length(diagonal_m=d, load_N=p)
    factor = 2.0 if convention == "projected" else CONTACT_AREA_FACTOR
    return _out(factor * p / d**2)


def diagonal_from_hardness_m(
    load_N: float, hardness_Pa: float, convention: str = "projected"
) -> float:
    """Indent diagonal [m] that a given hardness implies at a given load (inverse of
    :func:`vickers_hardness_Pa`).

    Examples
    --------
    >>> round(diagonal_from_hardness_m(0.245, 5.22e6) * 1e6, 1)   # Li in the paper, um
    306.4
    """
    if convention not in _CONVENTIONS:
        raise InputError(
            f"unknown convention {convention!r}; expected one of {', '.join(_CONVENTIONS)}",
            "convention",
        )
    p = float(require_positive(load_N, "load_N", array=True))
    h = float(require_positive(hardness_Pa, "hardness_Pa", array=True))
    factor = 2.0 if convention == "projected" else CONTACT_AREA_FACTOR
    return math.sqrt(factor * p / h)


def tabor_yield_stress_Pa(
    hardness_Pa: float | Sequence[float] | np.ndarray, constraint_factor: float = 3.0
) -> float | np.ndarray:
    """Equivalent yield stress ``σ_y = H / C`` (Tabor; C = 3 for fully plastic metals).

    Examples
    --------
    >>> round(tabor_yield_stress_Pa(1.23e6) / 1e6, 2)   # Na, paper
    0.41
    """
    h = require_positive(hardness_Pa, "hardness_Pa", array=True)
    c = float(require_positive(constraint_factor, "constraint_factor", array=True))
    return _out(h / c)


@dataclass
class HardnessResult:
    """Hardness statistics of repeated indents (mean ± sample SD, as in Fig. 6b).

    Examples
    --------
    >>> r = hardness_from_tests(0.245, [302e-6, 310e-6, 307e-6])
    >>> round(r.yield_stress_mean_Pa / 1e6, 2)
    1.74
    """

    n_tests: int
    convention: str
    hardness_mean_Pa: float
    hardness_sd_Pa: float
    yield_stress_mean_Pa: float
    yield_stress_sd_Pa: float
    hardness_each_Pa: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready)."""
        return asdict(self)

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """Mean and SD of hardness and yield stress in MPa, as ``(title, columns, rows)``.

        Examples
        --------
        >>> hardness_from_tests(0.245, [306e-6]).tables()[0][2][1]
        ['yield stress H/3 (MPa)', 1.744..., 'n/a (1 indent)']
        """
        def sd(v: float) -> Any:
            return v / 1e6 if self.n_tests > 1 else "n/a (1 indent)"

        tabor = self.hardness_mean_Pa / self.yield_stress_mean_Pa  # the constraint factor
        return [(f"Vickers hardness, {self.n_tests} indent(s), {self.convention} area",
                 ["quantity", "mean", "SD"],
                 [["hardness (MPa)", self.hardness_mean_Pa / 1e6, sd(self.hardness_sd_Pa)],
                  [f"yield stress H/{tabor:g} (MPa)", self.yield_stress_mean_Pa / 1e6,
                   sd(self.yield_stress_sd_Pa)]])]


def hardness_from_tests(
    load_N: float | Sequence[float],
    diagonals_m: Sequence[float] | np.ndarray,
    convention: str = "projected",
    constraint_factor: float = 3.0,
) -> HardnessResult:
    """Mean and SD (ddof = 1) of hardness and Tabor yield stress over repeated indents.

    Parameters
    ----------
    load_N : float or sequence
        One load for all indents, or one per indent.
    diagonals_m : sequence of float
        Mean diagonal of each indent [m].

    Examples
    --------
    >>> r = hardness_from_tests(0.245, [631e-6, 631e-6])
    >>> round(r.hardness_mean_Pa / 1e6, 2), r.hardness_sd_Pa
    (1.23, 0.0)
    """
    d = require_positive(diagonals_m, "diagonals_m", array=True).ravel()
    p = require_positive(load_N, "load_N", array=True).ravel()
    _same_length(diagonals_m=d, load_N=p)
    h = np.atleast_1d(vickers_hardness_Pa(p if p.size > 1 else p[0], d, convention))
    y = h / float(require_positive(constraint_factor, "constraint_factor", array=True))
    sd = float(np.std(h, ddof=1)) if h.size > 1 else float("nan")
    return HardnessResult(
        n_tests=int(h.size),
        convention=convention,
        hardness_mean_Pa=float(h.mean()),
        hardness_sd_Pa=sd,
        yield_stress_mean_Pa=float(y.mean()),
        yield_stress_sd_Pa=float(np.std(y, ddof=1)) if y.size > 1 else float("nan"),
        hardness_each_Pa=[float(v) for v in h],
    )


def _check_cracks(c: np.ndarray, a: np.ndarray, min_ratio: float) -> None:
    if np.any(c < a):
        raise InputError(
            f"crack length c must be at least the half-diagonal a (c is measured from the "
            f"indent centre to the crack tip); got c/a = {np.round(c / a, 3).tolist()}",
            "crack_length_m",
        )
    ratio = c / a
    if np.any(ratio < min_ratio):
        warnings.warn(
            f"c/a = {np.round(ratio, 3).tolist()} below {min_ratio}: cracks are probably "
            "Palmqvist (radial) rather than median/half-penny; the half-penny formulas "
            "overestimate toughness there",
            IndentationWarning,
            stacklevel=3,
        )


def anstis_toughness_Pa_sqrt_m(
    load_N: float | Sequence[float] | np.ndarray,
    crack_length_m: float | Sequence[float] | np.ndarray,
    youngs_modulus_Pa: float,
    hardness_Pa: float | Sequence[float] | np.ndarray,
    xi: float = ANSTIS_XI,
    half_diagonal_m: float | Sequence[float] | np.ndarray | None = None,
    min_c_over_a: float = 2.0,
) -> float | np.ndarray:
    """Fracture toughness by Anstis et al. (1981): ``K_c = ξ (E/H)**0.5 P / c**1.5``.

    Parameters
    ----------
    load_N : float or array_like
        Peak load P [N].
    crack_length_m : float or array_like
        Surface crack length c from the indent centre to the crack tip [m].
    youngs_modulus_Pa : float
        Young's modulus E [Pa].
    hardness_Pa : float or array_like
        Hardness H = P/(2a²) [Pa] (only E/H matters).
    xi : float
        Calibration constant (0.016 ± 0.004).
    half_diagonal_m : float or array_like, optional
        Half-diagonal a [m]; when given, ``c >= a`` is enforced and ``c/a < min_c_over_a``
        emits :class:`IndentationWarning`.

    Returns
    -------
    float or numpy.ndarray
        K_c [Pa m^0.5].

    Examples
    --------
    >>> k = anstis_toughness_Pa_sqrt_m(9.81, 100e-6, 70e9, 5.5e9)   # soda-lime-glass-like
    >>> round(k / 1e6, 3)
    0.56
    """
    p = require_positive(load_N, "load_N", array=True)
    c = require_positive(crack_length_m, "crack_length_m", array=True)
    e = float(require_positive(youngs_modulus_Pa, "youngs_modulus_Pa", array=True))
    h = require_positive(hardness_Pa, "hardness_Pa", array=True)
    x = float(require_positive(xi, "xi", array=True))
    _same_length(crack_length_m=c, load_N=p, hardness_Pa=h)
    if half_diagonal_m is not None:
        a = require_positive(half_diagonal_m, "half_diagonal_m", array=True)
        _same_length(crack_length_m=c, half_diagonal_m=a)
        _check_cracks(c, a, min_c_over_a)
    return _out(x * np.sqrt(e / h) * p / c**1.5)


def evans_charles_toughness_Pa_sqrt_m(
    hardness_Pa: float | Sequence[float] | np.ndarray,
    half_diagonal_m: float | Sequence[float] | np.ndarray,
    crack_length_m: float | Sequence[float] | np.ndarray,
    constant: float = EVANS_CHARLES_CONSTANT,
    min_c_over_a: float = 2.0,
) -> float | np.ndarray:
    """Fracture toughness by Evans & Charles (1976): ``K_c = k H a**0.5 (c/a)**-1.5``.

    Modulus-independent. ``k = 0.16`` by default (a named parameter because the literature
    quotes several variants; with ``H = P/(2a²)`` the default equals ``0.080 P/c**1.5``).

    Raises
    ------
    InputError
        Non-positive values, or ``c < a``.

    Examples
    --------
    >>> a, c, p = 30e-6, 100e-6, 9.81
    >>> h = p / (2 * a**2)
    >>> round(evans_charles_toughness_Pa_sqrt_m(h, a, c) / 1e6, 4)   # = 0.080 P / c^1.5
    0.7848
    """
    h = require_positive(hardness_Pa, "hardness_Pa", array=True)
    a = require_positive(half_diagonal_m, "half_diagonal_m", array=True)
    c = require_positive(crack_length_m, "crack_length_m", array=True)
    k = float(require_positive(constant, "constant", array=True))
    _same_length(crack_length_m=c, half_diagonal_m=a, hardness_Pa=h)
    _check_cracks(c, a, min_c_over_a)
    return _out(k * h * np.sqrt(a) * (c / a) ** -1.5)


@dataclass
class ToughnessFit:
    """Toughness from indents at several loads.

    Attributes
    ----------
    method : str
        ``"anstis"`` or ``"evans-charles"``.
    toughness_Pa_sqrt_m : float
        From the least-squares fit of ``c**1.5`` against the load-dependent prefactor
        (through the origin): the load-independent K the data support.
    toughness_mean_Pa_sqrt_m, toughness_sd_Pa_sqrt_m : float
        Mean and SD of the per-indent values.
    per_indent_Pa_sqrt_m : list of float
    hardness_Pa : list of float
        Per-indent H = P/(2a²).
    load_exponent : float or None
        Slope of ``log c`` vs ``log P`` (2/3 for ideal half-penny cracks); None with one load.
    warnings : list of str
        The validity warnings raised during the fit.

    Examples
    --------
    >>> loads = [19.6, 9.81, 4.91]
    >>> a = [(p / 16e9) ** 0.5 for p in loads]               # H = 8 GPa
    >>> c = [(0.080 * p / 1.0e6) ** (2 / 3) for p in loads]  # Evans-Charles, K = 1 MPa m^0.5
    >>> fit = fit_toughness(loads, a, c, method="evans-charles")
    >>> fit.method, fit.n_indents, round(fit.toughness_Pa_sqrt_m / 1e6, 6), fit.warnings
    ('evans-charles', 3, 1.0, [])
    """

    method: str
    n_indents: int
    toughness_Pa_sqrt_m: float
    toughness_mean_Pa_sqrt_m: float
    toughness_sd_Pa_sqrt_m: float
    per_indent_Pa_sqrt_m: list[float]
    hardness_Pa: list[float]
    load_exponent: float | None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready).

        The toughness keys are also written under their first spelling
        (``toughness_Pa_m05``, ...), which ``semisolid toughness --json`` has printed.

        Examples
        --------
        >>> d = ToughnessFit("anstis", 2, 1e6, 1e6, 0.0, [1e6, 1e6], [8e9, 8e9], None).to_dict()
        >>> d["toughness_Pa_sqrt_m"] == d["toughness_Pa_m05"] == 1e6
        True
        """
        d = asdict(self)
        for new, old in LEGACY_TOUGHNESS_KEYS.items():
            if new in d:
                d[old] = d[new]
        return d


def fit_toughness(
    loads_N: Sequence[float] | np.ndarray,
    half_diagonals_m: Sequence[float] | np.ndarray,
    crack_lengths_m: Sequence[float] | np.ndarray,
    method: str = "anstis",
    youngs_modulus_Pa: float | None = None,
    xi: float = ANSTIS_XI,
    constant: float = EVANS_CHARLES_CONSTANT,
) -> ToughnessFit:
    """Fit one fracture toughness to indents at several loads (the paper: 19.6, 9.81, 4.91 N).

    For each indent ``K_i = g_i / c_i**1.5`` with ``g_i = ξ (E/H_i)**0.5 P_i`` (Anstis) or
    ``g_i = k H_i a_i**2`` (Evans-Charles). The fitted K minimises
    ``Σ (c_i**1.5 - g_i / K)**2`` (closed form), so long cracks are not over-weighted by the
    ``c**-1.5`` scaling. A ``log c`` vs ``log P`` slope far from 2/3 (outside 0.5-0.85)
    warns that the cracks are not self-similar half-penny cracks.

    Raises
    ------
    InputError
        Fewer than 2 indents, mismatched lengths, non-positive values, ``c < a``, or a
        missing Young's modulus for the Anstis method.

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([19.6, 9.81, 4.91]); k = 1.0e6; e = 150e9; h = 8e9
    >>> a = np.sqrt(p / (2 * h))
    >>> c = (0.016 * np.sqrt(e / h) * p / k) ** (2 / 3)
    >>> fit = fit_toughness(p, a, c, youngs_modulus_Pa=e)
    >>> round(fit.toughness_Pa_sqrt_m / 1e6, 6), round(fit.load_exponent, 4)
    (1.0, 0.6667)
    """
    methods = ("anstis", "evans-charles")
    if method not in methods:
        raise InputError(f"unknown method {method!r}; expected one of {', '.join(methods)}",
                         "method")
    p = require_positive(loads_N, "loads_N", array=True).ravel()
    a = require_positive(half_diagonals_m, "half_diagonals_m", array=True).ravel()
    c = require_positive(crack_lengths_m, "crack_lengths_m", array=True).ravel()
    if not (p.size == a.size == c.size):
        raise InputError(
            f"loads ({p.size}), half-diagonals ({a.size}) and crack lengths ({c.size}) must "
            "have the same length",
            "loads_N",
        )
    if p.size < 2:
        raise InputError(f"need at least 2 indents for a fit, got {p.size}", "loads_N")
    msgs: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", IndentationWarning)
        h = p / (2.0 * a**2)
        if method == "anstis":
            if youngs_modulus_Pa is None:
                raise InputError("the Anstis method needs Young's modulus", "youngs_modulus_Pa")
            e = float(require_positive(youngs_modulus_Pa, "youngs_modulus_Pa", array=True))
            _check_cracks(c, a, 2.0)
            g = float(require_positive(xi, "xi", array=True)) * np.sqrt(e / h) * p
        else:
            _check_cracks(c, a, 2.0)
            g = float(require_positive(constant, "constant", array=True)) * h * a**2
    for w in caught:
        msgs.append(str(w.message))
        warnings.warn(w.message, IndentationWarning, stacklevel=2)
    per = g / c**1.5
    y = c**1.5
    k_fit = float(np.sum(g * g) / np.sum(g * y))
    slope: float | None = None
    if np.unique(p).size >= 2:
        slope = float(np.polyfit(np.log(p), np.log(c), 1)[0])
        if not 0.5 <= slope <= 0.85:
            msg = (f"log c vs log P slope {slope:.3f} is far from 2/3: cracks are not "
                   "self-similar half-penny cracks, K depends on load")
            msgs.append(msg)
            warnings.warn(msg, IndentationWarning, stacklevel=2)
    return ToughnessFit(
        method=method,
        n_indents=int(p.size),
        toughness_Pa_sqrt_m=k_fit,
        toughness_mean_Pa_sqrt_m=float(per.mean()),
        toughness_sd_Pa_sqrt_m=float(per.std(ddof=1)),
        per_indent_Pa_sqrt_m=[float(v) for v in per],
        hardness_Pa=[float(v) for v in h],
        load_exponent=slope,
        warnings=msgs,
    )


def _one(value: Any, name: str) -> float:
    arr = require_positive(value, name, array=True)
    if arr.size != 1:
        raise InputError(f"expected one value for one indent, got {arr.size}", name)
    return float(arr.ravel()[0])


def toughness_from_indent(
    load_N: float,
    half_diagonal_m: float,
    crack_length_m: float,
    method: str = "anstis",
    youngs_modulus_Pa: float | None = None,
    xi: float = ANSTIS_XI,
    constant: float = EVANS_CHARLES_CONSTANT,
) -> ToughnessFit:
    """Fracture toughness from a single Vickers indent (Anstis or Evans-Charles).

    The hardness is that of the indent, ``H = P / (2 a**2)``. With one indent there is no
    load dependence to check and no spread: ``toughness_sd_Pa_sqrt_m`` is NaN and
    ``load_exponent`` None (use :func:`fit_toughness` for indents at several loads).

    Parameters
    ----------
    load_N : float
        Peak load P [N].
    half_diagonal_m : float
        Half-diagonal a [m].
    crack_length_m : float
        Crack length c from the indent centre to the crack tip [m], at least ``a``.
    method : {"anstis", "evans-charles"}
    youngs_modulus_Pa : float, optional
        Young's modulus E [Pa]; required by the Anstis method.
    xi, constant : float
        The Anstis and Evans-Charles constants.

    Returns
    -------
    ToughnessFit
        ``n_indents = 1``; ``c/a < 2`` is warned (:class:`IndentationWarning`) and listed in
        ``warnings``.

    Raises
    ------
    InputError
        Non-positive values, ``c < a``, an unknown method, or no modulus for Anstis.

    Examples
    --------
    >>> p, a, c = 9.81, 30e-6, 100e-6
    >>> k = toughness_from_indent(p, a, c, method="evans-charles")
    >>> round(k.toughness_Pa_sqrt_m / (0.080 * p / c**1.5), 9), k.n_indents  # = 0.080 P/c^1.5
    (1.0, 1)
    >>> h = p / (2 * a**2)
    >>> k = toughness_from_indent(p, a, c, youngs_modulus_Pa=150e9)
    >>> round(k.toughness_Pa_sqrt_m / (0.016 * (150e9 / h) ** 0.5 * p / c**1.5), 9)
    1.0
    """
    methods = ("anstis", "evans-charles")
    if method not in methods:
        raise InputError(f"unknown method {method!r}; expected one of {', '.join(methods)}",
                         "method")
    p = _one(load_N, "load_N")
    a = _one(half_diagonal_m, "half_diagonal_m")
    c = _one(crack_length_m, "crack_length_m")
    h = p / (2.0 * a**2)
    if method == "anstis" and youngs_modulus_Pa is None:
        raise InputError("the Anstis method needs Young's modulus", "youngs_modulus_Pa")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", IndentationWarning)
        k = (anstis_toughness_Pa_sqrt_m(p, c, youngs_modulus_Pa, h, xi, half_diagonal_m=a)
             if method == "anstis" else evans_charles_toughness_Pa_sqrt_m(h, a, c, constant))
    msgs = [str(w.message) for w in caught]
    for m in msgs:
        warnings.warn(m, IndentationWarning, stacklevel=2)
    k = float(k)
    return ToughnessFit(method, 1, k, k, float("nan"), [k], [h], None, msgs)
