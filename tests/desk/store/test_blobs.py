"""The content-addressed blob store."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from desk.security.crypto import FieldCipher
from desk.store.blobs import BlobCorrupted, BlobMissing, BlobStore, sha256_hex


@pytest.fixture(params=["plain", "encrypted"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    cipher = FieldCipher(os.urandom(32)) if request.param == "encrypted" else None
    return BlobStore(tmp_path / "blobs", cipher)


def test_round_trip_by_hash(store: BlobStore) -> None:
    data = b"%PDF-1.7 page" * 100
    sha = store.put(data)
    assert sha == sha256_hex(data)
    assert store.exists(sha) and store.get(sha) == data


def test_stored_once(store: BlobStore) -> None:
    sha = store.put(b"same")
    mtime = store.path(sha).stat().st_mtime_ns
    assert store.put(b"same") == sha
    assert store.path(sha).stat().st_mtime_ns == mtime
    assert list(store.hashes()) == [sha]


def test_no_temporary_file_left(store: BlobStore) -> None:
    store.put(b"x" * 10_000)
    assert list((store.root / ".incoming").iterdir()) == []


def test_encrypted_blob_holds_no_clear_content(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "b", FieldCipher(os.urandom(32)))
    secret = b"PASSPORT OF ANNA MARIA ERIKSSON " * 20
    sha = store.put(secret)
    raw = store.path(sha).read_bytes()
    assert b"ERIKSSON" not in raw and store.get(sha) == secret


def test_tampered_blob_detected(store: BlobStore) -> None:
    sha = store.put(b"original content")
    path = store.path(sha)
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 0x01
    path.write_bytes(bytes(raw))
    from desk.security.crypto import DecryptionError

    with pytest.raises((BlobCorrupted, DecryptionError)):
        store.get(sha)


def test_missing_blob(store: BlobStore) -> None:
    with pytest.raises(BlobMissing):
        store.get("0" * 64)


def test_collect_removes_only_old_unreferenced(store: BlobStore) -> None:
    keep, drop, young = store.put(b"keep"), store.put(b"drop"), store.put(b"young")
    old = time.time() - 7200
    for sha in (keep, drop):
        os.utime(store.path(sha), (old, old))
    removed = store.collect({keep}, grace_seconds=3600)
    assert removed == [drop]
    assert store.exists(keep) and store.exists(young) and not store.exists(drop)
