"""The counter's Ed25519 key for signing its audit trail.

Kept in the data home's ``keys/audit-signing.key``, sealed with the data key (so it is
as protected as the data key: keyring, DPAPI or the owner-only file), created on first
use. The public key is written beside it (``audit-signing.pub``, raw 32 bytes) so the
trail can be checked by anyone who holds the public key — HQ included.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from desk.errors import DataHomeError
from desk.security.crypto import DecryptionError, FieldCipher
from desk.security.keys import _write_private

SIGNING_KEY_FILE = "audit-signing.key"
PUBLIC_KEY_FILE = "audit-signing.pub"
_AAD = "guichet/audit-signing-key/v1"


def load_or_create_signing_key(keys_dir: Path, cipher: FieldCipher) -> Ed25519PrivateKey:
    path = keys_dir / SIGNING_KEY_FILE
    if path.exists():
        try:
            raw = cipher.open_blob(path.read_bytes(), _AAD)
        except (OSError, DecryptionError) as exc:
            raise DataHomeError(
                f"audit signing key {path} unreadable: {exc}",
                reason="key_unreadable",
                path=str(path),
            ) from exc
        return Ed25519PrivateKey.from_private_bytes(raw)
    key = Ed25519PrivateKey.generate()
    _write_private(path, cipher.seal_blob(key.private_bytes_raw(), _AAD))
    _write_private(keys_dir / PUBLIC_KEY_FILE, key.public_key().public_bytes_raw())
    return key


def verifies(public: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True
