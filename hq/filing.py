"""Online filing through HQ (``desk file online --gateway http``).

The counter uploads the pieces' blobs first (the sync's blob protocol), then posts
the dossier. HQ registers the filing with the back office, answers a filing number
and an HQ-signed attestation de dépôt PDF, and is idempotent: the same dossier filed
again gets the same number and the same PDF.

In production HQ relays to the ministry's back office through a :class:`BackOffice`
adapter (docs/SYNC.md, "Online filing"); :class:`LocalRegistry` numbers filings
itself (demo, tests, and the fallback while the ministry's interface is not open).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol

from fastapi import Depends, FastAPI, Request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from desk.domain.dossier import normalize_number
from desk.sync import wire
from hq import attestation
from hq.auth import CounterIdentity, utcnow
from hq.blobs import BlobStore
from hq.db import transaction
from hq.keys import attestation_key
from hq.models import BlobRow, FilingRow


class FilingRefused(Exception):
    def __init__(self, reason: str, status: int = 422) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class BackOffice(Protocol):
    """The ministry's back office as HQ sees it: register a dossier, get its number.

    ``register`` receives the validated request (dossier, applicant, pieces with their
    blob hashes, readable from HQ's blob store) and returns the filing number, or
    raises FilingRefused. It must be idempotent on ``request["dossier_uid"]``.
    """

    def register(self, session: Session, who: CounterIdentity, request: dict[str, Any]) -> str: ...


class LocalRegistry:
    """Numbers filings HQ-side: HQ-PPP-YYYY-NNNNNNNN, one sequence per prefecture and
    year (the unique constraint settles races between HQ processes)."""

    def register(self, session: Session, who: CounterIdentity, request: dict[str, Any]) -> str:
        year = utcnow().year
        prefix = f"HQ-{who.prefecture}-{year}-"
        count = session.scalar(
            select(func.count()).select_from(FilingRow).where(FilingRow.number.like(prefix + "%"))
        )
        return f"{prefix}{(count or 0) + 1:08d}"


def _validate(who: CounterIdentity, req: dict[str, Any]) -> dict[str, Any]:
    try:
        number = normalize_number(str(req["dossier_number"]))
        uid = str(req["dossier_uid"])
        applicant = dict(req["applicant"])
        pieces = [
            {"code": str(p["code"]), "pages": [str(s) for s in p["pages"]]} for p in req["pieces"]
        ]
        key = str(req["idempotency_key"])
        procedure = str(req["procedure"])
    except (KeyError, TypeError, ValueError) as exc:
        raise FilingRefused("invalid_filing") from exc
    if number is None or len(uid) != 32 or not applicant.get("surname") or not pieces:
        raise FilingRefused("invalid_filing")
    if not number.startswith(who.prefecture + "-"):
        raise FilingRefused("other_prefecture", 403)
    return {
        "dossier_uid": uid,
        "dossier_number": number,
        "procedure": procedure,
        "idempotency_key": key[:64],
        "applicant": applicant,
        "pieces": pieces,
    }


def _answer(row: FilingRow, pdf: bytes, replayed: bool) -> wire.FilingResponse:
    return {
        "filing_number": row.number,
        "dossier_number": row.dossier_number,
        "registered_at": row.registered_at.isoformat(),
        "attestation_pdf": base64.b64encode(pdf).decode(),
        "attestation_sha256": row.attestation_sha256,
        "replayed": replayed,
    }


def register_filing(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    who: CounterIdentity,
    raw: dict[str, Any],
    back_office: BackOffice | None = None,
) -> wire.FilingResponse:
    req = _validate(who, raw)
    back_office = back_office or LocalRegistry()
    with sessions() as s:
        existing = s.scalar(select(FilingRow).where(FilingRow.dossier_uid == req["dossier_uid"]))
        if existing is not None:
            if existing.counter_id != who.id:
                raise FilingRefused("uid_conflict", 409)
            return _answer(existing, blobs.read(existing.attestation_sha256), True)
        shas = {sha for p in req["pieces"] for sha in p["pages"]}
        held = set(s.scalars(select(BlobRow.sha256).where(BlobRow.sha256.in_(shas))))
    if shas - held:
        raise FilingRefused("blob_missing", 409)
    key_id, key = attestation_key(sessions)
    for _ in range(5):  # a concurrent filing may take the same number: try the next
        now = utcnow()
        try:
            with transaction(sessions) as s:
                number = back_office.register(s, who, req)
                pdf = _pdf(key_id, key, number, req, now)
                sha = hashlib.sha256(pdf).hexdigest()
                blobs.put_whole(sha, pdf)
                row = FilingRow(
                    number=number,
                    counter_id=who.id,
                    prefecture=who.prefecture,
                    dossier_uid=req["dossier_uid"],
                    dossier_number=req["dossier_number"],
                    idempotency_key=req["idempotency_key"],
                    registered_at=now,
                    attestation_sha256=sha,
                    request=req,
                )
                s.add(row)
                s.flush()
            return _answer(row, pdf, False)
        except IntegrityError:
            with sessions() as s:
                done = s.scalar(
                    select(FilingRow).where(FilingRow.dossier_uid == req["dossier_uid"])
                )
                if done is not None:  # the same dossier, filed concurrently
                    return _answer(done, blobs.read(done.attestation_sha256), True)
    raise FilingRefused("busy", 503)


def _pdf(key_id: str, key: Any, number: str, req: dict[str, Any], now: datetime) -> bytes:
    a = req["applicant"]
    return attestation.render(
        key,
        key_id,
        number,
        req["dossier_number"],
        req["procedure"],
        now,
        str(a.get("surname", "")),
        str(a.get("given_names", "")),
        [(p["code"], len(p["pages"])) for p in req["pieces"]],
    )


def install(
    app: FastAPI,
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    signed: Callable[[Request], Awaitable[tuple[CounterIdentity, bytes]]],
    body_schema: dict[str, Any],
) -> None:
    import json

    from fastapi.concurrency import run_in_threadpool
    from fastapi.responses import JSONResponse

    @app.exception_handler(FilingRefused)
    async def _refused(_: Request, exc: FilingRefused) -> JSONResponse:
        return JSONResponse({"error": exc.reason}, status_code=exc.status)

    @app.post(f"{wire.API}/filings", response_model=wire.FilingResponse, openapi_extra=body_schema)
    async def filings(
        auth_: tuple[CounterIdentity, bytes] = Depends(signed),
    ) -> wire.FilingResponse:
        who, body = auth_
        try:
            raw = json.loads(body)
        except ValueError as exc:
            raise FilingRefused("invalid_json") from exc
        if not isinstance(raw, dict):
            raise FilingRefused("invalid_json")
        return await run_in_threadpool(register_filing, sessions, blobs, who, raw)
