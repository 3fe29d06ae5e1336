"""Reproducible CALPHAD assessment of the Li-Na-K system (the database shipped as LiNaK.tdb).

What it does
------------
1. Reads the experimental data table ``src/semisolid/thermo/data/assessment_data.csv``
   (one row per datum, each with its source).
2. Builds the Gibbs energies of LIQUID, BCC_A2 and NA2K from the SGTE 1991 unaries
   (``espei.refdata``) and Redlich-Kister excess terms, and fits the free coefficients with
   ``scipy.optimize.least_squares``, binary by binary (K-Na, Li-Na), then the Li-K liquid
   against the ternary datum (Li solubility ratio at 300 K) and the Li-K consolute bound.
   The fit solves the invariant equations directly (equal chemical potentials, critical point
   conditions), which is fast and smooth in the parameters.
3. Writes the fitted coefficients to ``scripts/assess_linak_parameters.json`` and the database
   to ``src/semisolid/thermo/data/LiNaK.tdb`` (:func:`write_tdb`).
4. Recomputes every datum with **pycalphad's** ``equilibrium`` on the written TDB (an
   independent solver: global minimisation, no knowledge of the fit) and writes the residual
   table into ``docs/assessment.md`` between the ``residuals`` markers.

Usage::

    .venv/bin/python scripts/assess_linak.py            # fit, write JSON + TDB + residual table
    .venv/bin/python scripts/assess_linak.py --check    # only recompute residuals (pycalphad)
    .venv/bin/python scripts/assess_linak.py --write-tdb  # TDB from the stored JSON, no fit

Examples
--------
>>> p = load_parameters()
>>> "L0_LIQUID_K_NA" in p
True
>>> write_tdb(p).count("PHASE NA2K")
1
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import optimize

ROOT = Path(__file__).resolve().parents[1]
DATA_CSV = ROOT / "src" / "semisolid" / "thermo" / "data" / "assessment_data.csv"
TDB_PATH = ROOT / "src" / "semisolid" / "thermo" / "data" / "LiNaK.tdb"
PARAMS_JSON = Path(__file__).resolve().with_name("assess_linak_parameters.json")
DOC_PATH = ROOT / "docs" / "assessment.md"

R = 8.314462618  # J/(mol K), CODATA 2018 (pycalphad uses the same value)
ELEMENTS = ("LI", "NA", "K")
IDX = {e: i for i, e in enumerate(ELEMENTS)}
GHSER = {"LI": "GHSERLI", "NA": "GHSERNA", "K": "GHSERKK"}
PHASE_FUNC_PREFIX = {"LIQUID": "GLIQ", "FCC_A1": "GFCC", "HCP_A3": "GHCP"}

# Margin (K) by which the fit keeps the Li-K liquid consolute temperature above the
# experimental lower bound (so that the bound holds robustly, not at the edge).
BOUND_MARGIN_K = 50.0


# --------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParamSpec:
    """One Redlich-Kister (or compound) coefficient pair ``a + b*T`` of the database.

    ``fit`` names which of ``a`` and ``b`` the least-squares fit moves ("a", "b", "ab" or
    ""); the others keep their value from the JSON (or ``initial``). ``mirror`` lists
    the phases that receive the same parameter (FCC_A1 and HCP_A3 mirror BCC_A2).
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


PARAM_SPECS: tuple[ParamSpec, ...] = (
    # ---- K-Na ----
    ParamSpec("L0_LIQUID_K_NA", "LIQUID", ("K", "NA"), 0, (2604.35, 0.0), "a", "K-Na",
              "regular term; excess entropy fixed at 0 (near-ideal entropy of mixing, "
              "Yokokawa & Kleppa 1964)"),
    ParamSpec("L1_LIQUID_K_NA", "LIQUID", ("K", "NA"), 1, (-443.45, 0.0), "a", "K-Na",
              "asymmetry; excess entropy fixed at 0 as for L0"),
    ParamSpec("L0_BCC_A2_K_NA", "BCC_A2", ("K", "NA"), 0, (7455.72, 0.0), "ab", "K-Na",
              "solidus slopes at both ends and the 22 C solvus of (K); the temperature "
              "term lets the solvus bend between 336.5 K and 295 K", ("FCC_A1", "HCP_A3")),
    ParamSpec("L1_BCC_A2_K_NA", "BCC_A2", ("K", "NA"), 1, (-1485.29, 0.0), "a", "K-Na",
              "asymmetry between the (K) and (Na) solid solubilities", ("FCC_A1", "HCP_A3")),
    ParamSpec("G_NA2K", "NA2K", ("NA", "K"), 0, (-1060.53, 0.2907), "a", "K-Na",
              "Gibbs energy of formation of Na2K per formula unit (2 Na + 1 K) from BCC Na "
              "and K. Enthalpy fitted (eutectic, peritectic); entropy of formation kept at the "
              "draft's small value (freed, it goes to -17.7 J/(mol K) with a 25 % lower liquid "
              "mixing enthalpy; judged implausible, see the notes)"),
    # ---- Li-Na ----
    ParamSpec("L0_LIQUID_LI_NA", "LIQUID", ("LI", "NA"), 0, (25391.54, -29.9073), "ab",
              "Li-Na", "liquid miscibility gap (critical point, monotectic)"),
    ParamSpec("L1_LIQUID_LI_NA", "LIQUID", ("LI", "NA"), 1, (3271.67, -0.8977), "ab",
              "Li-Na", "asymmetry of the miscibility gap"),
    ParamSpec("L0_BCC_A2_LI_NA", "BCC_A2", ("LI", "NA"), 0, (15000.0, 0.0), "a", "Li-Na",
              "limited mutual solid solubility: lowers the Li-Na eutectic to 365.25 K",
              ("FCC_A1", "HCP_A3")),
    ParamSpec("L1_BCC_A2_LI_NA", "BCC_A2", ("LI", "NA"), 1, (0.0, 0.0), "a", "Li-Na",
              "asymmetry: more Li in (Na) (eutectic) than Na in (Li) (monotectic L1 "
              "composition); without it the eutectic liquid lands at x_Li 0.021",
              ("FCC_A1", "HCP_A3")),
    # ---- Li-K ----
    ParamSpec("L0_LIQUID_K_LI", "LIQUID", ("K", "LI"), 0, (25000.0, 3.0), "ab", "Li-K",
              "liquid immiscibility: a by the 300 K Li solubility ratio (Park et al.), "
              "b by the consolute temperature > 1773 K (Bale 1989)"),
    ParamSpec("L0_BCC_A2_K_LI", "BCC_A2", ("K", "LI"), 0, (40000.0, 0.0), "", "Li-K",
              "fixed: negligible mutual solid solubility (Bale 1989); no data to fit",
              ("FCC_A1", "HCP_A3")),
)
SPEC_BY_NAME = {s.name: s for s in PARAM_SPECS}


def load_parameters(path: Path = PARAMS_JSON) -> dict[str, tuple[float, float]]:
    """Read the stored coefficients ``{name: (a, b)}`` (J/mol and J/(mol K)).

    Examples
    --------
    >>> load_parameters()["L0_BCC_A2_K_LI"]
    (40000.0, 0.0)
    """
    raw = json.loads(path.read_text(encoding="utf-8"))["parameters"]
    out = {}
    for spec in PARAM_SPECS:
        a, b = raw[spec.name]
        out[spec.name] = (float(a), float(b))
    return out


def initial_parameters() -> dict[str, tuple[float, float]]:
    """The starting values (the candidate database's, or a placeholder)."""
    return {s.name: s.initial for s in PARAM_SPECS}


def round_parameters(p: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Round to the precision written into the TDB (0.01 J/mol, 1e-4 J/(mol K))."""
    return {k: (round(a, 2), round(b, 4)) for k, (a, b) in p.items()}


# --------------------------------------------------------------------------------------
# Unaries (SGTE 1991 through espei.refdata) and the TDB writer
# --------------------------------------------------------------------------------------
def _sgte():
    import espei.refdata as refdata

    return refdata


def _piecewise_pieces(expr) -> list[tuple[float, float, object]]:
    """(T_low, T_high, expression) for each piece of an espei Piecewise (drops the 0 tail)."""
    pieces = []
    for value, cond in zip(expr.args[0::2], expr.args[1::2], strict=True):
        if str(cond) == "True":
            continue
        nums = [float(x) for x in re.findall(r"[-+]?\d+\.?\d*(?:[eE][-+]?\d+)?", str(cond))]
        pieces.append((min(nums), max(nums), value))
    pieces.sort(key=lambda p: p[0])
    return pieces


def _terms(expr) -> list[str]:
    """Signed terms of a symengine expression in TDB syntax (``LN``, ``E`` exponents)."""
    s = str(expr).replace("log(", "LN(")
    s = re.sub(r"(\d)e([-+]\d+)", r"\1E\2", s)
    parts = re.split(r" ([+-]) ", s)
    terms = [parts[0] if parts[0].startswith("-") else "+" + parts[0]]
    for sign, term in zip(parts[1::2], parts[2::2], strict=True):
        terms.append(sign + term)
    return [t.replace(" ", "") for t in terms]


def _wrap(head: str, chunks: list[str], width: int = 78) -> list[str]:
    lines, line = [], head
    for chunk in chunks:
        if len(line) + len(chunk) > width:
            lines.append(line)
            line = "   " + chunk
        else:
            line += chunk
    lines.append(line)
    return lines


def _function_lines(name: str, expr) -> list[str]:
    pieces = _piecewise_pieces(expr)
    chunks: list[str] = []
    for i, (_lo, hi, value) in enumerate(pieces):
        terms = _terms(value)
        if i > 0:
            terms[0] = " " + terms[0]
        chunks.extend(terms)
        last = i == len(pieces) - 1
        chunks[-1] += f"; {hi:.2f} {'N' if last else 'Y'}" + (" !" if last else "")
    return _wrap(f" FUNCTION {name} {pieces[0][0]:.2f} ", chunks)


def _coef(a: float, b: float) -> str:
    s = f"{a:+.2f}"
    if b != 0.0:
        s += f"{b:+.4f}*T"
    return s


def write_tdb(params: dict[str, tuple[float, float]]) -> str:
    """The complete text of LiNaK.tdb for the coefficients `params`.

    Parameters
    ----------
    params : dict
        ``{name: (a, b)}`` as returned by :func:`load_parameters`.

    Returns
    -------
    str
        TDB text: SGTE 1991 unaries from ``espei.refdata`` and the assessed parameters.

    Examples
    --------
    >>> text = write_tdb(load_parameters())
    >>> "G(LIQUID,K,NA;0)" in text and "FUNCTION GHSERKK" in text
    True
    """
    ref = _sgte()
    lines = [
        "$ LiNaK.tdb -- assessed Li-Na-K database of the semisolid project (MIT licence).",
        "$ GENERATED by scripts/assess_linak.py from scripts/assess_linak_parameters.json;",
        "$ do not edit by hand. Data, sources, residuals: docs/assessment.md.",
        "$ Units J/mol, K. Valid 200 K to ~2000 K (SGTE alkali unaries start at 200 K).",
        "$ Unaries: SGTE pure-element data, A.T. Dinsdale, Calphad 15 (1991) 317-425, as",
        "$   transcribed in espei.refdata (SGTE91, SGTE91Stable, SGTE91SER).",
        "$ LIQUID, BCC_A2: substitutional, Redlich-Kister binaries, Muggianu extrapolation,",
        "$   no ternary parameters. FCC_A1 and HCP_A3 (never stable here) carry the BCC_A2",
        "$   interaction parameters so that they stay metastable when all phases are used.",
        "$ NA2K: stoichiometric Na2K (C14 Laves), G per formula unit of 3 atoms.",
        "$ No ternary phase.",
        "$",
        " ELEMENT /-   ELECTRON_GAS   0.0     0.0     0.0 !",
        " ELEMENT VA   VACUUM         0.0     0.0     0.0 !",
    ]
    for el in sorted(ELEMENTS):
        ser = ref.SGTE91SER[el]
        lines.append(
            f" ELEMENT {el:<4} {ser['phase']:<12} {ser['mass']:>8} {ser['H298']:>8} "
            f"{ser['S298']:>8} !"
        )
    lines.append("$")
    for el in sorted(ELEMENTS):
        lines += _function_lines(GHSER[el], ref.SGTE91Stable[el])
        for phase, prefix in PHASE_FUNC_PREFIX.items():
            name = prefix + (el if len(el) == 2 else el * 2)
            lines += _function_lines(name, ref.SGTE91[(el, phase)])
    lines += [
        "$",
        " TYPE_DEFINITION % SEQ * !",
        " DEFINE_SYSTEM_DEFAULT ELEMENT 2 !",
        " DEFAULT_COMMAND DEF_SYS_ELEMENT VA /- !",
        "$",
        " PHASE LIQUID % 1 1.0 !",
        " CONSTITUENT LIQUID : K,LI,NA : !",
        " PHASE BCC_A2 % 2 1 3 !",
        " CONSTITUENT BCC_A2 : K,LI,NA : VA : !",
        " PHASE FCC_A1 % 2 1 1 !",
        " CONSTITUENT FCC_A1 : K,LI,NA : VA : !",
        " PHASE HCP_A3 % 2 1 0.5 !",
        " CONSTITUENT HCP_A3 : K,LI,NA : VA : !",
        " PHASE NA2K % 2 2 1 !",
        " CONSTITUENT NA2K : NA : K : !",
        "$",
    ]
    for el in sorted(ELEMENTS):
        suffix = el if len(el) == 2 else el * 2
        lines.append(f" PARAMETER G(LIQUID,{el};0) 200.00 +GLIQ{suffix}; 6000.00 N !")
        lines.append(f" PARAMETER G(BCC_A2,{el}:VA;0) 200.00 +{GHSER[el]}; 6000.00 N !")
        lines.append(f" PARAMETER G(FCC_A1,{el}:VA;0) 200.00 +GFCC{suffix}; 6000.00 N !")
        lines.append(f" PARAMETER G(HCP_A3,{el}:VA;0) 200.00 +GHCP{suffix}; 6000.00 N !")
    stage = None
    for spec in PARAM_SPECS:
        if spec.stage != stage:
            stage = spec.stage
            lines.append(f"$ ---- {stage} ----")
        a, b = params[spec.name]
        if spec.phase == "NA2K":
            lines.append(
                f" PARAMETER G(NA2K,NA:K;0) 200.00 +2*GHSERNA+GHSERKK{_coef(a, b)};"
                " 6000.00 N !"
            )
            continue
        for phase in (spec.phase, *spec.mirror):
            va = "" if phase == "LIQUID" else ":VA"
            lines.append(
                f" PARAMETER G({phase},{','.join(spec.elements)}{va};{spec.order}) 200.00 "
                f"{_coef(a, b)}; 6000.00 N !"
            )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# Thermodynamic model used by the fit (numpy); checked against pycalphad in the tests
# --------------------------------------------------------------------------------------
class Unaries:
    """G of the pure elements (J/mol) per phase at a temperature, from SGTE 1991."""

    def __init__(self) -> None:
        from symengine import Symbol

        ref = _sgte()
        self._T = ref.T
        stable = {Symbol(GHSER[el]): ref.SGTE91Stable[el] for el in ELEMENTS}
        self._expr = {}
        for el in ELEMENTS:
            for phase in ("LIQUID", "BCC_A2"):
                self._expr[(phase, el)] = ref.SGTE91[(el, phase)].xreplace(stable)
        self._cache: dict[tuple[str, float], np.ndarray] = {}

    def __call__(self, phase: str, T: float) -> np.ndarray:
        key = (phase, float(T))
        if key not in self._cache:
            if len(self._cache) > 20000:
                self._cache.clear()
            self._cache[key] = np.array(
                [float(self._expr[(phase, el)].subs({self._T: float(T)})) for el in ELEMENTS]
            )
        return self._cache[key]


class Model:
    """Molar Gibbs energy and chemical potentials of LIQUID, BCC_A2 (per mole of atoms) and
    the Na2K formula unit, for coefficients ``params``."""

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
        # excess as a polynomial in xb
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
    y, info, ier, msg = optimize.fsolve(fun, np.asarray(y0, float), full_output=True,
                                        xtol=1e-12)
    if ier != 1 or np.max(np.abs(info["fvec"])) > 1e-6:
        raise SolveError(msg)
    return y


# A phase in a binary equilibrium: ("LIQUID", guess_xB) or ("NA2K", None) (stoichiometric)
Phase = tuple[str, float | None]


def binary_invariant(model: Model, pair: tuple[str, str], phases: Sequence[Phase],
                     T0: float) -> tuple[float, list[float | None]]:
    """Temperature and x_B of each phase of a three-phase binary invariant."""
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
    y = _fsolve(fun, y0)
    return unpack(y)


def binary_tie_line(model: Model, pair: tuple[str, str], phases: Sequence[Phase], T: float
                    ) -> list[float]:
    """x_B of the two phases of a two-phase tie line at T (solution phases only)."""
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
    """Critical point (T, x_B) of a miscibility gap: d2G/dx2 = d3G/dx3 = 0."""

    def fun(y):
        T, xb = y[0], _expit(y[1])
        d2, d3 = model.binary_d2(phase, pair, xb, T)
        return [d2 / (R * T), d3 / (R * T) * 0.1]

    y = _fsolve(fun, [T0, _logit(x0)])
    return float(y[0]), _expit(y[1])


def solidus_slope(model: Model, pair: tuple[str, str], solvent_Tm: float, guess_slope: float,
                  guess_k: float) -> float:
    """Limiting slope |dx_solute/dT| of the solidus at the melting point of the solvent
    (pair[0]); Richardson extrapolation of tie lines 0.5 and 1 K below the melting point."""
    slopes = []
    for dT in (0.5, 1.0):
        xs, _xl = _attempt(
            f"slope_{pair[0]}_{dT}", (guess_slope * dT, guess_slope * dT / guess_k),
            lambda g, dT=dT: binary_tie_line(model, pair, [("BCC_A2", g[0]), ("LIQUID", g[1])],
                                             solvent_Tm - dT),
            lambda r: r[0] < r[1] < 0.05)
        slopes.append(xs / dT)
    return 2 * slopes[0] - slopes[1]


def ternary_three_phase(model: Model, T: float, phases: Sequence[tuple[str, np.ndarray]]
                        ) -> list[np.ndarray]:
    """Compositions of a three-phase (solution phases) equilibrium in Li-Na-K at T."""

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


# --------------------------------------------------------------------------------------
# Data table and the measures computed by the fit model
# --------------------------------------------------------------------------------------
@dataclass
class Datum:
    """One row of the data table."""

    id: str
    system: str
    kind: str
    phases: str
    temperature_K: float | None
    element: str
    x: float | None
    value: float
    uncertainty: float
    constraint: str
    unit: str
    weight: float
    source: str
    note: str


DATA_COLUMNS = ("id", "system", "kind", "phases", "temperature_K", "element", "x", "value",
                "uncertainty", "constraint", "unit", "weight", "source", "note")


def read_data(path: Path = DATA_CSV) -> list[Datum]:
    """Read the data table (comment lines start with ``#``)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(line for line in fh if not line.startswith("#"))
        if tuple(reader.fieldnames or ()) != DATA_COLUMNS:
            raise ValueError(f"{path}: columns {reader.fieldnames}, expected {DATA_COLUMNS}")
        for row in reader:
            rows.append(Datum(
                id=row["id"], system=row["system"], kind=row["kind"], phases=row["phases"],
                temperature_K=float(row["temperature_K"]) if row["temperature_K"] else None,
                element=row["element"], x=float(row["x"]) if row["x"] else None,
                value=float(row["value"]), uncertainty=float(row["uncertainty"]),
                constraint=row["constraint"], unit=row["unit"], weight=float(row["weight"]),
                source=row["source"], note=row["note"]))
    return rows


# Last accepted solution of each solve (the next evaluation starts from it)
_GUESS: dict[str, object] = {}


def _attempt(key: str, default, solve: Callable, valid: Callable[..., bool]):
    """Run `solve(guess)` from the last accepted solution, then from `default`; accept the
    first result that `valid` approves (rejects spurious roots) and remember it."""
    for guess in (_GUESS.get(key), default):
        if guess is None:
            continue
        try:
            result = solve(guess)
        except (SolveError, ValueError, OverflowError, ZeroDivisionError):
            continue
        if valid(result):
            _GUESS[key] = result
            return result
    raise SolveError(f"{key}: no valid solution")


def fit_measures(model: Model, systems: Sequence[str] = ("K-Na", "Li-Na", "Li-K", "Li-Na-K")
                 ) -> dict[str, float]:
    """The quantities of the data table of `systems`, computed with the fit model."""
    out: dict[str, float] = {}
    for system in systems:
        out.update(_MEASURES[system](model))
    return out


def _invariant(model, key, pair, names, default):
    def solve(guess):
        T0, xs0 = guess
        phases = [(n, x) for n, x in zip(names, xs0, strict=True)]
        return binary_invariant(model, pair, phases, T0)

    return solve


def _measures_kna(model: Model) -> dict[str, float]:
    out: dict[str, float] = {}
    nk = ("K", "NA")  # x_B = x_Na
    names = ("LIQUID", "BCC_A2", "NA2K")
    default = (260.5, [0.32, 0.06, None])
    T, xs = _attempt("eut", default, _invariant(model, "eut", nk, names, default),
                     lambda r: 0.15 < r[1][0] < 0.5 and r[1][1] < 0.15)
    out["NaK_eutectic_T"] = T
    out["NaK_eutectic_xK_L"] = 1 - xs[0]
    out["NaK_eutectic_xK_BCC"] = 1 - xs[1]
    default = (280.0, [0.6, 0.97, None])
    T, xs = _attempt("per", default, _invariant(model, "per", nk, names, default),
                     lambda r: 0.45 < r[1][0] < 0.8 and r[1][1] > 0.9)
    out["NaK_peritectic_T"] = T
    out["NaK_peritectic_xK_L"] = 1 - xs[0]
    out["NaK_solidus_slope_K"] = solidus_slope(model, ("K", "NA"), 336.53, 1e-3, 0.29)
    out["NaK_solidus_slope_NA"] = solidus_slope(model, ("NA", "K"), 370.87, 3.3e-4, 0.13)
    # 22 C tie lines
    xb, xl = _attempt(
        "rtK", (0.037, 0.16),
        lambda g: binary_tie_line(model, nk, [("BCC_A2", g[0]), ("LIQUID", g[1])], 295.15),
        lambda r: r[0] < 0.1 and 0.08 < r[1] < 0.3)
    out["NaK_295_xNa_BCC_K"] = xb
    out["NaK_295_xNa_L_K"] = xl
    out["NaK_295_xK_L_K"] = 1 - xl
    _xb2, xl2 = _attempt(
        "rtN", (0.975, 0.72),
        lambda g: binary_tie_line(model, nk, [("BCC_A2", g[0]), ("LIQUID", g[1])], 295.15),
        lambda r: r[0] > 0.9 and 0.55 < r[1] < 0.85)
    out["NaK_295_xK_L_NA"] = 1 - xl2
    return out


def _measures_lina(model: Model) -> dict[str, float]:
    out: dict[str, float] = {}
    ln = ("NA", "LI")  # x_B = x_Li
    names = ("LIQUID", "LIQUID", "BCC_A2")
    default = (443.9, [0.10, 0.97, 0.99])
    T, xs = _attempt("mon", default, _invariant(model, "mon", ln, names, default),
                     lambda r: r[1][0] < 0.4 and 0.8 < r[1][1] < r[1][2])
    out["LiNa_monotectic_T"] = T
    out["LiNa_monotectic_xLi_L2"] = xs[0]
    out["LiNa_monotectic_xLi_L1"] = xs[1]
    Tc, xc = _attempt("crit", (578.0, 0.63),
                      lambda g: binary_critical(model, "LIQUID", ln, g[0], g[1]),
                      lambda r: 400 < r[0] < 900 and 0.3 < r[1] < 0.9)
    out["LiNa_critical_T"] = Tc
    out["LiNa_critical_xLi"] = xc
    names = ("LIQUID", "BCC_A2", "BCC_A2")
    default = (365.0, [0.03, 0.015, 0.995])
    T, xs = _attempt("le", default, _invariant(model, "le", ln, names, default),
                     lambda r: r[1][1] < r[1][0] < 0.2 and r[1][2] > 0.9)
    out["LiNa_eutectic_T"] = T
    out["LiNa_eutectic_xLi_L"] = xs[0]
    return out


def _measures_lik(model: Model) -> dict[str, float]:
    Tc, _xc = _attempt("lk", (1800.0, 0.5),
                       lambda g: binary_critical(model, "LIQUID", ("K", "LI"), g[0], g[1]),
                       lambda r: 0.2 < r[1] < 0.8)
    return {"LiK_consolute_T": Tc}


def _measures_linak(model: Model) -> dict[str, float]:
    out: dict[str, float] = {}
    names = ("LIQUID", "BCC_A2", "BCC_A2")
    ends = {}
    for key, default in (
        ("t_na", [np.array([1e-3, 0.72, 0.279]), np.array([0.9999, 5e-5, 5e-5]),
                  np.array([0.01, 0.96, 0.03])]),
        ("t_k", [np.array([5e-5, 0.135, 0.865]), np.array([0.9999, 5e-5, 5e-5]),
                 np.array([1e-5, 0.035, 0.965])]),
    ):
        xs = _attempt(
            key, default,
            lambda g: ternary_three_phase(model, 300.0, list(zip(names, g, strict=True))),
            lambda r: r[0][0] < 0.05 and r[1][0] > 0.9 and np.max(np.abs(r[0] - r[2])) > 0.02)
        ends[key] = float(xs[0][0])
    out["LiNaK_300_xLi_L_Na_end"] = ends["t_na"]
    out["LiNaK_300_xLi_L_K_end"] = ends["t_k"]
    out["LiNaK_300_ratio"] = ends["t_na"] / ends["t_k"]
    out["LiNaK_300_max_xLi_L"] = max(ends.values())
    return out


_MEASURES = {"K-Na": _measures_kna, "Li-Na": _measures_lina, "Li-K": _measures_lik,
             "Li-Na-K": _measures_linak}


def lever_fraction(x_na: float, x_bcc: float, x_liq: float) -> float:
    """Liquid mole fraction of a K-rich (K) + L alloy by the lever rule (x = x_Na)."""
    return (x_na - x_bcc) / (x_liq - x_bcc)


def datum_value(d: Datum, measures: dict[str, float]) -> float:
    """The computed value of datum `d` from a measures dict (fit model or pycalphad)."""
    if d.kind == "liquid_fraction":
        return lever_fraction(d.x, measures["NaK_295_xNa_BCC_K"], measures["NaK_295_xNa_L_K"])
    return measures[d.id]


def residuals(data: Sequence[Datum], measures: dict[str, float], margin: bool = True
              ) -> np.ndarray:
    """Weighted, normalised residuals (calc - value)/uncertainty; bounds only when violated."""
    r = []
    for d in data:
        if d.weight == 0:
            continue
        calc = datum_value(d, measures)
        if d.constraint == "min":
            target = d.value + (BOUND_MARGIN_K if margin and d.unit == "K" else 0.0)
            r.append(d.weight * min(0.0, calc - target) / d.uncertainty)
        elif d.constraint == "max":
            r.append(d.weight * max(0.0, calc - d.value) / d.uncertainty)
        elif d.kind == "solubility_ratio":
            r.append(d.weight * math.log(calc / d.value) / d.uncertainty)
        else:
            r.append(d.weight * (calc - d.value) / d.uncertainty)
    return np.array(r)


# --------------------------------------------------------------------------------------
# The fit
# --------------------------------------------------------------------------------------
STAGES = ("K-Na", "Li-Na", "Li-K")
STAGE_DATA = {"K-Na": ("K-Na",), "Li-Na": ("Li-Na",), "Li-K": ("Li-K", "Li-Na-K")}
# Scale of each free coefficient (so that the optimiser's steps are of order 1)
_SCALE = {"a": 1000.0, "b": 1.0}


def fit(params: dict[str, tuple[float, float]], data: Sequence[Datum], unaries: Unaries,
        verbose: bool = True) -> dict[str, tuple[float, float]]:
    """Least-squares fit, stage by stage (K-Na, Li-Na, then Li-K with the ternary datum)."""
    params = dict(params)
    for stage in STAGES:
        free = [(s.name, c) for s in PARAM_SPECS if s.stage == stage for c in s.fit]
        rows = [d for d in data if d.system in STAGE_DATA[stage] and d.weight > 0]

        base = dict(params)

        def unpack(z, free=free, base=base):
            p = dict(base)
            for (name, c), zi in zip(free, z, strict=True):
                a, b = p[name]
                p[name] = (zi * _SCALE["a"], b) if c == "a" else (a, zi * _SCALE["b"])
            return p

        def fun(z, rows=rows, unpack=unpack, systems=STAGE_DATA[stage]):
            try:
                m = fit_measures(Model(unpack(z), unaries), systems)
            except SolveError:
                return np.full(len(rows), 1e3)
            return residuals(rows, m)

        z0 = np.array([params[n][0] / _SCALE["a"] if c == "a" else params[n][1] / _SCALE["b"]
                       for n, c in free])
        t0 = time.perf_counter()
        sol = optimize.least_squares(fun, z0, method="lm", x_scale=1.0, diff_step=1e-6,
                                     xtol=1e-10, ftol=1e-10)
        params = unpack(sol.x)
        if verbose:
            print(f"stage {stage}: {len(free)} coefficients, {len(rows)} data, "
                  f"cost {sol.cost:.4g}, {sol.nfev} evaluations, "
                  f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return round_parameters(params)


# --------------------------------------------------------------------------------------
# Independent check with pycalphad's equilibrium on the written TDB
# --------------------------------------------------------------------------------------
PHASES3 = ["LIQUID", "BCC_A2", "NA2K"]


def _eq(db, comps, conds, phases=PHASES3):
    from pycalphad import equilibrium
    from pycalphad import variables as v

    base = {v.P: 101325, v.N: 1}
    base.update(conds)
    return equilibrium(db, comps, phases, base)


def _phase_rows(eq, element: str):
    """[(phase, fraction, x_element)] of each stable phase, per condition (squeezed)."""
    ph = eq.Phase.values.squeeze()
    npf = eq.NP.values.squeeze()
    xx = eq.X.sel(component=element).values.squeeze()
    return ph, npf, xx


def _scan_T(db, comps, element, xval, T_lo, T_hi, step, predicate):
    """Highest T on a grid at which `predicate(phases, fractions, x)` holds (pycalphad)."""
    from pycalphad import variables as v

    Ts = np.arange(T_lo, T_hi + step / 2, step)
    eq = _eq(db, comps, {v.X(element): xval, v.T: Ts})
    ph, npf, xx = _phase_rows(eq, element)
    ok = [predicate(ph[i], npf[i], xx[i]) for i in range(len(Ts))]
    return Ts, ok, (ph, npf, xx)


def _has(ph, npf, xx, name, lo=0.0, hi=1.0):
    return any(p == name and f > 1e-9 and lo <= x <= hi for p, f, x in zip(ph, npf, xx,
                                                                          strict=True))


def _comp_of(ph, npf, xx, name, lo=0.0, hi=1.0):
    for p, f, x in zip(ph, npf, xx, strict=True):
        if p == name and f > 1e-9 and lo <= x <= hi:
            return float(x)
    raise LookupError(name)


def _edge(db, comps, element, xval, T_lo, T_hi, predicate, tol=0.005):
    """Temperature where `predicate` switches from True (below) to False (above), refined
    by successive finer pycalphad grids."""
    step = (T_hi - T_lo) / 40
    while True:
        Ts, ok, _ = _scan_T(db, comps, element, xval, T_lo, T_hi, step, predicate)
        idx = [i for i in range(len(Ts) - 1) if ok[i] and not ok[i + 1]]
        if not idx:
            raise LookupError(f"no edge between {T_lo} and {T_hi} K at x={xval}")
        i = idx[0]
        T_lo, T_hi = Ts[i], Ts[i + 1]
        if step <= tol:
            return 0.5 * (T_lo + T_hi)
        step = step / 20


def pycalphad_measures(tdb: Path = TDB_PATH) -> dict[str, float]:
    """Every quantity of the data table computed with pycalphad on the TDB (independent)."""
    from pycalphad import Database
    from pycalphad import variables as v

    db = Database(str(tdb))
    nk = ["K", "NA", "VA"]
    out: dict[str, float] = {}
    # melting points of the pure elements (liquid appears)
    for el, (lo, hi) in {"K": (330, 345), "NA": (365, 376), "LI": (448, 460)}.items():
        out[f"melting_T_{el}"] = _melting(db, el, lo, hi)
    # K-Na eutectic: highest T at which (K) and Na2K coexist at x_Na = 0.5
    def eut_pred(ph, f, x):
        return _has(ph, f, x, "NA2K") and _has(ph, f, x, "BCC_A2", 0, 0.3)
    Te = _edge(db, nk, "NA", 0.5, 250, 270, eut_pred)
    out["NaK_eutectic_T"] = Te
    eq = _eq(db, nk, {v.X("NA"): 0.5, v.T: Te + 0.01})
    out["NaK_eutectic_xK_L"] = 1 - _comp_of(*_phase_rows(eq, "NA"), "LIQUID")
    eq = _eq(db, nk, {v.X("NA"): 0.5, v.T: Te - 0.01})
    out["NaK_eutectic_xK_BCC"] = 1 - _comp_of(*_phase_rows(eq, "NA"), "BCC_A2", 0, 0.3)
    # peritectic: highest T with Na2K at x_Na = 0.8 ((Na) + Na2K below)
    def per_pred(ph, f, x):
        return _has(ph, f, x, "NA2K")
    Tp = _edge(db, nk, "NA", 0.8, 270, 295, per_pred)
    out["NaK_peritectic_T"] = Tp
    eq = _eq(db, nk, {v.X("NA"): 0.8, v.T: Tp + 0.01})
    out["NaK_peritectic_xK_L"] = 1 - _comp_of(*_phase_rows(eq, "NA"), "LIQUID")
    # limiting solidus slopes (tie lines 0.5 and 1 K below the melting point)
    for solvent, solute, Tm, xmid in (("K", "NA", 336.53, 0.002), ("NA", "K", 370.87, 0.0012)):
        slopes = []
        for dT in (0.5, 1.0):
            eq = _eq(db, nk, {v.X(solute): xmid * dT, v.T: Tm - dT})
            ph, f, x = _phase_rows(eq, solute)
            slopes.append(_comp_of(ph, f, x, "BCC_A2") / dT)
        out[f"NaK_solidus_slope_{solvent}"] = 2 * slopes[0] - slopes[1]
    # 22 C tie lines
    eq = _eq(db, nk, {v.X("NA"): 0.1, v.T: 295.15})
    ph, f, x = _phase_rows(eq, "NA")
    out["NaK_295_xNa_BCC_K"] = _comp_of(ph, f, x, "BCC_A2")
    out["NaK_295_xNa_L_K"] = _comp_of(ph, f, x, "LIQUID")
    out["NaK_295_xK_L_K"] = 1 - out["NaK_295_xNa_L_K"]
    eq = _eq(db, nk, {v.X("NA"): 0.85, v.T: 295.15})
    out["NaK_295_xK_L_NA"] = 1 - _comp_of(*_phase_rows(eq, "NA"), "LIQUID")
    # Li-Na monotectic: lowest T with two liquids at x_Li = 0.5
    ln = ["LI", "NA", "VA"]
    def mono_pred(ph, f, x):
        return not (_has(ph, f, x, "LIQUID", 0, 0.5) and _has(ph, f, x, "LIQUID", 0.5, 1))
    Tm = _edge(db, ln, "LI", 0.5, 430, 460, mono_pred)
    out["LiNa_monotectic_T"] = Tm
    eq = _eq(db, ln, {v.X("LI"): 0.5, v.T: Tm + 0.01})
    ph, f, x = _phase_rows(eq, "LI")
    out["LiNa_monotectic_xLi_L2"] = _comp_of(ph, f, x, "LIQUID", 0, 0.5)
    out["LiNa_monotectic_xLi_L1"] = _comp_of(ph, f, x, "LIQUID", 0.5, 1)
    out["LiNa_critical_T"], out["LiNa_critical_xLi"] = _critical(db, ln, "LI", 560, 600)
    # Li-Na eutectic: highest T with (Li) at an x_Li between (Na) and the eutectic liquid
    # (at x_Li = 0.5 the (Na) + (Li) vs L + (Li) difference is a few J/mol and the global
    # minimiser can miss it). x: midway between (Na) at 360 K and the liquid at 370 K.
    eq = _eq(db, ln, {v.X("LI"): 0.5, v.T: [360.0, 370.0]})
    ph, f, x = _phase_rows(eq, "LI")
    x_mid = 0.5 * (_comp_of(ph[0], f[0], x[0], "BCC_A2", 0, 0.5)
                   + _comp_of(ph[1], f[1], x[1], "LIQUID", 0, 0.5))

    def le_pred(ph, f, x):
        return _has(ph, f, x, "BCC_A2", 0.5, 1)
    Tle = _edge(db, ln, "LI", x_mid, 355, 372, le_pred)
    out["LiNa_eutectic_T"] = Tle
    eq = _eq(db, ln, {v.X("LI"): x_mid, v.T: Tle + 0.01})
    out["LiNa_eutectic_xLi_L"] = _comp_of(*_phase_rows(eq, "LI"), "LIQUID", 0, 0.5)
    # Li-K: still two liquids at the lower bound; the consolute T by extrapolation
    out["LiK_consolute_T"] = _critical(db, ["K", "LI", "VA"], "LI", 1700, 2150)[0]
    # Li-Na-K 300 K: Li in the liquid at the two ends of the L + (Li) field
    ends = {}
    for key, xna, xk in (("Na_end", 0.55, 0.12), ("K_end", 0.05, 0.62)):
        eq = _eq(db, ["LI", "NA", "K", "VA"], {v.X("NA"): xna, v.X("K"): xk, v.T: 300})
        ph = eq.Phase.values.squeeze()
        xli = eq.X.sel(component="LI").values.squeeze()
        npf = eq.NP.values.squeeze()
        liq = [xli[i] for i in range(len(ph)) if ph[i] == "LIQUID" and npf[i] > 1e-9]
        if len([p for p in ph if p]) != 3 or len(liq) != 1:
            raise LookupError(f"300 K {key}: expected a three-phase triangle, got {ph}")
        ends[key] = float(liq[0])
    out["LiNaK_300_xLi_L_Na_end"] = ends["Na_end"]
    out["LiNaK_300_xLi_L_K_end"] = ends["K_end"]
    out["LiNaK_300_ratio"] = ends["Na_end"] / ends["K_end"]
    out["LiNaK_300_max_xLi_L"] = _max_li_along_field(db)
    return out


def _melting(db, el: str, lo: float, hi: float) -> float:
    from pycalphad import variables as v

    Ts = np.arange(lo, hi, 0.01)
    eq = _eq(db, [el, "VA"], {v.T: Ts}, ["LIQUID", "BCC_A2"])
    ph = eq.Phase.values.squeeze()
    first_liq = next(i for i in range(len(Ts)) if "LIQUID" in ph[i])
    return float(Ts[first_liq] - 0.005)


def _critical(db, comps, element, T_lo, T_hi) -> tuple[float, float]:
    """Critical point of the liquid gap: the squared gap width is linear in T near Tc
    (mean field); fit it on pycalphad tie lines below Tc and extrapolate to zero."""
    from pycalphad import variables as v

    Ts = np.linspace(T_lo, T_hi, 12)
    xs = np.linspace(0.05, 0.95, 91)
    eq = _eq(db, comps, {v.X(element): xs, v.T: Ts}, ["LIQUID"])
    ph = eq.Phase.values.squeeze()  # (T, x, vertex)
    xx = eq.X.sel(component=element).values.squeeze()
    widths, mids, temps = [], [], []
    for i, T in enumerate(Ts):
        best = None
        for j in range(len(xs)):
            liq = [xx[i, j, k] for k in range(ph.shape[-1]) if ph[i, j, k] == "LIQUID"]
            if len(liq) == 2:
                w = abs(liq[0] - liq[1])
                if best is None or w > best[0]:
                    best = (w, 0.5 * (liq[0] + liq[1]))
        if best is not None and best[0] > 0.05:
            widths.append(best[0])
            mids.append(best[1])
            temps.append(T)
    if len(temps) < 3:
        raise LookupError(f"no liquid gap between {T_lo} and {T_hi} K")
    temps_a, w2 = np.array(temps[-4:]), np.array(widths[-4:]) ** 2
    slope, icpt = np.polyfit(temps_a, w2, 1)
    Tc = -icpt / slope
    # the gap mid-point (rectilinear diameter) extrapolated to Tc
    ms, mi = np.polyfit(temps_a, np.array(mids[-4:]), 1)
    return float(Tc), float(ms * Tc + mi)


def _max_li_along_field(db) -> float:
    """Largest Li mole fraction of the liquid along the 300 K L + (Li) field (pycalphad)."""
    from pycalphad import variables as v

    ratios = np.linspace(0.2, 0.9, 36)  # K/(Na+K) of the overall alloy, Li-free basis
    xli = 0.5
    eq = _eq(db, ["LI", "NA", "K", "VA"],
             {v.X("NA"): list((1 - xli) * (1 - ratios)), v.X("K"): list((1 - xli) * ratios),
              v.T: 300})
    ph = eq.Phase.values.squeeze()
    x = eq.X.sel(component="LI").values.squeeze()
    best = 0.0
    for i in range(ph.shape[0]):
        for j in range(ph.shape[1]):
            for k in range(ph.shape[2]):
                if ph[i, j, k] == "LIQUID":
                    best = max(best, float(x[i, j, k]))
    return best


# --------------------------------------------------------------------------------------
# Residual table
# --------------------------------------------------------------------------------------
def _fmt(v: float, unit: str) -> str:
    if unit == "K":
        return f"{v:.2f}"
    if unit == "1/K":
        return f"{v * 100:.4f} at.%/K"
    if unit == "ratio":
        return f"{v:.1f}"
    if abs(v) < 0.01 and v != 0:
        return f"{v:.2e}"
    return f"{v:.4f}"


def residual_table(data: Sequence[Datum], measures: dict[str, float]) -> str:
    """Markdown table: every datum, its source, the computed value and the residual."""
    lines = ["| id | datum | T (K) | target | computed (pycalphad) | residual | "
             "residual/uncertainty | weight | source |",
             "|---|---|---|---|---|---|---|---|---|"]
    for d in data:
        calc = datum_value(d, measures)
        if d.constraint == "min":
            target = f">= {_fmt(d.value, d.unit)}"
            res = "ok" if calc >= d.value else f"{calc - d.value:+.3g} (violated)"
            norm = ""
        elif d.constraint == "max":
            target = f"<= {_fmt(d.value, d.unit)}"
            res = "ok" if calc <= d.value else f"{calc - d.value:+.3g} (violated)"
            norm = ""
        else:
            target = f"{_fmt(d.value, d.unit)} +- {_fmt(d.uncertainty, d.unit)}"
            res = f"{calc - d.value:+.4g}"
            if d.kind == "solubility_ratio":
                norm = f"{math.log(calc / d.value) / d.uncertainty:+.2f} (log)"
                target = f"{d.value:.0f} (x/ {math.exp(d.uncertainty):.0f})"
            else:
                norm = f"{(calc - d.value) / d.uncertainty:+.2f}"
        T = f"{d.temperature_K:.2f}" if d.temperature_K is not None else ""
        desc = f"{d.kind} {d.phases}" + (f" x_{d.element.capitalize()}={d.x:.5f}"
                                        if d.x is not None else "")
        lines.append(f"| {d.id} | {desc} | {T} | {target} | {_fmt(calc, d.unit)} | {res} | "
                     f"{norm} | {d.weight:g} | {d.source} |")
    return "\n".join(lines)


PREDICTIONS = {
    "NaK_eutectic_xK_BCC": "x_K of (K) at the Na-K eutectic",
    "NaK_peritectic_xK_L": "x_K of the liquid at the Na2K peritectic",
    "LiNaK_300_xLi_L_Na_end": "x_Li of the 300 K liquid at the Na-rich end of the L + (Li) field",
    "LiNaK_300_xLi_L_K_end": "x_Li of the 300 K liquid at the K-rich end of the L + (Li) field",
}


def prediction_table(measures: dict[str, float]) -> str:
    """Markdown table of computed quantities that have no datum (predictions)."""
    lines = ["| quantity | computed (pycalphad) |", "|---|---|"]
    for key, text in PREDICTIONS.items():
        lines.append(f"| {text} (`{key}`) | {measures[key]:.4g} |")
    return "\n".join(lines)


def parameter_table(params: dict[str, tuple[float, float]]) -> str:
    """Markdown table of every coefficient: value, units, fitted or fixed, and why."""
    lines = ["| name | TDB parameter | a (J/mol) | b (J/(mol K)) | status | why |",
             "|---|---|---|---|---|---|"]
    for spec in PARAM_SPECS:
        a, b = params[spec.name]
        if spec.phase == "NA2K":
            tdb = "G(NA2K,NA:K;0) - 2 GHSERNA - GHSERKK (per formula unit)"
        else:
            va = "" if spec.phase == "LIQUID" else ":VA"
            tdb = f"G({spec.phase},{','.join(spec.elements)}{va};{spec.order})"
            if spec.mirror:
                tdb += " (also " + ", ".join(spec.mirror) + ")"
        status = {"ab": "a, b fitted", "a": "a fitted, b fixed", "b": "b fitted, a fixed",
                  "": "fixed"}[spec.fit]
        lines.append(f"| {spec.name} | {tdb} | {a:.2f} | {b:.4f} | {status} | {spec.why} |")
    return "\n".join(lines)


def update_doc(blocks: dict[str, str], path: Path = DOC_PATH) -> None:
    """Replace the generated blocks (``<!-- name:start -->`` to ``<!-- name:end -->``) of
    docs/assessment.md."""
    text = path.read_text(encoding="utf-8")
    for name, body in blocks.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        if start not in text or end not in text:
            raise ValueError(f"{path}: markers {start} ... {end} not found")
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + start + "\n" + body + "\n" + end + tail
    _atomic_write(path, text)


def _atomic_write(path: Path, text: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from semisolid._util import atomic_write_text

    atomic_write_text(path, text)


def save_parameters(params: dict[str, tuple[float, float]], path: Path = PARAMS_JSON) -> None:
    """Store the coefficients as JSON (the source of truth for :func:`write_tdb`)."""
    doc = {"comment": "Generated by scripts/assess_linak.py (fit). Units: a in J/mol, "
                      "b in J/(mol K); parameter = a + b*T.",
           "parameters": {s.name: list(params[s.name]) for s in PARAM_SPECS}}
    _atomic_write(path, json.dumps(doc, indent=2) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="only recompute the residuals of the shipped TDB with pycalphad")
    mode.add_argument("--write-tdb", action="store_true",
                      help="write the TDB from the stored JSON parameters, no fit")
    args = ap.parse_args(argv)
    data = read_data()
    t0 = time.perf_counter()
    if not args.check:
        if args.write_tdb:
            params = load_parameters()
        else:
            # always from the same start (the draft's values), so that a re-run reproduces
            # the stored coefficients exactly
            unaries = Unaries()
            params = fit(initial_parameters(), data, unaries)
            save_parameters(params)
            m = fit_measures(Model(params, unaries))
            print("fit model:", {k: round(v, 5) for k, v in m.items()}, file=sys.stderr)
        _atomic_write(TDB_PATH, write_tdb(params))
        print(f"wrote {TDB_PATH.relative_to(ROOT)}", file=sys.stderr)
    measures = pycalphad_measures(TDB_PATH)
    table = residual_table(data, measures)
    update_doc({"residuals": table, "predictions": prediction_table(measures),
                "parameters": parameter_table(load_parameters())})
    print(table)
    print(f"done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
