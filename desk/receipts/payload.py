"""The compact signed payload carried by a receipt's QR code.

    G1|kid|number|dossier|kind|issued|copy|person|text|signature

- ``kid``: the signing key's id (desk.receipts.keys); ``kind``: AC, AR, RC or PC;
- ``issued``: UTC minute, ``YYYYMMDDTHHMMZ``; ``copy``: 0 for the original, k for
  DUPLICATA n° k;
- ``person``: 8 bytes of SHA-256 over the folded surname, given names and birth date
  (the name is not in the code, but a verifier holding it can check it);
- ``text``: 12 bytes of SHA-256 over every string printed on the receipt, whitespace
  removed (:func:`text_digest`) — any change of the printed text breaks it;
- ``signature``: Ed25519 over everything before the last ``|``, base64url.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from desk.domain.names import fold
from desk.receipts.data import ReceiptKind
from desk.receipts.keys import SigningKey, VerificationKey, b64u, unb64u

MAGIC = "G1"
_TS = "%Y%m%dT%H%MZ"


def person_digest(surname: str, given_names: str, birth_date: date) -> str:
    basis = f"{fold(surname)}|{fold(given_names)}|{birth_date.isoformat()}"
    return b64u(hashlib.sha256(basis.encode("utf-8")).digest()[:8])


def compact_text(strings: list[str] | str) -> str:
    """The printed text with every whitespace removed (extraction from a PDF keeps the
    characters and their order, not the spacing)."""
    joined = "".join(strings) if isinstance(strings, list) else strings
    return "".join(joined.split())


def text_digest(strings: list[str] | str) -> str:
    return b64u(hashlib.sha256(compact_text(strings).encode("utf-8")).digest()[:12])


@dataclass(frozen=True)
class Payload:
    kid: str
    number: str
    dossier: str
    kind: ReceiptKind
    issued_at: datetime
    copy: int
    person: str
    text: str

    def body(self) -> str:
        issued = self.issued_at.astimezone(UTC).strftime(_TS)
        fields = [MAGIC, self.kid, self.number, self.dossier, self.kind.short, issued]
        return "|".join([*fields, str(self.copy), self.person, self.text])

    def sign(self, key: SigningKey) -> str:
        body = self.body()
        return f"{body}|{b64u(key.sign(body.encode('utf-8')))}"


class PayloadError(ValueError):
    """The QR code does not hold a receipt payload; ``reason`` is a stable code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse(text: str) -> tuple[Payload, bytes, bytes]:
    """Split a scanned payload into (payload, signed bytes, signature)."""
    body, sep, sig = text.rpartition("|")
    parts = body.split("|")
    if not sep or len(parts) != 9 or parts[0] != MAGIC:
        raise PayloadError("not_a_receipt_code")
    _, kid, number, dossier, kind, issued, copy, person, digest = parts
    try:
        payload = Payload(
            kid,
            number,
            dossier,
            ReceiptKind.from_short(kind),
            datetime.strptime(issued, _TS).replace(tzinfo=UTC),
            int(copy),
            person,
            digest,
        )
        signature = unb64u(sig)
    except ValueError as exc:
        raise PayloadError("malformed_code") from exc
    return payload, body.encode("utf-8"), signature


def check_signature(text: str, keys: dict[str, VerificationKey]) -> Payload:
    """Parse and verify; raise PayloadError(unknown_key | bad_signature | ...)."""
    payload, signed, signature = parse(text)
    key = keys.get(payload.kid)
    if key is None:
        raise PayloadError("unknown_key")
    if not key.verify(signature, signed):
        raise PayloadError("bad_signature")
    return payload
