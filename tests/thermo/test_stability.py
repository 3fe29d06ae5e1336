"""The global minimum: about 20,000 random Li-Na-K states between 300 and 2000 K, none above
pycalphad's Gibbs energy by more than 1 J/mol, none failing, every one flagged converged.

pycalphad 0.11.2's answers are stored in tests/data/thermo_stability_linak.csv.gz (written
by ``python tests/thermo/oracle.py stability``; the file records the TDB's SHA-256).
"""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from semisolid.thermo import equilibrium_many


@pytest.fixture(scope="module")
def stored(data_dir):
    path = data_dir / "thermo_stability_linak.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        header = fh.readline()
        fh.readline()
        rows = [line.strip().split(",") for line in fh if line.strip()]
    t = np.array([float(r[0]) for r in rows])
    x = np.array([[float(r[1]), float(r[2])] for r in rows])
    gm = np.array([float(r[3]) if r[3] else np.nan for r in rows])
    sha = header.split("sha256 ")[1].split(";")[0]
    return t, x, gm, sha


@pytest.mark.slow
def test_no_state_above_pycalphad(linak_db, stored):
    t, x, gm, sha = stored
    assert sha == linak_db.sha256, (
        "LiNaK.tdb changed since pycalphad's answers were stored: run "
        "`python tests/thermo/oracle.py stability`")
    assert t.size >= 10_000
    comp = np.column_stack([1 - x.sum(axis=1), x[:, 0], x[:, 1]])  # K, Li, Na
    b = equilibrium_many(linak_db, ["K", "Li", "Na"], comp, t, engine="semisolid")
    assert b.converged.all()
    f = np.where(b.slot_phase >= 0, b.slot_fraction, 0.0)
    assert np.all(f >= 0.0)
    ok = np.isfinite(gm)
    assert ok.mean() > 0.99
    above = b.gibbs_energy_J_mol[ok] - gm[ok]
    assert above.max() <= 1.0, (float(above.max()), int(np.argmax(above)))
