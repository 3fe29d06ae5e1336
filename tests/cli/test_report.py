"""CLI: ``semisolid reproduce``."""

from __future__ import annotations


def test_reproduce_cli_exits_1_when_a_section_fails(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from semisolid.cli import app
    from semisolid.report import reproduce

    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setattr(reproduce, "SECTIONS", [("broken", broken)])
    res = CliRunner().invoke(app, ["reproduce", "--out", str(tmp_path / "r"), "--quick"])
    assert res.exit_code == 1
    assert (tmp_path / "r" / "index.html").exists()
    assert "boom" in (tmp_path / "r" / "index.html").read_text()
