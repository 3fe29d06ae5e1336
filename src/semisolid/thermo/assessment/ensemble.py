"""The uncertainty ensemble of the assessment and fast binary equilibria over all its members.

The ensemble (``LiNaK_ensemble.json``) is a sample of the fitted coefficients from their
posterior (Markov chain Monte Carlo on the fit's likelihood and priors, see
:func:`semisolid.thermo.assessment.fit.sample_ensemble`).
Every member is a complete parameter set; together with the shipped coefficients (the
*best* set, row 0) they give a distribution for any computed number, from which a 95 %
interval follows.

:meth:`Ensemble.binary_phase_fractions` solves a binary (Li-Na, Li-K or K-Na with LIQUID,
BCC_A2 and Na2K) at one temperature for all members at once: the lower convex hull of the
Gibbs energy curves on a composition grid (qhull) locates the stable phases, and Newton's
method refines every tie line to 1e-10 in composition. The best set reproduces pycalphad on
the shipped TDB (a test checks it).

Examples
--------
>>> ens = Ensemble.from_package()
>>> f = ens.liquid_fraction(("K", "Na"), [0.05, 0.10], 295.15)
>>> f.shape == (ens.size + 1, 2)
True
>>> bool(0.0 < f[0, 0] < f[0, 1] < 1.0)
True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from semisolid.errors import InputError
from semisolid.thermo.assessment.parameters import (
    PARAM_SPECS,
    R,
    load_parameter_file,
    load_parameters,
)
from semisolid.thermo.assessment.unaries import ELEMENTS, Unaries

__all__ = ["ENSEMBLE_FILE", "BinaryFractions", "Ensemble", "ensemble_for_database",
           "load_ensemble"]

ENSEMBLE_FILE = "LiNaK_ensemble.json"
"""Name of the package data file with the ensemble."""

_NA2K_X_NA = 2.0 / 3.0
_GRID = np.unique(np.concatenate([
    np.geomspace(1e-9, 1e-3, 25), np.linspace(1e-3, 1 - 1e-3, 1001),
    1 - np.geomspace(1e-9, 1e-3, 25)]))
"""Composition grid of the convex hull that locates the stable phases (fine)."""
_GRID_CHECK = np.unique(np.concatenate([
    np.geomspace(1e-9, 1e-3, 13), np.linspace(1e-3, 1 - 1e-3, 334),
    1 - np.geomspace(1e-9, 1e-3, 13)]))
"""Coarser grid on which every member's result is checked to be the global minimum."""


def ensemble_path() -> Path:
    """Path of the shipped ensemble file.

    Examples
    --------
    >>> ensemble_path().name
    'LiNaK_ensemble.json'
    """
    return Path(str(files("semisolid.thermo") / "data" / ENSEMBLE_FILE))


def _canonical(element: str) -> str:
    el = str(element).strip().upper()
    if el not in ELEMENTS:
        raise InputError(f"{element!r} is not an element of the assessment (Li, Na, K)",
                         "elements")
    return el


@dataclass(frozen=True)
class BinaryFractions:
    """Stable phases of a binary at one temperature, for every member and query composition.

    Attributes
    ----------
    elements : tuple of str
        ``(A, B)``; compositions are ``x_B``.
    temperature_K : float
    x : ndarray, shape (n,)
        Query compositions.
    phase_a, phase_b : ndarray of str, shape (M + 1, n)
        The phases at the two ends of the tie line through each query (equal in a
        single-phase field); row 0 is the best set.
    x_a, x_b : ndarray, shape (M + 1, n)
        Their compositions (``x_a == x_b == x`` in a single-phase field).
    fraction_b : ndarray, shape (M + 1, n)
        Mole fraction (of atoms) of ``phase_b`` (lever rule).
    """

    elements: tuple[str, str]
    temperature_K: float
    x: np.ndarray
    phase_a: np.ndarray
    phase_b: np.ndarray
    x_a: np.ndarray
    x_b: np.ndarray
    fraction_b: np.ndarray

    def fraction_of(self, phase: str) -> np.ndarray:
        """Mole fraction of `phase` (summed over both ends), shape (M + 1, n)."""
        fa = np.where(self.phase_a == phase, 1.0 - self.fraction_b, 0.0)
        fb = np.where(self.phase_b == phase, self.fraction_b, 0.0)
        same = (self.phase_a == phase) & (self.phase_b == phase)
        return np.where(same, 1.0, fa + fb)


class Ensemble:
    """The best coefficient set and the ensemble members, with vectorised binary equilibria.

    Parameters
    ----------
    best : dict
        ``{name: (a, b)}``, the shipped coefficients.
    names : list of str
        Free coefficients varied by the ensemble (``"L0_BCC_A2_K_NA.b"``).
    values : ndarray, shape (M, len(names))
    unaries : Unaries
    meta : dict, optional
        The file's description (method, seed, ...).
    """

    def __init__(self, best: dict[str, tuple[float, float]], names: Sequence[str],
                 values: np.ndarray, unaries: Unaries, meta: dict | None = None) -> None:
        self.best = dict(best)
        self.names = list(names)
        self.values = np.asarray(values, dtype=float)
        if self.values.ndim != 2 or self.values.shape[1] != len(self.names):
            raise ValueError(f"ensemble values of shape {self.values.shape} do not match "
                             f"{len(self.names)} coefficient names")
        self.unaries = unaries
        self.meta = dict(meta or {})
        # (M + 1, 2) arrays of (a, b) per coefficient; row 0 = best
        self._ab: dict[str, np.ndarray] = {}
        for spec in PARAM_SPECS:
            ab = np.tile(np.array(self.best[spec.name], dtype=float), (self.size + 1, 1))
            for col, key in enumerate(self.names):
                name, coef = key.split(".")
                if name == spec.name:
                    ab[1:, 0 if coef == "a" else 1] = self.values[:, col]
            self._ab[spec.name] = ab

    def __repr__(self) -> str:
        return (f"Ensemble({self.size} members, {len(self.names)} free coefficients, "
                f"method={self.meta.get('method', '?')!r})")

    @property
    def size(self) -> int:
        """Number of members (the best set not counted)."""
        return int(self.values.shape[0])

    @classmethod
    def from_package(cls) -> Ensemble:
        """The shipped ensemble (cached)."""
        return load_ensemble()

    def member_parameters(self, i: int) -> dict[str, tuple[float, float]]:
        """Coefficients of member `i` (0 = the best set, 1..M the members).

        Examples
        --------
        >>> ens = Ensemble.from_package()
        >>> ens.member_parameters(0) == ens.best
        True
        """
        return {name: (float(ab[i, 0]), float(ab[i, 1])) for name, ab in self._ab.items()}

    # ------------------------------------------------------------------ binary model
    def _excess_poly(self, phase: str, pair: tuple[str, str], T: float) -> np.ndarray:
        """Coefficients (lowest order first) of the excess G(x_B), shape (M + 1, deg + 1)."""
        deg = 2 + max(s.order for s in PARAM_SPECS)
        out = np.zeros((self.size + 1, deg + 1))
        xb = np.polynomial.Polynomial([0.0, 1.0])
        xa = 1 - xb
        for spec in PARAM_SPECS:
            if spec.phase != phase or set(spec.elements) != set(pair):
                continue
            d = (xa - xb) if spec.elements[0] == pair[0] else (xb - xa)
            basis = (xa * xb * d**spec.order).coef
            L = self._ab[spec.name][:, 0] + self._ab[spec.name][:, 1] * T
            out[:, : basis.size] += L[:, None] * basis[None, :]
        return out

    def _binary_model(self, pair: tuple[str, str], T: float):
        """Per-phase G along A-B (BCC reference) and the Na2K point, for all members."""
        ia, ib = ELEMENTS.index(pair[0]), ELEMENTS.index(pair[1])
        phases = {}
        for phase in ("LIQUID", "BCC_A2"):
            u = self.unaries(phase, T) - self.unaries("BCC_A2", T)
            phases[phase] = _BinaryG(u[ia], u[ib], self._excess_poly(phase, pair, T), R * T)
        point = None
        if set(pair) == {"K", "NA"}:
            ab = self._ab["G_NA2K"]
            x_na = _NA2K_X_NA if pair[1] == "NA" else 1 - _NA2K_X_NA
            point = (x_na, (ab[:, 0] + ab[:, 1] * T) / 3.0)  # per mole of atoms
        return phases, point

    def binary_phase_fractions(self, elements: Sequence[str], x_b, temperature_K: float
                               ) -> BinaryFractions:
        """Stable phases and their fractions at compositions `x_b` for all members.

        Parameters
        ----------
        elements : sequence of two str
            ``(A, B)``, e.g. ``("K", "Na")``; `x_b` is the mole fraction of B.
        x_b : array_like
            Compositions in [0, 1].
        temperature_K : float
            Within 200-2000 K (the unaries start at 200 K).

        Returns
        -------
        BinaryFractions

        Examples
        --------
        >>> ens = Ensemble.from_package()
        >>> r = ens.binary_phase_fractions(("K", "Na"), [0.05], 295.15)
        >>> str(r.phase_a[0, 0]), str(r.phase_b[0, 0])
        ('BCC_A2', 'LIQUID')
        """
        if len(elements) != 2:
            raise InputError(f"{list(elements)} is not a binary", "elements")
        pair = (_canonical(elements[0]), _canonical(elements[1]))
        if pair[0] == pair[1]:
            raise InputError(f"{list(elements)} names the same element twice", "elements")
        T = float(temperature_K)
        if not 200.0 <= T <= 2000.0:
            raise InputError(f"{T} K is outside 200-2000 K", "temperature_K")
        xq = np.atleast_1d(np.asarray(x_b, dtype=float))
        if xq.ndim != 1 or np.any(~np.isfinite(xq)) or np.any((xq < 0) | (xq > 1)):
            raise InputError("compositions must be finite and within [0, 1]", "x_b")
        phases, point = self._binary_model(pair, T)
        n_m = self.size + 1
        rows = np.arange(n_m)
        g_check = {ph: model.g(rows[:, None], _GRID_CHECK[None, :])
                   for ph, model in phases.items()}

        def hull(m):
            g = {ph: model.g(np.array([[m]]), _GRID[None, :])[0] for ph, model in phases.items()}
            return _hull_regions(_GRID, g, point, m, T)

        shape = (n_m, xq.size)
        res = {"pa": np.empty(shape, dtype=object), "pb": np.empty(shape, dtype=object),
               "xa": np.empty(shape), "xb": np.empty(shape), "fb": np.zeros(shape)}
        hulls: dict[int, list[tuple]] = {0: hull(0)}
        tol = 1e-6 * R * T
        for j, x in enumerate(xq):
            # every member starts from the best set's phase field and tie line; a member
            # whose refined result is not the global minimum gets its own convex hull
            reg0 = _find(hulls[0], x)
            _assign(res, j, x, [reg0] * n_m, rows, phases, point)
            ok = _globally_stable(res, j, phases, point, g_check, rows, tol)
            for m in rows[~ok]:
                if m not in hulls:
                    hulls[m] = hull(m)
                _assign(res, j, x, [_find(hulls[m], x)], np.array([m]), phases, point)
        return BinaryFractions(pair, T, xq, res["pa"].astype(str), res["pb"].astype(str),
                               res["xa"], res["xb"], res["fb"])

    def liquid_fraction(self, elements: Sequence[str], x_b, temperature_K: float) -> np.ndarray:
        """Liquid mole fraction at compositions `x_b`, shape ``(M + 1, n)`` (row 0 = best).

        Examples
        --------
        >>> f = Ensemble.from_package().liquid_fraction(("K", "Na"), [0.0, 0.5], 295.15)
        >>> f[0].round(6).tolist()
        [0.0, 1.0]
        """
        return self.binary_phase_fractions(elements, x_b, temperature_K).fraction_of("LIQUID")


class _BinaryG:
    """G(x), G'(x), G''(x) of one solution phase along a binary, per member (row)."""

    def __init__(self, ga: float, gb: float, c0: np.ndarray, RT: float) -> None:
        self.ga, self.gb, self.RT = float(ga), float(gb), float(RT)
        self.c0 = c0
        k = np.arange(c0.shape[1], dtype=float)
        self.c1 = c0[:, 1:] * k[1:]
        self.c2 = self.c1[:, 1:] * k[1:-1]

    @staticmethod
    def _poly(c: np.ndarray, rows, x) -> np.ndarray:
        cr = c[rows]
        y = np.zeros(np.broadcast(rows, x).shape)
        for k in range(c.shape[1] - 1, -1, -1):
            y = y * x + cr[..., k]
        return y

    def g(self, rows, x) -> np.ndarray:
        x = np.clip(x, 1e-300, 1 - 1e-16)
        ideal = self.RT * (x * np.log(x) + (1 - x) * np.log1p(-x))
        return (1 - x) * self.ga + x * self.gb + ideal + self._poly(self.c0, rows, x)

    def g1(self, rows, x) -> np.ndarray:
        x = np.clip(x, 1e-300, 1 - 1e-16)
        return (self.gb - self.ga + self.RT * (np.log(x) - np.log1p(-x))
                + self._poly(self.c1, rows, x))

    def g2(self, rows, x) -> np.ndarray:
        x = np.clip(x, 1e-300, 1 - 1e-16)
        return self.RT / (x * (1 - x)) + self._poly(self.c2, rows, x)

    def all(self, rows, x):
        return self.g(rows, x), self.g1(rows, x), self.g2(rows, x)


# One region of the stable-phase sequence of a member: ("one", phase, x_lo, x_hi) or
# ("two", phase_left, x_left, phase_right, x_right)
def _lower_hull(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Indices of the lower convex hull of the points, in order of x (Andrew's monotone
    chain; of points with equal x only the lowest can be on it)."""
    order = np.lexsort((y, x))
    xs, ys = x[order].tolist(), y[order].tolist()
    hull: list[int] = []
    for k in range(len(xs)):
        while len(hull) >= 2:
            i, j = hull[-2], hull[-1]
            if (xs[j] - xs[i]) * (ys[k] - ys[i]) - (ys[j] - ys[i]) * (xs[k] - xs[i]) <= 0:
                hull.pop()
            else:
                break
        hull.append(k)
    return order[np.array(hull, dtype=int)]


def _hull_regions(grid, g_grid, point, m: int, T: float) -> list[tuple]:
    """The stable-phase sequence of member `m` from the lower convex hull on `grid`
    (``g_grid``: G of each phase on the grid for this member)."""
    n = grid.size
    x = np.concatenate([grid, grid] + ([np.array([point[0]])] if point else []))
    y = np.concatenate([g_grid["LIQUID"], g_grid["BCC_A2"]]
                       + ([np.array([point[1][m]])] if point else [])) / (R * T)
    label = np.array(["LIQUID"] * n + ["BCC_A2"] * n + (["NA2K"] if point else []))
    v = _lower_hull(x, y)
    keep = np.ones(v.size, dtype=bool)
    keep[1:] = x[v[1:]] != x[v[:-1]]  # for equal x keep the lowest (first after lexsort)
    v = v[keep]
    xv, lv = x[v], label[v]
    k = np.clip(np.searchsorted(grid, xv[:-1]), 0, n - 2)
    local = np.diff(grid)[k]
    contiguous = (lv[:-1] == lv[1:]) & (lv[:-1] != "NA2K") & (np.diff(xv) <= 1.5 * local)
    regions: list[tuple] = []
    start = 0
    for i in range(v.size - 1):
        if contiguous[i]:
            continue
        if i > start:
            regions.append(("one", str(lv[start]), float(xv[start]), float(xv[i])))
        regions.append(("two", str(lv[i]), float(xv[i]), str(lv[i + 1]), float(xv[i + 1])))
        start = i + 1
    if start < v.size - 1 or not regions:
        regions.append(("one", str(lv[start]), float(xv[start]), float(xv[-1])))
    if regions[0][2] > 0:
        regions.insert(0, ("one", regions[0][1], 0.0, regions[0][2]))
    last = regions[-1]
    if (last[3] if last[0] == "one" else last[4]) < 1:
        regions.append(("one", last[1] if last[0] == "one" else last[3],
                        last[3] if last[0] == "one" else last[4], 1.0))
    return regions


def _assign(res: dict, j: int, x: float, regs: list[tuple], rows: np.ndarray, phases,
            point) -> None:
    """Refine the tie line of region ``regs[i]`` for member ``rows[i]`` and store the result
    in column `j`. A query that the refined tie line leaves outside is put in the
    neighbouring single-phase field (the caller checks global stability)."""
    groups: dict[tuple, list[int]] = {}
    for i, reg in enumerate(regs):
        key = (reg[0], reg[1]) if reg[0] == "one" else (reg[0], reg[1], reg[3])
        groups.setdefault(key, []).append(i)
    for key, pos in groups.items():
        idx = rows[np.array(pos)]
        if key[0] == "one":
            res["pa"][idx, j] = res["pb"][idx, j] = key[1]
            res["xa"][idx, j] = res["xb"][idx, j] = x
            res["fb"][idx, j] = 0.0
            continue
        _, pa, pb = key
        xa0 = np.array([regs[i][2] for i in pos])
        xb0 = np.array([regs[i][4] for i in pos])
        xa, xb = _newton(pa, xa0, pb, xb0, phases, point, idx)
        inside = (xa <= x) & (x <= xb) & (xb - xa > 1e-9)
        single = np.where(x < xa, pa, pb)
        res["pa"][idx, j] = np.where(inside, pa, single)
        res["pb"][idx, j] = np.where(inside, pb, single)
        res["xa"][idx, j] = np.where(inside, xa, x)
        res["xb"][idx, j] = np.where(inside, xb, x)
        with np.errstate(invalid="ignore", divide="ignore"):
            fb = np.clip((x - xa) / (xb - xa), 0.0, 1.0)
        res["fb"][idx, j] = np.where(inside, fb, 0.0)


def _gibbs_at(phase: str, x: np.ndarray, phases, point, rows: np.ndarray) -> np.ndarray:
    if phase == "NA2K":
        return point[1][rows]
    return phases[phase].g(rows, x)


def _globally_stable(res: dict, j: int, phases, point, g_grid, rows: np.ndarray,
                     tol: float) -> np.ndarray:
    """True where no phase lies below the common tangent of the stored result (so it is the
    global minimum of G, not a metastable tie line)."""
    pa = res["pa"][rows, j].astype(str)
    pb = res["pb"][rows, j].astype(str)
    xa = res["xa"][rows, j].astype(float)
    xb = res["xb"][rows, j].astype(float)
    ga = np.empty(rows.size)
    gb = np.empty(rows.size)
    slope = np.empty(rows.size)
    for name in set(pa) | set(pb):
        sa = pa == name
        if np.any(sa):
            ga[sa] = _gibbs_at(name, xa[sa], phases, point, rows[sa])
        sb = pb == name
        if np.any(sb):
            gb[sb] = _gibbs_at(name, xb[sb], phases, point, rows[sb])
    two = xb - xa > 1e-12
    with np.errstate(invalid="ignore", divide="ignore"):
        slope[two] = (gb[two] - ga[two]) / (xb[two] - xa[two])
    for name in set(pa[~two]):
        s1 = (~two) & (pa == name)
        slope[s1] = phases[name].g1(rows[s1], np.clip(xa[s1], 1e-15, 1 - 1e-15))
    ok = np.isfinite(slope)
    for grid_g in g_grid.values():
        line = ga[:, None] + slope[:, None] * (_GRID_CHECK[None, :] - xa[:, None])
        ok &= np.min(grid_g[rows] - line, axis=1) >= -tol
    if point is not None:
        line = ga + slope * (point[0] - xa)
        ok &= point[1][rows] - line >= -tol
    return ok


def _find(regions: list[tuple], x: float) -> tuple:
    for reg in regions:
        lo, hi = (reg[2], reg[3]) if reg[0] == "one" else (reg[2], reg[4])
        if lo <= x <= hi:
            return reg
    return regions[-1] if x > 0.5 else regions[0]


def _newton(pa, xa, pb, xb, phases, point, rows, tol=1e-12, it=60):
    """Refine tie lines between (pa, xa) and (pb, xb) for members `rows` (vectorised);
    either phase may be the Na2K point."""
    xa = np.array(xa, dtype=float)
    xb = np.array(xb, dtype=float)
    if "NA2K" in (pa, pb):
        on_left = pa == "NA2K"
        model = phases[pb if on_left else pa]
        xs = xb.copy() if on_left else xa.copy()
        xp, gp = point[0], point[1][rows]
        for _ in range(it):
            g, g1, g2 = model.all(rows, xs)
            f = g + g1 * (xp - xs) - gp
            df = g2 * (xp - xs)
            step = np.where(df != 0, f / np.where(df != 0, df, 1.0), 0.0)
            new = xs - step
            while np.any((new <= 0) | (new >= 1)):
                bad = (new <= 0) | (new >= 1)
                step = np.where(bad, step / 2, step)
                new = xs - step
            xs = new
            if np.max(np.abs(step)) < tol:
                break
        return (np.full_like(xs, xp), xs) if on_left else (xs, np.full_like(xs, xp))
    ma, mb = phases[pa], phases[pb]
    for _ in range(it):
        ga, g1a, g2a = ma.all(rows, xa)
        gb, g1b, g2b = mb.all(rows, xb)
        f1 = g1a - g1b
        f2 = (ga - xa * g1a) - (gb - xb * g1b)
        det = g2a * g2b * (xb - xa)
        ok = np.isfinite(det) & (det != 0)
        det = np.where(ok, det, 1.0)
        dxa = np.where(ok, (xb * g2b * f1 + g2b * f2) / det, 0.0)
        dxb = np.where(ok, (xa * g2a * f1 + g2a * f2) / det, 0.0)
        for _ in range(60):
            na, nb = xa - dxa, xb - dxb
            bad = ~((na > 0) & (na < 1) & (nb > 0) & (nb < 1))
            if not np.any(bad):
                break
            dxa, dxb = np.where(bad, dxa / 2, dxa), np.where(bad, dxb / 2, dxb)
        xa, xb = xa - dxa, xb - dxb
        if max(np.max(np.abs(dxa)), np.max(np.abs(dxb))) < tol:
            break
    return xa, xb


@cache
def _load(path: str, parameter_path: str | None) -> Ensemble:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    pfile = load_parameter_file(parameter_path)
    best = load_parameters(parameter_path)
    meta = {k: v for k, v in doc.items() if k not in ("names", "values")}
    return Ensemble(best, doc["names"], np.array(doc["values"], dtype=float),
                    Unaries(pfile["unaries"]), meta)


def load_ensemble(path: str | Path | None = None,
                  parameter_path: str | Path | None = None) -> Ensemble:
    """Read an ensemble file (default: the shipped one) with its parameter file (cached).

    Examples
    --------
    >>> ens = load_ensemble()
    >>> ens.size >= 100
    True
    """
    return _load(str(path or ensemble_path()),
                 None if parameter_path is None else str(parameter_path))


def ensemble_for_database(tdb_path: str | Path | None = None) -> Ensemble | None:
    """The ensemble that belongs to a TDB: the shipped one for the shipped ``LiNaK.tdb`` (or
    ``None``, meaning the default database), ``None`` for any other database (it has no
    ensemble, so its design numbers have no interval).

    Examples
    --------
    >>> ensemble_for_database() is load_ensemble()
    True
    >>> import tempfile
    >>> other = Path(tempfile.mkdtemp()) / "other.tdb"
    >>> _ = other.write_text("$ another database")
    >>> ensemble_for_database(other) is None
    True
    """
    if tdb_path is None:
        return load_ensemble()
    shipped = Path(str(files("semisolid.thermo") / "data" / "LiNaK.tdb"))
    p = Path(tdb_path)
    try:
        same = p.resolve() == shipped.resolve() or p.read_bytes() == shipped.read_bytes()
    except OSError:
        return None
    return load_ensemble() if same else None
