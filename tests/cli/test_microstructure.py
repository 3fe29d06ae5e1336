"""CLI: ``semisolid microstructure`` (JSON, PNG, presets, bad input)."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from semisolid.cli import app


def test_cli_json_and_png(tmp_path):
    out = tmp_path / "b.png"
    res = CliRunner().invoke(app, [
        "microstructure", "--liquid-fraction", "0.51", "--size", "128", "--nuclei", "40",
        "--seed", "1", "--out", str(out), "--json",
    ])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["liquid_fraction"] == pytest.approx(0.51, abs=0.5 / 128**2)
    assert isinstance(doc["liquid_percolates"], bool)
    assert abs(doc["time_slice"] - doc["time_slice_secant"]) < 0.01 * doc["time_slice"]
    # The PNG, read back by Pillow, is white exactly on the liquid fraction reported.
    img = np.asarray(Image.open(io.BytesIO(out.read_bytes())))
    assert img.shape == (128, 128)
    assert np.mean(img == 255) == pytest.approx(doc["liquid_fraction"], abs=1e-12)


def test_cli_3d_and_preset():
    res = CliRunner().invoke(app, [
        "microstructure", "--preset", "A", "--size", "32", "--nuclei", "30", "--dim", "3",
        "--json",
    ])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["dim"] == 3 and doc["target_liquid_fraction"] == 0.10


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--liquid-fraction", "1.5"], "--liquid-fraction: 1.5 is outside (0, 1)"),
        ([], "give exactly one of --liquid-fraction"),
        (["--liquid-fraction", "0.5", "--preset", "A"], "give exactly one"),
        (["--preset", "Q"], "unknown preset 'Q'"),
        (["--liquid-fraction", "0.5", "--nuclei", "0"], "--nuclei: no nuclei"),
        (["--liquid-fraction", "0.5", "--size", "4096", "--dim", "3"], "--size: a 4096x4096x4096"),
        (["--liquid-fraction", "0.5", "--nuclei", "400", "--min-separation", "30"],
         "--nuclei: a 64x64 grid is too small"),
        (["--liquid-fraction", "0.5", "--dim", "5"], "--dim"),
    ],
)
def test_cli_bad_input(args, match):
    res = CliRunner().invoke(app, ["microstructure", "--size", "64", *args])
    assert res.exit_code == 2
    assert match in res.stderr
    assert "Traceback" not in res.output
