"""Encryption of personal data at rest and keyed indexes for searching it.

- :class:`FieldCipher` encrypts a value with AES-256-GCM, a fresh 96-bit nonce per
  value (``nonce || ciphertext+tag``); the column name is bound as associated data so
  a value cannot be moved to another column unnoticed.
- :meth:`FieldCipher.index` is a keyed hash (HMAC-SHA-256) used as a *blind index*:
  equality search and name-fragment search (over trigrams) without storing the
  value in clear. A separate sub-key is derived for it so index and cipher keys differ.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_BYTES = 32


class DecryptionError(Exception):
    """Ciphertext was altered or the key is wrong."""


class FieldCipher:
    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != KEY_BYTES:
            raise ValueError("data key must be 32 bytes")
        enc_key = hmac.digest(data_key, b"guichet/field-encryption/v1", hashlib.sha256)
        self._aead = AESGCM(enc_key)
        self._index_key = hmac.digest(data_key, b"guichet/blind-index/v1", hashlib.sha256)
        # keyed HMAC states per namespace, copied per value: the key schedule and the
        # namespace are hashed once (a search hashes several tokens per query)
        self._index_states: dict[str, hmac.HMAC] = {}
        self._blob_key = AESGCM(
            hmac.digest(data_key, b"guichet/blob-encryption/v1", hashlib.sha256)
        )

    # --- fields ----------------------------------------------------------------------
    def encrypt(self, value: str | None, column: str) -> bytes | None:
        if value is None:
            return None
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, value.encode("utf-8"), column.encode())

    def decrypt(self, blob: bytes | None, column: str) -> str | None:
        if blob is None:
            return None
        try:
            plain = self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], column.encode())
        except Exception as exc:  # cryptography raises InvalidTag
            raise DecryptionError(column) from exc
        return plain.decode("utf-8")

    def decrypt_parts(
        self, parts: Iterable[tuple[bytes | None, bytes | None]], column: str
    ) -> list[str | None]:
        """:meth:`decrypt` of values given as (nonce, ciphertext) pairs, as SQL can
        cut them (``substr(x, 1, 12), substr(x, 13)``): the same checks, without a
        method call or two slices per value (the hot loop of a search)."""
        aad = column.encode()
        open_ = self._aead.decrypt
        try:
            return [None if n is None else open_(n, b or b"", aad).decode() for n, b in parts]
        except Exception as exc:  # cryptography raises InvalidTag
            raise DecryptionError(column) from exc

    def index(self, namespace: str, value: str) -> str:
        """Blind index of ``value`` in ``namespace`` (20 hex characters, 80 bits)."""
        state = self._index_states.get(namespace)
        if state is None:
            state = hmac.new(self._index_key, namespace.encode() + b"\x00", hashlib.sha256)
            self._index_states[namespace] = state
        h = state.copy()
        h.update(value.encode())
        return h.digest()[:10].hex()

    def mac(self, namespace: str, data: bytes) -> str:
        """Keyed digest (HMAC-SHA-256, 64 hex characters) of ``data`` in ``namespace``:
        proves integrity without revealing a guessable value."""
        return hmac.new(self._index_key, namespace.encode() + b"\x00" + data, "sha256").hexdigest()

    # --- blobs -----------------------------------------------------------------------
    def seal_blob(self, data: bytes, sha256: str) -> bytes:
        """Encrypt a document blob; its content hash is bound as associated data."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._blob_key.encrypt(nonce, data, sha256.encode())

    def open_blob(self, sealed: bytes, sha256: str) -> bytes:
        try:
            return self._blob_key.decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], sha256.encode()
            )
        except Exception as exc:
            raise DecryptionError(f"blob {sha256}") from exc
