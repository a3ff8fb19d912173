"""The procedure catalogue model: procedures, their required pieces, capture profiles.

The data lives in resources/procedures/*.toml (one file per procedure) and
resources/capture_profiles.toml; this module validates it. A malformed file raises
CatalogueError naming the file and the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desk.errors import CatalogueError

FORMATS = frozenset({"pdf", "jpeg", "png"})
_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,63}$")


class ColourMode(StrEnum):
    COLOUR = "colour"
    GREY = "grey"
    BW = "bw"


@dataclass(frozen=True)
class CaptureProfile:
    """How pages of a piece are captured and cleaned."""

    name: str
    mode: ColourMode
    dpi: int  # resolution kept in the PDF
    scan_dpi: int  # resolution asked of the scanner
    min_dpi: int  # floor when shrinking to fit the size limit
    jpeg_quality: int
    deskew: bool = True
    crop: bool = True
    drop_blank: bool = True


class ProcedureKind(StrEnum):
    FIRST = "first"  # first issue
    RENEWAL = "renewal"
    OTHER = "other"  # duplicata, change of address...


@dataclass(frozen=True)
class PieceRequirement:
    code: str
    label: str
    mandatory: bool
    formats: tuple[str, ...]
    max_bytes: int
    profile: str
    anef_slot: str  # name of the slot in the online form; the upload file is named after it


@dataclass(frozen=True)
class Procedure:
    code: str
    label: str
    anef: bool  # on the ministerial list: online filing compulsory (CESEDA R.431-2)
    kind: ProcedureKind
    fee_category: str
    anef_url: str
    pieces: tuple[PieceRequirement, ...]

    def piece(self, code: str) -> PieceRequirement | None:
        return next((p for p in self.pieces if p.code == code), None)

    @property
    def mandatory_codes(self) -> frozenset[str]:
        return frozenset(p.code for p in self.pieces if p.mandatory)

    def missing(self, present: set[str] | frozenset[str]) -> list[PieceRequirement]:
        """Mandatory pieces not in ``present``, in catalogue order."""
        return [p for p in self.pieces if p.mandatory and p.code not in present]


def _req(
    data: Mapping[str, Any], key: str, typ: type | tuple[type, ...], path: str, where: str
) -> Any:
    if key not in data:
        raise CatalogueError(path, f"{where}{key}", "missing")
    value = data[key]
    if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
        name = typ.__name__ if isinstance(typ, type) else "/".join(t.__name__ for t in typ)
        raise CatalogueError(path, f"{where}{key}", f"must be {name}")
    return value


def parse_profiles(data: Mapping[str, Any], path: str) -> dict[str, CaptureProfile]:
    profiles: dict[str, CaptureProfile] = {}
    raw = data.get("profiles")
    if not isinstance(raw, Mapping) or not raw:
        raise CatalogueError(path, "profiles", "must be a non-empty table")
    for name, p in raw.items():
        where = f"profiles.{name}."
        mode = _req(p, "mode", str, path, where)
        if mode not in ColourMode.__members__.values():
            raise CatalogueError(path, where + "mode", "must be colour, grey or bw")
        dpi = _req(p, "dpi", int, path, where)
        scan_dpi = p.get("scan_dpi", dpi)
        min_dpi = p.get("min_dpi", min(dpi, 150))
        quality = p.get("jpeg_quality", 75)
        if not 72 <= dpi <= 600 or not 72 <= min_dpi <= dpi or scan_dpi < dpi:
            raise CatalogueError(
                path, where + "dpi", "need 72 <= min_dpi <= dpi <= scan_dpi, dpi <= 600"
            )
        if not isinstance(quality, int) or not 20 <= quality <= 95:
            raise CatalogueError(path, where + "jpeg_quality", "must be an integer 20-95")
        profiles[name] = CaptureProfile(
            name,
            ColourMode(mode),
            dpi,
            scan_dpi,
            min_dpi,
            quality,
            bool(p.get("deskew", True)),
            bool(p.get("crop", True)),
            bool(p.get("drop_blank", True)),
        )
    return profiles


def parse_procedure(
    data: Mapping[str, Any], path: str, profiles: Mapping[str, CaptureProfile]
) -> Procedure:
    code = _req(data, "code", str, path, "")
    if not _CODE_RE.match(code):
        raise CatalogueError(path, "code", "lower-case letters, digits, - and _ only")
    label = _req(data, "label", str, path, "")
    anef = _req(data, "anef", bool, path, "")
    kind = _req(data, "kind", str, path, "")
    if kind not in ProcedureKind.__members__.values():
        raise CatalogueError(path, "kind", "must be first, renewal or other")
    fee_category = _req(data, "fee_category", str, path, "")
    raw_pieces = _req(data, "pieces", list, path, "")
    if not raw_pieces:
        raise CatalogueError(path, "pieces", "at least one piece is required")
    pieces: list[PieceRequirement] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_pieces):
        where = f"pieces[{i}]."
        if not isinstance(raw, Mapping):
            raise CatalogueError(path, f"pieces[{i}]", "must be a table")
        pcode = _req(raw, "code", str, path, where)
        if not _CODE_RE.match(pcode):
            raise CatalogueError(path, where + "code", "lower-case letters, digits, - and _ only")
        if pcode in seen:
            raise CatalogueError(path, where + "code", f"duplicate piece code {pcode!r}")
        seen.add(pcode)
        formats = _req(raw, "formats", list, path, where)
        bad = [f for f in formats if f not in FORMATS]
        if not formats or bad:
            raise CatalogueError(path, where + "formats", f"must be among {sorted(FORMATS)}")
        max_bytes = _req(raw, "max_bytes", int, path, where)
        if not 50_000 <= max_bytes <= 100_000_000:
            raise CatalogueError(path, where + "max_bytes", "must be 50000-100000000")
        profile = _req(raw, "profile", str, path, where)
        if profile not in profiles:
            raise CatalogueError(path, where + "profile", f"unknown capture profile {profile!r}")
        pieces.append(
            PieceRequirement(
                pcode,
                _req(raw, "label", str, path, where),
                _req(raw, "mandatory", bool, path, where),
                tuple(formats),
                max_bytes,
                profile,
                str(raw.get("anef_slot", pcode)),
            )
        )
    return Procedure(
        code,
        label,
        anef,
        ProcedureKind(kind),
        fee_category,
        str(data.get("anef_url", "")),
        tuple(pieces),
    )
