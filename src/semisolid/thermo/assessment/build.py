"""Regenerate the assessment: fit, covariance, ensemble, TDB and the tables of docs/assessment.md.

This is what ``scripts/assess_linak.py`` runs (dev extra ``espei`` needed for the unaries):

1. read the data table and fit the K-Na and Li-Na coefficients to the ``fit`` rows (the
   Li-K liquid follows from its bound), with the Laplace covariance of each stage;
2. write ``LiNaK_parameters.json`` (coefficients, SGTE unary table, covariance) and
   ``LiNaK_ensemble.json`` (a seeded sample of the posterior);
3. write ``LiNaK.tdb`` from the coefficients;
4. recompute every datum with pycalphad on the written TDB and every prediction with the
   ensemble, and write the tables of docs/assessment.md.

Examples
--------
>>> sorted(PREVIOUS_RELEASE)[:2]
['G_NA2K', 'L0_BCC_A2_K_LI']
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from semisolid._util import atomic_write_text
from semisolid.thermo.assessment.data import read_data
from semisolid.thermo.assessment.ensemble import ENSEMBLE_FILE, Ensemble, load_ensemble
from semisolid.thermo.assessment.fit import (
    _attempt,
    fit,
    fit_measures,
    lever_fraction,
    sample_ensemble,
)
from semisolid.thermo.assessment.model import Model, SolveError, binary_tie_line
from semisolid.thermo.assessment.parameters import (
    PARAM_SPECS,
    PARAMETER_FILE,
    initial_parameters,
    load_parameter_file,
    load_parameters,
)
from semisolid.thermo.assessment.report import (
    fmt_value,
    interval,
    parameter_table,
    prediction_table,
    residual_table,
    update_doc,
)
from semisolid.thermo.assessment.unaries import Unaries

__all__ = ["PREVIOUS_RELEASE", "build", "main"]

ENSEMBLE_SIZE = 200
ENSEMBLE_SEED = 20210314
ENSEMBLE_STEPS = 500

PREVIOUS_RELEASE: dict[str, tuple[float, float]] = {
    "L0_LIQUID_K_NA": (2564.45, 0.0), "L1_LIQUID_K_NA": (-265.84, 0.0),
    "L0_BCC_A2_K_NA": (10449.26, -8.9726), "L1_BCC_A2_K_NA": (-1816.41, 0.0),
    "G_NA2K": (-1112.91, 0.2907), "L0_LIQUID_LI_NA": (20325.7, -19.7005),
    "L1_LIQUID_LI_NA": (3444.66, -2.9155), "L0_BCC_A2_LI_NA": (15248.86, 0.0),
    "L1_BCC_A2_LI_NA": (1849.15, 0.0), "L0_LIQUID_K_LI": (22594.64, 4.2358),
    "L0_BCC_A2_K_LI": (40000.0, 0.0),
}
"""Coefficients of the database shipped before this assessment (fitted partly to the paper's
own liquid fractions and 20x ratio); kept only for the side-by-side comparison."""

CELLS = {"A (0.95K-0.05Na)": (0.05, 0.04172, 0.06238),
         "B (0.90K-0.10Na)": (0.10, 0.08378, 0.12401)}
"""x_Na at the start, K-enriched and K-depleted ends of the paper's symmetric cells (10 uL on
7.14 mm, 3 mAh/cm2; the liquid-fraction rows of the data table)."""

SOLVUS_T = (280.0, 285.0, 290.0, 295.15, 300.0)


def _data_dir() -> Path:
    from importlib.resources import files

    return Path(str(files("semisolid.thermo") / "data"))


def _dump(obj) -> str:
    return json.dumps(obj, indent=1, sort_keys=False) + "\n"


def _side_measures(p: Mapping[str, tuple[float, float]], U: Unaries,
                   ternary: bool = True) -> dict[str, float]:
    """Everything the side-by-side table shows, from the fit model's direct solves."""
    model = Model(dict(p), U)
    systems = ("K-Na", "Li-Na", "Li-K") + (("Li-Na-K",) if ternary else ())
    out = fit_measures(model, systems)
    for T in SOLVUS_T:
        xb, xl = _attempt(
            f"side{T}", (0.037, 0.16),
            lambda g, T=T: binary_tie_line(model, ("K", "NA"),
                                           [("BCC_A2", g[0]), ("LIQUID", g[1])], T),
            lambda r: r[0] < 0.12 and 0.05 < r[1] < 0.4 and r[0] < r[1])
        out[f"solvus_{T:g}"] = xb
        out[f"liquidus_{T:g}"] = xl
    for cell, xs in CELLS.items():
        for end, x in zip(("start", "enriched", "depleted"), xs, strict=True):
            out[f"{cell} {end}"] = lever_fraction(x, out["NaK_295_xNa_BCC_K"],
                                                  out["NaK_295_xNa_L_K"])
    return out


def _side_table(new: Mapping, members: Sequence[Mapping], prev: Mapping) -> str:
    def pct(key):
        vals = np.array([m[key] for m in members])
        return np.percentile(vals, [2.5, 97.5])

    rows = [
        ("Na-K eutectic T (K)", "NaK_eutectic_T", "260.55 (-12.6 C; Ott 1969 / Bale 1982)",
         "", 1, 2),
        ("Na-K eutectic liquid x_K", "NaK_eutectic_xK_L", "0.68 (Ott 1969 / Bale 1982)", "",
         1, 3),
        ("(K) at the eutectic, x_K", "NaK_eutectic_xK_BCC", "not retrieved", "", 1, 3),
        ("Na2K peritectic T (K)", "NaK_peritectic_T", "280.05 (6.9 C, as compiled)", "", 1, 2),
        ("limiting solidus slope at K (at.%/K)", "NaK_solidus_slope_K", "0.10 (Bale 1982)",
         "", 100, 4),
        ("limiting solidus slope at Na (at.%/K)", "NaK_solidus_slope_NA", "0.033 (Bale 1982)",
         "", 100, 4),
    ]
    for T in SOLVUS_T:
        rows.append((f"(K) solvus x_Na at {T:g} K", f"solvus_{T:g}", "not retrieved", "", 1, 4))
        meas = "0.159 (90 wt% K liquid at room T)" if T == 295.15 else "not retrieved"
        rows.append((f"K-side liquidus x_Na at {T:g} K", f"liquidus_{T:g}", meas, "", 1, 4))
    rows += [
        ("Li-Na critical T (K)", "LiNa_critical_T", "578.15 +- 1 (DHP 1975); 576.8 +- 1.0 "
         "(JET 2019)", "576.35 (Bale 1989, calculated)", 1, 2),
        ("Li-Na critical x_Li", "LiNa_critical_xLi", "0.63 (DHP 1975); 0.641 +- 0.004 "
         "(JET 2019)", "0.643 (Bale 1989, calculated)", 1, 3),
        ("Li-Na monotectic T (K)", "LiNa_monotectic_T", "443.90 +- 0.05 (DHP 1975)",
         "443.85 (about 170.7 C, Bale 1989)", 1, 2),
        ("Li-Na eutectic T (K)", "LiNa_eutectic_T", "365.25 +- 0.05 (DHP 1975)", "", 1, 2),
        ("Li-K consolute T (K)", "LiK_consolute_T", "> 1773 (Bale 1989)", "", 1, 0),
        ("300 K: x_Li of the liquid, Na-rich end", "LiNaK_300_xLi_L_Na_end", "not retrieved",
         "", 1, 6),
        ("300 K: x_Li of the liquid, K-rich end", "LiNaK_300_xLi_L_K_end", "not retrieved", "",
         1, 7),
        ("300 K: Li solubility ratio Na-end/K-end", "LiNaK_300_ratio", "not retrieved",
         "about 20 (Park 2021, computed)", 1, 1),
    ]
    paper = {"start": (0.10, 0.51), "enriched": (0.038, 0.38), "depleted": (0.20, 0.70)}
    for i, cell in enumerate(CELLS):
        for end in ("start", "enriched", "depleted"):
            rows.append((f"{cell} {end}, mol% liquid at 295.15 K", f"{cell} {end}",
                         "no measurement", f"{paper[end][i] * 100:g} (Park 2021, computed)",
                         100, 1))
    lines = ["| quantity | measured (source) | this assessment [95 %] | previous release | "
             "other public assessment / the paper |", "|---|---|---|---|---|"]
    for label, key, meas, other, scale, digits in rows:
        f = f"{{:.{digits}f}}"
        new_txt = interval(new[key], pct(key), scale, digits)
        prev_txt = f.format(prev[key] * scale) if key in prev else ""
        lines.append(f"| {label} | {meas} | {new_txt} | {prev_txt} | {other} |")
    return "\n".join(lines)


def _design_table(ens: Ensemble) -> str:
    lines = ["| T (K) | cell | start | K-enriched end | K-depleted end | d/dT at the start "
             "(mol%/K) |", "|---|---|---|---|---|---|"]
    for T in (293.15, 295.15, 298.15):
        for cell, xs in CELLS.items():
            f = ens.liquid_fraction(("K", "Na"), xs, T)
            up = ens.liquid_fraction(("K", "Na"), xs[:1], T + 0.5)[:, 0]
            dn = ens.liquid_fraction(("K", "Na"), xs[:1], T - 0.5)[:, 0]
            sens = (up - dn) * 100  # mol% per K
            cells = [interval(f[0, j], np.percentile(f[1:, j], [2.5, 97.5]), 100, 1)
                     for j in range(3)]
            s = interval(sens[0], np.percentile(sens[1:], [2.5, 97.5]), 1, 2)
            lines.append(f"| {T:.2f} | {cell} | {' | '.join(cells)} | {s} |")
    return "\n".join(lines)


def _ensemble_summary(doc: Mapping, ens: Ensemble) -> str:
    vals = ens.values
    def tau(v):
        known = [t for t in v["autocorrelation_steps"] if t is not None]
        return f"{max(known):.0f} steps" if known else "not recorded (see below)"

    samp = "; ".join(f"{st}: {v['walkers']} walkers x {v['steps']} steps (last "
                     f"{v['kept_steps']} kept), acceptance {v['acceptance']:.2f}, "
                     f"integrated autocorrelation time at most {tau(v)}"
                     for st, v in doc["sampling"].items())
    lines = [f"{ens.size} members, seed {doc['seed']}. {samp}.", "",
             "| coefficient | best | ensemble mean | ensemble sd | 2.5 % | 97.5 % |",
             "|---|---|---|---|---|---|"]
    for j, key in enumerate(ens.names):
        name, c = key.split(".")
        best = ens.best[name][0 if c == "a" else 1]
        lo, hi = np.percentile(vals[:, j], [2.5, 97.5])
        lines.append(f"| {key} | {best:.4g} | {vals[:, j].mean():.4g} | {vals[:, j].std():.3g} "
                     f"| {lo:.4g} | {hi:.4g} |")
    return "\n".join(lines)


def write_docs(doc_path: Path, tdb_path: Path, verbose: bool = True) -> None:
    """Recompute the residuals (pycalphad), predictions and comparisons; update the doc."""
    from semisolid.thermo.assessment.check import pycalphad_measures

    t0 = time.perf_counter()
    data = read_data()
    pfile = load_parameter_file()
    U = Unaries(pfile["unaries"])
    best = load_parameters()
    measures = pycalphad_measures(tdb_path)
    if verbose:
        print(f"pycalphad check: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    ens = load_ensemble()
    new = _side_measures(best, U)
    members = []
    for i in range(1, ens.size + 1):
        try:
            members.append(_side_measures(ens.member_parameters(i), U))
        except SolveError as exc:  # pragma: no cover - the sampling rejected these
            raise SolveError(f"ensemble member {i}: {exc}") from exc
    prev = _side_measures(PREVIOUS_RELEASE, U)
    doc = json.loads((_data_dir() / ENSEMBLE_FILE).read_text(encoding="utf-8"))
    blocks = {
        "parameters": parameter_table(best, pfile["covariance"]),
        "fitstats": _fit_stats(pfile["covariance"]),
        "residuals": residual_table(data, measures),
        "predictions": prediction_table(data, new, members),
        "design": _design_table(ens),
        "side": _side_table(new, members, prev),
        "ensemble": _ensemble_summary(doc, ens),
        "other": _other_table(new, members, measures),
    }
    update_doc(doc_path, blocks)
    if verbose:
        print(f"docs updated in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def _fit_stats(cov: Mapping) -> str:
    lines = ["| stage | data rows | priors | free coefficients | chi2 | dof | chi2/dof | "
             "covariance inflated by |", "|---|---|---|---|---|---|---|---|"]
    for stage, s in cov.items():
        lines.append(f"| {stage} | {s['n_data']} | {s['n_priors']} | {len(s['free'])} | "
                     f"{s['chi2']:.3g} | {s['dof']} | {s['chi2'] / s['dof']:.2f} | "
                     f"{max(1.0, s['chi2'] / s['dof']):.2f} |")
    return "\n".join(lines)


def _other_table(new: Mapping, members: Sequence[Mapping], pyc: Mapping) -> str:
    keys = {
        "NaK_eutectic_xK_BCC": "x_K of (K) at the Na-K eutectic",
        "NaK_peritectic_xK_L": "x_K of the liquid at the Na2K peritectic",
        "NaK_295_xNa_BCC_K": "x_Na of (K) at 295.15 K (the (K) solvus)",
        "NaK_295_xK_BCC_NA": "x_K of (Na) at 295.15 K",
        "LiNa_eutectic_xLi_BCC_NA": "x_Li of (Na) at the Li-Na eutectic",
        "LiNaK_300_xLi_L_Na_end": "x_Li of the 300 K liquid, Na-rich end of the L + (Li) field",
        "LiNaK_300_xLi_L_K_end": "x_Li of the 300 K liquid, K-rich end of the L + (Li) field",
    }
    lines = ["| quantity | predicted [95 %] | pycalphad on the TDB |", "|---|---|---|"]
    for key, text in keys.items():
        vals = np.array([m[key] for m in members])
        lo, hi = np.percentile(vals, [2.5, 97.5])
        f = fmt_value
        p = f(pyc[key], "") if key in pyc else ""
        lines.append(f"| {text} (`{key}`) | {f(new[key], '')} [{f(lo, '')}, {f(hi, '')}] | "
                     f"{p} |")
    return "\n".join(lines)


def build(doc_path: Path | None, n_members: int = ENSEMBLE_SIZE, verbose: bool = True) -> None:
    """Fit, sample, write the parameter, ensemble and TDB files, then the doc tables."""
    from semisolid.thermo.assessment.tdb import write_tdb
    from semisolid.thermo.assessment.unaries import unary_table_from_espei

    t0 = time.perf_counter()
    table = unary_table_from_espei()
    U = Unaries(table)
    data = read_data()
    result = fit(initial_parameters(), data, U, verbose=verbose)
    d = _data_dir()
    pdoc = {
        "comment": "Generated by semisolid.thermo.assessment (scripts/assess_linak.py); do not "
                   "edit. Coefficients a (J/mol), b (J/(mol K)): parameter = a + b*T. "
                   "covariance: Laplace approximation per stage, in the units of the free "
                   "coefficients listed. unaries: SGTE 1991 (Dinsdale, Calphad 15 (1991) "
                   "317-425) via espei.refdata, G in J/mol as sums of the named terms.",
        "covariance": result.covariance_dict(),
        "free": [f"{n}.{c}" for s in result.stages for n, c in s.free],
        "parameters": {s.name: list(result.parameters[s.name]) for s in PARAM_SPECS},
        "unaries": table,
    }
    atomic_write_text(d / PARAMETER_FILE, _dump(pdoc))
    _clear_caches()
    names, values, info = sample_ensemble(result, data, U, n=n_members, steps=ENSEMBLE_STEPS,
                                          seed=ENSEMBLE_SEED, verbose=verbose)
    edoc = {
        "comment": "Generated by semisolid.thermo.assessment (scripts/assess_linak.py); do not "
                   "edit. Each row of values is one member: the free coefficients named in "
                   "names (name.a in J/mol, name.b in J/(mol K)); the others as in "
                   "LiNaK_parameters.json.",
        "method": "mcmc: emcee affine-invariant ensemble sampler on the posterior "
                  "exp(-chi2/2) (fit rows + priors) of each stage; walkers started from the "
                  "Laplace Gaussian; second half of the chains kept, members taken evenly",
        "seed": ENSEMBLE_SEED,
        "sampling": info,
        "names": names,
        "values": [[round(float(v), 6) for v in row] for row in values],
    }
    atomic_write_text(d / ENSEMBLE_FILE, _dump(edoc))
    _clear_caches()
    tdb_path = d / "LiNaK.tdb"
    atomic_write_text(tdb_path, write_tdb(load_parameters()))
    if verbose:
        print(f"wrote {PARAMETER_FILE}, {ENSEMBLE_FILE}, LiNaK.tdb in "
              f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    if doc_path is not None:
        write_docs(doc_path, tdb_path, verbose)


def _clear_caches() -> None:
    from semisolid.thermo.assessment import ensemble, parameters

    parameters._read.cache_clear()
    ensemble._load.cache_clear()


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point (``scripts/assess_linak.py``)."""
    ap = argparse.ArgumentParser(description="Regenerate the Li-Na-K assessment.")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--docs", action="store_true",
                      help="only recompute the tables of docs/assessment.md from the stored files")
    mode.add_argument("--write-tdb", action="store_true",
                      help="only write the TDB from the stored parameter file")
    ap.add_argument("--doc", type=Path, default=None, help="docs/assessment.md to update")
    ap.add_argument("--members", type=int, default=ENSEMBLE_SIZE)
    args = ap.parse_args(argv)
    if args.write_tdb:
        from semisolid.thermo.assessment.tdb import write_tdb

        atomic_write_text(_data_dir() / "LiNaK.tdb", write_tdb(load_parameters()))
        return 0
    if args.docs:
        if args.doc is None:
            ap.error("--docs needs --doc PATH")
        write_docs(args.doc, _data_dir() / "LiNaK.tdb")
        return 0
    build(args.doc, n_members=args.members)
    return 0
