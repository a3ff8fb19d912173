"""Dossiers: open one for a procedure, read it, list today's, search, and keep its
pieces checklist (add from files, declare missing)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from desk.app import Counter
from desk.capture.sniff import sniff
from desk.domain import dossier as rules
from desk.domain.catalogue import Procedure
from desk.domain.dossier import DossierStatus
from desk.domain.entities import (
    Dossier,
    HistoryEntry,
    Page,
    Piece,
    PieceStatus,
)
from desk.errors import ForbiddenTransition, NotFound, UnsupportedDocument
from desk.security import at_rest, audit
from desk.security.roles import Action, require
from desk.services import applicants
from desk.services.common import SYSTEM, Actor, agent_logins, enqueue, record, utcnow
from desk.store.db import transaction
from desk.store.models import (
    ApplicantRow,
    BlobRow,
    DossierRow,
    HistoryRow,
    PageRow,
    PieceRow,
    SequenceRow,
    new_uid,
)


def _next_sequence(session: Session, name: str) -> int:
    row = session.get(SequenceRow, name, with_for_update=True)
    if row is None:
        row = SequenceRow(name=name, value=0)
        session.add(row)
    row.value += 1
    session.flush()
    return row.value


def open_dossier(counter: Counter, actor: Actor, applicant_id: int, procedure_code: str) -> Dossier:
    """Open a new dossier for ``procedure_code``; its checklist starts with every piece
    of the procedure marked missing."""
    require(actor, Action.CREATE_DOSSIER)
    procedure = counter.catalogue.procedure(procedure_code)
    cfg = counter.config
    now = utcnow()
    with transaction(counter.sessions) as session:
        applicant = session.get(ApplicantRow, applicant_id)
        if applicant is None:
            raise NotFound("applicant", str(applicant_id))
        year = now.astimezone().year
        seq = _next_sequence(session, f"dossier-{year}")
        number = rules.format_number(cfg.prefecture, cfg.counter, year, seq)
        row = DossierRow(
            number=number,
            applicant_id=applicant.id,
            procedure=procedure.code,
            status=DossierStatus.DRAFT.value,
            agent_id=actor.agent_id,
            created_at=now,
            updated_at=now,
        )
        for req in procedure.pieces:
            row.pieces.append(
                PieceRow(code=req.code, status=PieceStatus.MISSING.value, updated_at=now)
            )
        session.add(row)
        session.flush()
        enqueue(session, "dossier", row.uid)
        for piece in row.pieces:  # HQ learns the whole checklist, not only changed pieces
            enqueue(session, "piece", piece.uid)
        record(session, actor, row.id, "dossier_opened", procedure=procedure.code)
        return _to_entity(counter, session, row)


def _load(session: Session, number: str, eager: bool = True) -> DossierRow:
    """The dossier's row; ``eager``: with its pieces and their pages."""
    canonical = rules.normalize_number(number) or number.strip().upper()
    query = select(DossierRow).where(DossierRow.number == canonical)
    if eager:
        query = query.options(selectinload(DossierRow.pieces).selectinload(PieceRow.pages))
    row = session.scalar(query)
    if row is None:
        raise NotFound("dossier", number)
    return row


def get_dossier(counter: Counter, number: str, actor: Actor = SYSTEM) -> Dossier:
    require(actor, Action.VIEW_DOSSIER)
    with transaction(counter.sessions) as session:
        row = _load(session, number)
        audit.append(session, actor, "dossier.view", f"dossier:{row.uid}")
        return _to_entity(counter, session, row)


def _to_entity(counter: Counter, session: Session, row: DossierRow) -> Dossier:
    procedure = counter.catalogue.procedure(row.procedure)
    logins = agent_logins(session)
    pieces = []
    by_code = {p.code: p for p in row.pieces}
    for req in procedure.pieces:
        prow = by_code.get(req.code)
        pages = tuple(
            Page(pg.id, pg.idx, pg.blob_sha256, pg.media_type, pg.width, pg.height, pg.rotation)
            for pg in (prow.pages if prow else [])
        )
        pieces.append(
            Piece(
                code=req.code,
                label=req.label,
                mandatory=req.mandatory,
                status=PieceStatus(prow.status) if prow else PieceStatus.MISSING,
                max_bytes=req.max_bytes,
                pages=pages,
                bytes=sum(pg.size for pg in (prow.pages if prow else [])),
                note=at_rest.open_text(counter.cipher, prow.note, "piece.note") if prow else "",
            )
        )
    history = tuple(
        HistoryEntry(
            h.at,
            logins.get(h.agent_id or -1, str(h.detail.get("agent", ""))),
            h.action,
            at_rest.open_detail(
                counter.cipher, {k: v for k, v in h.detail.items() if k != "agent"}
            ),
        )
        for h in session.scalars(
            select(HistoryRow).where(HistoryRow.dossier_id == row.id).order_by(HistoryRow.id)
        )
    )
    return Dossier(
        id=row.id,
        number=row.number,
        status=DossierStatus(row.status),
        procedure=row.procedure,
        applicant=applicants.to_entity(row.applicant, counter.cipher),
        created_at=row.created_at,
        updated_at=row.updated_at,
        pieces=tuple(pieces),
        history=history,
        deadline=row.deadline,
    )


def present_codes(row: DossierRow) -> set[str]:
    return {p.code for p in row.pieces if p.status == PieceStatus.CAPTURED.value}


def refresh_status(session: Session, actor: Actor, row: DossierRow, procedure: Procedure) -> None:
    """Move the dossier along its life cycle after its checklist changed."""
    _move_status(session, actor, row, procedure, present_codes(row))


def _move_status(
    session: Session, actor: Actor, row: DossierRow, procedure: Procedure, present: set[str]
) -> None:
    complete = not procedure.missing(present)
    current = DossierStatus(row.status)
    target = rules.status_after_pieces(current, complete)
    if target != current:
        row.status = rules.transition(current, target).value
        record(session, actor, row.id, "status_changed", before=current.value, after=target.value)


def _ensure_open(row: DossierRow) -> None:
    if DossierStatus(row.status) not in rules.OPEN_FOR_PIECES:
        raise ForbiddenTransition(row.status, "pieces_changed")


def _piece_row(row: DossierRow, procedure: Procedure, code: str) -> PieceRow:
    if procedure.piece(code) is None:
        raise NotFound("piece", code)
    prow = next((p for p in row.pieces if p.code == code), None)
    if prow is None:  # catalogue gained a piece since the dossier was opened
        prow = PieceRow(code=code, status=PieceStatus.MISSING.value, updated_at=utcnow())
        row.pieces.append(prow)
    return prow


@dataclass(frozen=True)
class StoredPage:
    """A page whose bytes are already durable in the blob store."""

    sha256: str
    media_type: str
    size: int
    width: int | None = None
    height: int | None = None


def add_pages(
    counter: Counter,
    actor: Actor,
    number: str,
    piece_code: str,
    pages: Sequence[StoredPage],
    action: str = "pages_added",
    **detail: object,
) -> tuple[Page, ...]:
    """Attach pages already durable in the blob store to a piece, in one short
    transaction: the page rows, their outbox rows, the history and audit events.

    A scan calls it once per page, so it reads only the dossier row and the piece row
    (not the dossier's other pieces, pages and history) and returns the new pages."""
    require(actor, Action.EDIT_DOSSIER)
    now = utcnow()
    with transaction(counter.sessions) as session:
        row = _load(session, number, eager=False)
        _ensure_open(row)
        procedure = counter.catalogue.procedure(row.procedure)
        if procedure.piece(piece_code) is None:
            raise NotFound("piece", piece_code)
        found = session.execute(
            select(PieceRow, func.max(PageRow.idx))
            .outerjoin(PageRow, PageRow.piece_id == PieceRow.id)
            .where(PieceRow.dossier_id == row.id, PieceRow.code == piece_code)
            .group_by(PieceRow.id)
        ).first()
        prow, last = found if found is not None else (None, None)
        if prow is None:  # catalogue gained a piece since the dossier was opened
            prow = PieceRow(
                dossier_id=row.id, code=piece_code, status=PieceStatus.MISSING.value, updated_at=now
            )
            session.add(prow)
            session.flush()
        start = -1 if last is None else last
        if pages:  # a blob already known (the same page stored twice) keeps its row
            session.execute(
                sqlite_insert(BlobRow).on_conflict_do_nothing(),
                [
                    {
                        "sha256": p.sha256,
                        "size": p.size,
                        "media_type": p.media_type,
                        "created_at": now,
                    }
                    for p in pages
                ],
            )
        added = [
            PageRow(
                uid=new_uid(),  # known now: the outbox rows need no flush first
                piece_id=prow.id,
                idx=i,
                blob_sha256=page.sha256,
                media_type=page.media_type,
                width=page.width,
                height=page.height,
                rotation=0,
                size=page.size,
                created_at=now,
            )
            for i, page in enumerate(pages, start=start + 1)
        ]
        session.add_all(added)
        has_pages = last is not None or bool(added)
        prow.status = PieceStatus.CAPTURED.value if has_pages else PieceStatus.MISSING.value
        prow.updated_at = row.updated_at = now
        for page_row in added:
            enqueue(session, "page", page_row.uid)
        enqueue(session, "piece", prow.uid)
        # record() flushes all of it at once
        record(session, actor, row.id, action, piece=piece_code, pages=len(pages), **detail)
        present = session.scalars(
            select(PieceRow.code).where(
                PieceRow.dossier_id == row.id, PieceRow.status == PieceStatus.CAPTURED.value
            )
        )
        _move_status(session, actor, row, procedure, set(present))
        enqueue(session, "dossier", row.uid)
        return tuple(
            Page(p.id, p.idx, p.blob_sha256, p.media_type, p.width, p.height, p.rotation)
            for p in added
        )


def attach_pages(
    counter: Counter,
    actor: Actor,
    number: str,
    piece_code: str,
    pages: Sequence[StoredPage],
    action: str = "pages_added",
    **detail: object,
) -> Dossier:
    """:func:`add_pages`, then the dossier as it now is."""
    add_pages(counter, actor, number, piece_code, pages, action, **detail)
    with transaction(counter.sessions) as session:
        return _to_entity(counter, session, _load(session, number))


def add_piece_from_files(
    counter: Counter, actor: Actor, number: str, piece_code: str, files: Sequence[Path]
) -> Dossier:
    """Add files (PDF, JPEG, PNG, TIFF — recognised by content) to a piece. Every file is
    checked before anything is stored: one bad file refuses them all, and the dossier
    is unchanged."""
    require(actor, Action.EDIT_DOSSIER)
    contents = []
    for path in files:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise UnsupportedDocument(
                f"cannot read {path}: {exc}", reason="unreadable", name=str(path)
            ) from exc
        contents.append((data, sniff(data, Path(path).name)))
    get_dossier(counter, number)  # refuse an unknown dossier before storing blobs
    stored = [
        StoredPage(counter.blobs.put(data), info.media_type, len(data), info.width, info.height)
        for data, info in contents
    ]
    return attach_pages(
        counter,
        actor,
        number,
        piece_code,
        stored,
        action="piece_imported",
        files=[Path(f).name for f in files],
    )


def declare_piece_missing(
    counter: Counter, actor: Actor, number: str, piece_code: str, note: str = ""
) -> Dossier:
    """The applicant does not have this piece: note it (it stays on the missing list)."""
    require(actor, Action.EDIT_DOSSIER)
    with transaction(counter.sessions) as session:
        row = _load(session, number)
        _ensure_open(row)
        procedure = counter.catalogue.procedure(row.procedure)
        prow = _piece_row(row, procedure, piece_code)
        prow.pages.clear()
        prow.status = PieceStatus.DECLARED_MISSING.value
        prow.note = at_rest.seal_text(counter.cipher, note.strip()[:500], "piece.note")
        prow.updated_at = row.updated_at = utcnow()
        session.flush()
        enqueue(session, "piece", prow.uid)
        record(
            session, actor, row.id, "piece_declared_missing", piece=piece_code, note=note.strip()
        )
        refresh_status(session, actor, row, procedure)
        enqueue(session, "dossier", row.uid)
        return _to_entity(counter, session, row)


# today's list and search live in desk.services.search; re-exported for callers
from desk.services.search import search_dossiers, todays_dossiers  # noqa: E402, F401
