"""The name rule (desk.domain.names.unprintable) and the receipts' font agree: every
letter a name may hold has a glyph in Guichet Sans, so an accepted name never prints
as boxes; and a few letters of each refused script are indeed missing from it."""

from __future__ import annotations

import unicodedata

from reportlab.pdfbase import pdfmetrics

from desk.domain.names import unprintable
from desk.receipts.fonts import REGULAR, register_fonts


def _font_chars() -> set[int]:
    register_fonts()
    return set(pdfmetrics.getFont(REGULAR).face.charToGlyph)


def test_every_character_a_name_may_hold_is_in_the_font() -> None:
    have = _font_chars()
    accepted = [c for c in range(0x20, 0x3000) if chr(c).isprintable() and not unprintable(chr(c))]
    assert len(accepted) > 1300  # Latin, Greek, Cyrillic, Armenian, Georgian, accents
    missing = [f"U+{c:04X} {unicodedata.name(chr(c), '?')}" for c in accepted if c not in have]
    assert missing == []


def test_the_refused_scripts_are_those_the_font_lacks() -> None:
    have = _font_chars()
    for sample in ("م", "א", "王", "ร", "अ", "한"):
        assert unprintable(sample) == sample
        assert ord(sample) not in have
