"""The counter's credential at HQ: an Ed25519 key pair created at enrolment (private
key in the data home's keys/, mode 0600) and what HQ answered (keys/hq.json)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desk.errors import NegativeAnswer
from desk.security.keys import _write_private  # durable, owner-only key files

KEY_FILE = "hq-ed25519.key"
ENROLMENT_FILE = "hq.json"


class NotEnrolled(NegativeAnswer):
    code = "not_enrolled"


@dataclass(frozen=True)
class Enrolment:
    server: str
    counter_id: int
    prefecture: str
    counter: int


def save_key(keys: Path, key: Ed25519PrivateKey) -> None:
    """Keep the counter's private key (replacing a previous one: re-enrolment)."""
    _write_private(keys / KEY_FILE, key.private_bytes_raw())


def load_key(keys: Path) -> Ed25519PrivateKey:
    try:
        raw = (keys / KEY_FILE).read_bytes()
    except FileNotFoundError:
        raise NotEnrolled("this counter is not enrolled at HQ: run 'desk enrol'") from None
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def save_enrolment(keys: Path, enrolment: Enrolment) -> None:
    _write_private(keys / ENROLMENT_FILE, json.dumps(asdict(enrolment)).encode())


def load_enrolment(keys: Path) -> Enrolment:
    try:
        raw = json.loads((keys / ENROLMENT_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotEnrolled("this counter is not enrolled at HQ: run 'desk enrol'") from None
    return Enrolment(
        str(raw["server"]), int(raw["counter_id"]), str(raw["prefecture"]), int(raw["counter"])
    )
