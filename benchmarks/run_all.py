"""Run every benchmark in this folder (``make bench``).

Each ``bench_*.py`` compares semisolid against its reference in the same run (pycalphad, a
brute-force version, galvani, ...) and prints the ratio. Results are recorded by hand in
docs/performance.md together with the command that produced them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        rc = subprocess.call([sys.executable, str(script)])
        if rc:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
