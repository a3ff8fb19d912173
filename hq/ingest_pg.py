"""Batch ingestion on PostgreSQL in one statement, one round trip.

The statement (:data:`BATCH`) gets the batch's candidate rows as one JSON document
(:meth:`hq.ingest.Plan.encoded`) and the answer as far as the records decided it
(:meth:`hq.ingest.Plan.packed`). Its parts, all on the statement's one snapshot:

- ``prior``: the answer stored for this batch key, if any; then nothing is written;
- ``checked``: each candidate's refusal by what HQ holds: hanging on a dossier of
  another prefecture, referring to a blob HQ does not hold (``blob_missing``,
  retried); each probed by index (scalar subqueries: an ``EXISTS`` there would be
  planned as one hash of every other prefecture's dossiers per batch);
- ``written``: the version-guarded upsert of the candidates not refused (only the
  owner counter, only a higher version);
- ``owned``: the owner HQ holds, probed only for the candidates refused above and,
  if fewer rows were written than offered, for all: held by another counter comes
  first (``uid_conflict``, or ``other_prefecture`` if of another prefecture); a
  candidate not written and owned by this counter is an older version,
  acknowledged without effect. In a night of new records nothing is probed twice;
- ``verdicts``: the refusals, as ``[index, outcome, reason]``;
- ``answer``: the insertion of the batch's answer (the packed results and the
  verdicts), which commits with the upsert or not at all (one statement).

The statement returns the stored answer (a replay) or the verdicts. If another HQ
process applied the same batch at the same time, the answer's primary key refuses
ours once theirs commits, the whole statement is rolled back and theirs is given.
The connection is in autocommit mode: the statement is its own transaction, with no
BEGIN or COMMIT round trip.
"""

from __future__ import annotations

from typing import Any

import psycopg
from sqlalchemy import Engine

from desk.sync import wire
from hq.auth import CounterIdentity, utcnow
from hq.ingest import Plan, replayed

_STORED = "SELECT response FROM batches WHERE counter_id = %s AND key = %s"
_UPDATE = ("version", "day", "dossier_uid", "deleted", "data", "received_at")
BATCH = (
    "WITH prior AS ("
    " SELECT response FROM batches WHERE counter_id = %(counter)s AND key = %(key)s),"
    " candidates AS ("
    " SELECT t.* FROM jsonb_to_recordset(%(rows)s::jsonb) AS t(i int, entity varchar,"
    " uid varchar, version int8, day date, dossier_uid varchar, deleted bool, blobs jsonb,"
    " data jsonb) WHERE NOT EXISTS (SELECT FROM prior)),"
    " checked AS ("
    " SELECT c.*, CASE"
    " WHEN c.entity <> 'dossier' AND (SELECT d.prefecture FROM records d"
    " WHERE d.entity = 'dossier' AND d.uid = c.dossier_uid) <> %(prefecture)s"
    " THEN 'other_prefecture'"
    " WHEN c.blobs IS NOT NULL AND (SELECT count(*) FROM blobs b WHERE b.sha256 = ANY("
    "ARRAY(SELECT jsonb_array_elements_text(c.blobs))::varchar[])) < jsonb_array_length(c.blobs)"
    " THEN 'blob_missing' END AS reason FROM candidates c),"
    " written AS ("
    " INSERT INTO records (entity, uid, counter_id, prefecture, version, day, dossier_uid,"
    " deleted, data, received_at)"
    " SELECT entity, uid, %(counter)s, %(prefecture)s, version, day, dossier_uid,"
    " coalesce(deleted, false), data, %(now)s FROM checked WHERE reason IS NULL"
    " ON CONFLICT (entity, uid) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in _UPDATE)
    + " WHERE records.version < EXCLUDED.version AND records.counter_id = EXCLUDED.counter_id"
    " RETURNING 1),"
    " owned AS ("
    " SELECT c.i, CASE WHEN o.counter_id <> %(counter)s THEN CASE WHEN o.prefecture <>"
    " %(prefecture)s THEN 'other_prefecture' ELSE 'uid_conflict' END ELSE c.reason END AS reason"
    " FROM checked c LEFT JOIN LATERAL (SELECT r.counter_id, r.prefecture FROM records r"
    " WHERE r.entity = c.entity AND r.uid = c.uid) o ON true"
    " WHERE c.reason IS NOT NULL"
    " OR (SELECT count(*) FROM written) < (SELECT count(*) FROM checked WHERE reason IS NULL)),"
    " verdicts AS ("
    " SELECT i, CASE WHEN reason = 'blob_missing' THEN 'retry' ELSE 'rejected' END AS outcome,"
    " reason FROM owned WHERE reason IS NOT NULL),"
    " answer AS ("
    " INSERT INTO batches (counter_id, key, received_at, response)"
    " SELECT %(counter)s, %(key)s, %(now)s, jsonb_build_object('idempotency_key', %(key)s::text,"
    " 'packed_results', %(packed)s::text, 'overrides', COALESCE((SELECT jsonb_agg("
    " jsonb_build_array(i, outcome, reason) ORDER BY i) FROM verdicts), '[]'::jsonb))"
    " WHERE NOT EXISTS (SELECT FROM prior))"
    " SELECT response, NULL::int, NULL::text, NULL::text FROM prior"
    " UNION ALL SELECT NULL, i, outcome, reason FROM verdicts"
)


def apply(engine: Engine, who: CounterIdentity, found: Plan) -> wire.BatchResponse:
    pooled = engine.raw_connection()
    try:
        conn: psycopg.Connection[Any] = pooled.driver_connection  # type: ignore[assignment]
        conn.autocommit = True
        try:
            try:
                stored, verdicts = run(conn, who, found)
            except psycopg.errors.UniqueViolation:
                # the same batch applied concurrently by another HQ process
                row = conn.execute(_STORED, (who.id, found.key)).fetchone()
                if row is None:
                    raise
                return replayed(row[0])
            if stored is not None:
                return replayed(stored)
            found.refuse(verdicts)
            return found.response()
        finally:
            if not conn.closed:
                conn.autocommit = False
    except psycopg.OperationalError:
        pooled.invalidate()  # a broken connection must not go back to the pool
        raise
    finally:
        pooled.close()


def run(
    conn: psycopg.Connection[Any], who: CounterIdentity, found: Plan
) -> tuple[dict[str, Any] | None, list[list[Any]]]:
    """Run :data:`BATCH` for ``found``: (the answer stored before, None) for a replay,
    else (None, the database's verdicts ``[index, outcome, reason]``)."""
    params = {
        "counter": who.id,
        "prefecture": who.prefecture,
        "key": found.key,
        "now": utcnow(),
        "rows": found.encoded(),
        "packed": found.packed(),
    }
    stored = None
    verdicts: list[list[Any]] = []
    for response, i, outcome, reason in conn.execute(BATCH, params):
        if response is not None:
            stored = response
        else:
            verdicts.append([i, outcome, reason])
    return stored, verdicts
