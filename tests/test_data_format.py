"""CyclingData / Spectrum invariants: half cycles from sign changes, charge conservation."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.errors import InputError
from semisolid.io.data import CyclingData, Spectrum, half_cycles_from_set_current


def test_half_cycles_skip_rests_and_count_sign_changes():
    i = np.array([0, 1, 1, 0, 0, 1, -1, -1, 0, np.nan, -1, 1, 0.0])
    assert half_cycles_from_set_current(i).tolist() == [
        -1, 0, 0, -1, -1, 0, 1, 1, -1, -1, 1, 2, -1]


def test_charge_of_square_wave_is_zero_after_full_cycles():
    t = np.linspace(0, 4, 4001)
    i = np.where((t % 2) < 1, 1e-3, -1e-3)
    d = CyclingData.from_arrays(t, np.zeros_like(t), i)
    # analytic: integral of a +/- square wave over whole periods is 0 (trapezoid error at the 3
    # discontinuities is at most 3 * dt * 1e-3)
    assert abs(d.charge_C[-1]) <= 3 * 1e-3 * 1e-3 + 1e-15


def test_length_mismatch_is_named():
    with pytest.raises(InputError, match="voltage_V"):
        CyclingData.from_arrays([0, 1, 2], [0, 1], [0, 0, 0])


def test_spectrum_shape_check():
    with pytest.raises(InputError):
        Spectrum(np.array([1.0, 2.0]), np.array([1 + 0j]))


def test_atomic_output_gives_normal_permissions(tmp_path):
    import os
    import stat

    from semisolid._util import atomic_write_text

    umask = os.umask(0o022)
    try:
        p = atomic_write_text(tmp_path / "x.txt", "hi")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(p.stat().st_mode) == 0o644


def test_atomic_output_leaves_nothing_on_error(tmp_path):
    from semisolid._util import atomic_output

    target = tmp_path / "y.bin"
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
