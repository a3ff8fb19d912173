"""Lines of text written into a page as one PDF text object.

reportlab's ``drawString`` builds a text object per string, re-sends the font and
splits the string into font subsets character by character in Python; for the ~50
strings of a receipt that was a third of its cost. Here consecutive lines share one
``BT … ET`` block, the font, size, grey and render mode are written only when they
change, and a line of the font's first subset (desk.receipts.fonts) is encoded with
one ``str.translate`` and its operator cached for the process (most lines are the same
legal texts on every receipt); other lines go through ``TTFont.splitString``.

``getSubsetInternalName`` registers each subset used with the document, so that the
font objects, widths and ToUnicode maps (text extraction, desk.receipts.verify) are
written at save time as for ``drawString``.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

#: bold is the regular font filled and stroked (text render mode 2) with a line this
#: fraction of the size: one embedded font instead of two
BOLD_STROKE = 0.045


class TextWriter:
    """Collects the lines of one page section and writes them as one text object."""

    def __init__(self, canvas: Canvas, font_name: str) -> None:
        self.canvas = canvas
        self.font = pdfmetrics.getFont(font_name)
        # reportlab keeps a TrueType font's subsets per document (canvas._doc)
        self.doc = canvas._doc
        self.names: dict[int, str] = {}  # subset -> its PDF resource name
        self.ops: list[str] = []
        self._reset()

    def _reset(self) -> None:
        self.subset = -1
        self.size = -1.0
        self.grey = -1.0
        self.stroke: tuple[float, float] | None = None  # bold: (grey, line width)
        self.bold = False

    def _name(self, subset: int) -> str:
        name = self.names.get(subset)
        if name is None:
            name = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return name

    def _shows(self, text: str) -> tuple[tuple[int, str], ...]:
        """The subsets of ``text`` and the operator showing each part of it."""
        shows = _first_subset_show(self.font, text)
        if shows is None:
            chunks = self.font.splitString(text, self.doc)
            shows = tuple((subset, f"({escapePDF(code)}) Tj") for subset, code in chunks)
        return shows

    def line(self, x: float, y: float, text: str, size: float, bold: bool, grey: float) -> None:
        """Queue ``text`` at ``(x, y)``; the text object is written by :meth:`flush`."""
        ops = self.ops
        if not ops:
            ops.append("q BT")
        if grey != self.grey:
            ops.append(f"{fp_str(grey)} g")
            self.grey = grey
        if bold != self.bold:
            ops.append("2 Tr" if bold else "0 Tr")
            self.bold = bold
        if bold and self.stroke != (grey, size):
            ops.append(f"{fp_str(grey)} G {fp_str(size * BOLD_STROKE)} w")
            self.stroke = (grey, size)
        ops.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        for subset, show in self._shows(text):
            if subset != self.subset or size != self.size:
                ops.append(f"{self._name(subset)} {fp_str(size)} Tf")
                self.subset, self.size = subset, size
            ops.append(show)

    def flush(self) -> None:
        """Write the queued lines (before any other drawing, and at the end of a page);
        the graphics state is restored after them."""
        if self.ops:
            self.ops.append("ET Q")
            self.canvas.addLiteral("\n".join(self.ops))
            self.ops = []
            self._reset()


@functools.lru_cache(maxsize=4096)
def _first_subset_show(font: Any, text: str) -> tuple[tuple[int, str], ...] | None:
    """``((0, "(…) Tj"),)`` for a line whose characters are all in the first subset of
    ``font`` (fonts.ReceiptFont: the same codes in every document, so the operator is
    too); None for any other line or font."""
    if not getattr(font, "core_chars", frozenset()).issuperset(text):
        return None
    return ((0, f"({escapePDF(text.translate(font.core_codes).encode('latin-1'))}) Tj"),)
