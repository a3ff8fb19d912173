"""Shared-workstation hygiene (CNIL: erase traces on shared workstations).

- Temporary files holding applicant data live only in the data home's private
  ``tmp/`` (never the system temp folder), are named after the process that made
  them, and are wiped — overwritten, flushed, then deleted — after use.
- :func:`sweep` runs when a counter opens: it wipes what a crashed or killed process
  left in ``tmp/`` (files of processes no longer alive, or older than a grace period
  where liveness cannot be checked).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import sys
import time
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

#: files whose creator cannot be checked (Windows) are swept after this long
GRACE_SECONDS = 12 * 3600
_CHUNK = 1 << 20


def wipe(path: Path) -> bool:
    """Overwrite ``path`` with random bytes, flush it to disk, delete it. Returns
    False when it did not exist. (On SSDs and journaling file systems an overwrite is
    best effort; the data there was written by us, encrypted where it is stored.)"""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    try:
        with path.open("r+b") as fh:
            left = size
            while left > 0:
                n = min(left, _CHUNK)
                fh.write(secrets.token_bytes(n))
                left -= n
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:  # e.g. read-only: still delete it
        log.info("could not overwrite %s before deleting it: %s", path.name, exc)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return True


def wipe_tree(root: Path) -> int:
    """Wipe every file under ``root`` and remove its sub-folders (not ``root``)."""
    count = 0
    if not root.is_dir():
        return 0
    for path in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_file() or path.is_symlink():
            if path.is_symlink():
                path.unlink()
            else:
                count += wipe(path)
        elif path.is_dir():
            with contextlib.suppress(OSError):
                path.rmdir()
    return count


def _owner_pid(path: Path) -> int | None:
    head = path.name.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _alive(pid: int) -> bool | None:
    """Is process ``pid`` running? None when this platform cannot tell safely (on
    Windows os.kill would terminate the process)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(tmp: Path, now: float | None = None) -> int:
    """Wipe leftovers in the data home's ``tmp``; returns how many files were wiped."""
    if not tmp.is_dir():
        return 0
    now = time.time() if now is None else now
    wiped = 0
    for entry in list(tmp.iterdir()):
        pid = _owner_pid(entry)
        alive = _alive(pid) if pid is not None else False
        try:
            old = now - entry.lstat().st_mtime >= GRACE_SECONDS
        except FileNotFoundError:
            continue
        if alive is False or (alive is None and old):
            if entry.is_dir() and not entry.is_symlink():
                wiped += wipe_tree(entry)
                with contextlib.suppress(OSError):
                    entry.rmdir()
            elif entry.is_symlink():
                entry.unlink()
            else:
                wiped += wipe(entry)
    if wiped:
        log.info("swept %d leftover temporary file(s) from %s", wiped, tmp)
    return wiped


def _name(suffix: str) -> str:
    if any(sep in suffix for sep in ("/", "\\", "..", "\x00")):
        raise ValueError(f"temporary file suffix {suffix!r} may not name a path")
    return f"{os.getpid()}-{secrets.token_hex(8)}{suffix}"


@contextlib.contextmanager
def private_file(tmp: Path, suffix: str = "") -> Iterator[Path]:
    """A new, empty owner-only file in the data home's ``tmp``, wiped on exit."""
    tmp.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = tmp / _name(suffix)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)
    try:
        yield path
    finally:
        wipe(path)


@contextlib.contextmanager
def private_dir(tmp: Path) -> Iterator[Path]:
    """A new owner-only folder in the data home's ``tmp``, wiped with its content on exit."""
    path = tmp / _name("")
    path.mkdir(parents=True, mode=0o700)
    try:
        yield path
    finally:
        wipe_tree(path)
        with contextlib.suppress(OSError):
            path.rmdir()
