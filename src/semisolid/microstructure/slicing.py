"""Time slice of the cones for a target liquid fraction: secant search and exact quantile.

At time ``t`` a pixel is solid when ``T(p) <= t`` and liquid otherwise; the liquid fraction
``f_L(t) = mean(T > t)`` is counted on the pixels, as in the paper. Two ways to hit a target
``f``:

* **exact order statistic** (``time_slice``): with ``P`` pixels and ``m = round(f P)`` liquid
  pixels wanted, ``t`` is the ``(P - m)``-th smallest arrival time (``np.partition``), so
  ``|f_L(t) - f| <= 0.5 / P`` unless arrival times tie exactly.
* **secant search** (``time_slice_secant``, the paper's method) on ``g(t) = f_L(t) - f`` from the
  JMAK estimate for Poisson nuclei, safeguarded by bisection once the root is bracketed
  (``f_L`` is a step function); it stops at ``|f_L(t) - f| < 1 / P`` (one pixel).

JMAK with all nuclei at t = 0 (site saturation), density ``rho`` and speeds ``v``:
``f_L(t) = exp(-pi rho E[v^2] t^2)`` in 2D and ``exp(-4/3 pi rho E[v^3] t^3)`` in 3D, for
Poisson (``d_min = 0``), periodic nuclei; ``E[v^k] = (b^(k+1) - a^(k+1)) / ((k+1)(b-a))`` for
``v ~ U(a, b)``.

Examples
--------
>>> import numpy as np
>>> T = np.arange(1.0, 101.0)        # 100 pixels reached at t = 1, 2, ..., 100
>>> ts = find_time_slice(T, 0.25, jmak_guess=40.0)
>>> ts.time_slice, ts.liquid_fraction
(75.0, 0.25)
>>> bool(abs(ts.liquid_fraction_secant - 0.25) < 0.01)
True
"""

from __future__ import annotations

import math

import numpy as np

from semisolid.errors import InputError
from semisolid.microstructure.result import TimeSlice

__all__ = [
    "check_fraction",
    "find_time_slice",
    "jmak_liquid_fraction",
    "jmak_time_slice",
    "liquid_fraction_at",
    "speed_moment",
    "time_slice_quantile",
    "time_slice_secant",
]


def check_fraction(value: float, field: str = "liquid_fraction") -> float:
    """Validate a liquid fraction: a number strictly between 0 and 1.

    Examples
    --------
    >>> check_fraction(0.51)
    0.51
    >>> check_fraction(1.2)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: liquid_fraction: 1.2 is outside (0, 1); expected ...
    """
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{value!r} is not a number", field) from None
    if not (0.0 < f < 1.0):
        raise InputError(
            f"{f:g} is outside (0, 1); expected a liquid fraction strictly between 0 and 1 "
            f"(e.g. 0.51 for composition B, 0.10 for composition A)",
            field,
        )
    return f


def speed_moment(k: int, speed_range: tuple[float, float]) -> float:
    """``E[v^k]`` for ``v`` uniform on `speed_range`.

    Examples
    --------
    >>> round(speed_moment(2, (0.6, 1.5)), 2)
    1.17
    """
    a, b = speed_range
    if b == a:
        return a**k
    return (b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a))


def jmak_liquid_fraction(
    t: float | np.ndarray, density_per_px: float, dim: int, speed_range: tuple[float, float]
) -> float | np.ndarray:
    """JMAK untransformed (liquid) fraction at time `t` for Poisson nuclei born at t = 0.

    Examples
    --------
    >>> round(float(jmak_liquid_fraction(0.0, 1e-3, 2, (0.6, 1.5))), 3)
    1.0
    """
    if dim == 2:
        return np.exp(-math.pi * density_per_px * speed_moment(2, speed_range) * np.square(t))
    return np.exp(-4.0 / 3.0 * math.pi * density_per_px * speed_moment(3, speed_range)
                  * np.power(t, 3))


def jmak_time_slice(
    target: float, density_per_px: float, dim: int, speed_range: tuple[float, float]
) -> float:
    """Time at which JMAK gives liquid fraction `target` (inverse of
    :func:`jmak_liquid_fraction`).

    Examples
    --------
    >>> t = jmak_time_slice(0.51, 1e-3, 2, (0.6, 1.5))
    >>> round(float(jmak_liquid_fraction(t, 1e-3, 2, (0.6, 1.5))), 6)
    0.51
    """
    target = check_fraction(target, "target")
    if dim == 2:
        return math.sqrt(-math.log(target) / (math.pi * density_per_px
                                              * speed_moment(2, speed_range)))
    return (-math.log(target) / (4.0 / 3.0 * math.pi * density_per_px
                                 * speed_moment(3, speed_range))) ** (1.0 / 3.0)


def liquid_fraction_at(T: np.ndarray, t: float) -> float:
    """Pixel-counted liquid fraction ``mean(T > t)``.

    Examples
    --------
    >>> import numpy as np
    >>> liquid_fraction_at(np.array([1.0, 2.0, 3.0, 4.0]), 2.0)
    0.5
    """
    return int(np.count_nonzero(T > t)) / T.size


def time_slice_quantile(T: np.ndarray, target: float) -> float:
    """Exact time slice: the ``(P - m)``-th smallest arrival time, ``m = round(target P)``.

    Examples
    --------
    >>> import numpy as np
    >>> time_slice_quantile(np.array([4.0, 1.0, 3.0, 2.0]), 0.5)
    2.0
    """
    target = check_fraction(target, "target")
    flat = T.ravel()
    P = flat.size
    m = round(target * P)
    if m >= P:  # all liquid: just before the first arrival
        return float(np.nextafter(flat.min(), -np.inf))
    k = P - m - 1
    return float(np.partition(flat, k)[k])


def time_slice_secant(
    T: np.ndarray,
    target: float,
    t0: float,
    t1: float | None = None,
    max_iter: int = 100,
) -> tuple[float, int, bool]:
    """Secant search for ``f_L(t) = target`` (safeguarded by bisection once bracketed).

    Parameters
    ----------
    T : ndarray
        Arrival times.
    target : float
        Liquid fraction in (0, 1).
    t0, t1 : float
        Initial guesses (default ``t1 = 1.1 t0``).
    max_iter : int
        Evaluations of ``f_L`` allowed.

    Returns
    -------
    (t, iterations, converged)
        ``converged`` means ``|f_L(t) - target| < 1/P``; otherwise `t` is the best point seen.

    Examples
    --------
    >>> import numpy as np
    >>> t, it, ok = time_slice_secant(np.arange(1.0, 1001.0), 0.3, 500.0)
    >>> ok, bool(abs(np.mean(np.arange(1.0, 1001.0) > t) - 0.3) < 1e-3)
    (True, True)
    """
    target = check_fraction(target, "target")
    P = T.size
    t_max = float(T.max())

    def g(t: float) -> float:
        return (int(np.count_nonzero(T > t)) - target * P) / P

    t_prev = float(t0) if math.isfinite(t0) and t0 > 0 else 0.5 * t_max
    t_cur = float(t1) if t1 is not None else 1.1 * t_prev
    g_prev, g_cur = g(t_prev), g(t_cur)
    it = 2
    lo, hi = -math.inf, math.inf  # bracket: g(lo) > 0 (too much liquid), g(hi) < 0
    best_t, best_g = (t_prev, g_prev) if abs(g_prev) < abs(g_cur) else (t_cur, g_cur)
    for t_, g_ in ((t_prev, g_prev), (t_cur, g_cur)):
        if g_ > 0:
            lo = max(lo, t_)
        elif g_ < 0:
            hi = min(hi, t_)
    while abs(best_g) * P >= 1.0 and it < max_iter:
        t_new = math.nan
        if g_cur != g_prev:
            t_new = t_cur - g_cur * (t_cur - t_prev) / (g_cur - g_prev)
        inside = math.isfinite(t_new) and lo < t_new < hi
        if not inside:
            if math.isfinite(lo) and math.isfinite(hi):
                t_new = 0.5 * (lo + hi)
            elif math.isfinite(lo):  # no upper bound yet: grow
                t_new = max(2.0 * lo, lo + 1e-12 * max(t_max, 1.0)) if lo > 0 else t_max
            else:  # no lower bound yet: shrink
                t_new = 0.5 * hi
            if math.isfinite(lo) and math.isfinite(hi) and not lo < t_new < hi:
                break  # the bracket cannot be split further: exact ties
        t_prev, g_prev = t_cur, g_cur
        t_cur, g_cur = t_new, g(t_new)
        it += 1
        if abs(g_cur) < abs(best_g):
            best_t, best_g = t_cur, g_cur
        if g_cur > 0:
            lo = max(lo, t_cur)
        elif g_cur < 0:
            hi = min(hi, t_cur)
    return best_t, it, bool(abs(best_g) * P < 1.0)


def find_time_slice(
    T: np.ndarray,
    target: float,
    jmak_guess: float,
    max_iter: int = 100,
) -> TimeSlice:
    """Both time slices for `target`, with the liquid fractions they give.

    Parameters
    ----------
    T : ndarray
        Arrival times.
    target : float
        Liquid fraction in (0, 1).
    jmak_guess : float
        Initial guess of the secant (see :func:`jmak_time_slice`).
    max_iter : int
        Evaluations allowed to the secant.

    Examples
    --------
    >>> import numpy as np
    >>> ts = find_time_slice(np.linspace(0.0, 1.0, 1001), 0.1, jmak_guess=0.5)
    >>> round(ts.time_slice, 3), ts.secant_converged
    (0.9, True)
    """
    target = check_fraction(target, "liquid_fraction")
    t_q = time_slice_quantile(T, target)
    t_s, it, ok = time_slice_secant(T, target, jmak_guess, max_iter=max_iter)
    return TimeSlice(
        target_liquid_fraction=target,
        time_slice=t_q,
        time_slice_secant=t_s,
        liquid_fraction=liquid_fraction_at(T, t_q),
        liquid_fraction_secant=liquid_fraction_at(T, t_s),
        secant_iterations=it,
        secant_converged=ok,
        jmak_time_slice=float(jmak_guess),
        n_pixels=int(T.size),
    )
