"""One PDF per piece: the stored page images embedded as they are (JPEG pages are
copied byte for byte, no second JPEG generation), each page sized by its resolution
and turned upright — deskew, half turn, the agent's quarter turns — by a transform
matrix (no resampling; desk/capture/placement.py). No encryption, no scripts,
one document per file.

:func:`plan_fit` chooses, when the pages as stored exceed the piece's size limit,
the resolution and JPEG quality to re-encode them with (never below the profile's
``min_dpi``); :func:`build_pdf` writes the file.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from PIL import Image

from desk.capture.placement import Placement, placement_of
from desk.domain.catalogue import CaptureProfile

#: bytes a page adds to the file besides its image (objects, xref, content stream)
PAGE_OVERHEAD = 420
DOC_OVERHEAD = 400


@dataclass(frozen=True)
class PdfPage:
    data: bytes  # JPEG, or PNG of a 1-bit page
    media_type: str
    rotation: int = 0  # quarter turns clockwise the agent asked for: 0, 90, 180, 270


@dataclass(frozen=True)
class _Embedded:
    stream: bytes
    filter: str
    colour_space: str
    bits: int
    width: int
    height: int
    dpi: float
    placement: Placement | None = None


@dataclass(frozen=True)
class FitStep:
    dpi: int | None  # None: keep each page's own resolution
    quality: int | None  # None: keep the stored JPEG bytes as they are


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    pages: int
    dpi: int | None
    quality: int | None
    max_bytes: int

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def fits(self) -> bool:
        return self.size <= self.max_bytes


def plan_fit(profile: CaptureProfile) -> list[FitStep]:
    """Attempts in order: as stored, then lower JPEG quality, then lower resolution
    down to ``min_dpi`` (legibility floor), quality never under 40."""
    steps = [FitStep(None, None)]
    dpis = []
    dpi = profile.dpi
    while dpi > profile.min_dpi:
        dpis.append(dpi)
        dpi = max(profile.min_dpi, int(dpi * 0.85))
    dpis.append(profile.min_dpi)
    for d in dpis:
        for q in (profile.jpeg_quality, profile.jpeg_quality - 15, 50, 40):
            if 40 <= q <= profile.jpeg_quality:
                step = FitStep(d, q)
                if step not in steps:
                    steps.append(step)
    return steps


def _dpi_of(img: Image.Image) -> float:
    dpi = img.info.get("dpi")
    if dpi and float(dpi[0]) > 1:
        return float(dpi[0])
    return 200.0


def _embed(page: PdfPage, step: FitStep) -> _Embedded:
    img: Image.Image = Image.open(io.BytesIO(page.data))
    dpi = _dpi_of(img)
    placed = placement_of(img)
    if step.dpi is not None and step.dpi < dpi - 0.5:
        if placed is not None:
            placed = placed.scaled(step.dpi / dpi)
        if img.mode == "1":
            img = img.convert("L")
        size = (
            max(1, round(img.width * step.dpi / dpi)),
            max(1, round(img.height * step.dpi / dpi)),
        )
        img = img.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
        dpi = float(step.dpi)
        if page.media_type == "image/png":  # back to 1 bit after resampling
            img = img.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)
    if img.mode == "1":
        return _Embedded(
            zlib.compress(img.tobytes(), 6),
            "/FlateDecode",
            "/DeviceGray",
            1,
            *img.size,
            dpi,
            placed,
        )
    if page.media_type == "image/jpeg" and step.quality is None and step.dpi is None:
        cs = "/DeviceGray" if img.mode == "L" else "/DeviceRGB"
        if img.mode in ("L", "RGB"):
            return _Embedded(page.data, "/DCTDecode", cs, 8, *img.size, dpi, placed)
    if img.mode not in ("L", "RGB"):
        img = img.convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=step.quality or 75)
    cs = "/DeviceGray" if img.mode == "L" else "/DeviceRGB"
    return _Embedded(buf.getvalue(), "/DCTDecode", cs, 8, *img.size, dpi, placed)


def page_geometry(e: _Embedded, rotation: int) -> tuple[float, float, str]:
    """Page size (points) and the ``cm`` matrix that draws the image's unit square:
    turned upright by its placement, then by the agent's quarter turns clockwise.
    The page is the upright paper: what of the image falls outside is clipped."""
    k = 72.0 / e.dpi
    p = e.placement
    w_px, h_px = (p.width, p.height) if p else (e.width, e.height)
    wp, hp = w_px * k, h_px * k
    r = rotation % 360

    def to_page(s: float, t: float) -> tuple[float, float]:
        u, v = s * e.width, (1.0 - t) * e.height  # image pixels, y down
        if p is not None:
            a, b, c, d = p.linear()
            du, dv = u - p.cx, v - p.cy
            u, v = a * du + b * dv + p.width / 2, c * du + d * dv + p.height / 2
        x, y = u * k, hp - v * k  # points, y up
        if r == 90:
            return y, wp - x
        if r == 180:
            return wp - x, hp - y
        if r == 270:
            return hp - y, x
        return x, y

    ex, ey = to_page(0, 0)
    (ax, ay), (cx, cy) = to_page(1, 0), to_page(0, 1)
    cm = f"{ax - ex:.4f} {ay - ey:.4f} {cx - ex:.4f} {cy - ey:.4f} {ex:.4f} {ey:.4f} cm"
    return (hp, wp, cm) if r in (90, 270) else (wp, hp, cm)


def _objects(embedded: Sequence[_Embedded], rotations: Sequence[int]) -> Iterator[bytes]:
    n = len(embedded)
    # 1 catalog, 2 pages, then per page: page, contents, image
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(n))
    yield b"<< /Type /Catalog /Pages 2 0 R >>"
    yield f"<< /Type /Pages /Count {n} /Kids [{kids}] >>".encode()
    for i, (e, rot) in enumerate(zip(embedded, rotations, strict=True)):
        base = 3 + 3 * i
        pw, ph, cm = page_geometry(e, rot)
        content = f"q 0 0 {pw:.4f} {ph:.4f} re W n {cm} /Im0 Do Q".encode()
        yield (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.3f} {ph:.3f}] "
            f"/Resources << /XObject << /Im0 {base + 2} 0 R >> >> "
            f"/Contents {base + 1} 0 R >>"
        ).encode()
        yield b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        head = (
            f"<< /Type /XObject /Subtype /Image /Width {e.width} /Height {e.height} "
            f"/ColorSpace {e.colour_space} /BitsPerComponent {e.bits} /Filter {e.filter} "
            f"/Length {len(e.stream)} >>\nstream\n"
        ).encode()
        yield head + e.stream + b"\nendstream"


def write_pdf(embedded: Sequence[_Embedded], rotations: Sequence[int]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(_objects(embedded, rotations), start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % num + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
    )
    return out.getvalue()


def build_pdf(pages: Sequence[PdfPage], profile: CaptureProfile, max_bytes: int) -> PdfResult:
    """The smallest-effort PDF under ``max_bytes``: the first step of
    :func:`plan_fit` that fits, else the last (smallest) one with ``fits`` False."""
    if not pages:
        raise ValueError("a piece PDF needs at least one page")
    rotations = [p.rotation for p in pages]
    result = None
    for step in plan_fit(profile):
        data = write_pdf([_embed(p, step) for p in pages], rotations)
        result = PdfResult(data, len(pages), step.dpi, step.quality, max_bytes)
        if result.fits:
            break
    assert result is not None
    return result
