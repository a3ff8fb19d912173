"""Write a machine-readable zone from its fields (ICAO Doc 9303 parts 3 to 7): used to
print specimens and by the tests and benchmarks that read MRZs back."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from desk.domain.mrz import FILLER, LAYOUTS, SHAPES, MrzFormat, Span, check_digit

#: ICAO 9303 part 3 §6.A: letters the MRZ writes as two (the others lose their accent)
_TRANSLIT = {
    "Ä": "AE",
    "Å": "AA",
    "Æ": "AE",
    "Ð": "D",
    "Ö": "OE",
    "Ø": "OE",
    "Ü": "UE",
    "ß": "SS",
    "Þ": "TH",
    "Œ": "OE",
    "Ĳ": "IJ",
    "Ł": "L",
    "Đ": "D",
    "Ħ": "H",
}


def mrz_text(text: str) -> str:
    """Upper case A–Z, accents removed, other characters -> filler."""
    out = []
    for c in text.upper():
        if c in _TRANSLIT:
            out.append(_TRANSLIT[c])
            continue
        base = unicodedata.normalize("NFKD", c)[0]
        out.append(base if "A" <= base <= "Z" or "0" <= base <= "9" else FILLER)
    return "".join(out)


def name_field(surname: str, given_names: str, width: int) -> str:
    """Surname<<Given<Names, cut to ``width`` and padded with fillers."""
    primary = mrz_text(surname).strip(FILLER)
    secondary = mrz_text(given_names).strip(FILLER)
    while "<<" in primary:
        primary = primary.replace("<<", "<")
    text = primary + ("<<" + secondary if secondary else "")
    return text[:width].ljust(width, FILLER)


def yymmdd(value: date | None) -> str:
    return value.strftime("%y%m%d") if value else "<<<<<<"


@dataclass(frozen=True)
class MrzFields:
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: date | None
    sex: str  # F, M, X or <
    expiry_date: date | None
    optional_data: str = ""
    optional_data_2: str = ""


def compose(fmt: MrzFormat, f: MrzFields) -> tuple[str, ...]:
    """The lines of an MRZ carrying ``f`` with every check digit computed."""
    n_lines, width = SHAPES[fmt]
    layout = LAYOUTS[fmt]
    grid = [[FILLER] * width for _ in range(n_lines)]

    def put(span: Span, text: str) -> None:
        line, start, end = span
        text = text[: end - start].ljust(end - start, FILLER)
        grid[line][start:end] = list(text)

    def put_at(pos: tuple[int, int], ch: str) -> None:
        grid[pos[0]][pos[1]] = ch

    def value(span: Span) -> str:
        return "".join(grid[span[0]][span[1] : span[2]])

    put(layout.document_type, f.document_type)
    put(layout.issuing_state, f.issuing_state)
    put(layout.name, name_field(f.surname, f.given_names, layout.name[2] - layout.name[1]))
    number = mrz_text(f.document_number)
    optional = mrz_text(f.optional_data)
    if len(number) > 9 and layout.long_numbers:
        put(layout.number, number[:9])
        put_at(layout.number_check, FILLER)
        optional = number[9:] + check_digit(number) + FILLER + optional
    else:
        put(layout.number, number)
        put_at(layout.number_check, check_digit(value(layout.number)))
    put(layout.nationality, f.nationality)
    put(layout.birth, yymmdd(f.birth_date))
    put_at(layout.birth_check, check_digit(value(layout.birth)))
    put_at(layout.sex, f.sex)
    put(layout.expiry, yymmdd(f.expiry_date))
    put_at(layout.expiry_check, check_digit(value(layout.expiry)))
    put(layout.optional, optional)
    if layout.optional_check:
        opt = value(layout.optional)
        put_at(layout.optional_check, FILLER if set(opt) == {FILLER} else check_digit(opt))
    if layout.optional_2:
        put(layout.optional_2, mrz_text(f.optional_data_2))
    if layout.composite:
        text = "".join(value(s) for s in layout.composite_spans)
        put_at(layout.composite, check_digit(text))
    return tuple("".join(r) for r in grid)
