"""Fuzz test of the Neware readers (the new binary formats): at least 1,000 mutated
.ndax and 1,000 mutated .nda files each give a result or a semisolid error, never another
exception and never a hang. Every file is read in a pool process whose CPU time per file
is capped (tests/io/fuzzworker.py), so a hang cannot stall the suite: it shows as a file
without a result, named in the failure."""

from __future__ import annotations

import multiprocessing as mp

import pytest

from .conftest import ECHEM
from .fuzzworker import CPU_LIMIT_S, limit_process, mutations, read_one

FILES = {"ndax": ECHEM / "navani" / "test.ndax", "nda": ECHEM / "navani" / "test.nda"}


def _fuzz(tmp_path, kind: str, n: int, seed: int) -> dict[str, int]:
    pytest.importorskip("NewareNDA")
    data = FILES[kind].read_bytes()
    cases = mutations(data, n, seed)
    paths = []
    for k, (_, b) in enumerate(cases):
        p = tmp_path / f"m{k:05d}.{kind}"
        p.write_bytes(b)
        paths.append(str(p))
    ctx = mp.get_context("fork")
    counts = {"ok": 0, "semisolid": 0}
    problems = []
    with ctx.Pool(2, initializer=limit_process, maxtasksperchild=200) as pool:
        jobs = [pool.apply_async(read_one, (p,)) for p in paths]
        for (label, _), p, job in zip(cases, paths, jobs, strict=True):
            try:
                outcome, exc, msg = job.get(timeout=CPU_LIMIT_S * 3)
            except mp.TimeoutError:
                problems.append(f"{p} ({label}): no result within {CPU_LIMIT_S * 3} s (hang)")
                continue
            if outcome == "other":
                problems.append(f"{p} ({label}): {exc}: {msg}")
                continue
            counts[outcome] += 1
            if outcome == "semisolid":
                assert p.split("/")[-1] in msg, msg  # the error names the file
    assert not problems, "\n".join(problems[:20])
    return counts


@pytest.mark.parametrize("kind", ["ndax", "nda"])
def test_fuzz_neware_quick(tmp_path, kind):
    """Each kind of mutation once, read in this process (the fast tier)."""
    pytest.importorskip("NewareNDA")
    from semisolid.errors import SemisolidError
    from semisolid.io import read

    refused = 0
    for k, (label, b) in enumerate(mutations(FILES[kind].read_bytes(), 6, seed=1)):
        p = tmp_path / f"q{k}.{kind}"
        p.write_bytes(b)
        try:
            read(p)
        except SemisolidError as exc:
            assert p.name in str(exc), (label, str(exc))
            refused += 1
    assert refused > 0


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["ndax", "nda"])
def test_fuzz_neware_1000_files(tmp_path, kind):
    counts = _fuzz(tmp_path, kind, 1000, seed=2)
    assert sum(counts.values()) == 1000 and counts["semisolid"] > 100
