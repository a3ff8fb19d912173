"""Name-fragment search: exact through the index alone (no candidate confirmed by
decryption), accents and case ignored, across surname and given names."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from desk.app import Counter
from desk.domain.dossier import DossierStatus
from desk.services import applicants, dossiers, identity, search
from desk.services.common import SYSTEM
from tests.desk.conftest import sample_input

PEOPLE = [
    ("Nguyễn", "Thị Hồng"),
    ("El Idrissi", "Fatima Zahra"),
    ("Ben Salah", "Youssef"),
    ("Benali", "Mohamed Amine"),
    ("Müller-Lüdenscheidt", "Jürgen"),
    ("Ana", "Nabil"),
    ("Lou", "Ouali"),
    ("Rasmussen", "Sarah"),
    ("Banana", "Ève"),
    ("O'Connor", "Siobhán"),
]


@pytest.fixture
def people(counter: Counter) -> dict[str, str]:
    """surname -> dossier number"""
    numbers = {}
    for i, (surname, given) in enumerate(PEOPLE):
        a = applicants.create_applicant(
            counter,
            SYSTEM,
            sample_input(
                surname=surname,
                given_names=given,
                numero_etranger=None,
                birth_date=date(1980, 1, 1 + i),
            ),
        )
        numbers[surname] = dossiers.open_dossier(counter, SYSTEM, a.id, "visiteur").number
    return numbers


def _found(counter: Counter, query: str) -> set[str]:
    return {r.surname for r in dossiers.search_dossiers(counter, query)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # accents and case, on surname and given names
        ("NGUYEN", {"Nguyễn"}),
        ("hồng", {"Nguyễn"}),
        ("HONG", {"Nguyễn"}),
        ("eve", {"Banana"}),
        ("siobhan", {"O'Connor"}),
        ("jurgen", {"Müller-Lüdenscheidt"}),
        # compound names: each part is a word, hyphens and apostrophes separate
        ("idrissi", {"El Idrissi"}),
        ("lüdensch", {"Müller-Lüdenscheidt"}),
        ("muller ludenscheidt", {"Müller-Lüdenscheidt"}),
        ("connor", {"O'Connor"}),
        ("ben salah", {"Ben Salah"}),
        ("salah ben", {"Ben Salah"}),  # every word, in any order
        ("fatima idrissi", {"El Idrissi"}),
        # compound names written together, or cut elsewhere
        ("elidrissi", {"El Idrissi"}),
        ("bensalah", {"Ben Salah"}),
        ("oconnor", {"O'Connor"}),
        ("mullerlud", {"Müller-Lüdenscheidt"}),
        ("fatimazahra", {"El Idrissi"}),
        ("lidri", {"El Idrissi"}),
        # never across surname and given names
        ("idrissifatima", set()),
        ("salahyoussef", set()),
        # no false positives: the trigrams are in the name, not the fragment
        ("anab", set()),  # Ana Nabil
        ("louali", set()),  # Lou / Ouali: surname and given names
        ("saras", set()),  # Sarah Rasmussen
        ("anaana", set()),  # Banana
        ("nana", {"Banana"}),
        # one and two letters: the start of a word only
        ("b", {"Ben Salah", "Benali", "Banana"}),
        ("be", {"Ben Salah", "Benali"}),
        ("o", {"O'Connor", "Lou"}),  # O'Connor, Ouali
        ("na", {"Ana"}),  # Nabil, not Banana
        ("n", {"Nguyễn", "Ana"}),
        ("ss", set()),
        ("b y", {"Ben Salah"}),  # Ben, Youssef
        ("e y", set()),
        # three letters: anywhere inside a word
        ("ssi", {"El Idrissi"}),
        ("ali", {"Benali", "Lou"}),  # Benali, Ouali
    ],
)
def test_fragment(counter: Counter, people: dict[str, str], query: str, expected: set[str]) -> None:
    assert _found(counter, query) == expected


def test_results_carry_the_display_line(counter: Counter, people: dict[str, str]) -> None:
    (hit,) = dossiers.search_dossiers(counter, "idriss")
    assert (hit.number, hit.surname, hit.given_names) == (
        people["El Idrissi"],
        "El Idrissi",
        "Fatima Zahra",
    )
    assert hit.birth_date == date(1980, 1, 2)
    assert hit.status is DossierStatus.DRAFT and hit.procedure == "visiteur"
    assert hit.updated_at.utcoffset() is not None


def test_newest_first_and_limit(counter: Counter) -> None:
    for i in range(5):
        a = applicants.create_applicant(
            counter, SYSTEM, sample_input(surname=f"Traoré {'x' * (i + 1)}", numero_etranger=None)
        )
        dossiers.open_dossier(counter, SYSTEM, a.id, "visiteur")
    found = dossiers.search_dossiers(counter, "traore", limit=3)
    assert [r.surname for r in found] == ["Traoré xxxxx", "Traoré xxxx", "Traoré xxx"]


def test_a_changed_name_is_found_by_its_new_name_only(
    counter: Counter, people: dict[str, str]
) -> None:
    (hit,) = dossiers.search_dossiers(counter, "benali")
    person = dossiers.get_dossier(counter, hit.number).applicant
    changed = replace(applicants.as_input(person), surname="Tahiri")
    applicants.update_applicant(counter, SYSTEM, person.id, changed)
    assert _found(counter, "benali") == set()
    assert _found(counter, "tahir") == {"Tahiri"}


def test_after_a_merge_each_dossier_is_found_once(counter: Counter) -> None:
    a = applicants.create_applicant(counter, SYSTEM, sample_input(numero_etranger=None))
    b = applicants.create_applicant(counter, SYSTEM, sample_input(numero_etranger=None))
    for x in (a, b):
        dossiers.open_dossier(counter, SYSTEM, x.id, "visiteur")
    identity.merge_applicants(counter, SYSTEM, a.id, b.id, "doublon")
    found = dossiers.search_dossiers(counter, "idrissi")
    assert len(found) == 2 and {r.surname for r in found} == {"El Idrissi"}  # both under a


def test_the_database_holds_no_name_in_clear(counter: Counter, people: dict[str, str]) -> None:
    con = sqlite3.connect(counter.home.database)
    try:
        documents = [t for (t,) in con.execute("SELECT tokens FROM applicant_search")]
        lines = [s for (s,) in con.execute("SELECT summary_enc FROM applicants")]
    finally:
        con.close()
    assert len(documents) == len(PEOPLE)
    for doc in documents:  # only 20-hex-digit keyed hashes, in order (repeats kept)
        assert all(len(t) == 20 and int(t, 16) >= 0 for t in doc.split())
    assert all(isinstance(s, bytes) and b"Idrissi" not in s for s in lines)


def test_the_raw_query_is_the_service_query(counter: Counter, people: dict[str, str]) -> None:
    """bench_search's baseline runs the service's SQL and FTS5 query text as they are."""
    con = sqlite3.connect(counter.home.database)
    try:
        rows = con.execute(
            search._BY_NAME, {"m": search.name_match(counter, "salah"), "n": 50}
        ).fetchall()
    finally:
        con.close()
    assert [r[0] for r in rows] == [people["Ben Salah"]]


def test_given_names_taken_in_a_merge_are_searchable(counter: Counter) -> None:
    keep = applicants.create_applicant(
        counter, SYSTEM, sample_input(given_names="", numero_etranger=None)
    )
    drop = applicants.create_applicant(counter, SYSTEM, sample_input(numero_etranger=None))
    dossiers.open_dossier(counter, SYSTEM, keep.id, "visiteur")
    assert _found(counter, "zahra") == set()
    identity.merge_applicants(counter, SYSTEM, keep.id, drop.id, "doublon")
    (hit,) = dossiers.search_dossiers(counter, "zahra")
    assert (hit.surname, hit.given_names) == ("El Idrissi", "Fatima Zahra")
