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
callback, every 64 lines): SaneBackend then calls ``sane_cancel``.
"""

from __future__ import annotations

import os
import sys
import traceback
from multiprocessing.connection import Connection
from typing import Any

from desk.capture.sane_backend import SaneBackend
from desk.capture.sane_process import ScanRequest
from desk.capture.scanner import CancelToken, ScannerError, UnknownDevice


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

        def progress(index: int, fraction: float) -> None:
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
