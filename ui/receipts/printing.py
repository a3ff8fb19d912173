"""Receipts on paper through QtPrintSupport: the counter's configured printer without a
dialog, or a print dialog on request.

Qt has no PDF renderer in PySide6-Essentials: each page of the receipt PDF is
rendered by pdfium at the printer's resolution (at most 300 dpi, where a 0.5 mm bar is
6 dots) and painted on the QPrinter. Painting may run off the GUI thread (QPainter on
a QPrinter is allowed there); the dialog may not.
"""

from __future__ import annotations

import shutil
import sys

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desk.receipts.printing import PrintFailed, printer_problem

MAX_DPI = 300


def counter_printer(name: str, receipt: str) -> QPrinter:
    """A QPrinter on the CUPS/Windows queue ``name`` for ``receipt``, or PrintFailed
    saying why not."""
    if not name:
        raise PrintFailed("print_no_printer", name, receipt)
    if sys.platform != "win32" and shutil.which("lpstat"):
        problem = printer_problem(name)  # stopped, refusing, out of paper: lpstat knows
        if problem:
            raise PrintFailed(problem, name, receipt)
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        raise PrintFailed("print_unknown_printer", name, receipt)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    prepare(printer, receipt)
    return printer


def prepare(printer: QPrinter, title: str) -> None:
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)


def paint_pdf(pdf: bytes, printer: QPrinter, receipt: str = "") -> int:
    """Paint every page of ``pdf`` on ``printer``; return the number of pages."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrintFailed("print_lp_failed", printer.printerName(), receipt, "QPainter.begin")
        dpi = min(printer.resolution(), MAX_DPI)
        full = printer.pageLayout().fullRectPixels(printer.resolution())
        for i in range(len(doc)):
            if i and not printer.newPage():
                raise PrintFailed("print_lp_failed", printer.printerName(), receipt, "newPage")
            page = doc[i]
            image = page.render(scale=dpi / 72, grayscale=True, no_smoothpath=True).to_pil()
            page.close()
            data = image.tobytes()
            qimage = QImage(
                data, image.width, image.height, image.width, QImage.Format.Format_Grayscale8
            )
            painter.drawImage(QRect(0, 0, full.width(), full.height()), qimage)
        return len(doc)
    finally:
        if painter.isActive():
            painter.end()
        doc.close()
