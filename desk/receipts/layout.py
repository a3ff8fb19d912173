"""A tiny A4 layout engine for receipts: a display list, drawn in one pass.

The page is laid out first as a list of operations, so that the text printed on
every page is known before the QR code (which carries its digest) is drawn on page 1.
Operations are executed in list order; that order is the order of the PDF content
stream, hence of the text a PDF reader extracts (desk.receipts.verify relies on it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from desk.receipts.fonts import REGULAR
from desk.receipts.pdftext import TextWriter

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 15 * mm
MARGIN_BOTTOM = 24 * mm  # the footer lives below this line
#: bold is drawn with the regular font, filled and stroked (text render mode 2): one
#: embedded font subset instead of two halves the cost of a receipt
BOLD = "GuichetSans+bold"


@functools.lru_cache(maxsize=16384)
def _width(text: str, size: float) -> float:
    """Advance width of a word: the legal texts repeat from receipt to receipt."""
    return float(pdfmetrics.stringWidth(text, REGULAR, size))


@functools.lru_cache(maxsize=1024)
def wrap(text: str, font: str, size: float, max_width: float) -> tuple[str, ...]:
    """Greedy word wrap; a word longer than the line is cut. Cached: most paragraphs
    are the same legal texts on every receipt."""
    return tuple(_wrap(text, size, max_width))


def _wrap(text: str, size: float, max_width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    space = _width(" ", size)
    current_w = 0.0
    for word in text.split():
        w = _width(word, size)
        if current and current_w + space + w <= max_width:
            current += " " + word
            current_w += space + w
            continue
        if current:
            lines.append(current)
        while w > max_width and len(word) > 1:  # an unbreakable run (URL, number)
            cut = len(word)
            while cut > 1 and _width(word[:cut], size) > max_width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            w = _width(word, size)
        current, current_w = word, w
    if current:
        lines.append(current)
    return lines


Draw = Callable[[Canvas], object]


@dataclass(frozen=True)
class Text:
    """Where and how a line of text is drawn."""

    x: float
    y: float
    size: float
    bold: bool
    grey: float


@dataclass
class Op:
    page: int
    text: str | None  # the string drawn, when the operation draws text
    draw: Draw | None = None  # any other drawing
    place: Text | None = None  # set when the operation is a line of text


@dataclass
class Layout:
    """Lays out text top-down over as many A4 pages as needed."""

    ops: list[Op] = field(default_factory=list)
    page: int = 0
    y: float = PAGE_H - MARGIN_TOP
    left: float = MARGIN_X
    right: float = PAGE_W - MARGIN_X

    # --- primitives -------------------------------------------------------------
    def add(self, draw: Draw, page: int | None = None) -> None:
        self.ops.append(Op(self.page if page is None else page, None, draw))

    def string(
        self,
        x: float,
        y: float,
        text: str,
        font: str = REGULAR,
        size: float = 9.5,
        grey: float = 0,
        page: int | None = None,
    ) -> None:
        place = Text(x, y, size, font == BOLD, grey)
        self.ops.append(Op(self.page if page is None else page, text, None, place))

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` points still fit above the footer."""
        if self.y - height < MARGIN_BOTTOM:
            self.page += 1
            self.y = PAGE_H - MARGIN_TOP

    # --- blocks -----------------------------------------------------------------
    def paragraph(
        self,
        text: str,
        font: str = REGULAR,
        size: float = 9.5,
        indent: float = 0,
        grey: float = 0,
        leading: float | None = None,
        space_after: float = 4,
        bullet: str = "",
    ) -> None:
        lead = leading or size * 1.3
        x = self.left + indent
        lines = wrap(text, font, size, self.right - x)
        for i, line in enumerate(lines):
            self.ensure(lead)
            self.y -= lead
            if bullet and i == 0:
                self.string(x - 3.2 * mm, self.y, bullet, font, size, grey)
            self.string(x, self.y, line, font, size, grey)
        self.y -= space_after

    def translated(
        self, french: str, other: str | None, indent: float = 0, bullet: str = ""
    ) -> None:
        """A French paragraph, then its translation in smaller grey type."""
        self.paragraph(french, indent=indent, bullet=bullet, space_after=1.5 if other else 4)
        if other:
            self.paragraph(other, size=8, grey=0.35, indent=indent, space_after=4.5)

    def field(self, label: str, value: str, label_width: float = 42 * mm) -> None:
        lines = wrap(value, REGULAR, 9.5, self.right - self.left - label_width) or ("",)
        for i, line in enumerate(lines):
            self.ensure(12.5)
            self.y -= 12.5
            if i == 0:
                self.string(self.left, self.y, label, BOLD, 9.5)
            self.string(self.left + label_width, self.y, line, REGULAR, 9.5)

    def heading(self, text: str, size: float = 10.5, space_before: float = 5) -> None:
        self.ensure(space_before + size * 1.3 + 30)  # keep a heading with what follows
        self.y -= space_before
        self.paragraph(text, BOLD, size, space_after=2)

    def box(self, x: float, y: float, w: float, h: float, dash: bool = False) -> None:
        def draw(c: Canvas) -> None:
            c.saveState()
            c.setLineWidth(0.6)
            if dash:
                c.setDash(3, 2)
            c.rect(x, y, w, h, stroke=1, fill=0)
            c.restoreState()

        self.add(draw)

    @property
    def pages(self) -> int:
        return self.page + 1

    def texts(self) -> list[str]:
        """Every string drawn, in the order the PDF will hold them."""
        return [op.text for op in self.ordered() if op.text is not None]

    def ordered(self) -> list[Op]:
        return sorted(self.ops, key=lambda op: op.page)  # stable: list order per page

    def render(self, canvas: Canvas) -> None:
        """Draw every page; consecutive lines of text form one PDF text object."""
        text = TextWriter(canvas, REGULAR)
        current = 0
        for op in self.ordered():
            while op.page > current:
                text.flush()
                canvas.showPage()
                current += 1
            if op.place is not None and op.text is not None:
                p = op.place
                text.line(p.x, p.y, op.text, p.size, p.bold, p.grey)
            elif op.draw is not None:
                text.flush()
                op.draw(canvas)
        text.flush()
        canvas.showPage()
