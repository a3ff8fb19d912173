"""Document files the tests write: PDFs, JPEG, PNG, multi-page TIFF, and bad ones."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.desk.capture.pages import text_page


def text_pdf(pages: int = 2) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in range(pages):
        for i in range(30):
            c.drawString(72, 770 - i * 20, f"Page {n + 1} ligne {i + 1} : attestation de domicile")
        c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(1))))
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def scripted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(1))))
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def image_bytes(fmt: str, dpi: int = 150) -> bytes:
    buf = io.BytesIO()
    img = text_page(dpi)
    img.save(buf, fmt, dpi=(dpi, dpi))
    return buf.getvalue()


def tiff_pages(n: int = 3, dpi: int = 100) -> bytes:
    buf = io.BytesIO()
    frames = [text_page(dpi, seed=s).convert("L") for s in range(n)]
    frames[0].save(
        buf,
        "TIFF",
        save_all=True,
        append_images=frames[1:],
        dpi=(dpi, dpi),
        compression="tiff_deflate",
    )
    return buf.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bomb_png(side: int = 50_000) -> bytes:
    """A few hundred bytes of PNG that claim side x side pixels (1 bit, all zeros)."""
    rows = zlib.compress(b"\0" * ((side + 7) // 8 + 1) * 64, 9)
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")
    )


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
