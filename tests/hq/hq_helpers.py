"""Comparing what HQ holds with what a counter holds."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select

from desk.app import Counter
from desk.store.models import Base as DeskBase
from desk.sync.records import Serializer
from hq.db import database_url
from hq.models import BlobRow, RecordRow

SYNCED_TABLES = ("applicants", "dossiers", "pieces", "pages", "history", "agents")


def hq_records(db: str) -> dict[tuple[str, str], dict[str, Any]]:
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(RecordRow.entity, RecordRow.uid, RecordRow.data)).all()
    finally:
        engine.dispose()
    return {(e, u): d for e, u, d in rows}


def hq_blobs(db: str) -> dict[str, int]:
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            return {sha: size for sha, size in conn.execute(select(BlobRow.sha256, BlobRow.size))}
    finally:
        engine.dispose()


def counter_records(counter: Counter) -> dict[tuple[str, str], dict[str, Any]]:
    """What the counter holds, serialised as the sync sends it."""
    out = {}
    tables = DeskBase.metadata.tables
    with counter.sessions() as s:
        ser = Serializer(s, counter.cipher)
        for name in SYNCED_TABLES:
            entity = "history" if name == "history" else name[:-1]
            for (uid,) in s.execute(select(tables[name].c.uid)):
                rec = ser.serialise(entity, uid, "upsert", 1)
                assert rec is not None
                out[(entity, uid)] = rec.data
    return out


def owned_records(
    db: str, counter: Counter
) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
    """(what ``counter`` owns, what HQ holds from it), of the synced tables only.

    Scoped to this counter both ways, so that other counters' records on the shared HQ
    never count: agents of the prefecture reach every counter with the reference data,
    and which others exist depends on the tests run before."""
    from desk.sync.credentials import load_enrolment

    me = load_enrolment(counter.home.keys).counter_id
    entities = {"history" if n == "history" else n[:-1] for n in SYNCED_TABLES}
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(RecordRow.entity, RecordRow.uid, RecordRow.counter_id, RecordRow.data)
            ).all()
    finally:
        engine.dispose()
    owner = {(e, u): c for e, u, c, _ in rows}
    ours = {k: v for k, v in counter_records(counter).items() if owner.get(k, me) == me}
    held = {(e, u): d for e, u, c, d in rows if c == me and e in entities}
    return ours, held


def verify_blob_files(root: Path, shas: set[str]) -> None:
    for sha in shas:
        data = (root / sha[:2] / sha[2:]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha


def page_blobs(counter: Counter) -> set[str]:
    from desk.store.models import PageRow

    with counter.sessions() as s:
        return set(s.scalars(select(PageRow.blob_sha256)))
