"""The assessment behind LiNaK.tdb (semisolid.thermo.assessment): the data table, the stored
files, the fit model and the ensemble solver, each checked against an independent reference
(espei's SGTE data, pycalphad on the shipped TDB, the cell geometry by hand, sampling
statistics)."""

from __future__ import annotations

import json
import math
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from semisolid.errors import FileFormatError, InputError
from semisolid.thermo.assessment import data as adata
from semisolid.thermo.assessment import parameters as apar
from semisolid.thermo.assessment.ensemble import Ensemble, load_ensemble
from semisolid.thermo.assessment.fit import fit_measures, prior_residuals, residuals
from semisolid.thermo.assessment.intervals import Interval, liquid_fraction_intervals
from semisolid.thermo.assessment.model import Model, binary_tie_line
from semisolid.thermo.assessment.unaries import Unaries

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "assessment.md"
PAPER_IDS = {"swing_A_start", "swing_A_enriched", "swing_A_depleted", "swing_B_start",
             "swing_B_enriched", "swing_B_depleted", "LiNaK_300_ratio", "LiNaK_300_max_xLi_L"}


@pytest.fixture(scope="module")
def tdb_path() -> Path:
    return Path(str(files("semisolid.thermo") / "data" / "LiNaK.tdb"))


@pytest.fixture(scope="module")
def rows():
    return adata.read_data()


@pytest.fixture(scope="module")
def unaries():
    return Unaries.from_package()


@pytest.fixture(scope="module")
def best():
    return apar.load_parameters()


@pytest.fixture(scope="module")
def ens():
    return load_ensemble()


@pytest.fixture(scope="module")
def pyc_db(tdb_path):
    from pycalphad import Database

    return Database(str(tdb_path))


def _pyc_phases(db, comps, conds, phases=("LIQUID", "BCC_A2", "NA2K")):
    from pycalphad import equilibrium
    from pycalphad import variables as v

    c = {v.P: 101325, v.N: 1}
    c.update(conds)
    eq = equilibrium(db, list(comps), list(phases), c)
    el = [e for e in comps if e != "VA"][1]
    ph = np.asarray(eq.Phase.values)
    npf = np.asarray(eq.NP.values)
    xx = np.asarray(eq.X.sel(component=el).values)
    per_point = [[(str(p), float(f), float(x)) for p, f, x in zip(ph[i], npf[i], xx[i],
                                                                   strict=True)
                  if p and f > 1e-9] for i in np.ndindex(ph.shape[:-1])]
    return per_point[0] if len(per_point) == 1 else per_point


# ------------------------------------------------------------------------------ data table
def test_paper_numbers_are_never_fitted(rows):
    # The rule of the assessment: every number the paper computed is a prediction row.
    for d in rows:
        if "Park2021" in d.source:
            assert d.role == "prediction", d.id
        if d.role == "fit":
            assert "Park2021" not in d.source, d.id
    assert {d.id for d in rows if d.role == "prediction"} == PAPER_IDS


def test_every_row_names_its_source_and_where(rows):
    sources = adata.read_sources()
    assert {"Ott1969", "Bale1982", "DHP1975", "JET2019", "Bale1989KLi", "Park2021",
            "Dinsdale1991", "NaKwiki"} <= set(sources)
    for d in rows:
        assert d.where.strip(), d.id
        for key in d.source.split(";"):
            assert key.strip() in sources, (d.id, key)
    # the Li-Na numbers are those of Down, Hubberstey and Pulham's abstract
    assert "10.1039/DT9750001490" in sources["DHP1975"]
    assert not any("Feitsma" in d.source for d in rows)


def test_measured_values_as_in_their_sources(rows):
    # each value re-derived from the number the source prints (independent arithmetic)
    by_id = {d.id: d for d in rows}
    assert by_id["LiNa_monotectic_T"].value == pytest.approx(170.75 + 273.15)
    assert by_id["LiNa_eutectic_T"].value == pytest.approx(92.10 + 273.15)
    assert by_id["LiNa_critical_T"].value == pytest.approx(305 + 273.15)
    assert by_id["LiNa_critical_xLi_JET2019"].value == pytest.approx(1 - 0.359)
    assert by_id["NaK_eutectic_T"].value == pytest.approx(-12.6 + 273.15)
    assert by_id["NaK_peritectic_T"].value == pytest.approx(6.9 + 273.15)

    def x_k(w_k):  # mass fraction of K -> mole fraction
        return (w_k / 39.0983) / (w_k / 39.0983 + (1 - w_k) / 22.989769)

    assert by_id["NaK_RT_xK_L_NA"].value == pytest.approx(x_k(0.40), abs=1e-4)
    assert by_id["NaK_RT_xK_L_K"].value == pytest.approx(x_k(0.90), abs=1e-4)
    assert by_id["NaK_eutectic_xK_L_NaK77"].value == pytest.approx(x_k(0.77), abs=1e-4)


def test_liquid_fraction_compositions_follow_from_the_cell_geometry(rows):
    # Hand computation: 10 uL on a 7.14 mm disc, 3 mAh/cm2; rule-of-mixtures molar volume
    # (K 0.862, Na 0.968 g/cm3); n_K moved = Q A / F.
    area = math.pi * 0.714**2 / 4
    moved = 3.0 * 3.6 * area / 96485.33212
    expected = {}
    for cell, xk in (("A", 0.95), ("B", 0.90)):
        n0 = 10e-3 / (xk * 39.0983 / 0.862 + (1 - xk) * 22.989769 / 0.968)
        x_na = 1 - xk
        expected[f"swing_{cell}_start"] = x_na
        expected[f"swing_{cell}_enriched"] = x_na * n0 / (n0 + moved)
        expected[f"swing_{cell}_depleted"] = x_na * n0 / (n0 - moved)
    got = {d.id: d.x for d in rows if d.kind == "liquid_fraction"}
    assert set(got) == set(expected)
    for key, x in expected.items():
        assert got[key] == pytest.approx(x, abs=6e-6), key


def test_bad_data_table_is_refused_with_the_line(tmp_path):
    text = adata.data_path().read_text(encoding="utf-8")
    bad = text.replace("NaK_peritectic_T,K-Na,invariant_T", "NaK_peritectic_T,K-Na,invariantT")
    p = tmp_path / "bad.csv"
    p.write_text(bad, encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"line \d+.*invariantT"):
        adata.read_data(p)
    p.write_text(text.replace(",fit,Bale1982; Ott1969,", ",fit,Bale1982; Nobody1999,", 1),
                 encoding="utf-8")
    with pytest.raises(FileFormatError, match="Nobody1999"):
        adata.read_data(p)


# ------------------------------------------------------------------------------ stored files
def test_tdb_parameters_are_the_parameter_file(tdb_path, best):
    # fast: every assessed coefficient of the TDB (a + b*T after 200.00) is the stored one
    import re

    text = tdb_path.read_text(encoding="utf-8")
    for spec in apar.PARAM_SPECS:
        a, b = best[spec.name]
        if spec.phase == "NA2K":
            lines = [ln for ln in text.splitlines() if "G(NA2K,NA:K;0)" in ln]
        else:
            va = "" if spec.phase == "LIQUID" else ":VA"
            lines = [ln for ln in text.splitlines()
                     if f"G({spec.phase},{','.join(spec.elements)}{va};{spec.order})" in ln]
        assert len(lines) == 1, spec.name
        m = re.search(r"200\.00 (?:\+2\*GHSERNA\+GHSERKK)?([-+][\d.]+)(?:([-+][\d.]+)\*T)?;",
                      lines[0])
        assert m, lines[0]
        assert float(m.group(1)) == a, spec.name
        assert float(m.group(2) or 0.0) == b, spec.name


@pytest.mark.slow
def test_shipped_tdb_is_what_the_code_writes(tdb_path, best):
    pytest.importorskip("espei")
    from semisolid.thermo.assessment.tdb import write_tdb

    assert tdb_path.read_text(encoding="utf-8") == write_tdb(best)


def test_parameter_file_is_complete_and_at_tdb_precision():
    raw = apar.load_parameter_file()
    assert set(raw["parameters"]) == {s.name for s in apar.PARAM_SPECS}
    for a, b in raw["parameters"].values():
        assert round(a, 2) == a and round(b, 4) == b
    free = [f"{n}.{c}" for n, c in apar.free_coefficients()]
    assert raw["free"] == free
    for stage in raw["covariance"].values():
        cov = np.array(stage["covariance"])
        assert cov.shape == (len(stage["free"]),) * 2
        np.testing.assert_allclose(cov, cov.T, rtol=1e-10, atol=1e-12)
        assert np.all(np.linalg.eigvalsh(cov) > 0)  # positive definite


def test_lik_liquid_is_the_regular_solution_at_the_bound(best, unaries):
    # Regular solution: T_c = L0 / (2 R). The shipped value puts T_c 50 K above 1773.15 K.
    a, b = best["L0_LIQUID_K_LI"]
    assert b == 0.0
    assert a / (2 * apar.R) == pytest.approx(1773.15 + apar.BOUND_MARGIN_K, abs=0.01)
    m = fit_measures(Model(best, unaries), ["Li-K"])
    assert m["LiK_consolute_T"] == pytest.approx(a / (2 * apar.R), abs=0.05)


@pytest.mark.slow
def test_unary_table_equals_espei_sgte():
    ref = pytest.importorskip("espei.refdata")
    from symengine import Symbol

    u = Unaries.from_package()
    ghser = {"LI": "GHSERLI", "NA": "GHSERNA", "K": "GHSERKK"}
    for i, el in enumerate(("LI", "NA", "K")):
        stable = ref.SGTE91Stable[el]
        for phase in ("LIQUID", "BCC_A2"):
            expr = ref.SGTE91[(el, phase)].xreplace({Symbol(ghser[el]): stable})
            for T in (210.0, 260.0, 300.0, 336.53, 371.0, 453.6, 480.0, 900.0):
                assert u(phase, T)[i] == pytest.approx(float(expr.subs({ref.T: T})), abs=1e-6)


def test_unary_table_equals_the_tdb_functions(pyc_db):
    from pycalphad import variables as v

    u = Unaries.from_package()
    for i, name in enumerate(("GHSERLI", "GHSERNA", "GHSERKK")):
        for T in (250.0, 300.0, 400.0, 600.0):
            assert u("BCC_A2", T)[i] == pytest.approx(float(pyc_db.symbols[name].subs({v.T: T})),
                                                     abs=1e-6)


def test_tdb_parses_with_pycalphad(pyc_db):
    assert set(pyc_db.elements) == {"/-", "VA", "K", "LI", "NA"}
    assert set(pyc_db.phases) == {"LIQUID", "BCC_A2", "FCC_A1", "HCP_A3", "NA2K"}
    keys = [(p["phase_name"], str(p["constituent_array"]), p["parameter_order"],
             p["parameter_type"]) for p in pyc_db._parameters.all()]
    assert len(keys) == len(set(keys))


# ------------------------------------------------------------------------------ fit model
@pytest.mark.pycalphad
def test_fit_model_gibbs_energy_equals_pycalphad(pyc_db, best, unaries):
    from pycalphad import calculate

    model = Model(best, unaries)
    x = np.random.default_rng(7).dirichlet([1.0, 1.0, 1.0], size=6)  # (Li, Na, K)
    order = sorted(["LI", "NA", "K"])  # pycalphad site-fraction order: K, LI, NA
    perm = [order.index(e) for e in ("LI", "NA", "K")]
    for phase in ("LIQUID", "BCC_A2"):
        for T in (260.0, 300.0, 450.0):
            pts = np.zeros((len(x), 3))
            pts[:, perm] = x
            if phase == "BCC_A2":
                pts = np.hstack([pts, np.ones((len(x), 1))])
            ref = calculate(pyc_db, ["K", "LI", "NA", "VA"], phase, T=T, P=101325, N=1,
                            points=pts).GM.values.squeeze()
            np.testing.assert_allclose(model.gm(phase, x, T), ref, atol=0.05)
    ref = calculate(pyc_db, ["K", "NA", "VA"], "NA2K", T=290.0, P=101325, N=1).GM.values
    assert model.g_na2k(290.0) / 3 == pytest.approx(float(np.ravel(ref)[0]), abs=0.05)


@pytest.mark.pycalphad
def test_fit_model_tie_line_equals_pycalphad(pyc_db, best, unaries):
    from pycalphad import variables as v

    xb, xl = binary_tie_line(Model(best, unaries), ("K", "NA"),
                             [("BCC_A2", 0.04), ("LIQUID", 0.16)], 295.15)
    ref = {p: x for p, _, x in _pyc_phases(pyc_db, ["K", "NA", "VA"],
                                           {v.X("NA"): 0.1, v.T: 295.15})}
    assert xb == pytest.approx(ref["BCC_A2"], abs=1e-5)
    assert xl == pytest.approx(ref["LIQUID"], abs=1e-5)


def test_fit_residuals_within_three_sigma(rows, best, unaries):
    # Every fitted datum within 3 of its uncertainties, every bound kept, every prior
    # within 2 sigma (the worst datum, the Li-Na eutectic liquid, is at -1.1 sigma).
    measures = fit_measures(Model(best, unaries), ("K-Na", "Li-Na", "Li-K"))
    fit_rows = [d for d in rows if d.role == "fit"]
    res = residuals(fit_rows, measures)
    worst = {d.id: round(float(r), 2) for d, r in zip(fit_rows, res, strict=True) if abs(r) > 3}
    assert not worst
    for stage in ("K-Na", "Li-Na"):
        for label, r in prior_residuals(best, stage):
            assert abs(r) < 2, label


# ------------------------------------------------------------------------------ ensemble
@pytest.mark.slow
def test_ensemble_members_are_consistent_with_the_data(ens, rows, unaries):
    # A posterior sample: every member reproduces every fitted datum within 4 of its
    # uncertainties (one in ~16000 for a Gaussian), the members scatter around the optimum,
    # and the best set is the parameter file. Every 20th member (the others alike).
    assert ens.size >= 100
    assert ens.member_parameters(0) == apar.load_parameters()
    fit_rows = [d for d in rows if d.role == "fit" and d.system in ("K-Na", "Li-Na")]
    for m in range(1, ens.size + 1, 20):
        measures = fit_measures(Model(ens.member_parameters(m), unaries), ("K-Na", "Li-Na"))
        worst = np.max(np.abs(residuals(fit_rows, measures)))
        assert worst < 4.0, (m, worst)
    raw = apar.load_parameter_file()
    for stage in raw["covariance"].values():
        for i, key in enumerate(stage["free"]):
            col = ens.values[:, ens.names.index(key)]
            assert abs(col.mean() - stage["values"][i]) < col.std(), key


@pytest.mark.slow
@pytest.mark.pycalphad
def test_ensemble_best_row_equals_pycalphad_kna(pyc_db, ens):
    from pycalphad import variables as v

    xs = [0.02, 0.05, 0.10, 0.30, 0.50, 0.90, 0.995]
    for T in (265.0, 295.15, 320.0):
        r = ens.binary_phase_fractions(("K", "Na"), xs, T)
        ref = _pyc_phases(pyc_db, ["K", "NA", "VA"], {v.X("NA"): xs, v.T: T})
        for j, got in enumerate(ref):
            names = sorted(p for p, _, _ in got)
            assert sorted({r.phase_a[0, j], r.phase_b[0, j]}) == sorted(set(names)), (T, xs[j])
            liq = sum(f for p, f, _ in got if p == "LIQUID")
            assert r.fraction_of("LIQUID")[0, j] == pytest.approx(liq, abs=2e-4), (T, xs[j])


@pytest.mark.slow
@pytest.mark.pycalphad
def test_ensemble_best_row_equals_pycalphad_lithium_binaries(pyc_db, ens):
    from pycalphad import variables as v

    for pair, T, xs in ((("Li", "Na"), 400.0, [0.003, 0.3, 0.98]),
                        (("Na", "Li"), 600.0, [0.1, 0.5, 0.9]),
                        (("K", "Li"), 500.0, [0.2, 0.8])):
        comps = [pair[0].upper(), pair[1].upper(), "VA"]
        r = ens.binary_phase_fractions(pair, xs, T)
        for j, x in enumerate(xs):
            got = _pyc_phases(pyc_db, comps, {v.X(comps[1]): x, v.T: T}, ("LIQUID", "BCC_A2"))
            liq = sum(f for p, f, _ in got if p == "LIQUID")
            assert r.fraction_of("LIQUID")[0, j] == pytest.approx(liq, abs=2e-4), (pair, x)


def test_ensemble_members_equal_the_fit_models_tie_lines(ens, unaries):
    # Two codes: the vectorised solver over all members and the fit model's Newton solve.
    r = ens.binary_phase_fractions(("K", "Na"), [0.10], 295.15)
    for m in (1, 50, 123, ens.size):
        xb, xl = binary_tie_line(Model(ens.member_parameters(m), unaries), ("K", "NA"),
                                 [("BCC_A2", 0.04), ("LIQUID", 0.16)], 295.15)
        assert r.x_a[m, 0] == pytest.approx(xb, abs=1e-9)
        assert r.x_b[m, 0] == pytest.approx(xl, abs=1e-9)


def test_ensemble_refuses_bad_input(ens):
    with pytest.raises(InputError, match="elements"):
        ens.liquid_fraction(("K", "Rb"), [0.1], 300.0)
    with pytest.raises(InputError, match="temperature"):
        ens.liquid_fraction(("K", "Na"), [0.1], 150.0)
    with pytest.raises(InputError, match="x_b"):
        ens.liquid_fraction(("K", "Na"), [1.2], 300.0)
    with pytest.raises(InputError, match="binary"):
        ens.liquid_fraction(("K", "Na", "Li"), [0.1], 300.0)


def test_only_the_shipped_database_has_the_ensemble(tmp_path, tdb_path):
    from semisolid.thermo.assessment import ensemble_for_database

    copy = tmp_path / "copy.tdb"
    copy.write_bytes(tdb_path.read_bytes())
    assert ensemble_for_database(copy) is load_ensemble()
    changed = tmp_path / "changed.tdb"
    changed.write_text(tdb_path.read_text(encoding="utf-8").replace("+2530.31", "+2600.00"),
                       encoding="utf-8")
    assert ensemble_for_database(changed) is None
    assert ensemble_for_database(tmp_path / "missing.tdb") is None


def test_ensemble_file_shapes_are_checked(best, unaries):
    with pytest.raises(ValueError, match="do not match"):
        Ensemble(best, ["G_NA2K.a"], np.zeros((3, 2)), unaries)


# ------------------------------------------------------------------------------ intervals
def test_interval_percentiles_of_a_known_sample():
    # numpy's linear percentiles of 0..100 are the percentiles themselves
    iv = Interval.from_samples(50.0, np.arange(101.0), confidence=0.9)
    assert (iv.low, iv.median, iv.high) == pytest.approx((5.0, 50.0, 95.0), abs=1e-12)
    assert iv.members == 101
    with pytest.raises(ValueError):
        Interval.from_samples(0.0, [np.nan])


@pytest.mark.pycalphad
def test_liquid_fraction_and_its_temperature_derivative_equal_pycalphad(pyc_db):
    # value: pycalphad's phase fraction; slope: central difference of pycalphad at +-0.5 K
    from pycalphad import variables as v

    est = liquid_fraction_intervals(("K", "Na"), [0.05, 0.10], 295.15)
    for e in est:
        f = {}
        for T in (294.65, 295.15, 295.65):
            got = _pyc_phases(pyc_db, ["K", "NA", "VA"], {v.X("NA"): e.x_b, v.T: T})
            f[T] = sum(fr for p, fr, _ in got if p == "LIQUID")
        assert e.liquid_fraction.value == pytest.approx(f[295.15], abs=2e-4)
        assert e.dliquid_fraction_dT_per_K.value == pytest.approx(f[295.65] - f[294.65],
                                                                  abs=5e-4)
        lf = e.liquid_fraction
        assert 0.0 <= lf.low <= lf.median <= lf.high <= 1.0


def test_intervals_refuse_bad_arguments():
    with pytest.raises(InputError, match="confidence"):
        liquid_fraction_intervals(("K", "Na"), [0.1], 295.15, confidence=1.5)
    with pytest.raises(InputError, match="dT_K"):
        liquid_fraction_intervals(("K", "Na"), [0.1], 295.15, dT_K=0.0)


@pytest.mark.slow
def test_refit_reproduces_the_stored_parameters(rows):
    # The fit from its fixed start gives the stored coefficients (and covariance) again.
    pytest.importorskip("espei")
    from semisolid.thermo.assessment.fit import fit
    from semisolid.thermo.assessment.unaries import unary_table_from_espei

    result = fit(apar.initial_parameters(), rows, Unaries(unary_table_from_espei()),
                 verbose=False)
    stored = apar.load_parameters()
    for name, (a, b) in result.parameters.items():
        assert a == pytest.approx(stored[name][0], abs=0.011), name
        assert b == pytest.approx(stored[name][1], abs=1.1e-4), name
    raw = apar.load_parameter_file()["covariance"]
    for stage in result.stages:
        np.testing.assert_allclose(stage.covariance, np.array(raw[stage.stage]["covariance"]),
                                   rtol=1e-3, atol=1e-6)
    assert apar.load_parameter_file()["unaries"] == json.loads(
        json.dumps(unary_table_from_espei()))


# ------------------------------------------------------------------------------ docs
def test_docs_list_every_datum_and_parameter(rows):
    text = DOC.read_text(encoding="utf-8")
    res = text.split("<!-- residuals:start -->")[1].split("<!-- residuals:end -->")[0]
    pred = text.split("<!-- predictions:start -->")[1].split("<!-- predictions:end -->")[0]
    for d in rows:
        block = pred if d.role == "prediction" else res
        assert f"| {d.id} |" in block, d.id
    for spec in apar.PARAM_SPECS:
        assert spec.name in text, spec.name
    for key in adata.read_sources():
        assert key in text, key


def test_ensemble_file_records_how_it_was_made():
    doc = json.loads((Path(str(files("semisolid.thermo") / "data" / "LiNaK_ensemble.json"))
                      ).read_text(encoding="utf-8"))
    assert doc["method"].startswith("mcmc")
    assert isinstance(doc["seed"], int)
    for stage in ("K-Na", "Li-Na"):
        s = doc["sampling"][stage]
        # a healthy affine-invariant sampler accepts 20-60 % of its moves, and the kept half
        # of the chains spans several autocorrelation times
        assert 0.2 < s["acceptance"] < 0.6, stage
        taus = [t for t in s["autocorrelation_steps"] if t is not None]
        assert not taus or s["kept_steps"] > 2 * max(taus), stage
