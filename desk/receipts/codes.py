"""The two codes on a receipt.

- Code128 of the receipt number, built by python-barcode and painted by
  :class:`ReportlabWriter`, a python-barcode writer whose modules are PDF rectangles
  (vector shapes, as issue 6 requires: never a bitmap, whose bars blur when printed).
  Modules are at least 0.33 mm wide so that a page rendered or scanned at 150 dpi
  decodes (../shared/MEASURED.md).
- QR code of the signed payload (desk.receipts.payload): the module matrix comes from
  zxing-cpp's encoder (C++, under a millisecond) and is painted as a 1-bit image mask
  of one sample per module, inline in the page, scaled by the transformation matrix
  and not interpolated: every module is a sharp black square at any resolution, as a
  rectangle would be (the usual way PDF generators draw 2D codes). Drawn as ~700
  rectangles it was 60 % of the page's content stream, which reportlab compresses,
  and a third of the time of a receipt.
"""

from __future__ import annotations

import functools
import re
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
    Each run of dark modules of python-barcode's module string is one rectangle, in
    module units under one transformation matrix (Code128 has no guard bars and no
    text is written under it).
    """

    def __init__(self, canvas: Canvas, x: float, y: float) -> None:
        super().__init__(None, None, None, None)  # render() replaces the callbacks
        self.canvas = canvas
        self.origin = (x, y)

    def render(self, code: list[str]) -> float:
        (line,) = code
        quiet = round(self.quiet_zone / self.module_width)
        bars = [f"{quiet + m.start()} -1 {m.end() - m.start()} 1 re" for m in _DARK.finditer(line)]
        x0, y0 = self.origin
        sx, sy = self.module_width * mm, self.module_height * mm
        y0 -= self.margin_top * mm
        ops = "\n".join(bars)
        self.canvas.addLiteral(
            f"q 0 0 0 rg 1 0 0 1 {x0:.3f} {y0:.3f} cm {sx:.5f} 0 0 {sy:.5f} 0 0 cm\n{ops}\nf Q"
        )
        return float(len(line) * self.module_width + 2 * self.quiet_zone)


_DARK = re.compile("[1G]+")  # G: a guard bar (EAN), drawn at the bars' height


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
    width_mm = code.render(
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
    return float(width_mm * mm)


@functools.lru_cache(maxsize=8)
def qr_symbol(payload: str) -> tuple[int, str]:
    """Side (modules) of the QR code of ``payload`` (error correction M, the mask of
    lowest penalty) and its modules as the hexadecimal samples of a 1-bit image mask,
    one bit per module, rows from the top, light modules set (left unpainted)."""
    import numpy as np
    import zxingcpp

    from desk.receipts.qrmask import best_symbol

    def encode(**options: object) -> Any:
        symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, **options)
        return np.asarray(symbol.to_image(scale=1, add_quiet_zones=False)) < 128

    # the mask is chosen as the encoder would, for a fraction of its cost (qrmask)
    dark = best_symbol(encode(ec_level="M", data_mask=0))
    if dark is None:
        dark = encode(ec_level="M")
    return int(dark.shape[0]), np.packbits(~dark, axis=1).tobytes().hex()


def qr_side(payload: str, module_mm: float = QR_MODULE_MM) -> float:
    """Side in points of the QR code of ``payload``, quiet zone included."""
    return float((qr_symbol(payload)[0] + 2 * QUIET_MODULES_2D) * module_mm * mm)


def draw_qr(
    canvas: Canvas, payload: str, x: float, top: float, module_mm: float = QR_MODULE_MM
) -> float:
    """Draw the QR code of ``payload`` with its top-left corner (quiet zone included)
    at ``(x, top)``; return its side in points."""
    size, samples = qr_symbol(payload)
    m = module_mm * mm
    side = size * m
    left = x + QUIET_MODULES_2D * m
    bottom = top - QUIET_MODULES_2D * m - side
    # an inline image mask (PDF 1.7 §8.9.6.2, §8.9.7) painted in black: the image
    # fills the unit square, scaled to the symbol by the matrix; without
    # interpolation each module stays a sharp square at any resolution
    canvas.addLiteral(
        f"q 0 0 0 rg {side:.4f} 0 0 {side:.4f} {left:.3f} {bottom:.3f} cm\n"
        f"BI /W {size} /H {size} /IM true /BPC 1 /F /AHx /I false ID\n{samples}> EI Q"
    )
    return float((size + 2 * QUIET_MODULES_2D) * m)
