"""Make resources/fonts/GuichetSans.ttf, the font embedded in receipts (issue 6).

A subset of DejaVu Sans (Debian/Ubuntu fonts-dejavu-core) holding only what receipts
print: Latin with Latin-1, Extended-A/B and Extended Additional (Vietnamese),
combining accents (names typed decomposed), Greek, Cyrillic, Armenian, Georgian and
the punctuation, currency and letter-like signs of the receipt texts. Hinting, OpenType
layout (reportlab neither shapes nor kerns), kerning and the MATH table are dropped.

Why: reportlab copies the font's tables and every used glyph into each receipt and
compresses them; the 6,253-glyph DejaVu with its hinting programs, 15 KB name table
and hinted glyphs made that the largest cost of a receipt (docs/BENCHMARKS.md).

Licence: the Bitstream Vera licence (DejaVu changes are public domain; Arev glyphs are
under the same terms) allows modifying the fonts if they are renamed to names without
"Bitstream" or "Vera" (and, for Arev glyphs, "Arev" or "Tavmjong Bah"): the subset is
named "Guichet Sans". Its name table keeps the copyright and trademark notices (record
0) and points to the licence (records 13 and 14); the licence's full text ships beside
the font, in resources/fonts/LICENSE-GuichetSans.txt. Not the full text in record 13:
reportlab copies the name table into every font subset of every receipt, where 9.5 KB
of licence would be most of the embedded font program.

Run once when the coverage changes, with fontTools (a dev-only tool, `.[dev]`), then
commit the font and the provenance it prints into the licence file:

    .venv/bin/python scripts/make-receipt-font.py [path/to/DejaVuSans.ttf]
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from fontTools import subset, version
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "GuichetSans.ttf"
FAMILY = "Guichet Sans"
POSTSCRIPT = "GuichetSans"

#: (first, last) code points kept
RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x02B0, 0x036F),  # spacing modifier letters, combining diacritical marks
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic and Cyrillic Supplement
    (0x0531, 0x058F),  # Armenian
    (0x10A0, 0x10FF),  # Georgian
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2000, 0x206F),  # general punctuation (— ’ « » • …)
    (0x20A0, 0x20CF),  # currency signs (€)
    (0x2100, 0x214F),  # letter-like symbols (№)
    (0xFFFD, 0xFFFD),  # replacement character
]
#: name records kept: copyright (with the trademark notice), family, style, unique
#: id, full name, version, PostScript name, licence, licence URL
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]
COPYRIGHT = (
    "Copyright (c) 2003 by Bitstream, Inc. All Rights Reserved. Bitstream Vera is a"
    " trademark of Bitstream, Inc. Copyright (c) 2006 by Tavmjong Bah. All Rights"
    " Reserved. DejaVu changes are in public domain."
)
LICENCE = (
    "Bitstream Vera Fonts licence and Arev Fonts licence (the DejaVu fonts licence);"
    " the full text ships with this font as LICENSE-GuichetSans.txt. Modified from"
    " DejaVu Sans and renamed as those licences require."
)
LICENCE_URL = "https://dejavu-fonts.github.io/License.html"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(source: Path = SOURCE) -> None:
    font = TTFont(str(source), recalcTimestamp=False)
    source_version = font["name"].getDebugName(5)
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "MATH", "FFTM", "gasp"]
    options.name_IDs = NAME_IDS
    options.name_legacy = False  # Windows records only: the Mac ones duplicate them
    options.name_languages = [0x0409]
    options.notdef_outline = True
    options.glyph_names = False
    unicodes = [u for first, last in RANGES for u in range(first, last + 1)]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    name = font["name"]
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName(f"{FAMILY} {name.getDebugName(2)}".strip(), 4, 3, 1, 0x409)
    name.setName(f"{POSTSCRIPT}: subset of DejaVu Sans {source_version}", 3, 3, 1, 0x409)
    name.setName(POSTSCRIPT, 6, 3, 1, 0x409)
    name.setName(f"{source_version}; Guichet receipt subset 1", 5, 3, 1, 0x409)
    name.setName(COPYRIGHT, 0, 3, 1, 0x409)
    name.setName(LICENCE, 13, 3, 1, 0x409)
    name.setName(LICENCE_URL, 14, 3, 1, 0x409)
    for record in name.names:  # the renaming condition of the licence
        if record.nameID in (1, 3, 4, 6):
            assert not any(w in record.toUnicode() for w in ("Bitstream", "Vera", "Arev"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(OUT))
    glyphs = TTFont(str(OUT))["maxp"].numGlyphs
    print(f"source: {source} ({source_version}), sha256 {sha256(source)}")
    print(f"fontTools {version}; {glyphs} glyphs; {OUT.stat().st_size} bytes")
    print(f"output: {OUT.name}, sha256 {sha256(OUT)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
