"""semisolid.display: results as JSON, tables and lines, checked against text written out
by hand."""

from __future__ import annotations

import json

from semisolid.display import (
    format_cell,
    format_json,
    print_json,
    print_result,
    print_table,
    result_tables,
)


class _Plain:
    def to_dict(self):
        return {"thickness_m": 2.5e-05, "metal": "K", "phases": {"BCC_A2": 1.0}}


class _Own(_Plain):
    def tables(self):
        return [("own", ["a"], [[1.0]])]

    def lines(self):
        return ["note: \x1b[31mred\x1b[0m"]


def test_json_has_null_for_nan_and_infinities(capsys):
    print_json({"a": float("nan"), "b": [float("-inf"), 2.0]})
    assert json.loads(capsys.readouterr().out) == {"a": None, "b": [None, 2.0]}
    assert format_json({"x": 1}) == '{\n  "x": 1\n}'


def test_cells():
    assert format_cell(1 / 3) == "0.333333"
    assert format_cell(123456789.0) == "1.23457e+08"
    assert format_cell({"K": 0.95, "Na": {"x": 0.5}}) == "K=0.95, Na=(x=0.5)"
    assert format_cell(["a", 0.5]) == "a; 0.5"
    assert format_cell("Li") == "Li" and format_cell(3) == 3


def test_default_table_is_quantity_value():
    assert result_tables(_Plain(), "t") == [
        ("t", ["quantity", "value"],
         [["thickness_m", "2.5e-05"], ["metal", "K"], ["phases", "BCC_A2=1"]])]
    assert result_tables(_Own()) == [("own", ["a"], [[1.0]])]


def test_table_text_is_plain_and_numbers_whole(capsys):
    print_table("[red]t[/red]", ["[b]col"], [[float("nan")], [None], [1234567.891], ["x\ty"]])
    out = capsys.readouterr().out
    assert "[red]t[/red]" in out and "[b]col" in out     # markup shown as typed
    assert out.count(" - ") == 2 and "1.23457e+06" in out and "x\\ty" in out


def test_result_tables_then_escaped_lines(capsys):
    print_result(_Own())
    out = capsys.readouterr().out
    assert out.index("own") < out.index("note:")
    assert "\x1b" not in out and "note: \\x1b[31mred\\x1b[0m" in out


def test_a_list_is_one_json_document(capsys):
    print_result([_Plain(), _Plain()], as_json=True)
    doc = json.loads(capsys.readouterr().out)
    assert len(doc) == 2 and doc[0]["metal"] == "K"
    print_result([_Plain(), _Own()], title="r")
    out = capsys.readouterr().out
    assert "quantity" in out and "own" in out
