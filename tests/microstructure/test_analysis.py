"""Liquid connectivity, interface density and grain sizes against independent references.

Percolation: hand-made images checked against scipy.ndimage.label directly, and random images
against a breadth-first search written here (with explicit periodic wrap). Interface density:
digitised disks and balls against their exact perimeter / area. Grain sizes: conservation.
"""

from __future__ import annotations

import itertools
import math
from collections import deque

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import ndimage

from semisolid.errors import InputError
from semisolid.microstructure import (
    arrival_times,
    grain_sizes,
    interface_density,
    liquid_percolation,
    place_nuclei,
)
from semisolid.microstructure.analysis import interface_edge_counts


def bfs_percolation(img: np.ndarray, axis: int, periodic: bool, connectivity: int):
    """Spanning test by breadth-first search from the first face; returns (percolates,
    fraction of liquid connected to both faces)."""
    shape = img.shape
    dim = img.ndim
    offs = [o for o in itertools.product((-1, 0, 1), repeat=dim)
            if any(o) and sum(map(abs, o)) <= connectivity]
    comp = -np.ones(shape, dtype=int)
    n = 0
    for start in zip(*np.nonzero(img), strict=True):
        if comp[start] >= 0:
            continue
        comp[start] = n
        q = deque([start])
        while q:
            p = q.popleft()
            for o in offs:
                nb = []
                ok = True
                for a in range(dim):
                    c = p[a] + o[a]
                    if not 0 <= c < shape[a]:
                        if periodic and a != axis:
                            c %= shape[a]
                        else:
                            ok = False
                            break
                    nb.append(c)
                nb = tuple(nb)
                if ok and img[nb] and comp[nb] < 0:
                    comp[nb] = n
                    q.append(nb)
        n += 1
    first = set(np.take(comp, 0, axis=axis).ravel()) - {-1}
    last = set(np.take(comp, -1, axis=axis).ravel()) - {-1}
    span = first & last
    total = int(img.sum())
    frac = float(np.isin(comp[img], list(span)).sum()) / total if total else 0.0
    return bool(span), frac, n


def test_hand_made_open_images_against_ndimage():
    straight = np.zeros((8, 8), bool)
    straight[:, 3] = True
    broken = straight.copy()
    broken[4, 3] = False
    diagonal = np.eye(8, dtype=bool)
    for img, four, eight in [(straight, True, True), (broken, False, False),
                             (diagonal, False, True)]:
        assert liquid_percolation(img, axis=0, connectivity=1).percolates is four
        assert liquid_percolation(img, axis=0, connectivity=2).percolates is eight
        # ndimage.label directly: does one label touch both rows?
        for conn, expect in ((1, four), (2, eight)):
            lab, _ = ndimage.label(img, ndimage.generate_binary_structure(2, conn))
            both = (set(lab[0]) & set(lab[-1])) - {0}
            assert bool(both) is expect


def test_spanning_fraction_hand_made():
    img = np.zeros((10, 10), bool)
    img[:, 2] = True  # spanning, 10 pixels
    img[3:6, 6:9] = True  # isolated blob, 9 pixels
    p = liquid_percolation(img)
    assert p.percolates and p.n_clusters == 2
    assert p.spanning_fraction == pytest.approx(10 / 19)
    # Along axis 1 nothing spans.
    assert not liquid_percolation(img, axis=1).percolates


def test_periodic_wrap_joins_across_lateral_boundary_only():
    # A staircase that reaches the right edge, continues at the left edge and goes on down.
    img = np.zeros((6, 6), bool)
    img[0:3, 5] = True
    img[2:6, 0] = True
    assert not liquid_percolation(img, axis=0, periodic=False).percolates
    p = liquid_percolation(img, axis=0, periodic=True)
    assert p.percolates and p.n_clusters == 1 and p.spanning_fraction == 1.0
    # The spanning axis itself is never wrapped: a column touching only the top row and the
    # bottom row through the wrap of axis 0 does not span.
    img2 = np.zeros((6, 6), bool)
    img2[0, 2] = img2[5, 2] = True
    assert not liquid_percolation(img2, axis=0, periodic=True).percolates


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    img=st.one_of(
        arrays(bool, st.tuples(st.integers(1, 9), st.integers(1, 9))),
        arrays(bool, st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))),
    ),
    periodic=st.booleans(),
    data=st.data(),
)
def test_percolation_matches_bfs(img, periodic, data):
    axis = data.draw(st.integers(0, img.ndim - 1))
    conn = data.draw(st.integers(1, img.ndim))
    p = liquid_percolation(img, axis=axis, periodic=periodic, connectivity=conn)
    span, frac, n = bfs_percolation(img, axis, periodic, conn)
    assert p.percolates is span
    assert p.spanning_fraction == pytest.approx(frac)
    assert p.n_clusters == n


def test_disk_perimeter_per_area():
    y, x = np.mgrid[:600, :600] + 0.5
    for r in (40.0, 120.0, 250.0):
        disk = (x - 300.2) ** 2 + (y - 299.7) ** 2 <= r * r
        exact = 2 * math.pi * r / 600**2
        assert interface_density(disk) == pytest.approx(exact, rel=0.01)


def test_ball_area_per_volume():
    z, y, x = np.mgrid[:120, :120, :120] + 0.5
    r = 45.0
    ball = (x - 60.3) ** 2 + (y - 59.8) ** 2 + (z - 60.1) ** 2 <= r * r
    exact = 4 * math.pi * r**2 / 120**3
    assert interface_density(ball) == pytest.approx(exact, rel=0.01)


def test_edge_counts_periodic_and_axis_aligned_bias():
    stripe = np.zeros((10, 10), bool)
    stripe[:, :4] = True
    # Open: one crossing per row along axis 1; periodic adds the wrap crossing.
    assert interface_edge_counts(stripe, periodic=False) == [(0, 90), (10, 90)]
    assert interface_edge_counts(stripe, periodic=True) == [(0, 100), (20, 100)]
    # Two straight boundaries of length 10 in 100 px^2: true L_A = 0.2; the isotropic
    # estimator gives pi/4 of it for axis-aligned lines (documented bias).
    assert interface_density(stripe, periodic=True) == pytest.approx(0.2 * math.pi / 4)


def test_grain_sizes_conserve_solid_pixels():
    nuc = place_nuclei(50, (96, 80), seed=9)
    f = arrival_times(nuc)
    solid = f.arrival_time <= np.median(f.arrival_time)
    g = grain_sizes(f.labels, solid, nuc.n_nuclei)
    assert g.sizes_px.sum() == solid.sum()
    for i in range(nuc.n_nuclei):
        assert g.sizes_px[i] == np.count_nonzero((f.labels == i) & solid)
    full = grain_sizes(f.labels, np.ones_like(solid), nuc.n_nuclei)
    assert full.sizes_px.sum() == solid.size
    d = full.equivalent_diameters_px
    assert np.allclose(math.pi * (d / 2) ** 2, full.sizes_px[full.sizes_px > 0])


def test_bad_input():
    with pytest.raises(InputError, match="axis"):
        liquid_percolation(np.ones((3, 3), bool), axis=2)
    with pytest.raises(InputError, match="connectivity"):
        liquid_percolation(np.ones((3, 3), bool), connectivity=3)
    with pytest.raises(InputError, match="liquid"):
        liquid_percolation(np.ones(5, bool))
    with pytest.raises(InputError, match="boolean"):
        interface_density(np.full((3, 3), 2))
