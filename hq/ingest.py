"""Applying a counter's record batch: per-record answers, idempotent by batch key and by
record version, scoped to the counter's prefecture.

A batch seen before gets the answer stored with it and changes nothing. Within a new
batch each record is upserted only if its version is higher than what HQ holds (and
only by the counter that owns it), so an old or repeated record is acknowledged
without effect. The batch's answer is stored by the transaction that applies it.

A batch is three steps: look up what HQ already knows about its records (stored
answer, owners, dossiers' prefectures, blobs held), :func:`decide` (pure), write. On
PostgreSQL (hq.ingest_pg) the look-ups are one pipelined round trip and the write
(upsert, answer, commit) another; on SQLite (the demo) they are plain statements.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from desk.sync import wire
from hq.auth import CounterIdentity, utcnow
from hq.db import transaction
from hq.models import BatchRow, BlobRow, RecordRow

_ENTITY = re.compile(r"^[a-z_]{2,32}$")
_UID = re.compile(r"^[0-9a-f]{32}$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_OPS = frozenset({"upsert", "event", "delete"})
#: the timestamp field that dates each kind of record for statistics
DAY_FIELDS = {
    "dossier": "created_at",
    "filing": "at",
    "visit": "started_at",
    "receipt": "issued_at",
    "history": "at",
    "applicant": "created_at",
    "substitution": "received_on",
}
MAX_BATCH = 1000


class BatchRefused(Exception):
    def __init__(self, reason: str, status: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass
class Known:
    """What HQ holds that a batch's answer depends on."""

    stored: dict[str, Any] | None = None  # the answer of this batch, if applied before
    owners: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    dossier_prefecture: dict[str, str] = field(default_factory=dict)
    blobs: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Lookup:
    """The keys a batch's answer depends on (what :class:`Known` is filled for), and
    each record's dossier and blobs (computed once)."""

    keys: list[tuple[str, str]]
    dossiers: list[str]
    blobs: list[str]
    record_dossier: list[str | None]
    record_blobs: list[list[str]]


def _day(entity: str, data: dict[str, Any]) -> date | None:
    raw = data.get(DAY_FIELDS.get(entity, ""))
    if not isinstance(raw, str):
        return None
    try:
        return datetime.fromisoformat(raw).date()
    except ValueError:
        return None


def _dossier_uid(entity: str, uid: str, data: dict[str, Any]) -> str | None:
    if entity == "dossier":
        return uid
    value = data.get("dossier_uid")
    return value if isinstance(value, str) else None


def _result(r: wire.Record, outcome: wire.Outcome, reason: str | None) -> wire.RecordResult:
    return {"entity": r.entity, "uid": r.uid, "outcome": outcome, "reason": reason}


def parse(who: CounterIdentity, req: wire.BatchRequest) -> tuple[str, list[wire.Record]]:
    """The batch's key and records, or BatchRefused for the whole batch."""
    key = str(req.get("idempotency_key", ""))
    if not 16 <= len(key) <= 64:
        raise BatchRefused("bad_idempotency_key", 422)
    if req.get("prefecture") != who.prefecture:
        raise BatchRefused("other_prefecture", 403)
    raw = req.get("records") or []
    if len(raw) > MAX_BATCH:
        raise BatchRefused("batch_too_large", 413)
    try:
        return key, [wire.Record.from_json(r) for r in raw]
    except (KeyError, TypeError, ValueError) as exc:
        raise BatchRefused("invalid_batch", 422) from exc


def lookup(records: list[wire.Record]) -> Lookup:
    """What to look up for ``records``: only well-formed keys (a malformed one, even
    with a NUL character, is answered ``invalid_record`` or not found, never sent to
    the database)."""
    record_dossier = [_dossier_uid(r.entity, r.uid, r.data) for r in records]
    record_blobs = [wire.record_blobs(r) if r.op != "delete" else [] for r in records]
    keys = list(
        dict.fromkeys(
            (r.entity, r.uid) for r in records if _ENTITY.match(r.entity) and _UID.match(r.uid)
        )
    )
    dossiers = {
        d
        for r, d in zip(records, record_dossier, strict=True)
        if d and r.entity != "dossier" and _UID.match(d)
    }
    shas = {sha for found in record_blobs for sha in found if _SHA.match(sha)}
    return Lookup(keys, sorted(dossiers), sorted(shas), record_dossier, record_blobs)


def apply_batch(
    sessions: sessionmaker[Session], who: CounterIdentity, req: wire.BatchRequest
) -> wire.BatchResponse:
    key, records = parse(who, req)
    engine = sessions.kw["bind"]
    if engine.dialect.name == "postgresql":
        from hq import ingest_pg

        return ingest_pg.apply(engine, who, key, records)
    return _apply_sqlalchemy(sessions, who, key, records)


def decide(
    who: CounterIdentity, key: str, records: list[wire.Record], look: Lookup, known: Known
) -> tuple[wire.BatchResponse, list[dict[str, Any]]]:
    """The answer to a new batch and the rows to upsert (pure)."""
    results: list[wire.RecordResult] = []
    rows: list[dict[str, Any]] = []
    newest: dict[tuple[str, str], int] = {}
    for r in records:
        ident = (r.entity, r.uid)
        newest[ident] = max(newest.get(ident, r.version), r.version)
    for r, dossier, blobs in zip(records, look.record_dossier, look.record_blobs, strict=True):
        if newest.get((r.entity, r.uid)) != r.version:  # an older copy in the same batch
            results.append(_result(r, "acked", None))
            continue
        newest.pop((r.entity, r.uid))
        reason = _check(r, who, known, dossier, blobs)
        if reason is not None:
            outcome: wire.Outcome = "retry" if reason in wire.TRANSIENT_REASONS else "rejected"
            results.append(_result(r, outcome, reason))
            continue
        rows.append(
            {
                "entity": r.entity,
                "uid": r.uid,
                "version": r.version,
                "day": _day(r.entity, r.data),
                "dossier_uid": dossier,
                "deleted": r.op == "delete",
                "data": r.data,
            }
        )
        results.append(_result(r, "acked", None))
    return {"idempotency_key": key, "replayed": False, "results": results}, rows


def _check(
    r: wire.Record, who: CounterIdentity, known: Known, dossier: str | None, blobs: list[str]
) -> str | None:
    if not _ENTITY.match(r.entity) or not _UID.match(r.uid) or r.op not in _OPS:
        return "invalid_record"
    if r.version <= 0:
        return "invalid_record"
    owner = known.owners.get((r.entity, r.uid))
    if owner is not None and owner[0] != who.id:
        return "other_prefecture" if owner[1] != who.prefecture else "uid_conflict"
    if r.entity == "dossier":
        number = str(r.data.get("number", ""))
        if not number.startswith(who.prefecture + "-"):
            return "other_prefecture"
    if dossier and known.dossier_prefecture.get(dossier, who.prefecture) != who.prefecture:
        return "other_prefecture"
    if any(sha not in known.blobs for sha in blobs):  # (none listed for a delete)
        return "blob_missing"
    return None


def stored_form(response: wire.BatchResponse) -> dict[str, Any]:
    """How a batch's answer is kept: its results packed as one JSON text (a single
    string in the JSONB column, cheap to write; it is only ever read back whole)."""
    packed = json.dumps(
        [[r["entity"], r["uid"], r["outcome"], r["reason"]] for r in response["results"]],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return {"idempotency_key": response["idempotency_key"], "packed_results": packed}


def replayed(stored: dict[str, Any]) -> wire.BatchResponse:
    """The stored answer of a batch seen before (either storage form)."""
    if "packed_results" in stored:
        results: list[wire.RecordResult] = [
            {"entity": e, "uid": u, "outcome": o, "reason": r}
            for e, u, o, r in json.loads(stored["packed_results"])
        ]
    else:  # stored before answers were packed
        results = stored["results"]
    return {"idempotency_key": stored["idempotency_key"], "replayed": True, "results": results}


# --- SQLite (the demo): the same steps as plain SQLAlchemy statements ------------------


def _apply_sqlalchemy(
    sessions: sessionmaker[Session], who: CounterIdentity, key: str, records: list[wire.Record]
) -> wire.BatchResponse:
    try:
        with transaction(sessions) as s:
            look = lookup(records)
            known = _known(s, who, key, look)
            if known.stored is not None:
                return replayed(known.stored)
            response, rows = decide(who, key, records, look, known)
            if rows:
                _upsert_sqlite(s, who, rows)
            s.add(
                BatchRow(
                    counter_id=who.id, key=key, received_at=utcnow(), response=stored_form(response)
                )
            )
    except IntegrityError:
        # the same batch applied concurrently by another HQ process: give its answer
        with sessions() as s:
            stored = s.get(BatchRow, (who.id, key))
            if stored is None:
                raise
            return replayed(stored.response)
    return response


def _known(s: Session, who: CounterIdentity, key: str, look: Lookup) -> Known:
    known = Known()
    stored = s.get(BatchRow, (who.id, key))
    if stored is not None:
        known.stored = stored.response
        return known
    if look.keys:
        for entity, uid, counter_id, prefecture in s.execute(
            select(
                RecordRow.entity, RecordRow.uid, RecordRow.counter_id, RecordRow.prefecture
            ).where(tuple_(RecordRow.entity, RecordRow.uid).in_(look.keys))
        ):
            known.owners[(entity, uid)] = (counter_id, prefecture)
    if look.dossiers:
        known.dossier_prefecture = {
            uid: pref
            for uid, pref in s.execute(
                select(RecordRow.uid, RecordRow.prefecture).where(
                    RecordRow.entity == "dossier", RecordRow.uid.in_(look.dossiers)
                )
            )
        }
    if look.blobs:
        known.blobs = set(s.scalars(select(BlobRow.sha256).where(BlobRow.sha256.in_(look.blobs))))
    return known


_UPDATE = ("version", "day", "dossier_uid", "deleted", "data", "received_at")


def _upsert_sqlite(s: Session, who: CounterIdentity, rows: list[dict[str, Any]]) -> None:
    now = utcnow()
    extra = {"counter_id": who.id, "prefecture": who.prefecture, "received_at": now}
    full = [{**r, **extra} for r in rows]
    ins = sqlite.insert(RecordRow)
    stmt = ins.on_conflict_do_update(
        index_elements=["entity", "uid"],
        set_={c: ins.excluded[c] for c in _UPDATE},
        where=(RecordRow.__table__.c.version < ins.excluded.version)
        & (RecordRow.__table__.c.counter_id == ins.excluded.counter_id),
    )
    s.execute(stmt, full)
