"""Worker of the bounded fuzz stage (``test_fuzz.py`` starts it as a subprocess).

It limits its own address space (2 GiB), imports semisolid, prints ``READY`` and then reads
one task per line on stdin (JSON: a seed file, a mutation, a random seed, a reader mode).
For each task it builds the mutated file from the seed (deterministically: the same task
gives the same bytes), writes it to its own folder, gives itself a CPU budget of 5 s for
this file (``RLIMIT_CPU``: the kernel kills a worker that spins), reads it and answers one
JSON line: ``ok``, ``refused`` (a semisolid error), ``foreign`` (any other exception), with
the Python warnings that escaped the reader. A hang or a crash shows as the worker dying
(the parent names the task).

Run by path; it is not a test module.
"""

from __future__ import annotations

import json
import random
import re
import resource
import sys
import time
import traceback
import warnings
from pathlib import Path

AS_LIMIT_BYTES = 2 * 2**30
CPU_PER_FILE_S = 5

INTERESTING_U32 = [0, 1, 2, 3, 10, 11, 255, 256, 65535, 65536, 2**31 - 1, 2**31, 2**32 - 1]
INTERESTING_TEXT = ["", "nan", "NaN", "inf", "-inf", "1e308", "-1e308", "1e-400", "1e999",
                    "0", "-0", "--1", "1.2.3", "1,5", "9" * 400, "\x00", "\t", ";", ",",
                    "=1+2", "[/red]", "\x1b[31m", "µ", "\ufffd", "1e", "e5", "+", " "]


def _u32(value: int) -> bytes:
    return (value % 2**32).to_bytes(4, "little")


def _structure_offsets(data: bytes) -> list[int]:
    """Byte offsets of the length/version/row/column fields of .mpr module headers."""
    out = []
    for m in re.finditer(rb"MODULE", data[:8_000_000]):
        p = m.start()
        new = data[p + 41:p + 45] == b"\xff\xff\xff\xff"
        head = 65 if new else 57
        out += [p + 41, p + 45, p + 53] if new else [p + 41, p + 45]
        out += [p + head, p + head + 4]  # data module: row count, column count
    return out


def mutate(data: bytes, kind: str, rng: random.Random, other: bytes) -> bytes:
    """One mutation of `data` (see ``KINDS``)."""
    b = bytearray(data)
    n = len(b)
    if n == 0:
        return bytes(rng.randbytes(rng.randint(0, 64)))
    near = min(n, 4096)
    if kind == "flip":
        for _ in range(rng.randint(1, 8)):
            p = rng.randrange(near) if rng.random() < 0.5 else rng.randrange(n)
            b[p] ^= 1 << rng.randrange(8)
    elif kind == "overwrite":
        for _ in range(rng.randint(1, 6)):
            p = rng.randrange(near) if rng.random() < 0.5 else rng.randrange(n)
            b[p] = rng.choice([0, 0xFF, 0x0A, 0x09, 0x2C, 0x2D, 0x2E, 0x65, 0x30, 0x39, 0x80,
                               rng.randrange(256)])
    elif kind == "truncate":
        cut = rng.randrange(near) if rng.random() < 0.5 else rng.randrange(n)
        return bytes(b[:cut])
    elif kind == "delete":
        p = rng.randrange(n)
        del b[p:p + rng.randint(1, 512)]
    elif kind == "insert":
        p = rng.randrange(n)
        q = rng.randrange(n)
        chunk = bytes(b[q:q + rng.randint(1, 512)]) if rng.random() < 0.5 \
            else rng.randbytes(rng.randint(1, 64))
        b[p:p] = chunk
    elif kind == "u32":
        spots = _structure_offsets(data) or [rng.randrange(max(n - 4, 1))]
        for _ in range(rng.randint(1, 3)):
            p = rng.choice(spots)
            v = rng.choice([*INTERESTING_U32, n, n - 1, n + 1, rng.randrange(2 ** 32)])
            b[p:p + 4] = _u32(v)
    elif kind == "lines":
        return _mutate_lines(data, rng)
    elif kind == "encoding":
        text = data.decode("utf-8", errors="replace") if rng.random() < 0.5 \
            else data.decode("cp1252", errors="replace")
        return rng.choice([
            lambda: b"\xef\xbb\xbf" + data,
            lambda: text.encode("utf-16"),
            lambda: text.encode("utf-16-le"),
            lambda: text.encode("utf-16-be"),
            lambda: text.encode("utf-16")[:-1],
            lambda: b"\xff\xfe" + data,
            lambda: data.replace(b"\n", b"\r"),
            lambda: data.replace(b"\n", b"\r\n"),
        ])()
    elif kind == "splice":
        a = rng.randrange(n)
        c = rng.randrange(max(len(other), 1))
        return bytes(b[:a]) + other[c:]
    else:
        raise ValueError(kind)
    return bytes(b)


def _mutate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        if not lines:
            lines = [b""]
        i = rng.randrange(len(lines))
        op = rng.randrange(9)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op in (3, 4, 5):  # replace one field
            fields = re.split(rb"([\t,;])", lines[i])
            k = rng.randrange(0, len(fields), 2) if fields else 0
            if fields:
                fields[k] = rng.choice(INTERESTING_TEXT).encode("utf-8")
                lines[i] = b"".join(fields)
        elif op == 6:  # a header count, row count or column count out of range
            lines[i] = re.sub(rb"\d+", str(rng.choice([0, 1, 3, 10**6, 10**12,
                                                       len(lines) + 1])).encode(), lines[i],
                              count=1)
        elif op == 7:  # a very long line or one with very many fields
            lines.insert(i, rng.choice([b"x" * 200_000, b"1," * 5_000, b"\t" * 3_000,
                                        b"a" * 50_000]))
        else:  # a field more or less
            lines[i] = lines[i] + rng.choice([b"\t1", b",1", b";", b"\t"]) if rng.random() \
                < 0.5 else lines[i].rsplit(b"\t", 1)[0]
    return b"\n".join(lines)


KINDS = ("flip", "overwrite", "truncate", "delete", "insert", "u32", "lines", "encoding",
         "splice")


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT_BYTES, resource.getrlimit(
        resource.RLIMIT_AS)[1]))
    from semisolid.errors import SemisolidError
    from semisolid.imaging.image import read_image
    from semisolid.io import read, read_spectra
    from semisolid.io.workflows import summarize_file

    workdir = Path(sys.argv[1])
    workdir.mkdir(parents=True, exist_ok=True)
    cache: dict[str, bytes] = {}
    print("READY", flush=True)
    for line in sys.stdin:
        task = json.loads(line)
        for p in (task["seed"], task["other"]):
            if p not in cache:
                cache[p] = Path(p).read_bytes()
        rng = random.Random(task["rng"])
        data = mutate(cache[task["seed"]], task["kind"], rng, cache[task["other"]])
        path = workdir / f"f{task['id']}{Path(task['seed']).suffix}"
        path.write_bytes(data)
        ru = resource.getrusage(resource.RUSAGE_SELF)
        used = int(ru.ru_utime + ru.ru_stime) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (used + CPU_PER_FILE_S,
                                                 resource.getrlimit(resource.RLIMIT_CPU)[1]))
        mode = task["mode"]
        t0 = time.process_time()
        answer: dict = {"id": task["id"], "bytes": len(data)}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if mode == "read":
                    read(path)
                elif mode == "spectra":
                    read_spectra(path)
                elif mode == "inspect":
                    summarize_file(path).to_dict()
                elif mode == "image":
                    read_image(path)
                else:
                    read(path, format=mode.removeprefix("format:"))
                answer["status"] = "ok"
            except SemisolidError as exc:
                answer["status"] = "refused"
                answer["multiline"] = "\n" in str(exc)
            except BaseException as exc:
                answer["status"] = "foreign"
                answer["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
                answer["where"] = traceback.format_exc(limit=-3)[-1500:]
        # ReaderWarning is the readers' own channel for what they noticed in a file (also in
        # the record's metadata); any other warning escaped from inside a reader
        answer["warnings"] = sorted({f"{w.category.__name__}: {str(w.message)[:200]} "
                                     f"({Path(w.filename).name}:{w.lineno})" for w in caught
                                     if w.category.__name__ != "ReaderWarning"})
        answer["cpu_s"] = round(time.process_time() - t0, 3)
        path.unlink()
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
