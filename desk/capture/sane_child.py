"""The SANE reader process (started by desk/capture/sane_process.py).

``python -m desk.capture.sane_child FD`` — or, frozen, ``desk --desk-scanner-child
FD`` — serves one connection (a socketpair end, file descriptor FD) until the
parent says quit or goes away. It opens the scanner with
:class:`desk.capture.sane_backend.SaneBackend`, reads pages and, when asked with a
capture profile, cleans them with the page pipeline before sending them back. It
imports SANE, Pillow, numpy and the pipeline only: no Qt, no SQLAlchemy.

Messages (pickled tuples; ``multiprocessing.connection`` frames them):

    parent → child   ("ping",) | ("devices",) | ("scan", ScanRequest) | ("cancel",) | ("quit",)
    child → parent   ("pong", pid) | ("devices", [DeviceInfo]) | ("progress", index, fraction)
                     | ("page", index, dpi, mode, width, height) then the raw bytes on their own
                     | ("cleaned", index, ProcessedPage | None, preview Image | None)
                       # None: blank page dropped; preview only when the request asks
                     | ("end",) | ("error", reason, detail) | ("unknown", device_id)

A cancel is read between pages and while a page is being read (in the progress
callback, every 64 lines): SaneBackend then calls ``sane_cancel``. Progress goes to
the parent in steps of a tenth of a page.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from multiprocessing.connection import Connection
from typing import Any

from desk.capture.sane_backend import SaneBackend
from desk.capture.sane_process import ScanRequest
from desk.capture.scanner import CancelToken, ScannerError, UnknownDevice

PROGRESS_STEP = 0.1  # fraction of a page between two progress messages
#: the child yields the CPU to the window's process when both want it: cleaning page
#: n+1 while the window stores page n otherwise delays the event loop's wake-ups on a
#: busy two-core PC (bench/bench_scan_stall.py: p99 of the stall 40 -> 29 ms at load
#: 9); an idle core still runs the child at full speed
NICE = 10


class _Session:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.quit = False
        self.warm = False

    def serve(self) -> None:
        while not self.quit:
            if not self.warm and not self.conn.poll(0):
                self._warm_up()
                continue
            message = self.conn.recv()
            op = message[0]
            if op == "quit":
                return
            if op == "ping":
                self.conn.send(("pong", os.getpid()))
            elif op == "devices":
                self._devices()
            elif op == "scan":
                self._scan(message[1])
            # a "cancel" that comes after its scan ended has nothing left to stop

    def _warm_up(self) -> None:
        """Import the pipeline while nobody waits: the first page then costs no more
        than the others."""
        self.warm = True
        import desk.capture.pipeline  # noqa: F401

    def _devices(self) -> None:
        try:
            found = SaneBackend().devices()
        except ScannerError as exc:
            self.conn.send(("error", exc.reason, exc.detail))
            return
        self.conn.send(("devices", found))

    def _poll(self, cancel: CancelToken) -> None:
        while self.conn.poll(0):
            op = self.conn.recv()[0]
            if op in ("cancel", "quit"):
                self.quit = self.quit or op == "quit"
                cancel.cancel()

    def _scan(self, request: ScanRequest) -> None:
        cancel = CancelToken()
        sent = [(-1, 0.0)]

        def progress(index: int, fraction: float) -> None:
            # every 64 lines SaneBackend reports; the window gets steps of a tenth:
            # each message wakes its pool thread, which then competes for the GIL
            last_index, last = sent[0]
            if index != last_index or fraction - last >= PROGRESS_STEP or fraction >= 1:
                sent[0] = (index, fraction)
                self.conn.send(("progress", index, fraction))
            self._poll(cancel)

        backend = SaneBackend(extra_options=dict(request.extra_options))
        try:
            for page in backend.scan(request.device_id, request.settings, progress, cancel):
                if request.profile is None:
                    image = page.image
                    self.conn.send(("page", page.index, page.dpi, image.mode, *image.size))
                    self.conn.send_bytes(image.tobytes())
                else:
                    from desk.capture.pipeline import process_page

                    cleaned = process_page(page.image, page.dpi, request.profile)
                    preview = None
                    if cleaned is not None and request.preview:
                        from desk.capture.placement import upright

                        preview = upright(cleaned.data, request.preview)
                    self.conn.send(("cleaned", page.index, cleaned, preview))
                self._poll(cancel)
        except UnknownDevice as exc:
            self.conn.send(("unknown", exc.device_id))
            return
        except ScannerError as exc:
            self.conn.send(("error", exc.reason, exc.detail))
            return
        except (EOFError, OSError):
            raise  # the parent is gone
        except Exception as exc:  # a driver or pipeline failure: the pages before stay
            traceback.print_exc()
            self.conn.send(("error", "scanner_io", f"{type(exc).__name__}: {exc}"))
            return
        self.conn.send(("end",))


def main(argv: list[str] | None = None) -> int:
    args: list[Any] = list(sys.argv[1:] if argv is None else argv)
    with contextlib.suppress(OSError):  # the window first, the scan second
        os.nice(NICE)
    conn = Connection(int(args[0]))
    try:
        _Session(conn).serve()
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass  # the parent closed the connection or died: nothing left to serve
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
