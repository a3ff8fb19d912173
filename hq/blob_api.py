"""HQ's blob routes: which blobs HQ holds, and uploads of several blobs (or chunks of
a large one) per signed request, verified by hash on arrival.

One upload request carries up to ``wire.CHUNK_BYTES`` of blob content: many scanned
pages at once, or one chunk of a large document (resumable: a part at the wrong
offset answers where to resume). The request costs one signature check, one nonce
and one registration statement for all the blobs it completed.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from desk.sync import wire
from hq.auth import CounterIdentity, utcnow
from hq.blobs import BlobStore, HashMismatch, OffsetMismatch, valid_sha
from hq.db import autocommit
from hq.models import BlobRow

Signed = Callable[[Request], Awaitable[tuple[CounterIdentity, bytes]]]


class UploadRefused(Exception):
    def __init__(self, reason: str, status: int = 422) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def register_blobs(
    sessions: sessionmaker[Session], who: CounterIdentity, blobs: dict[str, int]
) -> None:
    """Record that HQ holds these verified blobs (sha -> size), in one statement; a blob
    registered before (by anyone) stays as it was."""
    if not blobs:
        return
    now = utcnow()
    rows = [
        {"sha256": sha, "size": size, "counter_id": who.id, "received_at": now}
        for sha, size in sorted(blobs.items())
    ]
    with autocommit(sessions) as conn:  # PostgreSQL, or SQLite for the demo
        if conn.dialect.name == "postgresql":
            conn.execute(postgresql.insert(BlobRow).on_conflict_do_nothing(), rows)
        else:
            conn.execute(sqlite.insert(BlobRow).on_conflict_do_nothing(), rows)


def query(
    sessions: sessionmaker[Session], store: BlobStore, who: CounterIdentity, hashes: list[str]
) -> wire.BlobStates:
    states: list[wire.BlobState] = []
    present: dict[str, int] = {}
    for sha in hashes[:5000]:
        held = store.exists(sha)
        if held:
            present[sha] = store.size(sha)
        received = 0 if held else store.received(sha)
        states.append({"sha256": sha, "present": held, "received": received})
    if present:  # stored but maybe not registered if HQ stopped in between
        with autocommit(sessions) as conn:
            known = set(
                conn.scalars(select(BlobRow.sha256).where(BlobRow.sha256.in_(list(present))))
            )
        register_blobs(sessions, who, {s: n for s, n in present.items() if s not in known})
    return {"blobs": states}


def receive(store: BlobStore, part: wire.UploadPart, chunk: memoryview) -> wire.PartState:
    """Store one part; the blob becomes visible only once verified."""
    sha, offset, total = part["sha256"], part["offset"], part["total"]
    if store.exists(sha):
        return {"sha256": sha, "present": True, "received": total, "error": None}
    try:
        if offset == 0 and len(chunk) == total and store.received(sha) == 0:
            store.put_whole(sha, chunk)
            return {"sha256": sha, "present": True, "received": total, "error": None}
        try:
            received = store.append(sha, offset, chunk)
        except OffsetMismatch as exc:
            return {"sha256": sha, "present": False, "received": exc.received,
                    "error": "offset_mismatch"}  # fmt: skip
        if received < total:
            return {"sha256": sha, "present": False, "received": received, "error": None}
        store.finish(sha, total)
    except HashMismatch:
        return {"sha256": sha, "present": False, "received": 0, "error": "hash_mismatch"}
    return {"sha256": sha, "present": True, "received": total, "error": None}


def _whole_state(part: wire.UploadPart, stored: bool) -> wire.PartState:
    if stored:
        return {"sha256": part["sha256"], "present": True, "received": part["total"], "error": None}
    return {"sha256": part["sha256"], "present": False, "received": 0, "error": "hash_mismatch"}


def upload(
    sessions: sessionmaker[Session], store: BlobStore, who: CounterIdentity, body: bytes
) -> wire.UploadResult:
    try:
        parts = wire.unpack_upload(body)
    except ValueError as exc:
        raise UploadRefused("invalid_upload") from exc
    if any(not valid_sha(p["sha256"]) for p, _ in parts):
        raise UploadRefused("invalid_sha256")
    if sum(len(chunk) for _, chunk in parts) > wire.CHUNK_BYTES:
        raise UploadRefused("upload_too_large", 413)
    # whole blobs (most scanned pages) are written together; chunks one by one
    whole = {
        p["sha256"]: chunk
        for p, chunk in parts
        if p["offset"] == 0 and len(chunk) == p["total"] and not store.exists(p["sha256"])
        and store.received(p["sha256"]) == 0
    }  # fmt: skip
    stored = store.put_many(list(whole.items())) if whole else {}
    states = [
        _whole_state(part, stored[part["sha256"]])
        if part["sha256"] in stored
        else receive(store, part, chunk)
        for part, chunk in parts
    ]
    done = {st["sha256"]: p["total"] for (p, _), st in zip(parts, states, strict=True)
            if st["present"]}  # fmt: skip
    register_blobs(sessions, who, done)
    return {"parts": states}


def install(
    app: FastAPI,
    sessions: sessionmaker[Session],
    store: BlobStore,
    signed: Signed,
    body_schema: Callable[[Any], dict[str, Any]],
) -> None:
    import json

    from fastapi.responses import JSONResponse

    SignedDep = Annotated[tuple[CounterIdentity, bytes], Depends(signed)]

    @app.exception_handler(UploadRefused)
    async def _refused(_: Request, exc: UploadRefused) -> JSONResponse:
        return JSONResponse({"error": exc.reason}, status_code=exc.status)

    @app.post(
        f"{wire.API}/blobs/query",
        response_model=wire.BlobStates,
        openapi_extra=body_schema(wire.BlobQuery),
    )
    def blobs_query(auth_: SignedDep) -> wire.BlobStates:
        who, body = auth_
        try:
            req = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise UploadRefused("invalid_json") from exc
        raw = req.get("hashes", []) if isinstance(req, dict) else []
        hashes = [h for h in raw if isinstance(h, str) and valid_sha(h)]
        return query(sessions, store, who, hashes)

    @app.post(
        f"{wire.API}/blobs/upload",
        response_model=wire.UploadResult,
        responses=wire.TOO_LARGE,  # type: ignore[arg-type]
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": 'A JSON line {"parts": [{sha256, offset, length, total}]} '
                "then the parts' bytes one after the other (docs/SYNC.md).",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    def blobs_upload(auth_: SignedDep) -> wire.UploadResult:
        """Blob parts: whole small blobs and chunks of large ones, each verified by
        SHA-256 when its blob is complete; ``present`` per part says it is held."""
        who, body = auth_
        return upload(sessions, store, who, body)
