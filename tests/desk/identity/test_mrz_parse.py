"""ICAO 9303 MRZ parsing: specimens of every format, check digits, dates, names,
codes, and bad input (desk.domain.mrz)."""

from __future__ import annotations

from datetime import date

import pytest

from desk.domain.mrz import MrzFormat, NotAnMrz, check_digit, parse
from desk.domain.mrz_compose import MrzFields, compose

TODAY = date(2026, 11, 27)

# ICAO Doc 9303 specimens (parts 4 to 7): the UTOPIA passport, cards and visas
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
TD2 = ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6")
MRVA = (
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
)
MRVB = ("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<")


def test_check_digit_examples_of_part_3() -> None:
    assert check_digit("520727") == "3"  # ICAO 9303 part 3 §4.9 worked example
    assert check_digit("L898902C3") == "6"
    assert check_digit("<<<<<<") == "0"
    with pytest.raises(ValueError):
        check_digit("a")


def test_td3_specimen() -> None:
    m = parse(TD3, today=TODAY)
    assert m.valid
    assert m.errors == ()
    assert m.format is MrzFormat.TD3
    assert (m.document_type, m.issuing_state, m.nationality) == ("P", "UTO", "UTO")
    assert (m.surname, m.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert m.document_number == "L898902C3"
    assert m.birth_date == date(1974, 8, 12)
    assert m.expiry_date == date(2012, 4, 15)
    assert m.sex == "F"
    assert m.optional_data == "ZE184226B"
    assert not m.names_truncated


def test_td1_specimen() -> None:
    m = parse(TD1, today=TODAY)
    assert m.valid
    assert m.format is MrzFormat.TD1
    assert (m.document_type, m.document_number, m.surname, m.given_names) == (
        "I",
        "D23145890",
        "ERIKSSON",
        "ANNA MARIA",
    )
    assert (m.birth_date, m.expiry_date, m.nationality) == (
        date(1974, 8, 12),
        date(2012, 4, 15),
        "UTO",
    )


def test_td2_specimen() -> None:
    m = parse(TD2, today=TODAY)
    assert m.valid
    assert m.format is MrzFormat.TD2
    assert (m.document_number, m.surname, m.sex) == ("D23145890", "ERIKSSON", "F")


def test_visa_specimens() -> None:
    a = parse(MRVA, today=TODAY)
    b = parse(MRVB, today=TODAY)
    assert a.valid
    assert a.format is MrzFormat.MRVA
    assert b.valid
    assert b.format is MrzFormat.MRVB
    for m in (a, b):
        assert (m.document_type, m.nationality, m.document_number) == ("V", "XXX", "L8988901C")
        assert m.birth_date == date(1940, 9, 7)
        assert m.expiry_date == date(1996, 12, 10)
    assert a.optional_data == "6ZE184226B"


def test_one_string_with_line_breaks_or_unbroken() -> None:
    assert parse("\n".join(TD3), today=TODAY).valid
    assert parse("".join(TD1), today=TODAY).valid
    assert parse("  " + TD2[0] + "  \r\n" + TD2[1] + "\n", today=TODAY).valid


@pytest.mark.parametrize(
    ("line", "col", "char", "fields"),
    [
        (1, 0, "M", ["document_number", "composite"]),
        (1, 14, "5", ["birth_date", "composite"]),
        (1, 22, "3", ["expiry_date", "composite"]),
        (1, 30, "F", ["optional_data", "composite"]),
        (1, 43, "9", ["composite"]),
        (1, 19, "0", ["birth_date", "composite"]),
    ],
)
def test_failed_check_names_the_fields(line: int, col: int, char: str, fields: list[str]) -> None:
    rows = list(TD3)
    rows[line] = rows[line][:col] + char + rows[line][col + 1 :]
    m = parse(rows, today=TODAY)
    assert not m.valid
    assert list(m.errors) == fields


def test_td1_composite_covers_the_optional_data() -> None:
    rows = list(TD1)
    rows[1] = rows[1][:20] + "X" + rows[1][21:]  # optional data 2, covered by composite only
    assert parse(rows, today=TODAY).errors == ("composite",)


def test_wrong_codes_sex_names_and_dates_are_errors() -> None:
    def with_char(line: int, col: int, ch: str, rows: tuple[str, ...] = TD3) -> tuple[str, ...]:
        r = list(rows)
        r[line] = r[line][:col] + ch + r[line][col + 1 :]
        return tuple(r)

    assert "issuing_state" in parse(with_char(0, 2, "Q"), today=TODAY).errors  # QTO
    assert "nationality" in parse(with_char(1, 10, "Q"), today=TODAY).errors
    assert "sex" in parse(with_char(1, 20, "Q"), today=TODAY).errors
    assert "document_type" in parse(with_char(0, 0, "X"), today=TODAY).errors
    assert "surname" in parse(with_char(0, 6, "7"), today=TODAY).errors
    assert "given_names" in parse(with_char(0, 16, "7"), today=TODAY).errors
    # month 13: the check digit is right, the date is not
    bad = _mrz(birth=date(1974, 8, 12))
    rows = list(bad)
    rows[1] = rows[1][:15] + "13" + rows[1][17:19] + check_digit("741312") + rows[1][20:]
    m = parse(rows, today=TODAY)
    assert "birth_date" in m.errors
    assert not m.valid


def _mrz(
    fmt: MrzFormat = MrzFormat.TD3,
    birth: date | None = date(1990, 1, 2),
    expiry: date | None = date(2030, 5, 6),
    **kw: str,
) -> tuple[str, ...]:
    fields = dict(
        document_type="P" if fmt in (MrzFormat.TD3,) else "I",
        issuing_state="FRA",
        surname="DUPONT",
        given_names="JEAN",
        document_number="12AB34567",
        nationality="MAR",
        birth_date=birth,
        sex="M",
        expiry_date=expiry,
    )
    if fmt in (MrzFormat.MRVA, MrzFormat.MRVB):
        fields["document_type"] = "V"
    fields.update(kw)
    return compose(fmt, MrzFields(**fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        ("010203", date(2001, 2, 3)),
        ("261127", date(2026, 11, 27)),
        ("261128", date(1926, 11, 28)),
        ("991231", date(1999, 12, 31)),
        ("000229", date(2000, 2, 29)),
    ],
)
def test_birth_dates_are_in_the_past(birth: str, expected: date) -> None:
    rows = list(_mrz())
    rows[1] = rows[1][:13] + birth + check_digit(birth) + rows[1][20:]
    rows[1] = rows[1][:43] + check_digit(rows[1][0:10] + rows[1][13:20] + rows[1][21:43])
    m = parse(rows, today=TODAY)
    assert m.valid, m.errors
    assert m.birth_date == expected


@pytest.mark.parametrize(
    ("expiry", "expected"),
    [
        (date(2036, 1, 1), date(2036, 1, 1)),
        (date(2071, 6, 30), date(2071, 6, 30)),
        (date(1999, 3, 4), date(1999, 3, 4)),
        (date(2019, 3, 4), date(2019, 3, 4)),
    ],
)
def test_expiry_dates_may_be_in_the_future(expiry: date, expected: date) -> None:
    m = parse(_mrz(expiry=expiry), today=TODAY)
    assert m.valid
    assert m.expiry_date == expected


def test_partly_unknown_birth_date() -> None:
    rows = list(_mrz())
    for raw, partial in (("75<<<<", "1975"), ("7503<<", "1975-03"), ("<<<<<<", None)):
        r = rows[1][:13] + raw + check_digit(raw) + rows[1][20:43]
        r += check_digit(r[0:10] + r[13:20] + r[21:43])
        m = parse([rows[0], r], today=TODAY)
        assert m.valid
        assert m.birth_date is None
        assert m.birth_date_partial == partial
    r = rows[1][:13] + "7<03<<" + check_digit("7<03<<") + rows[1][20:43]
    r += check_digit(r[0:10] + r[13:20] + r[21:43])
    assert "birth_date" in parse([rows[0], r], today=TODAY).errors


@pytest.mark.parametrize(
    "code",
    [
        "D",
        "XXA",
        "XXB",
        "XXC",
        "XXX",
        "UNO",
        "UNA",
        "UNK",
        "GBN",
        "EUE",
        "FRA",
        "MAR",
        "DZA",
        "SYR",
        "AFG",
    ],
)
def test_special_nationality_codes(code: str) -> None:
    for fmt in MrzFormat:
        m = parse(_mrz(fmt, nationality=code, issuing_state=code), today=TODAY)
        assert m.valid, (fmt, m.errors)
        assert m.nationality == code
        assert m.issuing_state == code


def test_names_split_on_double_filler() -> None:
    m = parse(_mrz(surname="DE LA CRUZ GARCIA", given_names="MARIA DEL CARMEN"), today=TODAY)
    assert (m.surname, m.given_names) == ("DE LA CRUZ GARCIA", "MARIA DEL CARMEN")
    m = parse(_mrz(surname="NGUYEN", given_names=""), today=TODAY)
    assert (m.surname, m.given_names) == ("NGUYEN", "")
    m = parse(_mrz(surname="A" * 30, given_names="B" * 20), today=TODAY)
    assert m.names_truncated
    assert m.surname == "A" * 30
    assert m.given_names == "B" * 7


def test_long_document_numbers_continue_in_optional_data() -> None:
    for fmt in (MrzFormat.TD1, MrzFormat.TD2):
        rows = _mrz(fmt, document_number="ABC12345678", optional_data="XYZ")
        m = parse(rows, today=TODAY)
        assert m.valid, m.errors
        assert m.document_number == "ABC12345678"
        assert m.optional_data == "XYZ"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "mrz_empty"),
        ("hello world", "mrz_lower_case"),
        ("HELLO WORLD", "mrz_spaces"),
        ("P<UTO€", "mrz_charset"),
        (TD3[0], "mrz_line_count"),
        ("\n".join((*TD1, "<" * 30)), "mrz_line_count"),
        ("\n".join((TD3[0], TD3[1][:-1])), "mrz_line_length"),
        ("\n".join((TD3[0][:36], TD3[1])), "mrz_line_length"),
        ("\n".join((TD3[1], TD3[0])), "mrz_line_order"),
        ("\n".join((TD2[1], TD2[0])), "mrz_line_order"),
        ("\n".join((TD1[2], TD1[1], TD1[0])), "mrz_line_order"),
        ("\n".join((TD1[0], TD1[2], TD1[1])), "mrz_line_order"),
        ("\n".join(x.lower() for x in TD3), "mrz_lower_case"),
        ("\n".join((TD3[0][:20] + " " + TD3[0][21:], TD3[1])), "mrz_spaces"),
    ],
)
def test_not_an_mrz(text: str, reason: str) -> None:
    with pytest.raises(NotAnMrz) as info:
        parse(text, today=TODAY)
    assert info.value.reason == reason
    assert info.value.exit_code == 2


def test_garbage_of_the_right_shape_is_never_valid() -> None:
    assert not parse(["<" * 44, "<" * 44], today=TODAY).valid
    assert not parse(["A" * 30] * 3, today=TODAY).valid
    assert not parse(["P" * 44, "1" * 44], today=TODAY).valid
