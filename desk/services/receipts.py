"""Receipts of a dossier: issue one (the kind its state calls for), reprint it as a
duplicata, print it on the counter's printer. Every issue and reprint is recorded in
the dossier's history (and the outbox, for HQ).

The receipts table keeps no personal data in clear: a snapshot of what was printed
without the applicant's identity, which is read back (decrypted) on reprint.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.app import Counter
from desk.domain import dossier as rules
from desk.domain.deadlines import add_months, implicit_decision_date
from desk.domain.dossier import DossierStatus
from desk.domain.entities import PieceStatus
from desk.errors import NotFound, Refused
from desk.messages import WHAT, register
from desk.receipts.data import ReceiptData, ReceiptKind
from desk.receipts.keys import SigningKey, load_or_create_signing_key
from desk.security.roles import Action, require
from desk.services import applicants
from desk.services.common import Actor, enqueue, record, utcnow
from desk.services.dossiers import _load, _next_sequence
from desk.store.db import transaction
from desk.store.models import DossierRow, FilingRow, ReceiptRow, SubstitutionRow

K = ReceiptKind
S = DossierStatus

register(
    reasons={
        "no_receipt_for_status": "Ce dossier n'a pas encore été déposé : aucun reçu à délivrer.",
        "no_online_filing": "Aucun dépôt en ligne n'est enregistré pour ce dossier.",
        "receipt_not_received": "Ce dossier n'a pas été reçu par la préfecture.",
        "recepisse_needs_complete_deposit": "Un récépissé n'est délivré que pour un dossier "
        "complet déposé à la préfecture.",
        "receipt_nothing_missing": "Aucune pièce ne manque à ce dossier.",
        "receipt_language": "Langue non disponible pour les reçus.",
    }
)

WHAT.setdefault("receipt", "reçu")

#: the kind a dossier's state calls for
DEFAULT_KIND = {
    S.FILED_ONLINE: K.ACCOMPAGNEMENT,
    S.DEPOSITED: K.ACCUSE_RECEPTION,
    S.INCOMPLETE: K.PIECES_COMPLEMENTAIRES,
}


@functools.cache
def settings() -> dict[str, Any]:
    from desk.paths import resource_path

    with open(resource_path("receipts", "settings.toml"), "rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class IssuedReceipt:
    number: str
    dossier: str
    kind: ReceiptKind
    lang: str
    issued_at: datetime
    copy: int  # 0 original, k = DUPLICATA n° k
    pdf: bytes
    payload: str

    def summary(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "dossier": self.dossier,
            "kind": self.kind.value,
            "lang": self.lang,
            "issued_at": self.issued_at.isoformat(),
            "copy": self.copy,
        }


def signing_key(counter: Counter) -> SigningKey:
    cfg = counter.config
    return load_or_create_signing_key(counter.home.keys, f"{cfg.prefecture}-{cfg.counter:02d}")


def receipt_number(session: Session, counter: Counter, year: int) -> str:
    """R-PPP-CC-YYYY-NNNNNN-K: unique per counter and year, with a check letter."""
    cfg = counter.config
    seq = _next_sequence(session, f"receipt-{year}")
    body = f"R-{rules.prefecture_code(cfg.prefecture)}-{cfg.counter:02d}-{year:04d}-{seq:06d}"
    return f"{body}-{rules.check_letter(body)}"


_RECEIPT_RE = re.compile(
    r"^R-?(?P<pref>[0-9][0-9AB][0-9])-?(?P<counter>\d{2})-?(?P<year>\d{4})-?(?P<seq>\d{6})-?(?P<check>[A-Z])$"
)


def normalize_receipt_number(text: str) -> str | None:
    """Canonical form of a receipt number typed or scanned (R-075-03-2026-000042-K),
    or None if it is not one (wrong shape or check letter)."""
    m = _RECEIPT_RE.match(re.sub(r"[\s_.]", "", text.upper()))
    if not m:
        return None
    body = f"R-{m['pref']}-{m['counter']}-{m['year']}-{m['seq']}"
    return f"{body}-{m['check']}" if rules.check_letter(body) == m["check"] else None


def _filings(session: Session, row: DossierRow) -> list[FilingRow]:
    return list(
        session.scalars(
            select(FilingRow).where(FilingRow.dossier_id == row.id).order_by(FilingRow.id)
        )
    )


def default_kind(status: DossierStatus) -> ReceiptKind:
    kind = DEFAULT_KIND.get(status)
    if kind is None:
        raise Refused("no_receipt_for_status", f"no receipt for a dossier in state {status}")
    return kind


def _snapshot(
    counter: Counter, session: Session, row: DossierRow, kind: ReceiptKind, actor: Actor
) -> dict[str, Any]:
    """What the receipt prints about the dossier, without the applicant's identity."""
    procedure = counter.catalogue.procedure(row.procedure)
    status = DossierStatus(row.status)
    present = {p.code for p in row.pieces if p.status == PieceStatus.CAPTURED.value}
    labels = {p.code: p.label for p in procedure.pieces}
    pieces = [labels.get(c, c) for c in (p.code for p in procedure.pieces) if c in present]
    missing = [p.label for p in procedure.missing(present)]
    filings = _filings(session, row)
    online = next((f for f in reversed(filings) if f.kind == "online"), None)
    deposit = next((f for f in reversed(filings) if f.kind == "substitution"), None) or next(
        (f for f in filings if f.kind != "online"), None
    )
    today = utcnow().astimezone().date()
    received = deposit.at.astimezone().date() if deposit else today
    if deposit is not None:  # by post or e-mail, the day the préfecture received it
        sub = session.scalar(select(SubstitutionRow).where(SubstitutionRow.filing_id == deposit.id))
        received = sub.received_on if sub is not None else received
    complete = not missing
    snap: dict[str, Any] = {"procedure": procedure.label, "pieces": pieces, "missing": missing}
    if kind == K.ACCOMPAGNEMENT:
        if online is None and status != S.FILED_ONLINE:
            raise Refused("no_online_filing")
        snap["anef_number"] = (online.reference if online else "") or ""
        snap["filed_on"] = (online.at.astimezone().date() if online else today).isoformat()
        uploaded = online.detail.get("pieces") if online else None
        if isinstance(uploaded, list):
            snap["pieces"] = [labels.get(str(c), str(c)) for c in uploaded]
        return snap
    if kind == K.PIECES_COMPLEMENTAIRES:
        if not missing:
            raise Refused("receipt_nothing_missing")
        deadline = row.deadline or received + timedelta(days=counter.config.pieces_deadline_days)
        snap.update(received_on=received.isoformat(), pieces_deadline=deadline.isoformat())
        return snap
    if status not in (S.DEPOSITED, S.INCOMPLETE, S.CLOSED) and deposit is None:
        raise Refused("receipt_not_received")
    if kind == K.RECEPISSE and not (complete and status == S.DEPOSITED):
        raise Refused("recepisse_needs_complete_deposit")
    implicit = implicit_decision_date(received, complete)
    snap.update(
        received_on=received.isoformat(),
        implicit_decision_on=implicit.isoformat() if implicit else None,
    )
    if kind == K.RECEPISSE:
        rc = settings()["recepisse"]
        snap.update(
            valid_until=(add_months(received, int(rc["months"])) - timedelta(days=1)).isoformat(),
            work_allowed=row.procedure in rc["work_allowed"],
            agent_name=actor.display_name or actor.login,
        )
    return snap


def _data(
    counter: Counter, row: DossierRow, receipt: ReceiptRow, snap: dict[str, Any], copy: int
) -> ReceiptData:
    applicant = applicants.to_entity(row.applicant, counter.cipher)

    def day(key: str) -> date | None:
        value = snap.get(key)
        return date.fromisoformat(value) if value else None

    return ReceiptData(
        kind=ReceiptKind(receipt.kind),
        number=receipt.number,
        dossier=row.number,
        issued_at=receipt.issued_at,
        surname=applicant.surname,
        given_names=applicant.given_names,
        birth_date=applicant.birth_date,
        procedure=str(snap["procedure"]),
        site=counter.config.identity,
        received_on=day("received_on"),
        implicit_decision_on=day("implicit_decision_on"),
        pieces=tuple(snap.get("pieces", ())),
        missing=tuple(snap.get("missing", ())),
        pieces_deadline=day("pieces_deadline"),
        anef_number=str(snap.get("anef_number", "")),
        filed_on=day("filed_on"),
        valid_until=day("valid_until"),
        work_allowed=bool(snap.get("work_allowed", False)),
        agent_name=str(snap.get("agent_name", "")),
        lang=receipt.lang,
        copy=copy,
    )


def issue_receipt(
    counter: Counter,
    actor: Actor,
    number: str,
    kind: ReceiptKind | str | None = None,
    lang: str = "fr",
) -> IssuedReceipt:
    """Issue a new receipt for dossier ``number`` (default kind: its state's), record it
    and return its PDF."""
    # reportlab and the fonts load with the first receipt, not with the working page
    from desk.receipts.render import languages, render_receipt

    require(actor, Action.PRINT)
    if lang not in languages():
        raise Refused("receipt_language", f"no receipt texts in {lang!r}", lang=lang)
    key = signing_key(counter)
    now = utcnow().replace(second=0, microsecond=0)
    with transaction(counter.sessions) as session:
        row = _load(session, number)
        chosen = ReceiptKind(kind) if kind else default_kind(DossierStatus(row.status))
        snap = _snapshot(counter, session, row, chosen, actor)
        receipt = ReceiptRow(
            number=receipt_number(session, counter, now.astimezone().year),
            dossier_id=row.id,
            kind=chosen.value,
            lang=lang,
            issued_at=now,
            agent_id=actor.agent_id,
            payload={"snapshot": snap},
            copies=0,
        )
        session.add(receipt)
        session.flush()
        pdf, qr = render_receipt(_data(counter, row, receipt, snap, 0), key)
        receipt.payload = {"snapshot": snap, "qr": qr, "kid": key.kid}
        enqueue(session, "receipt", receipt.uid)
        record(session, actor, row.id, "receipt_issued", receipt=receipt.number, kind=chosen.value)
        return IssuedReceipt(receipt.number, row.number, chosen, lang, now, 0, pdf, qr)


def _latest(session: Session, row: DossierRow) -> ReceiptRow:
    receipt = session.scalar(
        select(ReceiptRow)
        .where(ReceiptRow.dossier_id == row.id)
        .order_by(ReceiptRow.issued_at.desc(), ReceiptRow.id.desc())
    )
    if receipt is None:
        raise NotFound("receipt", row.number)
    return receipt


def reprint_receipt(
    counter: Counter, actor: Actor, number: str, receipt_number: str | None = None
) -> IssuedReceipt:
    """The dossier's latest receipt (or ``receipt_number``) again, marked
    "DUPLICATA n° k"; the reprint is recorded."""
    from desk.receipts.render import render_receipt

    require(actor, Action.PRINT)
    key = signing_key(counter)
    with transaction(counter.sessions) as session:
        row = _load(session, number)
        if receipt_number:
            receipt = session.scalar(
                select(ReceiptRow).where(
                    ReceiptRow.number == receipt_number.strip().upper(),
                    ReceiptRow.dossier_id == row.id,
                )
            )
            if receipt is None:
                raise NotFound("receipt", receipt_number)
        else:
            receipt = _latest(session, row)
        receipt.copies += 1
        copy = receipt.copies
        snap = dict(receipt.payload.get("snapshot", {}))
        pdf, qr = render_receipt(_data(counter, row, receipt, snap, copy), key)
        enqueue(session, "receipt", receipt.uid)
        record(session, actor, row.id, "receipt_reprinted", receipt=receipt.number, copy=copy)
        kind = ReceiptKind(receipt.kind)
        return IssuedReceipt(
            receipt.number, row.number, kind, receipt.lang, receipt.issued_at, copy, pdf, qr
        )


def print_receipt(counter: Counter, issued: IssuedReceipt, printer: str | None = None) -> str:
    """Print ``issued`` on ``printer`` (default: the counter's); return the CUPS job id.
    The PDF is kept in the data home's private temporary folder only while sending."""
    from desk.receipts.printing import print_pdf

    name = printer or counter.config.printer
    counter.home.tmp.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = Path(counter.home.tmp) / f"{issued.number}-{issued.copy}.pdf"
    path.write_bytes(issued.pdf)
    try:
        return print_pdf(path, name, title=issued.number, receipt=issued.number)
    finally:
        path.unlink(missing_ok=True)
