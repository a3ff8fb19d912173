"""The sync run: blobs first, then records in batches, then reference data.

:func:`plan` reads the outbox and returns what is due (pure data, testable);
:func:`run` does the I/O. The client marks only what HQ acknowledged, in one local
transaction per batch: killed at any point, the next run resends what was not marked
and HQ's idempotency (batch key, record version) makes the resend harmless.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from desk.app import Counter
from desk.errors import DeskError
from desk.services.common import utcnow
from desk.store.db import transaction
from desk.store.models import OutboxRow
from desk.sync import credentials, wire
from desk.sync.records import Serializer
from desk.sync.transport import HQClient, HQRefused, HQUnavailable
from desk.sync.upload import upload_blobs

log = logging.getLogger(__name__)

BATCH_SIZE = 200
#: outbox ids per UPDATE when marking acknowledged rows (SQLite's bound-parameter limit)
_SETTLE_CHUNK = 500
#: a record HQ keeps answering "retry" to is retried at most this far apart
MAX_RETRY_DELAY = 6 * 3600.0

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Item:
    """One entity to send: the outbox rows it settles and the version it carries."""

    entity: str
    uid: str
    op: str
    version: int
    outbox_ids: tuple[int, ...]


@dataclass
class SyncReport:
    uploaded: int = 0
    acknowledged: int = 0
    needs_action: int = 0
    retry_later: int = 0
    pending: int = 0
    blobs_uploaded: int = 0
    blob_bytes: int = 0
    pulled: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    purged: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "uploaded": self.uploaded,
            "acknowledged": self.acknowledged,
            "needs_action": self.needs_action,
            "retry_later": self.retry_later,
            "pending": self.pending,
            "blobs": {"uploaded": self.blobs_uploaded, "bytes": self.blob_bytes},
            "pulled": self.pulled,
            "errors": self.errors,
            "purged": self.purged,
        }


def plan(counter: Counter, now: datetime | None = None, force: bool = False) -> list[Item]:
    """Outbox rows due for sending, one item per entity (the newest state covers the
    older changes). ``force`` ignores the backoff delays ("sync now")."""
    now = now or utcnow()
    q = select(OutboxRow.id, OutboxRow.entity, OutboxRow.entity_uid, OutboxRow.op).where(
        OutboxRow.state == "pending"
    )
    if not force:
        q = q.where((OutboxRow.next_attempt_at.is_(None)) | (OutboxRow.next_attempt_at <= now))
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    with counter.sessions() as s:
        for oid, entity, uid, op in s.execute(q.order_by(OutboxRow.id)):
            groups.setdefault((entity, uid), []).append((oid, op))
    items = []
    for (entity, uid), rows in groups.items():
        ops = {op for _, op in rows}
        op = "delete" if "delete" in ops else ("event" if ops == {"event"} else "upsert")
        items.append(Item(entity, uid, op, rows[-1][0], tuple(oid for oid, _ in rows)))
    items.sort(key=lambda i: i.version)
    return items


def client_for(
    counter: Counter, server: str | None = None, factory: type[HQClient] = HQClient, **kw: Any
) -> HQClient:
    """The signed client of this counter (``factory``: a subclass, e.g. the window's
    cancellable one in desk.services.sync)."""
    enrol = credentials.load_enrolment(counter.home.keys)
    ca = counter.config.extra.get("hq_ca_file")
    return factory(
        server or enrol.server,
        credentials.load_key(counter.home.keys),
        enrol.counter_id,
        ca_file=ca,
        **kw,
    )


def run(
    counter: Counter,
    server: str | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    client: HQClient | None = None,
    pull: bool = True,
) -> SyncReport:
    """One sync: upload what is due, pull reference data, apply retention."""
    from desk.sync import lock, reference, retention

    report = SyncReport()
    with lock.sync_lock(counter.home.root):
        own = client is None
        hq = client or client_for(counter, server)
        try:
            _upload(counter, hq, plan(counter, force=force), report, progress or _quiet)
            if pull:
                try:
                    report.pulled = reference.pull(counter, hq)
                except (DeskError, OSError, ValueError) as exc:  # never blocks uploads
                    log.info("reference data not pulled: %s", exc)
                    report.pulled = {"error": str(exc)}
        finally:
            if own:
                hq.close()
        report.purged = retention.purge(counter)
    with counter.sessions() as s:
        report.pending = (
            s.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.state == "pending")
            )
            or 0
        )
        report.needs_action = (
            s.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.state == "rejected")
            )
            or 0
        )
    return report


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def _batches(items: list[Item], size: int) -> Iterator[list[Item]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _upload(
    counter: Counter, hq: HQClient, items: list[Item], report: SyncReport, progress: Progress
) -> None:
    enrol = credentials.load_enrolment(counter.home.keys)
    done = 0
    for batch in _batches(items, BATCH_SIZE):
        progress("records", done, len(items))
        with counter.sessions() as s:
            ser = Serializer(s, counter.cipher)
            pairs = [
                (item, ser.serialise(item.entity, item.uid, item.op, item.version))
                for item in batch
            ]
        unknown = [item for item, rec in pairs if rec is None]
        if unknown:
            _settle(counter, [(i, "rejected", "unknown_entity") for i in unknown])
        sendable = [(item, rec) for item, rec in pairs if rec is not None]
        try:
            broken, refused = _send_blobs(counter, hq, [rec for _, rec in sendable], report)
            for shas, reason in ((broken, "blob_unreadable"), (refused, "blob_too_large")):
                if shas:
                    bad = [
                        (i, "rejected", reason)
                        for i, r in sendable
                        if set(wire.record_blobs(r)) & shas
                    ]
                    _settle(counter, bad)
                    sendable = [(i, r) for i, r in sendable if not set(wire.record_blobs(r)) & shas]
            if sendable:
                _send_records(counter, hq, enrol, sendable, report)
        except HQUnavailable as exc:
            report.errors.append(str(exc))
            _settle(counter, [(i, "retry", "hq_unavailable") for i, _ in sendable])
            return  # HQ is down: the rest waits for the next run
        except HQRefused as exc:
            report.errors.append(str(exc))
            _settle(counter, [(i, "retry", exc.reason) for i, _ in sendable])
            return
        done += len(batch)
    progress("records", done, len(items))


def _send_blobs(
    counter: Counter, hq: HQClient, records: list[wire.Record], report: SyncReport
) -> tuple[set[str], set[str]]:
    """Upload the blobs these records need that HQ lacks; returns the hashes that cannot
    be read locally and those HQ refused as too large."""
    shas = sorted({sha for r in records if r.op != "delete" for sha in wire.record_blobs(r)})
    refused: set[str] = set()
    count, size, broken = upload_blobs(counter, hq, shas, refused)
    report.blobs_uploaded += count
    report.blob_bytes += size
    return broken, refused


def _send_records(
    counter: Counter,
    hq: HQClient,
    enrol: credentials.Enrolment,
    pairs: list[tuple[Item, wire.Record]],
    report: SyncReport,
) -> None:
    """Send one batch and record HQ's answers. A batch HQ refuses as too large (413),
    or larger than wire.MAX_BODY, is sent again in halves; a single record refused so
    is rejected for good (it would be refused every night: the agent sees it in needs
    action)."""
    records = [rec for _, rec in pairs]
    body: wire.BatchRequest = {
        "idempotency_key": wire.batch_key(enrol.counter_id, records),
        "prefecture": counter.config.prefecture,
        "records": [r.to_json() for r in records],
    }
    # beyond HQ's limit it would not even be read: split (or reject) without sending
    oversize = len(json.dumps(body, separators=(",", ":")).encode()) > wire.MAX_BODY
    try:
        if oversize:
            raise HQRefused(413, "body_too_large")
        _, answer = hq.call("POST", f"{wire.API}/records", payload=body)
    except HQRefused as exc:
        if exc.status != 413:
            raise
        if len(pairs) == 1:
            _settle(counter, [(pairs[0][0], "rejected", "record_too_large")])
            return
        half = len(pairs) // 2
        _send_records(counter, hq, enrol, pairs[:half], report)
        _send_records(counter, hq, enrol, pairs[half:], report)
        return
    report.uploaded += len(records)
    by_key = {(i.entity, i.uid): i for i, _ in pairs}
    outcomes = []
    for res in answer.get("results", []):
        item = by_key.get((str(res.get("entity")), str(res.get("uid"))))
        if item is None:
            continue
        outcome = str(res.get("outcome"))
        outcomes.append((item, outcome, res.get("reason")))
        if outcome == "acked":
            report.acknowledged += 1
        elif outcome == "retry":
            report.retry_later += 1
    _settle(counter, outcomes)


def _settle(counter: Counter, outcomes: list[tuple[Item, str, Any]]) -> None:
    """Record HQ's answers in the outbox (one local transaction)."""
    if not outcomes:
        return
    now = utcnow()
    acked = [oid for item, outcome, _ in outcomes if outcome == "acked" for oid in item.outbox_ids]
    with transaction(counter.sessions) as s:
        # the acknowledged rows (most of them) in a few statements, not one per item
        for i in range(0, len(acked), _SETTLE_CHUNK):
            s.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(acked[i : i + _SETTLE_CHUNK]))
                .values(state="acked", acked_at=now, last_error=None, next_attempt_at=None)
                .execution_options(synchronize_session=False)
            )
        for item, outcome, reason in outcomes:
            if outcome == "acked":
                continue
            ids = list(item.outbox_ids)
            rows = s.scalars(select(OutboxRow).where(OutboxRow.id.in_(ids))).all()
            for row in rows:
                row.attempts += 1
                row.last_error = str(reason or outcome)
                if outcome == "rejected":
                    row.state = "rejected"
                    row.next_attempt_at = None
                else:
                    delay = min(MAX_RETRY_DELAY, 30.0 * 2 ** min(row.attempts, 20))
                    row.next_attempt_at = now + timedelta(seconds=delay)


def needs_action(counter: Counter) -> list[dict[str, Any]]:
    """The rejected items an agent must look at."""
    with counter.sessions() as s:
        rows = s.scalars(
            select(OutboxRow).where(OutboxRow.state == "rejected").order_by(OutboxRow.id)
        ).all()
        return [
            {
                "id": r.id,
                "entity": r.entity,
                "uid": r.entity_uid,
                "reason": r.last_error,
                "attempts": r.attempts,
                "created_at": r.created_at.isoformat(),
            }
            for r in rows
        ]


def retry_rejected(counter: Counter, ids: list[int]) -> int:
    """Put rejected items back in the queue after the agent fixed the cause."""
    with transaction(counter.sessions) as s:
        result = s.execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_(ids), OutboxRow.state == "rejected")
            .values(state="pending", next_attempt_at=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def status(counter: Counter, limit: int = 500) -> dict[str, Any]:
    """Per-item state for the sync panel and ``desk sync status``: counts by state,
    the items not yet acknowledged (attempts, last error, next retry), needs action."""
    with counter.sessions() as s:
        counts = dict(
            s.execute(select(OutboxRow.state, func.count()).group_by(OutboxRow.state)).all()
        )
        rows = s.scalars(
            select(OutboxRow).where(OutboxRow.state != "acked").order_by(OutboxRow.id).limit(limit)
        ).all()
        items = [
            {
                "id": r.id,
                "entity": r.entity,
                "uid": r.entity_uid,
                "op": r.op,
                "state": r.state,
                "attempts": r.attempts,
                "last_error": r.last_error,
                "next_attempt_at": r.next_attempt_at.isoformat() if r.next_attempt_at else None,
                "created_at": r.created_at.isoformat(),
            }
            for r in rows
        ]
        last_ack = s.scalar(select(func.max(OutboxRow.acked_at)))
    return {
        "pending": counts.get("pending", 0),
        "acked": counts.get("acked", 0),
        "rejected": counts.get("rejected", 0),
        "last_acknowledged_at": last_ack.isoformat() if last_ack else None,
        "items": items,
        "needs_action": [i for i in items if i["state"] == "rejected"],
    }
