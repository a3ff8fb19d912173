"""``desk mrz parse`` (CLI.md): JSON fields and exit codes 0 / 1 / 2."""

from __future__ import annotations

import json

import pytest

from desk.cli import main

TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
KEYS = {
    "valid", "format", "document_type", "issuing_state", "surname", "given_names",
    "document_number", "nationality", "birth_date", "sex", "expiry_date", "optional_data",
    "errors",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main(["mrz", "parse", *argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_parse_valid_td3(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run(capsys, *TD3)
    assert code == 0
    assert set(doc) >= KEYS
    assert doc["valid"] is True
    assert doc["format"] == "TD3"
    assert (doc["surname"], doc["given_names"]) == ("ERIKSSON", "ANNA MARIA")
    assert (doc["birth_date"], doc["expiry_date"]) == ("1974-08-12", "2012-04-15")
    assert doc["errors"] == []


def test_parse_td1_three_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run(capsys, *TD1)
    assert code == 0
    assert (doc["format"], doc["document_number"], doc["document_type"]) == (
        "TD1",
        "D23145890",
        "I",
    )


def test_failed_check_digit_exits_1_and_names_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run(capsys, TD3[0], TD3[1][:19] + "3" + TD3[1][20:])
    assert code == 1
    assert doc["valid"] is False
    assert doc["errors"] == ["birth_date", "composite"]


@pytest.mark.parametrize(
    "argv",
    [
        ("garbage",),
        (TD3[0],),
        (TD3[1], TD3[0]),
        (TD3[0].lower(), TD3[1].lower()),
        (TD3[0][:40], TD3[1]),
        (*TD1, TD1[0]),
    ],
)
def test_not_an_mrz_exits_2(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, doc = run(capsys, *argv)
    assert code == 2
    assert doc["error"] == "not_mrz"
    assert str(doc["reason"]).startswith("mrz_")


def test_ocr_option_corrects_proven_confusions(capsys: pytest.CaptureFixture[str]) -> None:
    misread = TD3[1][:13] + "74O8I22" + TD3[1][20:]
    code, _ = run(capsys, TD3[0], misread)
    assert code == 1
    code, doc = run(capsys, TD3[0], misread, "--ocr")
    assert code == 0
    assert doc["birth_date"] == "1974-08-12"
    assert len(doc["corrections"]) == 2  # type: ignore[arg-type]


def test_human_output_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mrz", "parse", *TD3]) == 0
    assert "MRZ valide" in capsys.readouterr().out
    assert main(["mrz", "parse", "bonjour"]) == 2
    assert "minuscules" in capsys.readouterr().err
