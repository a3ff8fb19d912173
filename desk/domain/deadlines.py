"""Time limits of the residence-permit procedure.

- Renewal window, CESEDA art. R.431-5: a renewal is filed between the 120th and the
  60th day before the current permit expires. Filing after that carries the
  late-renewal tax (amount in resources/fees.toml, never here).
- Implicit decision, CESEDA art. R.432-1 and R.432-2: silence kept for four months
  on a *complete* application is an implicit rejection. An incomplete dossier's
  silence is not a decision (Conseil d'État, avis 10 October 2024, n° 493514).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

#: R.431-5: earliest and latest filing day, counted before the expiry date
RENEWAL_WINDOW_OPENS_DAYS = 120
RENEWAL_WINDOW_CLOSES_DAYS = 60
#: R.432-1 / R.432-2: months of silence that make an implicit rejection
IMPLICIT_DECISION_MONTHS = 4


class RenewalStatus(StrEnum):
    TOO_EARLY = "too_early"  # more than 120 days before expiry
    ON_TIME = "on_time"  # between the 120th and the 60th day before expiry
    LATE = "late"  # fewer than 60 days before expiry: late-renewal tax
    EXPIRED = "expired"  # the permit has expired: late, and no longer a valid stay


@dataclass(frozen=True)
class RenewalWindow:
    status: RenewalStatus
    opens: date
    closes: date
    expiry: date
    days_to_expiry: int

    @property
    def late_tax_due(self) -> bool:
        return self.status in (RenewalStatus.LATE, RenewalStatus.EXPIRED)


def renewal_window(expiry: date, today: date) -> RenewalWindow:
    """Where ``today`` falls in the renewal window of a permit expiring on ``expiry``
    (CESEDA R.431-5)."""
    opens = expiry - timedelta(days=RENEWAL_WINDOW_OPENS_DAYS)
    closes = expiry - timedelta(days=RENEWAL_WINDOW_CLOSES_DAYS)
    days = (expiry - today).days
    if today > expiry:
        status = RenewalStatus.EXPIRED
    elif today < opens:
        status = RenewalStatus.TOO_EARLY
    elif today <= closes:
        status = RenewalStatus.ON_TIME
    else:
        status = RenewalStatus.LATE
    return RenewalWindow(status, opens, closes, expiry, days)


def add_months(d: date, months: int) -> date:
    """Calendar months, clamped to the month's last day (31 Oct + 4 months = 28/29 Feb)."""
    month_index = d.month - 1 + months
    year = d.year + month_index // 12
    month = month_index % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def implicit_decision_date(received: date, complete: bool) -> date | None:
    """Date on which silence becomes an implicit rejection (CESEDA R.432-1, R.432-2),
    or None while the application is incomplete (CE avis 10 Oct 2024, n° 493514)."""
    if not complete:
        return None
    return add_months(received, IMPLICIT_DECISION_MONTHS)


def age_on(birth: date, today: date) -> int:
    years = today.year - birth.year
    if (today.month, today.day) < (birth.month, birth.day):
        years -= 1
    return years


#: majority, Code civil art. 414
MAJORITY_AGE = 18


def is_minor(birth: date, today: date) -> bool:
    return age_on(birth, today) < MAJORITY_AGE
