"""semisolid.parsing: text input as a user types it, against values worked out by hand."""

from __future__ import annotations

import pytest

from semisolid.errors import InputError
from semisolid.parsing import (
    MAX_GRID_POINTS,
    output_path,
    parse_assignments,
    parse_composition,
    parse_grid,
    parse_names,
    parse_number,
)


def test_numbers():
    assert parse_number("0.95") == 0.95
    assert parse_number("-1e-3") == -0.001
    assert parse_number("7", integer=True) == 7 and isinstance(parse_number("7", True), int)
    with pytest.raises(InputError, match=r"^'x' is not a number$"):
        parse_number("x")
    with pytest.raises(InputError, match=r"^--n: '2.5' is not an integer$") as exc:
        parse_number("2.5", integer=True, field="--n")
    assert exc.value.field == "--n"


def test_assignments_keep_order_and_refuse_repeats():
    assert list(parse_assignments("R1=100, R0=10,")) == ["R1", "R0"]
    assert parse_assignments("CPE1_0=1e-6") == {"CPE1_0": 1e-6}
    with pytest.raises(InputError, match="'R0' is not NAME=VALUE"):
        parse_assignments("R0")
    with pytest.raises(InputError, match="R0 given twice"):
        parse_assignments("R0=1, R0=2")
    with pytest.raises(InputError, match=r"empty; expected e\.g\. 'R0=10,R1=100'"):
        parse_assignments(" , ")
    with pytest.raises(InputError, match="'ten' is not a number"):
        parse_assignments("R0=ten")


def test_composition_of_electrode_a():
    # the paper's composition A, K-rich Na-K: 95 % K, 5 % Na (mole fractions)
    assert parse_composition("K=0.95,Na=0.05") == {"K": 0.95, "Na": 0.05}
    with pytest.raises(InputError, match=r"^-c: 'K:0.95' is not ELEMENT=FRACTION") as exc:
        parse_composition("K:0.95", field="-c")
    assert exc.value.field == "-c"


def test_grid_of_the_design_map():
    # 0.5 to 6 mAh/cm2 in 23 steps of 0.25 mAh/cm2; 1 mAh/cm2 = 3.6 C / 1e-4 m2 = 36,000 C/m2
    q = parse_grid("0.5mAh/cm2:6mAh/cm2:23", "areal_capacity")
    assert len(q) == 23
    assert q[0] == pytest.approx(18_000.0) and q[-1] == pytest.approx(216_000.0)
    assert q[1] - q[0] == pytest.approx(9_000.0)
    assert parse_grid("22C", "temperature") == [pytest.approx(295.15)]
    assert parse_grid("0.8:0.99:20")[1] == pytest.approx(0.81)
    assert parse_grid("5:5:1") == [5.0]
    assert parse_grid("1, 2,3") == [1.0, 2.0, 3.0]


@pytest.mark.parametrize(("text", "message"), [
    ("0:1:0", "count 0 in '0:1:0' must be in 1..1,000,000"),
    (f"0:1:{MAX_GRID_POINTS + 1}", "must be in 1..1,000,000"),
    ("0:1:99999999999999999999", "must be in 1..1,000,000"),
    ("0:1:2.5", "'2.5' is not an integer"),
    ("0:1", "'0:1' is not START:STOP:COUNT or a comma list"),
    ("1:2:3:4", "is not START:STOP:COUNT"),
])
def test_bad_grids_are_refused_before_any_point_is_made(text, message):
    with pytest.raises(InputError, match=message):
        parse_grid(text)


def test_grid_values_of_the_wrong_kind_name_the_field():
    with pytest.raises(InputError, match=r"^--temperature: '3mA' has units of current") as exc:
        parse_grid("3mA:4mA:2", "temperature", field="--temperature")
    assert exc.value.field == "--temperature"


def test_names():
    assert parse_names("LIQUID, BCC_A2") == ["LIQUID", "BCC_A2"]
    assert parse_names(" , ") == []


def test_output_paths(tmp_path):
    assert output_path(tmp_path / "m.csv") == tmp_path / "m.csv"
    assert output_path(str(tmp_path / "figs"), folder=True) == tmp_path / "figs"
    assert output_path(str(tmp_path), folder=None) == tmp_path          # no suffix: a folder
    assert output_path(str(tmp_path / "d.SVG"), folder=None) == tmp_path / "d.SVG"
    with pytest.raises(InputError, match="is a file name; expected a folder"):
        output_path(str(tmp_path / "d.png"), folder=True)
    with pytest.raises(InputError, match=r"of .* does not exist"):
        output_path(str(tmp_path / "no" / "m.csv"))
    (tmp_path / "f").write_text("x")
    with pytest.raises(InputError, match=r"f/m\.csv': Not a directory"):
        output_path(str(tmp_path / "f" / "m.csv"))
    with pytest.raises(InputError, match="character device") as exc:
        output_path("/dev/null", field="--out")
    assert exc.value.field == "--out"
    with pytest.raises(InputError, match="empty output path"):
        output_path("")
