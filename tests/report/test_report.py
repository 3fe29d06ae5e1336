"""The report builds in --quick mode; numbers.json holds every row; figures are images."""

from __future__ import annotations

import csv
import json
import re

from PIL import Image


def test_quick_report_builds_without_section_errors(quick_report):
    assert quick_report.errors == []
    assert quick_report.html_path.exists()


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
