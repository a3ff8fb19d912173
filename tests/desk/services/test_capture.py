"""Capture use cases on a real counter: scan (SANE test device) and import into a
piece, edit its pages, export its PDF; bad files leave the dossier unchanged."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk.app import Counter, open_counter
from desk.capture.sane_process import SaneProcessBackend
from desk.capture.scanner import ScannerError, Source
from desk.config import CounterConfig
from desk.errors import UnsupportedDocument
from desk.services import capture, dossiers
from desk.services.applicants import ApplicantInput, create_applicant
from desk.services.common import SYSTEM
from tests.desk.capture import docs


@pytest.fixture
def counter(desk_home: Path) -> Counter:
    c = open_counter(desk_home, CounterConfig("075", "75", "Cité", 3))
    yield c
    c.close()


@pytest.fixture
def number(counter: Counter) -> str:
    a = create_applicant(counter, SYSTEM, ApplicantInput("Benali", "Sara", date(1990, 5, 2), "MAR"))
    return dossiers.open_dossier(counter, SYSTEM, a.id, "salarie-renouvellement").number


def piece(counter: Counter, number: str, code: str):
    return next(p for p in dossiers.get_dossier(counter, number).pieces if p.code == code)


def test_import_pdf_jpeg_png_tiff(counter: Counter, number: str, tmp_path: Path) -> None:
    files = [
        docs.write(tmp_path, "a.pdf", docs.text_pdf(2)),
        docs.write(tmp_path, "b.jpg", docs.image_bytes("JPEG")),
        docs.write(tmp_path, "c.png", docs.image_bytes("PNG")),
        docs.write(tmp_path, "d.tif", docs.tiff_pages(3)),
    ]
    report = capture.import_files(counter, SYSTEM, number, "ofii-cir", files)
    assert report.pages == 7
    assert report.bytes > 0
    assert [w.code for w in report.warnings] == []
    p = piece(counter, number, "ofii-cir")
    assert p.status == "captured"
    assert len(p.pages) == 7
    assert {pg.media_type for pg in p.pages} == {"image/jpeg"}  # grey profile


def test_lying_extension_is_read_by_content_and_reported(
    counter: Counter, number: str, tmp_path: Path
) -> None:
    png_named_jpg = docs.write(tmp_path, "scan.jpg", docs.image_bytes("PNG"))
    report = capture.import_files(counter, SYSTEM, number, "ofii-cir", [png_named_jpg])
    assert report.pages == 1
    assert [w.code for w in report.warnings] == ["extension_mismatch"]
    assert "extension" in report.warnings[0].message


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("vide.pdf", lambda: b"", "empty"),
        ("tronque.jpg", lambda: docs.image_bytes("JPEG")[:4000], "damaged"),
        ("bombe.png", docs.bomb_png, "too_many_pixels"),
        ("secret.pdf", docs.encrypted_pdf, "encrypted"),
        ("script.pdf", docs.scripted_pdf, "active_content"),
        ("facture.pdf", lambda: b"#!/bin/sh\nrm -rf /\n", "not_a_document"),
        ("page.pdf", lambda: b"<html><body>pdf</body></html>", "not_a_document"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    counter: Counter,
    number: str,
    tmp_path: Path,
    name: str,
    make,
    reason: str,
) -> None:
    good = docs.write(tmp_path, "ok.png", docs.image_bytes("PNG"))
    bad = docs.write(tmp_path, name, make())
    with pytest.raises(UnsupportedDocument) as err:
        capture.import_files(counter, SYSTEM, number, "ofii-cir", [good, bad])
    assert err.value.params["reason"] == reason
    assert piece(counter, number, "ofii-cir").pages == ()


def test_blank_pages_are_dropped_and_reported(
    counter: Counter, number: str, tmp_path: Path
) -> None:
    from tests.desk.capture.pages import blank_page

    buf = io.BytesIO()
    blank_page(100).save(buf, "PNG", dpi=(100, 100))
    files = [
        docs.write(tmp_path, "blank.png", buf.getvalue()),
        docs.write(tmp_path, "text.png", docs.image_bytes("PNG")),
    ]
    report = capture.import_files(counter, SYSTEM, number, "ofii-cir", files)
    assert report.pages == 1
    assert [(w.page, w.code) for w in report.warnings] == [(1, "blank_removed")]


def test_edit_pages_then_export(counter: Counter, number: str, tmp_path: Path) -> None:
    files = [docs.write(tmp_path, "a.pdf", docs.text_pdf(3))]
    capture.import_files(counter, SYSTEM, number, "justificatif-domicile", files)
    pages = piece(counter, number, "justificatif-domicile").pages
    assert [p.media_type for p in pages] == ["image/png"] * 3  # text profile: 1 bit
    first, second, third = (p.id for p in pages)
    capture.rotate_page(counter, SYSTEM, number, "justificatif-domicile", second, 1)
    capture.reorder_pages(counter, SYSTEM, number, "justificatif-domicile", [third, first, second])
    capture.delete_page(counter, SYSTEM, number, "justificatif-domicile", first)
    after = piece(counter, number, "justificatif-domicile").pages
    assert [(p.id, p.rotation, p.index) for p in after] == [(third, 0, 0), (second, 90, 1)]
    out = tmp_path / "piece.pdf"
    result = capture.export_piece(counter, number, "justificatif-domicile", out)
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    assert not reader.is_encrypted
    assert result.fits
    assert out.stat().st_size == result.size <= 2_000_000
    box = reader.pages[1].mediabox
    assert float(box.width) > float(box.height)  # the turned page lies in landscape
    history = [h.action for h in dossiers.get_dossier(counter, number).history]
    assert {"page_rotated", "pages_reordered", "page_deleted"} <= set(history)


def test_deleting_the_last_page_marks_the_piece_missing(
    counter: Counter, number: str, tmp_path: Path
) -> None:
    capture.import_files(
        counter,
        SYSTEM,
        number,
        "ofii-cir",
        [docs.write(tmp_path, "a.png", docs.image_bytes("PNG"))],
    )
    (page,) = piece(counter, number, "ofii-cir").pages
    capture.delete_page(counter, SYSTEM, number, "ofii-cir", page.id)
    assert piece(counter, number, "ofii-cir").status == "missing"


@pytest.mark.sane
def test_scan_feeder_into_piece_then_rescan_a_page(
    counter: Counter, number: str, sane_test_device: str
) -> None:
    seen = []
    report = capture.scan_into_piece(
        counter,
        SYSTEM,
        number,
        "ofii-cir",
        sane_test_device,
        Source.ADF,
        3,
        on_page=lambda page, done: seen.append(page.id),
    )
    assert report.pages == 3
    assert len(seen) == 3
    pages = piece(counter, number, "ofii-cir").pages
    assert [p.id for p in pages] == seen
    old_blob = pages[1].blob
    capture.rescan_page(
        counter, SYSTEM, number, "ofii-cir", pages[1].id, sane_test_device, Source.FLATBED
    )
    again = piece(counter, number, "ofii-cir").pages
    assert [p.id for p in again] == seen
    assert len(again) == 3
    assert again[1].blob == old_blob  # the test device draws the same grid again


@pytest.mark.sane
def test_jam_keeps_the_pages_already_scanned(
    counter: Counter, number: str, sane_test_device: str
) -> None:
    jam = SaneProcessBackend(extra_options={"read-return-value": "SANE_STATUS_JAMMED"})
    with pytest.raises(ScannerError) as err:
        capture.scan_into_piece(
            counter, SYSTEM, number, "ofii-cir", "sane:test:1", Source.ADF, backends=[jam]
        )
    assert err.value.reason == "paper_jam"
    assert err.value.pages == 0
    assert piece(counter, number, "ofii-cir").pages == ()
