"""The database matrix checked against pycalphad, and pycalphad's answers on it.

Each entry is a binary or ternary system of a TDB file (the shipped Li-Na-K database, or
one of pycalphad's test databases copied to tests/data/tdb), a temperature range, and a
seed. Its states are random: blocks of random temperatures, each with random compositions
(binaries: 10 temperatures x 30 compositions = 300 states; ternaries: 6 temperatures x a
13 x 13 grid of random x_B, x_C, keeping x_B + x_C < 1: about 500 states).

pycalphad 0.11.2's ``equilibrium`` on every state (all phases of the database that the
components can form, 101,325 Pa) is stored, one gzipped JSON file per entry, in
tests/data/thermo_oracle/. Regenerate them (about 15 minutes) with::

    .venv/bin/python tests/thermo/oracle.py            # every entry
    .venv/bin/python tests/thermo/oracle.py cumg_CuMg  # one entry

pycalphad's answer at a few states depends on the order of its sets, i.e. on Python's hash
seed; the script always runs with ``PYTHONHASHSEED=0`` (it restarts itself so), which makes
its answers reproducible. ``oracle.py live KEY ...`` prints pycalphad's molar Gibbs energies
at the first temperature of each entry (the slow tests compare them with the stored ones);
``oracle.py report`` prints the matrix table of docs/thermo.md.

The tests compare the engine with these files and, on a subset, with pycalphad run live.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data"
TDB_DIR = DATA / "tdb"
ORACLE_DIR = DATA / "thermo_oracle"
MERGE_TOL = 1e-4


def Entry(key, tdb, components, t_range, seed=1, features=""):
    """One system of the matrix (a namespace: key, tdb, components, t_range, seed, features,
    path)."""
    return SimpleNamespace(key=key, tdb=tdb, components=tuple(components),
                           t_range=tuple(t_range), seed=seed, features=features,
                           path=None if tdb == "LiNaK" else str(TDB_DIR / tdb))


MATRIX = [
    Entry("linak_KNa", "LiNaK", ("K", "Na"), (200.0, 400.0), 11, "compound, eutectic"),
    Entry("linak_LiNa", "LiNaK", ("Li", "Na"), (300.0, 700.0), 12, "liquid miscibility gap"),
    Entry("linak_KLi", "LiNaK", ("K", "Li"), (300.0, 1200.0), 13, "liquid miscibility gap"),
    Entry("linak_KLiNa", "LiNaK", ("K", "Li", "Na"), (300.0, 1200.0), 14, "ternary, gaps"),
    Entry("cuo_CuO", "cuo.tdb", ("Cu", "O"), (500.0, 2000.0), 21,
          "ionic liquid, gas: pycalphad answers"),
    Entry("crfe_CrFe", "crfe_bcc_magnetic.tdb", ("Cr", "Fe"), (300.0, 2000.0), 22,
          "magnetic (IHJ), site-fraction conditions"),
    Entry("cumg_CuMg", "cumg.tdb", ("Cu", "Mg"), (300.0, 1500.0), 23,
          "Laves CU2MG: mixing on two sublattices, magnetic FCC"),
    Entry("almg_AlMg", "Al-Mg_Zhong.tdb", ("Al", "Mg"), (300.0, 1000.0), 24,
          "gamma: three sublattices, compounds"),
    Entry("ausn_AuSn", "AuSn-13Don.tdb", ("Au", "Sn"), (300.0, 1300.0), 25,
          "vacancies on a sublattice, many compounds"),
    Entry("cost507_LiMg", "COST507.tdb", ("Li", "Mg"), (300.0, 1000.0), 26,
          "ordered BCC_B2 (partitioned), gas species"),
    Entry("cost507_AlLi", "COST507.tdb", ("Al", "Li"), (300.0, 1200.0), 27,
          "B2 AlLi, undefined RTLNP in the gas"),
    Entry("cost507_AlMg", "COST507.tdb", ("Al", "Mg"), (300.0, 1200.0), 28,
          "gamma, beta, Laves"),
    Entry("cost507_AlLiMg", "COST507.tdb", ("Al", "Li", "Mg"), (300.0, 1100.0), 29,
          "ternary, 30 phases"),
    Entry("pbsn_PbSn", "pbsn.tdb", ("Pb", "Sn"), (300.0, 700.0), 30, "eutectic"),
    Entry("alzn_AlZn", "alzn_mey.tdb", ("Al", "Zn"), (300.0, 1000.0), 31,
          "fcc miscibility gap"),
    Entry("alfe_AlFe", "alfe.tdb", ("Al", "Fe"), (300.0, 2000.0), 32,
          "B2 order-disorder, magnetic, vacancies"),
    Entry("femn_FeMn", "femn.tdb", ("Fe", "Mn"), (300.0, 2000.0), 33, "magnetic liquid"),
    Entry("alni_AlNi", "alni_dupin_2001.tdb", ("Al", "Ni"), (300.0, 2000.0), 34,
          "B2 with vacancies on both sublattices, L12"),
    Entry("nbre_NbRe", "nbre_liu.tdb", ("Nb", "Re"), (300.0, 3200.0), 35,
          "sigma and chi: five sublattices"),
    Entry("cov_CoV", "CoV-20Wan.tdb", ("Co", "V"), (300.0, 2000.0), 36,
          "FCC_4SL ordering, sigma, magnetic"),
    Entry("crtiv_CrTi", "crtiv_ghosh.tdb", ("Cr", "Ti"), (300.0, 2300.0), 37, "Laves"),
    Entry("crtiv_CrV", "crtiv_ghosh.tdb", ("Cr", "V"), (300.0, 2300.0), 38, "bcc"),
    Entry("crtiv_TiV", "crtiv_ghosh.tdb", ("Ti", "V"), (300.0, 2300.0), 39, "bcc gap, hcp"),
    Entry("crtiv_CrTiV", "crtiv_ghosh.tdb", ("Cr", "Ti", "V"), (300.0, 2300.0), 40,
          "ternary, Laves"),
]
"""The matrix: 14 TDB files (13 of pycalphad's test databases and the shipped one)."""

BY_KEY = {e.key: e for e in MATRIX}


def states(entry) -> tuple[np.ndarray, np.ndarray, list]:
    """(temperatures (n,), compositions (n, C), pycalphad condition blocks) of an entry."""
    rng = np.random.default_rng(entry.seed)
    lo, hi = entry.t_range
    ts, xs, blocks = [], [], []
    if len(entry.components) == 2:
        temps = np.sort(rng.uniform(lo, hi, 10))
        xb = np.sort(rng.uniform(0.0, 1.0, 30))
        for t in temps:
            for v in xb:
                ts.append(t)
                xs.append([1.0 - v, v])
        blocks.append((temps, [xb]))
    else:
        temps = np.sort(rng.uniform(lo, hi, 6))
        xb = np.sort(rng.uniform(0.0, 1.0, 13))
        xc = np.sort(rng.uniform(0.0, 1.0, 13))
        for t in temps:
            for a in xb:
                for c in xc:
                    if a + c < 1.0 - 1e-9:
                        ts.append(t)
                        xs.append([1.0 - a - c, a, c])
        blocks.append((temps, [xb, xc]))
    return np.array(ts), np.array(xs), blocks


def _merge(names, fracs, xs):
    out = []
    for n, f, x in zip(names, fracs, xs, strict=True):
        n = str(n)
        if not n or not np.isfinite(f) or f <= 1e-12:
            continue
        for o in out:
            if o["name"] == n and np.max(np.abs(np.array(o["x"]) - x)) < MERGE_TOL:
                w = o["fraction"] + f
                o["x"] = list((np.array(o["x"]) * o["fraction"] + x * f) / w)
                o["fraction"] = w
                break
        else:
            out.append({"name": n, "fraction": float(f), "x": [float(v) for v in x]})
    return out


def run_pycalphad(entry, only_first_temperatures: int | None = None) -> dict:
    """pycalphad's equilibrium on the entry's states (or on its first temperatures)."""
    import warnings

    from pycalphad import equilibrium
    from pycalphad import variables as v

    from semisolid.thermo import load_database

    db = load_database(entry.path)
    comps = tuple(sorted(entry.components))
    names, _ = db.considered_phases(comps)
    up = [db.tdb_name(c) for c in comps]
    ts, xs, blocks = states(entry)
    order_in = [list(entry.components).index(c) for c in comps]
    temps, axes = blocks[0]
    if only_first_temperatures:
        temps = temps[:only_first_temperatures]
    conds = {v.X(up[j + 1]): axes[j] for j in range(len(axes))}
    conds.update({v.T: temps, v.P: 101325, v.N: 1})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = equilibrium(db.pycalphad_db, [*up, "VA"], names, conds)
    order = [[str(c) for c in r.component.values].index(u) for u in up]
    out_rows = []
    for i in range(temps.size):
        if len(axes) == 1:
            idx = [(i, j) for j in range(axes[0].size)]
        else:
            idx = [(i, j, k) for j in range(axes[0].size) for k in range(axes[1].size)
                   if axes[0][j] + axes[1][k] < 1.0 - 1e-9]
        for ix in idx:
            sel = (0, 0, *ix)
            phases = _merge(r.Phase.values[sel], r.NP.values[sel], r.X.values[sel][:, order])
            for p in phases:  # compositions in the entry's component order
                p["x"] = [p["x"][comps.index(c)] for c in entry.components]
            out_rows.append({
                "phases": phases,
                "gm": float(r.GM.values[sel]),
                "mu": [float(r.MU.values[sel][order][comps.index(c)])
                       for c in entry.components],
            })
    n = len(out_rows)
    del order_in
    return {"key": entry.key, "tdb": entry.tdb, "tdb_sha256": db.sha256,
            "components": list(entry.components),
            "t_range": list(entry.t_range), "features": entry.features,
            "temperatures": temps.tolist(), "axes": [a.tolist() for a in axes],
            "phases": names, "temperature_K": ts[:n].tolist(), "x": xs[:n].tolist(),
            "rows": out_rows}


def load(key: str) -> dict:
    """The stored pycalphad answers of an entry."""
    with gzip.open(ORACLE_DIR / f"{key}.json.gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)


def write(entry) -> Path:
    """Run pycalphad on an entry and store its answers."""
    import pycalphad

    t0 = time.perf_counter()
    data = run_pycalphad(entry)
    data["pycalphad"] = pycalphad.__version__
    data["seconds"] = round(time.perf_counter() - t0, 1)
    ORACLE_DIR.mkdir(parents=True, exist_ok=True)
    path = ORACLE_DIR / f"{entry.key}.json.gz"
    text = json.dumps(data, separators=(",", ":"))
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write(text.encode("utf-8"))
    return path


def write_stability_set(n_temperatures: int = 100, n_axis: int = 20, seed: int = 2026) -> Path:
    """pycalphad's molar Gibbs energy at about 10,000 random Li-Na-K states between 300 and
    2000 K (each temperature: a random n_axis x n_axis grid of x_Li, x_Na with
    x_Li + x_Na < 1), written as gzipped CSV ``T_K,x_Li,x_Na,GM_J_mol`` (GM empty where
    pycalphad gives no answer)."""
    import warnings

    import pycalphad
    from pycalphad import equilibrium
    from pycalphad import variables as v

    from semisolid.thermo import load_database

    db = load_database()
    names, _ = db.considered_phases(["K", "Li", "Na"])
    rng = np.random.default_rng(seed)
    lines = [f"# pycalphad {pycalphad.__version__}; LiNaK.tdb sha256 {db.sha256}; "
             f"phases {' '.join(names)}; seed {seed}", "T_K,x_Li,x_Na,GM_J_mol"]
    for t in np.sort(rng.uniform(300.0, 2000.0, n_temperatures)):
        xl = np.sort(rng.uniform(0.0, 1.0, n_axis))
        xn = np.sort(rng.uniform(0.0, 1.0, n_axis))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = equilibrium(db.pycalphad_db, ["K", "LI", "NA", "VA"], names,
                            {v.X("LI"): xl, v.X("NA"): xn, v.T: float(t), v.P: 101325,
                             v.N: 1})
        for j, a in enumerate(xl):
            for k, b in enumerate(xn):
                if a + b < 1.0 - 1e-9:
                    g = float(r.GM.values[0, 0, 0, j, k])
                    gs = repr(g) if np.isfinite(g) else ""
                    lines.append(f"{float(t)!r},{float(a)!r},{float(b)!r},{gs}")
    ORACLE_DIR.parent.mkdir(parents=True, exist_ok=True)
    path = DATA / "thermo_stability_linak.csv.gz"
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def report() -> str:
    """The matrix table of docs/thermo.md: the engine (engine="auto") against the stored
    pycalphad answers, one row per system."""
    from semisolid.thermo import equilibrium_many, load_database
    from semisolid.thermo.engine.naming import disordered_aliases

    rows = ["| system | TDB | model features | states | same phases | pycalphad higher G | "
            "pycalphad no answer | not converged | other | max dG (J/mol) | "
            "max G above pycalphad (J/mol) | max dx | engine (time) |", "|" + "---|" * 13]
    for entry in MATRIX:
        data = load(entry.key)
        db = load_database(entry.path)
        t = np.array(data["temperature_K"])
        x = np.array(data["x"])
        t0 = time.perf_counter()
        b = equilibrium_many(db, list(entry.components), x, t)
        seconds = time.perf_counter() - t0
        aliases = {}
        if not db.scope_problems(entry.components):
            s = db.system(entry.components)
            aliases = {s.phases[i].name: s.phases[j].name
                       for i, (j, _) in disordered_aliases(s).items()}
        same = higher = failed = other = notconv = 0
        max_dg = max_above = max_dx = 0.0
        for i, row in enumerate(data["rows"]):
            theirs = [{**p, "name": aliases.get(p["name"], p["name"])} for p in row["phases"]]
            if not theirs or not np.isfinite(row["gm"]):
                failed += 1
                continue
            if not b.converged[i]:
                notconv += 1
                continue
            r = b.result(i)
            dg = float(b.gibbs_energy_J_mol[i] - row["gm"])
            max_above = max(max_above, dg)
            mine = sorted(aliases.get(p.name, p.name) for p in r.phases)
            if mine != sorted(p["name"] for p in theirs):
                if dg < -1e-3:
                    higher += 1
                else:
                    other += 1
                continue
            same += 1
            if dg > -1.0:  # where pycalphad's phases are at their minimum
                max_dg = max(max_dg, abs(dg))
                for p in r.phases:
                    xp = np.array([p.composition[c] for c in entry.components])
                    d = min(np.max(np.abs(np.array(q["x"]) - xp)) for q in theirs
                            if q["name"] == aliases.get(p.name, p.name))
                    max_dx = max(max_dx, float(d))
            else:
                higher += 1
                same -= 1
        n = len(data["rows"])
        answered = n - failed - notconv
        engines = ",".join(sorted(set(b.engine.tolist())))
        rows.append(
            f"| {'-'.join(entry.components)} | {entry.tdb} | {entry.features} | {n} | "
            f"{same}/{answered} = {100 * same / max(answered, 1):.1f} % | {higher} | {failed} | "
            f"{notconv} | {other} | {max_dg:.1e} | {max_above:.1e} | {max_dx:.1e} | {engines} "
            f"({seconds:.1f} s) |")
    return "\n".join(rows)


def live(key: str) -> list[float]:
    """pycalphad's molar Gibbs energies at the first temperature of an entry (NaN: none)."""
    data = run_pycalphad(BY_KEY[key], only_first_temperatures=1)
    return [r["gm"] if np.isfinite(r["gm"]) else None for r in data["rows"]]


if __name__ == "__main__":  # pragma: no cover - maintenance script
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        sys.exit(subprocess.call([sys.executable, *sys.argv], env=env))
    if sys.argv[1:2] == ["live"]:
        print(json.dumps({k: live(k) for k in sys.argv[2:]}))
        sys.exit(0)
    if sys.argv[1:] == ["report"]:
        print(report())
        sys.exit(0)
    if sys.argv[1:] == ["stability"]:
        print(write_stability_set())
        sys.exit(0)
    keys = sys.argv[1:] or [e.key for e in MATRIX]
    for k in keys:
        p = write(BY_KEY[k])
        print(k, p.stat().st_size, "bytes", flush=True)
