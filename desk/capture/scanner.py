"""The one interface every scanner backend (SANE, WIA, TWAIN) implements.

A backend lists devices and scans pages one at a time: ``scan`` is a generator that
yields each page as soon as the device delivered it, so that the caller can store it
durably before the next one arrives. Device problems are raised as
:class:`ScannerError` with a stable ``reason`` (French words in desk/messages.py).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from desk.domain.catalogue import ColourMode
from desk.errors import InvalidInput, NegativeAnswer

if TYPE_CHECKING:
    from PIL import Image

    from desk.capture.pipeline import ProcessedPage
    from desk.domain.catalogue import CaptureProfile


class Source(StrEnum):
    FLATBED = "flatbed"
    ADF = "adf"  # automatic document feeder, front sides
    DUPLEX = "duplex"  # feeder, both sides


#: stable reasons of ScannerError (French text: desk/messages.py)
REASONS = (
    "device_gone",  # unplugged, switched off, network scanner unreachable
    "paper_jam",
    "feeder_empty",  # nothing in the feeder when the scan starts
    "cover_open",
    "device_busy",
    "cancelled",
    "access_denied",
    "unsupported_source",  # the device has no feeder / no duplex
    "scanner_io",  # any other device failure
    "backend_missing",  # SANE/WIA/TWAIN not installed on this machine
    "scanner_stopped",  # the process reading the scanner ended (driver crash, killed)
    "scanner_stalled",  # the process reading the scanner went silent (driver hung)
)


class ScannerError(NegativeAnswer):
    """The scanner could not deliver (more) pages; ``pages`` were captured before."""

    code = "scanner_error"

    def __init__(self, reason: str, detail: str = "", pages: int = 0) -> None:
        super().__init__(detail or reason, reason=reason, pages=pages)
        self.reason = reason
        self.pages = pages


class UnknownDevice(InvalidInput):
    code = "unknown_device"

    def __init__(self, device_id: str) -> None:
        super().__init__(f"no scanner {device_id!r}", device=device_id)
        self.device_id = device_id


@dataclass(frozen=True)
class DeviceInfo:
    id: str  # "<backend>:<backend's own name>", e.g. "sane:test:0"
    vendor: str
    model: str
    type: str


@dataclass(frozen=True)
class ScanSettings:
    source: Source = Source.FLATBED
    dpi: int = 300
    mode: ColourMode = ColourMode.COLOUR
    max_pages: int | None = None  # None: until the feeder is empty


@dataclass(frozen=True)
class ScannedPage:
    index: int  # 0-based, in the order the device delivered them
    image: Image.Image
    dpi: int


@dataclass(frozen=True)
class CleanedPage:
    """A page the backend ran through the pipeline itself (CleaningBackend), with its
    upright preview when one was asked for."""

    page: ProcessedPage
    preview: Image.Image | None = None


#: progress(page_index, fraction of that page read, 0..1)
Progress = Callable[[int, float], None]


class CancelToken:
    """Set from any thread; the backend stops at the next page (or at once if the
    device supports aborting a page in flight, through ``on_cancel`` hooks)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._hooks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            hooks = list(self._hooks)
        for hook in hooks:
            hook()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def on_cancel(self, hook: Callable[[], None]) -> Callable[[], None]:
        """Run ``hook`` when cancelled (now, if already); returns an un-register."""
        with self._lock:
            self._hooks.append(hook)
            already = self._event.is_set()
        if already:
            hook()

        def remove() -> None:
            with self._lock:
                if hook in self._hooks:
                    self._hooks.remove(hook)

        return remove


class ScannerBackend(Protocol):
    name: str

    def devices(self) -> list[DeviceInfo]: ...

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[ScannedPage]: ...


@runtime_checkable
class CleaningBackend(ScannerBackend, Protocol):
    """A backend that can also run the page pipeline where it reads the pages (the
    SANE child process): pages come back cleaned, with an upright preview of
    ``preview`` pixels (long side) when asked; None for a dropped blank page."""

    def scan_cleaned(
        self,
        device_id: str,
        settings: ScanSettings,
        profile: CaptureProfile,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        preview: int = 0,
    ) -> Iterator[CleanedPage | None]: ...


def platform_backends() -> list[ScannerBackend]:
    """The backends this platform offers, imported lazily (WIA/TWAIN only on Windows)."""
    found: list[ScannerBackend] = []
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        from desk.capture.twain import TwainBackend
        from desk.capture.wia import WiaBackend

        found += [WiaBackend(), TwainBackend()]
    else:
        # read in a child process: a scan in this one stalls the window's event loop
        from desk.capture.sane_process import SaneProcessBackend

        found.append(SaneProcessBackend())
    return found


def list_devices(backends: list[ScannerBackend] | None = None) -> list[DeviceInfo]:
    out: list[DeviceInfo] = []
    for backend in backends if backends is not None else platform_backends():
        out.extend(backend.devices())
    return out


def backend_for(
    device_id: str, backends: list[ScannerBackend] | None = None
) -> tuple[ScannerBackend, str]:
    """The backend owning ``device_id`` and the id in the form it understands
    ("test:0" is accepted for "sane:test:0" when SANE is the platform's backend)."""
    backends = backends if backends is not None else platform_backends()
    prefix, _, rest = device_id.partition(":")
    for backend in backends:
        if prefix == backend.name and rest:
            return backend, device_id
    if len(backends) == 1:
        backend = backends[0]
        return backend, f"{backend.name}:{device_id}"
    raise UnknownDevice(device_id)
