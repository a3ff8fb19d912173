"""The receipts' font: Guichet Sans (resources/fonts), embedded as TrueType subsets.

reportlab embeds a TrueType font as subsets of up to 256 characters, numbered in the
order a document first uses them, and at save time builds and compresses each
subset's font program, widths and ToUnicode map: more than a millisecond per receipt,
most of it for the same characters every time. :class:`ReceiptFont` instead cuts the
font once into fixed subsets ("pages"): the first holds :data:`CORE` (ASCII, Latin-1
and the typography of the receipt texts), the others the rest of the font, in code
point order, :data:`PAGE` characters each (a Cyrillic, Greek, Vietnamese… name uses one
to three of them). Each page's PDF objects are built the first time a document of the
process uses it; a receipt embeds the pages its text uses, written as they are.
"""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass
from typing import Any

from reportlab.lib.rl_accel import fp_str
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


#: characters of each page after the first: small pages keep the PDF of a receipt
#: with a non-Latin name small (each page embeds its glyphs and a few tables)
PAGE = 64


@dataclass(frozen=True)
class _Built:
    """The PDF pieces of one page that do not depend on the document."""

    base_font: str
    font: bytes  # the font dictionary, between its /Name and its references
    descriptor: bytes  # the font descriptor, up to its /FontFile2 reference
    program: bytes  # compressed font program
    program_length: int
    to_unicode: bytes  # compressed ToUnicode CMap


class ReceiptFont(TTFont):  # type: ignore[misc]
    """A reportlab TTFont cut into the same fixed subsets in every document."""

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name, path, asciiReadable=True)
        seed = _Doc()
        super().splitString(CORE, seed)
        core = self.state[seed]
        del self.state[seed]
        assignments: dict[int, int] = dict(core.assignments)  # character -> code
        pages: list[list[int]] = [list(core.subsets[0])]
        rest = sorted(c for c in self.face.charToGlyph if c > 32 and c not in assignments)
        rest = [c for c in rest if c != 0xA0]  # reportlab prints it as a space
        for start in range(0, len(rest), PAGE):
            chunk = rest[start : start + PAGE]
            page = [0, *chunk[:31], 32, *chunk[31:]]  # reportlab's: 0 .notdef, 32 space
            for i, c in enumerate(page):
                if c not in (0, 32):
                    assignments[c] = len(pages) * 256 + i
            pages.append(page)
        self._assignments = assignments
        self._pages = pages
        #: code of each character of the first page (desk.receipts.pdftext)
        self.core_codes: dict[int, int] = {c: n for c, n in assignments.items() if n < 256}
        self.core_chars = frozenset(map(chr, self.core_codes))
        self._built: dict[int, _Built] = {}

    def _state(self, doc: Any) -> Any:
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = TTFont.State(True, self)
            state.assignments = self._assignments  # every character has its code
            state.subsets = self._pages
            state.frozen = 1  # (read only: reportlab assigns no new code)
            state.used = set()
        return state

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> Any:
        self._state(doc)
        return super().splitString(text, doc, encoding)

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        """The PDF name of page ``subset`` (a document embeds the pages it names)."""
        self._state(doc).used.add(subset)
        return str(super().getSubsetInternalName(subset, doc))

    def addObjects(self, doc: Any) -> None:
        """Add the pages ``doc`` uses, from the objects built once per process."""
        state = self._state(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for n in sorted(state.used):
            name = self.getSubsetInternalName(n, doc)[1:]
            built = self._page_objects(n)
            base = built.base_font
            to_unicode = doc.Reference(_flate_stream(built.to_unicode), f"toUnicodeCMap:{base}")
            program = _flate_stream(built.program, Length1=built.program_length)
            program_ref = doc.Reference(program, f"fontFile:{self.face.filename}({base})")
            descriptor = _Prepared(built.descriptor, program_ref, b" >>")
            pdf_font = _Prepared(
                b"<< /Type /Font /Subtype /TrueType /Name /" + name.encode("ascii"),
                built.font,
                to_unicode,
                b" /FontDescriptor ",
                doc.Reference(descriptor, f"fontDescriptor:{base}"),
                b" >>",
            )
            doc.Reference(pdf_font, name)
            fonts[name] = pdf_font
        del self.state[doc]

    def _page_objects(self, n: int) -> _Built:
        built = self._built.get(n)
        if built is None:
            face = self.face
            page = self._pages[n]
            base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            widths = " ".join(fp_str(face.getCharWidth(c)) for c in page)
            flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
            program = face.makeSubset(page)
            built = self._built[n] = _Built(
                base_font=base,
                font=(
                    f" /BaseFont /{base} /FirstChar 0 /LastChar {len(page) - 1}"
                    f" /Widths [{widths}] /ToUnicode "
                ).encode("ascii"),
                descriptor=(
                    f"<< /Type /FontDescriptor /FontName /{base}"
                    f" /Ascent {fp_str(face.ascent)} /CapHeight {fp_str(face.capHeight)}"
                    f" /Descent {fp_str(face.descent)} /Flags {flags}"
                    f" /FontBBox [{fp_str(*face.bbox)}] /ItalicAngle {fp_str(face.italicAngle)}"
                    f" /StemV {fp_str(face.stemV)} /MissingWidth {fp_str(face.defaultWidth)}"
                    " /FontFile2 "
                ).encode("ascii"),
                program=zlib.compress(program),
                program_length=len(program),
                to_unicode=zlib.compress(makeToUnicodeCMap(base, page).encode()),
            )
        return built


class _Doc:
    """Stands for a document while the core subset is assigned (the font's per-document
    state is a weak dictionary)."""


class _Prepared(pdfdoc.PDFObject):  # type: ignore[misc]
    """A PDF object written as prepared bytes around the references it holds."""

    __RefOnly__ = 1  # written once, as an indirect object

    def __init__(self, *parts: Any) -> None:
        self.parts = parts

    def format(self, document: Any) -> bytes:
        return b"".join(
            p if isinstance(p, bytes) else pdfdoc.format(p, document) for p in self.parts
        )


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
        raise DataHomeError(
            f"font {path} is missing from the installation",
            path=str(path),
            reason="install_damaged",
        )
    pdfmetrics.registerFont(ReceiptFont(REGULAR, str(path)))
