"""Pages of imported files: PDF (each page rendered with pdfium), JPEG, PNG and
multi-page TIFF, recognised by content (desk.capture.sniff) and decoded one page at
a time so that a long document never sits whole in memory."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageOps

from desk.capture.sniff import MAX_PIXELS, Sniffed, sniff
from desk.errors import UnsupportedDocument

A4_LONG_INCHES = 11.69


@dataclass(frozen=True)
class FilePage:
    image: Image.Image
    dpi: int


def guess_dpi(image: Image.Image) -> int:
    """The image's recorded resolution, else the one that makes it an A4 page (a phone
    photo records none)."""
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    if 50 <= value <= 1200:
        return value
    return max(72, min(600, round(max(image.size) / A4_LONG_INCHES)))


def pdf_render_scale(width_pt: float, height_pt: float, dpi: int) -> float:
    """pdfium scale (pixels per point) for ``dpi``, lowered so that an absurdly large
    page (a decompression bomb in disguise) stays under MAX_PIXELS."""
    scale = dpi / 72.0
    pixels = width_pt * height_pt * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    return scale


def iter_pages(data: bytes, name: str, dpi: int, info: Sniffed | None = None) -> Iterator[FilePage]:
    """The pages of a document file; raises UnsupportedDocument (checked by content)."""
    info = info or sniff(data, name)
    try:
        if info.media_type == "application/pdf":
            yield from _pdf_pages(data, dpi)
        else:
            yield from _image_pages(data)
    except UnsupportedDocument:
        raise
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # late damage, past the sniff
        raise UnsupportedDocument(f"{name}: damaged ({exc})", reason="damaged", name=name) from exc
    except Exception as exc:
        if type(exc).__module__.startswith("pypdfium2"):
            raise UnsupportedDocument(f"{name}: {exc}", reason="damaged", name=name) from exc
        raise


def _pdf_pages(data: bytes, dpi: int) -> Iterator[FilePage]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                w, h = page.get_size()
                bitmap = page.render(scale=pdf_render_scale(w, h, dpi))  # white background
                image = bitmap.to_pil().convert("RGB")
                bitmap.close()
            finally:
                page.close()
            yield FilePage(image, dpi)
    finally:
        pdf.close()


def _image_pages(data: bytes) -> Iterator[FilePage]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as img:
            for frame in range(getattr(img, "n_frames", 1)):
                img.seek(frame)
                if img.width * img.height > MAX_PIXELS:
                    raise UnsupportedDocument("frame too large", reason="too_many_pixels")
                page = ImageOps.exif_transpose(img.copy())
                dpi = guess_dpi(img)
                if page.mode not in ("RGB", "L"):
                    page = page.convert("RGB" if page.mode != "1" else "L")
                yield FilePage(page, dpi)
