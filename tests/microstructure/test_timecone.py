"""The fast tiled arrival times against brute force (bit-identical, ties to the lowest index).

Oracles: (1) a pure-Python per-pixel loop written here (math.sqrt, no numpy), which checks the
numpy brute-force reference itself on tiny grids; (2) the chunked brute-force reference on
small 2D and 3D grids, periodic and open, for several leaf/level settings.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from semisolid.microstructure import Nuclei, arrival_times, place_nuclei
from semisolid.microstructure.reference import arrival_times_brute_force


def python_loop_arrival(nuc: Nuclei) -> tuple[np.ndarray, np.ndarray]:
    """Per pixel, per nucleus, plain Python floats; first strict minimum wins."""
    shape = nuc.shape_px
    T = np.empty(shape)
    lab = np.empty(shape, dtype=np.int64)
    for idx in np.ndindex(*shape):
        best, arg = math.inf, -1
        for i in range(nuc.n_nuclei):
            sq = []
            for a, n in enumerate(shape):
                d = abs((idx[a] + 0.5) - float(nuc.positions_px[i, a]))
                if nuc.periodic:
                    d = min(d, n - d)
                sq.append(d * d)
            # The documented order of the sums: d0^2 + d1^2, or d0^2 + (d1^2 + d2^2).
            s = sq[0] + sq[1] if len(sq) == 2 else sq[0] + (sq[1] + sq[2])
            t = math.sqrt(s) / float(nuc.speeds_px_per_time[i])
            if t < best:
                best, arg = t, i
        T[idx], lab[idx] = best, arg
    return T, lab


@pytest.mark.parametrize("periodic", [True, False])
@pytest.mark.parametrize("shape", [(9, 7), (5, 4, 6)])
def test_reference_equals_python_loop(shape, periodic):
    nuc = place_nuclei(6, shape, periodic=periodic, seed=11)
    T, lab = arrival_times_brute_force(nuc, chunk_pixels=5)
    T_py, lab_py = python_loop_arrival(nuc)
    np.testing.assert_array_equal(lab, lab_py)
    np.testing.assert_array_equal(T, T_py)


CASES = [
    ((64, 64), 40), ((70, 45), 25), ((33, 1), 3), ((128, 96), 300), ((50, 50), 1),
    ((24, 24, 24), 60), ((17, 20, 9), 12), ((16, 16, 16), 1),
]


@pytest.mark.slow
@pytest.mark.parametrize("periodic", [True, False], ids=["periodic", "open"])
@pytest.mark.parametrize(("shape", "n"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_fast_identical_to_brute_force(shape, n, periodic):
    nuc = place_nuclei(n, shape, periodic=periodic, seed=n + shape[0])
    T, lab = arrival_times_brute_force(nuc)
    for leaf, levels in [(None, None), (2, 3), (4, 1), (1, 2)]:
        f = arrival_times(nuc, leaf_px=leaf, levels=levels)
        assert f.arrival_time.dtype == T.dtype == np.float64
        np.testing.assert_array_equal(f.labels, lab)
        np.testing.assert_array_equal(f.arrival_time, T)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    shape=st.lists(st.integers(1, 19), min_size=2, max_size=3),
    n=st.integers(1, 30),
    periodic=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
    speed_hi=st.floats(1.0, 5.0),
    leaf=st.sampled_from([1, 2, 3, 4, 8]),
)
def test_fast_identical_random_configurations(shape, n, periodic, seed, speed_hi, leaf):
    nuc = place_nuclei(n, tuple(shape), periodic=periodic, seed=seed, min_separation_px=0.0,
                       speed_range=(0.5, speed_hi))
    T, lab = arrival_times_brute_force(nuc)
    f = arrival_times(nuc, leaf_px=leaf)
    np.testing.assert_array_equal(f.labels, lab)
    np.testing.assert_array_equal(f.arrival_time, T)


@pytest.mark.parametrize("periodic", [True, False])
def test_exact_ties_go_to_lowest_index(periodic):
    # Four equal-speed nuclei placed symmetrically: the mirror lines run through pixel
    # centres, so many pixels are exactly equidistant from two (or four) nuclei.
    pos = np.array([[10.5, 10.5], [10.5, 20.5], [20.5, 10.5], [20.5, 20.5]])
    order = [3, 1, 2, 0]  # scramble the indices so "lowest index" is not "first placed"
    nuc = Nuclei(pos[order], np.ones(4), (31, 31), periodic=periodic)
    T, lab = arrival_times_brute_force(nuc)
    f = arrival_times(nuc, leaf_px=4)
    np.testing.assert_array_equal(f.labels, lab)
    np.testing.assert_array_equal(f.arrival_time, T)
    # Pixel (15, 15) (centre 15.5, 15.5) is equidistant from all four: index 0 wins.
    assert f.labels[15, 15] == 0
    # Pixel (15, 5) (centre 15.5, 5.5) ties between the nuclei at (10.5, 10.5) and
    # (20.5, 10.5), which have indices 3 and 2: 2 wins.
    assert f.labels[15, 5] == 2


def test_grains_cover_grid_and_time_zero_at_nucleus_pixels():
    nuc = Nuclei(np.array([[2.5, 3.5], [7.5, 7.5]]), np.array([1.0, 1.0]), (10, 10),
                 periodic=False)
    f = arrival_times(nuc)
    assert f.arrival_time[2, 3] == 0.0 and f.labels[2, 3] == 0
    assert f.arrival_time[7, 7] == 0.0 and f.labels[7, 7] == 1
    # Far corner of the grid: distance to (7.5, 7.5) from pixel centre (9.5, 9.5) is sqrt(8).
    assert f.arrival_time[9, 9] == pytest.approx(math.sqrt(8.0), rel=1e-15)


def test_periodic_wraps_around():
    # One slow nucleus near the left edge, one fast one in the middle: across the periodic
    # boundary the slow one is the closest to pixels near the right edge.
    nuc = Nuclei(np.array([[5.5, 0.5], [5.5, 30.5]]), np.array([1.0, 1.0]), (11, 60))
    f = arrival_times(nuc)
    assert f.labels[5, 59] == 0
    assert f.arrival_time[5, 59] == pytest.approx(1.0)
    f_open = arrival_times(Nuclei(nuc.positions_px, nuc.speeds_px_per_time, (11, 60),
                                  periodic=False))
    assert f_open.labels[5, 59] == 1
