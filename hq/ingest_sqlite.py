"""Batch ingestion on SQLite (the demo): the checks that depend on what HQ holds as
plain statements, then the upsert and the batch's answer in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from desk.sync import wire
from hq.auth import CounterIdentity, utcnow
from hq.db import transaction
from hq.ingest import Plan, replayed
from hq.models import BatchRow, BlobRow, RecordRow

_UPDATE = ("version", "day", "dossier_uid", "deleted", "data", "received_at")


def apply(sessions: sessionmaker[Session], who: CounterIdentity, found: Plan) -> wire.BatchResponse:
    try:
        with transaction(sessions) as s:
            stored = s.get(BatchRow, (who.id, found.key))
            if stored is not None:
                return replayed(stored.response)
            found.refuse(_verdicts(s, who, found.rows))
            refused = {i for i, result in enumerate(found.results) if result[2] != "acked"}
            rows = [r for r in found.rows if r["i"] not in refused]
            if rows:
                _upsert(s, who, rows)
            answer = {"idempotency_key": found.key, "packed_results": found.packed()}
            s.add(BatchRow(counter_id=who.id, key=found.key, received_at=utcnow(), response=answer))
    except IntegrityError:
        # the same batch applied concurrently by another HQ process: give its answer
        with sessions() as s:
            stored = s.get(BatchRow, (who.id, found.key))
            if stored is None:
                raise
            return replayed(stored.response)
    return found.response()


def _verdicts(s: Session, who: CounterIdentity, rows: list[dict[str, Any]]) -> list[list[Any]]:
    """``[index, outcome, reason]`` for each candidate the database refuses: owned by
    another counter, hanging on another prefecture's dossier, or a blob not held."""
    keys = [(r["entity"], r["uid"]) for r in rows]
    parents = sorted({parent for r in rows if (parent := _parent(r))})
    shas = sorted({sha for r in rows for sha in r.get("blobs", ())})
    owners: dict[tuple[str, str], tuple[int, str]] = {}
    if keys:
        query = select(RecordRow.entity, RecordRow.uid, RecordRow.counter_id, RecordRow.prefecture)
        for entity, uid, counter_id, prefecture in s.execute(
            query.where(tuple_(RecordRow.entity, RecordRow.uid).in_(keys))
        ):
            owners[(entity, uid)] = (counter_id, prefecture)
    prefectures: dict[str, str] = {}
    if parents:
        dossiers = select(RecordRow.uid, RecordRow.prefecture).where(RecordRow.entity == "dossier")
        prefectures = {u: p for u, p in s.execute(dossiers.where(RecordRow.uid.in_(parents)))}
    held = set(s.scalars(select(BlobRow.sha256).where(BlobRow.sha256.in_(shas)))) if shas else set()
    verdicts: list[list[Any]] = []
    for r in rows:
        owner = owners.get((r["entity"], r["uid"]))
        if owner is not None and owner[0] != who.id:
            reason = "other_prefecture" if owner[1] != who.prefecture else "uid_conflict"
            verdicts.append([r["i"], "rejected", reason])
        elif prefectures.get(_parent(r) or "", who.prefecture) != who.prefecture:
            verdicts.append([r["i"], "rejected", "other_prefecture"])
        elif any(sha not in held for sha in r.get("blobs", ())):
            verdicts.append([r["i"], "retry", "blob_missing"])
    return verdicts


def _parent(row: dict[str, Any]) -> str | None:
    return row["dossier_uid"] if row["entity"] != "dossier" else None


def _upsert(s: Session, who: CounterIdentity, rows: list[dict[str, Any]]) -> None:
    now = utcnow()
    full = [
        {"entity": r["entity"], "uid": r["uid"], "version": r["version"],
         "day": date.fromisoformat(r["day"]) if r["day"] else None,
         "dossier_uid": r["dossier_uid"], "deleted": r.get("deleted", False), "data": r["data"],
         "counter_id": who.id, "prefecture": who.prefecture, "received_at": now}
        for r in rows
    ]  # fmt: skip
    ins = sqlite.insert(RecordRow)
    stmt = ins.on_conflict_do_update(
        index_elements=["entity", "uid"],
        set_={c: ins.excluded[c] for c in _UPDATE},
        where=(RecordRow.__table__.c.version < ins.excluded.version)
        & (RecordRow.__table__.c.counter_id == ins.excluded.counter_id),
    )
    s.execute(stmt, full)
