"""SANE backend (Linux, macOS) through python-sane.

The device-independent part is pure and tested on its own: :func:`plan_options`
maps our settings onto the option names and values a SANE device advertises, and
:func:`translate_error` maps SANE status strings to ScannerError reasons. The
runner opens the device, applies the plan and reads pages one by one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desk.capture.scanner import (
    CancelToken,
    DeviceInfo,
    Progress,
    ScannedPage,
    ScannerError,
    ScanSettings,
    Source,
    UnknownDevice,
)
from desk.domain.catalogue import ColourMode

log = logging.getLogger(__name__)

#: a constraint as python-sane reports it: None, (min, max, quant) or a list of values
Constraint = tuple[float, float, float] | list[Any] | None

# sane_strstatus() texts (sanei/sanei_init_debug.c, include/sane/sane.h)
_STATUS_REASONS = {
    "Document feeder jammed": "paper_jam",
    "Document feeder out of documents": "feeder_empty",
    "Scanner cover is open": "cover_open",
    "Device busy": "device_busy",
    "Operation was cancelled": "cancelled",
    "Access to resource has been denied": "access_denied",
    # a USB scanner unplugged mid-batch or a network scanner gone answers I/O error
    "Error during device I/O": "device_gone",
    "Invalid argument": "device_gone",  # sane_open of a device that vanished
}

_SOURCE_WORDS = {
    Source.DUPLEX: ("duplex",),
    Source.ADF: ("adf", "feeder", "automatic document"),
    Source.FLATBED: ("flatbed", "platen", "normal", "document table"),
}
_MODE_WORDS = {
    ColourMode.COLOUR: ("color", "colour", "rgb"),
    ColourMode.GREY: ("gray", "grey"),
    # black and white is thresholded by the page pipeline from a grey scan: better
    # than most scanners' lineart, and deskew/blank detection want grey levels
    ColourMode.BW: ("gray", "grey", "lineart", "binary", "halftone"),
}


class PlanError(ScannerError):
    pass


def translate_error(message: str) -> str:
    """Reason for a SANE error text (python-sane raises ``_sane.error(strstatus)``)."""
    return _STATUS_REASONS.get(message.strip(), "scanner_io")


def _pick(values: Sequence[Any], words: Sequence[str], exclude: Sequence[str] = ()) -> Any:
    for word in words:  # words are in order of preference
        for value in values:
            low = str(value).lower()
            if word in low and not any(x in low for x in exclude):
                return value
    return None


def choose_resolution(constraint: Constraint, dpi: int) -> float:
    """The advertised resolution closest to ``dpi``, preferring one at or above it."""
    if isinstance(constraint, tuple):
        lo, hi, quant = constraint
        value = min(max(float(dpi), lo), hi)
        if quant:
            value = lo + round((value - lo) / quant) * quant
        return value
    if isinstance(constraint, list) and constraint:
        above = [float(v) for v in constraint if float(v) >= dpi]
        return min(above) if above else max(float(v) for v in constraint)
    return float(dpi)


def plan_options(
    settings: ScanSettings, options: Mapping[str, Constraint]
) -> list[tuple[str, Any]]:
    """The (option, value) pairs to set, in order (source and mode first: they may
    change the other options' ranges)."""
    plan: list[tuple[str, Any]] = []
    sources = options.get("source")
    if isinstance(sources, list):
        exclude = () if settings.source is Source.DUPLEX else ("duplex", "back")
        choice = _pick(sources, _SOURCE_WORDS[settings.source], exclude)
        if choice is None:
            raise PlanError("unsupported_source", f"no {settings.source} source in {sources}")
        plan.append(("source", choice))
    elif settings.source is not Source.FLATBED:
        raise PlanError("unsupported_source", f"device has no source option for {settings.source}")
    modes = options.get("mode")
    if isinstance(modes, list):
        mode = _pick(modes, _MODE_WORDS[settings.mode])
        if mode is not None:
            plan.append(("mode", mode))
    depth = options.get("depth")
    if isinstance(depth, list) and 8 in depth:
        plan.append(("depth", 8))
    if "resolution" in options:
        plan.append(("resolution", choose_resolution(options["resolution"], settings.dpi)))
    for corner in ("br-x", "br-y"):  # the whole bed: the pipeline crops to the paper
        rng = options.get(corner)
        if isinstance(rng, tuple):
            plan.append((corner, rng[1]))
    return plan


_init_lock = threading.Lock()
_scan_lock = threading.Lock()  # SANE is not thread-safe: one scan at a time
_initialised = False


def _sane() -> Any:
    global _initialised
    try:
        import sane
    except ImportError as exc:
        raise ScannerError("backend_missing", f"python-sane is not installed: {exc}") from exc
    with _init_lock:
        if not _initialised:
            try:
                sane.init()
            except Exception as exc:  # _sane.error
                raise ScannerError("backend_missing", f"sane_init failed: {exc}") from exc
            _initialised = True
    return sane


@dataclass
class SaneBackend:
    """``extra_options`` are set after the plan (tests use the test device's
    ``test-picture`` and ``read-return-value``)."""

    name: str = "sane"
    extra_options: Mapping[str, Any] | None = None

    def devices(self) -> list[DeviceInfo]:
        sane = _sane()
        try:
            found = sane.get_devices()
        except Exception as exc:
            raise ScannerError(translate_error(str(exc)), str(exc)) from exc
        return [DeviceInfo(f"{self.name}:{d[0]}", d[1], d[2], d[3]) for d in found]

    def _open(self, device_id: str) -> Any:
        sane = _sane()
        name = device_id.removeprefix(f"{self.name}:")
        try:
            return sane.open(name)
        except RuntimeError as exc:  # python-sane: "No such scan device"
            raise UnknownDevice(device_id) from exc
        except Exception as exc:
            # an unknown name and a device that vanished both answer "Invalid argument"
            if name not in {d[0] for d in sane.get_devices()}:
                raise UnknownDevice(device_id) from exc
            raise ScannerError(translate_error(str(exc)), f"{device_id}: {exc}") from exc

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[ScannedPage]:
        with _scan_lock:
            dev = self._open(device_id)
            try:
                yield from self._run(dev, device_id, settings, progress, cancel)
            finally:
                try:
                    dev.cancel()
                    dev.close()
                except Exception as exc:  # the device may be gone already
                    log.info("closing %s: %s", device_id, exc)

    def _run(
        self,
        dev: Any,
        device_id: str,
        settings: ScanSettings,
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> Iterator[ScannedPage]:
        options = {o[1]: o[8] for o in dev.get_options() if o[1]}
        plan = plan_options(settings, options)
        for key, value in [*plan, *(self.extra_options or {}).items()]:
            setattr(dev, key.replace("-", "_"), value)
        dpi = round(float(dev.resolution)) if "resolution" in options else settings.dpi
        feeder = settings.source is not Source.FLATBED
        limit = settings.max_pages if feeder else 1
        unhook = cancel.on_cancel(dev.cancel) if cancel else (lambda: None)
        index = 0
        try:
            while limit is None or index < limit:
                if cancel is not None and cancel.cancelled:
                    raise ScannerError("cancelled", pages=index)
                try:
                    dev.start()
                    report = _progress_for(progress, index)
                    image = dev.snap(no_cancel=feeder, progress=report)
                except Exception as exc:
                    reason = translate_error(str(exc))
                    if reason == "feeder_empty" and index > 0:
                        return  # the normal end of a feeder batch
                    if cancel is not None and cancel.cancelled:
                        reason = "cancelled"
                    raise ScannerError(reason, f"{device_id}: {exc}", pages=index) from exc
                yield ScannedPage(index, image, dpi)
                index += 1
        finally:
            unhook()


def _progress_for(progress: Progress | None, index: int) -> Any:
    if progress is None:
        return None

    def report(lines: int, total: int) -> None:
        if total > 0 and (lines % 64 == 0 or lines == total):
            progress(index, lines / total)

    return report
