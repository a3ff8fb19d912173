"""Loads the procedure catalogue and fees table and validates them.

The shipped catalogue is resources/ (procedures/*.toml, fees.toml,
capture_profiles.toml). HQ distributes the national catalogue with the reference
data: each pulled version that passes the same validation is kept as a snapshot in
the data home (``reference/catalogue/<UTC time>-<digest>/``: procedures/*.toml and
fees.toml; the capture profiles stay the shipped ones) and the newest valid snapshot
wins over resources/. A pulled catalogue that does not validate is refused with a
logged error and never stored, and a snapshot damaged on disk is skipped at start-up:
the counter falls back to the previous snapshot, then to the shipped files — it
always starts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from desk.domain.catalogue import CaptureProfile, Procedure, parse_procedure, parse_profiles
from desk.domain.fees import FeeTable, parse_fee_table
from desk.errors import CatalogueError
from desk.paths import resource_path

log = logging.getLogger(__name__)

#: snapshots of the catalogue pulled from HQ, under the data home
PULLED_DIR = Path("reference") / "catalogue"
#: snapshots kept: the newest and the one before (the fallback if it gets damaged)
KEEP_SNAPSHOTS = 2


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
    """The catalogue of a resources-like folder (procedures/, fees.toml and
    capture_profiles.toml); a missing fees.toml or capture_profiles.toml is taken
    from the shipped resources/."""
    root = root or resource_path()
    shipped = resource_path()
    profiles_path = root / "capture_profiles.toml"
    if not profiles_path.exists():
        profiles_path = shipped / "capture_profiles.toml"
    fees_path = root / "fees.toml"
    if not fees_path.exists():
        fees_path = shipped / "fees.toml"
    profiles = parse_profiles(_read(profiles_path), str(profiles_path))
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


# --- the catalogue pulled from HQ ---------------------------------------------------


def snapshots(home: Path) -> list[Path]:
    """Pulled catalogue snapshots of the data home ``home``, newest first."""
    base = home / PULLED_DIR
    if not base.is_dir():
        return []
    return sorted((p for p in base.iterdir() if p.is_dir() and p.name[0].isdigit()), reverse=True)


def counter_catalogue(home: Path) -> Catalogue:
    """The catalogue a counter uses: the newest pulled snapshot that validates, else
    the shipped one."""
    for snap in snapshots(home):
        try:
            return load_catalogue(snap)
        except CatalogueError as exc:
            log.error("pulled catalogue %s is invalid, falling back: %s", snap.name, exc)
    return default_catalogue()


def _digest(procedures: dict[str, str], fees: str) -> str:
    h = hashlib.sha256()
    for name in sorted(procedures):
        h.update(f"{name}\0{procedures[name]}\0".encode())
    h.update(fees.encode())
    return h.hexdigest()[:16]


def accept_pulled(home: Path, procedures: dict[str, str], fees: str) -> str:
    """Keep the catalogue HQ sent if it validates. Returns ``accepted`` (a new
    snapshot is now the counter's catalogue), ``unchanged`` (the same as the newest
    snapshot) or ``refused`` (logged; the catalogue in use stays). ``procedures``:
    file name -> TOML text, names already checked by the caller; ``fees``: TOML text,
    empty to keep the shipped fees table."""
    if not procedures:
        return "unchanged"
    digest = _digest(procedures, fees)
    current = snapshots(home)
    if current and current[0].name.endswith(digest):
        return "unchanged"
    base = home / PULLED_DIR
    base.mkdir(parents=True, exist_ok=True)
    incoming = base / f".incoming-{os.getpid()}"
    shutil.rmtree(incoming, ignore_errors=True)
    (incoming / "procedures").mkdir(parents=True)
    try:
        for name, text in procedures.items():
            (incoming / "procedures" / name).write_text(text, encoding="utf-8")
        if fees:
            (incoming / "fees.toml").write_text(fees, encoding="utf-8")
        try:
            load_catalogue(incoming)  # the same rules as the shipped catalogue
        except CatalogueError as exc:
            log.error("catalogue pulled from HQ refused, keeping the one in use: %s", exc)
            return "refused"
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        os.replace(incoming, base / f"{stamp}-{digest}")
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    for old in snapshots(home)[KEEP_SNAPSHOTS:]:
        shutil.rmtree(old, ignore_errors=True)
    return "accepted"
