"""Equivalent-circuit fitting by non-linear least squares with confidence intervals.

The residual vector stacks the real and imaginary misfits, weighted by ``1/|Z|``
(``weighting="modulus"``, the default) or not (``"unit"``, as impedance.py's default).
Scale parameters (lower bound >= 0, no upper bound: R, C, L, Q, sigma) are fitted as
``log10(p)`` (positive, well scaled); bounded ones (CPE ``alpha`` in [0, 1]) linearly.
:func:`scipy.optimize.least_squares` (trust-region reflective) does the fit; the
covariance is ``s^2 (J^T J)^-1`` with ``s^2 = SSR / (m - n)`` from the Jacobian at the
optimum, and the 95 % intervals use Student's t with ``m - n`` degrees of freedom
(asymmetric, ``p 10^(+-t s_log)``, for log-fitted parameters), clipped to the
parameter's bounds.

``success`` only says that the optimiser converged. ``well_determined`` says in addition
that every parameter is determined by the data; a parameter is flagged (one note per
parameter in ``notes``, its name in ``undetermined``) when

* it ends at, or within ``BOUND_MARGIN`` (1e-4) of the width of, a bound of its search range
  in the fitted coordinate (a CPE ``alpha`` within 1e-4 of 0 or 1; a log-fitted parameter
  within 0.002 decade of the +-10-decade window around its start or of a bound you gave);
  the standard error and interval then do not apply;
* the Jacobian is singular in a direction that involves it (rank test of ``J`` as in
  :func:`scipy.optimize.curve_fit`): it is not identifiable, its standard error is ``inf``
  and its interval is its whole bound range (never a standard error of 0);
* after scaling the Jacobian's columns to unit norm the condition number exceeds
  ``MAX_CONDITION`` (1e8) and the parameter takes part in the weakest direction (strongly
  correlated with others);
* its relative standard error ``stderr / |value|`` exceeds ``MAX_RELATIVE_STDERR`` (1, i.e.
  100 %; for a log-fitted parameter this is an interval wider than about 1.7 decades).

Examples
--------
>>> import numpy as np
>>> from semisolid.eis.circuits import Circuit
>>> f = np.logspace(5, -1, 40)
>>> true = {"R0": 20.0, "R1": 150.0, "C1": 2e-6}
>>> z = Circuit.parse("R0-p(R1,C1)").impedance(f, true)
>>> res = fit_circuit(f, z, "R0-p(R1,C1)")
>>> {k: float(f"{v:.4g}") for k, v in res.parameters.items()}
{'R0': 20.0, 'R1': 150.0, 'C1': 2e-06}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import optimize, stats

from semisolid.eis.circuits import Circuit, Element, Series, check_frequency
from semisolid.errors import InputError, suggest

__all__ = ["AreaSpecificParameters", "FitResult", "check_spectrum", "fit_circuit",
           "initial_guess"]

WEIGHTINGS = ("modulus", "unit")
#: a parameter within this fraction of its search range's width of a bound is "at the bound"
BOUND_MARGIN = 1e-4
#: relative standard error above which a parameter is not determined (1 = 100 %)
MAX_RELATIVE_STDERR = 1.0
#: condition number of the column-scaled Jacobian above which parameters are degenerate
MAX_CONDITION = 1e8


@dataclass
class FitResult:
    """Fitted circuit parameters with their uncertainty.

    Attributes
    ----------
    circuit : str
    parameters : dict of str -> float
    stderr : dict of str -> float
        Standard errors (delta method for log-fitted parameters); never NaN: ``inf`` for a
        parameter the data do not identify (singular Jacobian).
    ci95 : dict of str -> (float, float)
        95 % confidence intervals, clipped to the parameter's bounds (the whole bound range
        for a non-identifiable parameter).
    units : dict of str -> str
    rms_relative : float
        Root-mean-square of ``|Z_fit - Z| / |Z|`` over the points.
    chi2 : float
        Sum of squared weighted residuals.
    n_points : int
    weighting : str
    success : bool
        The optimiser converged (says nothing about whether the parameters are determined).
    message : str
        The optimiser's message.
    notes : list of str
        One note per parameter that is not well determined (at a bound, not identifiable,
        strongly correlated, relative standard error > 100 %), after a summary line.
    well_determined : bool
        ``success`` and no parameter flagged; set by :func:`fit_circuit` (``True`` by default
        for a hand-made result).
    undetermined : list of str
        Names of the flagged parameters.

    Examples
    --------
    >>> r = FitResult("R0", {"R0": 1.0}, {"R0": 0.1}, {"R0": (0.8, 1.2)}, {"R0": "Ohm"},
    ...               0.01, 1e-4, 10, "modulus", True, "ok")
    >>> r.to_dict()["parameters"]
    {'R0': 1.0}
    """

    circuit: str
    parameters: dict[str, float]
    stderr: dict[str, float]
    ci95: dict[str, tuple[float, float]]
    units: dict[str, str]
    rms_relative: float
    chi2: float
    n_points: int
    weighting: str
    success: bool
    message: str
    notes: list[str] = field(default_factory=list)
    well_determined: bool = True
    undetermined: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def area_specific(self, area_m2: float) -> AreaSpecificParameters:
        """The parameters of the area-specific impedance ``Z A`` (per cm2 of electrode).

        Resistances (and ``Z0``, ``W`` sigma, inductances) are multiplied by the area in
        cm2 (``Ohm cm2``), capacitances and CPE ``Q`` divided by it (``F/cm2``,
        ``S s^alpha/cm2``); exponents and time constants are unchanged. Standard errors
        and intervals scale the same way.

        Parameters
        ----------
        area_m2 : float
            Electrode area [m2], > 0.

        Raises
        ------
        InputError
            The area is not a positive number, or a parameter's unit does not say how it
            scales with the area (an element registered without ``area_power``).

        Examples
        --------
        >>> r = FitResult("R0-p(R1,C1)", {"R0": 10.0, "R1": 100.0, "C1": 1e-6},
        ...               {"R0": 0.1, "R1": 1.0, "C1": 1e-8}, {}, {}, 0.0, 0.0, 0,
        ...               "modulus", True, "ok")
        >>> a = r.area_specific(2e-4)                    # 2 cm2
        >>> a.parameters, a.units["R1"], a.units["C1"]
        ({'R0': 20.0, 'R1': 200.0, 'C1': 5e-07}, 'Ohm cm2', 'F/cm2')
        """
        from semisolid.eis.circuits import area_unit
        from semisolid.units import require_positive

        area_cm2 = float(require_positive(area_m2, "area_m2", unit="m2")) * 1e4
        c = Circuit.parse(self.circuit)
        powers, base_units = c.area_powers, c.parameter_units
        params, stderr, ci, units = {}, {}, {}, {}
        for n, v in self.parameters.items():
            k = powers.get(n)
            if k is None:
                raise InputError(f"{n}: its unit {base_units.get(n, '?')!r} does not say how "
                                 "it scales with the area; register the element with "
                                 "area_power=...", "area")
            fac = area_cm2 ** k
            params[n] = v * fac
            if n in self.stderr:
                stderr[n] = self.stderr[n] * fac
            if n in self.ci95:
                lo, hi = self.ci95[n]
                ci[n] = (lo * fac, hi * fac)
            units[n] = area_unit(base_units.get(n, ""), k)
        return AreaSpecificParameters(self.circuit, area_cm2, params, stderr, ci, units)

    def predict(self, frequency_Hz: np.ndarray) -> np.ndarray:
        """The fitted circuit's impedance [Ohm] at `frequency_Hz`.

        Examples
        --------
        >>> r = FitResult("R0-p(R1,C1)", {"R0": 10.0, "R1": 100.0, "C1": 1e-6}, {}, {}, {},
        ...               0.0, 0.0, 0, "modulus", True, "ok")
        >>> np.round(r.predict([1e-3, 1e7]).real, 3).tolist()   # R0 + R1 at DC, R0 at high f
        [110.0, 10.0]
        """
        return Circuit.parse(self.circuit).impedance(frequency_Hz, self.parameters)


@dataclass
class AreaSpecificParameters:
    """Circuit parameters of the area-specific impedance ``Z A`` (per cm2).

    Attributes
    ----------
    circuit : str
    area_cm2 : float
        The electrode area used [cm2].
    parameters, stderr : dict of str -> float
    ci95 : dict of str -> (float, float)
    units : dict of str -> str
        ``Ohm cm2``, ``F/cm2``, ``S s^alpha/cm2``, ... (unchanged for exponents and time
        constants).

    Examples
    --------
    >>> AreaSpecificParameters("R0", 1.0, {"R0": 5.0}, {}, {}, {"R0": "Ohm cm2"}).to_dict()
    {'circuit': 'R0', 'area_cm2': 1.0, 'parameters': {'R0': 5.0}, 'stderr': {}, 'ci95': {}, \
'units': {'R0': 'Ohm cm2'}}
    """

    circuit: str
    area_cm2: float
    parameters: dict[str, float]
    stderr: dict[str, float]
    ci95: dict[str, tuple[float, float]]
    units: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def check_spectrum(frequency_Hz: Any, impedance_Ohm: Any, name: str = "spectrum"
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Validate a spectrum: same length, >= 3 points, finite, frequencies > 0.

    Examples
    --------
    >>> check_spectrum([1.0, 0.0, 2.0], [1, 1, 1])
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: spectrum: frequency must be > 0; point 1 has 0 Hz
    """
    try:
        f = np.asarray(frequency_Hz, dtype=float)
        z = np.asarray(impedance_Ohm, dtype=complex)
    except (TypeError, ValueError):
        raise InputError("frequency and impedance must be numbers", name) from None
    if f.ndim != 1 or f.shape != z.shape:
        raise InputError(f"frequency {f.shape} and impedance {z.shape} must be 1-D and of the "
                         "same length", name)
    if f.size < 3:
        raise InputError(f"needs at least 3 points, got {f.size}", name)
    bad = ~np.isfinite(f) | ~np.isfinite(z)
    if bad.any():
        raise InputError(f"NaN or infinite value at point {int(np.argmax(bad))}", name)
    check_frequency(f, name)
    return f, z


def initial_guess(circuit: Circuit, frequency_Hz: np.ndarray, impedance_Ohm: np.ndarray
                  ) -> dict[str, float]:
    """Rough starting values from the spectrum's shape.

    Resistors share the real-axis span (the first top-level series resistor takes the
    high-frequency intercept, the others share the arc up to the valley of ``-Z''`` before a
    low-frequency tail); capacitances and CPE ``Q`` come from the frequency of the largest
    ``-Z''`` of the arc, except a C/CPE directly in the top-level series (a blocking
    interface), which takes the lowest-frequency point; ``alpha = 0.85``; inductors 1e-7 H; Warburg
    ``sigma`` from the low-frequency modulus; finite Warburg ``Z0`` the real-axis span and
    ``tau`` the inverse lowest angular frequency; Gerischer ``R`` the span and ``tau`` the
    inverse angular frequency of the arc's top.

    Examples
    --------
    >>> import numpy as np
    >>> f = np.logspace(4, -1, 30)
    >>> g = initial_guess(Circuit.parse("R0-p(R1,C1)"), f, 10 + 100 / (1 + 1j * f * 1e-2))
    >>> sorted(g)
    ['C1', 'R0', 'R1']
    """
    f, z = frequency_Hz, impedance_Ohm
    order = np.argsort(-f)  # high to low frequency
    f, z = f[order], z[order]
    top = circuit.root
    kids = top.children if isinstance(top, Series) else [top]
    series_first = next((c.name for c in kids if isinstance(c, Element) and c.type == "R"),
                        None)
    # a capacitor/CPE directly in the top-level series is a blocking interface: its tail
    tails = [c.name for c in kids if isinstance(c, Element) and c.type in ("C", "CPE")]
    tail = tails[-1] if tails else None
    mim = -z.imag
    end = z.size - 1
    if tail is not None:  # the valley of -Z'' before the tail ends the arc(s)
        interior = np.flatnonzero((mim[1:-1] < mim[:-2]) & (mim[1:-1] <= mim[2:])) + 1
        if interior.size:
            end = int(interior[0])
    re_min = float(z.real[: end + 1].min())
    re_max = float(z.real[: end + 1].max())
    span = max(re_max - re_min, 1e-3 * max(abs(re_max), 1e-12))
    k_peak = int(np.argmax(mim[: end + 1]))
    w_peak = 2 * np.pi * float(f[k_peak])
    w_min = 2 * np.pi * float(f[-1])
    tail_q = 1.0 / (w_min * max(float(mim[-1]), 1e-12))
    rs = [e for e in circuit.elements if e.type == "R" and e.name != series_first]
    caps = [e.name for e in circuit.elements if e.type in ("C", "CPE")]
    n_c = max(1, len(caps) - (tail is not None))
    out: dict[str, float] = {}
    for e in circuit.elements:
        names = e.parameter_names()
        if e.type == "R":
            out[names[0]] = max(re_min, 1e-3 * span) if e.name == series_first else span / max(
                len(rs), 1)
        elif e.type == "C":
            out[names[0]] = tail_q if e.name == tail else 1.0 / (w_peak * span / n_c)
        elif e.type == "CPE":
            out[names[0]] = tail_q if e.name == tail else 1.0 / (w_peak**0.85 * span / n_c)
            out[names[1]] = 0.85
        elif e.type == "L":
            out[names[0]] = 1e-7
        elif e.type == "W":
            out[names[0]] = max(abs(z[-1]) * math.sqrt(w_min) / 4.0, 1e-9)
        elif e.type in ("Wo", "Ws"):  # diffusion through the whole layer at the lowest f
            out[names[0]] = span
            out[names[1]] = 1.0 / w_min
        elif e.type == "G":
            out[names[0]] = span
            out[names[1]] = 1.0 / w_peak
        elif e.type == "TLM":
            out[names[0]] = span
            out[names[1]] = span
            out[names[2]] = 1.0 / (w_peak**0.85 * span)
            out[names[3]] = 0.85
        else:
            for n in names:
                out[n] = 1.0
    return out


def _check_names(given: Mapping[str, Any], names: list[str], what: str) -> None:
    for k in given:
        if k not in names:
            raise InputError(f"{k!r} is not a parameter of the circuit; parameters: "
                             f"{', '.join(names)}" + suggest(k, names), what)


def fit_circuit(
    frequency_Hz: Any,
    impedance_Ohm: Any,
    circuit: str | Circuit,
    initial: Mapping[str, float] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    weighting: str = "modulus",
    max_nfev: int = 5000,
) -> FitResult:
    """Fit an equivalent circuit to a spectrum.

    Parameters
    ----------
    frequency_Hz, impedance_Ohm : array_like
        The spectrum (frequencies > 0, complex impedance).
    circuit : str or Circuit
        E.g. ``"R0-p(R1,CPE1)-CPE2"``.
    initial : dict, optional
        Starting values by parameter name; the others come from :func:`initial_guess`.
    bounds : dict, optional
        ``(lower, upper)`` by parameter name; the others use the element's defaults.
    weighting : {"modulus", "unit"}
    max_nfev : int
        Maximum number of function evaluations.

    Raises
    ------
    InputError
        Unknown parameter names (with a suggestion), ``lower >= upper``, an initial value
        outside its bounds (the message names the parameter), a bad spectrum.

    Examples
    --------
    >>> import numpy as np
    >>> f = np.logspace(4, -2, 30)
    >>> z = Circuit.parse("R0-p(R1,CPE1)").impedance(
    ...     f, {"R0": 5.0, "R1": 50.0, "CPE1_Q": 1e-4, "CPE1_alpha": 0.8})
    >>> r = fit_circuit(f, z, "R0-p(R1,CPE1)", initial={"CPE1_alpha": 0.9})
    >>> round(r.parameters["CPE1_alpha"], 4), r.success
    (0.8, True)
    >>> fit_circuit(f, z, "R0-p(R1,CPE1)", bounds={"R1": (100.0, 10.0)})
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: bounds: R1: lower bound 100 is not below upper bound 10
    """
    c = circuit if isinstance(circuit, Circuit) else Circuit.parse(circuit)
    f, z = check_spectrum(frequency_Hz, impedance_Ohm)
    if weighting not in WEIGHTINGS:
        raise InputError(f"{weighting!r} is not one of {WEIGHTINGS}" + suggest(
            weighting, WEIGHTINGS), "weighting")
    names = c.parameter_names
    initial = dict(initial or {})
    bounds = dict(bounds or {})
    _check_names(initial, names, "initial")
    _check_names(bounds, names, "bounds")
    b = c.default_bounds
    for k, v in bounds.items():
        try:
            lo, hi = float(v[0]), float(v[1])
        except (TypeError, ValueError, IndexError):
            raise InputError(f"{k}: expected (lower, upper), got {v!r}", "bounds") from None
        if math.isnan(lo) or math.isnan(hi) or not lo < hi:
            raise InputError(f"{k}: lower bound {lo:g} is not below upper bound {hi:g}",
                             "bounds")
        b[k] = (lo, hi)
    guess = initial_guess(c, f, z)
    for k, v in initial.items():
        try:
            guess[k] = float(v)
        except (TypeError, ValueError):
            raise InputError(f"{k}: {v!r} is not a number", "initial") from None
        if not math.isfinite(guess[k]):
            raise InputError(f"{k}: {v!r} is not finite", "initial")
    logp = {n: b[n][0] >= 0.0 and not math.isfinite(b[n][1]) for n in names}
    x0, lo_x, hi_x = [], [], []
    for n in names:
        lo, hi = b[n]
        g = guess[n]
        if n not in initial:  # clip automatic guesses into the bounds
            g = min(max(g, lo if lo > 0 else g), hi)
            if logp[n] and g <= 0:
                g = lo if lo > 0 else 1e-6
            if g >= hi:
                g = hi if not logp[n] else hi * (1 - 1e-6)
            guess[n] = g
        if not (lo <= g <= hi):
            raise InputError(f"{n}: initial value {g:g} is outside its bounds [{lo:g}, {hi:g}]",
                             "initial")
        if logp[n]:
            if g <= 0:
                raise InputError(f"{n}: initial value {g:g} must be > 0 (fitted on a log "
                                 "scale)", "initial")
            x0.append(math.log10(g))
            lo_x.append(math.log10(lo) if lo > 0 else -np.inf)
            hi_x.append(math.log10(hi) if math.isfinite(hi) else np.inf)
        else:
            x0.append(g)
            lo_x.append(lo)
            hi_x.append(hi)
    x0a = np.array(x0)
    lo_a, hi_a = np.array(lo_x), np.array(hi_x)
    # least_squares needs x0 strictly inside finite bounds
    x0a = np.clip(x0a, np.where(np.isfinite(lo_a), lo_a + 1e-12, x0a),
                  np.where(np.isfinite(hi_a), hi_a - 1e-12, x0a))
    wts = 1.0 / np.abs(z) if weighting == "modulus" else np.ones(z.size)
    mask = np.array([logp[n] for n in names])

    def to_params(x: np.ndarray) -> dict[str, float]:
        p = np.where(mask, 10.0 ** np.where(mask, x, 0.0), x)
        return dict(zip(names, p.tolist(), strict=True))

    def resid(x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            zm = c.root.impedance(to_params(x), 2 * np.pi * f)  # type: ignore[attr-defined]
        d = (zm - z) * wts
        out = np.concatenate([d.real, d.imag])
        return np.where(np.isfinite(out), out, 1e10)

    # scale parameters with an open upper bound are searched within +-10 decades of their
    # start; several starts spread the time constants of the arcs and the best fit is kept
    lo_s = np.where(mask & ~np.isfinite(lo_a), x0a - 10.0, lo_a)
    hi_s = np.where(mask & ~np.isfinite(hi_a), x0a + 10.0, hi_a)
    starts = [x0a]
    caps = [k for k, n in enumerate(names) if n not in initial and mask[k] and (
        n.endswith("_Q") or n in [e.name for e in c.elements if e.type == "C"])]
    if caps:
        for spread in (np.linspace(-2, 2, len(caps)), np.linspace(2, -2, len(caps)),
                       np.full(len(caps), -2.0), np.full(len(caps), 2.0)):
            x = x0a.copy()
            x[caps] += spread
            starts.append(np.clip(x, lo_s + 1e-9, hi_s - 1e-9))
    sol = None
    for x_start in starts:
        cand = optimize.least_squares(resid, x_start, bounds=(lo_s, hi_s), method="trf",
                                      x_scale="jac", max_nfev=max_nfev, xtol=1e-12,
                                      ftol=1e-12, gtol=1e-12)
        if sol is None or cand.cost < sol.cost * (1 - 1e-9):
            sol = cand
        if sol.cost <= 1e-20 * max(1.0, float(np.sum(np.abs(z * wts) ** 2))):
            break
    params = to_params(sol.x)
    m, npar = 2 * f.size, len(names)
    dof = max(m - npar, 1)
    ssr = float(np.sum(sol.fun**2))
    s2 = ssr / dof
    jac = np.asarray(sol.jac, dtype=float)
    sd, reasons = _uncertainty(jac, s2, names)
    tq = float(stats.t.ppf(0.975, dof))
    stderr, ci = {}, {}
    for k, n in enumerate(names):
        p = params[n]
        lo, hi = b[n]
        if not math.isfinite(sd[k]):
            stderr[n] = math.inf
            ci[n] = (lo, hi)
            continue
        if mask[k]:
            stderr[n] = p * math.log(10.0) * sd[k]
            half = min(tq * sd[k], 300.0)
            ci[n] = (max(p * 10.0 ** (-half), lo), min(p * 10.0 ** half, hi))
        else:
            stderr[n] = sd[k]
            ci[n] = (max(p - tq * sd[k], lo), min(p + tq * sd[k], hi))
        rel = stderr[n] / abs(p) if p != 0 else (0.0 if stderr[n] == 0 else math.inf)
        if rel > MAX_RELATIVE_STDERR:
            span = ("" if not mask[k] else "; its 95 % interval spans "
                    f"{'more than ' if half >= 300.0 else ''}{2 * half:.3g} decades")
            reasons[n].append(f"relative standard error {100 * rel:.3g} % > "
                              f"{100 * MAX_RELATIVE_STDERR:g} %{span}")
    for k, n in enumerate(names):
        at = _at_bound(float(sol.x[k]), float(lo_s[k]), float(hi_s[k]))
        if at is None:
            continue
        real = (lo_a if at == "lower" else hi_a)[k] == (lo_s if at == "lower" else hi_s)[k]
        where = (f"its {at} bound {b[n][0 if at == 'lower' else 1]:g}" if real else
                 f"the {at} end of its search window (10 decades "
                 f"{'below' if at == 'lower' else 'above'} the start)")
        reasons[n].insert(0, f"ends at {where}: the standard error and interval do not apply")
    undetermined = [n for n in names if reasons[n]]
    notes: list[str] = []
    if undetermined:
        notes.append(f"{len(undetermined)} of {len(names)} parameter(s) not well determined "
                     f"({', '.join(undetermined)}): check the circuit (more elements than the "
                     "data support?), the bounds and the starting values")
        notes += [f"{n}: {'; '.join(reasons[n])}" for n in undetermined]
    zfit = c.root.impedance(params, 2 * np.pi * f)  # type: ignore[attr-defined]
    rms = float(np.sqrt(np.mean(np.abs(zfit - z) ** 2 / np.abs(z) ** 2)))
    return FitResult(c.text, params, stderr, ci, c.parameter_units, rms, ssr, int(f.size),
                     weighting, bool(sol.success), str(sol.message), notes,
                     bool(sol.success) and not undetermined, undetermined)


def _at_bound(x: float, lo: float, hi: float) -> str | None:
    """``"lower"``/``"upper"`` when `x` is within ``BOUND_MARGIN`` of that bound's range."""
    width = hi - lo
    for side, bound in (("lower", lo), ("upper", hi)):
        if not math.isfinite(bound):
            continue
        tol = BOUND_MARGIN * (width if math.isfinite(width) else max(1.0, abs(bound)))
        if abs(x - bound) <= tol:
            return side
    return None


def _uncertainty(jac: np.ndarray, s2: float, names: list[str]
                 ) -> tuple[list[float], dict[str, list[str]]]:
    """Standard deviations in the fitted coordinates and the identifiability findings.

    ``s^2 (J^T J)^-1`` when ``J`` has full rank; otherwise the pseudo-inverse on the
    determined directions and ``inf`` for every parameter in a null direction. Then the
    columns of ``J`` are scaled to unit norm: a condition number above ``MAX_CONDITION``
    flags the parameters of the weakest direction as strongly correlated.
    """
    m, n = jac.shape
    reasons: dict[str, list[str]] = {name: [] for name in names}
    if not np.all(np.isfinite(jac)):
        bad = ~np.all(np.isfinite(jac), axis=0)
        for k in np.flatnonzero(bad):
            reasons[names[k]].append("not identifiable: its Jacobian column is not finite; "
                                     "standard error reported as inf")
        jac = np.where(np.isfinite(jac), jac, 0.0)
    _, sv, vt = np.linalg.svd(jac, full_matrices=False)
    tol = np.finfo(float).eps * max(m, n) * (sv[0] if sv.size else 0.0)
    keep = sv > tol
    null = np.zeros(n, dtype=bool)
    if keep.all():
        try:
            cov = np.linalg.inv(jac.T @ jac) * s2
        except np.linalg.LinAlgError:  # J^T J squares the condition number
            cov = (vt.T / sv**2) @ vt * s2
    else:
        vk = vt[keep]
        cov = (vk.T / sv[keep] ** 2) @ vk * s2
        null = np.max(np.abs(vt[~keep]), axis=0) > 1e-3
    with np.errstate(invalid="ignore"):
        sd = np.sqrt(np.diag(cov).clip(0.0))
    for k in range(n):
        if null[k] and not reasons[names[k]]:
            reasons[names[k]].append("not identifiable: the data do not constrain it "
                                     "(singular Jacobian); standard error reported as inf")
    # correlation among the identifiable ones: condition number of the scaled Jacobian
    live = [k for k in range(n) if not reasons[names[k]]]
    if len(live) >= 2:
        sub = jac[:, live] / np.linalg.norm(jac[:, live], axis=0)
        _, ss, vv = np.linalg.svd(sub, full_matrices=False)
        cond = float(ss[0] / ss[-1]) if ss[-1] > 0 else math.inf
        if cond > MAX_CONDITION:
            weak = [live[j] for j in np.flatnonzero(np.abs(vv[-1]) > 0.1)]
            for k in weak:
                others = ", ".join(names[j] for j in weak if j != k) or "the others"
                reasons[names[k]].append(
                    f"strongly correlated with {others} (scaled Jacobian condition number "
                    f"{cond:.3g} > {MAX_CONDITION:g}): not separately determined")
    out = []
    for k in range(n):
        v = float(sd[k])
        if not (null[k] or math.isfinite(v)) and not reasons[names[k]]:
            reasons[names[k]].append("standard error is not finite; reported as inf")
        out.append(math.inf if null[k] or not math.isfinite(v) else v)
    return out, reasons
