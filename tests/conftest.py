"""Test-wide set-up: headless Qt, a private data home per test, strict logging."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt aborts without a display unless told to draw offscreen (STYLE.md #7).
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tesseract and OpenCV are ~7x faster single-threaded on these 2-core machines.
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
def sane_test_device(monkeypatch: pytest.MonkeyPatch) -> str:
    """The id of SANE's own ``test`` device, enabled by tests/data/sane/dll.conf (its
    test.conf draws a colour grid). SANE reads its configuration once per process, at
    the first use: every test that scans goes through this fixture."""
    monkeypatch.setenv("SANE_CONFIG_DIR", str(SANE_DATA))
    return "sane:test:0"
