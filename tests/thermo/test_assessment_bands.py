"""The 95 % band of the K-rich (K) + liquid boundaries of Na-K over the assessment's ensemble
(semisolid.thermo.assessment.bands) and its drawing on Fig. 7a.

References: the width is recomputed member by member with the fit model's direct tie-line
solve (Newton on equal chemical potentials, a different solver from the ensemble's convex
hull); the nominal boundary is the main engine's phase diagram of the shipped TDB."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.errors import InputError
from semisolid.thermo.assessment import load_ensemble, nak_k_rich_band, two_phase_band
from semisolid.thermo.assessment.model import Model, binary_tie_line


@pytest.fixture(scope="module")
def band():
    return nak_k_rich_band()


def _member_tie_lines(T: float) -> np.ndarray:
    """x_Na of (K) and of the liquid for every member, by the fit model's direct solve."""
    ens = load_ensemble()
    out = []
    for i in range(1, ens.size + 1):
        model = Model(ens.member_parameters(i), ens.unaries)
        out.append(binary_tie_line(model, ("K", "NA"), [("BCC_A2", 0.04), ("LIQUID", 0.16)], T))
    return np.array(out)


@pytest.mark.slow
def test_width_at_295_K_equals_the_members_own_tie_lines(band):
    i = int(np.argmin(np.abs(band.temperature_K - 295.15)))
    assert band.temperature_K[i] == 295.15
    assert band.members[i] == band.members_total == load_ensemble().size
    ref = _member_tie_lines(295.15)                       # x_Na, shape (M, 2)
    for k, ph in enumerate(("BCC_A2", "LIQUID")):
        lo_na, hi_na = np.percentile(ref[:, k], [2.5, 97.5])
        lo, _v, hi = band.boundary(ph)                      # x_K
        assert band.width(ph)[i] == pytest.approx(hi_na - lo_na, abs=1e-7)
        assert lo[i] == pytest.approx(1 - hi_na, abs=1e-7)
        assert hi[i] == pytest.approx(1 - lo_na, abs=1e-7)
    # measured: the (K) solvus band is 0.0273-0.0498 in x_Na, the liquidus 0.1482-0.1640
    assert 1 - band.high["BCC_A2"][i] == pytest.approx(0.0273, abs=5e-4)
    assert 1 - band.low["BCC_A2"][i] == pytest.approx(0.0498, abs=5e-4)


@pytest.mark.slow
def test_band_contains_the_engine_diagram(band):
    from semisolid.thermo import load_database
    from semisolid.thermo.diagrams import binary_diagram

    d = binary_diagram(load_database(), ("Na", "K"), 262.0, 334.0, step_K=4.0)
    field = next(f for f in d.fields if set(f.phases) == {"LIQUID", "BCC_A2"}
                 and np.nanmax(f.x_right) > 0.6)
    liquid, solid = ((field.x_left, field.x_right) if field.phases[0] == "LIQUID"
                     else (field.x_right, field.x_left))
    T = np.asarray(field.temperature_K)
    checked = 0
    for ph, xs in (("LIQUID", liquid), ("BCC_A2", solid)):
        lo, v, hi = band.boundary(ph)
        for t, x in zip(T, xs, strict=True):
            j = np.flatnonzero(np.isclose(band.temperature_K, t))
            if j.size == 0 or not np.isfinite(x):
                continue
            assert lo[j[0]] <= x <= hi[j[0]]
            assert v[j[0]] == pytest.approx(x, abs=2e-4)
            checked += 1
    assert checked >= 30


@pytest.mark.slow
def test_fig7a_draws_the_band_around_the_nominal_boundary(band):
    from semisolid.electrode.uncertainty import swing_uncertainty
    from semisolid.paper import ELECTRODES, paper_electrode, swing
    from semisolid.plots.design import plot_fig7a
    from semisolid.thermo import load_database
    from semisolid.thermo.diagrams import binary_diagram

    d = binary_diagram(load_database(), ("Na", "K"), 260.0, 340.0, step_K=5.0)
    sw = [swing(n) for n in ELECTRODES]
    unc = [swing_uncertainty(paper_electrode(n), 3 * 36000.0, "K") for n in ELECTRODES]
    fig = plot_fig7a(sw, d, band=band, uncertainties=unc)
    ax = fig.axes[0]
    fills = {c.get_gid(): c for c in ax.collections}
    assert set(fills) >= {"ensemble_band_BCC_A2", "ensemble_band_LIQUID"}
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels.count("95 % ensemble") == 1
    # the drawn band holds the nominal boundaries at 295.15 K: the tie line through B's
    # starting electrode, solved by the main engine
    ends = [p.composition["K"] for p in sw[1].start.phases]
    assert len(ends) == 2 and sw[1].temperature_K == 295.15
    for x in ends:
        inside = [c.get_paths()[0].contains_point((x, 295.15)) for c in fills.values()]
        assert sum(inside) == 1
    # each end is labelled with its interval, e.g. "3.0%\n[0.0, 12.1]"
    texts = [t.get_text() for t in ax.texts]
    e = unc[0].ends["enriched"].liquid_fraction
    assert f"[{100 * e.low:.1f}, {100 * e.high:.1f}]" in "".join(texts)


def test_bad_arguments_are_refused():
    with pytest.raises(InputError, match="no BCC_A2 \\+ LIQUID field at 340 K"):
        two_phase_band(("Na", "K"), ("BCC_A2", "LIQUID"), [295.15, 340.0], x_start=0.9,
                       start_K=295.15)
    with pytest.raises(InputError, match="two phases"):
        two_phase_band(("Na", "K"), ("LIQUID", "LIQUID"), [295.15], x_start=0.9)
    with pytest.raises(InputError, match="composition"):
        two_phase_band(("Na", "K"), ("BCC_A2", "LIQUID"), [295.15], x_start=1.5)


@pytest.mark.slow
def test_fig7a_refuses_a_band_or_intervals_that_do_not_fit():
    from semisolid.paper import ELECTRODES, swing
    from semisolid.plots.design import plot_fig7a
    from semisolid.thermo import load_database
    from semisolid.thermo.diagrams import binary_diagram

    d = binary_diagram(load_database(), ("Na", "K"), 280.0, 300.0, step_K=10.0)
    sw = [swing(n) for n in ELECTRODES]
    with pytest.raises(InputError, match="uncertainties"):
        plot_fig7a(sw, d, uncertainties=[None])
    wrong = two_phase_band(("K", "Na"), ("BCC_A2", "LIQUID"), [295.15], x_start=0.1)
    with pytest.raises(InputError, match="x_K"):
        plot_fig7a(sw, d, band=wrong)


@pytest.mark.slow
@pytest.mark.parametrize(("pair", "T"), [(("K", "Na"), 295.15), (("K", "Na"), 270.0),
                                         (("Li", "Na"), 500.0), (("K", "Li"), 300.0)])
def test_member_levers_equal_the_ensemble_solver_away_from_boundaries(pair, T):
    """Lever rules on every member's tie lines against the ensemble's own solve of each
    composition; a grid of 5 points (refined where a field may hide) gives the same."""
    from semisolid.thermo.assessment.levers import member_levers

    ens = load_ensemble()
    fine = member_levers(ens, pair, T, n_grid=41)
    coarse = member_levers(ens, pair, T, n_grid=5)
    x = np.linspace(0.013, 0.987, 23)
    direct = ens.liquid_fraction(pair, x, T)
    lev = fine.liquid_fraction(x)
    near = np.zeros(direct.shape, dtype=bool)  # within 1e-3 of a member's breakpoint
    for m, bx in enumerate(fine.x):
        near[m] = np.min(np.abs(x[:, None] - bx[None, :]), axis=1) < 1e-3
    assert np.abs(lev - direct)[~near].max() < 1e-8
    assert np.abs(coarse.liquid_fraction(x) - lev).max() < 1e-8
