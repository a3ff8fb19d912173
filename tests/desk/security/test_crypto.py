"""Field encryption and blind indexes (desk.security.crypto)."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from desk.security.crypto import NONCE_BYTES, DecryptionError, FieldCipher

KEY = bytes(range(32))


def test_index_is_the_keyed_hash_of_namespace_and_value() -> None:
    """The reused HMAC state gives what a fresh HMAC gives (stored indexes stay valid)."""
    cipher = FieldCipher(KEY)
    index_key = hmac.digest(KEY, b"guichet/blind-index/v1", hashlib.sha256)
    for namespace, value in [("name", "t:abc"), ("numero_etranger", "7501234567"), ("name", "é")]:
        want = hmac.digest(index_key, f"{namespace}\x00{value}".encode(), "sha256")[:10].hex()
        assert cipher.index(namespace, value) == want
        assert cipher.index(namespace, value) == want  # the state is copied, not consumed
    assert cipher.index("name", "x") != cipher.index("passport", "x")


def test_decrypt_parts_checks_like_decrypt() -> None:
    cipher = FieldCipher(KEY)
    blobs = [cipher.encrypt(v, "summary") for v in ("Nguyễn\x1fThị Hồng\x1f1979-11-13", "")]
    parts = [(b[:NONCE_BYTES], b[NONCE_BYTES:]) for b in blobs if b is not None]
    assert cipher.decrypt_parts([*parts, (None, None)], "summary") == [
        "Nguyễn\x1fThị Hồng\x1f1979-11-13",
        "",
        None,
    ]
    with pytest.raises(DecryptionError):
        cipher.decrypt_parts(parts, "surname")  # bound to its column
    nonce, body = parts[0]
    with pytest.raises(DecryptionError):
        cipher.decrypt_parts([(nonce, body[:-1] + bytes([body[-1] ^ 1]))], "summary")
    with pytest.raises(DecryptionError):
        FieldCipher(bytes(32)).decrypt_parts(parts, "summary")
