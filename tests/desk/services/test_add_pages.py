"""dossiers.add_pages, the per-page attach of a scan: rows, outbox, history and audit
in one transaction, the page order kept, the dossier's state moved along."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.app import Counter, open_counter
from desk.config import CounterConfig
from desk.domain.entities import PieceStatus
from desk.errors import NotFound
from desk.security import audit
from desk.services import dossiers
from desk.services.applicants import ApplicantInput, create_applicant
from desk.services.common import SYSTEM
from desk.store.db import transaction
from desk.store.models import BlobRow, HistoryRow, OutboxRow, PageRow


@pytest.fixture
def counter(desk_home: Path) -> Counter:
    c = open_counter(desk_home, CounterConfig("075", "75", "Cité", 3))
    yield c
    c.close()


@pytest.fixture
def number(counter: Counter) -> str:
    a = create_applicant(counter, SYSTEM, ApplicantInput("Benali", "Sara", date(1990, 5, 2), "MAR"))
    return dossiers.open_dossier(counter, SYSTEM, a.id, "salarie-renouvellement").number


def _stored(counter: Counter, size: int = 2000) -> dossiers.StoredPage:
    data = os.urandom(size)
    return dossiers.StoredPage(counter.blobs.put(data), "image/jpeg", len(data), 100, 140)


def test_pages_added_one_by_one_keep_their_order_and_match_the_dossier(
    counter: Counter, number: str
) -> None:
    first = dossiers.add_pages(counter, SYSTEM, number, "ofii-cir", [_stored(counter)] * 2)
    again = dossiers.add_pages(counter, SYSTEM, number, "ofii-cir", [_stored(counter)])
    assert [p.index for p in first + again] == [0, 1, 2]
    assert first[0].blob == first[1].blob  # the same blob twice: one blob row, two pages
    piece = next(p for p in dossiers.get_dossier(counter, number).pieces if p.code == "ofii-cir")
    assert piece.pages == first + again
    assert piece.status is PieceStatus.CAPTURED and piece.bytes == 3 * 2000
    with transaction(counter.sessions) as session:
        assert session.scalar(select(func.count()).select_from(BlobRow)) == 2
        page_uids = set(session.scalars(select(PageRow.uid)))
        queued = {(o.entity, o.entity_uid) for o in session.scalars(select(OutboxRow))}
        history = list(session.scalars(select(HistoryRow).order_by(HistoryRow.id)))
    assert {("page", uid) for uid in page_uids} <= queued
    assert {e for e, _ in queued} >= {"page", "piece", "dossier", "history", "audit"}
    assert [h.action for h in history].count("pages_added") == 2
    assert audit.verify(counter).intact


def test_an_unknown_piece_or_dossier_writes_nothing(counter: Counter, number: str) -> None:
    with transaction(counter.sessions) as session:
        before = session.scalar(select(func.count()).select_from(OutboxRow))
    with pytest.raises(NotFound):
        dossiers.add_pages(counter, SYSTEM, number, "no-such-piece", [_stored(counter)])
    with pytest.raises(NotFound):
        dossiers.add_pages(counter, SYSTEM, "075-03-1999-999999", "ofii-cir", [_stored(counter)])
    with transaction(counter.sessions) as session:
        assert session.scalar(select(func.count()).select_from(OutboxRow)) == before
        assert session.scalar(select(func.count()).select_from(PageRow)) == 0
