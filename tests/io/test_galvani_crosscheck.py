"""Dev-only: every column of our .mpr reader equals datalab-org-galvani's (GPL, not shipped).

Skipped when ``galvani`` is not installed (``pip install datalab-org-galvani``).
"""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.io.biologic_columns import FLAGS
from semisolid.io.biologic_mpr import parse_mpr

from .conftest import MPR_FILES

galvani = pytest.importorskip("galvani", reason="datalab-org-galvani not installed")

pytestmark = pytest.mark.devonly


@pytest.mark.parametrize("path", MPR_FILES, ids=lambda p: p.name)
def test_columns_equal_galvani(path):
    from galvani import BioLogic

    with open(path, "rb") as fh:  # galvani leaves a path-opened file unclosed
        ref = BioLogic.MPRfile(fh)
    ours = parse_mpr(path)
    g = ref.data
    assert ours.n_rows == g.shape[0]
    compared = 0
    for name in g.dtype.names:
        if name == "flags":
            assert np.array_equal(ours.columns["flags"], g["flags"])
            # the expanded bits recombine into the byte (bit 0x40 has no name)
            flags = np.zeros(ours.n_rows, dtype=np.uint8)
            for fname, mask in FLAGS.values():
                if fname in ours.columns:
                    shift = (mask & -mask).bit_length() - 1
                    flags |= (ours.columns[fname].astype(np.uint8) << shift).astype(np.uint8)
            assert np.array_equal(flags, g["flags"] & ~np.uint8(0x40))
        else:
            assert name in ours.columns, name
            assert ours.columns[name].dtype == g[name].dtype, name
            assert np.array_equal(ours.columns[name], g[name], equal_nan=True), name
        compared += 1
    assert compared == len(g.dtype.names)
    assert ours.start_time.startswith(ref.timestamp.isoformat()[:19])
