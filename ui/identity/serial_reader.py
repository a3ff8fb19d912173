"""A document reader on a serial line (RS-232 or USB CDC), configured in counter.toml:

    [mrz_reader]
    port = "/dev/ttyACM0"     # or COM3, or any pyserial URL
    baudrate = 9600

A background thread reads lines; when the last 2 or 3 lines form an MRZ the
``mrz_read`` signal carries it to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import serial  # type: ignore[import-untyped]
from PySide6.QtCore import QObject, Signal

from desk.config import CounterConfig
from desk.domain.mrz import NotAnMrz, parse

log = logging.getLogger(__name__)


def reader_settings(config: CounterConfig) -> tuple[str, int] | None:
    """(port, baudrate) of the configured reader, or None when there is none."""
    section: Any = config.extra.get("mrz_reader") or {}
    port = str(section.get("port") or "").strip() if isinstance(section, dict) else ""
    if not port:
        return None
    return port, int(section.get("baudrate") or 9600)


def mrz_from_lines(lines: list[str]):  # type: ignore[no-untyped-def]
    """The MRZ ending the received ``lines`` (the last 3 or 2), or None."""
    for count, widths in ((3, {30}), (2, {36, 44})):
        tail = [x.strip() for x in lines[-count:]]
        if (
            len(tail) == count
            and {len(x) for x in tail} <= widths
            and len(set(map(len, tail))) == 1
        ):
            try:
                return parse(tail)
            except NotAnMrz:
                continue
    return None


class SerialMrzReader(QObject):
    """Reads MRZs from a serial port in a daemon thread until stop().

    Signals:
        mrz_read(object): an Mrz received.
        failed(str): the port could not be opened or read (the reason, in English).
    """

    mrz_read = Signal(object)
    failed = Signal(str)

    def __init__(self, port: str, baudrate: int = 9600, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.port, self.baudrate = port, baudrate
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._serial: Any = None

    def start(self) -> None:
        try:
            self._serial = serial.serial_for_url(self.port, self.baudrate, timeout=0.1)
        except (serial.SerialException, ValueError) as exc:
            log.info("MRZ reader %s unavailable: %s", self.port, exc)
            self.failed.emit(str(exc))
            return
        self._thread = threading.Thread(target=self._run, name="mrz-serial", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._serial is not None:
            self._serial.close()

    def _run(self) -> None:
        buffer = b""
        lines: list[str] = []
        while not self._stop.is_set():
            try:
                chunk = self._serial.read(256)
            except serial.SerialException as exc:
                self.failed.emit(str(exc))
                return
            if not chunk:
                continue
            buffer += chunk
            *complete, buffer = buffer.replace(b"\r", b"\n").split(b"\n")
            for raw in complete:
                text = raw.decode("ascii", "replace").strip()
                if not text:
                    continue
                lines = [*lines[-2:], text]
                mrz = mrz_from_lines(lines)
                if mrz is not None:
                    lines = []
                    self.mrz_read.emit(mrz)
