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

from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter
from sqlalchemy.orm import Session, sessionmaker

from desk.sync import wire
from hq import auth, ingest
from hq.auth import AuthError, CounterIdentity
from hq.blobs import BlobStore, FileBlobStore
from hq.db import make_engine, make_sessionmaker, upgrade
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


#: a refused body is read on (and dropped) up to this much, so that the client can
#: read the 413 (one that stops sending before the answer gets a reset instead)
_DRAIN = 64 * 1024 * 1024


async def read_body(request: Request) -> bytes:
    """The request's body, refused with 413 beyond wire.MAX_BODY (wire.MAX_UPLOAD_BODY
    for a blob upload) before more than that is held in memory."""
    cap = wire.MAX_UPLOAD_BODY if request.url.path.endswith("/blobs/upload") else wire.MAX_BODY
    declared = request.headers.get("content-length", "")
    too_large = declared.isdigit() and int(declared) > cap
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            too_large = True
        if too_large:
            if size > _DRAIN:
                break
            continue
        chunks.append(chunk)
    if too_large:
        raise Refusal(413, "body_too_large", limit=cap)
    return b"".join(chunks)


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
        body = await read_body(request)
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
        req = _json(await read_body(request))
        if not isinstance(req, dict):
            raise Refusal(422, "invalid_json")
        who = await run_in_threadpool(auth.enrol, hq.sessions, req)  # type: ignore[arg-type]
        return {"counter_id": who.id, "prefecture": who.prefecture, "counter": who.number}

    @app.post(
        f"{wire.API}/records",
        response_model=wire.BatchResponse,
        responses=wire.TOO_LARGE,  # type: ignore[arg-type]
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

    from hq import blob_api, dashboard, filing

    blob_api.install(app, hq.sessions, hq.blobs, signed, _body_schema)
    dashboard.install(app, hq.sessions)
    filing.install(app, hq.sessions, hq.blobs, signed, _body_schema(wire.FilingRequest))
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory hq.app:app_from_env`` (several workers)."""
    import os

    return create_app(os.environ["HQ_DB"], Path(os.environ.get("HQ_BLOBS", "hq-blobs")))
