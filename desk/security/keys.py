"""The counter's data key: created on first use, kept in the data home's keys/ folder.

The data key encrypts personal fields and document blobs. It is stored in a file
readable only by its owner (0600) — the documented last resort. Wrapping it with the
operating system's protection (DPAPI, the Linux keyring) builds on this module.
"""

from __future__ import annotations

import os
from pathlib import Path

from desk.errors import DataHomeError
from desk.security.crypto import KEY_BYTES

DATA_KEY_FILE = "data.key"


def load_or_create_data_key(keys_dir: Path) -> bytes:
    path = keys_dir / DATA_KEY_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _create(path)
    except OSError as exc:
        raise DataHomeError(f"cannot read data key {path}: {exc}", path=str(path)) from exc
    if len(raw) != KEY_BYTES:
        raise DataHomeError(f"data key {path} is damaged ({len(raw)} bytes)", path=str(path))
    return raw


def _create(path: Path) -> bytes:
    key = os.urandom(KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        raise DataHomeError(f"cannot create data key {path}: {exc}", path=str(path)) from exc
    return key
