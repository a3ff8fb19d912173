"""Test-wide set-up: headless Qt, a private data home per test, strict logging."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# Qt aborts without a display unless told to draw offscreen (STYLE.md #7).
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# OpenMP libraries run single-threaded: ~7x faster on these shared 2-core machines
# (measured with Tesseract, shared/MEASURED.md).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# Tests keep the data key in the data home's 0600 file, never in the developer's own
# keyring; tests/desk/security/test_keys.py exercises the keyring and DPAPI paths.
os.environ.setdefault("DESK_KEY_PROTECTION", "file")
# A machine-wide site file (/etc/guichet, left by an installed package) must not
# provision test homes; tests/desk/test_provisioning.py points this at its own folders.
os.environ["DESK_SITE_DIR"] = str(Path(__file__).resolve().parent / "data" / "no-site-dir")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def desk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty data home for this test, also exported as DESK_HOME."""
    home = tmp_path / "home"
    monkeypatch.setenv("DESK_HOME", str(home))
    return home


class _FailOnLogRecords(logging.Handler):
    """Collects records at WARNING or above that no test declared (STYLE.md #6)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_unexpected_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that expects warnings in the log marks itself with ``allow_log_warnings``
    or uses caplog; any other WARNING+ record fails it."""
    handler = _FailOnLogRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if request.node.get_closest_marker("allow_log_warnings") or "caplog" in request.fixturenames:
        return
    ours = [r for r in handler.records if not r.name.startswith(("PIL", "asyncio"))]
    if ours:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in ours)
        pytest.fail(f"unexpected log records:\n{lines}")


SANE_DATA = ROOT / "tests" / "data" / "sane"


@pytest.fixture
def sane_test_device(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The id of SANE's own ``test`` device, enabled by tests/data/sane/dll.conf (its
    test.conf draws a colour grid). SANE reads its configuration once per process, at
    the first use: every test that scans goes through this fixture. The SANE child
    process (desk/capture/sane_process.py) is stopped after the test: none outlives
    it, and option values the test set on the device do not leak into the next."""
    from desk.capture import sane_process

    monkeypatch.setenv("SANE_CONFIG_DIR", str(SANE_DATA))
    yield "sane:test:0"
    sane_process.shutdown()


# === receipts room (issue 6): a real CUPS queue printing to PDF files (cups-pdf) ======
#
# Session-wide: starts the system's cupsd if it is not running (CI runs as root), adds
# a private cups-pdf queue whose output folder is a temporary directory (cups-pdf reads
# /etc/cups/cups-pdf-<instance>.conf for the URI cups-pdf:/<instance>), removes both at
# the end, and stops cupsd only if this session started it and no other test queue
# remains.


@dataclass(frozen=True)
class CupsQueue:
    name: str
    out: Path

    def printed(self, job: str, timeout: float = 90) -> Path:
        """The PDF cups-pdf wrote for CUPS job ``job`` (e.g. GuichetPDF123-4)."""
        number = job.rsplit("-", 1)[-1]
        return self._wait(lambda p: p.name.endswith(f"job_{number}.pdf"), timeout)

    def new_file(self, before: set[Path], timeout: float = 90) -> Path:
        """The first PDF written since ``before`` was listed (jobs sent by Qt)."""
        return self._wait(lambda p: p not in before, timeout)

    def files(self) -> set[Path]:
        return set(self.out.rglob("*.pdf"))

    def _wait(self, wanted: Callable[[Path], bool], timeout: float) -> Path:
        deadline = time.monotonic() + timeout
        last: tuple[Path, int] | None = None
        while time.monotonic() < deadline:
            found = sorted(p for p in self.files() if wanted(p) and p.stat().st_size > 0)
            idle = not _run("lpstat", "-o", self.name).stdout.strip()
            if found and idle:
                size = found[0].stat().st_size
                if last == (found[0], size):  # complete: queue empty, size stable
                    return found[0]
                last = (found[0], size)
            time.sleep(0.4)
        raise AssertionError(f"cups-pdf wrote nothing on {self.name} in {timeout} s")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)


def _cups_running() -> bool:
    return "is running" in _run("lpstat", "-r").stdout


def _pdf_model() -> str | None:
    models = _run("lpinfo", "-m").stdout.splitlines()
    return next((m.split()[0] for m in models if "CUPS-PDF_opt" in m), None) or next(
        (m.split()[0] for m in models if "cups-pdf" in m.lower()), None
    )


@pytest.fixture(scope="session")
def cups_pdf_queue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CupsQueue]:
    if not shutil.which("cupsd") or not Path("/usr/lib/cups/backend/cups-pdf").exists():
        pytest.skip("cupsd or cups-pdf missing: apt packages cups, printer-driver-cups-pdf")
    if os.geteuid() != 0:
        pytest.skip("starting cupsd and adding a queue needs root (as in CI)")
    started = False
    if not _cups_running():
        _run("cupsd")
        started = True
        for _ in range(100):
            if _cups_running():
                break
            time.sleep(0.1)
        else:
            pytest.skip("cupsd did not start")
    model = _pdf_model()
    if model is None:
        pytest.skip("CUPS lists no cups-pdf driver (lpinfo -m)")
    name = f"GuichetPDF{os.getpid()}x{uuid.uuid4().hex[:6]}"
    instance = name.lower()
    out = tmp_path_factory.mktemp("cups-pdf")
    out.chmod(0o777)
    conf = Path("/etc/cups") / f"cups-pdf-{instance}.conf"
    conf.write_text(f"Out {out}\nAnonDirName {out}\nLabel 1\n", encoding="utf-8")
    added = _run("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{instance}", "-m", model)
    if added.returncode != 0:
        conf.unlink(missing_ok=True)
        pytest.skip(f"lpadmin could not add the cups-pdf queue: {added.stderr.strip()}")
    try:
        yield CupsQueue(name, out)
    finally:
        _run("cancel", "-a", name)
        _run("lpadmin", "-x", name)
        conf.unlink(missing_ok=True)
        others = [line for line in _run("lpstat", "-p").stdout.splitlines() if "GuichetPDF" in line]
        if started and not others:
            pid = Path("/run/cups/cupsd.pid")
            if pid.exists():
                os.kill(int(pid.read_text().strip()), signal.SIGTERM)


# === end of the receipts room's CUPS fixture ==========================================


# === HQ room (issue 7): real PostgreSQL and real ``hq serve`` on loopback =============
#
# Shared by tests/hq and tests/ui (the sync panel is tested against a real HQ). One
# PostgreSQL cluster per test session (initdb + pg_ctl as the ``postgres`` user in a
# private folder, on a free port); each test gets its own database. The helpers live
# in tests/hq (pgserver.py, hq_servers.py), imported only when a fixture is used, so
# the core tests run without psycopg.

HQ_TESTS = ROOT / "tests" / "hq"


def hq_helpers(name: str) -> Any:
    """tests/hq/<name>.py, the module tests/hq's own imports get (``from pgserver
    import ...``). Loaded by file rather than by putting tests/hq on sys.path, which
    would change which ``conftest`` the HQ tests' ``from conftest import`` finds."""
    if name not in sys.modules:
        if name != "pgserver":
            hq_helpers("pgserver")  # hq_servers imports it by name
        spec = importlib.util.spec_from_file_location(name, HQ_TESTS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


if TYPE_CHECKING:
    from hq_servers import HQProcess
    from pgserver import PostgresServer

    from desk.app import Counter


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with hq_helpers("pgserver").postgres_cluster() as server:
        yield server


_db_seq = iter(range(1, 10**6))


@pytest.fixture
def hq_db(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh PostgreSQL database for this test; yields its SQLAlchemy URL."""
    name = f"hq_test_{os.getpid()}_{next(_db_seq)}"
    with postgres_server.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.url(name)
    with postgres_server.connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def hq_server(hq_db: str, tmp_path: Path) -> Iterator[HQProcess]:
    """An HQ process of its own (tests that kill or restart it)."""
    server = hq_helpers("hq_servers").HQProcess(hq_db, tmp_path / "hq-blobs").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def shared_hq(postgres_server: PostgresServer) -> Iterator[HQProcess]:
    """One HQ process for the tests that do not stop it; they keep apart by using
    distinct counters (see hq_servers.next_counter)."""
    import tempfile

    name = f"hq_shared_{os.getpid()}"
    with postgres_server.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    blobs = Path(tempfile.mkdtemp(prefix="guichet-hq-blobs-"))
    server = hq_helpers("hq_servers").HQProcess(postgres_server.url(name), blobs).start()
    yield server
    server.stop()
    shutil.rmtree(blobs, ignore_errors=True)


@pytest.fixture
def enrolled(tmp_path: Path, shared_hq: HQProcess) -> Iterator[Counter]:
    """A counter of prefecture 075 with a number of its own, enrolled at the shared HQ."""
    from desk.sync.enrol import enrol

    helpers = hq_helpers("hq_servers")
    number = helpers.next_counter()
    c = helpers.make_counter(tmp_path / "counter", "75", number)
    enrol(c, shared_hq.url, helpers.issue_token(shared_hq.db, "75", number))
    yield c
    c.close()


@pytest.fixture
def hq_tools() -> Any:
    """tests/hq/hq_servers.py (seed_small, add_foreign_dossier...) for tests outside
    tests/hq."""
    return hq_helpers("hq_servers")


# === end of the HQ room's fixtures =====================================================
