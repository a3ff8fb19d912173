"""desk.doctor on real things: a real data home and database, a real HTTP server on
loopback, the SANE test backend, a CUPS queue that does not exist."""

from __future__ import annotations

import http.server
import os
import random
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from desk.app import open_counter
from desk.config import CounterConfig
from desk.doctor import Limits, Status, needs_attention, run_checks
from desk.doctor_messages import DOCTOR, doctor_text
from desk.services.applicants import ApplicantInput, create_applicant
from desk.services.common import SYSTEM
from desk.store.db import transaction
from desk.store.models import OutboxRow

DATA = Path(__file__).resolve().parents[1] / "data" / "doctor"


def make_home(home: Path, **config: object) -> Path:
    cfg = CounterConfig(prefecture="69", departement="69", site="Lyon — accueil", counter=3)
    for key, value in config.items():
        setattr(cfg, key, value)
    open_counter(home, cfg).close()
    return home


def add_applicant(home: Path) -> None:
    counter = open_counter(home)
    try:
        create_applicant(
            counter,
            SYSTEM,
            ApplicantInput(
                surname="Nguyen",
                given_names="Thi",
                birth_date=date(1990, 1, 2),
                nationality="VNM",
            ),
        )
    finally:
        counter.close()


def set_outbox(home: Path, **values: object) -> None:
    counter = open_counter(home)
    try:
        with transaction(counter.sessions) as session:
            session.execute(update(OutboxRow).values(**values))
    finally:
        counter.close()


def by_check(home: Path, **limits: object) -> dict[str, tuple[Status, str]]:
    found = run_checks(home, Limits(**limits))  # type: ignore[arg-type]
    return {f.check: (f.status, f.code) for f in found}


@pytest.fixture(autouse=True)
def _no_real_scanners(monkeypatch: pytest.MonkeyPatch) -> None:
    """Probing every SANE backend of the machine takes seconds: tests see none, or
    the test device."""
    monkeypatch.setenv("SANE_CONFIG_DIR", str(DATA / "sane-none"))


@pytest.fixture
def sane_test_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANE_CONFIG_DIR", str(DATA / "sane"))


class _Handler(http.server.BaseHTTPRequestHandler):
    skew = timedelta(0)

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"guichet-hq")

    def date_time_string(self, timestamp: float | None = None) -> str:
        return format_datetime(datetime.now(UTC) + self.skew, usegmt=True)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def hq_server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_empty_home_needs_init(tmp_path: Path) -> None:
    found = by_check(tmp_path / "nowhere")
    assert found["data_home"] == (Status.ERROR, "home_missing")
    assert found["config"] == (Status.ERROR, "config_missing")
    assert found["database"] == (Status.ERROR, "db_missing")
    assert found["keys"] == (Status.ERROR, "key_missing")


def test_home_that_is_a_file_is_not_writable(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")
    assert by_check(home)["data_home"] == (Status.ERROR, "home_missing")


def test_fresh_counter(tmp_path: Path, sane_test_device: None) -> None:
    home = make_home(tmp_path / "home", scanner="test:0")
    found = by_check(home)
    assert found["data_home"] == (Status.OK, "home_ok")
    assert found["config"] == (Status.OK, "config_ok")
    assert found["database"] == (Status.OK, "db_ok")
    assert found["keys"] == (Status.OK, "key_ok")
    assert found["sync"] == (Status.OK, "sync_nothing_yet")
    assert found["scanner"] == (Status.OK, "scanner_ok")
    # nothing configured yet: someone must fill in the printer and HQ
    assert found["printer"] == (Status.WARNING, "printer_not_configured")
    assert found["hq"] == (Status.WARNING, "hq_not_configured")


def test_low_disk_space(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    huge = 10**18
    assert by_check(home, disk_warning_bytes=huge)["data_home"] == (Status.WARNING, "disk_low")
    assert by_check(home, disk_error_bytes=huge)["data_home"] == (Status.ERROR, "disk_full")


def test_corrupt_database(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    add_applicant(home)
    db = home / "guichet.sqlite3"
    raw = bytearray(db.read_bytes())
    page = 4096
    noise = random.Random(9)  # the same damage every run
    for offset in range(page * 2, len(raw) - page, page):
        raw[offset + 100 : offset + 400] = noise.randbytes(300)
    db.write_bytes(bytes(raw))
    status, code = by_check(home)["database"]
    assert status is Status.ERROR
    assert code in ("db_corrupt", "db_unreadable")


def test_database_behind_head(tmp_path: Path) -> None:
    import sqlite3

    home = make_home(tmp_path / "home")
    with sqlite3.connect(home / "guichet.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'older'")
    conn.close()
    assert by_check(home)["database"] == (Status.ERROR, "db_not_at_head")


def test_wrong_key_is_detected(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    add_applicant(home)
    assert by_check(home)["keys"] == (Status.OK, "key_ok")
    (home / "keys" / "data.key").write_bytes(os.urandom(32))
    assert by_check(home)["keys"] == (Status.ERROR, "key_mismatch")
    (home / "keys" / "data.key").write_bytes(b"short")
    assert by_check(home)["keys"] == (Status.ERROR, "key_damaged")


def test_key_readable_by_others(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    (home / "keys" / "data.key").chmod(0o644)
    assert by_check(home)["keys"] == (Status.WARNING, "key_too_open")


def test_sync_age(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    add_applicant(home)
    assert by_check(home)["sync"] == (Status.OK, "sync_pending")
    three_days_ago = datetime.now(UTC) - timedelta(days=3)
    set_outbox(home, created_at=three_days_ago)
    assert by_check(home)["sync"] == (Status.WARNING, "sync_never")
    set_outbox(home, state="acked", acked_at=datetime.now(UTC) - timedelta(hours=2))
    found = {f.check: f for f in run_checks(home)}
    assert (found["sync"].status, found["sync"].code) == (Status.OK, "sync_ok")
    assert found["sync"].params["age_hours"] == pytest.approx(2.0, abs=0.1)
    set_outbox(home, state="rejected")
    assert by_check(home)["sync"] == (Status.WARNING, "sync_rejected")


def test_no_scanner(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    assert by_check(home)["scanner"] == (Status.ERROR, "no_scanner")


def test_configured_scanner_unplugged(tmp_path: Path, sane_test_device: None) -> None:
    home = make_home(tmp_path / "home", scanner="fujitsu:fi-7160:123")
    found = {f.check: f for f in run_checks(home)}
    assert found["scanner"].code == "scanner_not_found"
    assert "test:0" in found["scanner"].params["devices"]


def test_scanner_found_but_not_chosen(tmp_path: Path, sane_test_device: None) -> None:
    home = make_home(tmp_path / "home")
    assert by_check(home)["scanner"] == (Status.WARNING, "scanner_not_configured")


def test_missing_printer(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home", printer="guichet-imprimante-absente")
    assert by_check(home)["printer"] == (Status.ERROR, "printer_missing")


def test_windows_skips_sane_and_cups(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home", printer="x", scanner="y")
    found = {f.check: f for f in run_checks(home, platform="win32")}
    assert found["scanner"].status is Status.SKIPPED
    assert found["printer"].status is Status.SKIPPED


def test_hq_reachable_and_on_time(tmp_path: Path, hq_server: tuple[str, type[_Handler]]) -> None:
    url, _ = hq_server
    home = make_home(tmp_path / "home", hq_url=url)
    found = {f.check: f for f in run_checks(home)}
    assert (found["hq"].status, found["hq"].code) == (Status.OK, "hq_ok")
    assert abs(found["hq"].params["skew_seconds"]) < 2


def test_hq_clock_skew(tmp_path: Path, hq_server: tuple[str, type[_Handler]]) -> None:
    url, handler = hq_server
    home = make_home(tmp_path / "home", hq_url=url)
    handler.skew = timedelta(minutes=2)
    found = {f.check: f for f in run_checks(home)}
    assert (found["hq"].status, found["hq"].code) == (Status.WARNING, "clock_skew")
    assert found["hq"].params["skew_seconds"] == pytest.approx(-120, abs=2)
    handler.skew = timedelta(minutes=-10)
    assert by_check(home)["hq"] == (Status.ERROR, "clock_skew")


def test_hq_unreachable(tmp_path: Path) -> None:
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = make_home(tmp_path / "home", hq_url=f"http://127.0.0.1:{port}/")
    assert by_check(home, timeout_seconds=1.0)["hq"] == (Status.ERROR, "hq_unreachable")


def test_all_good_needs_no_attention(
    tmp_path: Path, sane_test_device: None, hq_server: tuple[str, type[_Handler]]
) -> None:
    home = make_home(tmp_path / "home", scanner="test:0", hq_url=hq_server[0])
    found = [f for f in run_checks(home) if f.check != "printer"]
    assert not needs_attention(found), found


def test_every_code_has_french_words(tmp_path: Path) -> None:
    import re

    source = (Path(__file__).resolve().parents[2] / "desk" / "doctor.py").read_text()
    codes = set(re.findall(r'Status\.\w+, "(\w+)"', source))
    codes |= set(re.findall(r'"(sync_\w+)" if', source)) | {"sync_pending", "sync_never"}
    assert codes
    assert codes - set(DOCTOR) == set()
    assert doctor_text("no_scanner", {"devices": []}).startswith("aucun scanner")


def test_keyring_protected_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        """keyring's own backend API, secrets kept in this process."""

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

    before = keyring.get_keyring()
    monkeypatch.setenv("DESK_KEY_PROTECTION", "keyring")
    try:
        keyring.set_keyring(MemoryKeyring())
        home = make_home(tmp_path / "home")
        add_applicant(home)
        found = {f.check: f for f in run_checks(home)}
        assert (found["keys"].status, found["keys"].code) == (Status.OK, "key_ok")
        assert found["keys"].params["protection"] == "keyring"
        assert not (home / "keys" / "data.key").exists()
        keyring.set_keyring(MemoryKeyring())  # the keyring was reset: the key is lost
        assert by_check(home)["keys"] == (Status.ERROR, "key_unreadable")
    finally:
        keyring.set_keyring(before)
