"""The two codes on a receipt, drawn as vector shapes (never bitmaps).

- Code128 of the receipt number, built by python-barcode and painted by
  :class:`ReportlabWriter`, a python-barcode writer whose modules are PDF rectangles.
  Modules are at least 0.33 mm wide so that a page rendered or scanned at 150 dpi
  decodes (../shared/MEASURED.md).
- QR code of the signed payload (desk.receipts.payload): the module matrix comes from
  zxing-cpp's encoder (C++, under a millisecond) and each run of dark modules is
  drawn as one rectangle.
"""

from __future__ import annotations

import functools
from typing import Any

from barcode.codex import Code128
from barcode.writer import BaseWriter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

#: narrowest bar of the Code128 (mm): 3 pixels at 150 dpi. 0.38 mm (2.2 px) decoded
#: from pdftoppm's rendering but not always from pypdfium2's anti-aliased one.
CODE128_MODULE_MM = 0.5
CODE128_HEIGHT_MM = 12.0
#: side of one QR module (mm)
QR_MODULE_MM = 0.55
#: light margin kept around the codes, in modules (ISO: 10 for Code128, 4 for QR)
QUIET_MODULES_1D = 10
QUIET_MODULES_2D = 4


class ReportlabWriter(BaseWriter):  # type: ignore[misc]
    """python-barcode writer that paints the bars on a reportlab canvas.

    python-barcode works in millimetres from the top-left corner of the symbol;
    ``(x, y)`` is where that corner lands on the page, in points from the bottom-left.
    """

    def __init__(self, canvas: Canvas, x: float, y: float) -> None:
        super().__init__(None, self._paint_module, None, self._finish)
        self.canvas = canvas
        self.origin = (x, y)
        self.width_mm = 0.0
        self._path: Any = None

    def _paint_module(self, xpos: float, ypos: float, width: float, color: str) -> None:
        if self._path is None:
            self._path = self.canvas.beginPath()
        if color != self.foreground:
            return
        x0, y0 = self.origin
        self._path.rect(
            x0 + xpos * mm,
            y0 - (ypos + self.module_height) * mm,
            width * mm,
            self.module_height * mm,
        )
        self.width_mm = max(self.width_mm, xpos + width)

    def _finish(self) -> float:
        if self._path is not None:
            self.canvas.saveState()
            self.canvas.setFillColorRGB(0, 0, 0)
            self.canvas.drawPath(self._path, stroke=0, fill=1)
            self.canvas.restoreState()
        return float(self.width_mm + self.quiet_zone)


def code128_width(text: str, module_mm: float = CODE128_MODULE_MM) -> float:
    """Width in points of the Code128 of ``text``, quiet zones included."""
    modules = len(Code128(text).build()[0])
    return float((modules + 2 * QUIET_MODULES_1D) * module_mm * mm)


def draw_code128(
    canvas: Canvas,
    text: str,
    x: float,
    top: float,
    module_mm: float = CODE128_MODULE_MM,
    height_mm: float = CODE128_HEIGHT_MM,
) -> float:
    """Draw the Code128 of ``text`` with its top-left corner (quiet zone included) at
    ``(x, top)``; return its width in points."""
    writer = ReportlabWriter(canvas, x, top)
    code = Code128(text, writer=writer)
    code.render(
        {
            "module_width": module_mm,
            "module_height": height_mm,
            "quiet_zone": QUIET_MODULES_1D * module_mm,
            "margin_top": 0,
            "margin_bottom": 0,
            "write_text": False,
            "text": "",
        }
    )
    return code128_width(text, module_mm)


@functools.lru_cache(maxsize=8)
def qr_runs(payload: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """Side (modules) of the QR code of ``payload`` (error correction M) and its dark
    runs ``(row, first column, length)``."""
    import numpy as np
    import zxingcpp

    symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    dark = np.asarray(symbol.to_image(scale=1, add_quiet_zones=False)) < 128
    size = int(dark.shape[0])
    padded = np.zeros((size, size + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    runs = tuple(zip(rows.tolist(), starts.tolist(), (ends - starts).tolist(), strict=True))
    return size, runs


def qr_side(payload: str, module_mm: float = QR_MODULE_MM) -> float:
    """Side in points of the QR code of ``payload``, quiet zone included."""
    return float((qr_runs(payload)[0] + 2 * QUIET_MODULES_2D) * module_mm * mm)


def draw_qr(
    canvas: Canvas, payload: str, x: float, top: float, module_mm: float = QR_MODULE_MM
) -> float:
    """Draw the QR code of ``payload`` with its top-left corner (quiet zone included)
    at ``(x, top)``; return its side in points."""
    size, runs = qr_runs(payload)
    m = module_mm * mm
    left = x + QUIET_MODULES_2D * m
    upper = top - QUIET_MODULES_2D * m
    # identical runs on consecutive rows become one taller rectangle
    merged: dict[tuple[int, int], list[int]] = {}  # (start, length) -> [first row, rows]
    rects: list[tuple[int, int, int, int]] = []
    for r, start, length in runs:
        open_rect = merged.get((start, length))
        if open_rect is not None and open_rect[0] + open_rect[1] == r:
            open_rect[1] += 1
            continue
        if open_rect is not None:
            rects.append((open_rect[0], start, length, open_rect[1]))
        merged[(start, length)] = [r, 1]
    rects.extend((first, start, length, rows) for (start, length), (first, rows) in merged.items())
    # one path of rectangles in module units (integers), scaled by a transformation
    # matrix: ~700 reportlab path.rect calls would cost more than the rest of the page
    ops = "\n".join(f"{c} {-(r + h)} {w} {h} re" for r, c, w, h in rects)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas._code.append(f"1 0 0 1 {left:.3f} {upper:.3f} cm {m:.4f} 0 0 {m:.4f} 0 0 cm")
    canvas._code.append(ops + "\nf")
    canvas.restoreState()
    return float((size + 2 * QUIET_MODULES_2D) * m)
