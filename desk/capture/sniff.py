"""Recognise a document file by its content, never by its name.

Accepted: PDF (not encrypted, no JavaScript), JPEG, PNG, TIFF. Anything else, an
empty or truncated file, or an image too large to decode safely raises
UnsupportedDocument with a stable ``reason``.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from typing import Any

from desk.errors import UnsupportedDocument

#: refuse images above this many pixels (a decompression bomb guard; A4 at 600 dpi
#: is 35 Mpx)
MAX_PIXELS = 80_000_000
MAX_FILE_BYTES = 200_000_000

MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


#: the extensions each accepted type is expected to carry
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "image/png": (".png",),
    "image/tiff": (".tif", ".tiff"),
}
MAX_PAGES = 500


def extension_lies(name: str, media_type: str) -> bool:
    """True when ``name`` has a known document extension that is not the one of
    its content (a PNG called .jpg). The content decides; the agent is told."""
    lower = name.lower()
    known = [ext for exts in EXTENSIONS.values() for ext in exts]
    ext = next((e for e in known if lower.endswith(e)), None)
    return ext is not None and ext not in EXTENSIONS.get(media_type, ())


@dataclass(frozen=True)
class Sniffed:
    media_type: str
    pages: int
    width: int | None = None
    height: int | None = None


def media_type_of(data: bytes) -> str | None:
    head = data[:1024]
    for magic, media in MAGIC:
        if media == "application/pdf":
            # a PDF header may follow a little garbage (the PDF spec allows 1024 bytes)
            if magic in head:
                return media
        elif head.startswith(magic):
            return media
    return None


def sniff(data: bytes, name: str = "") -> Sniffed:
    """Identify and sanity-check a document; raise UnsupportedDocument if refused."""
    if not data:
        raise UnsupportedDocument(f"{name or 'file'} is empty", reason="empty", name=name)
    if len(data) > MAX_FILE_BYTES:
        raise UnsupportedDocument(f"{name} is too large", reason="too_large", name=name)
    media = media_type_of(data)
    if media is None:
        raise UnsupportedDocument(
            f"{name or 'file'} is not a PDF, JPEG, PNG or TIFF", reason="not_a_document", name=name
        )
    if media == "application/pdf":
        return _sniff_pdf(data, name)
    return _sniff_image(data, media, name)


def _sniff_image(data: bytes, media: str, name: str) -> Sniffed:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                w, h = img.size
                if w * h > MAX_PIXELS:
                    raise UnsupportedDocument(
                        f"{name}: {w}x{h} pixels", reason="too_many_pixels", name=name
                    )
                frames = getattr(img, "n_frames", 1)
                if frames > MAX_PAGES:
                    raise UnsupportedDocument(
                        f"{name}: {frames} pages", reason="too_large", name=name
                    )
                img.load()  # decodes the first frame fully: truncated files fail here
                for frame in range(1, frames):  # every frame's header, not its pixels
                    img.seek(frame)
                    if img.width * img.height > MAX_PIXELS:
                        raise UnsupportedDocument(
                            f"{name}: frame {frame + 1} is {img.width}x{img.height}",
                            reason="too_many_pixels",
                            name=name,
                        )
    except UnsupportedDocument:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnsupportedDocument(f"{name}: {exc}", reason="too_many_pixels", name=name) from exc
    except Exception as exc:  # Pillow raises many types for damaged data
        raise UnsupportedDocument(
            f"{name}: damaged image ({exc})", reason="damaged", name=name
        ) from exc
    return Sniffed(media, frames, w, h)


def _sniff_pdf(data: bytes, name: str) -> Sniffed:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs its repairs at WARNING; a damaged file is reported by our exception
    pdf_log = logging.getLogger("pypdf")
    level = pdf_log.level
    pdf_log.setLevel(logging.ERROR)
    try:
        return _read_pdf(PdfReader, PdfReadError, data, name)
    finally:
        pdf_log.setLevel(level)


def _read_pdf(reader_cls: Any, error_cls: Any, data: bytes, name: str) -> Sniffed:
    try:
        reader = reader_cls(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnsupportedDocument(f"{name}: encrypted PDF", reason="encrypted", name=name)
        pages = len(reader.pages)
        root = reader.trailer["/Root"]
        has_js = "/JavaScript" in data[:MAX_FILE_BYTES].decode("latin-1") or (
            "/OpenAction" in root or "/AA" in root
        )
    except UnsupportedDocument:
        raise
    except (error_cls, KeyError, ValueError, TypeError, OSError) as exc:
        raise UnsupportedDocument(
            f"{name}: damaged PDF ({exc})", reason="damaged", name=name
        ) from exc
    if pages == 0:
        raise UnsupportedDocument(f"{name}: PDF without pages", reason="damaged", name=name)
    if pages > MAX_PAGES:
        raise UnsupportedDocument(f"{name}: {pages} pages", reason="too_large", name=name)
    if has_js:
        raise UnsupportedDocument(
            f"{name}: PDF carries scripts or automatic actions", reason="active_content", name=name
        )
    return Sniffed("application/pdf", pages)
