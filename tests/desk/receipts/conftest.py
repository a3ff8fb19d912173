"""Fixtures of the receipts room: a site, a signing key and its key set, receipt data."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desk.app import Counter, open_counter
from desk.config import CounterConfig
from desk.domain.dossier import DossierStatus
from desk.domain.entities import PieceStatus, Site
from desk.receipts.data import ReceiptData, ReceiptKind
from desk.receipts.keys import KEY_SET_FILE, SigningKey, load_key_set, load_or_create_signing_key
from desk.services import applicants, dossiers
from desk.services.applicants import ApplicantInput
from desk.services.common import SYSTEM, utcnow
from desk.store.db import transaction
from desk.store.models import DossierRow, FilingRow

SITE = Site(
    "075",
    "75",
    "Préfecture de police — Centre de réception des étrangers, Cité",
    1,
    "1 bis rue de Lutèce, 75004 Paris",
    "01 53 71 51 68",
    "accueil-etrangers@example.gouv.fr",
)


@pytest.fixture
def keys_dir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


@pytest.fixture
def signing_key(keys_dir: Path) -> SigningKey:
    return load_or_create_signing_key(keys_dir, "075-01")


@pytest.fixture
def key_set(signing_key: SigningKey, keys_dir: Path) -> dict[str, Any]:
    return load_key_set(keys_dir / KEY_SET_FILE)


BASE = ReceiptData(
    kind=ReceiptKind.ACCUSE_RECEPTION,
    number="R-075-01-2026-000042-K",
    dossier="075-01-2026-000042-K",
    issued_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
    surname="Ivanova",
    given_names="Екатерина Sergeyevna",
    birth_date=date(1990, 3, 4),
    procedure="Renouvellement de la carte de séjour « salarié »",
    site=SITE,
    received_on=date(2026, 11, 27),
    implicit_decision_on=date(2027, 3, 27),
    pieces=("Passeport : pages d'identité", "Justificatif de domicile"),
    missing=("Trois derniers bulletins de salaire",),
    pieces_deadline=date(2026, 12, 27),
    anef_number="ANEF-2026-7Q4K2M",
    filed_on=date(2026, 11, 27),
    valid_until=date(2027, 5, 26),
    work_allowed=True,
    agent_name="C. Martin",
)


@pytest.fixture
def make_data() -> Callable[..., ReceiptData]:
    def make(kind: ReceiptKind = ReceiptKind.ACCUSE_RECEPTION, **changes: Any) -> ReceiptData:
        return dataclasses.replace(BASE, kind=kind, **changes)

    return make


# --- a counter with dossiers in a given state -----------------------------------------

CONFIG = CounterConfig(
    prefecture="75",
    departement="75",
    site="Préfecture de police — Centre de réception des étrangers, Cité",
    counter=3,
    address="1 bis rue de Lutèce, 75004 Paris",
    phone="01 53 71 51 68",
    email="accueil-etrangers@example.gouv.fr",
)
S = DossierStatus


@pytest.fixture
def counter(desk_home: Path) -> Iterator[Counter]:
    c = open_counter(desk_home, CONFIG)
    yield c
    c.close()


def make_dossier(
    counter: Counter, status: S, complete: bool = True, filing: str | None = None
) -> str:
    """A dossier in ``status`` (filings are written as the filing services do)."""
    person = applicants.create_applicant(
        counter,
        SYSTEM,
        ApplicantInput(
            surname="Nguyễn", given_names="Thị Hồng", birth_date=date(1995, 5, 6), nationality="VNM"
        ),
    )
    number = dossiers.open_dossier(counter, SYSTEM, person.id, "salarie-renouvellement").number
    with transaction(counter.sessions) as session:
        row = session.scalar(select(DossierRow).where(DossierRow.number == number))
        assert row is not None
        for i, piece in enumerate(row.pieces):
            if complete or i % 2 == 0:
                piece.status = PieceStatus.CAPTURED.value
        row.status = status.value
        if filing:
            session.add(
                FilingRow(
                    dossier_id=row.id,
                    kind=filing,
                    at=utcnow(),
                    reference="ANEF-2026-7Q4K2M" if filing == "online" else "CCC-123",
                    detail={"pieces": ["passeport"]} if filing == "online" else {},
                )
            )
    return number
