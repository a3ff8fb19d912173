"""Assisted online filing (Qt-free): the agent completes the applicant's ANEF filing
in the system browser while Guichet

1. gives the démarche URL (the window opens it: QDesktopServices is a UI act);
2. prepares a private upload folder in the data home's tmp with each captured piece as
   a PDF named after its slot in the online form (the capture room's size-tuned piece
   PDF; desk.filing.pdf for pieces holding imported PDFs), and lists the missing pieces;
3. lists the steps (applicant account, pieces, timbre fiscal, submission);
4. watches the downloads folder (polling, no extra dependency) for the attestation de
   dépôt PDF, reads it and cross-checks the ANEF number and the applicant's name;
5. records the filing (desk.services.filing.file_online), then wipes the upload folder
   and the files downloaded during the session (overwrite, flush, delete).

The applicant's online-account password is never asked for nor stored: there is no
field for it anywhere. Plan, then run (STYLE.md #4): :func:`plan_assisted` is pure.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desk.app import Counter
from desk.domain.catalogue import Procedure
from desk.domain.entities import Dossier, Page, PieceStatus
from desk.domain.filing import AttestationCheck
from desk.filing.pdf import PageData, assemble
from desk.security import hygiene
from desk.services.capture import piece_pdf
from desk.services.common import Actor
from desk.services.dossiers import get_dossier
from desk.services.filing import FilingOutcome, check_attestation, file_online

#: the steps of an online filing, in order (words in desk.messages.FILING_STEPS)
STEPS = ("account", "pieces", "timbre", "submit", "attestation")
#: partial downloads browsers write before renaming
PARTIAL_SUFFIXES = (".part", ".crdownload", ".download", ".tmp", ".partial")


@dataclass(frozen=True)
class Upload:
    slot: str  # the online form's slot
    piece: str  # catalogue code
    label: str
    filename: str  # <slot>.pdf
    max_bytes: int


@dataclass(frozen=True)
class AssistedPlan:
    dossier: str
    url: str
    steps: tuple[str, ...]
    uploads: tuple[Upload, ...]  # captured pieces, one PDF each
    missing: tuple[tuple[str, str], ...]  # mandatory pieces not captured: (code, label)


def plan_assisted(procedure: Procedure, dossier: Dossier, default_url: str) -> AssistedPlan:
    captured = {p.code for p in dossier.pieces if p.status == PieceStatus.CAPTURED and p.pages}
    uploads = []
    used: dict[str, int] = {}
    for req in procedure.pieces:
        if req.code not in captured:
            continue
        n = used.get(req.anef_slot, 0) + 1
        used[req.anef_slot] = n
        name = f"{req.anef_slot}.pdf" if n == 1 else f"{req.anef_slot}-{n}.pdf"
        uploads.append(Upload(req.anef_slot, req.code, req.label, name, req.max_bytes))
    missing = tuple((p.code, p.label) for p in procedure.missing(captured))
    return AssistedPlan(
        dossier.number,
        procedure.anef_url or default_url,
        STEPS,
        tuple(uploads),
        missing,
    )


@dataclass(frozen=True)
class PreparedFile:
    upload: Upload
    path: Path
    size: int
    fits: bool = True  # within the slot's size limit (catalogue max_bytes)

    @property
    def too_large(self) -> bool:
        return not self.fits


class DownloadsWatcher:
    """Finds files that appear (or change) in a downloads folder after it was created.
    A file counts once its size is the same on two successive polls and it is no
    longer a browser's partial download."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._baseline = self._snapshot()
        self._sizes: dict[Path, int] = {}
        self.seen: list[Path] = []  # every new file, complete or not (for the wipe)

    def _snapshot(self) -> dict[Path, tuple[float, int]]:
        out: dict[Path, tuple[float, int]] = {}
        if not self.folder.is_dir():
            return out
        for p in self.folder.iterdir():
            try:
                st = p.stat()
            except FileNotFoundError:
                continue
            if p.is_file():
                out[p] = (st.st_mtime, st.st_size)
        return out

    def poll(self) -> list[Path]:
        """New complete files since the last poll (PDFs first, by name)."""
        ready = []
        for path, (mtime, size) in self._snapshot().items():
            if self._baseline.get(path) == (mtime, size):
                continue
            if path not in self.seen:
                self.seen.append(path)
            if path.name.lower().endswith(PARTIAL_SUFFIXES):
                continue
            if self._sizes.get(path) == size and size > 0:
                ready.append(path)
                self._baseline[path] = (mtime, size)
            self._sizes[path] = size
        return sorted(ready, key=lambda p: (p.suffix.lower() != ".pdf", p.name))

    def wait_for_pdf(
        self,
        timeout: float,
        interval: float = 0.5,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Path | None:
        """The first new complete PDF (by content), or None at timeout / cancel."""
        deadline = time.monotonic() + timeout
        while not cancelled():
            for path in self.poll():
                with path.open("rb") as fh:
                    if b"%PDF-" in fh.read(1024):
                        return path
            if time.monotonic() >= deadline:
                return None
            time.sleep(interval)
        return None


@dataclass(eq=False, repr=False)
class AssistedFiling:
    """One assisted filing session for a dossier, from preparation to the wipe."""

    counter: Counter
    actor: Actor
    number: str
    downloads: Path
    plan: AssistedPlan = field(init=False)
    folder: Path | None = field(default=None, init=False)
    files: list[PreparedFile] = field(default_factory=list, init=False)
    watcher: DownloadsWatcher = field(init=False)

    def __post_init__(self) -> None:
        from desk.filing.anef import anef_settings

        dossier = get_dossier(self.counter, self.number, self.actor)
        procedure = self.counter.catalogue.procedure(dossier.procedure)
        self.plan = plan_assisted(
            procedure, dossier, anef_settings(self.counter.config).default_url
        )
        self.watcher = DownloadsWatcher(self.downloads)

    def prepare(self) -> Path:
        """Write the upload folder: one PDF per captured piece, named after its slot."""
        dossier = get_dossier(self.counter, self.number, self.actor)
        pages = {p.code: p.pages for p in dossier.pieces}
        tmp = self.counter.home.tmp
        tmp.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder = tmp / f"{os.getpid()}-depot-{secrets.token_hex(6)}"
        folder.mkdir(mode=0o700)
        self.folder = folder
        for up in self.plan.uploads:
            data, fits = self._piece_pdf(up, pages[up.piece])
            path = folder / up.filename
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            self.files.append(PreparedFile(up, path, len(data), fits))
        return folder

    def _piece_pdf(self, up: Upload, pages: tuple[Page, ...]) -> tuple[bytes, bool]:
        """The capture room's size-tuned piece PDF (images only); pieces holding
        imported PDF pages are assembled as they are."""
        if all(pg.media_type.startswith("image/") for pg in pages):
            result = piece_pdf(self.counter, self.number, up.piece, self.actor)
            return result.data, result.fits
        data = assemble(
            [PageData(self.counter.blobs.get(pg.blob), pg.media_type, pg.rotation) for pg in pages]
        )
        return data, len(data) <= up.max_bytes

    def wait_for_attestation(
        self, timeout: float, interval: float = 0.5, cancelled: Callable[[], bool] = lambda: False
    ) -> Path | None:
        return self.watcher.wait_for_pdf(timeout, interval, cancelled)

    def check(self, attestation: Path, anef_number: str | None = None) -> AttestationCheck:
        """Read the attestation and compare it with the dossier (never raises on a
        mismatch: the window shows it)."""
        return check_attestation(self.counter, self.number, attestation.read_bytes(), anef_number)

    def finish(self, anef_number: str | None, attestation: Path | None) -> FilingOutcome:
        """Record the filing (refused on a mismatch), then wipe the workstation."""
        data = attestation.read_bytes() if attestation is not None else None
        outcome = file_online(self.counter, self.actor, self.number, anef_number, data)
        self.wipe()
        return outcome

    def wipe(self) -> int:
        """Overwrite and delete the upload folder and every file downloaded since the
        session started; returns how many files were wiped."""
        count = 0
        if self.folder is not None and self.folder.exists():
            count += hygiene.wipe_tree(self.folder)
            self.folder.rmdir()
        self.watcher.poll()
        for path in self.watcher.seen:
            count += hygiene.wipe(path)
        self.files.clear()
        return count
