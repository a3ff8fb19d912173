"""One PDF per piece from its stored pages, for the online form's upload slots.

A simple assembly for the assisted filing: PDF pages are copied as they are, images
become one page each at their own resolution (Pillow's PDF writer keeps a JPEG's
stream as it is). The capture room's page pipeline, when it exists, produces
size-tuned PDFs; this is the fallback that always works."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from desk.errors import UnsupportedDocument

DEFAULT_DPI = 200


@dataclass(frozen=True)
class PageData:
    data: bytes
    media_type: str
    rotation: int = 0  # clockwise degrees, as recorded for the page


def _image_pdf(page: PageData) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(page.data)) as img:
        frames = []
        for i in range(getattr(img, "n_frames", 1)):
            img.seek(i)
            frame = img.convert("L" if img.mode in ("1", "L", "LA", "I;16") else "RGB")
            if page.rotation % 360:
                frame = frame.rotate(-page.rotation, expand=True)
            frames.append(frame)
        dpi = img.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0] or DEFAULT_DPI
    buf = io.BytesIO()
    frames[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=frames[1:])
    return buf.getvalue()


def assemble(pages: Sequence[PageData]) -> bytes:
    """The pages of one piece as one PDF."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    if not pages:
        raise UnsupportedDocument("a piece without pages", reason="empty")
    writer = PdfWriter()
    for page in pages:
        data = page.data if page.media_type == "application/pdf" else _image_pdf(page)
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            for p in reader.pages:
                if page.media_type == "application/pdf" and page.rotation % 360:
                    p.rotate(page.rotation)
                writer.add_page(p)
        except PdfReadError as exc:
            raise UnsupportedDocument(str(exc), reason="damaged") from exc
    writer.add_metadata({"/Producer": "Guichet"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
