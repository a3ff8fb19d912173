"""Capture benchmarks (issue 3).

1. Page pipeline on an A4 colour page at 300 dpi, 2.5° askew (analysis, deskew as
   a placement, crop, down-sampling, JPEG, durable encrypted blob store), as a ratio
   to a bare Pillow JPEG encode (quality 75) of the same page measured in the same
   run: target <= 2x. Pages per second on one core (OpenCV limited to one thread):
   target >= 5. For comparison, what turning the page with OpenCV's warpAffine
   would add (the design the placement replaced).
2. Memory over a 100-page batch: RSS after 10 pages, after 100, and the peak.

    .venv/bin/python bench/bench_capture.py [--pages 100] [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv if argv is not None else [])  # python -m bench: none

    import cv2

    cv2.setNumThreads(1)  # "one core"
    from desk.capture.pipeline import process_page, to_array
    from desk.catalogue import default_catalogue
    from desk.security.crypto import FieldCipher
    from desk.store.blobs import BlobStore
    from tests.desk.capture.pages import rotated, text_page

    page = rotated(text_page(300, lines=40, colour=True), 2.5)  # a fed page, 2.5° askew
    array = to_array(page)
    profiles = default_catalogue().profiles
    with tempfile.TemporaryDirectory(prefix="bench-capture-") as tmp:
        store = BlobStore(Path(tmp) / "blobs", FieldCipher(bytes(32)))
        counter = iter(range(10**9))

        def baseline() -> None:
            page.save(io.BytesIO(), "JPEG", quality=75)

        def pipeline(profile: str) -> Callable[[], None]:
            def run() -> None:
                done = process_page(array, 300, profiles[profile])
                assert done is not None
                # a distinct blob each time: a real fsync+rename, not a dedup hit
                store.put(done.data + next(counter).to_bytes(8, "big"))

            return run

        base = _median_ms(baseline, args.repeat)
        print(f"A4 colour 300 dpi page, {page.width}x{page.height}, OpenCV threads: 1")
        print(f"baseline  Pillow JPEG q75 encode: {base:7.1f} ms")
        for name in ("colour", "identity"):
            p = profiles[name]
            ms = _median_ms(pipeline(name), args.repeat)
            print(
                f"pipeline  profile {name:8s} ({p.mode}, {p.dpi} dpi, q{p.jpeg_quality}): "
                f"{ms:7.1f} ms  ratio {ms / base:4.2f}x (target <= 2)  "
                f"{1000 / ms:4.1f} pages/s (target >= 5)"
            )

        import cv2 as _cv2

        m = _cv2.getRotationMatrix2D((page.width / 2, page.height / 2), -2.5, 1.0)
        warp = _median_ms(
            lambda: _cv2.warpAffine(array, m, page.size, borderValue=(255, 255, 255)),
            args.repeat,
        )
        print(
            f"reference warpAffine of the page (not in the pipeline): {warp:7.1f} ms "
            f"= {warp / base:4.2f}x the JPEG encode"
        )

        run = pipeline("colour")
        rss = {}
        for i in range(args.pages):
            run()
            if i + 1 in (10, args.pages):
                rss[i + 1] = _rss_mb()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
        print(
            f"memory    {args.pages}-page batch: RSS {rss[10]:.0f} MB after 10 pages, "
            f"{rss[args.pages]:.0f} MB after {args.pages}; peak RSS {peak:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
