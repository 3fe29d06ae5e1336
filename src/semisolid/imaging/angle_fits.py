"""Contact angles from a drop edge: local polynomial fits and Young-Laplace profile fits.

The solvers of the contact-angle measurement; they take a :class:`DropEdge` (the sub-pixel
edge in the baseline frame) and return angles with standard uncertainties.

**Local fit** (no physics). For each side, the edge points within the lowest part of the
branch (by default the first 20 % of its arc length, at least 15 px) are fitted with a conic
(an ellipse arc; least squares on the Sampson distance) or, optionally, a polynomial ``c(a)``
in the frame of the window's chord; the curve is extrapolated to the baseline, and the angle
between the substrate (pointing into the drop) and the curve's tangent there is the contact
angle. A conic follows the change of curvature near the contact line of a high-angle drop
that a quadratic cannot: on exact Young-Laplace outlines cut 2 px above the baseline its model
error stays below 0.1 degree up to 140 degrees (Bo <= 2) and below 0.7 degree at 160 degrees
(Bo <= 5), where a quadratic over the same window is off by 2 to 9 degrees.

**Young-Laplace** (physical). The axisymmetric profile of :mod:`young_laplace`, scaled by the
apex radius ``b`` and placed with its apex at ``(u0, v_apex)``, is fitted to the edge by
least squares on the signed normal distances (``scipy.optimize.least_squares``; analytic
derivatives in ``u0``, ``v_apex`` and ``b``, a finite difference in the Bond number). A joint
fit of both sides gives the Bond number; each side is then refitted on its own from that start
and gives that side's angle, ``phi`` of its profile at the baseline's depth.

**Uncertainty.** Parameter covariance ``s² (JᵀJ)⁻¹`` from the residuals, multiplied by the
integrated autocorrelation time of the residuals along the edge (neighbouring contour points
share the blur and the noise, so they are not independent), propagated to the angle by
finite differences; the baseline's height and tilt uncertainties are added in quadrature.

Examples
--------
>>> from semisolid.imaging.synthetic import render_sessile_drop
>>> from semisolid.imaging.drop_edge import find_drop_edge
>>> d = render_sessile_drop(75.0, 0.5, shape=(100, 140), half_width_px=45.0)
>>> edge = find_drop_edge(d.image / 255.0)
>>> round(local_fit_angles(edge).left_deg)
75
>>> round(young_laplace_angles(edge).right_deg)
75
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from semisolid.errors import InputError
from semisolid.imaging.drop_edge import DropEdge
from semisolid.imaging.results import AngleFit, YoungLaplaceFit
from semisolid.imaging.young_laplace import (
    BOND_MAX,
    surface_tension_N_m,
    young_laplace_profile,
)

__all__ = [
    "LOCAL_MODELS",
    "correlation_factor",
    "local_fit_angles",
    "young_laplace_angles",
]


def correlation_factor(residuals: np.ndarray, max_lag: int = 60) -> float:
    """Integrated autocorrelation time ``1 + 2 Σ ρ_k`` of residuals in edge order (>= 1).

    The sum stops at the first lag where the autocorrelation falls below 0.05.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> round(correlation_factor(rng.normal(size=4000)), 1)
    1.0
    >>> smooth = np.convolve(rng.normal(size=4000), np.ones(5) / 5, mode="same")
    >>> 4.0 < correlation_factor(smooth) < 6.0
    True
    """
    r = np.asarray(residuals, dtype=float)
    r = r - r.mean()
    var = float(r @ r)
    if r.size < 8 or var <= 0:
        return 1.0
    tau = 1.0
    for k in range(1, min(max_lag, r.size // 4)):
        rho = float(r[:-k] @ r[k:]) / var
        if rho < 0.05:
            break
        tau += 2.0 * rho
    return max(tau, 1.0)


def _arc_length(pts: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])


@dataclass
class _SideFit:
    angle_deg: float
    sigma_fit_deg: float
    contact_u: float
    rms_px: float
    n: int


def _window(uv: np.ndarray, side: str, turn_deg: float, min_window_px: float,
            max_fraction: float, n_min: int) -> tuple[np.ndarray, float]:
    """The lowest part of a branch over which its tangent turns by `turn_deg`; and the
    turning within it [deg]."""
    from scipy.signal import savgol_filter

    s = _arc_length(uv)
    n = len(uv)
    if n < n_min:
        raise InputError(f"the {side} edge has {n} points; at least {n_min} are needed",
                         "image")
    wl = min(11, n - (1 - n % 2))
    sm = savgol_filter(uv, wl, 2, axis=0) if wl >= 5 else uv
    t = np.gradient(sm, axis=0)
    ang = np.unwrap(np.arctan2(t[:, 1], t[:, 0]))
    over = np.abs(ang - ang[0]) > math.radians(turn_deg)
    end = int(np.argmax(over)) if over.any() else n
    end = max(end, int(np.searchsorted(s, min_window_px)) + 1, n_min)
    end = min(end, max(int(np.searchsorted(s, max_fraction * s[-1])), n_min), n)
    return uv[:end], float(np.degrees(np.abs(ang[end - 1] - ang[0])))


def _side_angle(tu: float, tv: float, side: str) -> float:
    if tv < 0:
        tu, tv = -tu, -tv
    return math.degrees(math.atan2(tv, tu if side == "left" else -tu))


def _baseline_shift(pts: np.ndarray, dv: float, dtilt: float) -> np.ndarray:
    """The points as seen from a baseline raised by `dv` and turned by `dtilt` [rad]."""
    if not dtilt:
        return pts - np.array([0.0, dv])
    c, s = math.cos(dtilt), math.sin(dtilt)
    u, v = pts[:, 0], pts[:, 1]
    return np.column_stack([u * c + v * s, -u * s + v * c - dv])


def _conic_terms(a: np.ndarray, c: np.ndarray, k: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``Q = A a² + B a c + C c² + D a + c + F`` and its gradient, ``k = (A, B, C, D, F)``."""
    q = k[0] * a * a + k[1] * a * c + k[2] * c * c + k[3] * a + c + k[4]
    qa = 2 * k[0] * a + k[1] * c + k[3]
    qc = k[1] * a + 2 * k[2] * c + 1.0
    return q, qa, qc


def _conic_fit(pts: np.ndarray, side: str) -> tuple[float, float, float, float]:
    """Conic through the window; (angle, contact u, fit sigma of the angle, rms px).

    The conic is written in the frame of the window's chord (``a`` along, ``c`` across) with
    the coefficient of ``c`` fixed at 1, which excludes the degenerate line pairs that fit a
    nearly straight edge; linear least squares gives the start, Levenberg-Marquardt on the
    Sampson distance the fit.
    """
    from scipy.optimize import least_squares

    p0 = pts.mean(axis=0)
    e = pts[-1] - pts[0]
    e = e / max(float(np.hypot(*e)), 1e-12)
    en = np.array([-e[1], e[0]])
    sc = float(np.abs(pts - p0).max()) or 1.0
    a = (pts - p0) @ e / sc
    c = (pts - p0) @ en / sc
    design = np.column_stack([a * a, a * c, c * c, a, np.ones_like(a)])
    k0, *_ = np.linalg.lstsq(design, -c, rcond=None)

    def sampson(k):
        q, qa, qc = _conic_terms(a, c, k)
        return q / np.sqrt(np.maximum(qa * qa + qc * qc, 1e-300))

    sol = least_squares(sampson, k0, method="lm", xtol=1e-15, ftol=1e-15)
    k = sol.x
    res = sol.fun * sc
    # the baseline v = 0 in chord coordinates: q + t d
    d = np.array([e[0], en[0]])
    g = np.array([p0[0], 0.0])
    q = np.array([(g - p0) @ e, (g - p0) @ en]) / sc
    start = np.array([a[0], c[0]])

    def angle(kk: np.ndarray) -> tuple[float, float]:
        # Q(q + t d) = alpha t² + beta t + gamma
        alpha = kk[0] * d[0] ** 2 + kk[1] * d[0] * d[1] + kk[2] * d[1] ** 2
        qq, qa, qc = _conic_terms(np.array([q[0]]), np.array([q[1]]), kk)
        beta = qa[0] * d[0] + qc[0] * d[1]
        roots = np.roots([alpha, beta, qq[0]])
        real = roots[np.abs(roots.imag) <= 1e-9 * max(1.0, float(np.abs(roots).max()))].real
        if real.size == 0:
            raise InputError(f"the {side} ellipse fit does not reach the baseline", "image")
        pts_t = q[None, :] + real[:, None] * d[None, :]
        t = real[np.argmin(np.hypot(*(pts_t - start).T))]
        x_a, x_c = q + t * d
        _, ga, gc = _conic_terms(np.array([x_a]), np.array([x_c]), kk)
        ta, tc = -gc[0], ga[0]
        th = _side_angle(ta * e[0] + tc * en[0], ta * e[1] + tc * en[1], side)
        return th, float(p0[0] + sc * (x_a * e[0] + x_c * en[0]))

    th, u_c = angle(k)
    dof = max(len(a) - 5, 1)
    cov = (float(res @ res) / dof) * correlation_factor(res) * np.linalg.pinv(
        (sol.jac * sc).T @ (sol.jac * sc))
    grad = np.zeros(5)
    for i in range(5):
        h = max(math.sqrt(max(cov[i, i], 0.0)) * 1e-2, 1e-9)
        kp = k.copy()
        kp[i] += h
        grad[i] = (angle(kp)[0] - th) / h
    sig = math.sqrt(max(float(grad @ cov @ grad), 0.0))
    return th, u_c, sig, float(np.sqrt(np.mean(res**2)))


def _ellipse_side(pts: np.ndarray, side: str) -> tuple[_SideFit, callable]:
    th, u_c, sig, rms = _conic_fit(pts, side)
    return (_SideFit(th, sig, u_c, rms, len(pts)),
            lambda dv=0.0, dt=0.0: _conic_fit(_baseline_shift(pts, dv, dt), side)[0])


def _poly_side(pts: np.ndarray, side: str, degree: int) -> tuple[_SideFit, callable]:
    """Polynomial ``c(a)`` in the frame of the window's chord, extrapolated to the baseline."""
    p0 = pts[0]
    e = pts[-1] - p0
    e = e / max(np.hypot(*e), 1e-12)
    en = np.array([-e[1], e[0]])
    a = (pts - p0) @ e
    c = (pts - p0) @ en
    design = np.vander(a, degree + 1)
    coef, *_ = np.linalg.lstsq(design, c, rcond=None)
    res = c - design @ coef
    dof = max(len(a) - degree - 1, 1)
    s2 = float(res @ res) / dof
    cov = s2 * correlation_factor(res) * np.linalg.pinv(design.T @ design)

    def angle(cf: np.ndarray, dv: float = 0.0, dtilt: float = 0.0) -> tuple[float, float]:
        q0 = _baseline_shift(p0[None, :], dv, dtilt)[0]
        eq = _baseline_shift(np.vstack([[0.0, 0.0], e]), 0.0, dtilt)
        enq = _baseline_shift(np.vstack([[0.0, 0.0], en]), 0.0, dtilt)
        ev, env = eq[1, 1] - eq[0, 1], enq[1, 1] - enq[0, 1]
        eu, enu = eq[1, 0] - eq[0, 0], enq[1, 0] - enq[0, 0]
        # v(a) = q0_v + a e_v + c(a) en_v = 0, the root nearest the window's start
        pv = np.polyadd(np.polymul(cf, [env]), [ev, q0[1]])
        roots = np.roots(pv)
        real = roots[np.abs(roots.imag) < 1e-9].real
        if real.size == 0:
            raise InputError(f"the {side} polynomial fit does not reach the baseline", "image")
        a_star = float(real[np.argmin(np.abs(real))])
        slope = float(np.polyval(np.polyder(cf), a_star))
        u_star = q0[0] + a_star * eu + float(np.polyval(cf, a_star)) * enu
        return _side_angle(eu + slope * enu, ev + slope * env, side), u_star

    th, u_c = angle(coef)
    grad = np.zeros(coef.size)
    for i in range(coef.size):
        h = math.sqrt(max(cov[i, i], 1e-30)) * 1e-3 + 1e-12
        cp = coef.copy()
        cp[i] += h
        grad[i] = (angle(cp)[0] - th) / h
    sig = math.sqrt(max(float(grad @ cov @ grad), 0.0))
    return (_SideFit(th, sig, u_c, math.sqrt(s2), len(pts)),
            lambda dv=0.0, dt=0.0: angle(coef, dv, dt)[0])


LOCAL_MODELS = ("ellipse", "polynomial")
"""The local-fit models: a conic (ellipse arc) or a polynomial in the chord frame."""

_DEFAULT_TURN_DEG = {"ellipse": 60.0, "polynomial": 20.0}
_CONIC_MIN_TURN_DEG = 25.0
"""A window whose edge turns less than this is fitted with a quadratic, not a conic."""


def local_fit_angles(edge: DropEdge, model: str = "ellipse",
                     window_turn_deg: float | None = None, min_window_px: float = 15.0,
                     max_fraction: float = 0.8, degree: int = 2) -> AngleFit:
    """Left and right contact angles by a local fit of each side's edge at the contact point.

    Parameters
    ----------
    edge : DropEdge
    model : {"ellipse", "polynomial"}
        ``"ellipse"``: a conic fitted by Sampson distance (follows the change of curvature
        near the contact line of high-angle drops; where the window turns by less than 25
        degrees, a flat drop, a quadratic, which a conic then adds nothing to);
        ``"polynomial"``: a polynomial of `degree` in the frame of the window's chord.
    window_turn_deg : float, optional
        The window runs from the cut upwards until the edge's tangent has turned by this
        much (default 60 degrees for the ellipse, 20 for the polynomial).
    min_window_px : float
        Shortest fitted arc [px].
    max_fraction : float
        Longest fitted arc, as a fraction of the branch (flat drops turn little).
    degree : int
        Polynomial degree (``model="polynomial"`` only).

    Returns
    -------
    AngleFit
        ``method`` is the model's name.

    Examples
    --------
    >>> from semisolid.imaging.synthetic import render_sessile_drop
    >>> from semisolid.imaging.drop_edge import find_drop_edge
    >>> d = render_sessile_drop(120.0, 1.0, shape=(100, 140), half_width_px=40.0)
    >>> fit = local_fit_angles(find_drop_edge(d.image / 255.0))
    >>> abs(fit.left_deg - 120.0) < 1.0, abs(fit.right_deg - 120.0) < 1.0
    (True, True)
    """
    if model not in LOCAL_MODELS:
        raise InputError(f"model={model!r}; expected one of {LOCAL_MODELS}", "model")
    if degree not in (1, 2, 3, 4):
        raise InputError(f"degree={degree}; expected 1 to 4", "degree")
    turn = _DEFAULT_TURN_DEG[model] if window_turn_deg is None else float(window_turn_deg)
    if not 5.0 <= turn <= 180.0:
        raise InputError(f"window_turn_deg={turn}; expected 5 to 180", "window_turn_deg")
    if not 0.05 <= max_fraction <= 1.0:
        raise InputError(f"max_fraction={max_fraction}; expected 0.05 to 1", "max_fraction")
    out = {}
    base = edge.baseline
    tilt_rad = math.radians(base.tilt_uncertainty_deg)
    n_min = 8 if model == "ellipse" else degree + 3
    quadratic_sides = []
    for side, uv in (("left", edge.left_uv), ("right", edge.right_uv)):
        pts, turned = _window(uv, side, turn, min_window_px, max_fraction, n_min)
        if model == "ellipse" and turned >= _CONIC_MIN_TURN_DEG:
            fit, angle_of = _ellipse_side(pts, side)
        elif model == "ellipse":  # a nearly straight edge leaves a conic undetermined
            quadratic_sides.append(side)
            fit, angle_of = _poly_side(pts, side, 2)
        else:
            fit, angle_of = _poly_side(pts, side, degree)
        d_base = abs(angle_of(dv=base.y0_uncertainty_px) - fit.angle_deg)
        d_tilt = abs(angle_of(dt=tilt_rad) - fit.angle_deg) if tilt_rad else 0.0
        sig = math.sqrt(fit.sigma_fit_deg**2 + d_base**2 + d_tilt**2)
        out[side] = (fit, sig)
    (fl, sl), (fr, sr) = out["left"], out["right"]
    n = fl.n + fr.n
    rms = math.sqrt((fl.rms_px**2 * fl.n + fr.rms_px**2 * fr.n) / n)
    what = "conic (ellipse arc)" if model == "ellipse" else f"degree-{degree} polynomial"
    if quadratic_sides:
        what += (f" (a quadratic on the {' and '.join(quadratic_sides)} side, whose edge turns "
                 f"by less than {_CONIC_MIN_TURN_DEG:g} deg)")
    xs, ys = base.to_xy(np.array([fl.contact_u, fr.contact_u]), np.zeros(2))
    return AngleFit(model, fl.angle_deg, fr.angle_deg, sl, sr, rms, n,
                    f"{what} through the lowest part of each side's edge (until its tangent "
                    f"turns by {turn:g} deg, at least {min_window_px:g} px of arc), "
                    "extrapolated to the baseline",
                    contact_points_xy_px=((float(xs[0]), float(ys[0])),
                                          (float(xs[1]), float(ys[1]))))


class _YLModel:
    """Residuals of the Young-Laplace profile against edge points, with a Jacobian."""

    def __init__(self, uv: np.ndarray):
        self.u = uv[:, 0]
        self.v = uv[:, 1]
        self._trees: dict[float, tuple] = {}

    def _tree(self, bo: float) -> tuple:
        if bo not in self._trees:
            from scipy.spatial import cKDTree

            p = young_laplace_profile(bo)
            pts = np.column_stack([p.x, p.z])
            if len(self._trees) > 8:
                self._trees.clear()
            self._trees[bo] = (cKDTree(pts), pts)
        return self._trees[bo]

    def distance(self, params: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                    np.ndarray]:
        """Signed distance [px], outward normal (x, z), projection point (x, z), sign of u."""
        u0, va, b, bo = params
        sgn = np.where(self.u >= u0, 1.0, -1.0)
        px = np.abs(self.u - u0) / b
        pz = (va - self.v) / b
        tree, pts = self._tree(float(bo))
        _, i = tree.query(np.column_stack([px, pz]))
        n = len(pts)
        best_d = np.full(px.shape, np.inf)
        best_c = np.zeros((px.size, 2))
        best_t = np.zeros((px.size, 2))
        for j0 in (np.maximum(i - 1, 0), np.minimum(i, n - 2)):
            a = pts[j0]
            seg = pts[j0 + 1] - a
            ln2 = np.einsum("ij,ij->i", seg, seg)
            t = np.clip(((px - a[:, 0]) * seg[:, 0] + (pz - a[:, 1]) * seg[:, 1])
                        / np.maximum(ln2, 1e-300), 0.0, 1.0)
            c = a + t[:, None] * seg
            d = np.hypot(px - c[:, 0], pz - c[:, 1])
            better = d < best_d
            best_d = np.where(better, d, best_d)
            best_c[better] = c[better]
            best_t[better] = seg[better] / np.sqrt(np.maximum(ln2[better], 1e-300))[:, None]
        normal = np.column_stack([best_t[:, 1], -best_t[:, 0]])
        signed = (px - best_c[:, 0]) * normal[:, 0] + (pz - best_c[:, 1]) * normal[:, 1]
        return signed * b, normal, best_c, sgn

    def residuals(self, params: np.ndarray) -> np.ndarray:
        return self.distance(params)[0]

    def jacobian(self, params: np.ndarray) -> np.ndarray:
        r0, normal, c, sgn = self.distance(params)
        jac = np.empty((r0.size, 4))
        jac[:, 0] = -sgn * normal[:, 0]
        jac[:, 1] = normal[:, 1]
        jac[:, 2] = -(c[:, 0] * normal[:, 0] + c[:, 1] * normal[:, 1])
        bo = float(params[3])
        h = max(1e-4 * bo, 1e-3)
        step = h if bo + h <= BOND_MAX else -h
        pp = np.array(params, dtype=float)
        pp[3] = bo + step
        jac[:, 3] = (self.residuals(pp) - r0) / step
        return jac


def _angle_at_baseline(params: np.ndarray) -> float:
    _, va, b, bo = params
    p = young_laplace_profile(float(np.clip(bo, 0.0, BOND_MAX)))
    return float(p.phi_at_depth_deg(va / b))


def _initial(uv: np.ndarray) -> np.ndarray:
    k = int(np.argmax(uv[:, 1]))
    va = float(uv[k, 1])
    top = uv[uv[:, 1] > va - 0.15 * va]
    if len(top) < 5:
        top = uv[np.argsort(uv[:, 1])[-5:]]
    # Kasa circle fit through the top of the drop: the apex radius of curvature
    x, y = top[:, 0], top[:, 1]
    design = np.column_stack([x, y, np.ones_like(x)])
    sol, *_ = np.linalg.lstsq(design, x * x + y * y, rcond=None)
    xc, yc = sol[0] / 2, sol[1] / 2
    r = math.sqrt(max(sol[2] + xc * xc + yc * yc, 1e-12))
    width = float(uv[:, 0].max() - uv[:, 0].min())
    b = min(max(r, 0.2 * width), 50.0 * width)
    return np.array([float(uv[k, 0]), va, b, 0.5])


def _fit(model: _YLModel, x0: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from scipy.optimize import least_squares

    lo = np.array([-np.inf, -np.inf, 1e-3 * x0[2], 0.0])
    hi = np.array([np.inf, np.inf, 1e3 * x0[2], BOND_MAX])
    x0 = np.clip(x0, lo + 1e-9, hi - 1e-9)
    sol = least_squares(model.residuals, x0, jac=model.jacobian, bounds=(lo, hi),
                        x_scale="jac", method="trf", max_nfev=200)
    return sol.x, sol.fun, sol.jac


def _covariance(res: np.ndarray, jac: np.ndarray) -> np.ndarray:
    dof = max(res.size - jac.shape[1], 1)
    s2 = float(res @ res) / dof
    return s2 * correlation_factor(res) * np.linalg.pinv(jac.T @ jac)


def _angle_sigma(params: np.ndarray, cov: np.ndarray) -> tuple[float, float]:
    """Standard deviation of the angle from the covariance; and dθ/dv_apex [deg/px]."""
    th = _angle_at_baseline(params)
    grad = np.zeros(4)
    for i in range(4):
        h = max(math.sqrt(max(cov[i, i], 0.0)) * 0.1, 1e-6 * max(abs(params[i]), 1.0))
        pp = params.copy()
        if i == 3 and pp[3] + h > BOND_MAX:
            h = -h
        pp[i] += h
        grad[i] = (_angle_at_baseline(pp) - th) / h
    return math.sqrt(max(float(grad @ cov @ grad), 0.0)), float(grad[1])


def young_laplace_angles(
    edge: DropEdge,
    pixel_size_m: float | None = None,
    density_difference_kg_m3: float | None = None,
    pixel_size_uncertainty_m: float = 0.0,
) -> YoungLaplaceFit:
    """Contact angles, Bond number and (with a scale and Δρ) surface tension by profile fits.

    Parameters
    ----------
    edge : DropEdge
    pixel_size_m : float, optional
        Image scale [m/px]; with `density_difference_kg_m3`, gives the surface tension.
    density_difference_kg_m3 : float, optional
        Drop density minus the surrounding gas's.
    pixel_size_uncertainty_m : float
        Standard uncertainty of the scale.

    Examples
    --------
    >>> from semisolid.imaging.synthetic import render_sessile_drop
    >>> from semisolid.imaging.drop_edge import find_drop_edge
    >>> d = render_sessile_drop(140.0, 2.0, shape=(100, 140), half_width_px=40.0)
    >>> fit = young_laplace_angles(find_drop_edge(d.image / 255.0))
    >>> abs(fit.left_deg - 140.0) < 1.0, abs(fit.bond_number - 2.0) < 0.2
    (True, True)
    """
    base = edge.baseline
    both = np.vstack([edge.left_uv, edge.right_uv[::-1]])
    model = _YLModel(both)
    x0 = _initial(both)
    best = None
    for bo0 in (0.5, 5.0):
        x0[3] = bo0
        p, res, jac = _fit(model, x0)
        cost = float(res @ res)
        if best is None or cost < best[0]:
            best = (cost, p, res, jac)
        if math.sqrt(cost / res.size) < 0.5:
            break
    _, p, res, jac = best
    cov = _covariance(res, jac)
    notes = []
    sides = {}
    for side, uv in (("left", edge.left_uv), ("right", edge.right_uv)):
        m = _YLModel(uv)
        ps, rs, js = _fit(m, p.copy())
        cs = _covariance(rs, js)
        th = _angle_at_baseline(ps)
        sig, dth_dva = _angle_sigma(ps, cs)
        sig = math.sqrt(sig**2 + (dth_dva * base.y0_uncertainty_px) ** 2
                        + base.tilt_uncertainty_deg**2)
        sides[side] = (th, sig, rs)
    u0, va, b, bo = (float(v) for v in p)
    prof = young_laplace_profile(bo)
    depth = va / b
    if depth >= prof.max_depth:
        notes.append("the fitted profile does not reach the baseline: the angle is at the "
                     "179.5 deg limit")
    sd_bo = math.sqrt(max(cov[3, 3], 0.0))
    sd_b = math.sqrt(max(cov[2, 2], 0.0))
    gamma = gamma_sd = None
    if pixel_size_m is not None and density_difference_kg_m3 is not None:
        if bo > 2.0 * sd_bo and bo > 0:
            gamma = surface_tension_N_m(b * pixel_size_m, bo, density_difference_kg_m3)
            rel2 = ((2 * sd_b / b) ** 2 + (sd_bo / bo) ** 2
                    - 4.0 * cov[2, 3] / (b * bo)
                    + (2 * pixel_size_uncertainty_m / pixel_size_m) ** 2)
            gamma_sd = gamma * math.sqrt(max(rel2, 0.0))
        else:
            notes.append(f"no surface tension: the Bond number {bo:.3g} ± {sd_bo:.2g} is not "
                         "resolved (the drop is too small to sag measurably)")
    # fitted outline in the image, apex to baseline, both sides
    keep = prof.z <= min(depth, prof.max_depth)
    xs, zs = prof.x[keep] * b, prof.z[keep] * b
    uu = np.concatenate([u0 - xs[::-1], u0 + xs])
    vv = np.concatenate([va - zs[::-1], va - zs])
    x_img, y_img = base.to_xy(uu, vv)
    profile_xy = np.column_stack([x_img, y_img])
    from scipy.integrate import trapezoid

    vol = float(math.pi * trapezoid(xs * xs, zs)) if xs.size > 1 else 0.0
    apex_x, apex_y = base.to_xy(np.array([u0]), np.array([va]))
    all_res = np.concatenate([sides["left"][2], sides["right"][2]])
    ends = profile_xy[[0, -1]] if profile_xy.shape[0] else np.zeros((2, 2))
    return YoungLaplaceFit(
        "young_laplace", sides["left"][0], sides["right"][0], sides["left"][1],
        sides["right"][1], float(np.sqrt(np.mean(all_res**2))), int(all_res.size),
        "axisymmetric Young-Laplace profile: joint fit of both sides for the Bond number, "
        "each side refitted for its angle",
        contact_points_xy_px=((float(ends[0, 0]), float(ends[0, 1])),
                              (float(ends[1, 0]), float(ends[1, 1]))),
        notes=notes,
        bond_number=bo, bond_number_uncertainty=sd_bo, apex_radius_px=b,
        apex_radius_uncertainty_px=sd_b,
        apex_xy_px=(float(apex_x[0]), float(apex_y[0])),
        contact_radius_px=float(prof.x_at_depth(depth) * b), height_px=va,
        volume_px3=vol, surface_tension_N_m=gamma, surface_tension_uncertainty_N_m=gamma_sd,
        profile_xy_px=profile_xy, reaches_baseline=depth < prof.max_depth,
    )
