"""Run every benchmark (or those named): `python -m bench [name ...]`.

Each bench/bench_<name>.py exposes main(); results print to stdout and the figures
are copied by hand into docs/BENCHMARKS.md with the date and machine.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    here = Path(__file__).resolve().parent
    names = argv or sorted(p.stem.removeprefix("bench_") for p in here.glob("bench_*.py"))
    failed = []
    for name in names:
        print(f"\n=== bench_{name} ===", flush=True)
        start = time.perf_counter()
        try:
            importlib.import_module(f"bench.bench_{name}").main()
        except Exception as exc:  # report and go on with the others
            print(f"FAILED: {exc!r}")
            failed.append(name)
        print(f"(bench_{name}: {time.perf_counter() - start:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
