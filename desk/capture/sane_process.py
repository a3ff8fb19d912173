"""SANE in a child process: the scanner is read, and its pages cleaned, off the
counter window's interpreter.

Why: a scan in the window's process shares the GIL with the Qt event loop. On a
loaded machine the thread that reads the scanner and runs the page pipeline is
preempted by the OS while it holds the GIL (or runs a garbage collection of the
whole heap), and the event loop waits: 90-400 ms stalls measured on two busy cores
(docs/BENCHMARKS.md "Capture"). In a child process the scan has its own interpreter:
the window's process only receives each cleaned page (a few hundred kB) with its
thumbnail, and stores it. A driver that crashes (a scanner pulled out) takes the
child down, not the window.

The child (desk/capture/sane_child.py) is started on first use, kept for the
session and restarted when it died or when the SANE environment changed (libsane
reads ``SANE_CONFIG_DIR`` once per process). It speaks over a socketpair framed by
``multiprocessing.connection.Connection``; the messages are small pickled tuples
and, for raw pages, the image bytes on their own (see sane_child's docstring).

Plan, then run (STYLE.md #4): :func:`plan_request` and :func:`child_command` are
pure; :class:`ScannerChild` and :class:`SaneProcessBackend` do the I/O.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from desk.capture.scanner import (
    CancelToken,
    CleanedPage,
    DeviceInfo,
    Progress,
    ScannedPage,
    ScannerError,
    ScanSettings,
    UnknownDevice,
)

if TYPE_CHECKING:
    from desk.domain.catalogue import CaptureProfile

log = logging.getLogger(__name__)

#: the argument a frozen program (installer/*_entry.py) answers by running the child
CHILD_FLAG = "--desk-scanner-child"
#: after a cancel, how long the child may take to stop before it is killed (a backend
#: stuck in a read never answers); pages received so far are kept either way
CANCEL_GRACE_S = 5.0
#: how long the child may stay silent (no progress, no page, no answer) before the
#: scanner is taken for hung: it is killed and the scan ends with ``scanner_stalled``,
#: the pages received kept. SANE reports progress every 64 lines, so a working scanner
#: is never silent this long; a lamp warming up or a network scanner found on the
#: LAN takes under a minute
STALL_S = 120.0
_POLL_S = 0.5


@dataclass(frozen=True)
class ScanRequest:
    """What the child is asked to do: scan ``device_id`` with ``settings``; with a
    ``profile``, run the page pipeline on each page before sending it back, and with
    ``preview`` also an upright preview of that long side (the window's thumbnail)."""

    device_id: str
    settings: ScanSettings
    extra_options: tuple[tuple[str, Any], ...] = ()
    profile: CaptureProfile | None = None
    preview: int = 0


def plan_request(
    device_id: str,
    settings: ScanSettings,
    profile: CaptureProfile | None = None,
    extra_options: Mapping[str, Any] | None = None,
    preview: int = 0,
) -> ScanRequest:
    if profile is None and preview:
        raise ValueError("a preview is made from the cleaned page: give a profile")
    return ScanRequest(device_id, settings, tuple((extra_options or {}).items()), profile, preview)


def child_command(frozen: bool, executable: str, fd: int) -> list[str]:
    """The command line of the child: the frozen program with :data:`CHILD_FLAG`
    (its entry script dispatches before importing anything else), or this Python
    running the module."""
    if frozen:
        return [executable, CHILD_FLAG, str(fd)]
    return [executable, "-m", "desk.capture.sane_child", str(fd)]


def sane_environment(environ: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The part of the environment a SANE process reads once at start."""
    return tuple(sorted((k, v) for k, v in environ.items() if k.startswith("SANE")))


class ScannerChild:
    """One SANE reader process and the connection to it."""

    def __init__(self, command: Sequence[str] | None = None) -> None:
        parent_end, child_end = socket.socketpair()
        with child_end:
            fd = child_end.fileno()
            frozen = bool(getattr(sys, "frozen", False))
            if command is None:
                cmd = child_command(frozen, sys.executable, fd)
            else:  # tests run the entry scripts as a frozen program would
                cmd = [*command, str(fd)]
            env = dict(os.environ)
            if not frozen:  # the child imports the same desk as this process
                here = str(Path(__file__).resolve().parents[2])
                env["PYTHONPATH"] = os.pathsep.join(filter(None, [here, env.get("PYTHONPATH")]))
            try:
                self.proc = subprocess.Popen(
                    cmd,
                    pass_fds=(fd,),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,  # a driver's stray prints go nowhere
                    env=env,
                )
            except OSError as exc:
                parent_end.close()
                raise ScannerError("backend_missing", f"cannot start {cmd[0]}: {exc}") from exc
        self.env_key = sane_environment(os.environ)
        self._conn = Connection(parent_end.detach())
        self._send_lock = threading.Lock()

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None and not self._conn.closed

    def send(self, message: tuple[Any, ...]) -> None:
        with self._send_lock:
            self._conn.send(message)

    def poll(self, timeout: float) -> bool:
        return self._conn.poll(timeout)

    def recv(self) -> Any:
        return self._conn.recv()

    def recv_bytes(self) -> bytes:
        return self._conn.recv_bytes()

    def stalled(self, received: int) -> ScannerError:
        """The child stayed silent for :data:`STALL_S`: a driver stuck in a read."""
        self.kill()
        log.warning("SANE reader process %s silent for %.0f s: killed", self.pid, STALL_S)
        return ScannerError(
            "scanner_stalled", f"no word from the SANE reader process for {STALL_S:.0f} s", received
        )

    def stopped(self, received: int) -> ScannerError:
        """The child ended (device vanished and took the driver down, crash, kill)."""
        self.kill()
        code = self.proc.returncode
        return ScannerError(
            "scanner_stopped", f"the SANE reader process ended (exit code {code})", received
        )

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._conn.close()

    def stop(self, timeout: float = 2.0) -> None:
        if self.proc.poll() is None and not self._conn.closed:
            with contextlib.suppress(OSError):
                self.send(("quit",))
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout)
        self.kill()


# --- the session's child -------------------------------------------------------------

_lock = threading.Lock()  # one conversation with the child at a time (SANE is serial)
_child: ScannerChild | None = None


def _session_child() -> ScannerChild:
    """The running child, started or restarted as needed; the caller holds _lock."""
    global _child
    if _child is not None and (not _child.alive or _child.env_key != sane_environment(os.environ)):
        _child.stop()
        _child = None
    if _child is None:
        _child = ScannerChild()
    return _child


def current_child() -> ScannerChild | None:
    """The session's child if one runs (tests kill it; the benchmark times it)."""
    return _child


def shutdown(timeout: float = 2.0) -> None:
    """Stop the session's child (at exit, and between tests). A scan still running
    in a pool thread when the window closes holds the lock: the child is then killed
    without waiting, and that scan ends with ``scanner_stopped``, its pages kept."""
    global _child
    locked = _lock.acquire(timeout=timeout)
    try:
        child, _child = _child, None
        if child is None:
            return
        if locked:
            child.stop()
        elif child.proc.poll() is None:
            child.proc.kill()  # the scanning thread owns the connection and closes it
    finally:
        if locked:
            _lock.release()


atexit.register(shutdown)


def ask(message: tuple[Any, ...]) -> Any:
    """One request, one answer (devices, ping)."""
    with _lock:
        child = _session_child()
        try:
            child.send(message)
            if not child.poll(STALL_S):
                raise child.stalled(0)
            reply = child.recv()
        except (EOFError, OSError) as exc:
            raise child.stopped(0) from exc
    if reply[0] == "error":
        raise ScannerError(reply[1], reply[2])
    return reply[1]


def _conversation(
    request: ScanRequest, progress: Progress | None, cancel: CancelToken | None
) -> Iterator[tuple[int, object]]:
    """Run one scan in the child: yields (index, page payload) as pages arrive."""
    received = 0
    with _lock:
        child = _session_child()
        finished = False
        cancelled_at: list[float] = []

        def ask_cancel() -> None:  # any thread (the window's cancel button)
            cancelled_at.append(time.monotonic())
            with contextlib.suppress(OSError):  # a dead child needs no telling
                child.send(("cancel",))

        try:
            child.send(("scan", request))
            unhook: Callable[[], None] = cancel.on_cancel(ask_cancel) if cancel else _nothing
            heard = time.monotonic()
            try:
                while True:
                    if not child.poll(_POLL_S):
                        now = time.monotonic()
                        if cancelled_at and now - cancelled_at[0] > CANCEL_GRACE_S:
                            child.kill()  # stuck in the driver: cancel must still work
                            finished = True
                            raise ScannerError("cancelled", "the child did not stop", received)
                        if now - heard > STALL_S:
                            finished = True
                            raise child.stalled(received)
                        if child.proc.poll() is None:
                            continue
                    message = child.recv()
                    heard = time.monotonic()
                    kind = message[0]
                    if kind == "progress":
                        if progress is not None:
                            progress(message[1], message[2])
                    elif kind == "page":
                        _, index, dpi, mode, width, height = message
                        data = child.recv_bytes()
                        if not cancelled_at:  # a page in flight at the cancel is dropped
                            yield index, _raw_page(index, dpi, mode, width, height, data)
                            received += 1
                    elif kind == "cleaned":
                        _, index, page, preview = message
                        if not cancelled_at:  # as SaneBackend does: cancel stops at once
                            yield index, None if page is None else CleanedPage(page, preview)
                            received += 1
                    elif kind == "end":
                        finished = True
                        return
                    elif kind == "unknown":
                        finished = True
                        raise UnknownDevice(message[1])
                    else:  # "error"
                        finished = True
                        raise ScannerError(message[1], message[2], received)
            finally:
                unhook()
        except (EOFError, OSError) as exc:
            finished = True
            raise child.stopped(received) from exc
        finally:
            if not finished:  # the caller stopped reading (its own error, a rescan's
                _settle(child)  # blank page): stop the scan, keep the child if it can


def _settle(child: ScannerChild) -> None:
    """Cancel the child's scan and read what it still sends until it is done; kill it
    when it does not finish within the grace time."""
    deadline = time.monotonic() + CANCEL_GRACE_S
    try:
        child.send(("cancel",))
        while child.poll(max(0.0, deadline - time.monotonic())):
            message = child.recv()
            if message[0] == "page":
                child.recv_bytes()
            elif message[0] in ("end", "error", "unknown"):
                return
            if time.monotonic() > deadline:
                break
    except (EOFError, OSError):
        pass
    child.kill()


def _nothing() -> None:
    return None


def _raw_page(index: int, dpi: int, mode: str, width: int, height: int, data: bytes) -> ScannedPage:
    from PIL import Image

    return ScannedPage(index, Image.frombytes(mode, (width, height), data), dpi)


@dataclass
class SaneProcessBackend:
    """The SANE backend of the counter: :class:`desk.capture.sane_backend.SaneBackend`
    run in the child. ``extra_options`` as there (tests set the test device's)."""

    name: str = "sane"
    extra_options: Mapping[str, Any] | None = None

    def devices(self) -> list[DeviceInfo]:
        found: list[DeviceInfo] = ask(("devices",))
        return found

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[ScannedPage]:
        """Raw pages, as SaneBackend yields them (the pipeline runs in this process)."""
        request = plan_request(device_id, settings, None, self.extra_options)
        for _index, page in _conversation(request, progress, cancel):
            assert isinstance(page, ScannedPage)
            yield page

    def scan_cleaned(
        self,
        device_id: str,
        settings: ScanSettings,
        profile: CaptureProfile,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        preview: int = 0,
    ) -> Iterator[CleanedPage | None]:
        """Pages cleaned by the pipeline in the child; None for a dropped blank page."""
        request = plan_request(device_id, settings, profile, self.extra_options, preview)
        for _index, page in _conversation(request, progress, cancel):
            yield cast("CleanedPage | None", page)
