"""The report builds in --quick mode; numbers.json holds every row; figures are images."""

from __future__ import annotations

import csv
import json
import re

import pytest
from PIL import Image


@pytest.mark.slow  # builds the quick report (about 20 s), once per session
def test_quick_report_builds_without_section_errors(quick_report):
    assert quick_report.errors == []
    assert quick_report.html_path.exists()


@pytest.mark.slow  # builds the quick report (about 20 s), once per session
def test_numbers_json_holds_every_comparison_row(quick_report):
    numbers = json.loads(quick_report.numbers_path.read_text())
    html = quick_report.html_path.read_text()
    rows_html = re.findall(r'<td class="item">([^<]*)</td>', html)
    assert len(numbers["comparison"]) == len(rows_html) > 20
    assert [r["item"] for r in numbers["comparison"]] == rows_html
    with open(quick_report.out_dir / "comparison.csv", newline="") as fh:
        rows_csv = list(csv.DictReader(fh))
    assert [r["item"] for r in rows_csv] == rows_html
    for r in numbers["comparison"]:
        assert r["status"] in {"pass", "fail", "info", "not computed"}
        if r["status"] == "not computed":
            assert r["note"], f"row {r['item']} not computed without a reason"


@pytest.mark.slow  # builds the quick report (about 20 s), once per session
def test_every_figure_file_is_a_valid_image(quick_report):
    numbers = json.loads(quick_report.numbers_path.read_text())
    assert len(numbers["figures"]) >= 8
    for rel in numbers["figures"]:
        with Image.open(quick_report.out_dir / rel) as im:
            im.verify()
            assert im.format == "PNG"
    html = quick_report.html_path.read_text()
    assert html.count("data:image/png;base64,") == len(numbers["figures"])
    assert "http://" not in html and "https://" not in html.replace("https://doi.org", "")


def test_comparison_status_logic():
    from semisolid.report.model import Comparison

    assert Comparison("x", "q", "K", 260.5, 261.4, 1.0).status == "pass"
    assert Comparison("x", "q", "K", 260.5, 261.6, 1.0).status == "fail"
    assert Comparison("x", "q", "", 10.0, 10.39, 0.04, relative=True).status == "pass"
    assert Comparison("x", "q", "", 10.0, 10.41, 0.04, relative=True).status == "fail"
    assert Comparison("x", "q", "", "< 1", 0.99, None, check="< 1").status == "pass"
    assert Comparison("x", "q", "", "< 1", 1.0, None, check="< 1").status == "fail"
    assert Comparison("x", "q", "", "10-40", 41.0, None, check="in [10, 40]").status == "fail"
    assert Comparison("x", "q", "", 1.0, float("nan"), 0.1).status == "not computed"
    assert Comparison("x", "q", "", 1.0, 1.0, None).status == "info"
    with pytest.raises(ValueError):
        Comparison("x", "q", "", 1.0, 1.0, 0.1, kind="guess")


@pytest.mark.slow  # builds the quick report (about 20 s), once per session
def test_known_disagreements_are_exactly_the_expected_ones(quick_report):
    """The paper-vs-computed failures are known and explained (docs/report.md): the paper's
    "~150 um" electrode (10 uL over 0.40 cm2 is 250 um) and the 1/yield model's A/K ratio;
    and the creep model's out-of-sample misses (docs/models.md): electrode A from the
    contiguity skeleton, and the literature Na CCD at 0.25 mAh/cm2.
    A new failure, or one of these starting to pass, must be looked at."""
    failing = {(c.item, c.quantity) for c in quick_report.comparisons if c.status == "fail"}
    assert failing == {
        ("28", "alloy electrode thickness, 10 µL on 7.14 mm"),
        ("7", "CCD ratio A / K"),
        # the database is fitted to measurements only: the paper's ~20x is a prediction, and
        # the Li-K liquid allowed by the measured bound gives 80 (docs/assessment.md)
        ("30", "Li solubility, Na-rich / K-rich end of the field"),
        ("45", "literature Na/NBA CCD at 0.25 mAh/cm², 3.4 MPa (ref. 23)"),
        *{("P", f"mean CCD A, predicted out of sample (fit on {s})")
          for s in ("Li, Na, K, B", "Li, Li+NaK, K, B", "Li, Li+NaK, Na, B")},
    }
    t = next(c for c in quick_report.comparisons if c.item == "28")
    assert 240.0 < t.computed < 260.0  # 10e-9 m3 / (pi (3.57e-3 m)^2) = 249.75 um


@pytest.mark.slow  # builds the quick report (about 20 s), once per session
def test_rows_carry_the_papers_numbers(quick_report):
    """Every number of the paper's data file is a row of the report, with its value,
    tolerance and condition exactly as the file gives them."""
    from semisolid.paper import NUMBERS

    rows = {(c.item, c.quantity): c for c in quick_report.comparisons}
    for n in NUMBERS.values():
        c = rows[(n.item, n.quantity)]
        assert (c.unit, c.paper, c.tolerance, c.relative, c.check) == (
            n.unit, n.value, n.tolerance, n.relative, n.check), n.key


def test_sections_share_a_typed_context():
    import inspect

    from semisolid.report.context import ReportContext
    from semisolid.report.sections import SECTIONS

    for key, build in SECTIONS:
        hints = inspect.get_annotations(build, eval_str=True)
        assert hints["ctx"] is ReportContext, key


@pytest.mark.slow  # builds the quick report (about 20 s), once per session
def test_independent_rows_are_marked(quick_report):
    kinds = {c.kind for c in quick_report.comparisons}
    assert {"computed", "fitted", "calibrated"} <= kinds
    # the liquid fractions of A and B were data of the database assessment: not independent
    for c in quick_report.comparisons:
        if c.item in ("27", "29"):
            assert c.kind == "fitted", c
