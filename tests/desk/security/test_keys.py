"""Data key protection: OS keyring, DPAPI (marshalling only off Windows), 0600 file."""

from __future__ import annotations

import json
import logging
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from desk.errors import DataHomeError
from desk.security import dpapi, keys
from desk.security.crypto import KEY_BYTES


class DictKeyring(KeyringBackend):
    """A keyring backend that keeps its secrets in this process (keyring's own API)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def ring() -> Iterator[DictKeyring]:
    before = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


def test_file_fallback_is_owner_only_and_stable(tmp_path: Path, caplog: Any) -> None:
    caplog.set_level(logging.INFO, "desk.security.keys")
    key = keys.load_or_create_data_key(tmp_path, protector=None)
    path = tmp_path / keys.DATA_KEY_FILE
    assert len(key) == KEY_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.load_or_create_data_key(tmp_path, protector=None) == key
    assert "owner-only key file" in caplog.text


def test_auto_without_usable_keyring_falls_back_to_file(tmp_path: Path, caplog: Any) -> None:
    caplog.set_level(logging.INFO, "desk.security.keys")
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert keys.usable_keyring() is None
        assert keys.choose_protector("auto", "linux") is None
        with pytest.raises(DataHomeError):
            keys.choose_protector("keyring", "linux")
        key = keys.load_or_create_data_key(tmp_path, protector=keys.choose_protector("auto"))
    finally:
        keyring.set_keyring(before)
    assert (tmp_path / keys.DATA_KEY_FILE).read_bytes() == key
    assert "no OS protection usable" in caplog.text


def test_keyring_wraps_the_key(tmp_path: Path, ring: DictKeyring, caplog: Any) -> None:
    caplog.set_level(logging.INFO, "desk.security.keys")
    protector = keys.choose_protector("auto", "linux")
    assert isinstance(protector, keys.KeyringProtector)
    key = keys.load_or_create_data_key(tmp_path, protector)
    wrapped = (tmp_path / keys.WRAPPED_FILE).read_bytes()
    assert key not in wrapped
    assert not (tmp_path / keys.DATA_KEY_FILE).exists()
    assert stat.S_IMODE((tmp_path / keys.WRAPPED_FILE).stat().st_mode) == 0o600
    assert len(ring.secrets) == 1
    assert keys.load_or_create_data_key(tmp_path, keys.choose_protector("keyring")) == key
    assert "protected by keyring" in caplog.text


def test_plain_key_is_migrated_into_the_keyring_and_wiped(
    tmp_path: Path, ring: DictKeyring
) -> None:
    key = keys.load_or_create_data_key(tmp_path, protector=None)
    assert keys.load_or_create_data_key(tmp_path, keys.KeyringProtector(ring)) == key
    assert not (tmp_path / keys.DATA_KEY_FILE).exists()
    assert keys.load_or_create_data_key(tmp_path, keys.KeyringProtector(ring)) == key


def test_wrapped_key_never_silently_replaced(tmp_path: Path, ring: DictKeyring) -> None:
    keys.load_or_create_data_key(tmp_path, keys.KeyringProtector(ring))
    with pytest.raises(DataHomeError, match="not usable here"):
        keys.load_or_create_data_key(tmp_path, protector=None)
    ring.secrets.clear()  # keyring reset, or another user
    with pytest.raises(DataHomeError, match="holds no key-encryption key"):
        keys.load_or_create_data_key(tmp_path, keys.KeyringProtector(ring))
    assert not (tmp_path / keys.DATA_KEY_FILE).exists()


def test_refusing_keyring_falls_back_to_file(tmp_path: Path, caplog: Any) -> None:
    class LockedKeyring(DictKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.KeyringLocked("locked")

    caplog.set_level(logging.INFO, "desk.security.keys")
    key = keys.load_or_create_data_key(tmp_path, keys.KeyringProtector(LockedKeyring()))
    assert (tmp_path / keys.DATA_KEY_FILE).read_bytes() == key
    assert "keyring unusable" in caplog.text


def test_damaged_key_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / keys.DATA_KEY_FILE).write_bytes(b"short")
    with pytest.raises(DataHomeError, match="damaged"):
        keys.load_or_create_data_key(tmp_path, protector=None)


def test_protection_choice_by_platform_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(keys.choose_protector("auto", "win32"), keys.DpapiProtector)
    assert isinstance(keys.choose_protector("dpapi", "win32"), keys.DpapiProtector)
    with pytest.raises(DataHomeError, match="only on Windows"):
        keys.choose_protector("dpapi", "linux")
    monkeypatch.setenv(keys.ENV_PROTECTION, "file")
    assert keys.choose_protector(platform="win32") is None
    monkeypatch.setenv(keys.ENV_PROTECTION, "vault")
    with pytest.raises(DataHomeError):
        keys.choose_protector()


def test_dpapi_marshalling_round_trips() -> None:
    data = bytes(range(256)) * 3
    blob, _keep = dpapi.blob_in(data)
    assert blob.cbData == len(data)
    assert dpapi.blob_bytes(blob) == data


@pytest.mark.skipif(dpapi.sys.platform == "win32", reason="checks the non-Windows refusal")
def test_dpapi_refuses_off_windows(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="only on Windows"):
        dpapi.protect(b"x")
    with pytest.raises(DataHomeError):
        keys.DpapiProtector().unwrap(b"x")


@pytest.fixture
def probes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Under ``auto``, records each real keyring probe (and what it found)."""
    monkeypatch.setenv(keys.ENV_PROTECTION, "auto")
    found: list[object] = []
    real = keys.usable_keyring

    def counted() -> object:
        backend = real()
        found.append(backend)
        return backend

    monkeypatch.setattr(keys, "usable_keyring", counted)
    return found


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)


def test_a_headless_counter_probes_for_a_keyring_once(
    tmp_path: Path, probes: list[object], no_keyring: None
) -> None:
    key = keys.load_or_create_data_key(tmp_path)
    assert probes == [None]
    assert json.loads((tmp_path / keys.PROBE_FILE).read_text())["keyring"] is False
    assert keys.load_or_create_data_key(tmp_path) == key
    assert keys.load_or_create_data_key(tmp_path) == key
    assert probes == [None]  # remembered: no second probe


def test_the_probe_runs_again_when_the_environment_changes(
    tmp_path: Path, probes: list[object], no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys.load_or_create_data_key(tmp_path)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
    keys.load_or_create_data_key(tmp_path)
    assert probes == [None, None]


def test_a_stale_answer_is_probed_again_and_a_new_keyring_wraps_the_key(
    tmp_path: Path, probes: list[object], ring: DictKeyring
) -> None:
    key = keys.load_or_create_data_key(tmp_path, protector=None)
    doc = {
        "v": 1,
        "keyring": False,
        "probed_at": time.time() - (keys.PROBE_MAX_AGE_DAYS * 86400 + 60),
        "environment": keys.probe_environment(),
    }
    (tmp_path / keys.PROBE_FILE).write_text(json.dumps(doc))
    assert keys.load_or_create_data_key(tmp_path) == key
    assert len(probes) == 1
    assert (tmp_path / keys.WRAPPED_FILE).exists()
    assert not (tmp_path / keys.DATA_KEY_FILE).exists()
    assert not (tmp_path / keys.PROBE_FILE).exists()


def test_a_wrapped_key_is_never_opened_on_the_remembered_answer(
    tmp_path: Path, probes: list[object], ring: DictKeyring
) -> None:
    key = keys.load_or_create_data_key(tmp_path, keys.KeyringProtector(ring))
    doc = {"v": 1, "keyring": False, "probed_at": time.time()}
    doc["environment"] = keys.probe_environment()
    (tmp_path / keys.PROBE_FILE).write_text(json.dumps(doc))
    assert keys.load_or_create_data_key(tmp_path) == key
    assert len(probes) == 1
