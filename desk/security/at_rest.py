"""Free text that may carry personal data, kept encrypted in ordinary columns.

- :func:`seal_text` / :func:`open_text`: a text column (e.g. a piece's note) holds
  ``enc1:`` + base64 of the AES-GCM ciphertext; text written before sealing existed
  is read back as it is.
- :func:`seal_detail` / :func:`open_detail`: in a history entry's JSON detail, the
  values of :data:`SEALED_KEYS` (file names, notes, free-text reasons, e-mail
  subjects…) are replaced by ``{"sealed": "<base64>"}``; the other keys (codes,
  counts, statuses) stay readable for statistics and sync.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from desk.security.crypto import DecryptionError, FieldCipher

PREFIX = "enc1:"
#: detail keys whose values may hold personal data
SEALED_KEYS = frozenset(
    {
        "files",
        "file",
        "name",
        "names",
        "note",
        "notes",
        "reason_text",
        "text",
        "comment",
        "subject",
        "sender",
        "email",
        "proof_ref",
        "address",
    }
)


def seal_text(cipher: FieldCipher, text: str, column: str) -> str:
    if not text:
        return text
    sealed = cipher.encrypt(text, column)
    assert sealed is not None
    return PREFIX + base64.b64encode(sealed).decode("ascii")


def open_text(cipher: FieldCipher, stored: str | None, column: str) -> str:
    if not stored or not stored.startswith(PREFIX):
        return stored or ""
    try:
        return cipher.decrypt(base64.b64decode(stored[len(PREFIX) :]), column) or ""
    except (ValueError, DecryptionError):
        return ""


def seal_detail(cipher: FieldCipher, detail: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in detail.items():
        if key in SEALED_KEYS and value not in (None, "", [], {}):
            plain = json.dumps(value, ensure_ascii=False, default=str)
            out[key] = {"sealed": seal_text(cipher, plain, f"history.{key}")[len(PREFIX) :]}
        else:
            out[key] = value
    return out


def open_detail(cipher: FieldCipher, detail: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in detail.items():
        if isinstance(value, dict) and set(value) == {"sealed"}:
            plain = open_text(cipher, PREFIX + str(value["sealed"]), f"history.{key}")
            out[key] = json.loads(plain) if plain else None
        else:
            out[key] = value
    return out
