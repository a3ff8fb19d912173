"""Retention: personal data and documents leave the counter once HQ acknowledged a
finished dossier and the configured days passed; receipt verification data stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hq_servers import seed_small
from sqlalchemy import select

from desk.app import Counter
from desk.services import applicants
from desk.services.common import enqueue, utcnow
from desk.store.db import transaction
from desk.store.models import (
    ApplicantRow,
    DossierRow,
    HistoryRow,
    PageRow,
    PieceRow,
    ReceiptRow,
)
from desk.sync import client, retention

pytestmark = pytest.mark.postgres


def test_purge_after_acknowledgement_and_delay(enrolled: Counter) -> None:
    numbers = seed_small(enrolled, dossiers=2, pages=2)
    with transaction(enrolled.sessions) as s:
        done = s.scalar(select(DossierRow).where(DossierRow.number == numbers[0]))
        assert done is not None
        done.status = "closed"
        enqueue(s, "dossier", done.uid)
        s.add(
            ReceiptRow(
                number="R-TEST-0001", dossier_id=done.id, kind="recepisse",
                issued_at=utcnow(), payload={"signed": "x"},
            )
        )  # fmt: skip
        done_id, applicant_id = done.id, done.applicant_id
        shas = set(s.scalars(select(PageRow.blob_sha256)))
    later = datetime.now(UTC) + timedelta(days=enrolled.config.retention_days + 1)
    # not yet acknowledged by HQ: nothing leaves
    assert retention.eligible(enrolled, later) == []
    assert client.run(enrolled).pending == 0
    # acknowledged, but the delay has not passed
    assert retention.eligible(enrolled, datetime.now(UTC)) == []
    assert retention.purge(enrolled, later) == 1
    with enrolled.sessions() as s:
        pages = s.scalars(
            select(PageRow.blob_sha256)
            .join(PieceRow, PageRow.piece_id == PieceRow.id)
            .where(PieceRow.dossier_id == done_id)
        ).all()
        assert pages == []
        person = applicants.to_entity(s.get(ApplicantRow, applicant_id), enrolled.cipher)  # type: ignore[arg-type]
        assert (person.surname, person.email, person.numero_etranger) == ("", None, None)
        # what receipt verification needs stays
        assert s.scalar(select(ReceiptRow.number).where(ReceiptRow.dossier_id == done_id))
        assert s.scalar(select(DossierRow.number).where(DossierRow.id == done_id)) == numbers[0]
        assert (
            "personal_data_purged"
            in s.scalars(select(HistoryRow.action).where(HistoryRow.dossier_id == done_id)).all()
        )
        # the other (open) dossier keeps everything
        kept = s.scalars(select(PageRow.blob_sha256)).all()
    assert len(kept) == 2
    gone = shas - set(kept)
    assert gone and not any(enrolled.blobs.exists(sha) for sha in gone)
    assert all(enrolled.blobs.exists(sha) for sha in kept)
    # done once
    assert retention.purge(enrolled, later) == 0
