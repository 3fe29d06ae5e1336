"""The bounded fuzz stage: 2,000 mutated potentiostat files through every reader.

Each file is a deterministic mutation (bit flips, overwritten bytes, truncation, deleted and
inserted spans, rewritten .mpr header fields, edited text lines and fields, other text
encodings, splices of two files) of a seed: the test data, the sample files and files the
package writes itself (a virtual cell as .mpt and .csv, a canonical CSV export). Each is read
in a pool of worker processes (``fuzz_worker.py``), each with a 2 GiB address-space limit
and a CPU limit of 5 s per file, by one of: :func:`semisolid.io.read` (format detected),
``read(format=NAME)`` for every registered reader, :func:`~semisolid.io.read_spectra`,
:func:`~semisolid.io.workflows.summarize_file` (``semisolid inspect``) and
:func:`~semisolid.imaging.image.read_image` (PNG, JPEG and TIFF seeds too).

Passes when every file is read or refused with a one-line semisolid error: no other
exception (not even MemoryError), no hang (CPU or wall-clock limit), no crash, and no
Python warning escaping a reader.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from semisolid.io import REGISTRY

N_FILES = 2000
WORKERS = 2
WALL_LIMIT_S = 60.0  # a read blocked without using CPU (the CPU limit is the worker's)
WORKER = Path(__file__).with_name("fuzz_worker.py")
KINDS = ("flip", "overwrite", "truncate", "delete", "insert", "u32", "lines", "encoding",
         "splice")


def _seeds(data_dir: Path, folder: Path) -> list[Path]:
    from semisolid.io import read, write
    from semisolid.models.virtual_cell import simulate_cell, write_mpt
    from semisolid.samples import sample_path

    seeds = sorted(p for p in (data_dir / "echem").rglob("*") if p.is_file())
    seeds += [sample_path("peis"), sample_path("gcpl")]
    cell = simulate_cell("K/KBA/K", seed=3)
    seeds.append(write_mpt(cell, folder / "virtual.mpt"))
    seeds += write(cell, folder / "virtual.csv", what="cycling+spectra")
    mb = data_dir / "echem" / "navani" / "00_test_04_MB_C01.mpr"
    seeds += write(read(mb), folder / "canonical.csv")
    from semisolid.imaging.synthetic import render_sessile_drop

    drop = render_sessile_drop(75.0, 0.8, shape=(60, 80), half_width_px=25.0)
    for name in ("drop.png", "drop.jpg", "drop.tif"):
        drop.save(folder / name)
        seeds.append(folder / name)
    return seeds


def _tasks(seeds: list[Path]) -> list[dict]:
    rng = random.Random(20240521)
    modes = ["read", "spectra", "inspect", "image"] + [f"format:{n}" for n in REGISTRY.names()]
    tasks = []
    for i in range(N_FILES):
        k, r = i % len(seeds), i // len(seeds)  # seed k in round r
        # the mode turns by one more each round, so every seed meets every reader whatever
        # the number of seeds (with i % len(modes), 30 seeds and 15 modes paired each seed
        # with one reader only)
        tasks.append({"id": i, "seed": str(seeds[k]), "other": str(rng.choice(seeds)),
                      "kind": KINDS[r % len(KINDS)], "rng": rng.randrange(2**32),
                      "mode": modes[(k + r) % len(modes)]})
    return tasks


class _Worker:
    def __init__(self, workdir: Path):
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   MKL_NUM_THREADS="1", SEMISOLID_PROGRESS="0")
        self.proc = subprocess.Popen([sys.executable, str(WORKER), str(workdir)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1)
        if self._line(300.0) != "READY":
            raise RuntimeError(f"fuzz worker did not start (exit code {self.proc.poll()})")

    def _line(self, timeout: float) -> str | None:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        return line.strip() if line else None

    def run(self, task: dict) -> dict:
        try:
            self.proc.stdin.write(json.dumps(task) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        line = self._line(WALL_LIMIT_S)
        if line is not None:
            return json.loads(line)
        if self.proc.poll() is None:  # blocked: no answer within the wall-clock limit
            self.proc.kill()
            self.close()
            return {"id": task["id"], "status": "hang", "error": "wall-clock limit"}
        rc = self.proc.wait()
        self.close()
        if rc == -signal.SIGXCPU:
            return {"id": task["id"], "status": "hang", "error": "CPU limit of 5 s"}
        return {"id": task["id"], "status": "crash", "error": f"worker exit code {rc}"}

    def close(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except BrokenPipeError:
                pass
        self.proc.wait(timeout=60)


def _campaign(tasks: list[dict], workdir: Path) -> list[dict]:
    todo = list(reversed(tasks))
    results: list[dict] = []
    lock = threading.Lock()

    def slot(k: int) -> None:
        w = _Worker(workdir / f"w{k}")
        while True:
            with lock:
                if not todo:
                    break
                task = todo.pop()
            r = w.run(task)
            r["task"] = task
            with lock:
                results.append(r)
            if r["status"] in ("hang", "crash"):
                w = _Worker(workdir / f"w{k}")
        w.close()

    threads = [threading.Thread(target=slot, args=(k,)) for k in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.slow
@pytest.mark.timeout(1500)
def test_fuzz_every_reader(tmp_path, data_dir):
    seeds = _seeds(data_dir, tmp_path)
    tasks = _tasks(seeds)
    pairs = Counter((t["seed"], t["mode"]) for t in tasks)
    n_modes = len({t["mode"] for t in tasks})
    assert all(sum(1 for s, _ in pairs if s == str(seed)) == n_modes for seed in seeds)
    results = _campaign(tasks, tmp_path / "work")
    assert len(results) == N_FILES
    status = Counter(r["status"] for r in results)
    bad = [r for r in results if r["status"] not in ("ok", "refused")]
    multiline = [r for r in results if r.get("multiline")]
    leaked = [r for r in results if r.get("warnings")]
    modes = Counter(r["task"]["mode"] for r in results)
    cpu = sorted(r.get("cpu_s", 0.0) for r in results)
    print(f"fuzz: {len(results)} files, {dict(status)}, {len(leaked)} with leaked warnings; "
          f"CPU per file: median {cpu[len(cpu) // 2]:.3f} s, max {cpu[-1]:.2f} s; "
          f"modes {dict(modes)}")

    def show(rs: list[dict]) -> str:
        return "\n".join(f"{r['task']}: {r.get('error')} {r.get('warnings', '')} "
                         f"{r.get('where', '')}" for r in rs[:5])

    assert all(modes[f"format:{n}"] > 0 for n in REGISTRY.names())
    assert status["ok"] > 100 and status["refused"] > 100  # both paths were exercised
    assert not bad, f"{len(bad)} foreign exceptions, hangs or crashes:\n{show(bad)}"
    assert not leaked, f"{len(leaked)} files leaked Python warnings:\n{show(leaked)}"
    assert not multiline, f"{len(multiline)} multi-line errors:\n{show(multiline)}"
