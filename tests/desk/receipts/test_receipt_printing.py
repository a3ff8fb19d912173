"""Printing through a real CUPS queue (cups-pdf): the printed file is the rendered
receipt; a stopped or refusing printer gives a clear refusal and the receipt stays
recorded for a reprint."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from desk.app import Counter
from desk.cli import main as desk_main
from desk.receipts.keys import KEY_SET_FILE, load_key_set
from desk.receipts.printing import PrintFailed
from desk.receipts.verify import verify_receipt
from desk.services import receipts
from desk.services.common import SYSTEM
from desk.store.models import ReceiptRow
from tests.conftest import CupsQueue
from tests.desk.receipts.conftest import S, make_dossier

pytestmark = pytest.mark.cups


def pages(pdf: bytes, dpi: int = 50) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [
            np.asarray(page.render(scale=dpi / 72, grayscale=True).to_pil(), dtype=np.int16)
            for page in doc
        ]
    finally:
        doc.close()


def png_150(pdf: Path, tmp_path: Path) -> bytes:
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "s")],
        check=True,
    )
    return next(tmp_path.glob("s*.png")).read_bytes()


def test_printed_file_is_the_rendered_receipt(
    counter: Counter, cups_pdf_queue: CupsQueue, tmp_path: Path
) -> None:
    number = make_dossier(counter, S.DEPOSITED, True, "substitution")
    issued = receipts.issue_receipt(counter, SYSTEM, number)
    job = receipts.print_receipt(counter, issued, cups_pdf_queue.name)
    printed = cups_pdf_queue.printed(job)
    rendered, on_paper = pages(issued.pdf), pages(printed.read_bytes())
    assert len(on_paper) == len(rendered)
    for a, b in zip(rendered, on_paper, strict=True):
        assert a.shape == b.shape
        assert float(np.abs(a - b).mean()) < 6  # another receipt differs by ~15
    # the printed page still carries both codes, and they verify
    keys = load_key_set(counter.home.keys / KEY_SET_FILE)
    verdict = verify_receipt(png_150(printed, tmp_path), keys)
    assert verdict.genuine, verdict.reason
    assert verdict.number == issued.number
    assert not list(counter.home.tmp.glob("*.pdf"))  # the spool copy is gone


def test_cli_reprint_is_a_duplicata(
    counter: Counter,
    cups_pdf_queue: CupsQueue,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    number = make_dossier(counter, S.INCOMPLETE, False, "substitution")
    home = str(counter.home.root)
    args = ["--home", home, "receipt", "print", "--dossier", number]
    assert desk_main([*args, "--printer", cups_pdf_queue.name, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["copy"] == 0
    assert desk_main([*args, "--printer", cups_pdf_queue.name, "--copy", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["number"], again["copy"]) == (first["number"], 1)
    printed = cups_pdf_queue.printed(again["job"])
    keys = load_key_set(counter.home.keys / KEY_SET_FILE)
    verdict = verify_receipt(png_150(printed, tmp_path), keys)
    assert verdict.genuine
    assert verdict.copy == 1


@pytest.mark.parametrize(
    ("off", "on", "reason"),
    [
        ("cupsdisable", "cupsenable", "print_printer_stopped"),
        ("cupsreject", "cupsaccept", "print_printer_rejecting"),
    ],
)
def test_unavailable_printer_keeps_the_receipt(
    counter: Counter, cups_pdf_queue: CupsQueue, off: str, on: str, reason: str
) -> None:
    number = make_dossier(counter, S.DEPOSITED, True, "substitution")
    issued = receipts.issue_receipt(counter, SYSTEM, number)
    subprocess.run([off, cups_pdf_queue.name], check=True)
    try:
        with pytest.raises(PrintFailed) as failed:
            receipts.print_receipt(counter, issued, cups_pdf_queue.name)
    finally:
        subprocess.run([on, cups_pdf_queue.name], check=True)
    assert failed.value.reason == reason
    with counter.sessions() as session:
        assert session.scalar(select(ReceiptRow.number)) == issued.number
    # once the printer is back, the saved receipt is printed again as a duplicata
    copy = receipts.reprint_receipt(counter, SYSTEM, number)
    job = receipts.print_receipt(counter, copy, cups_pdf_queue.name)
    assert pages(cups_pdf_queue.printed(job).read_bytes())
