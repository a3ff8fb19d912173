"""Batch ingestion (hq.ingest) on PostgreSQL (hq.ingest_pg: pipelined in parts, or
one statement) and on SQLite (the demo): the same answers, version-guarded upserts,
scoping, blob references, replays, and a batch applied concurrently twice."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session, sessionmaker

from desk.sync import wire
from hq import ingest, ingest_pg
from hq.auth import CounterIdentity
from hq.db import make_engine, make_sessionmaker, transaction, upgrade
from hq.models import BatchRow, BlobRow, CounterRow, RecordRow

A = CounterIdentity(1, "075", 1)
B = CounterIdentity(2, "075", 2)  # same prefecture, another counter
C = CounterIdentity(3, "093", 1)  # another prefecture


@pytest.fixture(
    params=[
        pytest.param("postgresql", marks=pytest.mark.postgres),
        pytest.param("postgresql-whole", marks=pytest.mark.postgres),
        "sqlite",
    ]
)
def sessions(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[sessionmaker[Session]]:
    """HQ's database: PostgreSQL with a batch applied alone (pipelined in parts) or
    among others (one statement, ``-whole``), or SQLite (the demo)."""
    if request.param == "postgresql-whole":
        monkeypatch.setattr(ingest_pg, "SPLIT_WHEN_ALONE", False)
    url = (
        request.getfixturevalue("hq_db")
        if request.param.startswith("postgresql")
        else f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    )
    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with transaction(factory) as s:
        for who in (A, B, C):
            s.execute(
                insert(CounterRow).values(
                    id=who.id, prefecture=who.prefecture, number=who.number, site="",
                    created_at=datetime.now(UTC), active=True,
                )
            )  # fmt: skip
    yield factory
    engine.dispose()


def _uid(n: int) -> str:
    return uuid.UUID(int=n).hex


def dossier(n: int, version: int, pref: str = "075", **data: Any) -> wire.Record:
    fields = {"number": f"{pref}-01-2026-{n:06d}-A", "created_at": "2026-11-26T09:00:00+00:00"}
    return wire.Record("dossier", _uid(n), "upsert", version, {**fields, **data})


def page(n: int, dossier_n: int, sha: str, version: int = 1) -> wire.Record:
    data = {"dossier_uid": _uid(dossier_n), "blob_sha256": sha}
    return wire.Record("page", _uid(n), "upsert", version, data)


def send(
    sessions: sessionmaker[Session], who: CounterIdentity, records: list[wire.Record]
) -> list[tuple[str, str | None]]:
    req: wire.BatchRequest = {
        "idempotency_key": wire.batch_key(who.id, records),
        "prefecture": who.prefecture,
        "records": [r.to_json() for r in records],
    }
    answer = ingest.apply_batch(sessions, who, req)
    return [(r["outcome"], r["reason"]) for r in answer["results"]]


def held(sessions: sessionmaker[Session]) -> dict[tuple[str, str], tuple[int, int, Any]]:
    with sessions() as s:
        rows = s.execute(
            select(RecordRow.entity, RecordRow.uid, RecordRow.counter_id, RecordRow.version,
                   RecordRow.data)
        )  # fmt: skip
        return {(e, u): (c, v, d) for e, u, c, v, d in rows}


def test_answers_and_guards(sessions: sessionmaker[Session]) -> None:
    sha = "ab" * 32
    first = [dossier(1, 5, status="ready"), dossier(2, 1), page(10, 1, sha)]
    assert send(sessions, A, first) == [("acked", None), ("acked", None), ("retry", "blob_missing")]
    # an older version is acknowledged without effect; a newer one replaces
    assert send(sessions, A, [dossier(1, 4, status="old"), dossier(2, 2, status="new")]) == [
        ("acked", None),
        ("acked", None),
    ]
    rows = held(sessions)
    assert rows[("dossier", _uid(1))][1:] == (5, first[0].data)
    assert rows[("dossier", _uid(2))][1] == 2
    assert rows[("dossier", _uid(2))][2]["status"] == "new"
    # the page once its blob is held; two copies of one record in a batch: the newest
    with transaction(sessions) as s:
        s.add(BlobRow(sha256=sha, size=1, counter_id=A.id, received_at=datetime.now(UTC)))
    assert send(sessions, A, [dossier(3, 2, status="b"), dossier(3, 1, status="a"),
                              page(10, 1, sha)]) == [("acked", None)] * 3  # fmt: skip
    assert held(sessions)[("dossier", _uid(3))][2]["status"] == "b"
    assert ("page", _uid(10)) in held(sessions)
    # another counter of the prefecture, another prefecture, malformed records
    assert send(sessions, B, [dossier(1, 99)]) == [("rejected", "uid_conflict")]
    assert send(sessions, C, [dossier(1, 99, pref="093"), page(11, 1, sha)]) == [
        ("rejected", "other_prefecture"),
        ("rejected", "other_prefecture"),
    ]
    assert send(sessions, A, [dossier(4, 1, pref="093")]) == [("rejected", "other_prefecture")]
    bad = [
        wire.Record("Bad-Entity", _uid(5), "upsert", 1),
        wire.Record("dossier", "x", "upsert", 1),
        wire.Record("visit", _uid(6), "merge", 1),
        wire.Record("visit", _uid(7), "event", 0),
        wire.Record("visit", _uid(8), "event", 2**63),  # beyond PostgreSQL's bigint
    ]
    assert send(sessions, A, bad) == [("rejected", "invalid_record")] * 5
    # malformed keys never reach the database, even with a NUL in them; a malformed
    # blob hash could never be uploaded: rejected, not retried for ever
    nul = [
        wire.Record("dossier", "\x00" * 32, "upsert", 1),
        page(12, 1, "ab\x00" * 21 + "a"),
        page(13, 1, "AB" * 32),
        dossier(6, 1),
    ]
    assert send(sessions, A, nul) == [
        ("rejected", "invalid_record"),
        ("rejected", "invalid_record"),
        ("rejected", "invalid_record"),
        ("acked", None),
    ]
    assert held(sessions)[("dossier", _uid(1))][:2] == (A.id, 5)


def test_replay_gives_the_stored_answer_and_changes_nothing(
    sessions: sessionmaker[Session],
) -> None:
    records = [dossier(1, 1), page(2, 1, "cd" * 32)]
    req: wire.BatchRequest = {
        "idempotency_key": wire.batch_key(A.id, records),
        "prefecture": "075",
        "records": [r.to_json() for r in records],
    }
    first = ingest.apply_batch(sessions, A, req)
    before = held(sessions)
    tampered: wire.BatchRequest = {**req, "records": [dossier(1, 50, status="x").to_json()]}
    again = ingest.apply_batch(sessions, A, tampered)
    assert again == {**first, "replayed": True}
    assert held(sessions) == before


def test_answer_stored_before_packing_is_replayed(sessions: sessionmaker[Session]) -> None:
    results = [{"entity": "dossier", "uid": _uid(1), "outcome": "acked", "reason": None}]
    with transaction(sessions) as s:
        s.add(BatchRow(counter_id=A.id, key="k" * 32, received_at=datetime.now(UTC),
                       response={"idempotency_key": "k" * 32, "replayed": False,
                                 "results": results}))  # fmt: skip
    req: wire.BatchRequest = {"idempotency_key": "k" * 32, "prefecture": "075", "records": []}
    assert ingest.apply_batch(sessions, A, req) == {
        "idempotency_key": "k" * 32,
        "replayed": True,
        "results": results,
    }


def test_data_the_database_cannot_store_is_rejected_alone(
    sessions: sessionmaker[Session],
) -> None:
    """A NUL character (PostgreSQL's JSON and text types refuse it) or a lone surrogate
    (JSON decoding lets it through, UTF-8 cannot encode it) in a record's data, keys
    or nested values: that record is rejected for good (it would fail the same way
    every night), the rest of the batch goes in, and a replay gives the same answer."""
    records = [
        dossier(1, 1, status="ready"),
        dossier(2, 1, note="a\x00b"),
        dossier(3, 1, extra={"k\x00": 1}),
        dossier(4, 1, lines=["ok", "\ud800"]),
        dossier(5, 1, note="été \\u0000 littéral"),  # a backslash, not a NUL: kept
    ]
    req: wire.BatchRequest = {
        "idempotency_key": wire.batch_key(A.id, records),
        "prefecture": "075",
        "records": [r.to_json() for r in records],
    }
    answer = ingest.apply_batch(sessions, A, req)
    assert [(r["outcome"], r["reason"]) for r in answer["results"]] == [
        ("acked", None),
        ("rejected", "invalid_record"),
        ("rejected", "invalid_record"),
        ("rejected", "invalid_record"),
        ("acked", None),
    ]
    rows = held(sessions)
    assert set(rows) == {("dossier", _uid(1)), ("dossier", _uid(5))}
    assert rows[("dossier", _uid(5))][2]["note"] == "été \\u0000 littéral"
    assert ingest.apply_batch(sessions, A, req) == {**answer, "replayed": True}


@pytest.mark.postgres
@pytest.mark.parametrize("whole", [False, True], ids=["parts", "whole"])
def test_concurrent_copy_of_a_batch_is_rolled_back_whole(
    hq_db: str, whole: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two HQ processes apply the same new batch at once. The second one's upsert
    waits for the first's records, then its answer's key refuses it once the first
    commits: its upsert goes with it (one transaction), and it answers with the
    stored answer. The second one applies it in parts or, busy with other batches,
    in one statement."""
    monkeypatch.setattr(ingest_pg, "SPLIT_WHEN_ALONE", not whole)
    engine: Engine = make_engine(hq_db)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as s:
        s.execute(insert(CounterRow).values(id=1, prefecture="075", number=1, site="",
                                            created_at=datetime.now(UTC), active=True))  # fmt: skip
    records = [dossier(1, 1, status="first")]
    key = wire.batch_key(A.id, records)
    first = ingest.begin(A, key, [r.to_json() for r in records])
    # the other process's copy: the same key, newer content (it must not get in)
    later = [dossier(1, 2, status="second"), dossier(2, 1)]
    req: wire.BatchRequest = {"idempotency_key": key, "prefecture": "075",
                              "records": [r.to_json() for r in later]}  # fmt: skip
    pooled = engine.raw_connection()
    try:
        conn: psycopg.Connection[Any] = pooled.driver_connection  # type: ignore[assignment]
        assert ingest_pg.run(conn, A, first) is None  # applied, not committed yet
        with ThreadPoolExecutor(1) as pool:
            second = pool.submit(ingest.apply_batch, sessions, A, req)
            # autocommit: pg_stat_activity is read once per transaction, and a watch in
            # one transaction could never see the second copy start waiting
            dsn = hq_db.replace("postgresql+psycopg", "postgresql")
            with psycopg.connect(dsn, autocommit=True) as watch:
                for _ in range(600):  # until the second copy waits for our lock
                    waiting = watch.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    ).fetchone()
                    if waiting and waiting[0]:
                        break
                    time.sleep(0.05)
                else:
                    pytest.fail("the second copy never waited for the first")
            conn.commit()
            assert second.result(timeout=60) == {**first.response(), "replayed": True}
    finally:
        pooled.close()
    rows_held = held(sessions)
    assert set(rows_held) == {("dossier", _uid(1))}
    assert rows_held[("dossier", _uid(1))][2]["status"] == "first"
    engine.dispose()


@pytest.mark.postgres
def test_stored_answers_are_compressed_with_lz4(hq_db: str) -> None:
    """Migration 0003: a batch's answer (55 kB for 1,000 records) goes to TOAST through
    lz4, about three times cheaper to write than pglz, where the server has it."""
    engine: Engine = make_engine(hq_db)
    upgrade(engine)
    with engine.connect() as conn:
        has_lz4 = conn.exec_driver_sql(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
            " AND 'lz4' = ANY(enumvals)"
        ).first()
        method = conn.exec_driver_sql(
            "SELECT attcompression FROM pg_attribute"
            " WHERE attrelid = 'batches'::regclass AND attname = 'response'"
        ).scalar()
    engine.dispose()
    assert method == ("l" if has_lz4 else "")
