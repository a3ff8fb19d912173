"""MRZ reading from page images (issue 4).

Generates N degraded page images (desk.capture.mrz_render: every ICAO format, OCR-B,
150-300 dpi, rotation ±10°, blur, noise, uneven light, JPEG down to quality 40), reads
each with desk.capture.mrz_ocr and reports:

- the share of MRZs read entirely correctly (valid, every character right): target >= 99 %;
- the number of wrong MRZs reported valid: must be 0;
- the time to read one page, as a ratio to decoding the same image with Pillow
  (Image.open + load) measured in the same run.

    python -m bench mrz                    # N = 200
    GUICHET_BENCH_MRZ_N=1000 python -m bench mrz
"""

from __future__ import annotations

import io
import os
import random
import statistics
import time
from collections import Counter as Tally
from datetime import date

from PIL import Image

from desk.capture.mrz_ocr import read_mrz_bytes
from desk.capture.mrz_render import random_degradation, random_mrz, render_page
from desk.domain.mrz import NotAnMrz

N = int(os.environ.get("GUICHET_BENCH_MRZ_N", "200"))
SEED = int(os.environ.get("GUICHET_BENCH_MRZ_SEED", "2026"))
TODAY = date(2026, 11, 27)


def _decode(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as im:
        im.load()


def main() -> None:
    rng = random.Random(SEED)
    pages = []
    for _ in range(N):
        fmt, _, lines = random_mrz(rng, today=TODAY)
        deg = random_degradation(rng)
        pages.append((fmt, lines, deg, render_page(lines, fmt, deg, rng)))
    read_mrz_bytes(pages[0][3], today=TODAY)  # warm the template cache
    outcome: Tally[str] = Tally()
    by_format: Tally[str] = Tally()
    ratios, t_read, t_decode = [], [], []
    for fmt, lines, deg, data in pages:
        t0 = time.perf_counter()
        _decode(data)
        t1 = time.perf_counter()
        try:
            reading = read_mrz_bytes(data, today=TODAY)
        except NotAnMrz:
            outcome["not found"] += 1
            print(f"  not found: {fmt} {deg}")
            continue
        finally:
            t2 = time.perf_counter()
            t_decode.append(t1 - t0)
            t_read.append(t2 - t1)
            ratios.append((t2 - t1) / (t1 - t0))
        right = reading.mrz.lines == lines
        if reading.mrz.valid and right:
            outcome["correct"] += 1
            by_format[fmt.value] += 1
        elif reading.mrz.valid:
            outcome["WRONG BUT VALID"] += 1
            print(f"  WRONG BUT VALID: {fmt} {deg}\n    {lines}\n    {reading.mrz.lines}")
        else:
            outcome["refused (invalid)"] += 1
            print(f"  refused: {fmt} {deg} errors={reading.mrz.errors} right_text={right}")
    share = outcome["correct"] / N
    print(f"pages: {N} (seed {SEED}); formats read correctly: {dict(sorted(by_format.items()))}")
    print(f"read entirely correctly: {outcome['correct']}/{N} = {share:.1%} (target >= 99 %)")
    print(f"wrong MRZ reported valid: {outcome['WRONG BUT VALID']} (must be 0)")
    print(f"refused as invalid: {outcome['refused (invalid)']}; not found: {outcome['not found']}")
    print(
        f"time per page: read median {statistics.median(t_read) * 1000:.0f} ms, "
        f"Pillow decode median {statistics.median(t_decode) * 1000:.1f} ms; "
        f"ratio read/decode median {statistics.median(ratios):.1f}x, "
        f"p90 {statistics.quantiles(ratios, n=10)[-1]:.1f}x"
    )


if __name__ == "__main__":
    main()
