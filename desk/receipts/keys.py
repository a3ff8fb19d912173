"""The counter's receipt-signing key and the published set of verification keys.

- ``keys/receipt-signing.key``: the counter's Ed25519 private key (raw 32 bytes,
  file mode 0600), created on first use.
- ``keys/receipt-keys.json``: the verification key set — public keys only, safe to
  publish. The counter adds its own key.
- ``reference/receipt_keys.json``: the keys HQ published (every enrolled counter's,
  of any prefecture, and HQ's own), replaced at each sync's reference pull — a key HQ
  no longer publishes (revoked) is no longer known. :func:`known_keys` reads both, so
  ``desk receipt verify`` checks another counter's receipt without any network.

Format of the key set::

    {"format": "guichet-receipt-keys/1",
     "keys": [{"kid": "1a2b3c4d", "site": "075-01", "public_key": "<base64url>",
               "created": "2026-11-27"}]}
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desk.errors import DataHomeError, InvalidInput

SIGNING_KEY_FILE = "receipt-signing.key"
KEY_SET_FILE = "receipt-keys.json"
KEY_SET_FORMAT = "guichet-receipt-keys/1"
#: under the data home: the key list of the last reference pull (desk.sync.reference)
PULLED_KEYS_FILE = Path("reference") / "receipt_keys.json"

log = logging.getLogger(__name__)


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public: bytes) -> str:
    """Short identifier of a public key: 8 hex digits of its SHA-256."""
    return hashlib.sha256(public).hexdigest()[:8]


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: Ed25519PrivateKey

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)

    @property
    def public(self) -> bytes:
        return raw_public(self.private.public_key())


@dataclass(frozen=True)
class VerificationKey:
    kid: str
    site: str
    public: bytes
    created: str = ""

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def load_or_create_signing_key(keys_dir: Path, site: str) -> SigningKey:
    """The counter's signing key; created (and published in the key set) if absent."""
    path = keys_dir / SIGNING_KEY_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        private = Ed25519PrivateKey.generate()
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

        raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        try:
            _write_private(path, raw)
        except OSError as exc:
            raise DataHomeError(
                f"cannot create {path}: {exc}", path=str(path), reason="not_writable"
            ) from exc
    except OSError as exc:
        raise DataHomeError(
            f"cannot read {path}: {exc}", path=str(path), reason="key_unreadable"
        ) from exc
    if len(raw) != 32:
        raise DataHomeError(
            f"signing key {path} is damaged", path=str(path), reason="key_unreadable"
        )
    key = Ed25519PrivateKey.from_private_bytes(raw)
    signing = SigningKey(key_id(raw_public(key.public_key())), key)
    keyset = keys_dir / KEY_SET_FILE
    known = load_key_set(keyset) if keyset.exists() else {}
    if signing.kid not in known:
        own = VerificationKey(signing.kid, site, signing.public, date.today().isoformat())
        save_key_set(keyset, {**known, own.kid: own})
    return signing


def load_key_set(path: Path) -> dict[str, VerificationKey]:
    """Read a published key set; raise InvalidInput if it is not one."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"{path}: not a key set: {exc}", path=str(path)) from exc
    if not isinstance(doc, dict) or doc.get("format") != KEY_SET_FORMAT:
        raise InvalidInput(f"{path}: not a {KEY_SET_FORMAT} file", path=str(path))
    out: dict[str, VerificationKey] = {}
    for entry in doc.get("keys", []):
        try:
            public = unb64u(str(entry["public_key"]))
            Ed25519PublicKey.from_public_bytes(public)
        except (KeyError, ValueError, TypeError) as exc:
            raise InvalidInput(f"{path}: bad key entry: {exc}", path=str(path)) from exc
        kid = key_id(public)  # never trust a kid that does not match the key
        out[kid] = VerificationKey(
            kid, str(entry.get("site", "")), public, entry.get("created", "")
        )
    return out


def key_set_document(keys: dict[str, VerificationKey]) -> dict[str, Any]:
    return {
        "format": KEY_SET_FORMAT,
        "keys": [
            {"kid": k.kid, "site": k.site, "public_key": b64u(k.public), "created": k.created}
            for k in sorted(keys.values(), key=lambda k: (k.site, k.kid))
        ],
    }


def save_key_set(path: Path, keys: dict[str, VerificationKey]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(key_set_document(keys), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def merge_key_set(path: Path, incoming: dict[str, VerificationKey]) -> int:
    """Add keys (e.g. pulled from HQ) to the local key set; return how many were new."""
    known = load_key_set(path)
    new = {k: v for k, v in incoming.items() if k not in known}
    if new:
        save_key_set(path, {**known, **new})
    return len(new)


def published_entry(key: SigningKey, site: str, created: str) -> dict[str, str]:
    """How a counter publishes its key to HQ (and HQ to every counter)."""
    return {
        "id": key.kid,
        "algorithm": "ed25519",
        "public_key": key.public.hex(),
        "site": site,
        "created": created,
    }


def load_pulled_keys(path: Path) -> dict[str, VerificationKey]:
    """Keys of the last pull from HQ (a list of :func:`published_entry` dicts); an entry
    that is not an Ed25519 key is left out, and a missing or damaged file gives none."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.info("pulled receipt keys %s unreadable, ignored: %s", path, exc)
        return {}
    out: dict[str, VerificationKey] = {}
    for entry in entries if isinstance(entries, list) else []:
        try:
            if entry.get("algorithm", "ed25519") != "ed25519":
                continue
            public = bytes.fromhex(str(entry["public_key"]))
            Ed25519PublicKey.from_public_bytes(public)
        except (AttributeError, KeyError, ValueError, TypeError) as exc:
            log.info("pulled receipt key left out: %s", exc)
            continue
        kid = key_id(public)
        out[kid] = VerificationKey(
            kid, str(entry.get("site") or "hq"), public, str(entry.get("created", ""))
        )
    return out


def known_keys(root: Path, key_set: Path | None = None) -> dict[str, VerificationKey]:
    """Every key a counter whose data home is ``root`` verifies with: its key set
    (or ``key_set``) and the keys last pulled from HQ."""
    own = load_key_set(key_set or root / "keys" / KEY_SET_FILE)
    return {**load_pulled_keys(root / PULLED_KEYS_FILE), **own}
