"""Loads the procedure catalogue and fees table from resources/ and validates them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desk.domain.catalogue import CaptureProfile, Procedure, parse_procedure, parse_profiles
from desk.domain.fees import FeeTable, parse_fee_table
from desk.errors import CatalogueError
from desk.paths import resource_path


@dataclass(frozen=True)
class Catalogue:
    procedures: dict[str, Procedure]
    profiles: dict[str, CaptureProfile]
    fees: FeeTable

    def procedure(self, code: str) -> Procedure:
        from desk.errors import NotFound

        try:
            return self.procedures[code]
        except KeyError:
            raise NotFound("procedure", code) from None


def _read(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(str(path), "(syntax)", str(exc)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(str(path), "(file)", str(exc)) from exc


def load_catalogue(root: Path | None = None) -> Catalogue:
    root = root or resource_path()
    profiles_path = root / "capture_profiles.toml"
    profiles = parse_profiles(_read(profiles_path), str(profiles_path))
    fees_path = root / "fees.toml"
    fees = parse_fee_table(_read(fees_path), str(fees_path))
    procedures: dict[str, Procedure] = {}
    files = sorted((root / "procedures").glob("*.toml"))
    if not files:
        raise CatalogueError(str(root / "procedures"), "(folder)", "no procedure file")
    for path in files:
        proc = parse_procedure(_read(path), str(path), profiles)
        if proc.code in procedures:
            raise CatalogueError(str(path), "code", f"duplicate procedure code {proc.code!r}")
        if all(proc.fee_category not in period.categories for period in fees.periods):
            raise CatalogueError(
                str(path), "fee_category", f"unknown fee category {proc.fee_category!r}"
            )
        procedures[proc.code] = proc
    return Catalogue(procedures, profiles, fees)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The catalogue shipped in resources/, loaded and validated once per process."""
    return load_catalogue()
