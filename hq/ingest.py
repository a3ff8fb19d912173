"""Applying a counter's record batch: per-record answers, idempotent by batch key and by
record version, scoped to the counter's prefecture.

A batch seen before gets the answer stored with it and changes nothing. Within a new
batch each record is upserted only if its version is higher than what HQ holds (and
only by the counter that owns it), so an old or repeated record is acknowledged
without effect. The batch's answer is stored by the transaction that applies it.

A batch is two steps. :func:`plan` (pure, one pass over the records, a part at a
time if the caller wants: :meth:`Plan.parts`) answers what the records alone decide
— malformed records, a dossier numbered in another prefecture, older copies of a
record in the same batch, data PostgreSQL cannot store (a NUL character, a lone
surrogate) — and lists the candidates to write. The
database then checks what depends on what HQ holds (the record's owner, its
dossier's prefecture, the blobs it refers to), upserts and stores the answer, in one
transaction: on PostgreSQL (hq.ingest_pg) one statement per part of the batch,
pipelined, each sent while the next part is planned; on SQLite (the demo,
hq.ingest_sqlite) as plain statements.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from desk.sync import wire
from hq.auth import CounterIdentity

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


Record = tuple[str, str, str, int, dict[str, Any]]


class Plan:
    """A new batch's answer as far as its records alone decide it, and the candidates
    the database still checks.

    ``results`` holds ``[entity, uid, outcome, reason]`` per record (a candidate is
    ``acked`` until the database says otherwise); each candidate row carries its
    record's index ``i``, the columns to write and ``blobs`` (the SHA-256 it refers
    to, if any); the dossier it hangs on (``dossier_uid`` of a record that is not a
    dossier) must be of the counter's prefecture.

    The records are planned in order, a part at a time (:meth:`parts`), so that
    PostgreSQL can write one part while the next is planned; :func:`plan` plans them
    all at once."""

    def __init__(self, who: CounterIdentity, key: str, records: list[Record]) -> None:
        self.key = key
        self.results: list[list[Any]] = []
        self.rows: list[dict[str, Any]] = []
        self._own = who.prefecture + "-"
        self._records = records
        self._newest: dict[tuple[str, str], int] = {}
        for entity, uid, _, version, _ in records:
            ident = (entity, uid)
            if self._newest.get(ident, version) <= version:
                self._newest[ident] = version

    def parts(self, size: int) -> Iterator[str]:
        """Plan the records not planned yet, ``size`` at a time, and give each part's
        candidate rows as one JSON document (one encoder call here, one parse in
        PostgreSQL; a key left out is NULL there). A part without candidates gives
        nothing."""
        while (lo := len(self.results)) < len(self._records):
            doc = self._plan(lo, min(lo + size, len(self._records)))
            if doc is not None:
                yield doc

    def packed(self) -> str:
        """The results as one JSON text: how the answer is stored (a single string in
        the JSONB column, cheap to write; it is only ever read back whole)."""
        return json.dumps(self.results, ensure_ascii=False, separators=(",", ":"))

    def refuse(self, overrides: list[list[Any]]) -> None:
        """Apply the database's verdicts ``[index, outcome, reason]``."""
        for i, outcome, reason in overrides:
            self.results[i][2:] = [outcome, reason]

    def response(self) -> wire.BatchResponse:
        return {
            "idempotency_key": self.key,
            "replayed": False,
            "results": [
                {"entity": e, "uid": u, "outcome": o, "reason": r} for e, u, o, r in self.results
            ],
        }

    def _plan(self, lo: int, hi: int) -> str | None:
        """Plan records ``lo`` to ``hi``: their results, and their candidates encoded
        (None if there are none)."""
        newest, results, own = self._newest, self.results, self._own
        rows: list[dict[str, Any]] = []
        for i in range(lo, hi):
            entity, uid, op, version, data = self._records[i]
            if newest.get((entity, uid)) != version:  # an older copy in the same batch
                results.append([entity, uid, "acked", None])
                continue
            newest.pop((entity, uid))
            reason = None
            blobs = _blobs(data) if op != "delete" else []
            malformed = not _ENTITY.match(entity) or not _UID.match(uid) or op not in _OPS
            # a malformed blob hash could never be uploaded: not worth retrying
            if malformed or not 0 < version < 2**63 or (blobs and not all(map(_SHA.match, blobs))):
                reason = "invalid_record"
            elif entity == "dossier" and not str(data.get("number", "")).startswith(own):
                reason = "other_prefecture"
            if reason is not None:
                results.append([entity, uid, "rejected", reason])
                continue
            dossier = dossier_of(entity, uid, data)
            row = {"i": i, "entity": entity, "uid": uid, "version": version, "data": data,
                   "day": day_of(entity, data), "dossier_uid": dossier}  # fmt: skip
            if op == "delete":
                row["deleted"] = True
            if blobs:
                row["blobs"] = blobs
            rows.append(row)
            results.append([entity, uid, "acked", None])
        if not rows:
            return None
        doc = _encode(rows)
        if not _clean(doc):
            rows = self._refuse_unstorable(rows)
            doc = _encode(rows)
        self.rows.extend(rows)
        return doc if rows else None

    def _refuse_unstorable(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Reject (permanently: it would fail the same way every night) each candidate
        whose data the database cannot store, so that the rest of the batch goes in."""
        kept = []
        for row in rows:
            if _storable(row["data"]):
                kept.append(row)
            else:
                self.results[row["i"]][2:] = ["rejected", "invalid_record"]
        return kept


def _encode(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def _clean(doc: str) -> bool:
    """Whether an encoded part holds nothing PostgreSQL refuses (one check of the whole
    text; the records are looked at one by one only when it finds something)."""
    try:
        doc.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\\u0000" not in doc


def day_of(entity: str, data: dict[str, Any]) -> str | None:
    """The record's day for statistics (ISO date), from the field that dates it."""
    raw = data.get(DAY_FIELDS.get(entity, ""))
    if not isinstance(raw, str):
        return None
    try:
        return datetime.fromisoformat(raw).date().isoformat()
    except ValueError:
        return None


def dossier_of(entity: str, uid: str, data: dict[str, Any]) -> str | None:
    if entity == "dossier":
        return uid
    value = data.get("dossier_uid")
    return value if isinstance(value, str) else None


def _blobs(data: dict[str, Any]) -> list[str]:
    """What wire.record_blobs finds, from the data alone (most records refer to none:
    one search of their joined keys tells)."""
    keys = "\n".join(data) + "\n"
    if "sha256\n" not in keys and "_blobs\n" not in keys:
        return []
    found = {str(v) for k, v in data.items() if k.endswith("sha256") and isinstance(v, str) and v}
    extra = data.get("_blobs")
    if isinstance(extra, list):
        found.update(str(v) for v in extra if isinstance(v, str) and v)
    return sorted(found)


def _data(value: Any) -> dict[str, Any]:
    return value if type(value) is dict else dict(value or {})


def parse(who: CounterIdentity, req: wire.BatchRequest) -> tuple[str, list[dict[str, Any]]]:
    """The batch's key and raw records, or BatchRefused for the whole batch."""
    key = str(req.get("idempotency_key", ""))
    if not 16 <= len(key) <= 64 or "\x00" in key:
        raise BatchRefused("bad_idempotency_key", 422)
    if req.get("prefecture") != who.prefecture:
        raise BatchRefused("other_prefecture", 403)
    raw = req.get("records") or []
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise BatchRefused("invalid_batch", 422)
    if len(raw) > MAX_BATCH:
        raise BatchRefused("batch_too_large", 413)
    return key, raw


def begin(who: CounterIdentity, key: str, raw: list[dict[str, Any]]) -> Plan:
    """The batch's plan, its records read but not planned yet (:meth:`Plan.parts`).
    Raises BatchRefused("invalid_batch") for a record that is not one (missing
    fields, a version that is not a number): before anything is written."""
    try:
        records = [
            (str(r["entity"]), str(r["uid"]), str(r.get("op", "upsert")), int(r["version"]),
             _data(r.get("data")))
            for r in raw
        ]  # fmt: skip
    except (KeyError, TypeError, ValueError) as exc:
        raise BatchRefused("invalid_batch", 422) from exc
    return Plan(who, key, records)


def plan(who: CounterIdentity, key: str, raw: list[dict[str, Any]]) -> Plan:
    """The batch's plan, every record planned (pure)."""
    found = begin(who, key, raw)
    for _ in found.parts(len(raw)):
        pass
    return found


def _storable(value: Any) -> bool:
    """Whether PostgreSQL's JSON and text types take ``value``: no NUL character, no
    lone surrogate (which JSON decoding lets through), in keys or strings."""
    if isinstance(value, str):
        return "\x00" not in value and (value.isascii() or _encodes(value))
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(v) for v in value)
    return True


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def replayed(stored: dict[str, Any]) -> wire.BatchResponse:
    """The stored answer of a batch seen before (any storage form)."""
    if "packed_results" in stored:
        packed = json.loads(stored["packed_results"])
        for i, outcome, reason in stored.get("overrides") or []:
            packed[i][2:] = [outcome, reason]
        results: list[wire.RecordResult] = [
            {"entity": e, "uid": u, "outcome": o, "reason": r} for e, u, o, r in packed
        ]
    else:  # stored before answers were packed
        results = stored["results"]
    return {"idempotency_key": stored["idempotency_key"], "replayed": True, "results": results}


def apply_batch(
    sessions: sessionmaker[Session], who: CounterIdentity, req: wire.BatchRequest
) -> wire.BatchResponse:
    key, raw = parse(who, req)
    engine = sessions.kw["bind"]
    if engine.dialect.name == "postgresql":
        from hq import ingest_pg

        return ingest_pg.apply(engine, who, begin(who, key, raw))
    from hq import ingest_sqlite

    return ingest_sqlite.apply(sessions, who, plan(who, key, raw))
