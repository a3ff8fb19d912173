"""Content-addressed blob store: each document stored once, by SHA-256 of its content.

A blob is written to a temporary file in the same folder tree, fsynced, renamed into
place and its folder fsynced: after ``put`` returns, the blob survives a crash or a
power cut. Callers commit the database row that references a blob only after ``put``
returned (DESIGN.md, "Storage"). With a cipher, the file holds the blob encrypted
(AES-256-GCM, its hash bound as associated data); the address stays the hash of the
plain content so identical documents are still stored once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from desk.errors import DeskError
from desk.security.crypto import FieldCipher


class BlobCorrupted(DeskError):
    code = "blob_corrupted"


class BlobMissing(DeskError):
    code = "blob_missing"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals renames
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    def __init__(self, root: Path, cipher: FieldCipher | None = None) -> None:
        self.root = root
        self.cipher = cipher
        self._tmp = root / ".incoming"

    def _path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha[2:]

    def path(self, sha: str) -> Path:
        return self._path(sha)

    def exists(self, sha: str) -> bool:
        return self._path(sha).is_file()

    def put(self, data: bytes) -> str:
        """Store ``data`` durably and return its SHA-256 (hex)."""
        sha = sha256_hex(data)
        final = self._path(sha)
        if final.is_file():
            return sha
        payload = self.cipher.seal_blob(data, sha) if self.cipher else data
        final.parent.mkdir(parents=True, exist_ok=True)
        self._tmp.mkdir(parents=True, exist_ok=True)
        tmp = self._tmp / f"{sha}.{os.getpid()}.{time.monotonic_ns()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, final)
        _fsync_dir(final.parent)
        return sha

    def get(self, sha: str) -> bytes:
        try:
            raw = self._path(sha).read_bytes()
        except FileNotFoundError:
            raise BlobMissing(f"blob {sha} missing", sha=sha) from None
        data = self.cipher.open_blob(raw, sha) if self.cipher else raw
        if sha256_hex(data) != sha:
            raise BlobCorrupted(f"blob {sha} does not match its hash", sha=sha)
        return data

    def size(self, sha: str) -> int:
        """Size of the stored file (encrypted size when a cipher is set)."""
        return self._path(sha).stat().st_size

    def delete(self, sha: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(sha).unlink()

    def hashes(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for sub in self.root.iterdir():
            if len(sub.name) == 2 and sub.is_dir():
                for f in sub.iterdir():
                    if len(f.name) == 62:
                        yield sub.name + f.name

    def collect(self, referenced: Iterable[str], grace_seconds: float = 3600.0) -> list[str]:
        """Delete blobs no row references. Blobs younger than ``grace_seconds`` are kept:
        their row may not be committed yet. Stale temporary files are removed too."""
        keep = set(referenced)
        now = time.time()
        removed = []
        for sha in list(self.hashes()):
            if sha in keep:
                continue
            path = self._path(sha)
            with contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime >= grace_seconds:
                    path.unlink()
                    removed.append(sha)
        if self._tmp.is_dir():
            for f in self._tmp.iterdir():
                with contextlib.suppress(FileNotFoundError):
                    if now - f.stat().st_mtime >= grace_seconds:
                        f.unlink()
        return removed
