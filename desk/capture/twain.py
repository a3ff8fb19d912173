"""TWAIN backend (Windows) through the TWAIN Data Source Manager (TWAINDSM.dll,
TWAIN 2.x) called with ctypes, no user interface shown by the driver.

Only :class:`TwainBackend` loads the DSM, and only on Windows. The device-independent
parts are pure and tested on every platform: :func:`plan_capabilities` (our settings
-> TWAIN capabilities), :func:`translate_condition` (TWCC condition codes ->
ScannerError reasons) and :func:`dib_to_image` (the native transfer's DIB -> image).
docs/CAPTURE.md says what was verified where.
"""

from __future__ import annotations

import ctypes
import io
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PIL import Image

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

# twain.h (TWAIN 2.4)
DG_CONTROL, DG_IMAGE = 0x0001, 0x0002
DAT_CAPABILITY, DAT_EVENT, DAT_IDENTITY, DAT_PARENT = 0x0001, 0x0002, 0x0003, 0x0004
DAT_PENDINGXFERS, DAT_STATUS, DAT_USERINTERFACE = 0x0005, 0x0008, 0x0009
DAT_IMAGENATIVEXFER = 0x0104
MSG_GET, MSG_GETFIRST, MSG_GETNEXT, MSG_SET, MSG_RESET = 0x0001, 0x0004, 0x0005, 0x0006, 0x0007
MSG_XFERREADY, MSG_CLOSEDSREQ = 0x0101, 0x0102
MSG_OPENDSM, MSG_CLOSEDSM, MSG_OPENDS, MSG_CLOSEDS = 0x0301, 0x0302, 0x0401, 0x0402
MSG_DISABLEDS, MSG_ENABLEDS, MSG_PROCESSEVENT, MSG_ENDXFER = 0x0501, 0x0502, 0x0601, 0x0701
TWRC_SUCCESS, TWRC_FAILURE, TWRC_CANCEL, TWRC_DSEVENT = 0, 1, 3, 4
TWRC_NOTDSEVENT, TWRC_XFERDONE, TWRC_ENDOFLIST = 5, 6, 7
TWON_ONEVALUE = 5
TWTY_UINT16, TWTY_BOOL, TWTY_FIX32, TWTY_INT16 = 0x0004, 0x0006, 0x0007, 0x0001
CAP_XFERCOUNT = 0x0001
ICAP_PIXELTYPE = 0x0101
CAP_FEEDERENABLED, CAP_AUTOFEED, CAP_DUPLEXENABLED = 0x1002, 0x1007, 0x1013
ICAP_XRESOLUTION, ICAP_YRESOLUTION = 0x1118, 0x1119
TWPT_BW, TWPT_GRAY, TWPT_RGB = 0, 1, 2
DG_IMAGE_GROUPS = DG_CONTROL | DG_IMAGE
DF_APP2 = 0x20000000

# condition codes (DAT_STATUS after TWRC_FAILURE)
TWCC_BUMMER, TWCC_LOWMEMORY, TWCC_NODS, TWCC_OPERATIONERROR = 1, 2, 3, 5
TWCC_BADCAP, TWCC_SEQERROR, TWCC_CAPUNSUPPORTED, TWCC_DENIED = 6, 11, 13, 16
TWCC_PAPERJAM, TWCC_PAPERDOUBLEFEED, TWCC_CHECKDEVICEONLINE = 20, 21, 23
TWCC_INTERLOCK, TWCC_DAMAGEDCORNER, TWCC_NOMEDIA = 24, 25, 29

_REASONS = {
    TWCC_PAPERJAM: "paper_jam",
    TWCC_PAPERDOUBLEFEED: "paper_jam",
    TWCC_DAMAGEDCORNER: "paper_jam",
    TWCC_NOMEDIA: "feeder_empty",
    TWCC_CHECKDEVICEONLINE: "device_gone",
    TWCC_NODS: "device_gone",
    TWCC_INTERLOCK: "cover_open",
    TWCC_DENIED: "access_denied",
    TWCC_SEQERROR: "device_busy",
}


def translate_condition(condition: int) -> str:
    return _REASONS.get(condition, "scanner_io")


def fix32(value: float) -> int:
    """TW_FIX32 packed in a 32-bit container: whole part, then 1/65536ths."""
    whole = int(value)
    frac = round((value - whole) * 65536)
    return (whole & 0xFFFF) | ((frac & 0xFFFF) << 16)


def plan_capabilities(settings: ScanSettings) -> list[tuple[int, int, int]]:
    """(capability, TWTY item type, value) to set with MSG_SET, in order (feeder
    first: it changes what the resolution and pixel type may be)."""
    feeder = settings.source is not Source.FLATBED
    plan = [(CAP_FEEDERENABLED, TWTY_BOOL, int(feeder))]
    if feeder:
        plan += [
            (CAP_AUTOFEED, TWTY_BOOL, 1),
            (CAP_DUPLEXENABLED, TWTY_BOOL, int(settings.source is Source.DUPLEX)),
        ]
    # -1: as many pages as the feeder holds
    count = 1 if not feeder else (settings.max_pages or -1)
    plan.append((CAP_XFERCOUNT, TWTY_INT16, count))
    pixel = TWPT_RGB if settings.mode is ColourMode.COLOUR else TWPT_GRAY  # bw: pipeline
    plan += [
        (ICAP_PIXELTYPE, TWTY_UINT16, pixel),
        (ICAP_XRESOLUTION, TWTY_FIX32, fix32(settings.dpi)),
        (ICAP_YRESOLUTION, TWTY_FIX32, fix32(settings.dpi)),
    ]
    return plan


def dib_to_image(dib: bytes) -> Image.Image:
    """A packed DIB (BITMAPINFOHEADER, colour table, pixels: what a native transfer
    hands over) as an image: prefix the BMP file header Pillow expects."""
    if len(dib) < 40:
        raise ScannerError("scanner_io", "native transfer too short for a DIB")
    header_size, _w, _h, _planes, bits = struct.unpack_from("<IiiHH", dib, 0)
    colours = struct.unpack_from("<I", dib, 32)[0] if header_size >= 36 else 0
    if bits <= 8 and colours == 0:
        colours = 1 << bits
    offset = 14 + header_size + 4 * colours
    file_header = struct.pack("<2sIHHI", b"BM", 14 + len(dib), 0, 0, offset)
    image = Image.open(io.BytesIO(file_header + dib))
    image.load()
    return image


class TW_STR32(ctypes.Array):  # type: ignore[type-arg]
    _type_ = ctypes.c_char
    _length_ = 34


class TW_VERSION(ctypes.Structure):
    _pack_ = 2
    _fields_ = [
        ("MajorNum", ctypes.c_uint16),
        ("MinorNum", ctypes.c_uint16),
        ("Language", ctypes.c_uint16),
        ("Country", ctypes.c_uint16),
        ("Info", TW_STR32),
    ]


class TW_IDENTITY(ctypes.Structure):
    _pack_ = 2
    _fields_ = [
        ("Id", ctypes.c_uint32),
        ("Version", TW_VERSION),
        ("ProtocolMajor", ctypes.c_uint16),
        ("ProtocolMinor", ctypes.c_uint16),
        ("SupportedGroups", ctypes.c_uint32),
        ("Manufacturer", TW_STR32),
        ("ProductFamily", TW_STR32),
        ("ProductName", TW_STR32),
    ]


class TW_USERINTERFACE(ctypes.Structure):
    _pack_ = 2
    _fields_ = [
        ("ShowUI", ctypes.c_uint16),
        ("ModalUI", ctypes.c_uint16),
        ("hParent", ctypes.c_void_p),
    ]


class TW_PENDINGXFERS(ctypes.Structure):
    _pack_ = 2
    _fields_ = [("Count", ctypes.c_uint16), ("EOJ", ctypes.c_uint32)]


class TW_STATUS(ctypes.Structure):
    _pack_ = 2
    _fields_ = [("ConditionCode", ctypes.c_uint16), ("Data", ctypes.c_uint16)]


class TW_CAPABILITY(ctypes.Structure):
    _pack_ = 2
    _fields_ = [
        ("Cap", ctypes.c_uint16),
        ("ConType", ctypes.c_uint16),
        ("hContainer", ctypes.c_void_p),
    ]


class TW_ONEVALUE(ctypes.Structure):
    _pack_ = 2
    _fields_ = [("ItemType", ctypes.c_uint16), ("Item", ctypes.c_uint32)]


class TW_EVENT(ctypes.Structure):
    _pack_ = 2
    _fields_ = [("pEvent", ctypes.c_void_p), ("TWMessage", ctypes.c_uint16)]


@dataclass
class TwainBackend:  # pragma: no cover - needs Windows, TWAINDSM.dll and a scanner
    name: str = "twain"

    def _open_dsm(self) -> tuple[Any, TW_IDENTITY, Any]:
        if sys.platform != "win32":
            raise ScannerError("backend_missing", "TWAIN backend runs on Windows only")
        try:
            dsm = ctypes.WinDLL("TWAINDSM.dll")
        except OSError as exc:
            raise ScannerError("backend_missing", f"TWAINDSM.dll: {exc}") from exc
        entry = dsm.DSM_Entry
        entry.restype = ctypes.c_uint16
        entry.argtypes = [
            ctypes.POINTER(TW_IDENTITY),
            ctypes.POINTER(TW_IDENTITY),
            ctypes.c_uint32,
            ctypes.c_uint16,
            ctypes.c_uint16,
            ctypes.c_void_p,
        ]
        app = TW_IDENTITY()
        app.Version.MajorNum, app.Version.Language, app.Version.Country = 1, 0x0009, 33
        app.Version.Info = b"Guichet"
        app.ProtocolMajor, app.ProtocolMinor = 2, 4
        app.SupportedGroups = DG_IMAGE_GROUPS | DF_APP2
        app.Manufacturer, app.ProductFamily, app.ProductName = b"Guichet", b"Guichet", b"desk"
        user32 = ctypes.windll.user32
        # a hidden message-only window parents the source (TWAIN wants an HWND)
        hwnd = ctypes.c_void_p(
            user32.CreateWindowExW(
                0, "STATIC", "guichet-twain", 0, 0, 0, 0, 0, ctypes.c_void_p(-3), None, None, None
            )
        )
        rc = entry(ctypes.byref(app), None, DG_CONTROL, DAT_PARENT, MSG_OPENDSM, ctypes.byref(hwnd))
        if rc != TWRC_SUCCESS:
            raise ScannerError("backend_missing", f"MSG_OPENDSM returned {rc}")
        return entry, app, hwnd

    def devices(self) -> list[DeviceInfo]:
        entry, app, hwnd = self._open_dsm()
        found = []
        try:
            src = TW_IDENTITY()
            msg = MSG_GETFIRST
            while (
                entry(ctypes.byref(app), None, DG_CONTROL, DAT_IDENTITY, msg, ctypes.byref(src))
                == TWRC_SUCCESS
            ):
                name = src.ProductName.decode("latin-1")
                found.append(
                    DeviceInfo(
                        f"{self.name}:{name}", src.Manufacturer.decode("latin-1"), name, "scanner"
                    )
                )
                msg = MSG_GETNEXT
        finally:
            entry(ctypes.byref(app), None, DG_CONTROL, DAT_PARENT, MSG_CLOSEDSM, ctypes.byref(hwnd))
        return found

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[ScannedPage]:
        entry, app, hwnd = self._open_dsm()
        src = TW_IDENTITY()
        src.ProductName = device_id.removeprefix(f"{self.name}:").encode("latin-1")
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        kernel32.GlobalLock.restype = ctypes.c_void_p
        kernel32.GlobalSize.restype = ctypes.c_size_t

        def call(dest: Any, dg: int, dat: int, msg: int, data: Any) -> int:
            return int(entry(ctypes.byref(app), dest, dg, dat, msg, data))

        def failure(dest: Any, pages: int) -> ScannerError:
            status = TW_STATUS()
            call(dest, DG_CONTROL, DAT_STATUS, MSG_GET, ctypes.byref(status))
            return ScannerError(
                translate_condition(status.ConditionCode),
                f"TWAIN condition {status.ConditionCode}",
                pages=pages,
            )

        index = 0
        try:
            if call(None, DG_CONTROL, DAT_IDENTITY, MSG_OPENDS, ctypes.byref(src)) != TWRC_SUCCESS:
                raise UnknownDevice(device_id)
            dest = ctypes.byref(src)
            for cap, item_type, value in plan_capabilities(settings):
                self._set_cap(call, dest, kernel32, cap, item_type, value)
            ui = TW_USERINTERFACE(0, 0, hwnd)
            if call(dest, DG_CONTROL, DAT_USERINTERFACE, MSG_ENABLEDS, ctypes.byref(ui)) != 0:
                raise failure(dest, 0)
            self._wait_xfer_ready(call, dest)
            pending = TW_PENDINGXFERS()
            while True:
                if cancel is not None and cancel.cancelled:
                    call(dest, DG_CONTROL, DAT_PENDINGXFERS, MSG_RESET, ctypes.byref(pending))
                    raise ScannerError("cancelled", pages=index)
                handle = ctypes.c_void_p()
                rc = call(dest, DG_IMAGE, DAT_IMAGENATIVEXFER, MSG_GET, ctypes.byref(handle))
                if rc == TWRC_CANCEL:
                    raise ScannerError("cancelled", pages=index)
                if rc != TWRC_XFERDONE:
                    err = failure(dest, index)
                    if err.reason == "feeder_empty" and index > 0:
                        return
                    raise err
                ptr = kernel32.GlobalLock(handle)
                try:
                    dib = ctypes.string_at(ptr, kernel32.GlobalSize(handle))
                finally:
                    kernel32.GlobalUnlock(handle)
                    kernel32.GlobalFree(handle)
                call(dest, DG_CONTROL, DAT_PENDINGXFERS, MSG_ENDXFER, ctypes.byref(pending))
                if progress is not None:
                    progress(index, 1.0)
                yield ScannedPage(index, dib_to_image(dib), settings.dpi)
                index += 1
                if pending.Count == 0:
                    return
        finally:
            ui = TW_USERINTERFACE(0, 0, hwnd)
            call(ctypes.byref(src), DG_CONTROL, DAT_USERINTERFACE, MSG_DISABLEDS, ctypes.byref(ui))
            call(None, DG_CONTROL, DAT_IDENTITY, MSG_CLOSEDS, ctypes.byref(src))
            call(None, DG_CONTROL, DAT_PARENT, MSG_CLOSEDSM, ctypes.byref(hwnd))

    @staticmethod
    def _set_cap(call: Any, dest: Any, kernel32: Any, cap: int, item_type: int, value: int) -> None:
        handle = kernel32.GlobalAlloc(0x0042, ctypes.sizeof(TW_ONEVALUE))  # GHND
        try:
            ptr = kernel32.GlobalLock(handle)
            one = TW_ONEVALUE.from_address(ptr)
            one.ItemType, one.Item = item_type, value & 0xFFFFFFFF
            kernel32.GlobalUnlock(handle)
            capability = TW_CAPABILITY(cap, TWON_ONEVALUE, handle)
            # a capability the source lacks is not fatal: the pipeline copes
            call(dest, DG_CONTROL, DAT_CAPABILITY, MSG_SET, ctypes.byref(capability))
        finally:
            kernel32.GlobalFree(handle)

    @staticmethod
    def _wait_xfer_ready(call: Any, dest: Any) -> None:
        """Pump Windows messages through the source until it says MSG_XFERREADY."""
        from ctypes import wintypes

        user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        msg = wintypes.MSG()
        while user32.GetMessageW(ctypes.byref(msg), None, 0, 0) > 0:
            event = TW_EVENT(ctypes.cast(ctypes.byref(msg), ctypes.c_void_p), 0)
            rc = call(dest, DG_CONTROL, DAT_EVENT, MSG_PROCESSEVENT, ctypes.byref(event))
            if rc == TWRC_DSEVENT:
                if event.TWMessage == MSG_XFERREADY:
                    return
                if event.TWMessage == MSG_CLOSEDSREQ:
                    raise ScannerError("cancelled")
            else:
                user32.TranslateMessage(ctypes.byref(msg))
                user32.DispatchMessageW(ctypes.byref(msg))
        raise ScannerError("scanner_io", "message loop ended before the transfer")
