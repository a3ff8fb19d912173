"""Applicants: validation, encrypted storage, matching."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desk.app import Counter
from desk.domain.entities import Applicant
from desk.errors import InvalidField, InvalidIdentifier
from desk.services import applicants
from desk.services.common import SYSTEM
from desk.store.models import ApplicantRow, OutboxRow
from tests.desk.conftest import sample_input


def _count(counter: Counter) -> int:
    with counter.sessions() as s:
        return s.scalar(select(func.count(ApplicantRow.id))) or 0


def test_create_and_read_back(counter: Counter, applicant: Applicant) -> None:
    again = applicants.get_applicant(counter, applicant.id)
    assert again == applicant
    assert (again.surname, again.given_names, again.numero_etranger) == (
        "El Idrissi",
        "Fatima Zahra",
        "7501234567",
    )


def test_outbox_row_written_with_the_change(counter: Counter, applicant: Applicant) -> None:
    with counter.sessions() as s:
        row = s.get(ApplicantRow, applicant.id)
        assert row is not None
        entities = s.scalars(select(OutboxRow.entity_uid).where(OutboxRow.entity == "applicant"))
        assert row.uid in set(entities)


def test_personal_fields_are_not_stored_in_clear(counter: Counter, applicant: Applicant) -> None:
    counter.close()
    raw = b"".join(p.read_bytes() for p in counter.home.root.glob("guichet.sqlite3*"))
    for needle in ("Idrissi", "IDRISSI", "Fatima", "7501234567", "1994-03-12", "75011"):
        assert needle.encode() not in raw, needle


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"surname": "  "}, "surname"),
        ({"birth_date": date.today() + timedelta(days=1)}, "birth_date"),
        ({"nationality": "Maroc"}, "nationality"),
        ({"email": "pas-une-adresse"}, "email"),
        ({"phone": "abc"}, "phone"),
        ({"passport_number": "TOO-LONG-NUMBER-123"}, "passport_number"),
        ({"sex": "Q"}, "sex"),
        ({"surname": "العلوي"}, "surname"),
        ({"given_names": "Fatima 🙂"}, "given_names"),
    ],
)
def test_invalid_field_saves_nothing(
    counter: Counter, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidField) as err:
        applicants.create_applicant(counter, SYSTEM, sample_input(**overrides))
    assert err.value.field == field
    assert _count(counter) == 0


@pytest.mark.parametrize(
    ("overrides", "kind"),
    [({"numero_etranger": "12345"}, "numero-etranger"), ({"postal_code": "7501"}, "postal-code")],
)
def test_invalid_identifier_saves_nothing(
    counter: Counter, overrides: dict[str, object], kind: str
) -> None:
    with pytest.raises(InvalidIdentifier) as err:
        applicants.create_applicant(counter, SYSTEM, sample_input(**overrides))
    assert err.value.kind == kind
    assert _count(counter) == 0


def test_update(counter: Counter, applicant: Applicant) -> None:
    changed = applicants.update_applicant(
        counter, SYSTEM, applicant.id, sample_input(postal_code="93200", email="f@example.org")
    )
    assert (changed.postal_code, changed.email) == ("93200", "f@example.org")


@pytest.mark.parametrize(
    "overrides",
    [
        {"numero_etranger": "7501234567", "surname": "Autre", "given_names": "Nom"},
        {"surname": "EL-IDRISSI", "given_names": "Zahra Fatima", "numero_etranger": None},
        {"surname": "el idrissi", "given_names": "fatima zahra", "numero_etranger": None},
    ],
)
def test_find_matches(counter: Counter, applicant: Applicant, overrides: dict[str, object]) -> None:
    found = applicants.find_matches(counter, sample_input(**overrides))
    assert [a.id for a in found] == [applicant.id]


def test_no_match_for_another_person(counter: Counter, applicant: Applicant) -> None:
    other = sample_input(numero_etranger=None, birth_date=date(1994, 3, 13))
    assert applicants.find_matches(counter, other) == []


def test_a_name_the_receipt_cannot_print_is_refused_in_french(counter: Counter) -> None:
    from desk.messages import describe

    with pytest.raises(InvalidField) as err:
        applicants.create_applicant(counter, SYSTEM, sample_input(surname="Ali محمد"))
    assert err.value.params["characters"] == "محمد"
    text = describe(err.value)
    assert text.startswith("Nom : écriture non prise en charge")
    assert "lettres latines" in text and "MRZ" in text
    assert _count(counter) == 0
