"""MRZs generated for many countries and dates round-trip; parsing never crashes;
a corrupted MRZ is never reported valid (hypothesis property tests)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.domain.mrz import SHAPES, MrzFormat, NotAnMrz, char_value, parse
from desk.domain.mrz_codes import ICAO_SPECIAL, ISO3166_ALPHA3
from desk.domain.mrz_compose import MrzFields, compose
from desk.domain.mrz_fix import SWAPS

TODAY = date(2026, 11, 27)
CODES = sorted(ISO3166_ALPHA3 | set(ICAO_SPECIAL))
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALNUM = LETTERS + "0123456789"

words = st.text(LETTERS, min_size=1, max_size=8)
birth_dates = st.dates(date(1927, 1, 1), TODAY)
expiry_dates = st.dates(date(1980, 1, 1), date(2075, 12, 31))


@st.composite
def mrz_fields(draw: st.DrawFn) -> tuple[MrzFormat, MrzFields]:
    fmt = draw(st.sampled_from(list(MrzFormat)))
    visa = fmt in (MrzFormat.MRVA, MrzFormat.MRVB)
    first = "V" if visa else ("P" if fmt is MrzFormat.TD3 else draw(st.sampled_from("ACI")))
    surname = " ".join(draw(st.lists(words, min_size=1, max_size=2)))
    given = " ".join(draw(st.lists(words, min_size=0, max_size=2)))
    room = {
        MrzFormat.TD1: 15,
        MrzFormat.TD2: 7,
        MrzFormat.TD3: 14,
        MrzFormat.MRVA: 16,
        MrzFormat.MRVB: 8,
    }[fmt]
    optional = draw(st.text(ALNUM, max_size=room))
    return fmt, MrzFields(
        document_type=first + draw(st.sampled_from("<" + LETTERS)),
        issuing_state=draw(st.sampled_from(CODES)),
        surname=surname,
        given_names=given,
        document_number=draw(st.text(ALNUM, min_size=1, max_size=9)),
        nationality=draw(st.sampled_from(CODES)),
        birth_date=draw(birth_dates),
        sex=draw(st.sampled_from("MFX<")),
        expiry_date=draw(expiry_dates),
        optional_data=optional,
        optional_data_2=draw(st.text(ALNUM, max_size=11)) if fmt is MrzFormat.TD1 else "",
    )


def expected(fmt: MrzFormat, f: MrzFields) -> dict[str, object]:
    width = SHAPES[fmt][1] - (0 if fmt is MrzFormat.TD1 else 5)
    name = f.surname.replace(" ", "<") + (
        "<<" + f.given_names.replace(" ", "<") if f.given_names else ""
    )
    return {
        "name_fits": len(name) < width,
        "surname": f.surname,
        "given_names": f.given_names,
        "document_type": f.document_type.rstrip("<"),
        "issuing_state": f.issuing_state,
        "nationality": f.nationality,
        "document_number": f.document_number,
        "birth_date": f.birth_date,
        "expiry_date": f.expiry_date,
        "sex": "X" if f.sex == "<" else f.sex,
        "optional_data": f.optional_data,
        "optional_data_2": f.optional_data_2,
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mrz_fields())
def test_every_generated_mrz_round_trips(sample: tuple[MrzFormat, MrzFields]) -> None:
    fmt, f = sample
    lines = compose(fmt, f)
    assert [len(x) for x in lines] == [SHAPES[fmt][1]] * SHAPES[fmt][0]
    m = parse(lines, today=TODAY)
    assert m.valid, (lines, m.errors)
    assert m.format is fmt
    exp = expected(fmt, f)
    got = {k: getattr(m, k) for k in exp if k != "name_fits"}
    if not exp.pop("name_fits"):
        exp.pop("surname"), exp.pop("given_names"), got.pop("surname"), got.pop("given_names")
    assert got == exp
    # the OCR-corrected reading of a clean MRZ changes nothing
    assert parse(lines, today=TODAY, ocr=True).lines == m.lines


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=50), min_size=0, max_size=4))
def test_parsing_never_crashes(lines: list[str]) -> None:
    try:
        m = parse(lines, today=TODAY)
    except NotAnMrz:
        return
    assert isinstance(m.valid, bool)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", min_size=30, max_size=44),
        min_size=2,
        max_size=3,
    ),
    st.booleans(),
)
def test_mrz_alphabet_noise_never_crashes(lines: list[str], ocr: bool) -> None:
    """Random MRZ-alphabet text is either refused as not an MRZ or parsed into a
    result whose verdict agrees with its list of faulty fields; without OCR
    correction, a valid answer never changed a character."""
    try:
        m = parse(lines, today=TODAY, ocr=ocr)
    except NotAnMrz:
        return
    assert m.valid == (not m.errors)
    if m.valid and not ocr:
        assert list(m.lines) == lines


@settings(max_examples=150, deadline=None)
@given(mrz_fields(), st.integers(0, 10**6), st.sampled_from(ALNUM + "<"))
def test_a_changed_checked_character_is_never_valid(
    sample: tuple[MrzFormat, MrzFields], where: int, char: str
) -> None:
    """Any single change inside the characters covered by a check digit (document
    number, dates, optional data, check digits) makes the MRZ invalid, unless the two
    characters' values differ by a multiple of 10."""
    fmt, f = sample
    lines = list(compose(fmt, f))
    if fmt in (MrzFormat.MRVA, MrzFormat.MRVB):
        covered = (
            [(1, c) for c in range(0, 10)]
            + [(1, c) for c in range(13, 20)]
            + [(1, c) for c in range(21, 28)]
        )
    elif fmt is MrzFormat.TD1:
        covered = (
            [(0, c) for c in range(5, 30)]
            + [(1, c) for c in range(0, 7)]
            + [(1, c) for c in range(8, 15)]
            + [(1, c) for c in range(18, 30)]
        )
    else:
        w = SHAPES[fmt][1]
        covered = (
            [(1, c) for c in range(0, 10)]
            + [(1, c) for c in range(13, 20)]
            + [(1, c) for c in range(21, w)]
        )
    line, col = covered[where % len(covered)]
    if (char_value(lines[line][col]) - char_value(char)) % 10 == 0:
        return  # 7-3-1 check digits cannot see these (0/A/K/U/<, 1/B/L/V, ...)
    lines[line] = lines[line][:col] + char + lines[line][col + 1 :]
    try:
        m = parse(lines, today=TODAY)
    except NotAnMrz:
        return
    assert not m.valid
    original = compose(fmt, f)[line][col]
    if SWAPS.get(original) == char:
        # an OCR confusion: the only correction the check digits can prove is the original
        m = parse(lines, today=TODAY, ocr=True)
        if m.valid:
            assert list(m.lines) == list(compose(fmt, f))


def test_many_countries_and_dates() -> None:
    rng = random.Random(4)
    for i, code in enumerate(CODES):
        fmt = list(MrzFormat)[i % 5]
        birth = date(1930, 1, 1) + timedelta(days=rng.randrange(35000))
        birth = min(birth, TODAY)
        expiry = date(1990, 1, 1) + timedelta(days=rng.randrange(30000))
        f = MrzFields(
            "V" if fmt.value.startswith("MRV") else ("P" if fmt is MrzFormat.TD3 else "I"),
            code,
            "SURNAME",
            "GIVEN NAME",
            f"X{i:07d}",
            code,
            birth,
            "F",
            expiry,
        )
        m = parse(compose(fmt, f), today=TODAY)
        assert m.valid
        assert (m.nationality, m.birth_date, m.expiry_date) == (code, birth, expiry)
