"""Results at home in a notebook: short reprs, HTML tables, ``to_frame()``, reader warnings
through ``warnings`` and ``logging``."""

from __future__ import annotations

import logging
import math

import numpy as np
import pytest
from scipy import stats as sps
from typer.testing import CliRunner

from semisolid.errors import ReaderWarning

MAX_REPR = 400      # characters: one line in a notebook cell, not 6 kB of arrays
MAX_HTML = 6000


def _check_short(obj, name):
    text = repr(obj)
    assert text.startswith(f"{name}(") and "\n" not in text and len(text) <= MAX_REPR, text
    html = obj._repr_html_()
    assert html.startswith("<table") and name in html and len(html) <= MAX_HTML
    assert "array(" not in text and "array(" not in html


def _stepped_cell():
    """Galvanostatic steps 0.5, 1.0, ... mA/cm2 on 1 cm2; a 30 Ohm cell that shorts to 1 Ohm
    during the 2.5 mA/cm2 step (the detector doctest's cell)."""
    from semisolid.io.data import CyclingData

    j = np.repeat(np.arange(1, 7) * 0.5, 2) * 10.0
    i = np.repeat(np.tile([1.0, -1.0], 6) * j * 1e-4, 50)
    v = i * 30.0
    v[9 * 50 + 20:] = i[9 * 50 + 20:] * 1.0
    return CyclingData.from_arrays(np.arange(12 * 50) * 10.0, v, i)


@pytest.mark.slow  # over 0.5 s on the loaded machine
def test_cycling_data_and_spectra_reprs_are_short():
    from semisolid.io import read, read_spectra
    from semisolid.samples import sample_path

    rec = read(sample_path("gcpl"))
    _check_short(rec, "CyclingData")
    assert f"<{rec.time_s.size} values" in repr(rec)
    assert repr(rec).endswith("/navani_gcpl_5cycles.mpr')")  # the file name shows
    spectra = read_spectra(sample_path("peis"))
    _check_short(spectra, "Spectra")
    _check_short(spectra[0], "Spectrum")
    assert "<43 complex values>" in repr(spectra[0])


def test_ccd_result_repr_and_frame():
    from semisolid.ccd.detect import detect

    r = detect(_stepped_cell(), area_m2=1e-4)
    _check_short(r, "CCDResult")
    assert "ccd_mA_cm2=2.5" in repr(r) and "failure='short'" in repr(r)
    row = r.to_frame()
    assert len(row) == 1
    assert row.loc[0, "ccd_A_m2"] == pytest.approx(25.0)       # 2.5 mA/cm2, set by the cell
    assert row.loc[0, "onset_half_cycle"] == 9 and row.loc[0, "signature"] == "hard short"


def test_eis_fit_frame_matches_its_parameters():
    from semisolid.eis.analysis import analyse_file
    from semisolid.samples import sample_path

    (a,) = analyse_file(sample_path("peis"))
    for obj, name in [(a, "SpectrumAnalysis"), (a.fit, "FitResult"), (a.kk, "KKResult")]:
        _check_short(obj, name)
    df = a.fit.to_frame()
    assert df.index.tolist() == list(a.fit.parameters)
    for k, v in a.fit.parameters.items():
        assert df.loc[k, "parameters"] == v and df.loc[k, "stderr"] == a.fit.stderr[k]
        lo, hi = a.fit.ci95[k]
        assert df.loc[k, "ci95_low"] == lo < v < hi == df.loc[k, "ci95_high"]
    assert df.loc["R0", "units"] == "Ohm"


@pytest.mark.slow  # over 0.5 s on the loaded machine
def test_statistics_frames_against_scipy_and_numpy():
    from semisolid.stats import linear_fit, mean_ci, summarize_groups, weibull_mle

    x = np.array([1.2, 2.3, 1.9, 2.8, 3.1, 2.2])
    m = mean_ci(x)
    _check_short(m, "MeanCI")
    row = m.to_frame().iloc[0]
    lo, hi = sps.t.interval(0.95, x.size - 1, loc=x.mean(), scale=sps.sem(x))
    assert row["mean"] == pytest.approx(x.mean()) and row["n"] == 6
    assert (row["low"], row["high"]) == pytest.approx((lo, hi), rel=1e-12)

    w = weibull_mle(x)
    _check_short(w, "WeibullFit")
    shape, _, scale = sps.weibull_min.fit(x, floc=0.0)
    frame = w.to_frame()
    assert frame.loc[0, "shape_m"] == pytest.approx(shape, rel=1e-3)
    assert frame.loc[0, "scale_x0"] == pytest.approx(scale, rel=1e-3)

    xs, ys = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.1, 3.9, 6.2, 7.8])
    f = linear_fit(xs, ys)
    _check_short(f, "LinearFit")
    slope, intercept = np.polyfit(xs, ys, 1)
    assert f.to_frame().loc[0, ["slope", "intercept"]].tolist() == pytest.approx(
        [slope, intercept], rel=1e-12)

    import pandas as pd

    groups = summarize_groups(pd.DataFrame({"electrode": ["Li"] * 3 + ["K"] * 3,
                                            "ccd_mA_cm2": [0.4, 0.6, 0.5, 2.0, 2.4, 2.2]}))
    g = {s.group: s for s in groups}
    _check_short(g["Li"], "GroupSummary")
    assert g["Li"].to_frame().loc[0, "mean"] == pytest.approx(0.5)
    assert math.isclose(g["K"].to_frame().loc[0, "mean"], 2.2)


def test_ccd_statistics_frame_has_one_row_per_group(tmp_path):
    from semisolid.ccd.analysis import ccd_statistics

    p = tmp_path / "ccd.csv"
    p.write_text("electrode,ccd_mA_cm2\nLi,0.4\nLi,0.6\nK,2.0\nK,2.4\n")
    s = ccd_statistics(p)
    _check_short(s, "CCDStatistics")
    df = s.to_frame()
    assert sorted(df["group"]) == ["K", "Li"]
    assert dict(zip(df["group"], df["mean"], strict=True)) == pytest.approx({"Li": 0.5,
                                                                               "K": 2.2})


def test_equilibrium_result_repr():
    from semisolid.thermo import load_database
    from semisolid.thermo.engine.api import equilibrium

    r = equilibrium(load_database(), {"K": 0.95, "Na": 0.05}, temperature_K=295.15)
    _check_short(r, "EquilibriumResult")
    assert "phase_names=['BCC_A2', 'LIQUID']" in repr(r)


def test_reader_warnings_go_through_warnings_and_logging(data_dir, caplog):
    from semisolid.io import read

    path = data_dir / "echem" / "cyclers" / "2017-05-09_test-TC-contact_CH33.csv"
    with caplog.at_level(logging.WARNING, logger="semisolid.io"), \
            pytest.warns(ReaderWarning) as caught:
        rec = read(path)
    said = [str(w.message) for w in caught]
    assert rec.metadata.warnings and said == rec.metadata.warnings
    assert [r.getMessage() for r in caplog.records if r.name == "semisolid.io"] == said
    assert any("states no unit" in m for m in said)


@pytest.mark.slow  # over 0.5 s on the loaded machine
def test_cli_prints_each_reader_warning_once(data_dir):
    from semisolid.cli import app

    path = data_dir / "echem" / "cyclers" / "2017-05-09_test-TC-contact_CH33.csv"
    res = CliRunner().invoke(app, ["inspect", str(path)])
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("warning: ")]
    assert lines and len(lines) == len(set(lines))
    assert any("states no unit" in ln for ln in lines)


@pytest.mark.slow  # over 0.5 s on the loaded machine
def test_creep_model_fit_repr_and_frame():
    import semisolid.models.validation as va

    f = va.fit()
    _check_short(f, "FitResult")
    df = f.to_frame()
    assert df.index.tolist() == list(f.targets_mA_cm2)
    for fam, target in f.targets_mA_cm2.items():
        assert df.loc[fam, "targets_mA_cm2"] == target
        assert df.loc[fam, "model_mA_cm2"] == f.model_mA_cm2[fam]
    ratio = np.maximum(df["model_mA_cm2"] / df["targets_mA_cm2"],
                       df["targets_mA_cm2"] / df["model_mA_cm2"])
    assert ratio.max() == pytest.approx(f.max_ratio, rel=1e-9)   # its own definition


def test_swing_result_repr():
    from semisolid.electrode.electrode import Electrode
    from semisolid.electrode.swing import composition_swing

    e = Electrode.from_volume({"K": 0.95, "Na": 0.05}, 10e-9, diameter_m=7.14e-3)
    s = composition_swing(e, 3 * 36000, working_ion="K")
    _check_short(s, "SwingResult")
    _check_short(s.enriched, "EndState")
    assert "working_ion='K'" in repr(s) and "start=<EndState>" in repr(s)
