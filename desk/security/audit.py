"""The audit trail: every creation, change and viewing of an applicant's personal data,
every print and export, every log-in and failed log-in — append-only, hash-chained and
signed with the counter's Ed25519 key.

Each event's ``hash`` is the SHA-256 of its canonical fields *and the previous event's
hash*; its ``signature`` signs that hash. Changing, deleting or reordering events breaks
the chain at the first event touched; :func:`verify` says which. Deleting the newest
events is caught by the signed *head* file (``audit.head`` in the data home) written
after each commit. Events are also queued in the outbox (entity ``audit``) so HQ keeps a
copy the counter cannot rewrite.

Use :func:`append` inside a use case's transaction (the event commits with the change),
or :func:`log` on its own. The trail reaches a session through ``session.info`` —
:func:`install` puts it there for every session of an opened counter.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from desk.security.crypto import DecryptionError, FieldCipher
from desk.security.roles import Action, require
from desk.security.signing import load_or_create_signing_key, verifies
from desk.store.db import transaction
from desk.store.models import AuditRow, OutboxRow

if TYPE_CHECKING:
    from desk.app import Counter

log = logging.getLogger(__name__)

GENESIS = "0" * 64
HEAD_FILE = "audit.head"
_INFO_KEY = "audit_trail"
_HEAD_KEY = "audit_head"


class Who(Protocol):
    @property
    def login(self) -> str: ...

    @property
    def agent_id(self) -> int | None: ...


@dataclass
class Trail:
    cipher: FieldCipher
    key: Ed25519PrivateKey
    head_path: Path
    public: Any = field(init=False)

    def __post_init__(self) -> None:
        self.public = self.key.public_key()


def install(counter: Counter) -> Trail:
    """Attach the audit trail to every session of ``counter`` (called by open_counter)."""
    trail = Trail(
        counter.cipher,
        load_or_create_signing_key(counter.home.keys, counter.cipher),
        counter.home.root / HEAD_FILE,
    )
    info = dict(counter.sessions.kw.get("info") or {})
    info[_INFO_KEY] = trail
    counter.sessions.configure(info=info)
    # Marked on the sessionmaker itself: event.contains() keys its registry by id(),
    # and a new sessionmaker reusing a collected one's address was reported as
    # already listened to — its head was then never written (a flaky "head_missing").
    if not getattr(counter.sessions, "_guichet_audit_listeners", False):
        event.listen(counter.sessions, "after_commit", _write_head)
        event.listen(counter.sessions, "after_rollback", _forget_head)
        counter.sessions._guichet_audit_listeners = True  # type: ignore[attr-defined]
    return trail


def trail_of(session: Session) -> Trail | None:
    trail = session.info.get(_INFO_KEY)
    return trail if isinstance(trail, Trail) else None


# --- writing -----------------------------------------------------------------------------


def _canonical(row: AuditRow) -> bytes:
    doc = {
        "seq": row.seq,
        "uid": row.uid,
        "at": row.at.isoformat(),
        "actor": row.actor,
        "agent_id": row.agent_id,
        "action": row.action,
        "subject": row.subject,
        "payload_mac": row.payload_mac,
        "prev": row.prev_hash,
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _hash(row: AuditRow) -> str:
    return hashlib.sha256(_canonical(row)).hexdigest()


def _payload_bytes(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False).encode()


def append(
    session: Session,
    actor: Who,
    action: str,
    subject: str | None = None,
    **payload: Any,
) -> AuditRow | None:
    """Add an event to the trail in ``session``'s transaction (nothing when the session
    belongs to no opened counter)."""
    trail = trail_of(session)
    if trail is None:
        log.debug("no audit trail on this session: %s not recorded", action)
        return None
    from desk.services.common import utcnow

    last = session.execute(
        select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    plain = _payload_bytes(payload) if payload else None
    row = AuditRow(
        seq=seq,
        uid=os.urandom(16).hex(),
        at=utcnow(),
        actor=actor.login,
        agent_id=actor.agent_id,
        action=action,
        subject=subject,
        payload_enc=trail.cipher.seal_blob(plain, "audit-payload") if plain else None,
        payload_mac=trail.cipher.mac("audit-payload", plain) if plain else "",
        prev_hash=prev,
    )
    row.hash = _hash(row)
    row.signature = trail.key.sign(bytes.fromhex(row.hash)).hex()
    session.add(row)
    session.add(
        OutboxRow(
            entity="audit", entity_uid=row.uid, op="event", created_at=row.at, state="pending"
        )
    )
    session.flush()
    session.info[_HEAD_KEY] = (row.seq, row.hash)
    return row


def log_event(
    counter: Counter, actor: Who, action: str, subject: str | None = None, **payload: Any
) -> None:
    """Record an event in a transaction of its own (e.g. a failed log-in, a print)."""
    with transaction(counter.sessions) as session:
        append(session, actor, action, subject, **payload)


def _head_signature(trail: Trail, seq: int, digest: str) -> bytes:
    return trail.key.sign(f"audit-head\x00{seq}\x00{digest}".encode())


def _write_head(session: Session) -> None:
    head = session.info.pop(_HEAD_KEY, None)
    trail = trail_of(session)
    if head is None or trail is None:
        return
    seq, digest = head
    doc = {"seq": seq, "hash": digest, "sig": _head_signature(trail, seq, digest).hex()}
    tmp = trail.head_path.with_name(f"{HEAD_FILE}.{os.getpid()}.tmp")
    try:
        current = _read_head(trail.head_path)
        if current is not None and int(current.get("seq", 0)) > seq:
            return  # another process already wrote a later head
        tmp.write_text(json.dumps(doc), encoding="utf-8")
        os.replace(tmp, trail.head_path)
    except OSError as exc:  # the events are committed; verify reports the stale head
        log.error("cannot write the audit head %s: %s", trail.head_path, exc)


def _forget_head(session: Session) -> None:
    session.info.pop(_HEAD_KEY, None)


def _read_head(path: Path) -> dict[str, Any] | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"seq": -1, "hash": "", "sig": ""}
    return doc if isinstance(doc, dict) else {"seq": -1, "hash": "", "sig": ""}


# --- reading and checking -------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    intact: bool
    events: int
    redacted: int = 0
    first_bad: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "intact": self.intact,
            "events": self.events,
            "redacted": self.redacted,
        }
        if self.first_bad is not None:
            out["first_bad"] = self.first_bad
        return out


def _bad(row: AuditRow | None, position: int, reason: str) -> dict[str, Any]:
    out: dict[str, Any] = {"position": position, "reason": reason}
    if row is not None:
        out |= {"id": row.id, "seq": row.seq, "at": row.at.isoformat(), "action": row.action}
    return out


def _check_row(trail: Trail, row: AuditRow, expected_seq: int, prev: str) -> str | None:
    if row.seq != expected_seq:
        return "sequence"  # an event deleted, inserted or moved
    if row.prev_hash != prev:
        return "chain"
    if _hash(row) != row.hash:
        return "altered"
    try:
        signature = bytes.fromhex(row.signature)
    except ValueError:
        return "signature"
    if not verifies(trail.public, signature, bytes.fromhex(row.hash)):
        return "signature"
    if row.payload_enc is not None:
        try:
            plain = trail.cipher.open_blob(row.payload_enc, "audit-payload")
        except DecryptionError:
            return "payload"
        if trail.cipher.mac("audit-payload", plain) != row.payload_mac:
            return "payload"
    return None


def verify(counter: Counter, actor: Any = None) -> Verdict:
    """Check the whole trail: chain, hashes, signatures, payload digests, head."""
    if actor is not None:
        require(actor, Action.VIEW_AUDIT)
    trail = (counter.sessions.kw.get("info") or {}).get(_INFO_KEY) or install(counter)
    count = redacted = 0
    prev = GENESIS
    last_seq = 0
    with counter.sessions() as session:
        for row in session.scalars(select(AuditRow).order_by(AuditRow.id)):
            count += 1
            reason = _check_row(trail, row, last_seq + 1, prev)
            if reason is not None:
                return Verdict(False, count, redacted, _bad(row, count, reason))
            redacted += row.payload_enc is None and row.payload_mac != ""
            prev, last_seq = row.hash, row.seq
    head = _read_head(trail.head_path)
    if head is None:
        if count:
            return Verdict(False, count, redacted, _bad(None, count + 1, "head_missing"))
        return Verdict(True, 0)
    head_seq, head_hash = int(head.get("seq", -1)), str(head.get("hash", ""))
    try:
        sig = bytes.fromhex(str(head.get("sig", "")))
    except ValueError:
        sig = b""
    signed = f"audit-head\x00{head_seq}\x00{head_hash}".encode()
    if not verifies(trail.public, sig, signed):
        return Verdict(False, count, redacted, _bad(None, count + 1, "head_signature"))
    if head_seq > last_seq:  # the newest events were deleted
        return Verdict(False, count, redacted, _bad(None, last_seq + 1, "truncated"))
    with counter.sessions() as session:
        at_head = session.scalar(select(AuditRow.hash).where(AuditRow.seq == head_seq))
    if at_head != head_hash:
        return Verdict(False, count, redacted, _bad(None, head_seq, "head_mismatch"))
    return Verdict(True, count, redacted)


@dataclass(frozen=True)
class Event:
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str | None
    payload: dict[str, Any] | None


def events(
    counter: Counter, actor: Any, subject: str | None = None, limit: int = 200
) -> list[Event]:
    """The newest events (optionally of one subject), payloads decrypted."""
    require(actor, Action.VIEW_AUDIT)
    query = select(AuditRow).order_by(AuditRow.seq.desc()).limit(limit)
    if subject is not None:
        query = query.where(AuditRow.subject == subject)
    out = []
    with counter.sessions() as session:
        for row in session.scalars(query):
            payload = None
            if row.payload_enc is not None:
                payload = json.loads(counter.cipher.open_blob(row.payload_enc, "audit-payload"))
            out.append(Event(row.seq, row.at, row.actor, row.action, row.subject, payload))
    return out


def redact_before(
    counter: Counter, actor: Any, cutoff: datetime, acknowledged_only: bool = False
) -> int:
    """Erase the personal payload of events older than ``cutoff`` (retention) — with
    ``acknowledged_only``, only of events HQ acknowledged. The chain keeps each
    payload's digest, so it still verifies."""
    require(actor, Action.PURGE)
    where = [AuditRow.at < cutoff, AuditRow.payload_enc.is_not(None)]
    if acknowledged_only:
        acked = select(OutboxRow.entity_uid).where(
            OutboxRow.entity == "audit", OutboxRow.state == "acked"
        )
        where.append(AuditRow.uid.in_(acked))
    with transaction(counter.sessions) as session:
        result = session.execute(update(AuditRow).where(*where).values(payload_enc=None))
        count = int(getattr(result, "rowcount", 0) or 0)
        if count:
            append(session, actor, "audit.redact", None, events=count, before=cutoff.isoformat())
    return count


def count_events(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)


__all__ = [
    "Trail",
    "Verdict",
    "append",
    "count_events",
    "events",
    "install",
    "log_event",
    "redact_before",
    "verify",
]
