"""WIA backend (Windows) through the WIA 2.0 Automation Layer (``WIA.DeviceManager``)
driven with comtypes.

Only :class:`WiaBackend` touches COM, and only on Windows (imported from
desk.capture.scanner.platform_backends under ``sys.platform == "win32"``). The
device-independent parts are pure and tested on every platform:
:func:`plan_properties` (our settings -> WIA property ids and values),
:func:`translate_hresult` (WIA HRESULTs -> ScannerError reasons) and
:func:`feeder_finished`. docs/CAPTURE.md says what was verified where.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
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

# WIA property ids (wiadef.h)
WIA_DIP_DEV_ID = 2
WIA_DIP_VEND_DESC = 3
WIA_DIP_DEV_NAME = 7
WIA_DPS_CAPS = 3086  # WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES
WIA_DPS_DOCUMENT_HANDLING_STATUS = 3087
WIA_DPS_DOCUMENT_HANDLING_SELECT = 3088
WIA_DPS_PAGES = 3096
WIA_IPA_DATATYPE = 4103
WIA_IPA_DEPTH = 4104
WIA_IPS_CUR_INTENT = 6146
WIA_IPS_XRES = 6147
WIA_IPS_YRES = 6148

# WIA_DPS_DOCUMENT_HANDLING_SELECT bits
FEEDER = 0x001
FLATBED = 0x002
DUPLEX = 0x004
FRONT_FIRST = 0x008
# WIA_IPA_DATATYPE values
WIA_DATA_THRESHOLD = 0
WIA_DATA_GRAYSCALE = 2
WIA_DATA_COLOR = 3
# WIA_IPS_CUR_INTENT values
WIA_INTENT_IMAGE_TYPE_COLOR = 1
WIA_INTENT_IMAGE_TYPE_GRAYSCALE = 2

SCANNER_DEVICE_TYPE = 1  # WiaDeviceType.ScannerDeviceType
WIA_FORMAT_BMP = "{B96B3CAB-0728-11D3-9D7B-0000F81EF32E}"

# HRESULTs of the WIA facility (wiadef.h), as unsigned 32-bit values
WIA_ERROR_GENERAL_ERROR = 0x80210001
WIA_ERROR_PAPER_JAM = 0x80210002
WIA_ERROR_PAPER_EMPTY = 0x80210003
WIA_ERROR_PAPER_PROBLEM = 0x80210004
WIA_ERROR_OFFLINE = 0x80210005
WIA_ERROR_BUSY = 0x80210006
WIA_ERROR_WARMING_UP = 0x80210007
WIA_ERROR_USER_INTERVENTION = 0x80210008
WIA_ERROR_ITEM_DELETED = 0x80210009
WIA_ERROR_DEVICE_COMMUNICATION = 0x8021000A
WIA_ERROR_DEVICE_LOCKED = 0x8021000D
WIA_S_NO_DEVICE_AVAILABLE = 0x80210015
WIA_ERROR_COVER_OPEN = 0x80210016
WIA_ERROR_LAMP_OFF = 0x80210017
E_ACCESSDENIED = 0x80070005
E_ABORT = 0x80004004

_REASONS = {
    WIA_ERROR_PAPER_JAM: "paper_jam",
    WIA_ERROR_PAPER_PROBLEM: "paper_jam",
    WIA_ERROR_PAPER_EMPTY: "feeder_empty",
    WIA_ERROR_OFFLINE: "device_gone",
    WIA_ERROR_DEVICE_COMMUNICATION: "device_gone",
    WIA_ERROR_ITEM_DELETED: "device_gone",
    WIA_S_NO_DEVICE_AVAILABLE: "device_gone",
    WIA_ERROR_BUSY: "device_busy",
    WIA_ERROR_WARMING_UP: "device_busy",
    WIA_ERROR_DEVICE_LOCKED: "device_busy",
    WIA_ERROR_COVER_OPEN: "cover_open",
    WIA_ERROR_USER_INTERVENTION: "cover_open",
    E_ACCESSDENIED: "access_denied",
    E_ABORT: "cancelled",
}


def translate_hresult(hresult: int) -> str:
    """ScannerError reason of a WIA/COM HRESULT (signed or unsigned)."""
    return _REASONS.get(hresult & 0xFFFFFFFF, "scanner_io")


def plan_properties(settings: ScanSettings, capabilities: int) -> list[tuple[int, int]]:
    """(property id, value) pairs to set, device properties first then item ones.

    ``capabilities`` is the device's WIA_DPC_DOCUMENT_HANDLING_CAPABILITIES bit set
    (FEEDER | FLATBED | DUPLEX); a source it lacks raises ``unsupported_source``.
    """
    want = {Source.FLATBED: FLATBED, Source.ADF: FEEDER, Source.DUPLEX: FEEDER | DUPLEX}
    select = want[settings.source]
    if select & ~capabilities & (FEEDER | FLATBED | DUPLEX):
        raise ScannerError("unsupported_source", f"device lacks {settings.source}")
    plan = [(WIA_DPS_DOCUMENT_HANDLING_SELECT, select | (FRONT_FIRST if select & DUPLEX else 0))]
    if settings.source is not Source.FLATBED:
        plan.append((WIA_DPS_PAGES, settings.max_pages or 0))  # 0: all the feeder holds
    if settings.mode is ColourMode.COLOUR:
        intent, datatype, depth = WIA_INTENT_IMAGE_TYPE_COLOR, WIA_DATA_COLOR, 24
    else:  # black and white is thresholded by the pipeline from grey
        intent, datatype, depth = WIA_INTENT_IMAGE_TYPE_GRAYSCALE, WIA_DATA_GRAYSCALE, 8
    plan += [
        (WIA_IPS_CUR_INTENT, intent),
        (WIA_IPA_DATATYPE, datatype),
        (WIA_IPA_DEPTH, depth),
        (WIA_IPS_XRES, settings.dpi),
        (WIA_IPS_YRES, settings.dpi),
    ]
    return plan


def feeder_finished(hresult: int, pages_so_far: int, source: Source) -> bool:
    """WIA ends a feeder batch with PAPER_EMPTY: normal after at least one page."""
    return (
        source is not Source.FLATBED
        and translate_hresult(hresult) == "feeder_empty"
        and pages_so_far > 0
    )


def _hresult(exc: BaseException) -> int:
    value = getattr(exc, "hresult", None)
    if value is None and getattr(exc, "args", None) and isinstance(exc.args[0], int):
        value = exc.args[0]
    return int(value or WIA_ERROR_GENERAL_ERROR)


@dataclass
class WiaBackend:  # pragma: no cover - needs Windows and a WIA scanner
    name: str = "wia"

    def _manager(self) -> Any:
        if sys.platform != "win32":
            raise ScannerError("backend_missing", "WIA exists on Windows only")
        try:
            import comtypes.client
        except ImportError as exc:
            raise ScannerError("backend_missing", f"comtypes missing: {exc}") from exc
        comtypes.CoInitialize()
        return comtypes.client.CreateObject("WIA.DeviceManager")

    def devices(self) -> list[DeviceInfo]:
        found = []
        for info in self._manager().DeviceInfos:
            if info.Type != SCANNER_DEVICE_TYPE:
                continue
            props = {p.PropertyID: p.Value for p in info.Properties}
            found.append(
                DeviceInfo(
                    f"{self.name}:{info.DeviceID}",
                    str(props.get(WIA_DIP_VEND_DESC, "")),
                    str(props.get(WIA_DIP_DEV_NAME, "")),
                    "scanner",
                )
            )
        return found

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[ScannedPage]:
        import io

        from PIL import Image

        wanted = device_id.removeprefix(f"{self.name}:")
        manager = self._manager()
        info = next((i for i in manager.DeviceInfos if i.DeviceID == wanted), None)
        if info is None:
            raise UnknownDevice(device_id)
        index = 0
        try:
            device = info.Connect()
            props = {p.PropertyID: p for p in device.Properties}
            caps = int(props[WIA_DPS_CAPS].Value) if WIA_DPS_CAPS in props else FLATBED
            plan = plan_properties(settings, caps)
            item = device.Items[1]
            item_props = {p.PropertyID: p for p in item.Properties}
            for pid, value in plan:
                target = props.get(pid) or item_props.get(pid)
                if target is not None:
                    target.Value = value
            limit = settings.max_pages if settings.source is not Source.FLATBED else 1
            while limit is None or index < limit:
                if cancel is not None and cancel.cancelled:
                    raise ScannerError("cancelled", pages=index)
                if progress is not None:
                    progress(index, 0.0)
                try:
                    image_file = item.Transfer(WIA_FORMAT_BMP)
                except Exception as exc:
                    code = _hresult(exc)
                    if feeder_finished(code, index, settings.source):
                        return
                    raise ScannerError(translate_hresult(code), str(exc), pages=index) from exc
                data = bytes(image_file.FileData.BinaryData)
                image = Image.open(io.BytesIO(data))
                image.load()
                if progress is not None:
                    progress(index, 1.0)
                yield ScannedPage(index, image, settings.dpi)
                index += 1
        except ScannerError:
            raise
        except Exception as exc:
            code = _hresult(exc)
            raise ScannerError(translate_hresult(code), str(exc), pages=index) from exc
