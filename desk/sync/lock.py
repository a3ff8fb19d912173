"""One sync at a time per counter (the nightly run and "sync now" may meet)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desk.errors import Refused


@contextmanager
def sync_lock(home: Path) -> Iterator[None]:
    path = home / "sync.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            _lock(fd)
        except OSError:
            raise Refused("sync_running", "another sync is running on this counter") from None
        yield
    finally:
        os.close(fd)  # closing releases the lock, also when the process is killed


def _lock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - Windows counters
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
