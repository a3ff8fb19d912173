"""Capture use cases: scan into a piece, import files into a piece, edit its pages,
export its PDF.

Nothing is lost: every page goes through the pipeline, into the blob store (fsync
and rename) and is attached to its piece in its own transaction before the next page
is read, so the pages captured before a crash, a power cut or a scanner failure are
in the dossier after restart.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image
from sqlalchemy.orm import Session

from desk.app import Counter
from desk.capture import WARN_BLANK
from desk.capture.files import iter_pages
from desk.capture.scanner import (
    CancelToken,
    CleanedPage,
    CleaningBackend,
    Progress,
    ScannerBackend,
    ScannerError,
    ScanSettings,
    Source,
    backend_for,
)
from desk.capture.sniff import Sniffed, extension_lies, sniff
from desk.domain.catalogue import CaptureProfile, PieceRequirement
from desk.domain.entities import Page, PieceStatus
from desk.errors import InvalidInput, NotFound, Refused, UnsupportedDocument
from desk.messages import reason_text
from desk.security.roles import Action, require
from desk.services import dossiers
from desk.services.common import SYSTEM, Actor, enqueue, record, utcnow
from desk.store.db import transaction
from desk.store.models import BlobRow, PageRow, PieceRow

if TYPE_CHECKING:
    from desk.capture.pdf import PdfResult
    from desk.capture.pipeline import ProcessedPage


@dataclass(frozen=True)
class CaptureWarning:
    page: int  # 1-based page number in the batch (device order or file order)
    code: str
    message: str


@dataclass
class CaptureReport:
    pages: int = 0  # pages added to the piece
    bytes: int = 0  # their stored size
    warnings: list[CaptureWarning] = field(default_factory=list)

    def warn(self, page: int, code: str) -> None:
        self.warnings.append(CaptureWarning(page, code, reason_text(code)))


#: called after each page is durable: (its Page row, the processed page and, for a
#: scan asked with ``preview``, its upright preview made in the scanner's process)
PageCallback = Callable[[Page, CleanedPage], None]


def piece_requirement(
    counter: Counter, number: str, piece_code: str, actor: Actor = SYSTEM
) -> tuple[PieceRequirement, CaptureProfile]:
    dossier = dossiers.get_dossier(counter, number, actor)
    req = counter.catalogue.procedure(dossier.procedure).piece(piece_code)
    if req is None:
        raise NotFound("piece", piece_code)
    return req, counter.catalogue.profiles[req.profile]


def _store(
    counter: Counter,
    actor: Actor,
    number: str,
    piece_code: str,
    pages: Sequence[ProcessedPage],
    action: str,
    **detail: object,
) -> list[Page]:
    stored = [
        dossiers.StoredPage(counter.blobs.put(p.data), p.media_type, len(p.data), p.width, p.height)
        for p in pages
    ]
    return list(dossiers.add_pages(counter, actor, number, piece_code, stored, action, **detail))


def scan_into_piece(
    counter: Counter,
    actor: Actor,
    number: str,
    piece_code: str,
    device_id: str,
    source: Source = Source.ADF,
    max_pages: int | None = None,
    *,
    backends: list[ScannerBackend] | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    on_page: PageCallback | None = None,
    preview: int = 0,
) -> CaptureReport:
    """Scan pages into a piece, each stored and attached as soon as it is cleaned.
    With ``preview`` (pixels, long side), ``on_page`` also gets an upright preview
    when the backend cleans pages in its own process (else None: make it yourself).

    A ScannerError (jam, empty feeder, device gone, cancel) is re-raised with
    ``pages`` set to the pages kept so far: they stay attached to the piece."""
    require(actor, Action.EDIT_DOSSIER)
    _, profile = piece_requirement(counter, number, piece_code, actor)
    backend, device = backend_for(device_id, backends)
    settings = ScanSettings(source, profile.scan_dpi, profile.mode, max_pages)
    report = CaptureReport()
    delivered = 0
    try:
        pages = cleaned_pages(backend, device, settings, profile, progress, cancel, preview)
        for processed in pages:
            delivered += 1
            _keep(
                counter,
                actor,
                number,
                piece_code,
                report,
                delivered,
                processed,
                on_page,
                "page_scanned",
                device=device_id,
            )
    except ScannerError as exc:
        raise ScannerError(exc.reason, exc.detail, pages=report.pages) from exc
    return report


def cleaned_pages(
    backend: ScannerBackend,
    device: str,
    settings: ScanSettings,
    profile: CaptureProfile,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    preview: int = 0,
) -> Iterator[CleanedPage | None]:
    """Scanned pages through the pipeline: in the backend's own process when it can
    (the SANE child: desk/capture/sane_process.py), else here."""
    if isinstance(backend, CleaningBackend):
        yield from backend.scan_cleaned(device, settings, profile, progress, cancel, preview)
        return
    from desk.capture.pipeline import process_page

    for scanned in backend.scan(device, settings, progress, cancel):
        processed = process_page(scanned.image, scanned.dpi, profile)
        yield None if processed is None else CleanedPage(processed)


def _keep(
    counter: Counter,
    actor: Actor,
    number: str,
    piece_code: str,
    report: CaptureReport,
    position: int,
    cleaned: CleanedPage | None,
    on_page: PageCallback | None,
    action: str,
    **detail: object,
) -> None:
    if cleaned is None:
        report.warn(position, WARN_BLANK)
        return
    processed = cleaned.page
    for code in processed.plan.warnings:
        report.warn(position, code)
    (page,) = _store(counter, actor, number, piece_code, [processed], action, **detail)
    report.pages += 1
    report.bytes += len(processed.data)
    if on_page is not None:
        on_page(page, cleaned)


def _cleaned_here(image: Image.Image, dpi: int, profile: CaptureProfile) -> CleanedPage | None:
    from desk.capture.pipeline import process_page

    processed = process_page(image, dpi, profile)
    return None if processed is None else CleanedPage(processed)


def import_files(
    counter: Counter,
    actor: Actor,
    number: str,
    piece_code: str,
    files: Sequence[Path],
    on_page: PageCallback | None = None,
) -> CaptureReport:
    """Import document files into a piece. Every file is read and recognised by its
    content before any page is stored: one refused file refuses the batch."""
    require(actor, Action.EDIT_DOSSIER)
    _, profile = piece_requirement(counter, number, piece_code, actor)
    checked: list[tuple[Path, bytes, Sniffed]] = []
    for path in files:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise UnsupportedDocument(
                f"cannot read {path}: {exc}", reason="unreadable", name=str(path)
            ) from exc
        checked.append((Path(path), data, sniff(data, Path(path).name)))
    report = CaptureReport()
    position = 0
    for path, data, info in checked:
        if extension_lies(path.name, info.media_type):
            report.warn(position + 1, "extension_mismatch")
        for page in iter_pages(data, path.name, profile.scan_dpi, info):
            position += 1
            _keep(
                counter,
                actor,
                number,
                piece_code,
                report,
                position,
                _cleaned_here(page.image, page.dpi, profile),
                on_page,
                "page_imported",
                file=path.name,
            )
    return report


# --- editing the pages of a piece ---------------------------------------------------


def _piece_for_edit(
    session: Session, counter: Counter, number: str, code: str
) -> tuple[object, PieceRow]:
    # callers have checked require(actor, Action.EDIT_DOSSIER)
    row = dossiers._load(session, number)
    dossiers._ensure_open(row)
    procedure = counter.catalogue.procedure(row.procedure)
    return row, dossiers._piece_row(row, procedure, code)


def _page_row(prow: PieceRow, page_id: int) -> PageRow:
    page = next((p for p in prow.pages if p.id == page_id), None)
    if page is None:
        raise NotFound("page", str(page_id))
    return page


def _finish(
    session: Session, actor: Actor, row: object, prow: PieceRow, action: str, **detail: object
) -> None:
    from desk.store.models import DossierRow

    assert isinstance(row, DossierRow)
    for i, page in enumerate(prow.pages):
        page.idx = i
    prow.status = PieceStatus.CAPTURED.value if prow.pages else PieceStatus.MISSING.value
    prow.updated_at = row.updated_at = utcnow()
    session.flush()
    enqueue(session, "piece", prow.uid)
    record(session, actor, row.id, action, piece=prow.code, **detail)


def rotate_page(
    counter: Counter,
    actor: Actor,
    number: str,
    piece_code: str,
    page_id: int,
    quarter_turns: int = 1,
) -> None:
    """Turn a page by quarter turns clockwise (applied when the PDF is made)."""
    require(actor, Action.EDIT_DOSSIER)
    with transaction(counter.sessions) as session:
        row, prow = _piece_for_edit(session, counter, number, piece_code)
        page = _page_row(prow, page_id)
        page.rotation = (page.rotation + 90 * quarter_turns) % 360
        enqueue(session, "page", page.uid)
        _finish(
            session, actor, row, prow, "page_rotated", page=page.idx + 1, rotation=page.rotation
        )


def delete_page(counter: Counter, actor: Actor, number: str, piece_code: str, page_id: int) -> None:
    require(actor, Action.EDIT_DOSSIER)
    with transaction(counter.sessions) as session:
        row, prow = _piece_for_edit(session, counter, number, piece_code)
        page = _page_row(prow, page_id)
        index = page.idx
        enqueue(session, "page", page.uid, "delete")
        prow.pages.remove(page)
        _finish(session, actor, row, prow, "page_deleted", page=index + 1)
        _refresh(session, counter, actor, row)


def reorder_pages(
    counter: Counter, actor: Actor, number: str, piece_code: str, order: Sequence[int]
) -> None:
    """``order``: every page id of the piece, in the new order."""
    require(actor, Action.EDIT_DOSSIER)
    with transaction(counter.sessions) as session:
        row, prow = _piece_for_edit(session, counter, number, piece_code)
        if sorted(order) != sorted(p.id for p in prow.pages):
            raise InvalidInput("order must list every page of the piece once", field="order")
        by_id = {p.id: p for p in prow.pages}
        for i, page_id in enumerate(order):
            by_id[page_id].idx = i
            enqueue(session, "page", by_id[page_id].uid)
        prow.pages.sort(key=lambda p: p.idx)
        _finish(session, actor, row, prow, "pages_reordered", pages=len(order))


def _refresh(session: Session, counter: Counter, actor: Actor, row: object) -> None:
    from desk.store.models import DossierRow

    assert isinstance(row, DossierRow)
    dossiers.refresh_status(session, actor, row, counter.catalogue.procedure(row.procedure))
    enqueue(session, "dossier", row.uid)


def rescan_page(
    counter: Counter,
    actor: Actor,
    number: str,
    piece_code: str,
    page_id: int,
    device_id: str,
    source: Source = Source.FLATBED,
    *,
    backends: list[ScannerBackend] | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> CaptureReport:
    """Scan one page again and put it in place of ``page_id`` (same position)."""
    require(actor, Action.EDIT_DOSSIER)
    _, profile = piece_requirement(counter, number, piece_code, actor)
    backend, device = backend_for(device_id, backends)
    settings = ScanSettings(source, profile.scan_dpi, profile.mode, 1)
    report = CaptureReport()
    for cleaned in cleaned_pages(backend, device, settings, profile, progress, cancel):
        if cleaned is None:
            report.warn(1, WARN_BLANK)
            return report
        processed = cleaned.page
        for code in processed.plan.warnings:
            report.warn(1, code)
        sha = counter.blobs.put(processed.data)
        with transaction(counter.sessions) as session:
            row, prow = _piece_for_edit(session, counter, number, piece_code)
            page = _page_row(prow, page_id)
            if session.get(BlobRow, sha) is None:
                session.add(
                    BlobRow(
                        sha256=sha,
                        size=len(processed.data),
                        media_type=processed.media_type,
                        created_at=utcnow(),
                    )
                )
            page.blob_sha256, page.media_type = sha, processed.media_type
            page.width, page.height, page.size = (
                processed.width,
                processed.height,
                len(processed.data),
            )
            page.rotation = 0
            enqueue(session, "page", page.uid)
            _finish(session, actor, row, prow, "page_rescanned", page=page.idx + 1)
        report.pages, report.bytes = 1, len(processed.data)
    return report


# --- export --------------------------------------------------------------------------


def piece_pdf(counter: Counter, number: str, piece_code: str, actor: Actor = SYSTEM) -> PdfResult:
    from desk.capture.pdf import PdfPage, build_pdf

    req, profile = piece_requirement(counter, number, piece_code, actor)
    dossier = dossiers.get_dossier(counter, number, actor)
    piece = next(p for p in dossier.pieces if p.code == piece_code)
    if not piece.pages:
        raise Refused("piece_empty", f"piece {piece_code} has no page", piece=piece_code)
    pages = [PdfPage(counter.blobs.get(p.blob), p.media_type, p.rotation) for p in piece.pages]
    return build_pdf(pages, profile, req.max_bytes)


def export_piece(
    counter: Counter, number: str, piece_code: str, out: Path, actor: Actor = SYSTEM
) -> PdfResult:
    """Write the piece's PDF to ``out`` (whole or not at all: temp file, rename)."""
    result = piece_pdf(counter, number, piece_code, actor)
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        tmp.write_bytes(result.data)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {out}: {exc}", field="out") from exc
    return result
