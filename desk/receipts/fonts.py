"""The receipts' font: Guichet Sans (resources/fonts), embedded as TrueType subsets.

reportlab embeds a TrueType font as subsets of up to 256 characters, numbered in the
order a document first uses them, and at save time builds and compresses each
subset's font program, widths and ToUnicode map — a millisecond and a half per receipt,
most of it for the same characters every time. :class:`ReceiptFont` gives every
document the same first subset, :data:`CORE` (ASCII, Latin-1 and the typography of
the receipt texts): its PDF objects are built once per process and written as they
are. Any other character (a Cyrillic, Greek, Vietnamese… name) goes to the next
subsets, built per document by reportlab as usual.
"""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    makeToUnicodeCMap,
)

from desk.errors import DataHomeError
from desk.paths import resource_path

REGULAR = "GuichetSans"
#: DejaVu Sans cut down to the scripts receipts print (scripts/make-receipt-font.py;
#: licence and provenance in resources/fonts/LICENSE-GuichetSans.txt)
FONT_FILE = "GuichetSans.ttf"
#: the characters of the first subset of every receipt: every character of the receipt
#: texts (resources/receipts/texts.toml; checked by a test) and of French addresses
CORE = (
    "".join(map(chr, range(0x20, 0x7F)))
    + "".join(map(chr, range(0xA1, 0x100)))
    + "ŒœŸ–—‘’‚“”„•…‹›€№"
)


@dataclass(frozen=True)
class _Built:
    """The PDF pieces of the core subset that do not depend on the document."""

    base_font: str
    last_char: int
    widths: bytes
    program: bytes  # compressed font program
    program_length: int
    to_unicode: bytes  # compressed ToUnicode CMap


class ReceiptFont(TTFont):  # type: ignore[misc]
    """A reportlab TTFont whose first subset is :data:`CORE` in every document."""

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name, path, asciiReadable=True)
        seed = _Doc()
        super().splitString(CORE, seed)
        core = self.state[seed]
        self._assignments: dict[int, int] = dict(core.assignments)
        self._core: list[int] = list(core.subsets[0])
        #: code of each character of the first subset (desk.receipts.pdftext)
        self.core_codes: dict[int, int] = {c: n for c, n in self._assignments.items() if n < 256}
        self.core_chars = frozenset(map(chr, self.core_codes))
        del self.state[seed]
        self._built: _Built | None = None

    def _state(self, doc: Any) -> Any:
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = TTFont.State(True, self)
            state.assignments = dict(self._assignments)
            state.subsets = [list(self._core)]
            state.nextCode = 256  # new characters start the second subset
        return state

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> Any:
        self._state(doc)
        return super().splitString(text, doc, encoding)

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        self._state(doc)
        return str(super().getSubsetInternalName(subset, doc))

    def addObjects(self, doc: Any) -> None:
        """Add the font's subsets to ``doc``: the core from the objects built once,
        the others as reportlab builds them."""
        state = self._state(doc)
        state.frozen = 1
        fonts = doc.idToObject["BasicFonts"].dict
        for n, subset in enumerate(state.subsets):
            name = self.getSubsetInternalName(n, doc)[1:]
            if n == 0 and subset == self._core:
                built = self._core_objects()
                pdf_font = self._font_object(name, built.base_font, built.last_char)
                pdf_font.Widths = built.widths
                to_unicode = _flate_stream(built.to_unicode)
                program = _flate_stream(built.program, Length1=built.program_length)
            else:
                base = self._base_font(n)
                pdf_font = self._font_object(name, base, len(subset) - 1)
                pdf_font.Widths = pdfdoc.PDFArray([self.face.getCharWidth(c) for c in subset])
                to_unicode = _flate_stream(zlib.compress(makeToUnicodeCMap(base, subset).encode()))
                font_program = self.face.makeSubset(subset)
                program = _flate_stream(zlib.compress(font_program), Length1=len(font_program))
            base_font = pdf_font.BaseFont
            pdf_font.ToUnicode = doc.Reference(to_unicode, f"toUnicodeCMap:{base_font}")
            pdf_font.FontDescriptor = self._descriptor(doc, base_font, program)
            doc.Reference(pdf_font, name)
            fonts[name] = pdf_font
        del self.state[doc]

    def _base_font(self, n: int) -> str:
        face = self.face
        return str(b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc"))

    def _font_object(self, name: str, base_font: str, last_char: int) -> Any:
        pdf_font = pdfdoc.PDFTrueTypeFont()
        pdf_font.Name = name
        pdf_font.BaseFont = base_font
        pdf_font.FirstChar = 0
        pdf_font.LastChar = last_char
        return pdf_font

    def _descriptor(self, doc: Any, base_font: str, program: Any) -> Any:
        face = self.face
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": face.ascent,
                "CapHeight": face.capHeight,
                "Descent": face.descent,
                "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(face.bbox),
                "FontName": pdfdoc.PDFName(base_font),
                "ItalicAngle": face.italicAngle,
                "StemV": face.stemV,
                "FontFile2": doc.Reference(program, f"fontFile:{face.filename}({base_font})"),
                "MissingWidth": face.defaultWidth,
            }
        )
        return doc.Reference(descriptor, f"fontDescriptor:{base_font}")

    def _core_objects(self) -> _Built:
        if self._built is None:
            base = self._base_font(0)
            widths = " ".join(str(self.face.getCharWidth(c)) for c in self._core)
            program = self.face.makeSubset(self._core)
            self._built = _Built(
                base_font=base,
                last_char=len(self._core) - 1,
                widths=f"[{widths}]".encode("ascii"),
                program=zlib.compress(program),
                program_length=len(program),
                to_unicode=zlib.compress(makeToUnicodeCMap(base, self._core).encode()),
            )
        return self._built


class _Doc:
    """Stands for a document while the core subset is assigned (the font's per-document
    state is a weak dictionary)."""


def _flate_stream(compressed: bytes, **entries: int) -> Any:
    """A stream whose content is already Flate-compressed (reportlab then writes it as
    it is)."""
    dictionary = pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFName("FlateDecode"), **entries})
    return pdfdoc.PDFStream(dictionary, compressed)


@functools.cache
def register_fonts() -> None:
    """Register Guichet Sans with reportlab (once per process)."""
    path = resource_path("fonts", FONT_FILE)
    if not path.is_file():
        raise DataHomeError(f"font {path} is missing from the installation", path=str(path))
    pdfmetrics.registerFont(ReceiptFont(REGULAR, str(path)))
