"""Windows Data Protection API (DPAPI) through ctypes: ``CryptProtectData`` /
``CryptUnprotectData`` for the current Windows user, no prompt.

``ctypes.windll`` is touched only when :func:`protect` or :func:`unprotect` runs, so
this module imports everywhere; the marshalling helpers are plain ctypes and are
tested on every platform.
"""

from __future__ import annotations

import ctypes
import sys
from ctypes import wintypes
from typing import Any

DESCRIPTION = "Guichet data key"
#: application entropy: another program running as the same user cannot unprotect the
#: blob by calling DPAPI without it
ENTROPY = b"guichet/data-key/v1"
CRYPTPROTECT_UI_FORBIDDEN = 0x01


class DATA_BLOB(ctypes.Structure):  # the Windows name
    _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]


def blob_in(data: bytes) -> tuple[DATA_BLOB, Any]:
    """A DATA_BLOB pointing at a copy of ``data`` (keep the buffer alive with it)."""
    buf = ctypes.create_string_buffer(data, len(data))
    return DATA_BLOB(len(data), ctypes.cast(buf, ctypes.POINTER(ctypes.c_char))), buf


def blob_bytes(blob: DATA_BLOB) -> bytes:
    return ctypes.string_at(blob.pbData, blob.cbData)


def _crypt32() -> tuple[Any, Any]:
    if sys.platform != "win32":
        raise OSError("DPAPI exists only on Windows")
    windll = ctypes.windll
    return windll.crypt32, windll.kernel32


def protect(data: bytes, description: str = DESCRIPTION) -> bytes:
    return _call("CryptProtectData", data, description)


def unprotect(data: bytes) -> bytes:
    return _call("CryptUnprotectData", data, None)


def _call(function: str, data: bytes, description: str | None) -> bytes:
    crypt32, kernel32 = _crypt32()
    src, _keep = blob_in(data)
    entropy, _keep2 = blob_in(ENTROPY)
    out = DATA_BLOB()
    ok = getattr(crypt32, function)(
        ctypes.byref(src),
        description,  # szDataDescr (protect) / ppszDataDescr (unprotect: not wanted)
        ctypes.byref(entropy),
        None,
        None,
        CRYPTPROTECT_UI_FORBIDDEN,
        ctypes.byref(out),
    )
    if not ok:
        raise ctypes.WinError()  # type: ignore[attr-defined]
    try:
        return blob_bytes(out)
    finally:
        kernel32.LocalFree(out.pbData)
