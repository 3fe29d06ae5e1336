"""The thermodynamic model of the assessment (numpy) and the direct equilibrium solves of the fit.

:class:`Model` gives the molar Gibbs energy and the chemical potentials of LIQUID and
BCC_A2 (Redlich-Kister, Muggianu) and the Gibbs energy of the Na2K formula unit, for one
set of coefficients. The solvers find binary invariants (equal chemical potentials in
three phases), tie lines, critical points (``d2G/dx2 = d3G/dx3 = 0``), limiting solidus
slopes and ternary three-phase equilibria by Newton's method (``scipy.optimize.fsolve``),
which is fast and smooth in the parameters. pycalphad's global minimiser checks every
result on the written TDB (:mod:`semisolid.thermo.assessment.check`).

Examples
--------
>>> from semisolid.thermo.assessment.parameters import load_parameters
>>> m = Model(load_parameters(), Unaries.from_package())
>>> xb, xl = binary_tie_line(m, ("K", "NA"), [("BCC_A2", 0.04), ("LIQUID", 0.16)], 295.15)
>>> bool(0.0 < xb < 0.06 and 0.1 < xl < 0.25)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from scipy import optimize

from semisolid.thermo.assessment.parameters import PARAM_SPECS, R
from semisolid.thermo.assessment.unaries import ELEMENTS, Unaries

__all__ = [
    "IDX",
    "Model",
    "SolveError",
    "binary_critical",
    "binary_invariant",
    "binary_tie_line",
    "solidus_slope",
    "ternary_three_phase",
]

IDX = {e: i for i, e in enumerate(ELEMENTS)}


class Model:
    """Gibbs energies of LIQUID, BCC_A2 (per mole of atoms) and Na2K (per formula unit).

    Parameters
    ----------
    params : dict
        ``{name: (a, b)}`` for every :data:`PARAM_SPECS` entry.
    unaries : Unaries
        Pure-element Gibbs energies.
    """

    def __init__(self, params: dict[str, tuple[float, float]], unaries: Unaries) -> None:
        self.params = params
        self.unaries = unaries
        self.terms: dict[str, list[tuple[int, int, int, float, float]]] = {
            "LIQUID": [], "BCC_A2": []}
        for spec in PARAM_SPECS:
            if spec.phase in self.terms:
                i, j = (IDX[e] for e in spec.elements)
                a, b = params[spec.name]
                self.terms[spec.phase].append((i, j, spec.order, a, b))

    def gm(self, phase: str, x: np.ndarray, T: float) -> np.ndarray:
        """G per mole of atoms at mole fractions ``x[..., (Li, Na, K)]``."""
        x = np.asarray(x, dtype=float)
        g = x @ self.unaries(phase, T)
        with np.errstate(divide="ignore", invalid="ignore"):
            g = g + R * T * np.sum(np.where(x > 0, x * np.log(np.where(x > 0, x, 1)), 0), -1)
        for i, j, k, a, b in self.terms[phase]:
            d = x[..., i] - x[..., j]
            g = g + x[..., i] * x[..., j] * (a + b * T) * d**k
        return g

    def mu(self, phase: str, x: np.ndarray, T: float) -> np.ndarray:
        """Chemical potentials (J/mol) of Li, Na, K; -inf for an absent element."""
        x = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore"):
            grad = self.unaries(phase, T) + R * T * (np.log(x) + 1.0)
        for i, j, k, a, b in self.terms[phase]:
            L = a + b * T
            d = x[..., i] - x[..., j]
            dk = d**k
            dk1 = k * d ** (k - 1) if k > 0 else 0.0
            grad[..., i] += L * (x[..., j] * dk + x[..., i] * x[..., j] * dk1)
            grad[..., j] += L * (x[..., i] * dk - x[..., i] * x[..., j] * dk1)
        g = self.gm(phase, x, T)
        finite = np.where(np.isfinite(grad), grad, 0.0)
        return g[..., None] + grad - np.sum(x * finite, -1)[..., None]

    def g_na2k(self, T: float) -> float:
        """G of one formula unit Na2K (3 atoms), J per mole of formula units."""
        a, b = self.params["G_NA2K"]
        u = self.unaries("BCC_A2", T)
        return 2 * u[IDX["NA"]] + u[IDX["K"]] + a + b * T

    def binary_d2(self, phase: str, pair: tuple[str, str], xb: float, T: float
                  ) -> tuple[float, float]:
        """Second and third derivative of G along the A-B binary, in x_B (pair = (A, B))."""
        ia, ib = IDX[pair[0]], IDX[pair[1]]
        poly = np.polynomial.Polynomial([0.0])
        xbp = np.polynomial.Polynomial([0.0, 1.0])
        xap = 1 - xbp
        for i, j, k, a, b in self.terms[phase]:
            if {i, j} != {ia, ib}:
                continue
            xi = xap if i == ia else xbp
            xj = xap if j == ia else xbp
            poly = poly + (a + b * T) * xi * xj * (xi - xj) ** k
        d2 = poly.deriv(2)(xb) + R * T * (1 / xb + 1 / (1 - xb))
        d3 = poly.deriv(3)(xb) + R * T * (-1 / xb**2 + 1 / (1 - xb) ** 2)
        return float(d2), float(d3)


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _expit(y: float) -> float:
    return 1.0 / (1.0 + math.exp(-y)) if y > -700 else 0.0


def _binx(pair: tuple[str, str], xb: float) -> np.ndarray:
    x = np.zeros(3)
    x[IDX[pair[0]]] = 1 - xb
    x[IDX[pair[1]]] = xb
    return x


class SolveError(RuntimeError):
    """A phase-equilibrium solve of the fit did not converge."""


def _fsolve(fun: Callable, y0: Sequence[float]) -> np.ndarray:
    with np.errstate(all="ignore"):
        y, info, ier, msg = optimize.fsolve(fun, np.asarray(y0, float), full_output=True,
                                            xtol=1e-12)
    if ier != 1 or not np.all(np.isfinite(info["fvec"])) or np.max(np.abs(info["fvec"])) > 1e-6:
        raise SolveError(msg)
    return y


_PhaseSpec = tuple[str, float | None]
"""A phase in a binary equilibrium: ``("LIQUID", guess_xB)`` or ``("NA2K", None)``."""


def binary_invariant(model: Model, pair: tuple[str, str], phases: Sequence[_PhaseSpec],
                     T0: float) -> tuple[float, list[float | None]]:
    """Temperature and x_B of each phase of a three-phase binary invariant.

    Examples
    --------
    >>> from semisolid.thermo.assessment.parameters import load_parameters
    >>> m = Model(load_parameters(), Unaries.from_package())
    >>> T, xs = binary_invariant(m, ("K", "NA"), [("LIQUID", 0.32), ("BCC_A2", 0.06),
    ...                                           ("NA2K", None)], 260.5)
    >>> round(T, 1), round(1 - xs[0], 3)      # the Na-K eutectic, x_K of its liquid
    (260.5, 0.677)
    """
    free = [i for i, (_, g) in enumerate(phases) if g is not None]
    ia, ib = IDX[pair[0]], IDX[pair[1]]

    def unpack(y):
        T = T0 + 50.0 * math.tanh(y[0] / 50.0)
        xs: list[float | None] = [None] * len(phases)
        for n, i in enumerate(free):
            xs[i] = _expit(y[1 + n])
        return T, xs

    def fun(y):
        T, xs = unpack(y)
        RT = R * T
        mus = [model.mu(phases[i][0], _binx(pair, xs[i]), T)[[ia, ib]] for i in free]
        res = []
        for m in mus[1:]:
            res.extend((m - mus[0]) / RT)
        for name, g in phases:
            if g is None and name == "NA2K":
                mu = dict(zip(pair, mus[0], strict=True))
                res.append((2 * mu["NA"] + mu["K"] - model.g_na2k(T)) / RT)
        return res

    y0 = [0.0] + [_logit(phases[i][1]) for i in free]
    return unpack(_fsolve(fun, y0))


def binary_tie_line(model: Model, pair: tuple[str, str], phases: Sequence[_PhaseSpec], T: float
                    ) -> list[float]:
    """x_B of the two phases of a two-phase tie line at T (solution phases only).

    Examples
    --------
    >>> from semisolid.thermo.assessment.parameters import load_parameters
    >>> m = Model(load_parameters(), Unaries.from_package())
    >>> [round(x, 4) for x in binary_tie_line(m, ("K", "NA"), [("BCC_A2", 0.04),
    ...                                                         ("LIQUID", 0.16)], 295.15)]
    [0.0382, 0.1556]
    """
    ia, ib = IDX[pair[0]], IDX[pair[1]]

    def fun(y):
        m1 = model.mu(phases[0][0], _binx(pair, _expit(y[0])), T)[[ia, ib]]
        m2 = model.mu(phases[1][0], _binx(pair, _expit(y[1])), T)[[ia, ib]]
        return (m2 - m1) / (R * T)

    y = _fsolve(fun, [_logit(phases[0][1]), _logit(phases[1][1])])
    x = [_expit(y[0]), _expit(y[1])]
    if abs(x[0] - x[1]) < 1e-4:
        raise SolveError("tie line collapsed onto one composition")
    return x


def binary_critical(model: Model, phase: str, pair: tuple[str, str], T0: float, x0: float
                    ) -> tuple[float, float]:
    """Critical point (T, x_B) of a miscibility gap: d2G/dx2 = d3G/dx3 = 0.

    Examples
    --------
    >>> from semisolid.thermo.assessment.parameters import load_parameters
    >>> m = Model(load_parameters(), Unaries.from_package())
    >>> Tc, xc = binary_critical(m, "LIQUID", ("NA", "LI"), 578.0, 0.63)
    >>> round(Tc, 1), round(xc, 3)
    (577.5, 0.639)
    """

    def fun(y):
        T, xb = y[0], _expit(y[1])
        d2, d3 = model.binary_d2(phase, pair, xb, T)
        return [d2 / (R * T), d3 / (R * T) * 0.1]

    y = _fsolve(fun, [T0, _logit(x0)])
    return float(y[0]), _expit(y[1])


def solidus_slope(model: Model, pair: tuple[str, str], solvent_Tm: float, guess_slope: float,
                  guess_k: float, attempt: Callable) -> float:
    """Limiting slope ``|dx_solute/dT|`` of the solidus at the melting point of the solvent
    (pair[0]); Richardson extrapolation of tie lines 0.5 and 1 K below the melting point.

    `attempt(key, default, solve, valid, more)` runs the solves (the fit's guess cache).

    Examples
    --------
    >>> from semisolid.thermo.assessment.parameters import load_parameters
    >>> m = Model(load_parameters(), Unaries.from_package())
    >>> def attempt(key, default, solve, valid, more=()):
    ...     for guess in (default, *more):
    ...         try:
    ...             result = solve(guess)
    ...         except SolveError:
    ...             continue
    ...         if valid(result):
    ...             return result
    >>> round(solidus_slope(m, ("K", "NA"), 336.53, 1e-3, 0.29, attempt) * 100, 3)  # at.%/K
    0.099
    """
    slopes = []
    for dT in (0.5, 1.0):
        xs, _xl = attempt(
            f"slope_{pair[0]}_{dT}", (guess_slope * dT, guess_slope * dT / guess_k),
            lambda g, dT=dT: binary_tie_line(model, pair, [("BCC_A2", g[0]), ("LIQUID", g[1])],
                                             solvent_Tm - dT),
            lambda r: r[0] < r[1] < 0.05,
            [(guess_slope * dT, guess_slope * dT / k) for k in (0.05, 0.15, 0.5, 0.8)])
        slopes.append(xs / dT)
    return 2 * slopes[0] - slopes[1]


def ternary_three_phase(model: Model, T: float, phases: Sequence[tuple[str, np.ndarray]]
                        ) -> list[np.ndarray]:
    """Compositions of a three-phase (solution phases) equilibrium in Li-Na-K at T.

    Examples
    --------
    >>> from semisolid.thermo.assessment.parameters import load_parameters
    >>> m = Model(load_parameters(), Unaries.from_package())
    >>> guess = [("LIQUID", np.array([5e-5, 0.135, 0.865])),
    ...          ("BCC_A2", np.array([0.9999, 5e-5, 5e-5])),
    ...          ("BCC_A2", np.array([1e-5, 0.035, 0.965]))]
    >>> liq, li, k = ternary_three_phase(m, 300.0, guess)   # L + (Li) + (K) at 300 K
    >>> bool(liq[0] < 1e-4 and li[0] > 0.99 and k[2] > 0.9)
    True
    """

    def unpack(y):
        xs = []
        for n in range(3):
            z = np.exp(np.clip(np.array([y[2 * n], y[2 * n + 1], 0.0]), -700, 700))
            xs.append(z / z.sum())  # softmax: positive, sums to 1 (K is the reference)
        return xs

    def fun(y):
        xs = unpack(y)
        mus = [model.mu(phases[n][0], xs[n], T) for n in range(3)]
        return np.concatenate([(mus[1] - mus[0]) / (R * T), (mus[2] - mus[0]) / (R * T)])

    y0 = []
    for _, x in phases:
        y0 += [math.log(x[0] / x[2]), math.log(x[1] / x[2])]
    return unpack(_fsolve(fun, y0))
