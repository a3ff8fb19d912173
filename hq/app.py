"""HQ's HTTP application (FastAPI). Stateless behind its database and blob store:
several processes started with the same ``--db`` and ``--blobs`` serve together.

Routes under /v1 are the sync protocol (docs/SYNC.md, docs/openapi.json); every one
but enrolment is signed by the counter (hq.auth).
"""

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from desk.sync import wire
from hq import auth, ingest
from hq.auth import AuthError, CounterIdentity
from hq.blobs import BlobStore, FileBlobStore, HashMismatch, OffsetMismatch, valid_sha
from hq.db import make_engine, make_sessionmaker, transaction, upgrade
from hq.models import BlobRow
from hq.reference import reference_for

log = logging.getLogger(__name__)


@dataclass
class HQ:
    sessions: sessionmaker[Session]
    blobs: BlobStore


class Refusal(Exception):
    def __init__(self, status: int, reason: str, **extra: Any) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.extra = extra


def _body_schema(tp: Any) -> dict[str, Any]:
    schema = TypeAdapter(tp).json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refusal(422, "invalid_json") from exc


def create_app(db_url: str, blobs_dir: Path, migrate: bool = True) -> FastAPI:
    engine = make_engine(db_url)
    if migrate:
        upgrade(engine)
    hq = HQ(make_sessionmaker(engine), FileBlobStore(blobs_dir))
    app = FastAPI(
        title="Guichet HQ",
        version=str(wire.PROTOCOL_VERSION),
        description="Sync protocol between préfecture counters and headquarters "
        "(see docs/SYNC.md).",
    )
    app.state.hq = hq

    @app.exception_handler(AuthError)
    async def _auth_error(_: Request, exc: AuthError) -> JSONResponse:
        return JSONResponse({"error": exc.reason}, status_code=exc.status)

    @app.exception_handler(Refusal)
    async def _refusal(_: Request, exc: Refusal) -> JSONResponse:
        return JSONResponse({"error": exc.reason, **exc.extra}, status_code=exc.status)

    @app.exception_handler(ingest.BatchRefused)
    async def _batch_refused(_: Request, exc: ingest.BatchRefused) -> JSONResponse:
        return JSONResponse({"error": exc.reason}, status_code=exc.status)

    async def signed(request: Request) -> tuple[CounterIdentity, bytes]:
        body = await request.body()
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        headers = {k.lower(): v for k, v in request.headers.items()}
        who = await run_in_threadpool(
            auth.verify_request, hq.sessions, request.method, path, headers, body
        )
        return who, body

    Signed = Annotated[tuple[CounterIdentity, bytes], Depends(signed)]

    @app.get(f"{wire.API}/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "protocol": wire.PROTOCOL_VERSION}

    @app.post(
        f"{wire.API}/enrol",
        response_model=wire.EnrolResponse,
        openapi_extra=_body_schema(wire.EnrolRequest),
    )
    async def enrol(request: Request) -> wire.EnrolResponse:
        req = _json(await request.body())
        if not isinstance(req, dict):
            raise Refusal(422, "invalid_json")
        who = await run_in_threadpool(auth.enrol, hq.sessions, req)  # type: ignore[arg-type]
        return {"counter_id": who.id, "prefecture": who.prefecture, "counter": who.number}

    @app.post(
        f"{wire.API}/blobs/query",
        response_model=wire.BlobStates,
        openapi_extra=_body_schema(wire.BlobQuery),
    )
    def blobs_query(auth_: Signed) -> wire.BlobStates:
        req = _json(auth_[1])
        hashes = [h for h in req.get("hashes", []) if isinstance(h, str) and valid_sha(h)]
        states: list[wire.BlobState] = []
        for sha in hashes[:5000]:
            present = hq.blobs.exists(sha)
            if present:  # stored but maybe not registered if HQ stopped in between
                _register_blob(hq, sha, hq.blobs.size(sha), auth_[0])
            states.append(
                {
                    "sha256": sha,
                    "present": present,
                    "received": 0 if present else hq.blobs.received(sha),
                }
            )
        return {"blobs": states}

    @app.put(
        f"{wire.API}/blobs/{{sha}}",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    def blob_chunk(
        sha: str,
        auth_: Signed,
        offset: Annotated[int, Query(ge=0)],
        total: Annotated[int, Query(ge=0)],
    ) -> dict[str, Any]:
        """One chunk of a blob upload, at ``offset`` of ``total`` bytes. The last chunk
        triggers verification; a wrong offset answers 409 with the offset to resume."""
        who, chunk = auth_
        if not valid_sha(sha):
            raise Refusal(422, "invalid_sha256")
        if hq.blobs.exists(sha):
            _register_blob(hq, sha, total, who)
            return {"sha256": sha, "present": True, "received": total}
        if offset + len(chunk) > total:
            raise Refusal(422, "chunk_beyond_total")
        if offset == 0 and len(chunk) == total and hq.blobs.received(sha) == 0:
            try:
                hq.blobs.put_whole(sha, chunk)
            except HashMismatch as exc:
                raise Refusal(422, "hash_mismatch") from exc
            _register_blob(hq, sha, total, who)
            return {"sha256": sha, "present": True, "received": total}
        try:
            received = hq.blobs.append(sha, offset, chunk)
        except OffsetMismatch as exc:
            raise Refusal(409, "offset_mismatch", received=exc.received) from exc
        if received < total:
            return {"sha256": sha, "present": False, "received": received}
        try:
            hq.blobs.finish(sha, total)
        except HashMismatch as exc:
            raise Refusal(422, "hash_mismatch") from exc
        _register_blob(hq, sha, total, who)
        return {"sha256": sha, "present": True, "received": total}

    @app.post(
        f"{wire.API}/records",
        response_model=wire.BatchResponse,
        openapi_extra=_body_schema(wire.BatchRequest),
    )
    def records(auth_: Signed) -> wire.BatchResponse:
        who, body = auth_
        req = _json(body)
        if not isinstance(req, dict):
            raise Refusal(422, "invalid_json")
        return ingest.apply_batch(hq.sessions, who, req)  # type: ignore[arg-type]

    @app.get(f"{wire.API}/reference", response_model=wire.ReferenceData)
    def reference(auth_: Signed) -> wire.ReferenceData:
        return reference_for(hq.sessions, auth_[0])

    from hq import dashboard, filing

    dashboard.install(app, hq.sessions)
    filing.install(app, hq.sessions, hq.blobs, signed, _body_schema(wire.FilingRequest))
    return app


def _register_blob(hq: HQ, sha: str, size: int, who: CounterIdentity) -> None:
    with hq.sessions() as s:
        if s.get(BlobRow, sha) is not None:
            return
    try:
        with transaction(hq.sessions) as s:
            s.add(BlobRow(sha256=sha, size=size, counter_id=who.id, received_at=auth.utcnow()))
    except IntegrityError:
        pass  # registered concurrently


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory hq.app:app_from_env`` (several workers)."""
    import os

    return create_app(os.environ["HQ_DB"], Path(os.environ.get("HQ_BLOBS", "hq-blobs")))
