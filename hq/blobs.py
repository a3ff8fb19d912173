"""HQ's document store: blobs addressed by SHA-256, uploaded in resumable chunks and
verified before they become visible.

:class:`BlobStore` is the interface; :class:`FileBlobStore` keeps blobs on a
filesystem path (shared by every HQ process, e.g. an NFS mount). An S3-compatible
store implements the same operations with a multipart upload per blob (``received`` =
sum of uploaded parts, ``append`` = UploadPart, ``finish`` = CompleteMultipartUpload
after checking the hash, ``exists`` = HeadObject, ``put_many`` = concurrent PutObject
of blobs verified in memory).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_SHA = re.compile(r"^[0-9a-f]{64}$")
#: files a FileBlobStore writes and fsyncs at once for one request
_WRITERS = 4


class BlobError(Exception):
    """Base of the store's refusals."""


class OffsetMismatch(BlobError):
    """A chunk does not start where the unfinished upload ends."""

    def __init__(self, received: int) -> None:
        super().__init__(f"upload is at {received}")
        self.received = received


class HashMismatch(BlobError):
    """The assembled content does not have the announced SHA-256 (upload discarded)."""


def valid_sha(sha: str) -> bool:
    return bool(_SHA.match(sha))


class BlobStore(ABC):
    @abstractmethod
    def exists(self, sha: str) -> bool: ...

    @abstractmethod
    def received(self, sha: str) -> int:
        """Bytes of an unfinished upload already held (0 if none)."""

    @abstractmethod
    def append(self, sha: str, offset: int, chunk: bytes | memoryview) -> int:
        """Add ``chunk`` at ``offset`` to the unfinished upload; returns the new size.
        Raises OffsetMismatch if ``offset`` is not the current size."""

    def put_whole(self, sha: str, data: bytes | memoryview) -> None:
        """A blob that fits in one chunk (most scanned pages): one write, no re-read."""
        self.append(sha, 0, data)
        self.finish(sha, len(data))

    def put_many(self, items: list[tuple[str, bytes | memoryview]]) -> dict[str, bool]:
        """Several whole blobs of one request; returns sha -> stored (False: the content
        does not hash to its name and was not kept). A store may write them together."""
        stored = {}
        for sha, data in items:
            try:
                self.put_whole(sha, data)
                stored[sha] = True
            except HashMismatch:
                stored[sha] = False
        return stored

    @abstractmethod
    def finish(self, sha: str, size: int) -> None:
        """Verify the unfinished upload (size and SHA-256) and publish it, or discard it
        and raise HashMismatch."""

    @abstractmethod
    def size(self, sha: str) -> int: ...

    @abstractmethod
    def open(self, sha: str) -> Iterator[bytes]:
        """The blob's content in chunks."""

    def read(self, sha: str) -> bytes:
        return b"".join(self.open(sha))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileBlobStore(BlobStore):
    """Blobs under ``root/ab/cdef...``; unfinished uploads under ``root/.partial``."""

    def __init__(self, root: Path, fsync: bool = True) -> None:
        self.root = Path(root)
        self.fsync = fsync
        self._partial = self.root / ".partial"
        self._partial.mkdir(parents=True, exist_ok=True)
        self._pool: ThreadPoolExecutor | None = None

    def _final(self, sha: str) -> Path:
        return self.root / sha[:2] / sha[2:]

    def _part(self, sha: str) -> Path:
        return self._partial / sha

    def exists(self, sha: str) -> bool:
        return self._final(sha).is_file()

    def received(self, sha: str) -> int:
        try:
            return self._part(sha).stat().st_size
        except FileNotFoundError:
            return 0

    def append(self, sha: str, offset: int, chunk: bytes | memoryview) -> int:
        fd = os.open(self._part(sha), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            # several HQ processes may receive the same blob: one writer at a time
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            if offset != size:
                raise OffsetMismatch(size)
            os.lseek(fd, offset, os.SEEK_SET)
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
            if self.fsync:
                os.fsync(fd)
            return offset + len(chunk)
        finally:
            os.close(fd)

    def put_whole(self, sha: str, data: bytes | memoryview) -> None:
        """A blob sent in one request: verified in memory, written once, published."""
        if hashlib.sha256(data).hexdigest() != sha:
            raise HashMismatch(f"blob {sha}: content hashes {hashlib.sha256(data).hexdigest()}")
        final = self._final(sha)
        if final.is_file():
            return
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._write_tmp((sha, data)), final)
        if self.fsync:
            _fsync_dir(final.parent)

    def put_many(self, items: list[tuple[str, bytes | memoryview]]) -> dict[str, bool]:
        """Whole blobs of one request: every file written and fsynced (a few at a time,
        so that the filesystem commits its journal for several at once), then all
        renamed into place, then each folder fsynced once (the first fsync commits
        the renames of all). Durable before the answer, at about the cost of one plain
        write + fsync per blob instead of two journal commits."""
        stored: dict[str, bool] = {}
        todo: dict[str, bytes | memoryview] = {}
        for sha, data in items:
            ok = hashlib.sha256(data).hexdigest() == sha
            stored[sha] = ok
            if ok and not self._final(sha).is_file():
                todo[sha] = data
        if not todo:
            return stored
        if self._pool is None:
            self._pool = ThreadPoolExecutor(_WRITERS, thread_name_prefix="hq-blob-write")
        tmps = dict(zip(todo, self._pool.map(self._write_tmp, todo.items()), strict=True))
        folders = set()
        for sha, tmp in tmps.items():
            final = self._final(sha)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            folders.add(final.parent)
        if self.fsync:
            for folder in folders:
                _fsync_dir(folder)
        return stored

    def _write_tmp(self, item: tuple[str, bytes | memoryview]) -> Path:
        sha, data = item
        tmp = self._partial / f"{sha}.{os.getpid()}.{threading.get_ident()}.whole"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if self.fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        return tmp

    def finish(self, sha: str, size: int) -> None:
        part = self._part(sha)
        final = self._final(sha)
        fd = os.open(part, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if final.is_file():  # another process finished it meanwhile
                with contextlib.suppress(FileNotFoundError):
                    part.unlink()
                return
            h = hashlib.sha256()
            total = 0
            while block := os.read(fd, 1 << 20):
                h.update(block)
                total += len(block)
            if total != size or h.hexdigest() != sha:
                part.unlink()
                raise HashMismatch(f"blob {sha}: received {total} bytes hashing {h.hexdigest()}")
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(part, final)
            if self.fsync:
                _fsync_dir(final.parent)
        finally:
            os.close(fd)

    def size(self, sha: str) -> int:
        return self._final(sha).stat().st_size

    def open(self, sha: str) -> Iterator[bytes]:
        with self._final(sha).open("rb") as f:
            while block := f.read(1 << 20):
                yield block
