"""CESEDA R.431-5 (renewal window), R.432-1/R.432-2 (implicit decision), CE avis
10 Oct 2024 n° 493514 (incomplete dossier), Code civil art. 414 (majority)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desk.domain.deadlines import (
    RenewalStatus,
    add_months,
    age_on,
    implicit_decision_date,
    is_minor,
    renewal_window,
)

EXPIRY = date(2027, 6, 30)


@pytest.mark.parametrize(
    ("days_before", "status"),
    [
        (200, RenewalStatus.TOO_EARLY),
        (121, RenewalStatus.TOO_EARLY),
        (120, RenewalStatus.ON_TIME),
        (90, RenewalStatus.ON_TIME),
        (60, RenewalStatus.ON_TIME),
        (59, RenewalStatus.LATE),
        (0, RenewalStatus.LATE),
        (-1, RenewalStatus.EXPIRED),
    ],
)
def test_renewal_window_r431_5(days_before: int, status: RenewalStatus) -> None:
    w = renewal_window(EXPIRY, EXPIRY - timedelta(days=days_before))
    assert w.status is status
    assert w.opens == EXPIRY - timedelta(days=120)
    assert w.closes == EXPIRY - timedelta(days=60)
    assert w.late_tax_due is (status in (RenewalStatus.LATE, RenewalStatus.EXPIRED))


def test_implicit_decision_four_months_r432_2() -> None:
    assert implicit_decision_date(date(2026, 3, 15), complete=True) == date(2026, 7, 15)
    assert implicit_decision_date(date(2026, 10, 31), complete=True) == date(2027, 2, 28)
    assert implicit_decision_date(date(2027, 10, 31), complete=True) == date(2028, 2, 29)


def test_incomplete_dossier_silence_is_not_a_decision() -> None:
    assert implicit_decision_date(date(2026, 3, 15), complete=False) is None


def test_add_months_over_year_end() -> None:
    assert add_months(date(2026, 11, 30), 4) == date(2027, 3, 30)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_age_and_minority() -> None:
    birth = date(2008, 11, 28)
    assert age_on(birth, date(2026, 11, 27)) == 17
    assert is_minor(birth, date(2026, 11, 27))
    assert not is_minor(birth, date(2026, 11, 28))
    assert age_on(date(2000, 2, 29), date(2026, 2, 28)) == 25
