"""Identifier formats of DOMAIN.md ("Identifiers")."""

from __future__ import annotations

import pytest

from desk.domain.identifiers import (
    check_ephoto,
    check_numero_etranger,
    check_postal_code,
    check_timbre,
    normalize_departement,
)


class TestNumeroEtranger:
    def test_ten_digits_valid(self) -> None:
        c = check_numero_etranger("7501234567")
        assert (c.valid, c.normalized, c.review) == (True, "7501234567", False)

    def test_spaces_and_dots_are_ignored(self) -> None:
        assert check_numero_etranger(" 75 01.23-4567 ").normalized == "7501234567"

    def test_nine_digits_accepted_but_flagged_for_review(self) -> None:
        c = check_numero_etranger("750123456")
        assert c.valid and c.review and c.message == "nine_digits_review"

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("", "empty"),
            ("75012345678", "wrong_length"),
            ("12345", "wrong_length"),
            ("75O1234567", "not_digits"),
        ],
    )
    def test_invalid(self, value: str, message: str) -> None:
        c = check_numero_etranger(value)
        assert not c.valid and c.message == message


class TestTimbre:
    def test_sixteen_digits(self) -> None:
        assert check_timbre("1234 5678 9012 3456").normalized == "1234567890123456"

    @pytest.mark.parametrize("value", ["123456789012345", "12345678901234567", "1234abcd90123456"])
    def test_invalid(self, value: str) -> None:
        assert not check_timbre(value).valid


class TestEphoto:
    def test_twenty_two_alphanumerics(self) -> None:
        c = check_ephoto("ab12cd34ef56gh78ij90kl")
        assert c.valid and c.normalized == "AB12CD34EF56GH78IJ90KL" and not c.review

    def test_twenty_one_is_unverified_so_flagged(self) -> None:
        c = check_ephoto("AB12CD34EF56GH78IJ90K")
        assert c.valid and c.review

    @pytest.mark.parametrize(
        "value", ["AB12", "AB12CD34EF56GH78IJ90KL99", "AB12CD34EF56GH78IJ90K!"]
    )
    def test_invalid(self, value: str) -> None:
        assert not check_ephoto(value).valid

    def test_non_ascii_letters_refused(self) -> None:
        assert not check_ephoto("ÉB12CD34EF56GH78IJ90KL").valid


class TestPostalCode:
    @pytest.mark.parametrize(
        ("code", "dep"),
        [
            ("75011", "75"),
            ("01000", "01"),
            ("93200", "93"),
            ("20000", "2A"),
            ("20167", "2A"),
            ("20200", "2B"),
            ("20600", "2B"),
            ("97100", "971"),
            ("97400", "974"),
            ("97600", "976"),
            ("98800", "988"),
        ],
    )
    def test_departement(self, code: str, dep: str) -> None:
        c = check_postal_code(code)
        assert c.valid and c.departement == dep

    @pytest.mark.parametrize("code", ["7501", "750111", "00100", "97900", "96000", "ABCDE", ""])
    def test_invalid(self, code: str) -> None:
        assert not check_postal_code(code).valid


@pytest.mark.parametrize(("raw", "norm"), [("2a", "2A"), ("5", "05"), ("971", "971"), ("75", "75")])
def test_normalize_departement(raw: str, norm: str) -> None:
    assert normalize_departement(raw) == norm
