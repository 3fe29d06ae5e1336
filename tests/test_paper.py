"""The paper's data file (semisolid/data/park2021.toml) through semisolid.paper: complete,
consistent with itself, shipped with the package, and the liquid fractions the models use
come from the electrode code."""

from __future__ import annotations

import math
import re
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from semisolid import paper
from semisolid.errors import InputError
from semisolid.report.model import Comparison


def test_data_file_is_package_data():
    # read as package data (no repository path), and declared so that wheels carry it
    raw = tomllib.loads((files("semisolid") / "data" / paper.DATA_FILE).read_text("utf-8"))
    assert len(raw["numbers"]) == len(paper.NUMBERS)      # keys are unique
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    with open(pyproject, "rb") as fh:
        package_data = tomllib.load(fh)["tool"]["setuptools"]["package-data"]["semisolid"]
    assert f"data/*{Path(paper.DATA_FILE).suffix}" in package_data


def test_every_number_is_comparable():
    for n in paper.NUMBERS.values():
        assert n.item and n.quantity and n.where, n.key
        if n.key.startswith("record_"):
            assert n.value == "see paper" and n.tolerance is None and n.check is None
        elif isinstance(n.value, str):   # words: a condition or an input range
            assert n.check is not None or n.key.startswith("toughness_"), n.key
        else:
            assert n.tolerance is not None or n.check is not None, n.key
            assert n.tolerance is None or n.tolerance >= 0
        if n.check is not None:       # the report can evaluate every condition
            Comparison.from_paper(n, 1.0, kind="prediction").status  # noqa: B018


def test_labels_agree_with_compositions():
    # "0.95K-0.05Na" and {K: 0.95, Na: 0.05} are two transcriptions of one fact
    for e in paper.ELECTRODES.values():
        parts = dict((el, float(x)) for x, el in re.findall(r"([\d.]+)([A-Z][a-z]?)", e.label))
        assert parts == e.composition
        assert math.fsum(e.composition.values()) == pytest.approx(1.0, abs=1e-12)
    film = paper.CELL.nak_film_composition
    assert film["K"] == paper.number("nak_eutectic_xK").value    # the eutectic, 68 mol% K


def test_texts_agree_with_the_facts():
    c = paper.CELL
    assert f"{c.alloy_volume_m3 * 1e9:g} µL on {c.collector_diameter_m * 1e3:g} mm" in \
        paper.number("alloy_thickness").quantity
    assert f"{c.li_disc_diameter_m * 1e3:g} mm × {c.li_disc_thickness_m * 1e3:g} mm" in \
        paper.number("li_disc_volume").quantity
    for key, proto in (("record_protocol_Li", "Li"), ("record_protocol_NaK", "NaK"),
                       ("record_protocol_NaK-Li", "NaK-Li")):
        p = paper.PROTOCOLS[proto]
        assert (f"{p.start_current_density_mA_cm2:g}→{p.max_current_density_mA_cm2:g} mA/cm²"
                in paper.number(key).quantity)
    # the plated-thickness numbers are at the protocols' capacities
    caps = {x for p in paper.PROTOCOLS.values() for x in p.areal_capacities_mAh_cm2}
    assert {n.conditions["areal_capacity_mAh_cm2"] for n in paper.numbers("17")} <= caps
    # the inset fractions are the paper's stated starting fractions of B and A
    assert paper.INSET_LIQUID_FRACTIONS == {"B": 0.51, "A": 0.10} == {
        k: paper.number(f"liquid_{k}_start").value for k in ("B", "A")}


def test_families_and_cell_counts():
    assert [f.electrode for f in paper.FAMILIES] == ["Li", "Na", "K", "A", "B", "Li+NaK"]
    assert {f.protocol for f in paper.FAMILIES} == set(paper.PROTOCOLS)
    given = sum(f.n_cells for f in paper.FAMILIES if f.n_cells)
    assert paper.TOTAL_CELLS - given == 17      # Li, Na and K cells together (38 - 4 - 3 - 14)
    for f in paper.FAMILIES:
        for name in (f.name, f.name.upper(), f.electrode, *f.aliases):
            assert paper.family(name) is f
    with pytest.raises(InputError, match="did you mean 'K/KBA/K'"):
        paper.family("K/KBA/Kx")


def test_unknown_number_is_named():
    with pytest.raises(InputError, match="unknown paper number 'nak_eutectic'"):
        paper.number("nak_eutectic")

