"""Worker of the fuzz tests: reads one mutated file in a pool process with a CPU limit.

Kept in its own module so that the pool's processes import it by name.
"""

from __future__ import annotations

import io
import random
import resource
import zipfile

CPU_LIMIT_S = 20  # per file: more CPU than this is a hang (the process is killed)
MEMORY_LIMIT_B = 4 << 30  # no reader may allocate more than 4 GiB


def limit_process() -> None:
    """Pool initializer: cap the address space of the worker."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_B, MEMORY_LIMIT_B))


def read_one(path: str) -> tuple[str, str, str]:
    """Read `path`; returns (outcome, exception type, message).

    outcome: ``"ok"``, ``"semisolid"`` (a SemisolidError) or ``"other"`` (anything else,
    a defect). The CPU time of this call is capped at CPU_LIMIT_S: past it the kernel kills
    the process, and the caller sees no result (a hang).
    """
    used = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    soft = int(used) + CPU_LIMIT_S  # SIGXCPU ends the process past it
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard < 0 else min(soft, hard), hard))
    from semisolid.errors import SemisolidError
    from semisolid.io import read

    try:
        read(path)
        return "ok", "", ""
    except SemisolidError as exc:
        return "semisolid", type(exc).__name__, str(exc)
    except BaseException as exc:  # any other exception is what the test looks for
        return "other", type(exc).__name__, str(exc)[:300]


def _flip(data: bytes, rng: random.Random, k: int) -> bytes:
    b = bytearray(data)
    for _ in range(k):
        if b:
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def _rezip(data: bytes, member: str, edit) -> bytes:
    """The archive with one member's bytes edited, and valid CRCs (so that the edit reaches
    the decoder instead of failing the CRC check)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n in src.namelist():
            b = src.read(n)
            z.writestr(n, edit(b) if n == member else b)
    return out.getvalue()


def mutations(data: bytes, n: int, seed: int) -> list[tuple[str, bytes]]:
    """`n` mutated copies of a Neware file (label, bytes), reproducible from `seed`.

    .nda: truncations, bit flips (1-16 bits), zeroed runs, swapped blocks. .ndax (a ZIP
    archive): truncations and bit flips of the archive (mostly caught by the ZIP checks),
    and, with valid CRCs, bit flips, truncations and zeroed runs of its data member
    ``data.ndc`` and of its XML members, which reach NewareNDA's decoder.
    """
    rng = random.Random(seed)
    out = []
    ndax = data.startswith(b"PK")
    members = zipfile.ZipFile(io.BytesIO(data)).namelist() if ndax else []
    for k in range(n):
        kind = k % 6
        if kind == 0:
            cut = rng.randrange(len(data))
            out.append((f"cut {cut}", data[:cut]))
        elif kind == 1:
            bits = rng.randint(1, 16)
            out.append((f"flip {bits} bits", _flip(data, rng, bits)))
        elif not ndax:
            a = rng.randrange(len(data))
            ln = rng.randint(1, 64)
            if kind % 2:
                out.append((f"zero {ln} at {a}", data[:a] + b"\0" * ln + data[a + ln:]))
            else:
                b = rng.randrange(len(data))
                blk = data[a:a + ln]
                out.append((f"copy {ln} from {a} to {b}", data[:b] + blk + data[b + ln:]))
        else:
            member = "data.ndc" if kind in (2, 3, 4) else rng.choice(members)
            if kind == 2 or kind == 5:
                bits = rng.randint(1, 16)
                out.append((f"{member}: flip {bits} bits",
                            _rezip(data, member, lambda b, bits=bits: _flip(b, rng, bits))))
            elif kind == 3:
                out.append((f"{member}: cut", _rezip(
                    data, member, lambda b: b[:rng.randrange(len(b) + 1)])))
            else:
                def zero(b: bytes) -> bytes:
                    a = rng.randrange(max(len(b), 1))
                    return b[:a] + b"\0" * 32 + b[a + 32:]
                out.append((f"{member}: zero 32 bytes", _rezip(data, member, zero)))
    return out
