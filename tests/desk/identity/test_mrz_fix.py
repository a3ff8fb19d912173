"""OCR confusions are corrected only where the field type or the check digits prove
the correction (desk.domain.mrz_fix)."""

from __future__ import annotations

from datetime import date

from desk.domain.mrz import MrzFormat, check_digit, parse
from desk.domain.mrz_compose import MrzFields, compose
from desk.domain.mrz_fix import SWAPS, variants

TODAY = date(2026, 11, 27)
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)


def _put(rows: tuple[str, ...], line: int, col: int, ch: str) -> list[str]:
    r = list(rows)
    r[line] = r[line][:col] + ch + r[line][col + 1 :]
    return r


def test_letters_in_dates_and_check_digits_become_digits() -> None:
    rows = _put(_put(tuple(TD3), 1, 15, "O"), 1, 19, "Z")  # 74O812Z
    assert not parse(rows, today=TODAY).valid  # strict reading refuses them
    m = parse(rows, today=TODAY, ocr=True)
    assert m.valid
    assert m.lines == TD3
    assert {(c.field, c.read, c.corrected, c.proof) for c in m.corrections} == {
        ("birth_date", "O", "0", "field_type"),
        ("birth_date", "Z", "2", "field_type"),
    }


def test_digits_in_names_and_codes_become_letters() -> None:
    rows = _put(_put(_put(tuple(TD3), 0, 4, "0"), 0, 5, "8"), 1, 12, "0")  # UT0, 8RIKSSON, UT0
    rows = _put(tuple(rows), 0, 9, "5")  # ERIK5SON
    m = parse(rows, today=TODAY, ocr=True)
    assert m.valid
    assert m.lines == ("P<UTOBRIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3[1])
    assert m.issuing_state == "UTO"
    assert m.nationality == "UTO"


def test_document_number_corrected_when_one_variant_passes() -> None:
    rows = _put(tuple(TD3), 1, 5, "O")  # L8989O2C3: O/0 confusion
    assert parse(rows, today=TODAY).errors == ("document_number", "composite")
    m = parse(rows, today=TODAY, ocr=True)
    assert m.valid
    assert m.document_number == "L898902C3"
    assert [(c.field, c.column, c.read, c.corrected, c.proof) for c in m.corrections] == [
        ("document_number", 5, "O", "0", "check_digit")
    ]
    # LB98902C3: three one-swap variants pass the check digit, so nothing is guessed
    m = parse(_put(tuple(TD3), 1, 1, "B"), today=TODAY, ocr=True)
    assert not m.valid
    assert m.corrections == ()


def test_personal_number_corrected_by_its_check_digit() -> None:
    rows = _put(tuple(TD3), 1, 29, "2")  # E -> 2 is not an OCR confusion: left wrong
    assert parse(rows, today=TODAY, ocr=True).errors == ("optional_data", "composite")
    for col in range(28, 37):  # ZE184226B
        read = SWAPS.get(TD3[1][col])
        if read is None:
            continue
        m = parse(_put(tuple(TD3), 1, col, read), today=TODAY, ocr=True)
        misread = TD3[1][28:col] + read + TD3[1][col + 1 : 37]
        unique = [v for v in variants(misread)[1:] if check_digit(v) == TD3[1][42]] == [
            TD3[1][28:37]
        ]
        assert m.valid == unique  # corrected exactly when the check digit proves it
        if m.valid:
            assert m.lines == TD3
    f = MrzFields(
        "P<",
        "FRA",
        "MARTIN",
        "LEA",
        "XY4HK7P3C",
        "FRA",
        date(1990, 1, 1),
        "F",
        date(2030, 1, 1),
        optional_data="AC4X7HO3K",
    )
    rows = compose(MrzFormat.TD3, f)
    m = parse(_put(rows, 1, 34, "0"), today=TODAY, ocr=True)  # the one confusable: O read 0
    assert m.valid
    assert m.optional_data == "AC4X7HO3K"
    assert [(c.field, c.proof) for c in m.corrections] == [("optional_data", "check_digit")]


def test_ambiguous_document_number_is_left_invalid() -> None:
    """When two one-swap variants pass the check digit, nothing is guessed."""
    import itertools

    for digits in itertools.product("0125O8", repeat=4):
        number = "X" + "".join(digits) + "1234"
        misread = "X" + SWAPS[number[1]] + number[2:]
        target = check_digit(number)
        if sum(check_digit(v) == target for v in variants(misread)[1:]) > 1:
            break
    else:  # pragma: no cover - the search space always holds one
        raise AssertionError("no ambiguous number found")
    f = MrzFields(
        "P<", "FRA", "MARTIN", "LEA", number, "FRA", date(1990, 1, 1), "F", date(2030, 1, 1)
    )
    rows = compose(MrzFormat.TD3, f)
    assert parse(rows, today=TODAY, ocr=True).valid  # the true reading passes: kept
    m = parse(_put(rows, 1, 1, misread[1]), today=TODAY, ocr=True)
    assert not m.valid
    assert "document_number" in m.errors
    assert [c for c in m.corrections if c.proof == "check_digit"] == []


def test_g_and_6_are_not_told_apart_by_check_digits() -> None:
    assert check_digit("G") == check_digit("6")
    assert variants("G6") == ["G6"]


def test_unfixable_error_stays_an_error() -> None:
    rows = _put(tuple(TD3), 1, 2, "7")  # 8 -> 7 is not an OCR confusion
    m = parse(rows, today=TODAY, ocr=True)
    assert not m.valid
    assert m.errors == ("document_number", "composite")
    assert m.corrections == ()
