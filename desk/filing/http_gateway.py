"""The HTTP filing gateway: ``desk file online --gateway http`` files the dossier
through HQ's filing endpoint instead of the applicant's ANEF session.

The pieces' blobs go first (the sync's resumable blob upload), then the dossier and
the applicant; HQ answers a filing number and its signed attestation de dépôt PDF,
which are then recorded exactly as an assisted ANEF filing is
(desk.services.filing.file_online: status, history, outbox). HQ is idempotent on the
dossier: a retry after a lost answer gets the same number and PDF.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from sqlalchemy import select

from desk.app import Counter
from desk.domain.dossier import DossierStatus
from desk.domain.entities import FilingKind
from desk.errors import Refused
from desk.services.common import Actor, utcnow
from desk.services.dossiers import get_dossier
from desk.store.models import DossierRow, FilingRow
from desk.sync import client, wire
from desk.sync.upload import upload_blobs


def _request(counter: Counter, number: str) -> wire.FilingRequest:
    d = get_dossier(counter, number)
    with counter.sessions() as s:
        uid = s.scalar(select(DossierRow.uid).where(DossierRow.number == d.number))
    pieces = [{"code": p.code, "pages": [pg.blob for pg in p.pages]} for p in d.pieces if p.pages]
    if not pieces:
        raise Refused("no_pieces", f"dossier {d.number} has no captured piece to file")
    a = d.applicant
    applicant: dict[str, Any] = {
        "surname": a.surname,
        "given_names": a.given_names,
        "birth_date": a.birth_date.isoformat() if a.birth_date else None,
        "nationality": a.nationality,
        "numero_etranger": a.numero_etranger,
        "email": a.email,
        "phone": a.phone,
        "postal_code": a.postal_code,
    }
    return {
        "dossier_uid": str(uid),
        "dossier_number": d.number,
        "procedure": d.procedure,
        "idempotency_key": hashlib.sha256(f"filing:{uid}".encode()).hexdigest(),
        "applicant": applicant,
        "pieces": pieces,
    }


def file_online_http(counter: Counter, actor: Actor, number: str, server: str | None = None) -> Any:
    """File ``number`` through HQ; returns the FilingOutcome of the recorded filing."""
    from desk.services.filing import FilingOutcome, file_online

    req = _request(counter, number)
    with client.client_for(counter, server) as hq:
        shas = sorted({sha for p in req["pieces"] for sha in p["pages"]})
        _, _, broken = upload_blobs(counter, hq, shas)
        if broken:
            raise Refused("blob_unreadable", f"pieces unreadable on this counter: {len(broken)}")
        _, answer = hq.call("POST", f"{wire.API}/filings", payload=req)
    pdf = base64.b64decode(answer["attestation_pdf"])
    if hashlib.sha256(pdf).hexdigest() != answer["attestation_sha256"]:
        raise Refused("attestation_damaged", "the attestation HQ sent does not match its hash")
    filing_number = str(answer["filing_number"])
    with counter.sessions() as s:
        done = s.scalar(
            select(FilingRow)
            .join(DossierRow, FilingRow.dossier_id == DossierRow.id)
            .where(
                DossierRow.number == req["dossier_number"],
                FilingRow.kind == FilingKind.ONLINE.value,
                FilingRow.reference == filing_number,
            )
        )
        if done is not None:  # already recorded here: answer as the first time
            return FilingOutcome(
                req["dossier_number"],
                FilingKind.ONLINE,
                DossierStatus.FILED_ONLINE,
                done.at,
                actor.login,
                anef_number=filing_number,
            )
    return file_online(counter, actor, number, filing_number, pdf, now=utcnow())
