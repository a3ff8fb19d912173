"""Batch ingestion on PostgreSQL: one transaction per batch. A batch this process
applies alone goes in parts, one statement each, pipelined so that PostgreSQL writes
a part while Python plans the next; a batch applied while others are (their Python
and PostgreSQL work already overlap) goes whole, in one statement (:data:`WHOLE`,
the same checks with the stored-answer look-up and the answer's insertion inside).

A batch's records are planned a part at a time (:meth:`hq.ingest.Plan.parts`,
:data:`PART` records each). In psycopg's pipeline mode a statement is sent without
waiting for its result, so the transaction goes out as:

- the look-up of the answer stored for this batch key (:data:`STORED`);
- per part, :data:`WRITE` with the part's candidate rows as one JSON document,
  expanded by ``jsonb_to_recordset``. Its CTEs, on the statement's snapshot:
  ``checked``, each candidate's refusal by what HQ holds: hanging on a dossier of
  another prefecture, referring to a blob HQ does not hold (``blob_missing``,
  retried); each probed by index (scalar subqueries: an ``EXISTS`` there would be
  planned as one hash of every other prefecture's dossiers per batch); ``written``,
  the version-guarded upsert of the candidates not refused (only the owner counter,
  only a higher version); ``owned``, the owner HQ holds, probed only for the
  candidates refused above and, if fewer rows were written than offered, for all
  (scalar subqueries too: a join there was planned as a hash of the whole table;
  ``OFFSET 0`` keeps the probe from running once per reference): held by another
  counter comes first (``uid_conflict``, or ``other_prefecture`` if
  of another prefecture); a candidate not written and owned by this counter is an
  older version, acknowledged without effect. It returns the refusals, as
  ``[index, outcome, reason]``;
- once the last part's verdicts are read: :data:`ANSWER`, the insertion of the
  batch's answer (the results packed as one JSON text), and ``COMMIT``.

The upserts and the answer commit together or not at all. If an answer was stored
for the batch, the transaction is rolled back and that answer given: a replay changes
nothing. If another HQ process applies the same batch at the same time, our upserts
wait for its rows, then the answer's primary key refuses ours once theirs commits,
the whole transaction is rolled back and theirs is given (both ways).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import psycopg
from sqlalchemy import Engine

from desk.sync import wire
from hq.auth import CounterIdentity, utcnow
from hq.ingest import MAX_BATCH, Plan, replayed

#: records per statement: small enough that planning a part takes less time than
#: PostgreSQL writing the one before, large enough that a statement's fixed cost is
#: spread (bench/bench_hq_ingest.py; docs/BENCHMARKS.md "HQ ingestion")
PART = 250
#: batches being applied by this process: when several are, they already keep
#: PostgreSQL and Python busy at once, and the pipelined transaction only adds
#: statements and waits (measured: two at a time, 0.3x slower than :data:`WHOLE`),
#: so each goes whole; a batch alone is split (False: never, for the tests)
SPLIT_WHEN_ALONE = True
_applying = 0
_lock = threading.Lock()
STORED = "SELECT response FROM batches WHERE counter_id = %s AND key = %s"
_UPDATE = ("version", "day", "dossier_uid", "deleted", "data", "received_at")
_ROWS = (
    "jsonb_to_recordset(%(rows)s::jsonb) AS t(i int, entity varchar, uid varchar,"
    " version int8, day date, dossier_uid varchar, deleted bool, blobs jsonb, data jsonb)"
)
#: on ``candidates``: the checks, the upsert and the owners, down to ``owned``
_CHECKS = (
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
    " SELECT c.i, CASE WHEN c.owner <> %(counter)s THEN CASE WHEN (SELECT r.prefecture"
    " FROM records r WHERE r.entity = c.entity AND r.uid = c.uid) <> %(prefecture)s"
    " THEN 'other_prefecture' ELSE 'uid_conflict' END ELSE c.reason END AS reason"
    " FROM (SELECT c.*, (SELECT r.counter_id FROM records r WHERE r.entity = c.entity"
    " AND r.uid = c.uid) AS owner FROM checked c WHERE c.reason IS NOT NULL"
    " OR (SELECT count(*) FROM written) < (SELECT count(*) FROM checked WHERE reason IS NULL)"
    " OFFSET 0) c)"
)
_VERDICTS = (
    " SELECT i, CASE WHEN reason = 'blob_missing' THEN 'retry' ELSE 'rejected' END AS outcome,"
    " reason FROM owned WHERE reason IS NOT NULL"
)
WRITE = "WITH candidates AS (SELECT t.* FROM " + _ROWS + ")," + _CHECKS + _VERDICTS
#: a whole batch in one statement (autocommit: its own transaction): the stored
#: answer if any (then nothing is written), else the parts' work and the answer's
#: insertion, with the database's verdicts stored beside the packed results
WHOLE = (
    "WITH prior AS (" + STORED.replace("%s", "%(counter)s", 1).replace("%s", "%(key)s") + "),"
    " candidates AS (SELECT t.* FROM "
    + _ROWS
    + " WHERE NOT EXISTS (SELECT FROM prior)),"
    + _CHECKS
    + ", verdicts AS ("
    + _VERDICTS
    + "), answer AS (INSERT INTO batches (counter_id, key, received_at, response)"
    " SELECT %(counter)s, %(key)s, %(now)s, jsonb_build_object('idempotency_key',"
    " %(key)s::text, 'packed_results', %(packed)s::text, 'overrides', COALESCE((SELECT"
    " jsonb_agg(jsonb_build_array(i, outcome, reason) ORDER BY i) FROM verdicts),"
    " '[]'::jsonb)) WHERE NOT EXISTS (SELECT FROM prior))"
    " SELECT response, NULL::int, NULL::text, NULL::text FROM prior"
    " UNION ALL SELECT NULL, i, outcome, reason FROM verdicts"
)
ANSWER = (
    "INSERT INTO batches (counter_id, key, received_at, response) VALUES (%(counter)s,"
    " %(key)s::text, %(now)s, jsonb_build_object('idempotency_key', %(key)s::text,"
    " 'packed_results', %(packed)s::text))"
)


def apply(engine: Engine, who: CounterIdentity, found: Plan) -> wire.BatchResponse:
    global _applying
    with _lock:
        _applying += 1
        alone = _applying == 1
    try:
        if alone and SPLIT_WHEN_ALONE:
            return _apply(engine, who, found)
        return _apply_whole(engine, who, found)
    finally:
        with _lock:
            _applying -= 1


@contextlib.contextmanager
def _connection(engine: Engine) -> Iterator[psycopg.Connection[Any]]:
    """The psycopg connection of one pooled connection, given back to the pool after
    use, or dropped from it if it broke."""
    pooled = engine.raw_connection()
    try:
        conn: psycopg.Connection[Any] = pooled.driver_connection  # type: ignore[assignment]
        yield conn
    except psycopg.OperationalError:
        pooled.invalidate()  # a broken connection must not go back to the pool
        raise
    finally:
        pooled.close()


def _apply(engine: Engine, who: CounterIdentity, found: Plan) -> wire.BatchResponse:
    with _connection(engine) as conn:
        try:
            with conn.pipeline():
                stored = run(conn, who, found)
                if stored is None:
                    conn.commit()
        except psycopg.errors.UniqueViolation:
            # the same batch applied concurrently by another HQ process
            conn.rollback()
            row = conn.execute(STORED, (who.id, found.key)).fetchone()
            conn.rollback()
            if row is None:
                raise
            return replayed(row[0])
        except BaseException:
            if not conn.closed:
                conn.rollback()
            raise
        if stored is not None:
            conn.rollback()  # whatever the parts wrote: a replay changes nothing
            return replayed(stored)
        return found.response()


def run(conn: psycopg.Connection[Any], who: CounterIdentity, found: Plan) -> dict[str, Any] | None:
    """Send the batch ``found`` (planned as it goes) in ``conn``'s transaction, without
    committing it: the answer stored before (the caller rolls back), or None once the
    database's verdicts are applied to ``found`` and its answer is inserted. In
    pipeline mode, each part goes out while the next is planned."""
    now = utcnow()
    prior = conn.execute(STORED, (who.id, found.key))
    params: dict[str, Any] = {"counter": who.id, "prefecture": who.prefecture, "now": now}
    sent = [conn.execute(WRITE, {**params, "rows": doc}) for doc in found.parts(PART)]
    row = prior.fetchone()
    if row is not None:
        stored: dict[str, Any] = row[0]
        return stored
    for cursor in sent:
        found.refuse([list(v) for v in cursor.fetchall()])
    conn.execute(ANSWER, {**params, "key": found.key, "packed": found.packed()})
    return None


def _apply_whole(engine: Engine, who: CounterIdentity, found: Plan) -> wire.BatchResponse:
    """The batch in one statement, :data:`WHOLE`, in autocommit mode (no ``BEGIN`` or
    ``COMMIT`` round trip); if another HQ process applied it at the same time, the
    answer's primary key refuses ours once theirs commits and theirs is given."""
    with _connection(engine) as conn:
        conn.autocommit = True
        try:
            params = {"counter": who.id, "prefecture": who.prefecture, "key": found.key,
                      "now": utcnow(), "packed": None, "rows": None}  # fmt: skip
            docs = list(found.parts(MAX_BATCH))
            params["rows"] = docs[0] if docs else "[]"
            params["packed"] = found.packed()
            try:
                answer = conn.execute(WHOLE, params).fetchall()
            except psycopg.errors.UniqueViolation:
                row = conn.execute(STORED, (who.id, found.key)).fetchone()
                if row is None:
                    raise
                return replayed(row[0])
            if answer and answer[0][0] is not None:
                return replayed(answer[0][0])
            found.refuse([[i, outcome, reason] for _, i, outcome, reason in answer])
            return found.response()
        finally:
            if not conn.closed:
                conn.autocommit = False
