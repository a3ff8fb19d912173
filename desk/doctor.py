"""``desk doctor``: is this counter set up correctly?

Each check looks at one thing — data home, database, keys, last sync, scanner,
printer, headquarters — and returns a :class:`Finding` with a stable ``code`` and
machine-readable ``params``; the French words live in :mod:`desk.doctor_messages`
(``doctor_text``). Checks never change the counter: the database is opened read-only,
no key is created, nothing is migrated (``desk init`` and ``desk db upgrade`` do that).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from desk.config import CounterConfig
from desk.errors import ConfigError, DeskError
from desk.paths import HomeLayout
from desk.security.crypto import KEY_BYTES, DecryptionError, FieldCipher


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"  # works, but someone should look
    ERROR = "error"  # the counter cannot work properly
    SKIPPED = "skipped"  # does not apply here (e.g. CUPS on Windows)


@dataclass(frozen=True)
class Finding:
    check: str
    status: Status
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def needs_attention(self) -> bool:
        return self.status in (Status.WARNING, Status.ERROR)


@dataclass(frozen=True)
class Limits:
    """Thresholds of the checks (tests and the command line may change them)."""

    #: below this the counter cannot store a day's scans (≈ 1 MB a page)
    disk_error_bytes: int = 512 * 1024**2
    disk_warning_bytes: int = 2 * 1024**3
    #: HTTPS and signed sync requests fail beyond a few minutes of clock skew
    skew_warning_seconds: float = 60.0
    skew_error_seconds: float = 300.0
    #: the nightly sync should have sent anything older than a day and a half
    sync_max_age: timedelta = timedelta(hours=36)
    timeout_seconds: float = 3.0


@dataclass
class Context:
    home: HomeLayout
    limits: Limits = field(default_factory=Limits)
    platform: str = sys.platform
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    config: CounterConfig | None = None
    config_error: str = ""


def run_checks(
    home: Path, limits: Limits | None = None, platform: str = sys.platform
) -> list[Finding]:
    """Run every check on the data home ``home``; never raises for a bad set-up."""
    ctx = Context(HomeLayout(home), limits or Limits(), platform)
    findings = [check_data_home(ctx), check_config(ctx)]
    findings += [check(ctx) for check in CHECKS]
    return findings


def needs_attention(findings: list[Finding]) -> bool:
    return any(f.needs_attention for f in findings)


# --- data home and configuration ---------------------------------------------------------


def check_data_home(ctx: Context) -> Finding:
    root = ctx.home.root
    if not root.is_dir():
        return Finding("data_home", Status.ERROR, "home_missing", {"path": str(root)})
    probe = root / f".doctor-{uuid.uuid4().hex}"
    try:
        probe.write_bytes(b"doctor")
        probe.unlink()
    except OSError as exc:
        return Finding(
            "data_home", Status.ERROR, "home_not_writable", {"path": str(root), "error": str(exc)}
        )
    free = shutil.disk_usage(root).free
    params = {"path": str(root), "free_bytes": free, "free_mb": free // 1024**2}
    if free < ctx.limits.disk_error_bytes:
        return Finding("data_home", Status.ERROR, "disk_full", params)
    if free < ctx.limits.disk_warning_bytes:
        return Finding("data_home", Status.WARNING, "disk_low", params)
    return Finding("data_home", Status.OK, "home_ok", params)


def check_config(ctx: Context) -> Finding:
    path = ctx.home.config
    try:
        ctx.config = CounterConfig.load(path)
    except ConfigError as exc:
        ctx.config_error = exc.detail
        code = "config_missing" if not path.exists() else "config_invalid"
        return Finding("config", Status.ERROR, code, {"path": str(path), "error": exc.detail})
    except OSError as exc:
        ctx.config_error = str(exc)
        return Finding("config", Status.ERROR, "config_invalid", {"path": str(path), "error": exc})
    cfg = ctx.config
    return Finding(
        "config",
        Status.OK,
        "config_ok",
        {"site": cfg.site, "counter": cfg.counter, "prefecture": cfg.prefecture},
    )


# --- database, keys, sync -----------------------------------------------------------------


@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)) as conn:
        yield conn


def check_database(ctx: Context) -> Finding:
    from desk.store.db import head_revision

    path = ctx.home.database
    if not path.is_file():
        return Finding("database", Status.ERROR, "db_missing", {"path": str(path)})
    head = head_revision()
    try:
        with _read_only(path) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            try:
                found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            except sqlite3.OperationalError:
                found = []
    except UnicodeDecodeError:  # garbage where SQLite expected its own text
        return Finding("database", Status.ERROR, "db_corrupt", {"problems": ["undecodable"]})
    except sqlite3.DatabaseError as exc:
        return Finding("database", Status.ERROR, "db_unreadable", {"error": str(exc)})
    if rows != ["ok"]:
        return Finding("database", Status.ERROR, "db_corrupt", {"problems": rows[:10]})
    revision = found[0][0] if found else None
    params = {"path": str(path), "revision": revision, "head": head}
    if revision != head:
        return Finding("database", Status.ERROR, "db_not_at_head", params)
    return Finding("database", Status.OK, "db_ok", params)


def check_keys(ctx: Context) -> Finding:
    """The data key is there, opens (keyring / DPAPI / file) and decrypts this base."""
    from desk.security import keys

    found = [
        n
        for n in (keys.WRAPPED_FILE, keys.DPAPI_FILE, keys.DATA_KEY_FILE)
        if (ctx.home.keys / n).is_file()
    ]
    if not found:
        path = ctx.home.keys / keys.DATA_KEY_FILE
        return Finding("keys", Status.ERROR, "key_missing", {"path": str(path)})
    path = ctx.home.keys / found[0]
    protection = {keys.WRAPPED_FILE: "keyring", keys.DPAPI_FILE: "dpapi"}.get(found[0], "file")
    params: dict[str, Any] = {"path": str(path), "protection": protection}
    try:
        if protection == "file":
            key = path.read_bytes()
        else:
            protector = keys.choose_protector(protection, ctx.platform)
            assert protector is not None  # a named protection raises rather than None
            key = protector.unwrap(path.read_bytes())
    except (OSError, DeskError) as exc:
        params["error"] = str(getattr(exc, "detail", exc))
        return Finding("keys", Status.ERROR, "key_unreadable", params)
    if len(key) != KEY_BYTES:
        return Finding("keys", Status.ERROR, "key_damaged", params | {"size": len(key)})
    # The key must open what it encrypted: a key restored from the wrong backup
    # would leave every name unreadable.
    sample = _encrypted_sample(ctx.home.database)
    if sample is not None:
        try:
            FieldCipher(key).decrypt(sample, "surname")
        except DecryptionError:
            return Finding("keys", Status.ERROR, "key_mismatch", params)
    if ctx.platform != "win32" and os.stat(path).st_mode & 0o077:
        params["mode"] = oct(os.stat(path).st_mode & 0o777)
        return Finding("keys", Status.WARNING, "key_too_open", params)
    return Finding("keys", Status.OK, "key_ok", params | {"checked": sample is not None})


def _encrypted_sample(database: Path) -> bytes | None:
    if not database.is_file():
        return None
    try:
        with _read_only(database) as conn:
            row = conn.execute("SELECT surname_enc FROM applicants LIMIT 1").fetchone()
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return None  # reported by check_database
    return bytes(row[0]) if row else None


def check_sync(ctx: Context) -> Finding:
    path = ctx.home.database
    if not path.is_file():
        return Finding("sync", Status.SKIPPED, "sync_no_database")
    try:
        with _read_only(path) as conn:
            last, pending, oldest, rejected = conn.execute(
                "SELECT (SELECT max(acked_at) FROM outbox WHERE state = 'acked'),"
                " (SELECT count(*) FROM outbox WHERE state = 'pending'),"
                " (SELECT min(created_at) FROM outbox WHERE state = 'pending'),"
                " (SELECT count(*) FROM outbox WHERE state = 'rejected')"
            ).fetchone()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return Finding("sync", Status.ERROR, "sync_unreadable", {"error": str(exc)})
    last_at = _utc(last)
    params: dict[str, Any] = {
        "last_sync": last_at.isoformat() if last_at else None,
        "age_hours": round((ctx.now - last_at).total_seconds() / 3600, 1) if last_at else None,
        "pending": pending,
        "rejected": rejected,
    }
    if rejected:
        return Finding("sync", Status.WARNING, "sync_rejected", params)
    oldest_at = _utc(oldest)
    if oldest_at is not None and ctx.now - oldest_at > ctx.limits.sync_max_age:
        params["oldest_pending_hours"] = round((ctx.now - oldest_at).total_seconds() / 3600, 1)
        code = "sync_late" if last_at else "sync_never"
        return Finding("sync", Status.WARNING, code, params)
    if last_at is None:
        return Finding(
            "sync", Status.OK, "sync_nothing_yet" if not pending else "sync_pending", params
        )
    return Finding("sync", Status.OK, "sync_ok", params)


def _utc(value: str | None) -> datetime | None:
    # UTCDateTime stores naive UTC text ("2026-11-27 09:00:00.123456")
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


# --- devices and headquarters ------------------------------------------------------------


def check_scanner(ctx: Context) -> Finding:
    if ctx.platform == "win32":
        return Finding("scanner", Status.SKIPPED, "scanner_windows")
    wanted = ctx.config.scanner if ctx.config else ""
    try:
        devices = _sane_devices(ctx.limits.timeout_seconds * 5)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        return Finding("scanner", Status.ERROR, "sane_unavailable", {"error": str(exc)})
    params: dict[str, Any] = {"devices": devices, "configured": wanted}
    if wanted:
        if wanted in devices:
            return Finding("scanner", Status.OK, "scanner_ok", params)
        return Finding("scanner", Status.ERROR, "scanner_not_found", params)
    if devices:
        return Finding("scanner", Status.WARNING, "scanner_not_configured", params)
    return Finding("scanner", Status.ERROR, "no_scanner", params)


def _sane_devices(timeout: float) -> list[str]:
    """Names of the SANE devices: ``scanimage -L`` when installed, else python-sane.

    A child process first: libsane reads SANE_CONFIG_DIR once per process and caches
    it, and a hung backend can be timed out only in a child.
    """
    if shutil.which("scanimage") is not None:
        done = subprocess.run(
            ["scanimage", "-L"], capture_output=True, text=True, timeout=timeout, check=False
        )
        names = []
        for line in done.stdout.splitlines():
            # device `test:0' is a Noname frontend-tester virtual device
            if line.startswith("device `") and "'" in line:
                names.append(line[len("device `") : line.index("'")])
        return names
    try:
        import sane
    except ImportError:
        raise RuntimeError("neither scanimage nor python-sane is installed") from None
    sane.init()
    try:
        return [str(d[0]) for d in sane.get_devices()]
    finally:
        sane.exit()


def check_printer(ctx: Context) -> Finding:
    if ctx.platform == "win32":
        return Finding("printer", Status.SKIPPED, "printer_windows")
    name = ctx.config.printer if ctx.config else ""
    if not name:
        return Finding("printer", Status.WARNING, "printer_not_configured")
    if shutil.which("lpstat") is None:
        return Finding("printer", Status.ERROR, "cups_missing", {"printer": name})
    done = subprocess.run(
        ["lpstat", "-p", name],
        capture_output=True,
        text=True,
        timeout=ctx.limits.timeout_seconds,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    params = {"printer": name, "lpstat": (done.stdout or done.stderr).strip()}
    if done.returncode != 0:
        return Finding("printer", Status.ERROR, "printer_missing", params)
    if "disabled" in done.stdout:
        return Finding("printer", Status.ERROR, "printer_disabled", params)
    return Finding("printer", Status.OK, "printer_ok", params)


def check_hq(ctx: Context) -> Finding:
    import httpx

    url = ctx.config.hq_url if ctx.config else ""
    if not url:
        return Finding("hq", Status.WARNING, "hq_not_configured")
    from desk.sync.transport import tls_context

    sent = datetime.now(UTC)
    try:  # the same trust as the sync: the préfecture's CA bundle when configured
        tls = tls_context(ctx.config.extra.get("hq_ca_file") if ctx.config else None)
        response = httpx.get(
            url, timeout=ctx.limits.timeout_seconds, follow_redirects=False, verify=tls
        )
    except (httpx.HTTPError, DeskError) as exc:
        return Finding("hq", Status.ERROR, "hq_unreachable", {"url": url, "error": str(exc)})
    received = datetime.now(UTC)
    params: dict[str, Any] = {"url": url, "http_status": response.status_code}
    if response.status_code >= 500:
        return Finding("hq", Status.ERROR, "hq_failing", params)
    try:
        server = parsedate_to_datetime(response.headers["date"])
    except (KeyError, TypeError, ValueError):
        return Finding("hq", Status.WARNING, "hq_no_date", params)
    # The Date header has a one-second resolution: compare with the middle of the request
    local = sent + (received - sent) / 2
    skew = (local - server).total_seconds()
    params["skew_seconds"] = round(skew, 1)
    if abs(skew) >= ctx.limits.skew_error_seconds:
        return Finding("hq", Status.ERROR, "clock_skew", params)
    if abs(skew) >= ctx.limits.skew_warning_seconds:
        return Finding("hq", Status.WARNING, "clock_skew", params)
    return Finding("hq", Status.OK, "hq_ok", params)


CHECKS: list[Callable[[Context], Finding]] = [
    check_database,
    check_keys,
    check_sync,
    check_scanner,
    check_printer,
    check_hq,
]
