"""End-to-end simulation, presets, reproducibility, bad input before allocation, PNG (the
CLI is tested in tests/cli/test_microstructure.py)."""

from __future__ import annotations

import json
import tracemalloc

import numpy as np
import pytest
from PIL import Image

from semisolid.errors import InputError
from semisolid.microstructure import PRESETS, check_memory, simulate
from semisolid.plots.microstructure import microstructure_image, save_microstructure_png


@pytest.mark.parametrize(("name", "fraction"), [("A", 0.10), ("B", 0.51)])
@pytest.mark.parametrize("dim", [2, 3])
def test_paper_presets_hit_fraction(name, fraction, dim):
    assert PRESETS[name] == fraction  # Park et al. 2021, Fig. 6a insets: 10 % and 51 % liquid
    size = 256 if dim == 2 else 48
    r = simulate(PRESETS[name], size_px=size, n_nuclei=100, dim=dim, seed=1)
    P = size**dim
    n_liq = int((r.field.arrival_time > r.time_slice.time_slice).sum())
    assert abs(n_liq - fraction * P) <= 0.5
    assert r.time_slice.secant_converged
    assert abs(r.time_slice.liquid_fraction_secant - fraction) < 1 / P


def test_same_seed_same_result_different_seed_different():
    a = simulate(0.51, size_px=96, n_nuclei=30, seed=5)
    b = simulate(0.51, size_px=96, n_nuclei=30, seed=5)
    c = simulate(0.51, size_px=96, n_nuclei=30, seed=6)
    np.testing.assert_array_equal(a.field.labels, b.field.labels)
    np.testing.assert_array_equal(a.field.arrival_time, b.field.arrival_time)
    assert a.to_dict() == b.to_dict()
    assert not np.array_equal(a.field.labels, c.field.labels)


def test_result_dict_has_cli_contract_keys():
    d = simulate(0.1, size_px=64, n_nuclei=20, seed=0).to_dict()
    for key, typ in [("time_slice", float), ("time_slice_secant", float),
                     ("liquid_fraction", float), ("liquid_percolates", bool),
                     ("interface_density", float)]:
        assert isinstance(d[key], typ), key
    json.dumps(d)


def test_low_liquid_fraction_does_not_percolate_and_high_does():
    lo = simulate(0.10, size_px=256, n_nuclei=200, seed=3)
    hi = simulate(0.90, size_px=256, n_nuclei=200, seed=3)
    assert not lo.percolation.percolates
    assert hi.percolation.percolates and hi.percolation.spanning_fraction > 0.99


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"liquid_fraction": 0.0}, "liquid_fraction: 0 is outside"),
        ({"liquid_fraction": 1.0}, "liquid_fraction: 1 is outside"),
        ({"liquid_fraction": 0.5, "n_nuclei": 0}, "n_nuclei: no nuclei"),
        ({"liquid_fraction": 0.5, "size_px": 0}, "size"),
        ({"liquid_fraction": 0.5, "dim": 4}, "dim"),
        ({"liquid_fraction": 0.5, "size_px": 30, "n_nuclei": 500, "min_separation_px": 3.0},
         "too small for 500 nuclei"),
        ({"liquid_fraction": 0.5, "size_px": 100_000}, "size: a 100000x100000 grid needs"),
        ({"liquid_fraction": 0.5, "size_px": 2000, "dim": 3,
          "memory_limit_bytes": 2**30}, "more than the limit of 1.0 GiB"),
    ],
)
def test_bad_input_rejected_before_heavy_allocation(kwargs, match):
    kwargs.setdefault("size_px", 64)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=match):
            simulate(**kwargs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2**20  # nothing grid-sized was allocated


def test_memory_estimate_refuses_and_accepts():
    assert check_memory((256, 256), 10, memory_limit_bytes=2**30) > 256**2
    with pytest.raises(InputError, match="size"):
        check_memory((256, 256, 256), 10, memory_limit_bytes=2**20)


@pytest.mark.slow
def test_image_liquid_white_grains_grey(tmp_path):
    r = simulate(0.51, size_px=80, n_nuclei=15, seed=2)
    img = microstructure_image(r.field.labels, r.solid)
    assert np.array_equal(img == 255, ~r.solid)
    assert img[r.solid].max() <= 210 and img[r.solid].min() >= 60
    # Each grain is one grey level.
    for i in range(15):
        assert np.unique(img[(r.field.labels == i) & r.solid]).size <= 1
    p = save_microstructure_png(r, tmp_path / "m.png", scale=2)
    back = np.asarray(Image.open(p))
    assert back.shape == (160, 160)
    assert np.array_equal(back[::2, ::2], img)
