"""HQ's own Ed25519 key, kept in its database so that every HQ process signs with the
same key (attestations de dépôt). Its public half is published to counters with the
reference data (receipt verification keys)."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hq.auth import utcnow
from hq.db import transaction
from hq.models import KeyRow

ATTESTATION_KEY_ID = "hq-attestation-1"


def attestation_key(sessions: sessionmaker[Session]) -> tuple[str, Ed25519PrivateKey]:
    with sessions() as s:
        row = s.get(KeyRow, ATTESTATION_KEY_ID)
        if row is not None:
            return row.id, Ed25519PrivateKey.from_private_bytes(row.private_key)
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    try:
        with transaction(sessions) as s:
            s.add(
                KeyRow(
                    id=ATTESTATION_KEY_ID,
                    private_key=key.private_bytes_raw(),
                    public_key=public,
                    created_at=utcnow(),
                )
            )
    except IntegrityError:  # another HQ process created it first: use theirs
        return attestation_key(sessions)
    return ATTESTATION_KEY_ID, key


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
