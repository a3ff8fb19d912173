"""Supervisor merge of two applicant records; identity alerts with their rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desk.app import Counter
from desk.domain.alerts import (
    AlertKind,
    Severity,
    identity_alerts,
    minor_alert,
    passport_alert,
    permit_alert,
)
from desk.domain.entities import Role
from desk.errors import InvalidField, NotFound, PermissionDenied, Refused
from desk.services import applicants, dossiers
from desk.services.common import SYSTEM, Actor
from desk.services.identity import applicant_alerts, merge_applicants
from desk.store.models import ApplicantRow, OutboxRow
from tests.desk.conftest import sample_input

SUPERVISOR = Actor("chef", Role.SUPERVISOR, None, "Cheffe d'accueil")
AGENT = Actor("agent", Role.AGENT, None, "Agent")
TODAY = date(2026, 11, 27)


@pytest.fixture
def twins(counter: Counter) -> tuple[int, int, str, str]:
    """One person entered twice: with a numéro étranger, then with a passport."""
    a = applicants.create_applicant(counter, SYSTEM, sample_input(passport_number=None))
    b = applicants.create_applicant(
        counter,
        SYSTEM,
        sample_input(
            surname="EL-IDRISSI", numero_etranger=None, passport_number="XK1234567",
            email=None, phone="06 12 34 56 78",
        ),
    )  # fmt: skip
    d1 = dossiers.open_dossier(counter, SYSTEM, a.id, "duplicata")
    d2 = dossiers.open_dossier(counter, SYSTEM, b.id, "duplicata")
    return a.id, b.id, d1.number, d2.number


def test_merge_moves_dossiers_and_records_it(
    counter: Counter, twins: tuple[int, int, str, str]
) -> None:
    keep, drop, n1, n2 = twins
    kept = merge_applicants(counter, SUPERVISOR, keep, drop, "même personne, passeport")
    assert kept.id == keep
    assert kept.passport_number == "XK1234567"  # taken from the dropped record
    assert kept.numero_etranger == "7501234567"  # the kept record's own value stays
    for number in (n1, n2):
        d = dossiers.get_dossier(counter, number)
        assert d.applicant.id == keep
        merges = [h for h in d.history if h.action == "applicants_merged"]
        assert len(merges) == 1
        assert merges[0].agent == "chef"
    with counter.sessions() as s:
        dropped = s.get(ApplicantRow, drop)
        assert dropped is not None
        assert dropped.merged_into_id == keep
        uids = set(s.scalars(select(OutboxRow.entity_uid).where(OutboxRow.entity == "applicant")))
        assert dropped.uid in uids
    found = applicants.find_matches(counter, sample_input(passport_number="XK1234567"))
    assert [a.id for a in found] == [keep]


def test_only_supervisors_merge(counter: Counter, twins: tuple[int, int, str, str]) -> None:
    keep, drop, _, _ = twins
    with pytest.raises(PermissionDenied):
        merge_applicants(counter, AGENT, keep, drop, "doublon")
    with counter.sessions() as s:
        assert s.get(ApplicantRow, drop).merged_into_id is None  # type: ignore[union-attr]


def test_merge_refusals(counter: Counter, twins: tuple[int, int, str, str]) -> None:
    keep, drop, _, _ = twins
    with pytest.raises(InvalidField):
        merge_applicants(counter, SUPERVISOR, keep, drop, "   ")
    with pytest.raises(Refused) as same:
        merge_applicants(counter, SUPERVISOR, keep, keep, "doublon")
    assert same.value.reason == "merge_same_applicant"
    with pytest.raises(NotFound):
        merge_applicants(counter, SUPERVISOR, keep, 9999, "doublon")
    merge_applicants(counter, SUPERVISOR, keep, drop, "doublon")
    with pytest.raises(Refused) as again:
        merge_applicants(counter, SUPERVISOR, keep, drop, "doublon")
    assert again.value.reason == "already_merged"


# --- alerts ----------------------------------------------------------------------------


def test_expired_passport() -> None:
    alert = passport_alert(date(2026, 11, 26), TODAY)
    assert alert is not None
    assert (alert.kind, alert.rule, alert.detail["days_ago"]) == (
        AlertKind.PASSPORT_EXPIRED, "CESEDA R.431-10", 1,
    )  # fmt: skip
    assert passport_alert(TODAY, TODAY) is None
    assert passport_alert(None, TODAY) is None


@pytest.mark.parametrize(
    ("expiry", "kind"),
    [
        (date(2027, 6, 1), None),  # more than 120 days left
        (date(2027, 3, 27), AlertKind.PERMIT_RENEWAL_OPEN),  # 120 days: window opens
        (date(2027, 1, 26), AlertKind.PERMIT_RENEWAL_OPEN),  # 60 days: last day on time
        (date(2027, 1, 25), AlertKind.PERMIT_LATE),  # 59 days: late-renewal tax
        (date(2026, 11, 26), AlertKind.PERMIT_EXPIRED),
    ],
)
def test_permit_renewal_window(expiry: date, kind: AlertKind | None) -> None:
    alert = permit_alert(expiry, TODAY)
    assert (alert.kind if alert else None) == kind
    if alert:
        assert alert.rule == "CESEDA R.431-5"
        assert alert.detail["late_tax_due"] == (kind in (AlertKind.PERMIT_LATE,
                                                         AlertKind.PERMIT_EXPIRED))  # fmt: skip


def test_minor() -> None:
    assert minor_alert(date(2008, 11, 28), TODAY) is not None  # 18 tomorrow
    assert minor_alert(date(2008, 11, 27), TODAY) is None  # 18 today
    alert = minor_alert(date(2015, 1, 1), TODAY)
    assert alert is not None
    assert alert.detail["age"] == 11
    assert "Code civil art. 414" in alert.rule


def test_alerts_of_an_applicant(counter: Counter) -> None:
    a = applicants.create_applicant(
        counter,
        SYSTEM,
        sample_input(
            birth_date=date(2010, 5, 5),
            passport_expiry=date(2025, 1, 1),
            permit_expiry=date(2027, 2, 1),
        ),
    )
    kinds = [x.kind for x in applicant_alerts(a, TODAY)]
    assert kinds == [AlertKind.PASSPORT_EXPIRED, AlertKind.MINOR, AlertKind.PERMIT_RENEWAL_OPEN]
    assert identity_alerts(TODAY) == []
    assert all(x.severity is Severity.WARNING for x in applicant_alerts(a, TODAY)[:2])


def test_alert_wording_in_french() -> None:
    from desk.messages import alert_text

    for alert in (
        passport_alert(date(2020, 1, 1), TODAY),
        permit_alert(date(2027, 1, 2), TODAY),
        minor_alert(date(2012, 1, 1), TODAY),
    ):
        assert alert is not None
        text = alert_text(alert.kind, alert.detail)
        assert "{" not in text
        assert text != alert.kind
