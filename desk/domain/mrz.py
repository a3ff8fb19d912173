"""Machine-readable zones of passports, identity cards, residence permits and visas
(ICAO Doc 9303, 8th edition 2021).

Formats (part 3 §4, parts 4 to 7): TD1 cards 3×30 (French residence permits, ID
cards), TD2 2×36, TD3 passports 2×44, machine-readable visas MRV-A 2×44 and MRV-B 2×36.
Check digits (part 3 §4.9): weights 7-3-1, digits count their value, A..Z count 10..35,
the filler ``<`` counts 0, modulus 10. Names (part 3 §4.6): the primary identifier
(surname) and the secondary identifier (given names) are separated by ``<<``.

Input that is not an MRZ at all (wrong line count or length, lower case, spaces,
foreign characters, lines out of order) raises :class:`NotAnMrz`; an MRZ whose check
digits or fields are wrong is returned with ``errors`` naming the fields at fault and
``valid`` false. With ``ocr=True`` the usual OCR confusions (O/0, I/1, Z/2, S/5, B/8,
also G/6 by field type) are corrected only where the field type or the check digits
prove the correction (see :mod:`desk.domain.mrz_fix`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from desk.domain.mrz_codes import is_known_code
from desk.errors import InvalidInput

FILLER = "<"
_WEIGHTS = (7, 3, 1)
_CHARSET = re.compile(r"^[A-Z0-9<]+$")


def char_value(c: str) -> int:
    if "0" <= c <= "9":
        return ord(c) - 48
    if "A" <= c <= "Z":
        return ord(c) - 55
    if c == FILLER:
        return 0
    raise ValueError(f"not an MRZ character: {c!r}")


def check_digit(text: str) -> str:
    """ICAO 9303 part 3 §4.9 check digit of ``text``."""
    return str(sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(text)) % 10)


class MrzFormat(StrEnum):
    TD1 = "TD1"
    TD2 = "TD2"
    TD3 = "TD3"
    MRVA = "MRVA"
    MRVB = "MRVB"


#: (number of lines, characters per line)
SHAPES = {
    MrzFormat.TD1: (3, 30),
    MrzFormat.TD2: (2, 36),
    MrzFormat.TD3: (2, 44),
    MrzFormat.MRVA: (2, 44),
    MrzFormat.MRVB: (2, 36),
}


class NotAnMrz(InvalidInput):
    """The text is not a machine-readable zone (exit 2); ``reason`` says why."""

    code = "not_mrz"

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(f"not a machine-readable zone: {reason}", reason=reason, **params)
        self.reason = reason


Span = tuple[int, int, int]  # line, start, end
Pos = tuple[int, int]  # line, column


@dataclass(frozen=True)
class Layout:
    """Where each field sits in one format (ICAO 9303 parts 4 to 7)."""

    format: MrzFormat
    document_type: Span
    issuing_state: Span
    name: Span
    number: Span
    number_check: Pos
    nationality: Span
    birth: Span
    birth_check: Pos
    sex: Pos
    expiry: Span
    expiry_check: Pos
    optional: Span
    optional_check: Pos | None = None
    optional_2: Span | None = None
    composite: Pos | None = None
    composite_spans: tuple[Span, ...] = ()
    #: TD1 and TD2 carry document numbers longer than 9 characters on into the
    #: optional data (part 5 note j, part 6 note j)
    long_numbers: bool = False


def _two_line(fmt: MrzFormat, width: int) -> Layout:
    checked = fmt in (MrzFormat.TD2, MrzFormat.TD3)
    end = width - 2 if fmt is MrzFormat.TD3 else (width - 1 if checked else width)
    return Layout(
        format=fmt,
        document_type=(0, 0, 2),
        issuing_state=(0, 2, 5),
        name=(0, 5, width),
        number=(1, 0, 9),
        number_check=(1, 9),
        nationality=(1, 10, 13),
        birth=(1, 13, 19),
        birth_check=(1, 19),
        sex=(1, 20),
        expiry=(1, 21, 27),
        expiry_check=(1, 27),
        optional=(1, 28, end),
        optional_check=(1, width - 2) if fmt is MrzFormat.TD3 else None,
        composite=(1, width - 1) if checked else None,
        composite_spans=((1, 0, 10), (1, 13, 20), (1, 21, width - 1)) if checked else (),
        long_numbers=fmt is MrzFormat.TD2,
    )


LAYOUTS = {
    MrzFormat.TD1: Layout(
        format=MrzFormat.TD1,
        document_type=(0, 0, 2),
        issuing_state=(0, 2, 5),
        number=(0, 5, 14),
        number_check=(0, 14),
        optional=(0, 15, 30),
        birth=(1, 0, 6),
        birth_check=(1, 6),
        sex=(1, 7),
        expiry=(1, 8, 14),
        expiry_check=(1, 14),
        nationality=(1, 15, 18),
        optional_2=(1, 18, 29),
        composite=(1, 29),
        composite_spans=((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)),
        name=(2, 0, 30),
        long_numbers=True,
    ),
    MrzFormat.TD2: _two_line(MrzFormat.TD2, 36),
    MrzFormat.TD3: _two_line(MrzFormat.TD3, 44),
    MrzFormat.MRVA: _two_line(MrzFormat.MRVA, 44),
    MrzFormat.MRVB: _two_line(MrzFormat.MRVB, 36),
}


@dataclass(frozen=True)
class Correction:
    """One character changed by OCR correction, and what proved it."""

    field: str
    line: int
    column: int
    read: str
    corrected: str
    proof: str  # "field_type" | "check_digit"


@dataclass(frozen=True)
class Mrz:
    format: MrzFormat
    lines: tuple[str, ...]
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: date | None
    sex: str
    expiry_date: date | None
    optional_data: str
    optional_data_2: str = ""
    errors: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    names_truncated: bool = False
    #: "1975" or "1975-03" when the document gives only part of the birth date
    birth_date_partial: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "format": self.format.value,
            "document_type": self.document_type,
            "issuing_state": self.issuing_state,
            "surname": self.surname,
            "given_names": self.given_names,
            "document_number": self.document_number,
            "nationality": self.nationality,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "birth_date_partial": self.birth_date_partial,
            "sex": self.sex,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "optional_data": self.optional_data,
            "optional_data_2": self.optional_data_2,
            "names_truncated": self.names_truncated,
            "errors": list(self.errors),
            "corrections": [
                {
                    "field": c.field,
                    "line": c.line + 1,
                    "column": c.column + 1,
                    "read": c.read,
                    "corrected": c.corrected,
                    "proof": c.proof,
                }
                for c in self.corrections
            ],
            "lines": list(self.lines),
        }


# --- input shape -------------------------------------------------------------------------


def normalize(text: str | Sequence[str]) -> list[str]:
    """The MRZ lines of ``text`` (one string with line breaks, or several strings; a
    single unbroken string of 2×44, 2×36 or 3×30 characters is split). Raises
    NotAnMrz naming what is wrong."""
    items = [text] if isinstance(text, str) else list(text)
    rows = [part.strip() for item in items for part in item.splitlines()]
    rows = [r for r in rows if r]
    if not rows:
        raise NotAnMrz("mrz_empty")
    if len(rows) == 1:
        width = {88: 44, 72: 36, 90: 30}.get(len(rows[0]))
        if width:
            rows = [rows[0][i : i + width] for i in range(0, len(rows[0]), width)]
    joined = "".join(rows)
    if any(c.islower() for c in joined):
        raise NotAnMrz("mrz_lower_case")
    if any(c.isspace() for c in joined):
        raise NotAnMrz("mrz_spaces")
    if not _CHARSET.match(joined):
        raise NotAnMrz("mrz_charset")
    if len(rows) not in (2, 3):
        raise NotAnMrz("mrz_line_count", lines=len(rows))
    lengths = [len(r) for r in rows]
    if (len(rows), lengths[0]) not in SHAPES.values() or len(set(lengths)) != 1:
        raise NotAnMrz("mrz_line_length", lengths=lengths)
    if _out_of_order(rows):
        raise NotAnMrz("mrz_line_order")
    return rows


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _first_like(s: str) -> bool:
    return s[0].isalpha() and _digits(s[:5]) == 0


def _dates_like(s: str) -> bool:
    return _digits(s[:7]) >= 5 and all(c.isdigit() or c == FILLER for c in s[:7])


def _out_of_order(rows: list[str]) -> bool:
    """True when the lines are those of an MRZ given in the wrong order."""
    if len(rows) == 2:
        return _digits(rows[0]) >= 6 and _digits(rows[1]) < _digits(rows[0])
    first, second, third = rows
    if _first_like(first) and _dates_like(second) and _digits(third) == 0:
        return False
    perms = ((0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0))
    return any(
        _first_like(rows[a]) and _dates_like(rows[b]) and _digits(rows[c]) == 0 for a, b, c in perms
    )


def detect_format(rows: Sequence[str]) -> MrzFormat:
    shape = (len(rows), len(rows[0]))
    if shape == (3, 30):
        return MrzFormat.TD1
    visa = rows[0][0] == "V"
    if shape == (2, 44):
        return MrzFormat.MRVA if visa else MrzFormat.TD3
    return MrzFormat.MRVB if visa else MrzFormat.TD2


# --- fields --------------------------------------------------------------------------------


def span_text(rows: Sequence[str], span: Span) -> str:
    return rows[span[0]][span[1] : span[2]]


def number_positions(layout: Layout, rows: Sequence[str]) -> tuple[list[Pos], Pos]:
    """Positions of the document number's characters and of its check digit,
    following a long number into the optional data (TD1, TD2)."""
    line, start, end = layout.number
    positions = [(line, c) for c in range(start, end)]
    check = layout.number_check
    if layout.long_numbers and rows[check[0]][check[1]] == FILLER:
        oline, ostart, oend = layout.optional
        ext = rows[oline][ostart:oend].split(FILLER, 1)[0]
        if ext and FILLER not in span_text(rows, layout.number):
            positions += [(oline, ostart + i) for i in range(len(ext) - 1)]
            check = (oline, ostart + len(ext) - 1)
    return positions, check


def field_at(layout: Layout, pos: Pos) -> str:
    """The name of the field a character position belongs to."""
    line, col = pos
    spans: list[tuple[str, Span]] = [
        ("document_type", layout.document_type),
        ("issuing_state", layout.issuing_state),
        ("name", layout.name),
        ("document_number", layout.number),
        ("nationality", layout.nationality),
        ("birth_date", layout.birth),
        ("expiry_date", layout.expiry),
        ("optional_data", layout.optional),
    ]
    if layout.optional_2:
        spans.append(("optional_data_2", layout.optional_2))
    for name, (sl, start, end) in spans:
        if sl == line and start <= col < end:
            return name
    checks = {
        layout.number_check: "document_number",
        layout.birth_check: "birth_date",
        layout.expiry_check: "expiry_date",
        layout.sex: "sex",
    }
    if layout.optional_check:
        checks[layout.optional_check] = "optional_data"
    if layout.composite:
        checks[layout.composite] = "composite"
    return checks.get(pos, "composite")


def check_ok(value: str, check: str) -> bool:
    """``check`` is the check digit of ``value`` (a field left empty may carry a
    filler as its check digit)."""
    if check == FILLER:
        return set(value) <= {FILLER}
    return check.isdigit() and check == check_digit(value)


def _date(raw: str, today: date, birth: bool) -> tuple[date | None, str | None, bool]:
    """(date, partial, ok) of a YYMMDD field; fillers mark an unknown day, month or
    year (part 3 §4.8 — only trailing parts of a birth date may be unknown)."""
    if set(raw) == {FILLER}:
        return None, None, True
    if FILLER in raw:
        if not birth or not raw[:2].isdigit():
            return None, None, False
        if raw[2:] == "<<<<":
            yy = int(raw[:2])
            return None, str(_century(yy, 1, 1, today, birth)), True
        if raw[4:] == "<<" and raw[2:4].isdigit() and 1 <= int(raw[2:4]) <= 12:
            yy, mm = int(raw[:2]), int(raw[2:4])
            return None, f"{_century(yy, mm, 1, today, birth)}-{mm:02d}", True
        return None, None, False
    if not raw.isdigit():
        return None, None, False
    yy, mm, dd = int(raw[:2]), int(raw[2:4]), int(raw[4:])
    for year in (_century(yy, mm, dd, today, birth), 1900 + yy):
        try:
            value = date(year, mm, dd)
        except ValueError:
            continue
        if not birth or value <= today:
            return value, None, True
    return None, None, False


def _century(yy: int, mm: int, dd: int, today: date, birth: bool) -> int:
    """Birth dates are in the past; expiry dates up to 50 years ahead."""
    year = 2000 + yy
    if birth:
        later = (year, mm, dd) > (today.year, today.month, today.day)
        return year - 100 if later else year
    return year - 100 if year > today.year + 50 else year


def split_name(raw: str) -> tuple[str, str, bool]:
    """(surname, given names, truncated) of a name field."""
    truncated = not raw.endswith(FILLER)
    primary, _, secondary = raw.rstrip(FILLER).partition("<<")
    surname = " ".join(primary.replace(FILLER, " ").split())
    given = " ".join(secondary.replace(FILLER, " ").split())
    return surname, given, truncated


def _code(raw: str) -> tuple[str, bool]:
    code = raw.replace(FILLER, "")
    ok = code.isalpha() and raw.startswith(code) and is_known_code(code)
    return code, ok


def read(
    layout: Layout, rows: Sequence[str], today: date, corrections: Sequence[Correction] = ()
) -> Mrz:
    """Fields and errors of well-shaped ``rows`` laid out as ``layout``."""
    errors: list[str] = []

    def fail(name: str) -> None:
        if name not in errors:
            errors.append(name)

    def at(pos: Pos) -> str:
        return rows[pos[0]][pos[1]]

    dtype = span_text(rows, layout.document_type)
    allowed_first = {MrzFormat.TD3: "P", MrzFormat.MRVA: "V", MrzFormat.MRVB: "V"}
    first = allowed_first.get(layout.format)
    if (
        not dtype[0].isalpha()
        or not (dtype[1].isalpha() or dtype[1] == FILLER)
        or (first and dtype[0] != first)
    ):
        fail("document_type")
    state, ok = _code(span_text(rows, layout.issuing_state))
    if not ok:
        fail("issuing_state")
    positions, number_check = number_positions(layout, rows)
    number_raw = "".join(at(p) for p in positions)
    if not check_ok(number_raw, at(number_check)) or set(number_raw) == {FILLER}:
        fail("document_number")
    nationality, ok = _code(span_text(rows, layout.nationality))
    if not ok:
        fail("nationality")
    birth, partial, ok = _date(span_text(rows, layout.birth), today, birth=True)
    if not ok or not check_ok(span_text(rows, layout.birth), at(layout.birth_check)):
        fail("birth_date")
    sex = at(layout.sex)
    if sex not in "MFX<":
        fail("sex")
    expiry, _, ok = _date(span_text(rows, layout.expiry), today, birth=False)
    if not ok or not check_ok(span_text(rows, layout.expiry), at(layout.expiry_check)):
        fail("expiry_date")
    optional_raw = span_text(rows, layout.optional)
    if layout.optional_check and not check_ok(optional_raw, at(layout.optional_check)):
        fail("optional_data")
    if layout.composite:
        composite = "".join(span_text(rows, s) for s in layout.composite_spans)
        if not check_ok(composite, at(layout.composite)) or at(layout.composite) == FILLER:
            fail("composite")
    surname, given, truncated = split_name(span_text(rows, layout.name))
    if not surname or not surname.replace(" ", "").isalpha():
        fail("surname")
    if given and not given.replace(" ", "").isalpha():
        fail("given_names")
    ext_len = len(positions) - (layout.number[2] - layout.number[1])
    if ext_len > 0:  # the long number's tail and check digit, then a filler
        optional_raw = optional_raw[ext_len + 2 :]
    optional_2 = span_text(rows, layout.optional_2) if layout.optional_2 else ""
    return Mrz(
        format=layout.format,
        lines=tuple(rows),
        document_type=dtype.rstrip(FILLER),
        issuing_state=state,
        surname=surname,
        given_names=given,
        document_number=number_raw.replace(FILLER, ""),
        nationality=nationality,
        birth_date=birth,
        sex={"<": "X"}.get(sex, sex),
        expiry_date=expiry,
        optional_data=optional_raw.strip(FILLER),
        optional_data_2=optional_2.strip(FILLER),
        errors=tuple(errors),
        corrections=tuple(corrections),
        names_truncated=truncated,
        birth_date_partial=partial,
    )


def parse(
    text: str | Sequence[str],
    *,
    today: date | None = None,
    ocr: bool = False,
    doubtful: Mapping[Pos, str] | None = None,
) -> Mrz:
    """Parse an MRZ. Raises NotAnMrz when ``text`` is not one; otherwise returns the
    fields, ``valid`` false and ``errors`` naming the fields at fault when a check
    digit or a field is wrong. ``ocr`` enables the proven OCR corrections;
    ``doubtful`` (an OCR's unsure positions -> other candidate characters) restricts
    the check-digit corrections to those positions."""
    rows = normalize(text)
    layout = LAYOUTS[detect_format(rows)]
    corrections: list[Correction] = []
    if ocr:
        from desk.domain.mrz_fix import correct

        rows, corrections = correct(layout, rows, doubtful)
    return read(layout, rows, today or date.today(), corrections)
