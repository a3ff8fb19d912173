"""Retention on the counter: once HQ acknowledged everything about a finished dossier
and ``retention_days`` passed, its personal data and documents leave the counter.

What stays: the dossier row (number, status, procedure, dates), its history, filings
and receipts — receipt verification needs the receipt number, kind, dates and the
signed payload, not the person or the scans. HQ keeps the full record.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk.app import Counter
from desk.domain import names
from desk.domain.dossier import DossierStatus
from desk.services.common import SYSTEM, record, utcnow
from desk.store.db import transaction
from desk.store.models import (
    ApplicantRow,
    Base,
    BlobRow,
    DossierRow,
    HistoryRow,
    OutboxRow,
    PageRow,
    PieceRow,
)

FINISHED = (
    DossierStatus.FILED_ONLINE.value,
    DossierStatus.DEPOSITED.value,
    DossierStatus.CLOSED.value,
)
PURGED = "personal_data_purged"
_OPTIONAL = (
    "numero_etranger",
    "passport_number",
    "postal_code",
    "address",
    "email",
    "phone",
    "permit_expiry",
    "passport_expiry",
)


def _related_uids(s: Session, dossier: DossierRow) -> set[str]:
    uids = {dossier.uid, dossier.applicant.uid}
    for table in Base.metadata.tables.values():
        if "dossier_id" in table.c and "uid" in table.c:
            uids.update(s.scalars(select(table.c.uid).where(table.c.dossier_id == dossier.id)))
    for piece in dossier.pieces:
        uids.add(piece.uid)
        uids.update(p.uid for p in piece.pages)
    return uids


def eligible(counter: Counter, now: datetime | None = None) -> list[int]:
    """Ids of dossiers whose personal data may leave the counter now."""
    now = now or utcnow()
    cutoff = now - timedelta(days=counter.config.retention_days)
    with counter.sessions() as s:
        purged = exists().where(HistoryRow.dossier_id == DossierRow.id, HistoryRow.action == PURGED)
        rows = s.scalars(
            select(DossierRow).where(
                DossierRow.status.in_(FINISHED), DossierRow.updated_at <= cutoff, ~purged
            )
        ).all()
        out = []
        for d in rows:
            uids = _related_uids(s, d)
            unsent = s.scalar(
                select(OutboxRow.id)
                .where(OutboxRow.entity_uid.in_(uids), OutboxRow.state != "acked")
                .limit(1)
            )
            if unsent is None:
                out.append(d.id)
        return out


def purge(counter: Counter, now: datetime | None = None) -> int:
    """Remove personal data and documents of eligible dossiers; returns how many."""
    count = 0
    for dossier_id in eligible(counter, now):
        try:
            freed = _purge_one(counter, dossier_id)
        except IntegrityError:
            continue  # something else still references a page: keep the dossier
        for sha in freed:
            counter.blobs.delete(sha)
        count += 1
    return count


def _purge_one(counter: Counter, dossier_id: int) -> list[str]:
    with transaction(counter.sessions) as s:
        d = s.get(DossierRow, dossier_id)
        assert d is not None
        shas = {p.blob_sha256 for piece in d.pieces for p in piece.pages}
        piece_ids = [p.id for p in d.pieces]
        if piece_ids:
            s.execute(delete(PageRow).where(PageRow.piece_id.in_(piece_ids)))
        s.flush()
        freed = []
        for sha in shas:
            if s.scalar(select(PageRow.id).where(PageRow.blob_sha256 == sha).limit(1)) is None:
                s.execute(delete(BlobRow).where(BlobRow.sha256 == sha))
                freed.append(sha)
        applicant = d.applicant
        others = s.scalar(
            select(DossierRow.id).where(
                DossierRow.applicant_id == applicant.id,
                DossierRow.id != d.id,
                ~DossierRow.status.in_(FINISHED),
            )
        )
        if others is None:
            _erase_applicant(counter, s, applicant)
        for piece in s.scalars(select(PieceRow).where(PieceRow.dossier_id == d.id)):
            piece.note = ""
        record(s, SYSTEM, d.id, PURGED, pages=len(shas))
        return freed


def _erase_applicant(counter: Counter, s: Session, row: ApplicantRow) -> None:
    for name in ("surname", "given_names", "birth_date"):
        setattr(row, f"{name}_enc", counter.cipher.encrypt("", name))
    row.summary_enc = counter.cipher.encrypt(names.display_line("", "", ""), "summary")
    for name in _OPTIONAL:
        setattr(row, f"{name}_enc", None)
    row.numero_etranger_idx = None
    row.passport_number_idx = None
    row.identity_idx = ""
    s.execute(text("DELETE FROM applicant_search WHERE rowid = :id"), {"id": row.id})
