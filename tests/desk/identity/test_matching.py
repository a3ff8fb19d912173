"""Applicant matching (desk.services.applicants.find_matches, names.identity_key):
transliteration variants, hyphens, given-name order and splitting, swapped names;
other people are not matched."""

from __future__ import annotations

from datetime import date

import pytest

from desk.app import Counter
from desk.domain.names import identity_key, identity_key_v1, skeleton
from desk.services import applicants
from desk.services.common import SYSTEM
from desk.store.models import ApplicantRow
from tests.desk.conftest import sample_input

BORN = "1990-01-01"

SAME_PERSON = [
    (("Müller", "Jürgen"), ("MUELLER", "Juergen")),
    (("Ben Salah", "Youssef"), ("BEN-SALAH", "Yousef")),
    (("Diallo", "Mamadou Saliou"), ("DIALLO", "Saliou Mamadou")),
    (("Khalil", "Nour El Houda"), ("Khalil", "Nour el-Houda")),
    (("Khalil", "Nour El Houda"), ("KHALIL", "NOUREL HOUDA")),
    (("Shevchenko", "Oleksandr"), ("Chevtchenko", "Oleksandr")),
    (("El Amrani", "Mohamed"), ("ELAMRANI", "Mohammed")),
    (("El Amrani", "Mohamed"), ("El-Amrani", "Muhammad")),
    (("El Amrani", "Mohamed"), ("El Amrani", "Mouhamed")),
    (("Benali", "Fatima"), ("Ben Ali", "Fatma")),
    (("Bouchaïb", "Abdelkader"), ("Bouchaib", "Abd El Kader")),
    (("Nguyễn", "Thị Hồng"), ("NGUYEN", "THI HONG")),
    (("Kowalczyk", "Łukasz"), ("KOWALCZYK", "LUKASZ")),
    (("Ahmadi", "Sarah"), ("Ahmadi", "Sara")),
    (("Yilmaz", "Ayşe"), ("YILMAZ", "AYSE")),
    (("Okonkwo", "Chukwuemeka"), ("OKONKWO", "CHUKWUEMEKA")),
    (("Traoré", "Aïssata"), ("TRAORE", "AISSATA")),
    (("Al-Hassan", "Khaled"), ("Al Hasan", "Khalid")),
    (("Mahmoud", "Ahmed"), ("Mahmud", "Ahmad")),
]

OTHER_PEOPLE = [
    (("Diallo", "Mamadou"), ("Diallo", "Aminata")),
    (("Diallo", "Mamadou"), ("Diallo", "Mamadou Aliou")),
    (("Diallo", "Mamadou"), ("Bah", "Mamadou")),
    (("Ibrahim", "Sara"), ("Brahim", "Sara")),
    (("Martin", "Lea"), ("Martini", "Lea")),
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_identity_key_of_one_person(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert identity_key(*a, BORN) == identity_key(*b, BORN)


@pytest.mark.parametrize(("a", "b"), OTHER_PEOPLE)
def test_identity_key_of_different_people(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert identity_key(*a, BORN) != identity_key(*b, BORN)
    assert identity_key(*a, BORN) != identity_key(*a, "1990-01-02")


def test_skeleton() -> None:
    assert {skeleton(n) for n in ("Mohamed", "Mohammed", "Muhammad", "Mouhamed")} == {"mhmd"}
    assert skeleton("Fatima") == skeleton("Fatma") == "ftm-"
    assert skeleton("Martin") != skeleton("Martini")


def test_the_current_key_differs_from_the_first_one() -> None:
    assert identity_key("Diallo", "Mamadou", BORN) != identity_key_v1("Diallo", "Mamadou", BORN)


@pytest.fixture
def stored(counter: Counter) -> int:
    a = applicants.create_applicant(
        counter,
        SYSTEM,
        sample_input(
            surname="El Amrani",
            given_names="Mohamed Karim",
            numero_etranger=None,
            passport_number="AB1234567",
            birth_date=date(1988, 7, 14),
        ),
    )
    return a.id


@pytest.mark.parametrize(
    "query",
    [
        {"surname": "EL-AMRANI", "given_names": "Karim Mohammed"},
        {"surname": "Elamrani", "given_names": "Muhammad Karim"},
        {"surname": "Mohamed Karim", "given_names": "El Amrani"},  # swapped at entry
        {"surname": "Autre", "given_names": "Nom", "passport_number": "ab 1234567"},
    ],
)
def test_find_matches_variants(counter: Counter, stored: int, query: dict[str, object]) -> None:
    values: dict[str, object] = {"numero_etranger": None, "birth_date": date(1988, 7, 14)}
    found = applicants.find_matches(counter, sample_input(**(values | query)))
    assert [a.id for a in found] == [stored]


def test_find_matches_leaves_other_people_out(counter: Counter, stored: int) -> None:
    for query in (
        {"surname": "El Amrani", "given_names": "Mohamed Karim", "birth_date": date(1988, 7, 15)},
        {"surname": "El Amrani", "given_names": "Youssef", "birth_date": date(1988, 7, 14)},
    ):
        found = applicants.find_matches(counter, sample_input(numero_etranger=None, **query))
        assert found == []


def test_rows_stored_with_the_first_key_are_still_found(counter: Counter, stored: int) -> None:
    with counter.sessions() as s, s.begin():
        row = s.get(ApplicantRow, stored)
        assert row is not None
        row.identity_idx = counter.cipher.index(
            "identity", identity_key_v1("El Amrani", "Mohamed Karim", "1988-07-14")
        )
    query = sample_input(
        surname="el amrani", given_names="karim mohamed", numero_etranger=None,
        birth_date=date(1988, 7, 14),
    )  # fmt: skip
    assert [a.id for a in applicants.find_matches(counter, query)] == [stored]
