"""Cost of encryption at rest on the page pipeline (issue 8).

A scanned page is an A4 colour JPEG at 300 dpi (2480 x 3508, quality 75). Measured in
the same run, on the same pages:

- baseline: ``BlobStore.put`` without a cipher (write, fsync, rename, fsync folder);
- encrypted: ``BlobStore.put`` with the counter's cipher (AES-256-GCM, the page's hash
  bound as associated data) — what the counter does;
- the AES-GCM sealing alone, and reading a page back (decrypt + hash check);
- for scale, the JPEG encoding of the page (the floor of the page pipeline).

Ratio = encrypted put / plain put. Run: ``python -m bench crypto``.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PAGES = 12
W, H = 2480, 3508


def _page() -> tuple[bytes, float]:
    """A synthetic scanned page (text lines on off-white paper) and its encode time."""
    from PIL import Image, ImageDraw

    rng = random.Random(8)
    img = Image.new("RGB", (W, H), (246, 244, 238))
    draw = ImageDraw.Draw(img)
    for y in range(300, H - 300, 70):
        x = 250
        while x < W - 300:
            w = rng.randrange(40, 260)
            draw.rectangle((x, y, x + w, y + 34), fill=(rng.randrange(10, 60),) * 3)
            x += w + rng.randrange(20, 40)
    noise = Image.effect_noise((W, H), 12).convert("RGB")
    img = Image.blend(img, noise, 0.08)
    start = time.perf_counter()
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=75)
    return buf.getvalue(), time.perf_counter() - start


def _median_ms(func: Callable[[int], object], n: int) -> float:
    times = []
    for i in range(n):
        start = time.perf_counter()
        func(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    from desk.security.crypto import FieldCipher
    from desk.store.blobs import BlobStore, sha256_hex

    page, encode_s = _page()
    pages = [page + i.to_bytes(4, "big") for i in range(PAGES)]  # distinct hashes
    cipher = FieldCipher(os.urandom(32))
    with tempfile.TemporaryDirectory(prefix="bench-crypto-") as tmp:
        plain = BlobStore(Path(tmp) / "plain")
        sealed = BlobStore(Path(tmp) / "sealed", cipher)
        plain.put(b"warm-up")
        sealed.put(b"warm-up")
        plain_ms = _median_ms(lambda i: plain.put(pages[i]), PAGES)
        sealed_ms = _median_ms(lambda i: sealed.put(pages[i]), PAGES)
        shas = [sha256_hex(p) for p in pages]
        seal_ms = _median_ms(lambda i: cipher.seal_blob(pages[i], shas[i]), PAGES)
        read_plain_ms = _median_ms(lambda i: plain.get(shas[i]), PAGES)
        read_sealed_ms = _median_ms(lambda i: sealed.get(shas[i]), PAGES)
        overhead = sealed.size(shas[0]) - len(pages[0])
    print(f"page: A4 300 dpi colour JPEG q75, {len(page) / 1e6:.2f} MB, {PAGES} pages")
    print(f"JPEG encode of the page (pipeline floor): {encode_s * 1000:.0f} ms")
    print(f"put, no encryption (baseline):   {plain_ms:7.1f} ms/page")
    print(f"put, AES-256-GCM (counter):      {sealed_ms:7.1f} ms/page")
    print(f"  of which sealing alone:        {seal_ms:7.1f} ms/page")
    print(f"get, no encryption:              {read_plain_ms:7.1f} ms/page")
    print(f"get, decrypt + hash check:       {read_sealed_ms:7.1f} ms/page")
    print(f"stored size overhead: {overhead} bytes/page (nonce + tag)")
    print(f"ratio put encrypted / plain: {sealed_ms / plain_ms:.2f}")
    print(f"ratio get encrypted / plain: {read_sealed_ms / read_plain_ms:.2f}")
    print(f"sealing / JPEG encode: {seal_ms / (encode_s * 1000):.2f}")


if __name__ == "__main__":
    main()
