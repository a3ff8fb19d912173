"""Applying a counter's record batch: per-record answers, idempotent by batch key and by
record version, scoped to the counter's prefecture.

A batch seen before gets the answer stored with it and changes nothing. Within a new
batch each record is upserted only if its version is higher than what HQ holds, so
an old or repeated record is acknowledged without effect.
"""

from __future__ import annotations

import re
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


def apply_batch(
    sessions: sessionmaker[Session], who: CounterIdentity, req: wire.BatchRequest
) -> wire.BatchResponse:
    key = str(req.get("idempotency_key", ""))
    if not 16 <= len(key) <= 64:
        raise BatchRefused("bad_idempotency_key", 422)
    if req.get("prefecture") != who.prefecture:
        raise BatchRefused("other_prefecture", 403)
    raw = req.get("records") or []
    if len(raw) > MAX_BATCH:
        raise BatchRefused("batch_too_large", 413)
    try:
        records = [wire.Record.from_json(r) for r in raw]
    except (KeyError, TypeError, ValueError) as exc:
        raise BatchRefused("invalid_batch", 422) from exc
    try:
        with transaction(sessions) as s:
            stored = s.get(BatchRow, (who.id, key))
            if stored is not None:
                return {**stored.response, "replayed": True}  # type: ignore[typeddict-item]
            response = _apply(s, who, key, records)
            s.add(BatchRow(counter_id=who.id, key=key, received_at=utcnow(), response=response))
    except IntegrityError:
        # the same batch applied concurrently by another HQ process: give its answer
        with sessions() as s:
            stored = s.get(BatchRow, (who.id, key))
            if stored is None:
                raise
            return {**stored.response, "replayed": True}  # type: ignore[typeddict-item]
    return response


def _apply(
    s: Session, who: CounterIdentity, key: str, records: list[wire.Record]
) -> wire.BatchResponse:
    keys = [(r.entity, r.uid) for r in records]
    existing: dict[tuple[str, str], tuple[int, str]] = {}
    if keys:
        for entity, uid, counter_id, prefecture in s.execute(
            select(
                RecordRow.entity, RecordRow.uid, RecordRow.counter_id, RecordRow.prefecture
            ).where(tuple_(RecordRow.entity, RecordRow.uid).in_(keys))
        ):
            existing[(entity, uid)] = (counter_id, prefecture)
    dossier_uids = {
        d for r in records if (d := _dossier_uid(r.entity, r.uid, r.data)) and r.entity != "dossier"
    }
    dossier_pref: dict[str, str] = {}
    if dossier_uids:
        dossier_pref = dict(
            s.execute(
                select(RecordRow.uid, RecordRow.prefecture).where(
                    RecordRow.entity == "dossier", RecordRow.uid.in_(dossier_uids)
                )
            ).all()
        )
    shas = {sha for r in records for sha in wire.record_blobs(r)}
    present = (
        set(s.scalars(select(BlobRow.sha256).where(BlobRow.sha256.in_(shas)))) if shas else set()
    )

    results: list[wire.RecordResult] = []
    rows: list[dict[str, Any]] = []
    now = utcnow()
    newest: dict[tuple[str, str], int] = {}
    for r in records:
        ident = (r.entity, r.uid)
        newest[ident] = max(newest.get(ident, r.version), r.version)
    for r in records:
        if newest.get((r.entity, r.uid)) != r.version:  # an older copy in the same batch
            results.append(_result(r, "acked", None))
            continue
        newest.pop((r.entity, r.uid))
        reason = _check(r, who, existing, dossier_pref, present)
        if reason is not None:
            outcome: wire.Outcome = "retry" if reason in wire.TRANSIENT_REASONS else "rejected"
            results.append(_result(r, outcome, reason))
            continue
        rows.append(
            {
                "entity": r.entity,
                "uid": r.uid,
                "counter_id": who.id,
                "prefecture": who.prefecture,
                "version": r.version,
                "day": _day(r.entity, r.data),
                "dossier_uid": _dossier_uid(r.entity, r.uid, r.data),
                "deleted": r.op == "delete",
                "data": r.data,
                "received_at": now,
            }
        )
        results.append(_result(r, "acked", None))
    if rows:
        upsert_records(s, rows)
    return {"idempotency_key": key, "replayed": False, "results": results}


def _check(
    r: wire.Record,
    who: CounterIdentity,
    existing: dict[tuple[str, str], tuple[int, str]],
    dossier_pref: dict[str, str],
    present: set[str],
) -> str | None:
    if (
        not _ENTITY.match(r.entity)
        or not _UID.match(r.uid)
        or r.op not in ("upsert", "event", "delete")
    ):
        return "invalid_record"
    if r.version <= 0:
        return "invalid_record"
    owner = existing.get((r.entity, r.uid))
    if owner is not None and owner[0] != who.id:
        return "other_prefecture" if owner[1] != who.prefecture else "uid_conflict"
    if r.entity == "dossier":
        number = str(r.data.get("number", ""))
        if not number.startswith(who.prefecture + "-"):
            return "other_prefecture"
    dossier = _dossier_uid(r.entity, r.uid, r.data)
    if dossier and dossier_pref.get(dossier, who.prefecture) != who.prefecture:
        return "other_prefecture"
    if r.op != "delete" and any(sha not in present for sha in wire.record_blobs(r)):
        return "blob_missing"
    return None


_UPDATE = ("version", "day", "dossier_uid", "deleted", "data", "received_at")
_COLUMNS = ("entity", "uid", "counter_id", "prefecture", *_UPDATE)


def upsert_records(s: Session, rows: list[dict[str, Any]]) -> None:
    """Insert or update records, keeping the highest version and the owning counter;
    events are written once. On PostgreSQL the rows are streamed with COPY into a
    temporary table and merged with one INSERT ... SELECT ... ON CONFLICT."""
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        _upsert_postgresql(s, rows)
        return
    ins = sqlite.insert(RecordRow.__table__)
    stmt = ins.on_conflict_do_update(
        index_elements=["entity", "uid"],
        set_={c: ins.excluded[c] for c in _UPDATE},
        where=(RecordRow.__table__.c.version < ins.excluded.version)
        & (RecordRow.__table__.c.counter_id == ins.excluded.counter_id),
    )
    s.execute(stmt, rows)


def _upsert_postgresql(s: Session, rows: list[dict[str, Any]]) -> None:
    import json

    conn = s.connection()
    raw = conn.connection.driver_connection
    cols = ", ".join(_COLUMNS)
    with raw.cursor() as cur:  # type: ignore[union-attr]
        if not conn.connection.info.get("incoming_records"):  # once per pooled connection
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS incoming_records "
                "(LIKE records INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
            )
            conn.connection.info["incoming_records"] = True
        with cur.copy(f"COPY incoming_records ({cols}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row([json.dumps(r[c]) if c == "data" else r[c] for c in _COLUMNS])
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _UPDATE)
        cur.execute(
            f"INSERT INTO records ({cols}) SELECT {cols} FROM incoming_records "
            f"ON CONFLICT (entity, uid) DO UPDATE SET {updates} "
            "WHERE records.version < EXCLUDED.version "
            "AND records.counter_id = EXCLUDED.counter_id"
        )
