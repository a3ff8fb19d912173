"""Filing use cases: record an online filing (ANEF), request missing pieces, enter
timbres fiscaux, and read where a dossier stands (completeness, deadlines, fees).
The substitution deposit lives in desk.services.substitution.

Each use case writes the dossier's history and the outbox in the same transaction as
the change; state changes go through desk.domain.dossier.transition."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from desk.app import Counter
from desk.domain import filing as rules
from desk.domain.dossier import DossierStatus, transition
from desk.domain.entities import FilingKind
from desk.domain.fees import FeeLine
from desk.errors import InvalidField, InvalidIdentifier, Refused
from desk.filing.anef import anef_settings, pdf_text
from desk.security.roles import Action, require
from desk.services import applicants
from desk.services.common import SYSTEM, Actor, enqueue, record, utcnow
from desk.services.dossiers import _load, present_codes
from desk.store.db import transaction
from desk.store.models import BlobRow, DossierRow, FilingRow, SubstitutionRow, TimbreRow


@dataclass(frozen=True)
class FilingOutcome:
    """What a filing use case did, for the window and the command line."""

    dossier: str
    kind: FilingKind
    status: DossierStatus
    at: datetime
    agent: str
    anef_number: str | None = None
    received_on: date | None = None
    implicit_decision_on: date | None = None  # R.432-2, complete filings only
    missing: tuple[str, ...] = ()
    deadline: date | None = None  # CRPA L.114-5, incomplete dossiers only
    overridden: tuple[str, ...] = ()
    pieces_added: tuple[str, ...] = ()


def local_today(now: datetime) -> date:
    return now.astimezone().date()


def store_blob(session: Session, sha: str, size: int, media_type: str, now: datetime) -> None:
    """The blob row of a blob already durable in the blob store."""
    if session.get(BlobRow, sha) is None:
        session.add(BlobRow(sha256=sha, size=size, media_type=media_type, created_at=now))


def step_to(session: Session, actor: Actor, row: DossierRow, target: DossierStatus) -> None:
    """Move the dossier to ``target`` through the life cycle (a draft asked for pieces
    first starts collecting)."""
    current = DossierStatus(row.status)
    if current == target:
        return
    if current == DossierStatus.DRAFT and target == DossierStatus.INCOMPLETE:
        step_to(session, actor, row, DossierStatus.COLLECTING)
        current = DossierStatus.COLLECTING
    row.status = transition(current, target).value
    record(session, actor, row.id, "status_changed", before=current.value, after=target.value)


def request_pieces(
    session: Session, actor: Actor, counter: Counter, row: DossierRow, now: datetime
) -> rules.Completeness:
    """Put an incomplete dossier in "awaiting pieces" with its missing list and deadline
    (CRPA L.114-5); keeps the deadline already set if it was awaiting pieces."""
    procedure = counter.catalogue.procedure(row.procedure)
    c = rules.completeness(
        procedure, present_codes(row), local_today(now), counter.config.pieces_deadline_days
    )
    if c.complete:
        raise Refused("nothing_missing", f"dossier {row.number} is complete")
    if row.status == DossierStatus.INCOMPLETE and row.deadline is not None:
        return rules.Completeness(False, c.missing, row.deadline)
    step_to(session, actor, row, DossierStatus.INCOMPLETE)
    row.deadline = c.deadline
    row.updated_at = now
    filing = FilingRow(
        dossier_id=row.id,
        kind=FilingKind.INCOMPLETE.value,
        at=now,
        agent_id=actor.agent_id,
        detail={"missing": c.missing_codes, "deadline": str(c.deadline)},
    )
    session.add(filing)
    session.flush()
    enqueue(session, "filing", filing.uid)
    enqueue(session, "dossier", row.uid)
    record(
        session,
        actor,
        row.id,
        "pieces_requested",
        missing=c.missing_codes,
        deadline=str(c.deadline),
        rule=rules.CRPA_L114_5,
    )
    return c


def file_incomplete(
    counter: Counter, actor: Actor, number: str, now: datetime | None = None
) -> FilingOutcome:
    """The dossier lacks mandatory pieces: status "awaiting pieces", the missing list
    and the deadline (a demande de pièces complémentaires can be printed from it)."""
    require(actor, Action.EDIT_DOSSIER)
    now = now or utcnow()
    with transaction(counter.sessions) as session:
        row = _load(session, number)
        c = request_pieces(session, actor, counter, row, now)
        return FilingOutcome(
            row.number,
            FilingKind.INCOMPLETE,
            DossierStatus(row.status),
            now,
            actor.login,
            missing=tuple(c.missing_codes),
            deadline=c.deadline,
        )


def check_attestation(
    counter: Counter, number: str, attestation: bytes, anef_number: str | None
) -> rules.AttestationCheck:
    """Read an attestation de dépôt and compare it with the dossier's applicant and the
    number typed by the agent; never raises on a mismatch (the window shows it)."""
    settings = anef_settings(counter.config)
    text = pdf_text(attestation)
    with counter.sessions() as session:
        a = applicants.to_entity(_load(session, number).applicant, counter.cipher)
    return rules.cross_check_attestation(
        text,
        anef_number,
        a.surname,
        a.given_names,
        settings.number_pattern,
        settings.label_pattern,
    )


def file_online(
    counter: Counter,
    actor: Actor,
    number: str,
    anef_number: str | None,
    attestation: bytes | None = None,
    now: datetime | None = None,
) -> FilingOutcome:
    """Record the online filing made with the applicant: ANEF number, date, time and
    agent. With the attestation de dépôt PDF, its number and the applicant's name are
    cross-checked; a mismatch is refused (reason attestation_*_mismatch)."""
    require(actor, Action.EDIT_DOSSIER)
    now = now or utcnow()
    settings = anef_settings(counter.config)
    if anef_number:
        check = rules.check_anef_number(anef_number, settings.number_pattern)
        if not check.valid:
            raise InvalidIdentifier("anef-number", anef_number, check.message, field="anef_number")
        anef_number = check.normalized
    sha = None
    if attestation is not None:
        verdict = check_attestation(counter, number, attestation, anef_number)
        if not verdict.ok:
            raise Refused(
                verdict.mismatches[0],
                f"attestation does not match dossier {number}: {', '.join(verdict.mismatches)}",
                mismatches=list(verdict.mismatches),
                found=verdict.anef_number,
            )
        anef_number = verdict.anef_number
        sha = counter.blobs.put(attestation)
    if not anef_number:
        raise InvalidField("anef_number", "required")
    with transaction(counter.sessions) as session:
        row = _load(session, number)
        procedure = counter.catalogue.procedure(row.procedure)
        if not procedure.anef:
            raise Refused("procedure_not_online", f"{procedure.code} is not filed online")
        other = session.scalar(
            select(FilingRow).where(
                FilingRow.reference == anef_number,
                FilingRow.kind == FilingKind.ONLINE.value,
                FilingRow.dossier_id != row.id,
            )
        )
        if other is not None:
            raise Refused("anef_number_used", f"ANEF number {anef_number} already recorded")
        step_to(session, actor, row, DossierStatus.FILED_ONLINE)
        received = local_today(now)
        decision = rules.decision_date(received, complete=True)
        if sha is not None:
            store_blob(session, sha, len(attestation or b""), "application/pdf", now)
        filing = FilingRow(
            dossier_id=row.id,
            kind=FilingKind.ONLINE.value,
            at=now,
            agent_id=actor.agent_id,
            reference=anef_number,
            detail={
                "attestation_sha256": sha,
                "implicit_decision_on": str(decision),
                "pieces": sorted(present_codes(row)),
            },
        )
        session.add(filing)
        row.deadline = None
        row.updated_at = now
        session.flush()
        enqueue(session, "filing", filing.uid)
        enqueue(session, "dossier", row.uid)
        record(
            session,
            actor,
            row.id,
            "filed_online",
            anef_number=anef_number,
            attestation=sha is not None,
            pieces=sorted(present_codes(row)),
            implicit_decision_on=str(decision),
        )
        return FilingOutcome(
            row.number,
            FilingKind.ONLINE,
            DossierStatus(row.status),
            now,
            actor.login,
            anef_number=anef_number,
            received_on=received,
            implicit_decision_on=decision,
        )


def add_timbre(
    counter: Counter, actor: Actor, number: str, timbre: str, now: datetime | None = None
) -> list[str]:
    """Enter a timbre fiscal électronique for the dossier; refused if malformed (exit 2)
    or already used on another dossier of this counter (exit 1). Returns the dossier's
    timbres."""
    require(actor, Action.EDIT_DOSSIER)
    now = now or utcnow()
    fmt = rules.check_new_timbre(timbre, False)
    if not fmt.valid:
        raise InvalidIdentifier("timbre", timbre, fmt.message, field="timbre")
    try:
        with transaction(counter.sessions) as session:
            row = _load(session, number)
            used = session.scalar(select(TimbreRow).where(TimbreRow.number == fmt.normalized))
            if used is not None and used.dossier_id != row.id:
                raise Refused("timbre_already_used", f"timbre {fmt.normalized} already used")
            if used is None:
                t = TimbreRow(
                    number=fmt.normalized, dossier_id=row.id, agent_id=actor.agent_id, added_at=now
                )
                session.add(t)
                session.flush()
                enqueue(session, "timbre", t.uid)
                record(session, actor, row.id, "timbre_added", timbre=fmt.normalized)
            return _timbres(session, row.id)
    except IntegrityError as exc:  # another workstation entered it at the same moment
        raise Refused("timbre_already_used", f"timbre {fmt.normalized} already used") from exc


def _timbres(session: Session, dossier_id: int) -> list[str]:
    return list(
        session.scalars(
            select(TimbreRow.number)
            .where(TimbreRow.dossier_id == dossier_id)
            .order_by(TimbreRow.id)
        )
    )


@dataclass(frozen=True)
class FilingStatus:
    """Where a dossier stands: what the completeness / deadlines / fees panel shows."""

    number: str
    status: DossierStatus
    procedure: str
    anef: bool
    anef_url: str
    complete: bool
    missing: tuple[tuple[str, str], ...]  # (code, label)
    deadline: date | None
    fees: tuple[FeeLine, ...]
    fees_total_eur: int
    renewal_status: str | None  # too_early | on_time | late | expired
    renewal_opens: date | None
    renewal_closes: date | None
    timbres: tuple[str, ...]
    filings: tuple[dict[str, object], ...]
    implicit_decision_on: date | None


def filing_status(
    counter: Counter, number: str, today: date | None = None, actor: Actor = SYSTEM
) -> FilingStatus:
    require(actor, Action.VIEW_DOSSIER)
    today = today or date.today()
    with counter.sessions() as session:
        row = _load(session, number)
        procedure = counter.catalogue.procedure(row.procedure)
        applicant = applicants.to_entity(row.applicant, counter.cipher)
        present = present_codes(row)
        missing = procedure.missing(present)
        fees = rules.fees_due(counter.catalogue.fees, procedure, today, applicant.permit_expiry)
        filings = session.scalars(
            select(FilingRow).where(FilingRow.dossier_id == row.id).order_by(FilingRow.id)
        ).all()
        decision = _decision_of(session, row, filings)
        return FilingStatus(
            row.number,
            DossierStatus(row.status),
            procedure.code,
            procedure.anef,
            procedure.anef_url or anef_settings(counter.config).default_url,
            not missing,
            tuple((p.code, p.label) for p in missing),
            row.deadline,
            fees.lines,
            fees.total_eur,
            fees.renewal.status.value if fees.renewal else None,
            fees.renewal.opens if fees.renewal else None,
            fees.renewal.closes if fees.renewal else None,
            tuple(_timbres(session, row.id)),
            tuple(
                {"kind": f.kind, "at": f.at, "reference": f.reference, **f.detail} for f in filings
            ),
            decision,
        )


def _decision_of(session: Session, row: DossierRow, filings: Sequence[FilingRow]) -> date | None:
    if row.status not in (DossierStatus.FILED_ONLINE, DossierStatus.DEPOSITED):
        return None
    for f in reversed(filings):
        if f.kind == FilingKind.ONLINE:
            return rules.decision_date(local_today(f.at), True)
        if f.kind == FilingKind.SUBSTITUTION:
            sub = session.scalar(select(SubstitutionRow).where(SubstitutionRow.filing_id == f.id))
            if sub is not None and sub.complete:
                return rules.decision_date(sub.received_on, True)
    return None


@dataclass(frozen=True)
class FollowUp:
    number: str
    surname: str
    given_names: str
    procedure: str
    deadline: date | None
    overdue: bool
    missing: tuple[str, ...]


def follow_up(counter: Counter, today: date | None = None, actor: Actor = SYSTEM) -> list[FollowUp]:
    """Every dossier awaiting pieces, soonest deadline first."""
    require(actor, Action.VIEW_DOSSIER)
    today = today or date.today()
    with counter.sessions() as session:
        rows = session.scalars(
            select(DossierRow)
            .where(DossierRow.status == DossierStatus.INCOMPLETE.value)
            .options(selectinload(DossierRow.applicant), selectinload(DossierRow.pieces))
            .order_by(DossierRow.deadline.is_(None), DossierRow.deadline, DossierRow.id)
        ).all()
        out = []
        for r in rows:
            a = applicants.to_entity(r.applicant, counter.cipher)
            procedure = counter.catalogue.procedure(r.procedure)
            missing = tuple(p.code for p in procedure.missing(present_codes(r)))
            out.append(
                FollowUp(
                    r.number,
                    a.surname,
                    a.given_names,
                    r.procedure,
                    r.deadline,
                    r.deadline is not None and r.deadline < today,
                    missing,
                )
            )
        return out
