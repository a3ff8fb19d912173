"""Batch ingestion on PostgreSQL in two round trips.

1. **Look-ups**, pipelined (psycopg pipeline mode, one Sync): the batch's stored
   answer, the owners of its (entity, uid) keys, the prefectures of the dossiers its
   records hang on, the blobs HQ holds. :func:`hq.ingest.decide` then answers.
2. **Write**, pipelined: the version-guarded upsert of the accepted records (sent as
   one JSON array expanded by ``jsonb_to_recordset``) and the insertion of the
   batch's answer, both before one Sync. Outside an explicit ``BEGIN`` the statements
   before a Sync form one implicit transaction (PostgreSQL protocol, "Pipelining"):
   both commit at the Sync or neither does. If another HQ process stored the same
   batch in the meantime the answer's primary key refuses ours, the upsert is rolled
   back with it and the stored answer is given.

The connection is in autocommit mode meanwhile, so no BEGIN/COMMIT round trip is
needed; the look-ups are reads at READ COMMITTED, as they would be inside a
transaction.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import psycopg
from sqlalchemy import Engine

from desk.sync import wire
from hq.auth import CounterIdentity, utcnow
from hq.ingest import Known, Lookup, decide, lookup, replayed, stored_form

_STORED = "SELECT response FROM batches WHERE counter_id = %s AND key = %s"
_OWNERS = (
    "SELECT r.entity, r.uid, r.counter_id, r.prefecture "
    "FROM unnest(%s::text[], %s::text[]) AS k(entity, uid) "
    "JOIN records r ON r.entity = k.entity AND r.uid = k.uid"
)
_DOSSIERS = "SELECT uid, prefecture FROM records WHERE entity = 'dossier' AND uid = ANY(%s::text[])"
_BLOBS = "SELECT sha256 FROM blobs WHERE sha256 = ANY(%s::text[])"
_UPDATE = ("version", "day", "dossier_uid", "deleted", "data", "received_at")
_UPSERT = (
    "INSERT INTO records (entity, uid, counter_id, prefecture, version, day, dossier_uid, "
    "deleted, data, received_at) "
    "SELECT t.entity, t.uid, %(counter)s, %(prefecture)s, t.version, t.day, t.dossier_uid, "
    "t.deleted, t.data, %(now)s "
    "FROM jsonb_to_recordset(%(rows)s::jsonb) AS t(entity text, uid text, version int8, "
    "day date, dossier_uid text, deleted bool, data jsonb) "
    "ON CONFLICT (entity, uid) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in _UPDATE)
    + " WHERE records.version < EXCLUDED.version AND records.counter_id = EXCLUDED.counter_id"
)
_ANSWER = (
    "INSERT INTO batches (counter_id, key, received_at, response) VALUES (%s, %s, %s, %s::jsonb)"
)


def apply(
    engine: Engine, who: CounterIdentity, key: str, records: list[wire.Record]
) -> wire.BatchResponse:
    look = lookup(records)
    pooled = engine.raw_connection()
    try:
        conn: psycopg.Connection[Any] = pooled.driver_connection  # type: ignore[assignment]
        conn.autocommit = True
        try:
            known = known_for(conn, who, key, look)
            if known.stored is not None:
                return replayed(known.stored)
            response, rows = decide(who, key, records, look, known)
            try:
                write(conn, who, key, rows, response)
            except psycopg.errors.UniqueViolation:
                # the same batch applied concurrently by another HQ process
                stored = conn.execute(_STORED, (who.id, key)).fetchone()
                if stored is None:
                    raise
                return replayed(stored[0])
            return response
        finally:
            if not conn.closed:
                conn.autocommit = False
    except psycopg.OperationalError:
        pooled.invalidate()  # a broken connection must not go back to the pool
        raise
    finally:
        pooled.close()


def known_for(conn: psycopg.Connection[Any], who: CounterIdentity, key: str, look: Lookup) -> Known:
    """Everything the answer depends on, in one round trip."""
    with conn.pipeline() as pipeline:
        stored = conn.execute(_STORED, (who.id, key))
        owners = (
            conn.execute(_OWNERS, ([e for e, _ in look.keys], [u for _, u in look.keys]))
            if look.keys
            else None
        )
        dossiers = conn.execute(_DOSSIERS, (look.dossiers,)) if look.dossiers else None
        blobs = conn.execute(_BLOBS, (look.blobs,)) if look.blobs else None
        pipeline.sync()
        known = Known()
        row = stored.fetchone()
        if row is not None:
            known.stored = row[0]
            return known
        if owners is not None:
            known.owners = {(e, u): (c, p) for e, u, c, p in owners.fetchall()}
        if dossiers is not None:
            known.dossier_prefecture = dict(dossiers.fetchall())
        if blobs is not None:
            known.blobs = {sha for (sha,) in blobs.fetchall()}
    return known


def write(
    conn: psycopg.Connection[Any],
    who: CounterIdentity,
    key: str,
    rows: list[dict[str, Any]],
    response: wire.BatchResponse,
) -> None:
    """Upsert ``rows`` and store ``response`` as the batch's answer, atomically, in one
    round trip (``conn`` in autocommit mode: one implicit transaction up to the Sync)."""
    now = utcnow()
    with conn.pipeline():
        if rows:
            # the rows as one JSON document: one encoder call here, one parse there
            doc = json.dumps(rows, ensure_ascii=False, default=date.isoformat)
            params = {"counter": who.id, "prefecture": who.prefecture, "now": now, "rows": doc}
            conn.execute(_UPSERT, params)
        conn.execute(_ANSWER, (who.id, key, now, json.dumps(stored_form(response))))
