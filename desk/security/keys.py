"""The counter's data key: created on first use, kept in the data home's keys/ folder,
wrapped with the operating system's protection when there is one.

The data key encrypts personal fields and document blobs. How it is kept on disk:

- **keyring** (Linux, macOS): a random key-encryption key lives in the user's keyring
  (Secret Service / KWallet / Keychain, through python ``keyring``); ``keys/data.key.wrapped``
  holds the data key encrypted with it (AES-256-GCM). The file alone is useless.
- **dpapi** (Windows): ``keys/data.key.dpapi`` holds the data key protected by
  ``CryptProtectData`` for the current Windows user (see :mod:`desk.security.dpapi`).
- **file** — the documented last resort when neither is usable (e.g. a headless CI
  machine with no keyring daemon): ``keys/data.key``, readable by its owner only (0600).

``DESK_KEY_PROTECTION`` (``auto`` | ``keyring`` | ``dpapi`` | ``file``) forces a choice;
``auto`` picks DPAPI on Windows, else the keyring when a backend is usable, else the
file. The protection in use is logged at INFO. A key created unprotected is wrapped
(and its plain file wiped) the first time a protection is usable.

Probing for a keyring costs 0.1–0.25 s (keyring's plugins, D-Bus) at every start of a
headless counter, where the answer is always "none". Under ``auto``, a "none" answer
is kept in ``keys/keyring-probe.json`` with the environment it was found in (platform,
session bus, ``PYTHON_KEYRING_BACKEND``); while only the plain key file exists and
that environment is unchanged, the probe is skipped for up to ``PROBE_MAX_AGE_DAYS``.
A wrapped key is always opened through a real probe: the hint never decides where a
protected key is looked for, only that an unprotected one stays where it is.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desk.errors import DataHomeError
from desk.security.crypto import KEY_BYTES, NONCE_BYTES

log = logging.getLogger(__name__)

DATA_KEY_FILE = "data.key"
WRAPPED_FILE = "data.key.wrapped"
DPAPI_FILE = "data.key.dpapi"
KEYRING_SERVICE = "Guichet data key"
ENV_PROTECTION = "DESK_KEY_PROTECTION"
PROTECTIONS = ("auto", "keyring", "dpapi", "file")
PROBE_FILE = "keyring-probe.json"
PROBE_MAX_AGE_DAYS = 7


class Protector(Protocol):
    """Wraps and unwraps the data key with something outside the data home."""

    name: str
    filename: str

    def wrap(self, key: bytes) -> bytes: ...

    def unwrap(self, blob: bytes) -> bytes: ...


# --- keyring ---------------------------------------------------------------------------


def usable_keyring() -> Any | None:
    """The keyring backend to use, or None when none is usable (no daemon, headless)."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:  # pragma: no cover - keyring is a declared dependency
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    if getattr(backend, "priority", 1) <= 0:
        return None
    return backend


@dataclass
class KeyringProtector:
    """A key-encryption key in the OS keyring; the wrapped data key on disk."""

    backend: Any
    name: str = "keyring"
    filename: str = WRAPPED_FILE

    def wrap(self, key: bytes) -> bytes:
        entry = uuid.uuid4().hex
        kek = AESGCM.generate_key(bit_length=256)
        try:
            self.backend.set_password(KEYRING_SERVICE, entry, base64.b64encode(kek).decode())
        except Exception as exc:  # keyring.errors.KeyringError and backend-specific errors
            raise DataHomeError(
                f"the keyring refused to store the key: {exc}", reason="keyring_refused"
            ) from exc
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(kek).encrypt(nonce, key, entry.encode())
        doc = {"v": 1, "entry": entry, "sealed": base64.b64encode(nonce + sealed).decode()}
        return json.dumps(doc).encode()

    def unwrap(self, blob: bytes) -> bytes:
        try:
            doc = json.loads(blob)
            entry = str(doc["entry"])
            sealed = base64.b64decode(doc["sealed"])
        except (ValueError, KeyError, TypeError) as exc:
            raise DataHomeError("wrapped data key is damaged", reason="data_key_damaged") from exc
        try:
            secret = self.backend.get_password(KEYRING_SERVICE, entry)
        except Exception as exc:
            raise DataHomeError(
                f"the keyring could not be read: {exc}", reason="keyring_unreadable"
            ) from exc
        if secret is None:
            raise DataHomeError(
                f"the keyring holds no key-encryption key {entry}: the data key cannot be "
                "unwrapped (was the keyring reset, or is this another user?)",
                reason="keyring_lost",
            )
        try:
            return AESGCM(base64.b64decode(secret)).decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], entry.encode()
            )
        except Exception as exc:
            raise DataHomeError(
                "the keyring's key does not open the wrapped data key", reason="keyring_lost"
            ) from exc


@dataclass
class DpapiProtector:
    name: str = "dpapi"
    filename: str = DPAPI_FILE

    def wrap(self, key: bytes) -> bytes:
        from desk.security import dpapi

        return dpapi.protect(key, dpapi.DESCRIPTION)

    def unwrap(self, blob: bytes) -> bytes:
        from desk.security import dpapi

        try:
            return dpapi.unprotect(blob)
        except OSError as exc:
            raise DataHomeError(
                f"Windows could not unprotect the data key: {exc}", reason="dpapi_refused"
            ) from exc


# --- choice ----------------------------------------------------------------------------


def choose_protector(
    requested: str | None = None, platform: str | None = None, backend: Any | None = None
) -> Protector | None:
    """The protection to use (None: the 0600 file). ``requested`` defaults to
    ``DESK_KEY_PROTECTION`` then ``auto``; ``platform`` to ``sys.platform``."""
    requested = (requested or os.environ.get(ENV_PROTECTION) or "auto").strip().lower()
    if requested not in PROTECTIONS:
        raise DataHomeError(
            f"{ENV_PROTECTION}={requested!r}: expected one of {PROTECTIONS}",
            reason="protection_unknown",
            path=ENV_PROTECTION,
        )
    platform = platform or sys.platform
    if requested == "file":
        return None
    if requested == "dpapi" or (requested == "auto" and platform == "win32"):
        if platform != "win32":
            raise DataHomeError(
                "DPAPI protection exists only on Windows",
                reason="protection_unavailable",
                path="dpapi",
            )
        return DpapiProtector()
    backend = backend if backend is not None else usable_keyring()
    if backend is None:
        if requested == "keyring":
            raise DataHomeError(
                "no usable keyring backend (is a keyring daemon running?)",
                reason="protection_unavailable",
                path="keyring",
            )
        return None
    return KeyringProtector(backend)


def load_or_create_data_key(
    keys_dir: Path, protector: Protector | str | None = "env", create: bool = True
) -> bytes:
    """The data key of the data home whose key folder is ``keys_dir``.

    ``protector`` defaults to :func:`choose_protector`'s answer. A key wrapped by a
    protection must be opened by it: its absence is an error, never a new key. With
    ``create=False`` (rows are already encrypted) a missing key is an error too
    (``data_key_missing``), and nothing is written.
    """
    files = (WRAPPED_FILE, DPAPI_FILE, DATA_KEY_FILE)
    if not create and not any((keys_dir / name).exists() for name in files):
        path = keys_dir / DATA_KEY_FILE  # refused before any probe writes in keys/
        raise DataHomeError(f"data key {path} missing", path=str(path), reason="data_key_missing")
    chosen = _protector_from_env(keys_dir) if protector == "env" else protector
    assert not isinstance(chosen, str)
    for candidate in (WRAPPED_FILE, DPAPI_FILE):
        path = keys_dir / candidate
        if path.exists():
            if chosen is None or chosen.filename != candidate:
                raise DataHomeError(
                    f"data key {path} is protected by "
                    f"{'the keyring' if candidate == WRAPPED_FILE else 'DPAPI'}, "
                    "which is not usable here",
                    path=str(path),
                    reason="protection_unusable",
                )
            log.info("data key: protected by %s (%s)", chosen.name, path)
            return _check(chosen.unwrap(_read(path)), path)
    plain = keys_dir / DATA_KEY_FILE
    key = _check(_read(plain), plain) if plain.exists() else None
    if chosen is None:
        if key is None:
            key = os.urandom(KEY_BYTES)
            _write_private(plain, key)
        log.info("data key: no OS protection usable, owner-only key file %s", plain)
        return key
    if key is None:
        key = os.urandom(KEY_BYTES)
    try:
        wrapped = chosen.wrap(key)
    except DataHomeError as exc:  # e.g. a locked keyring refusing to store
        if not plain.exists():
            _write_private(plain, key)
        log.info("data key: %s unusable (%s), owner-only key file %s", chosen.name, exc, plain)
        return key
    _write_private(keys_dir / chosen.filename, wrapped)
    if plain.exists():
        _wipe(plain)
        log.info("data key: plain key file wrapped by %s and wiped", chosen.name)
    log.info("data key: protected by %s (%s)", chosen.name, keys_dir / chosen.filename)
    return key


# --- the remembered "no keyring here" ----------------------------------------------------


def _protector_from_env(keys_dir: Path) -> Protector | None:
    """:func:`choose_protector` for ``DESK_KEY_PROTECTION``, skipping the keyring probe
    when ``auto`` found none in this same environment recently and the key is a plain
    file (or not yet created)."""
    requested = (os.environ.get(ENV_PROTECTION) or "auto").strip().lower()
    if requested != "auto" or sys.platform == "win32":
        return choose_protector()
    if not (keys_dir / WRAPPED_FILE).exists() and _no_keyring_remembered(keys_dir):
        return None
    chosen = choose_protector()
    if chosen is None:
        _remember_no_keyring(keys_dir)
    else:
        with contextlib.suppress(OSError):
            (keys_dir / PROBE_FILE).unlink(missing_ok=True)
    return chosen


def probe_environment() -> dict[str, str]:
    """What decides whether a keyring can be reached from this process."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    bus = bool(os.environ.get("DBUS_SESSION_BUS_ADDRESS")) or (
        bool(runtime) and os.path.exists(os.path.join(runtime, "bus"))
    )
    return {
        "platform": sys.platform,
        "session_bus": "yes" if bus else "no",
        "backend": os.environ.get("PYTHON_KEYRING_BACKEND", ""),
    }


def _no_keyring_remembered(keys_dir: Path) -> bool:
    try:
        doc = json.loads((keys_dir / PROBE_FILE).read_bytes())
        probed_at, env = float(doc["probed_at"]), doc["environment"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    age = time.time() - probed_at
    if env != probe_environment() or not 0 <= age < PROBE_MAX_AGE_DAYS * 86400:
        return False
    log.info("data key: no keyring found here %.0f h ago, not probing again", age / 3600)
    return True


def _remember_no_keyring(keys_dir: Path) -> None:
    doc = {"v": 1, "keyring": False, "probed_at": time.time(), "environment": probe_environment()}
    try:
        _write_private(keys_dir / PROBE_FILE, json.dumps(doc).encode())
    except DataHomeError as exc:  # only a hint: the next start probes again
        log.info("keyring probe answer not kept: %s", exc.detail)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataHomeError(
            f"cannot read data key {path}: {exc}", path=str(path), reason="key_unreadable"
        ) from exc


def _check(raw: bytes, path: Path) -> bytes:
    if len(raw) != KEY_BYTES:
        raise DataHomeError(
            f"data key {path} is damaged ({len(raw)} bytes)",
            path=str(path),
            reason="key_unreadable",
        )
    return raw


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` durably to ``path``, readable by its owner only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        raise DataHomeError(
            f"cannot write key file {path}: {exc}", path=str(path), reason="not_writable"
        ) from exc


def _wipe(path: Path) -> None:
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        with path.open("r+b") as fh:
            fh.write(os.urandom(size))
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()
