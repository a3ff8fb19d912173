"""Counter credentials: one-time enrolment tokens, Ed25519 public keys, and the check
of every signed request (signature, freshness, nonce never seen before)."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from desk.domain.dossier import prefecture_code
from desk.sync import wire
from hq.db import autocommit, transaction
from hq.models import CounterRow, NonceRow

TOKEN_LIFETIME = timedelta(days=7)
#: ``counters.last_seen_at`` is written at most this often (not at every request)
LAST_SEEN_RESOLUTION = timedelta(seconds=60)


class AuthError(Exception):
    """A request or enrolment is refused; ``reason`` is a stable code."""

    def __init__(self, reason: str, status: int = 401) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class CounterIdentity:
    id: int
    prefecture: str
    number: int


def utcnow() -> datetime:
    return datetime.now(UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(sessions: sessionmaker[Session], prefecture: str, number: int) -> str:
    """A one-time enrolment token for counter ``number`` of ``prefecture`` (a new
    token replaces an unused one and revokes the counter's previous key)."""
    prefecture = prefecture_code(prefecture)
    if not 0 < number < 100:
        raise ValueError("counter must be 1-99")
    # base32: letters and digits only (a token starting with "-" would read as an option)
    token = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    now = utcnow()
    with transaction(sessions) as s:
        row = s.scalar(
            select(CounterRow).where(
                CounterRow.prefecture == prefecture, CounterRow.number == number
            )
        )
        if row is None:
            row = CounterRow(prefecture=prefecture, number=number, site="", created_at=now)
            s.add(row)
        row.token_hash = _token_hash(token)
        row.token_expires_at = now + TOKEN_LIFETIME
        row.public_key = None
        row.enrolled_at = None
        row.active = True
    return token


def enrol(sessions: sessionmaker[Session], req: wire.EnrolRequest) -> CounterIdentity:
    """Exchange a one-time token for the registration of the counter's public key."""
    try:
        public = bytes.fromhex(req["public_key"])
        key = Ed25519PublicKey.from_public_bytes(public)
        key.verify(bytes.fromhex(req["proof"]), req["token"].encode())
    except (ValueError, KeyError, InvalidSignature) as exc:
        raise AuthError("bad_proof") from exc
    now = utcnow()
    with transaction(sessions) as s:
        row = s.scalar(
            select(CounterRow)
            .where(CounterRow.token_hash == _token_hash(req["token"]))
            .with_for_update()
        )
        if row is None or row.token_expires_at is None or row.token_expires_at < now:
            raise AuthError("bad_token")
        if row.prefecture != prefecture_code(str(req["prefecture"])) or row.number != int(
            req["counter"]
        ):
            raise AuthError("token_for_another_counter", 403)
        row.token_hash = None  # one use only
        row.token_expires_at = None
        row.public_key = public
        row.enrolled_at = now
        row.site = str(req.get("site", ""))[:200]
        return CounterIdentity(row.id, row.prefecture, row.number)


def verify_request(
    sessions: sessionmaker[Session],
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes,
    now: float | None = None,
) -> CounterIdentity:
    """Check a signed request; returns the counter or raises AuthError."""
    try:
        counter_id = int(headers[wire.H_COUNTER.lower()])
        timestamp = int(headers[wire.H_TIMESTAMP.lower()])
        nonce = headers[wire.H_NONCE.lower()]
        signature = bytes.fromhex(headers[wire.H_SIGNATURE.lower()])
    except (KeyError, ValueError) as exc:
        raise AuthError("unsigned") from exc
    if not 16 <= len(nonce) <= 64:
        raise AuthError("unsigned")
    now = time.time() if now is None else now
    if abs(now - timestamp) > wire.MAX_CLOCK_SKEW:
        raise AuthError("stale_request")
    signed = wire.canonical_request(method, path, timestamp, nonce, body)
    # two round trips: the counter's key, then the nonce (each statement commits alone)
    with autocommit(sessions) as conn:
        row = conn.execute(
            select(
                CounterRow.prefecture,
                CounterRow.number,
                CounterRow.public_key,
                CounterRow.active,
                CounterRow.last_seen_at,
            ).where(CounterRow.id == counter_id)
        ).first()
        if row is None or row.public_key is None or not row.active:
            raise AuthError("unknown_counter")
        try:
            Ed25519PublicKey.from_public_bytes(row.public_key).verify(signature, signed)
        except InvalidSignature as exc:
            raise AuthError("bad_signature") from exc
        seen = utcnow()
        try:
            conn.execute(insert(NonceRow).values(counter_id=counter_id, nonce=nonce, seen_at=seen))
        except IntegrityError as exc:
            raise AuthError("replayed_request") from exc
        if row.last_seen_at is None or seen - row.last_seen_at > LAST_SEEN_RESOLUTION:
            conn.execute(
                update(CounterRow).where(CounterRow.id == counter_id).values(last_seen_at=seen)
            )
    if secrets.randbelow(200) == 0:
        prune_nonces(sessions)
    return CounterIdentity(counter_id, row.prefecture, row.number)


def prune_nonces(sessions: sessionmaker[Session]) -> None:
    cutoff = utcnow() - timedelta(seconds=2 * wire.MAX_CLOCK_SKEW)
    with transaction(sessions) as s:
        s.execute(delete(NonceRow).where(NonceRow.seen_at < cutoff))
