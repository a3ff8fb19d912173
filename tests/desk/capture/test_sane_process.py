"""SANE in a child process (desk/capture/sane_process.py) with the real test device:
pages, cleaned pages and previews come back; cancel, device errors, a child killed
mid-batch and a caller that stops reading each end cleanly; the frozen entry
scripts start the child."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desk.capture import sane_process
from desk.capture.sane_backend import SaneBackend
from desk.capture.sane_process import (
    CHILD_FLAG,
    SaneProcessBackend,
    ScannerChild,
    ScanRequest,
    child_command,
    plan_request,
    sane_environment,
)
from desk.capture.scanner import (
    CancelToken,
    CleanedPage,
    ScannerError,
    ScanSettings,
    Source,
    UnknownDevice,
    platform_backends,
)
from desk.catalogue import default_catalogue
from desk.domain.catalogue import ColourMode
from desk.messages import describe
from tests.conftest import ROOT

GREY = default_catalogue().profiles["grey"]
SLOW = ROOT / "tests" / "data" / "sane-slow"  # the same device, ~1 s a page


def test_plan_request() -> None:
    settings = ScanSettings(Source.ADF, 300, ColourMode.GREY, 5)
    request = plan_request("sane:test:1", settings, GREY, {"read-return-value": "x"}, 150)
    assert request == ScanRequest("sane:test:1", settings, (("read-return-value", "x"),), GREY, 150)
    assert plan_request("sane:test:0", settings).profile is None
    with pytest.raises(ValueError, match="profile"):
        plan_request("sane:test:0", settings, None, None, 150)


def test_child_command_frozen_and_not() -> None:
    assert child_command(True, "/opt/guichet/desk", 7) == ["/opt/guichet/desk", CHILD_FLAG, "7"]
    assert child_command(False, "/usr/bin/python3", 7) == [
        "/usr/bin/python3",
        "-m",
        "desk.capture.sane_child",
        "7",
    ]


def test_sane_environment_is_what_restarts_the_child() -> None:
    env = {"SANE_CONFIG_DIR": "/a", "HOME": "/root", "SANE_DEBUG_DLL": "1"}
    assert sane_environment(env) == (("SANE_CONFIG_DIR", "/a"), ("SANE_DEBUG_DLL", "1"))


def test_the_platform_backend_reads_in_a_child() -> None:
    assert [type(b) for b in platform_backends()] == [SaneProcessBackend]


@pytest.mark.sane
def test_devices_and_a_flatbed_page(sane_test_device: str) -> None:
    backend = SaneProcessBackend()
    assert sane_test_device in [d.id for d in backend.devices()]
    progress: list[tuple[int, float]] = []
    (page,) = backend.scan(
        sane_test_device, ScanSettings(Source.FLATBED, 100), lambda i, f: progress.append((i, f))
    )
    assert (page.index, page.dpi, page.image.mode, page.image.size) == (0, 100, "RGB", (787, 787))
    here = next(SaneBackend().scan(sane_test_device, ScanSettings(Source.FLATBED, 100)))
    assert page.image.tobytes() == here.image.tobytes()  # the same grid, byte for byte
    assert page.image.getextrema() == ((0, 255),) * 3
    assert progress[-1] == (0, 1.0)
    child = sane_process.current_child()
    assert child is not None and child.pid != os.getpid()


@pytest.mark.sane
def test_feeder_pages_come_back_cleaned_with_previews(sane_test_device: str) -> None:
    settings = ScanSettings(Source.ADF, GREY.scan_dpi, GREY.mode, 5)
    pages = list(SaneProcessBackend().scan_cleaned(sane_test_device, settings, GREY, preview=150))
    assert len(pages) == 5
    for cleaned in pages:
        assert isinstance(cleaned, CleanedPage)
        assert cleaned.page.media_type == "image/jpeg"
        assert cleaned.page.dpi == GREY.dpi
        assert cleaned.preview is not None and max(cleaned.preview.size) == 150
    pid = sane_process.current_child().pid  # type: ignore[union-attr]
    list(SaneProcessBackend().scan_cleaned(sane_test_device, settings, GREY))
    assert sane_process.current_child().pid == pid  # type: ignore[union-attr]  # reused


@pytest.mark.sane
def test_cancel_between_pages(sane_test_device: str) -> None:
    cancel = CancelToken()
    got: list[object] = []

    def take_two_then_cancel() -> None:
        settings = ScanSettings(Source.ADF, 75, ColourMode.GREY)
        for page in SaneProcessBackend().scan_cleaned(
            sane_test_device, settings, GREY, None, cancel
        ):
            got.append(page)
            if len(got) == 2:
                cancel.cancel()

    with pytest.raises(ScannerError) as err:
        take_two_then_cancel()
    assert err.value.reason == "cancelled"
    assert len(got) == 2  # a page in flight when cancelled is not delivered


@pytest.mark.sane
def test_cancel_while_a_page_is_read(
    sane_test_device: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANE_CONFIG_DIR", str(SLOW))
    cancel = CancelToken()
    seen: list[tuple[int, float]] = []

    def progress(index: int, fraction: float) -> None:
        seen.append((index, fraction))
        if index == 1 and fraction < 1:
            cancel.cancel()

    settings = ScanSettings(Source.ADF, 100, ColourMode.GREY)
    with pytest.raises(ScannerError) as err:
        list(SaneProcessBackend().scan(sane_test_device, settings, progress, cancel))
    assert err.value.reason == "cancelled"
    assert err.value.pages == 1
    assert max(f for i, f in seen if i == 1) < 1  # page 2 was stopped half-read


@pytest.mark.sane
@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("SANE_STATUS_JAMMED", "paper_jam"),
        ("SANE_STATUS_NO_DOCS", "feeder_empty"),
        ("SANE_STATUS_IO_ERROR", "device_gone"),
    ],
)
def test_device_errors_cross_the_process(sane_test_device: str, status: str, reason: str) -> None:
    backend = SaneProcessBackend(extra_options={"read-return-value": status})
    with pytest.raises(ScannerError) as err:
        list(backend.scan_cleaned("sane:test:1", ScanSettings(Source.ADF, 25), GREY))
    assert err.value.reason == reason
    assert err.value.pages == 0


@pytest.mark.sane
def test_unknown_device(sane_test_device: str) -> None:
    with pytest.raises(UnknownDevice):
        list(SaneProcessBackend().scan("sane:nosuch:9", ScanSettings()))


@pytest.mark.sane
def test_child_killed_mid_batch_keeps_the_pages_received(
    sane_test_device: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANE_CONFIG_DIR", str(SLOW))
    got: list[object] = []

    def kill_after_two() -> None:
        settings = ScanSettings(Source.ADF, 100, ColourMode.GREY)
        for page in SaneProcessBackend().scan_cleaned(sane_test_device, settings, GREY):
            got.append(page)
            child = sane_process.current_child()
            if len(got) == 2 and child is not None:
                os.kill(child.pid, signal.SIGKILL)  # a driver crash, a scanner yanked out

    with pytest.raises(ScannerError) as err:
        kill_after_two()
    assert err.value.reason == "scanner_stopped"
    assert err.value.pages == 2 == len(got)
    assert "interrompue" in describe(err.value)
    assert "conservées" in describe(err.value)
    # the next scan starts a new child
    assert len(list(SaneProcessBackend().scan(sane_test_device, ScanSettings(dpi=50)))) == 1


@pytest.mark.sane
@pytest.mark.allow_log_warnings
def test_a_silent_child_is_taken_for_hung_and_the_pages_stay(
    sane_test_device: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A driver stuck in a read (the child stopped with SIGSTOP: alive, silent) ends
    the scan with scanner_stalled after STALL_S instead of keeping the window busy."""
    monkeypatch.setenv("SANE_CONFIG_DIR", str(SLOW))
    monkeypatch.setattr(sane_process, "STALL_S", 1.5)
    got: list[object] = []
    stopped: list[int] = []

    def stop_after_one() -> None:
        settings = ScanSettings(Source.ADF, 100, ColourMode.GREY)
        for page in SaneProcessBackend().scan_cleaned(sane_test_device, settings, GREY):
            got.append(page)
            child = sane_process.current_child()
            if len(got) == 1 and child is not None:
                os.kill(child.pid, signal.SIGSTOP)
                stopped.append(child.pid)

    with pytest.raises(ScannerError) as err:
        stop_after_one()
    assert err.value.reason == "scanner_stalled"
    assert err.value.pages == 1 == len(got)
    assert "ne répond plus" in describe(err.value) and "conservées" in describe(err.value)
    # the hung child is gone (killed, reaped), and the next scan starts a new one
    with pytest.raises(ProcessLookupError):
        os.kill(stopped[0], 0)
    assert len(list(SaneProcessBackend().scan(sane_test_device, ScanSettings(dpi=50)))) == 1
    assert sane_process.current_child().pid != stopped[0]  # type: ignore[union-attr]


@pytest.mark.sane
def test_a_caller_that_stops_reading_leaves_the_child_usable(sane_test_device: str) -> None:
    backend = SaneProcessBackend()
    settings = ScanSettings(Source.ADF, 75, ColourMode.GREY)
    for _page in backend.scan_cleaned(sane_test_device, settings, GREY):
        break  # e.g. storing the page failed
    child = sane_process.current_child()
    assert child is not None and child.alive
    assert len(list(backend.scan(sane_test_device, ScanSettings(dpi=50)))) == 1
    assert sane_process.current_child() is child


@pytest.mark.sane
def test_a_new_sane_environment_restarts_the_child(
    sane_test_device: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = SaneProcessBackend()
    backend.devices()
    first = sane_process.current_child()
    monkeypatch.setenv("SANE_CONFIG_DIR", str(SLOW))
    backend.devices()
    assert sane_process.current_child() is not first
    assert first is not None and not first.alive


@pytest.mark.sane
@pytest.mark.parametrize("entry", ["desk_entry.py", "guichet_entry.py"])
def test_the_installer_entry_scripts_run_the_child(sane_test_device: str, entry: str) -> None:
    """What a frozen program does: ``desk --desk-scanner-child FD``."""
    child = ScannerChild([sys.executable, str(Path(ROOT, "installer", entry)), CHILD_FLAG])
    try:
        child.send(("ping",))
        assert child.recv() == ("pong", child.pid)
        child.send(("devices",))
        kind, found = child.recv()
        assert kind == "devices" and sane_test_device in [d.id for d in found]
    finally:
        child.stop()
    assert child.proc.returncode == 0


def test_the_child_imports_no_qt_and_no_database() -> None:
    """It starts fast and stays small: SANE, Pillow, numpy and the pipeline only."""
    code = (
        "import sys, desk.capture.sane_child, desk.capture.pipeline, desk.capture.placement; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'PySide6', 'sqlalchemy', 'ui', 'alembic', 'reportlab', 'pypdf', 'httpx'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.sane
def test_shutdown_during_a_scan_stops_it_and_keeps_its_pages(
    sane_test_device: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window closes while a scan runs in a pool thread: exit does not hang."""
    monkeypatch.setenv("SANE_CONFIG_DIR", str(SLOW))
    got: list[object] = []
    errors: list[ScannerError] = []

    def scan() -> None:
        settings = ScanSettings(Source.ADF, 100, ColourMode.GREY)
        try:
            for page in SaneProcessBackend().scan_cleaned(sane_test_device, settings, GREY):
                got.append(page)
        except ScannerError as exc:
            errors.append(exc)

    thread = threading.Thread(target=scan)
    thread.start()
    deadline = time.monotonic() + 120
    while not got:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    sane_process.shutdown(timeout=0.1)
    thread.join(60)
    assert not thread.is_alive()
    assert [e.reason for e in errors] == ["scanner_stopped"]
    assert errors[0].pages == len(got) >= 1
    assert sane_process.current_child() is None


@pytest.mark.sane
def test_the_child_yields_the_cpu_to_the_window(sane_test_device: str) -> None:
    from desk.capture.sane_child import NICE

    SaneProcessBackend().devices()
    child = sane_process.current_child()
    assert child is not None
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, child.pid) == min(19, mine + NICE)


def test_a_child_that_cannot_start_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(ScannerError) as err:
        ScannerChild([str(tmp_path / "no-such-program"), CHILD_FLAG])
    assert err.value.reason == "backend_missing"
