"""Warnings shown when an applicant's identity is entered or read, each with the rule
it comes from. Pure functions of the applicant's dates and today's date.

- Expired passport: the application carries the documents justifying civil status
  and nationality (CESEDA art. R.431-10); an expired passport still proves identity
  but must be flagged to the agent.
- Permit expiring: renewal window of CESEDA art. R.431-5 (desk.domain.deadlines):
  filed after the 60th day before expiry, the late-renewal tax is due.
- Applicant under 18: a residence permit is required from 18 (CESEDA art. L.411-1);
  majority at 18 (Code civil art. 414).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from desk.domain.deadlines import RenewalStatus, age_on, is_minor, renewal_window


class AlertKind(StrEnum):
    PASSPORT_EXPIRED = "passport_expired"
    PERMIT_EXPIRED = "permit_expired"
    PERMIT_LATE = "permit_late"  # fewer than 60 days left: late-renewal tax
    PERMIT_RENEWAL_OPEN = "permit_renewal_open"  # between the 120th and the 60th day
    MINOR = "minor"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    severity: Severity
    rule: str  # the article the alert comes from
    detail: dict[str, object] = field(default_factory=dict)


def passport_alert(expiry: date | None, today: date) -> Alert | None:
    """CESEDA R.431-10: flag a passport past its expiry date."""
    if expiry is None or expiry >= today:
        return None
    return Alert(
        AlertKind.PASSPORT_EXPIRED,
        Severity.WARNING,
        "CESEDA R.431-10",
        {"expiry": expiry.isoformat(), "days_ago": (today - expiry).days},
    )


def permit_alert(expiry: date | None, today: date) -> Alert | None:
    """CESEDA R.431-5: where today falls in the permit's renewal window."""
    if expiry is None:
        return None
    window = renewal_window(expiry, today)
    detail: dict[str, object] = {
        "expiry": expiry.isoformat(),
        "days_to_expiry": window.days_to_expiry,
        "opens": window.opens.isoformat(),
        "closes": window.closes.isoformat(),
        "late_tax_due": window.late_tax_due,
    }
    kind = {
        RenewalStatus.EXPIRED: AlertKind.PERMIT_EXPIRED,
        RenewalStatus.LATE: AlertKind.PERMIT_LATE,
        RenewalStatus.ON_TIME: AlertKind.PERMIT_RENEWAL_OPEN,
    }.get(window.status)
    if kind is None:  # more than 120 days left
        return None
    severity = Severity.INFO if kind is AlertKind.PERMIT_RENEWAL_OPEN else Severity.WARNING
    return Alert(kind, severity, "CESEDA R.431-5", detail)


def minor_alert(birth: date | None, today: date) -> Alert | None:
    """CESEDA L.411-1 and Code civil art. 414: the applicant is under 18."""
    if birth is None or not is_minor(birth, today):
        return None
    return Alert(
        AlertKind.MINOR,
        Severity.WARNING,
        "CESEDA L.411-1; Code civil art. 414",
        {"age": age_on(birth, today)},
    )


def identity_alerts(
    today: date,
    birth: date | None = None,
    passport_expiry: date | None = None,
    permit_expiry: date | None = None,
) -> list[Alert]:
    """Every alert that applies, warnings first."""
    found = [
        a
        for a in (
            passport_alert(passport_expiry, today),
            permit_alert(permit_expiry, today),
            minor_alert(birth, today),
        )
        if a is not None
    ]
    return sorted(found, key=lambda a: a.severity is not Severity.WARNING)
