"""An opened counter and one actor per role, for the security tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desk.app import Counter, open_counter
from desk.config import CounterConfig
from desk.domain.entities import Role
from desk.services.applicants import ApplicantInput
from desk.services.common import Actor

ACTORS = {role: Actor(f"{role.value}-x", role, None, role.value) for role in Role}


@pytest.fixture
def counter(desk_home: Path) -> Iterator[Counter]:
    c = open_counter(
        desk_home, CounterConfig(prefecture="75", departement="75", site="Test", counter=3)
    )
    try:
        yield c
    finally:
        c.close()


def person(surname: str = "Zyxwabeth", given: str = "Quorvane") -> ApplicantInput:
    return ApplicantInput(
        surname=surname,
        given_names=given,
        birth_date=date(1990, 4, 12),
        nationality="MAR",
        numero_etranger="7501234567",
        postal_code="75011",
        email="q.zyx@example.org",
    )
