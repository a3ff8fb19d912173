"""Name folding for search and duplicate detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.domain.names import (
    display_line,
    fold,
    identity_key,
    matches_fragment,
    query_phrases,
    search_document,
    split_display_line,
    unprintable,
)


def test_fold_drops_accents_case_and_separators() -> None:
    assert fold("  N'Guessan-Kouamé ") == "n guessan kouame"
    assert fold("Nguyễn Thị Hồng") == "nguyen thi hong"
    assert fold("Müller ß") == "muller ss"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Müller", "Jürgen"), ("MUELLER", "Juergen")),
        (("Ben Salah", "Youssef"), ("BEN-SALAH", "Yousef")),
        (("Diallo", "Mamadou Saliou"), ("DIALLO", "Saliou Mamadou")),
        (("Khalil", "Nour El Houda"), ("Khalil", "Nour el-Houda")),
        (("Shevchenko", "Oleksandr"), ("Chevtchenko", "Oleksandr")),
    ],
)
def test_identity_key_ignores_spelling_variants(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert identity_key(*a, "1990-01-01") == identity_key(*b, "1990-01-01")


def test_identity_key_separates_people() -> None:
    assert identity_key("Diallo", "Mamadou", "1990-01-01") != identity_key(
        "Diallo", "Mamadou", "1990-01-02"
    )
    assert identity_key("Diallo", "Mamadou", "1990-01-01") != identity_key(
        "Diallo", "Aminata", "1990-01-01"
    )


def _indexed_match(fragment: str, surname: str, given: str) -> bool:
    """What the FTS5 phrase query decides: every phrase occurs, in order and adjacent,
    somewhere in the name's token sequence."""
    doc = search_document(surname, given)
    phrases = query_phrases(fragment)
    return bool(phrases) and all(
        any(tuple(doc[i : i + len(p)]) == p for i in range(len(doc))) for p in phrases
    )


def test_search_document_keeps_tokens_in_order() -> None:
    assert search_document("Ba", "Léa") == ["p:b", "p:ba", "t:lea", "p:l", "p:le"]
    assert search_document("Ben Ali", "") == [
        "t:ben",
        "t:ena",
        "t:nal",
        "t:ali",
        "p:b",
        "p:be",
        "p:a",
        "p:al",
    ]


def test_query_phrases() -> None:
    assert query_phrases("Idri") == [("t:idr", "t:dri")]
    assert query_phrases("el IDRI el") == [("p:el",), ("t:idr", "t:dri")]
    assert query_phrases("zah") == [("t:zah",)]
    assert query_phrases(" - ") == []


@pytest.mark.parametrize(
    ("fragment", "surname", "given", "found"),
    [
        ("idri", "El Idrissi", "Fatima Zahra", True),
        ("FATIMA", "El Idrissi", "Fatima Zahra", True),
        ("idrissi fat", "El Idrissi", "Fatima Zahra", True),
        ("el", "El Idrissi", "Fatima Zahra", True),
        ("e", "El Idrissi", "Fatima Zahra", True),
        ("dr", "El Idrissi", "Fatima Zahra", False),  # short: word starts only
        ("anab", "Ana", "Nabil", False),  # its trigrams are there, not in one word
        ("louali", "Lou", "Ouali", False),  # a phrase never spans surname and given names
        ("benali", "Ben Ali", "Karim", True),  # a compound name written together
        ("nali", "Ben Ali", "Karim", True),
        ("nguessan", "N'Guessan", "Aya", True),
        ("saras", "Sarah", "Rasmussen", False),  # trigrams present, not adjacent
        ("elidrissi", "El Idrissi", "Fatima", True),
        ("idrissifat", "El Idrissi", "Fatima", False),
        ("ali", "Ben", "Ali", True),
        ("nana", "Banana", "", True),  # a repeated trigram
        ("anaana", "Banana", "", False),
    ],
)
def test_the_index_decides_like_matches_fragment(
    fragment: str, surname: str, given: str, found: bool
) -> None:
    assert matches_fragment(fragment, surname, given) is found
    assert _indexed_match(fragment, surname, given) is found


_LETTERS = st.text(alphabet="abnrsé -", max_size=12)


@given(fragment=_LETTERS, surname=_LETTERS, given_names=_LETTERS)
def test_the_index_is_exact(fragment: str, surname: str, given_names: str) -> None:
    """No candidate needs confirming: the phrase query finds a name exactly when the
    name contains the fragment (up to keyed-hash collisions, 2^-80 a pair)."""
    expected = bool(query_phrases(fragment)) and matches_fragment(fragment, surname, given_names)
    assert _indexed_match(fragment, surname, given_names) is expected


def test_display_line_round_trip() -> None:
    line = display_line("Nguyễn", "Thị Hồng", "1979-11-13")
    assert split_display_line(line) == ("Nguyễn", "Thị Hồng", "1979-11-13")
    assert split_display_line(display_line("", "", "")) == ("", "", "")


def test_matches_fragment() -> None:
    assert matches_fragment("nguy", "Nguyễn", "Thị Hồng")
    assert matches_fragment("hong", "Nguyễn", "Thị Hồng")
    assert matches_fragment("th", "Nguyễn", "Thị Hồng")
    assert not matches_fragment("hi", "Nguyễn", "Thị Hồng")  # short fragments match word starts
    assert not matches_fragment("dupont", "Nguyễn", "Thị Hồng")


# --- what a receipt can print (a technical rule: the receipts' embedded font) ----------


@pytest.mark.parametrize(
    "name",
    ["N'Guessan-Kouamé", "Nguyễn Thị Hồng", "Øre Łukasz", "Σωκράτης", "Шевченко Олександр",
     "Հովհաննիսյան", "ჯავახიშვილი", "O\u0301scar", "Mc\u02bcDonald", "St. John", "Zoë", "Louis 14"],
)  # fmt: skip
def test_names_in_the_scripts_receipts_print_are_accepted(name: str) -> None:
    assert unprintable(name) == ""


@pytest.mark.parametrize(
    ("name", "bad"),
    [("محمد", "محمد"), ("Ali محمد", "محمد"), ("王", "王"), ("כהן", "כהן"), ("Ana 🙂", "🙂"),
     ("Ana\u0007", "\u0007"), ("ราม", "ราม"), ("Ana ٣", "٣")],
)  # fmt: skip
def test_names_in_other_scripts_are_named_character_by_character(name: str, bad: str) -> None:
    assert unprintable(name) == bad
