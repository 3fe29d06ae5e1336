"""The reproducible assessment behind LiNaK.tdb: the data table, the TDB writer, and the fit
model used by scripts/assess_linak.py checked against pycalphad on the shipped file."""

from __future__ import annotations

import csv
import doctest
import importlib.util
import json
import math
import re
import sys
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "assess_linak.py"
DOC = ROOT / "docs" / "assessment.md"
KINDS = {"melting_T", "invariant_T", "invariant_x", "critical_T", "critical_x", "solidus_slope",
         "phase_boundary_x", "liquid_fraction", "solubility_ratio", "solubility_max",
         "consolute_T"}


@pytest.fixture(scope="module")
def assess():
    name = "_semisolid_scripts_assess_linak"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SCRIPT)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def csv_path() -> Path:
    return Path(str(files("semisolid.thermo") / "data" / "assessment_data.csv"))


@pytest.fixture(scope="module")
def tdb_path() -> Path:
    return Path(str(files("semisolid.thermo") / "data" / "LiNaK.tdb"))


@pytest.fixture(scope="module")
def rows(csv_path):
    with csv_path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.fixture(scope="module")
def source_keys(csv_path):
    keys = set()
    for line in csv_path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s+(\S+) = ", line)
        if m:
            keys.add(m.group(1))
    return keys


# ------------------------------------------------------------------------------ data table
def test_every_row_has_a_defined_source(rows, source_keys):
    assert len(rows) >= 25
    assert {"Park2021", "Bale1982", "Feitsma1975", "Dinsdale1991"} <= source_keys
    for row in rows:
        assert row["source"].strip(), row["id"]
        for part in row["source"].split(";"):
            key = part.strip().split(" ")[0]
            assert key in source_keys, (row["id"], key)


def test_rows_are_complete_and_consistent(rows):
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert r["kind"] in KINDS, r["id"]
        assert r["constraint"] in {"equal", "min", "max"}, r["id"]
        assert float(r["uncertainty"]) > 0, r["id"]
        assert float(r["weight"]) in (0.0, 1.0), r["id"]
        assert r["system"] in {"K", "Na", "Li", "K-Na", "Li-Na", "Li-K", "Li-Na-K"}, r["id"]
        assert r["phases"] and r["unit"], r["id"]
        assert math.isfinite(float(r["value"])), r["id"]
        if r["kind"] == "liquid_fraction":
            assert 0 < float(r["x"]) < 0.5 and r["temperature_K"], r["id"]
        if r["kind"] in {"phase_boundary_x", "invariant_x", "critical_x"}:
            assert r["element"] in {"LI", "NA", "K"}, r["id"]


def test_targets_of_the_brief_are_in_the_table(rows):
    from semisolid.paper import number, numbers

    by_id = {r["id"]: r for r in rows}
    assert float(by_id["NaK_eutectic_T"]["value"]) == pytest.approx(
        number("nak_eutectic_T").value, abs=0.1)
    assert float(by_id["NaK_eutectic_xK_L"]["value"]) == number("nak_eutectic_xK").value
    assert float(by_id["LiNa_monotectic_T"]["value"]) == number("lina_monotectic_T").value
    assert float(by_id["LiNa_eutectic_T"]["value"]) == number("lina_eutectic_T").value
    assert by_id["LiK_consolute_T"]["constraint"] == "min"     # the paper's "> 1773 K"
    assert number("lik_miscibility_T").check == "> 1773"
    assert float(by_id["LiK_consolute_T"]["value"]) == pytest.approx(1773.15)
    fractions = sorted(float(r["value"]) for r in rows if r["kind"] == "liquid_fraction")
    paper = sorted(n.value for n in numbers() if n.key.startswith("liquid_"))
    assert fractions == paper


def test_liquid_fraction_compositions_follow_from_the_cell_geometry(rows):
    # Hand computation: 10 uL on a 7.14 mm disc, 3 mAh/cm2; rule-of-mixtures molar volume
    # (K 0.862, Na 0.968 g/cm3); n_K moved = Q A / F.
    area = math.pi * 0.714**2 / 4
    moved = 3.0 * 3.6 * area / 96485.33212
    expected = {}
    for cell, x_k in (("A", 0.95), ("B", 0.90)):
        n0 = 10e-3 / (x_k * 39.0983 / 0.862 + (1 - x_k) * 22.989769 / 0.968)
        x_na = 1 - x_k
        expected[f"swing_{cell}_start"] = x_na
        expected[f"swing_{cell}_enriched"] = x_na * n0 / (n0 + moved)
        expected[f"swing_{cell}_depleted"] = x_na * n0 / (n0 - moved)
    got = {r["id"]: float(r["x"]) for r in rows if r["kind"] == "liquid_fraction"}
    assert set(got) == set(expected)
    for key, x in expected.items():
        assert got[key] == pytest.approx(x, abs=6e-6), key


def test_script_reads_the_same_table(assess, rows):
    data = assess.read_data()
    assert [d.id for d in data] == [r["id"] for r in rows]


# ------------------------------------------------------------------------------ TDB writer
def test_shipped_tdb_is_what_the_script_writes(assess, tdb_path):
    text = assess.write_tdb(assess.load_parameters())
    assert tdb_path.read_text(encoding="utf-8") == text


def test_parameters_json_is_complete_and_at_tdb_precision(assess):
    raw = json.loads(assess.PARAMS_JSON.read_text(encoding="utf-8"))["parameters"]
    assert set(raw) == {s.name for s in assess.PARAM_SPECS}
    for a, b in raw.values():
        assert round(a, 2) == a and round(b, 4) == b


def test_tdb_parses_with_pycalphad(tdb_path):
    from pycalphad import Database

    db = Database(str(tdb_path))
    assert set(db.elements) == {"/-", "VA", "K", "LI", "NA"}
    assert set(db.phases) == {"LIQUID", "BCC_A2", "FCC_A1", "HCP_A3", "NA2K"}
    # one parameter line per interaction: no duplicates
    keys = [(p["phase_name"], str(p["constituent_array"]), p["parameter_order"],
             p["parameter_type"]) for p in db._parameters.all()]
    assert len(keys) == len(set(keys))


def test_unaries_are_sgte(assess, tdb_path):
    # the FUNCTIONs of the TDB evaluate to the espei.refdata SGTE 1991 values
    import espei.refdata as ref
    from pycalphad import Database
    from pycalphad import variables as v
    from symengine import Symbol

    db = Database(str(tdb_path))
    for el, name in (("NA", "GHSERNA"), ("K", "GHSERKK"), ("LI", "GHSERLI")):
        for T in (250.0, 300.0, 400.0, 600.0):
            ours = float(db.symbols[name].subs({v.T: T}))
            sgte = float(ref.SGTE91Stable[el].subs({ref.T: T}))
            assert ours == pytest.approx(sgte, abs=1e-6)
    liq = ref.SGTE91[("LI", "LIQUID")].xreplace({Symbol("GHSERLI"): ref.SGTE91Stable["LI"]})
    gliq = db.symbols["GLIQLI"].xreplace({Symbol("GHSERLI"): db.symbols["GHSERLI"]})
    for T in (220.0, 300.0, 470.0, 800.0):
        assert float(gliq.subs({v.T: T})) == pytest.approx(float(liq.subs({ref.T: T})),
                                                           abs=1e-6)


def test_script_doctests(assess):
    result = doctest.testmod(assess, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3 and result.failed == 0


# ------------------------------------------------------------------------------ fit model
@pytest.mark.pycalphad
def test_fit_model_gibbs_energy_equals_pycalphad(assess, tdb_path):
    # The numpy model the fit uses must be the TDB: compare with pycalphad's calculate().
    from pycalphad import Database, calculate

    db = Database(str(tdb_path))
    model = assess.Model(assess.load_parameters(), assess.Unaries())
    rng = np.random.default_rng(7)
    x = rng.dirichlet([1.0, 1.0, 1.0], size=6)  # (Li, Na, K)
    order = sorted(["LI", "NA", "K"])  # pycalphad site-fraction order: K, LI, NA
    perm = [order.index(e) for e in assess.ELEMENTS]
    for phase in ("LIQUID", "BCC_A2"):
        for T in (260.0, 300.0, 450.0):
            pts = np.zeros((len(x), 3))
            pts[:, perm] = x
            if phase == "BCC_A2":
                pts = np.hstack([pts, np.ones((len(x), 1))])
            ref = calculate(db, ["K", "LI", "NA", "VA"], phase, T=T, P=101325, N=1,
                            points=pts).GM.values.squeeze()
            ours = model.gm(phase, x, T)
            # R differs in the 9th digit between the two codes: tolerance 0.05 J/mol
            np.testing.assert_allclose(ours, ref, atol=0.05)
    ref = calculate(db, ["K", "NA", "VA"], "NA2K", T=290.0, P=101325, N=1).GM.values.squeeze()
    assert model.g_na2k(290.0) / 3 == pytest.approx(float(np.ravel(ref)[0]), abs=0.05)


@pytest.mark.pycalphad
def test_fit_model_tie_line_equals_pycalphad(assess, tdb_path):
    # The direct solve of the fit and pycalphad's global minimisation agree on the 22 C tie line
    from pycalphad import Database, equilibrium
    from pycalphad import variables as v

    model = assess.Model(assess.load_parameters(), assess.Unaries())
    x_bcc, x_liq = assess.binary_tie_line(model, ("K", "NA"), [("BCC_A2", 0.04),
                                                               ("LIQUID", 0.16)], 295.15)
    eq = equilibrium(Database(str(tdb_path)), ["K", "NA", "VA"], ["LIQUID", "BCC_A2"],
                     {v.X("NA"): 0.1, v.T: 295.15, v.P: 101325, v.N: 1})
    ph = eq.Phase.values.squeeze()
    xna = eq.X.sel(component="NA").values.squeeze()
    ref = {str(p): float(x) for p, x in zip(ph, xna, strict=True) if p}
    assert x_bcc == pytest.approx(ref["BCC_A2"], abs=1e-5)
    assert x_liq == pytest.approx(ref["LIQUID"], abs=1e-5)


def test_fit_residuals_within_two_sigma(assess):
    # Every weighted datum within 2 uncertainties; every bound holds (with the fit margin).
    model = assess.Model(assess.load_parameters(), assess.Unaries())
    data = [d for d in assess.read_data() if d.weight > 0]
    measures = assess.fit_measures(model)
    res = assess.residuals(data, measures)
    worst = {d.id: round(float(r), 2) for d, r in zip(data, res, strict=True) if abs(r) > 2}
    assert not worst


# ------------------------------------------------------------------------------ docs
def test_docs_list_every_datum_and_parameter(assess, rows):
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- residuals:start -->")[1].split("<!-- residuals:end -->")[0]
    for r in rows:
        assert f"| {r['id']} |" in block, r["id"]
    for spec in assess.PARAM_SPECS:
        assert spec.name in text, spec.name
