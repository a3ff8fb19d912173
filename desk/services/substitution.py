"""The substitution deposit (arrêté of 1 August 2023): check the rules
(desk.domain.substitution), store the proof scan and the e-mail's attachments as
pieces, and register the application — deposited when complete, else awaiting pieces
with the missing list and a deadline. Refused requests leave nothing behind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from desk.app import Counter
from desk.capture.sniff import sniff
from desk.domain import filing as rules
from desk.domain import substitution as sub
from desk.domain.dossier import OPEN_FOR_PIECES, DossierStatus
from desk.domain.entities import FilingKind, PieceStatus
from desk.domain.names import fold
from desk.errors import ForbiddenTransition, Refused, UnsupportedDocument
from desk.filing.eml import ImportedEmail, parse_eml
from desk.security.roles import Action, require
from desk.services import applicants
from desk.services.common import Actor, enqueue, record, utcnow
from desk.services.dossiers import _load, present_codes, refresh_status
from desk.services.filing import FilingOutcome, local_today, request_pieces, step_to, store_blob
from desk.store.blobs import sha256_hex
from desk.store.db import transaction
from desk.store.models import DossierRow, FilingRow, PageRow, PieceRow, SubstitutionRow

#: pieces outside the procedure's catalogue that a substitution deposit adds
PROOF_PIECE = "preuve-substitution"
EMAIL_PIECE = "courriel-pieces-jointes"


@dataclass(frozen=True)
class SubstitutionInput:
    mode: str  # counter | post | email
    proof_kind: str | None  # ccc | prefecture
    proof_reference: str = ""
    proof_date: date | None = None
    proof_scan: Path | None = None
    reason: str | None = None
    reason_text: str = ""
    post: sub.PostDetails | None = None
    eml: Path | None = None
    override_justification: str = ""
    evidence: tuple[Path, ...] = field(default=())  # optional screenshots of the ANEF error


@dataclass(frozen=True)
class _File:
    name: str
    data: bytes
    media_type: str
    width: int | None
    height: int | None


def _read(path: Path) -> _File:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UnsupportedDocument(
            f"cannot read {path}: {exc}", reason="unreadable", name=str(path)
        ) from exc
    info = sniff(data, Path(path).name)
    return _File(Path(path).name, data, info.media_type, info.width, info.height)


def _slot_of(name: str, codes: dict[str, str]) -> str:
    """The catalogue piece an e-mail attachment is for, by its file name (its code or
    its online-form slot), else the e-mail's own piece."""
    stem = fold(Path(name).stem).replace(" ", "-")
    for key, code in codes.items():
        if stem == key or stem.startswith(key + "-") or stem.startswith(key + "_"):
            return code
    return EMAIL_PIECE


def _add_pages(
    session: Session, row: DossierRow, code: str, files: list[_File], now: datetime
) -> PieceRow:
    prow = next((p for p in row.pieces if p.code == code), None)
    if prow is None:
        prow = PieceRow(code=code, status=PieceStatus.MISSING.value, updated_at=now)
        row.pieces.append(prow)
    start = max((p.idx for p in prow.pages), default=-1) + 1
    for i, f in enumerate(files):
        sha = sha256_hex(f.data)
        store_blob(session, sha, len(f.data), f.media_type, now)
        prow.pages.append(
            PageRow(
                idx=start + i,
                blob_sha256=sha,
                media_type=f.media_type,
                width=f.width,
                height=f.height,
                size=len(f.data),
                created_at=now,
            )
        )
    prow.status = PieceStatus.CAPTURED.value
    prow.updated_at = now
    session.flush()
    for page in prow.pages[start:]:
        enqueue(session, "page", page.uid)
    enqueue(session, "piece", prow.uid)
    return prow


def _assess(
    counter: Counter, number: str, data: SubstitutionInput, email: ImportedEmail | None, today: date
) -> sub.Decision:
    cfg = counter.config
    with counter.sessions() as session:
        row = _load(session, number)
        if DossierStatus(row.status) not in OPEN_FOR_PIECES:
            raise ForbiddenTransition(row.status, DossierStatus.DEPOSITED.value)
        procedure = counter.catalogue.procedure(row.procedure)
        applicant = applicants.to_entity(row.applicant, counter.cipher)
    proof = None
    if data.proof_kind:
        proof = sub.Proof(
            data.proof_kind, data.proof_reference, data.proof_date, data.proof_scan is not None
        )
    return sub.assess(
        sub.SubstitutionRequest(
            procedure_online=procedure.anef,
            mode=data.mode,
            proof=proof,
            reason=data.reason,
            reason_text=data.reason_text,
            postal_code=applicant.postal_code,
            site_departement=cfg.departement,
            post_offered=cfg.substitution_post,
            email_offered=bool(cfg.substitution_email),
            today=today,
            post=data.post,
            has_email=email is not None,
            override_justification=data.override_justification,
        )
    )


def file_substitution(
    counter: Counter,
    actor: Actor,
    number: str,
    data: SubstitutionInput,
    now: datetime | None = None,
) -> FilingOutcome:
    """Register an application by the substitution solution, or refuse it
    (Refused(reason) with every failed rule in ``refusals``)."""
    now = now or utcnow()
    today = local_today(now)
    require(actor, Action.EDIT_DOSSIER)
    if data.override_justification.strip():
        require(actor, Action.OVERRIDE_DEPARTEMENT)
    # every file is checked before anything is stored
    proof_file = _read(data.proof_scan) if data.proof_scan else None
    evidence = [_read(p) for p in data.evidence]
    email = eml_raw = None
    if data.eml is not None:
        eml_raw = _read_eml(data.eml)
        email = parse_eml(eml_raw, Path(data.eml).name)
    decision = _assess(counter, number, data, email, today)
    if not decision.allowed:
        raise Refused(
            decision.refusals[0],
            f"substitution refused: {', '.join(decision.refusals)}",
            refusals=list(decision.refusals),
            texts=list(decision.texts),
        )
    files = [f for f in [proof_file, *evidence] if f is not None]
    attachments = [
        _File(a.name, a.data, a.media_type, a.width, a.height)
        for a in (email.attachments if email else ())
    ]
    for f in files + attachments:
        counter.blobs.put(f.data)  # durable before the rows that reference them
    eml_sha = counter.blobs.put(eml_raw) if eml_raw is not None else None
    received = _received_on(data, email, today)
    with transaction(counter.sessions) as session:
        row = _load(session, number)
        procedure = counter.catalogue.procedure(row.procedure)
        added: list[str] = []
        if proof_file:
            _add_pages(session, row, PROOF_PIECE, [proof_file, *evidence], now)
            added.append(PROOF_PIECE)
        slots = {fold(p.code): p.code for p in procedure.pieces}
        slots |= {fold(p.anef_slot).replace(" ", "-"): p.code for p in procedure.pieces}
        by_piece: dict[str, list[_File]] = {}
        for a in attachments:
            by_piece.setdefault(_slot_of(a.name, slots), []).append(a)
        for code, group in by_piece.items():
            _add_pages(session, row, code, group, now)
            added.append(code)
        if eml_sha is not None:
            store_blob(session, eml_sha, len(eml_raw or b""), "message/rfc822", now)
        if added:
            record(session, actor, row.id, "substitution_pieces_added", pieces=added)
        refresh_status(session, actor, row, procedure)
        complete = not procedure.missing(present_codes(row))
        filing = FilingRow(
            dossier_id=row.id,
            kind=FilingKind.SUBSTITUTION.value,
            at=now,
            agent_id=actor.agent_id,
            reference=data.proof_reference.strip()[:64],
            detail={"mode": data.mode, "complete": complete},
        )
        session.add(filing)
        session.flush()
        srow = _substitution_row(counter, actor, row, filing, data, decision, received)
        srow.proof_blob = sha256_hex(proof_file.data) if proof_file else None
        srow.eml_blob = eml_sha
        srow.complete = complete
        if email is not None:
            srow.email_sender_enc = counter.cipher.encrypt(email.sender, "email_sender")
            srow.email_date = email.date
        session.add(srow)
        session.flush()
        enqueue(session, "filing", filing.uid)
        enqueue(session, "substitution", srow.uid)
        record(
            session,
            actor,
            row.id,
            "substitution_registered",
            mode=data.mode,
            proof=data.proof_kind,
            proof_ref=data.proof_reference.strip(),
            proof_date=str(data.proof_date),
            reason=data.reason,
            received_on=str(received),
            residence_departement=decision.residence_departement,
            overridden=list(decision.overridden),
            pieces=sorted(present_codes(row)),
            rule=sub.ARRETE_2023,
        )
        if decision.overridden:
            record(
                session,
                actor,
                row.id,
                "supervisor_override",
                overridden=list(decision.overridden),
                justification=True,
            )
        missing: tuple[str, ...] = ()
        deadline = decision_on = None
        if complete:
            step_to(session, actor, row, DossierStatus.DEPOSITED)
            row.deadline = None
            decision_on = rules.decision_date(received, True)
        else:
            c = request_pieces(session, actor, counter, row, now)
            missing, deadline = tuple(c.missing_codes), c.deadline
        row.updated_at = now
        enqueue(session, "dossier", row.uid)
        return FilingOutcome(
            row.number,
            FilingKind.SUBSTITUTION,
            DossierStatus(row.status),
            now,
            actor.login,
            received_on=received,
            implicit_decision_on=decision_on,
            missing=missing,
            deadline=deadline,
            overridden=decision.overridden,
            pieces_added=tuple(added),
        )


def _read_eml(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UnsupportedDocument(
            f"cannot read {path}: {exc}", reason="unreadable", name=str(path)
        ) from exc


def _received_on(data: SubstitutionInput, email: ImportedEmail | None, today: date) -> date:
    """The date the préfecture received the application: today at the counter, the
    reception date of a letter, the sending date of an e-mail."""
    if data.mode == sub.Mode.POST and data.post is not None and data.post.received:
        return data.post.received
    if data.mode == sub.Mode.EMAIL and email is not None and email.date is not None:
        return min(email.date.astimezone().date(), today)
    return today


def _substitution_row(
    counter: Counter,
    actor: Actor,
    row: DossierRow,
    filing: FilingRow,
    data: SubstitutionInput,
    decision: sub.Decision,
    received: date,
) -> SubstitutionRow:
    enc = counter.cipher.encrypt
    post = data.post if data.mode == sub.Mode.POST else None
    return SubstitutionRow(
        filing_id=filing.id,
        dossier_id=row.id,
        mode=data.mode,
        received_on=received,
        proof_kind=data.proof_kind or "",
        proof_reference=data.proof_reference.strip()[:128],
        proof_date=data.proof_date,
        reason=data.reason or "",
        reason_text_enc=enc(data.reason_text.strip()[: sub.REASON_TEXT_MAX] or None, "reason_text"),
        residence_departement=decision.residence_departement,
        post_received=post.received if post else None,
        post_postmark=post.postmark if post else None,
        post_registered_number=post.registered_letter.strip()[:64] if post else None,
        override_justification_enc=enc(
            data.override_justification.strip()[:1000] or None, "override_justification"
        ),
        override_agent_id=actor.agent_id if decision.overridden else None,
    )
