"""Finite-length Warburg (Wo, Ws), Gerischer (G) and transmission-line (TLM) elements:
analytical limits, impedance.py's own element functions, impedance.py's example circuit,
area-specific parameters and the Bode plot."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.eis import Circuit, fit_circuit
from semisolid.errors import InputError

W_LOW = 2 * np.pi * np.logspace(-7, -6, 5)  # rad/s, far below 1/tau
W_HIGH = 2 * np.pi * np.logspace(7, 8, 5)  # far above 1/tau


def _z(element: str, params: dict[str, float], omega: np.ndarray) -> np.ndarray:
    return Circuit.parse(element).impedance(omega / (2 * np.pi), params)


def test_open_warburg_limits():
    z0, tau = 3.0, 10.0
    p = {"Wo1_Z0": z0, "Wo1_tau": tau}
    lo = _z("Wo1", p, W_LOW)
    # omega -> 0: a resistance Z0/3 in series with a capacitance tau/Z0
    np.testing.assert_allclose(lo.real, z0 / 3, rtol=1e-6)
    np.testing.assert_allclose(lo.imag, -z0 / (W_LOW * tau), rtol=1e-6)
    hi = _z("Wo1", p, W_HIGH)
    # omega -> inf: the semi-infinite Warburg Z0/sqrt(j omega tau), 45 degrees
    np.testing.assert_allclose(hi, z0 / np.sqrt(1j * W_HIGH * tau), rtol=1e-12)
    np.testing.assert_allclose(np.degrees(np.angle(hi)), -45.0, atol=1e-9)
    w = Circuit.parse("W1").impedance(W_HIGH / (2 * np.pi), {"W1": z0 / np.sqrt(2 * tau)})
    np.testing.assert_allclose(hi, w, rtol=1e-12)


def test_short_warburg_limits():
    z0, tau = 3.0, 10.0
    p = {"Ws1_Z0": z0, "Ws1_tau": tau}
    lo = _z("Ws1", p, W_LOW)
    # omega -> 0: the resistance Z0, and -Im Z = Z0 omega tau / 3
    np.testing.assert_allclose(lo.real, z0, rtol=1e-9)
    np.testing.assert_allclose(-lo.imag, z0 * W_LOW * tau / 3, rtol=1e-5)
    hi = _z("Ws1", p, W_HIGH)
    np.testing.assert_allclose(hi, z0 / np.sqrt(1j * W_HIGH * tau), rtol=1e-12)


def test_gerischer_limits():
    r, tau = 7.0, 1e-3
    p = {"G1_R": r, "G1_tau": tau}
    # relative deviation of the limit: omega tau / 2 <= 3.2e-9 here
    np.testing.assert_allclose(_z("G1", p, W_LOW), r, rtol=1e-8)
    hi = _z("G1", p, W_HIGH)
    # relative deviation of the limit: 1 / (2 omega tau) <= 8e-6 here
    np.testing.assert_allclose(hi, r / np.sqrt(1j * W_HIGH * tau), rtol=1e-5)
    # the arc's top: -Im Z is largest at omega tau = sqrt(3)
    w = np.logspace(-2, 2, 4001) / tau
    z = _z("G1", p, w)
    assert w[np.argmax(-z.imag)] * tau == pytest.approx(np.sqrt(3), rel=2e-3)


def test_transmission_line_limits():
    p = {"TLM1_Rion": 5.0, "TLM1_Rct": 100.0, "TLM1_Q": 1e-3, "TLM1_alpha": 0.9}
    # omega -> 0: sqrt(Rion Rct) coth(sqrt(Rion / Rct))
    lo = _z("TLM1", p, W_LOW)
    np.testing.assert_allclose(lo.real, np.sqrt(500.0) / np.tanh(np.sqrt(0.05)), rtol=1e-6)
    # omega -> inf: coth -> 1, Z -> sqrt(Rion Zint) with Zint = p(Rct, CPE) -> the CPE
    hi = _z("TLM1", p, W_HIGH)
    zint = Circuit.parse("p(R1,CPE1)").impedance(
        W_HIGH / (2 * np.pi), {"R1": 100.0, "CPE1_Q": 1e-3, "CPE1_alpha": 0.9})
    np.testing.assert_allclose(hi, np.sqrt(5.0 * zint), rtol=1e-12)
    zcpe = 1 / (p["TLM1_Q"] * (1j * W_HIGH) ** 0.9)
    np.testing.assert_allclose(hi, np.sqrt(5.0 * zcpe), rtol=1e-6)  # 1/(Rct Q w^a) <= 1e-6
    # a short pore (Rion -> 0): the interface plus Rion / 3
    q = {**p, "TLM1_Rion": 1e-6}
    w = 2 * np.pi * np.logspace(-2, 4, 30)
    zint = Circuit.parse("p(R1,CPE1)").impedance(
        w / (2 * np.pi), {"R1": 100.0, "CPE1_Q": 1e-3, "CPE1_alpha": 0.9})
    np.testing.assert_allclose(_z("TLM1", q, w), zint + 1e-6 / 3, rtol=1e-9)
    # blocking interface (Rct -> inf) at low frequency: Rion / 3 in series with the CPE
    b = {**p, "TLM1_Rct": 1e30}
    zb = _z("TLM1", b, W_LOW)
    np.testing.assert_allclose(zb.real - (1 / (1e-3 * (1j * W_LOW) ** 0.9)).real, 5.0 / 3,
                               rtol=1e-4)


@pytest.mark.slow  # importing impedance.py takes ~4 s
@pytest.mark.parametrize(("ours", "theirs"), [
    ("Wo", "Wo"), ("Ws", "Ws"), ("G", "G"),
])
def test_elements_equal_impedance_py(ours, theirs):
    elems = pytest.importorskip("impedance.models.circuits.elements")
    f = np.logspace(5, -3, 40)
    p = (2.5, 0.37)
    ref = getattr(elems, theirs)(list(p), f)
    names = Circuit.parse(f"{ours}1").parameter_names
    np.testing.assert_allclose(_z(f"{ours}1", dict(zip(names, p, strict=True)), 2 * np.pi * f),
                               ref, rtol=1e-12)


def test_element_names_and_units():
    c = Circuit.parse("R0-p(R1,C1)-p(R2-Wo1,C2)-Ws_diff-G1-TLM1")
    assert c.parameter_names == [
        "R0", "R1", "C1", "R2", "Wo1_Z0", "Wo1_tau", "C2", "Ws_diff_Z0", "Ws_diff_tau",
        "G1_R", "G1_tau", "TLM1_Rion", "TLM1_Rct", "TLM1_Q", "TLM1_alpha"]
    assert c.parameter_units["Wo1_tau"] == "s" and c.parameter_units["G1_R"] == "Ohm"


@pytest.mark.parametrize(("circuit", "true"), [
    ("R0-p(R1,C1)-Wo1", {"R0": 5.0, "R1": 40.0, "C1": 1e-5, "Wo1_Z0": 60.0, "Wo1_tau": 20.0}),
    ("R0-p(R1,C1)-Ws1", {"R0": 5.0, "R1": 40.0, "C1": 1e-5, "Ws1_Z0": 60.0, "Ws1_tau": 20.0}),
    ("R0-p(G1,C1)", {"R0": 2.0, "G1_R": 30.0, "G1_tau": 1e-3, "C1": 1e-7}),
    ("R0-TLM1", {"R0": 1.0, "TLM1_Rion": 20.0, "TLM1_Rct": 80.0, "TLM1_Q": 2e-4,
                 "TLM1_alpha": 0.85}),
])
def test_fit_recovers_new_elements(circuit, true):
    f = np.logspace(5, -3, 60)
    z = Circuit.parse(circuit).impedance(f, true)
    r = fit_circuit(f, z, circuit)
    for k, v in true.items():
        assert r.parameters[k] == pytest.approx(v, rel=1e-5), k


EXAMPLE = "R0-p(R1,C1)-p(R2-Wo1,C2)"
GUESS = [0.01, 0.01, 100, 0.01, 0.05, 100, 1]  # impedance.py's README example


@pytest.fixture(scope="module")
def example(data_dir):
    d = np.loadtxt(data_dir / "echem/impedance_py/exampleData.csv", delimiter=",")
    f, z = d[:, 0], d[:, 1] + 1j * d[:, 2]
    keep = z.imag < 0  # impedance.py's preprocessing.ignoreBelowX
    return f[keep], z[keep]


@pytest.mark.slow
@pytest.mark.devonly
def test_impedance_py_example_circuit_fits_its_example_data(example):
    cc = pytest.importorskip("impedance.models.circuits")
    f, z = example
    c = Circuit.parse(EXAMPLE)
    ours = fit_circuit(f, z, EXAMPLE, weighting="unit",
                       initial=dict(zip(c.parameter_names, GUESS, strict=True)))
    assert ours.success and ours.well_determined
    # impedance.py 1.7.1's fit of the same data, run to convergence
    ref = cc.CustomCircuit(EXAMPLE, initial_guess=GUESS)
    ref.fit(f, z, ftol=1e-14, xtol=1e-14, gtol=1e-14, maxfev=100000)
    np.testing.assert_allclose(list(ours.parameters.values()), ref.parameters_, rtol=1e-3)
    # with its default tolerances impedance.py stops earlier (Wo1 1-2 % away), at a larger
    # sum of squares than ours: ours is the better minimum, not another one
    default = cc.CustomCircuit(EXAMPLE, initial_guess=GUESS)
    default.fit(f, z)

    def ssr(p):
        return float(np.sum(np.abs(c.impedance(f, dict(zip(c.parameter_names, p,
                                                            strict=True))) - z) ** 2))

    assert ours.chi2 == pytest.approx(ssr(list(ours.parameters.values())), rel=1e-12)
    assert ours.chi2 <= ssr(default.parameters_)
    np.testing.assert_allclose(list(ours.stderr.values()), ref.conf_, rtol=1e-2)


def test_area_specific_parameters_scale_with_the_area():
    f = np.logspace(5, -2, 40)
    true = {"R0": 5.0, "R1": 40.0, "CPE1_Q": 1e-5, "CPE1_alpha": 0.9, "Wo1_Z0": 60.0,
            "Wo1_tau": 20.0}
    circuit = "R0-p(R1,CPE1)-Wo1"
    r = fit_circuit(f, Circuit.parse(circuit).impedance(f, true), circuit)
    a = r.area_specific(0.5e-4)  # 0.5 cm2
    assert a.area_cm2 == pytest.approx(0.5)
    assert a.units == {"R0": "Ohm cm2", "R1": "Ohm cm2", "CPE1_Q": "S s^alpha/cm2",
                       "CPE1_alpha": "1", "Wo1_Z0": "Ohm cm2", "Wo1_tau": "s"}
    assert a.parameters["R1"] == pytest.approx(20.0, rel=1e-6)
    assert a.parameters["CPE1_Q"] == pytest.approx(2e-5, rel=1e-6)
    assert a.parameters["CPE1_alpha"] == pytest.approx(0.9, rel=1e-6)
    # independent check: the area-specific parameters give Z * A in Ohm cm2
    za = Circuit.parse(circuit).impedance(f, a.parameters)
    np.testing.assert_allclose(za, Circuit.parse(circuit).impedance(f, true) * 0.5, rtol=1e-5)
    with pytest.raises(InputError, match="area_m2"):
        r.area_specific(0.0)


@pytest.mark.slow  # a 7-parameter fit and three figures
def test_plots_draw_into_given_axes(example):
    from matplotlib.figure import Figure

    from semisolid.io.data import Spectrum
    from semisolid.plots.eis import plot_bode, plot_eis, plot_nyquist

    f, z = example
    sp = Spectrum(f, z)
    fit = fit_circuit(f, z, EXAMPLE, weighting="unit",
                      initial=dict(zip(Circuit.parse(EXAMPLE).parameter_names, GUESS,
                                       strict=True)))
    fig = Figure()
    ax = fig.add_subplot(1, 3, 1)
    assert plot_nyquist([sp], fits=[fit], ax=ax) is fig
    axes = (fig.add_subplot(1, 3, 2), fig.add_subplot(1, 3, 3))
    assert plot_bode([sp], fits=[fit], ax=axes) is fig
    mod = axes[0].lines[0].get_ydata()
    np.testing.assert_allclose(mod, np.abs(z))
    assert axes[1].lines[0].get_ydata().max() < 0  # capacitive: negative phase
    assert len(plot_eis([sp], fits=[fit]).axes) == 3
