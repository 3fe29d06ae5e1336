"""CLI: ``semisolid contact-angle`` and ``electrode-area`` (JSON, overlays, exit codes)."""

from __future__ import annotations

import hashlib
import json
import math

import pytest
from typer.testing import CliRunner

from semisolid.cli import app

pytest.importorskip("skimage")

runner = CliRunner()


@pytest.fixture(scope="module")
def drop_png(tmp_path_factory):
    from semisolid.imaging.synthetic import render_sessile_drop

    d = render_sessile_drop(75.0, 0.8, shape=(240, 320), half_width_px=100.0, reflection=0.4)
    path = tmp_path_factory.mktemp("drop") / "drop.png"
    d.save(path)
    return path, d


@pytest.fixture(scope="module")
def cell_png(tmp_path_factory):
    from semisolid.imaging.synthetic import render_electrode

    e = render_electrode(shape=(260, 260), disc_radius_px=110.0, metal_radius_px=60.0,
                         glare=3, shading=0.2)
    path = tmp_path_factory.mktemp("cell") / "cell after.png"
    e.save(path)
    return path, e


def _json(args):
    r = runner.invoke(app, [*args, "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


@pytest.mark.slow
def test_contact_angle_json_and_plot(drop_png, tmp_path):
    path, d = drop_png
    out = tmp_path / "overlay.png"
    doc = _json(["contact-angle", str(path), "--plot", str(out), "--pixel-size", "7um",
                 "--density", "0.87g/cm3"])
    assert doc["contact_angle_deg"] == pytest.approx(75.0, abs=1.0)
    assert doc["local_fit"]["left_deg"] == pytest.approx(75.0, abs=1.0)
    assert doc["image_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    b_m = d.truth["apex_radius_px"] * 7e-6
    assert doc["young_laplace"]["surface_tension_N_m"] == pytest.approx(
        870.0 * 9.80665 * b_m**2 / 0.8, rel=0.05)
    assert out.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_contact_angle_tables(drop_png):
    r = runner.invoke(app, ["contact-angle", str(drop_png[0])])
    assert r.exit_code == 0, r.output
    assert "young_laplace" in r.stdout and "Bond number" in r.stdout
    assert "sha256" in r.stdout


@pytest.mark.slow
def test_electrode_area_json(cell_png, tmp_path):
    path, e = cell_png
    doc = _json(["electrode-area", str(path), "--reference", "12.7mm", "--plot",
                 str(tmp_path / "area.svg")])
    true_m2 = e.truth["area_fraction"] * math.pi * (12.7e-3 / 2) ** 2
    assert doc["area_m2"] == pytest.approx(true_m2, rel=0.02)
    assert doc["reference"]["size_m"] == pytest.approx(12.7e-3)
    assert (tmp_path / "area.svg").read_text().lstrip().startswith("<?xml")


@pytest.mark.slow
@pytest.mark.parametrize(("args", "message"), [
    (["electrode-area", "{cell}"], "--reference"),
    (["electrode-area", "{cell}", "--reference", "12.7kg"], "--reference"),
    (["electrode-area", "{cell}", "--reference", "12.7mm", "--reference-kind", "ruler"],
     "--reference-kind"),
    (["contact-angle", "{cell}"], "error: "),
    (["contact-angle", "{drop}", "--drop", "blue"], "--drop"),
    (["contact-angle", "{text}"], "not an image"),
    (["contact-angle", "{missing}"], "missing.png"),
])
def test_bad_input_exit_code_2(args, message, drop_png, cell_png, tmp_path):
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    paths = {"cell": str(cell_png[0]), "drop": str(drop_png[0]), "text": str(text),
             "missing": str(tmp_path / "missing.png")}
    r = runner.invoke(app, [a.format(**paths) for a in args])
    assert r.exit_code == 2, r.output
    assert message in r.output
    assert "Traceback" not in r.output
