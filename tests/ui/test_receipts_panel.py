"""The "Reçus" panel prints through QtPrintSupport on the configured printer (a real
CUPS queue with cups-pdf), without a dialog; a reprint is a duplicata; a missing
printer is said clearly and the receipt stays recorded. Scanning a receipt's barcode
in the main window's search box opens its dossier."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.app import Counter
from desk.receipts.keys import KEY_SET_FILE, load_key_set
from desk.receipts.verify import verify_receipt
from desk.services import dossiers, receipts
from desk.services.common import SYSTEM, Actor
from desk.store.models import ReceiptRow
from tests.conftest import CupsQueue
from tests.desk.receipts.conftest import S, make_dossier
from tests.ui.helpers import click, type_into
from ui.receipts.panel import ReceiptsPanel


def panel_on(qtbot: QtBot, counter: Counter, actor: Actor, number: str) -> ReceiptsPanel:
    panel = ReceiptsPanel(counter, actor)
    qtbot.addWidget(panel)
    panel.set_dossier(dossiers.get_dossier(counter, number))
    return panel


def genuine_copy(printed: Path, counter: Counter, tmp_path: Path) -> int:
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(printed), str(tmp_path / "s")],
        check=True,
    )
    png = sorted(tmp_path.glob("s*.png"))[-1].read_bytes()
    for p in tmp_path.glob("s*.png"):
        p.unlink()
    verdict = verify_receipt(png, load_key_set(counter.home.keys / KEY_SET_FILE))
    assert verdict.genuine, verdict.reason
    return verdict.copy


@pytest.mark.cups
def test_prints_on_the_configured_printer_without_dialog(
    qtbot: QtBot,
    counter: Counter,
    actor: Actor,
    cups_pdf_queue: CupsQueue,
    tmp_path: Path,
) -> None:
    counter.config.printer = cups_pdf_queue.name
    number = make_dossier(counter, S.DEPOSITED, True, "substitution")
    panel = panel_on(qtbot, counter, actor, number)
    before = cups_pdf_queue.files()
    with qtbot.waitSignal(panel.printed, timeout=60_000) as first:
        click(qtbot, panel.print_button)
    assert genuine_copy(cups_pdf_queue.new_file(before), counter, tmp_path) == 0
    assert "imprimé" in panel.message.text()
    before = cups_pdf_queue.files()
    with qtbot.waitSignal(panel.printed, timeout=60_000) as again:
        click(qtbot, panel.reprint_button)
    assert again.args[0].number == first.args[0].number
    assert "Duplicata n° 1" in panel.message.text()
    assert genuine_copy(cups_pdf_queue.new_file(before), counter, tmp_path) == 1


def test_missing_printer_is_said_and_the_receipt_kept(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    counter.config.printer = "NoSuchQueue"
    number = make_dossier(counter, S.INCOMPLETE, False, "substitution")
    panel = panel_on(qtbot, counter, actor, number)
    with qtbot.waitSignal(panel.dossier_changed, timeout=60_000):
        click(qtbot, panel.print_button)
    assert "Impression impossible" in panel.message.text()
    assert "pourra être réimprimé" in panel.message.text()
    with counter.sessions() as session:
        row = session.scalar(select(ReceiptRow))
        assert row is not None
        assert row.number in panel.message.text()
    assert panel.print_button.isEnabled()


def test_scanning_a_receipt_opens_its_dossier(qtbot: QtBot, counter: Counter, actor: Actor) -> None:
    from PySide6.QtCore import Qt

    from ui.main_window import MainWindow

    number = make_dossier(counter, S.DEPOSITED, True, "substitution")
    issued = receipts.issue_receipt(counter, SYSTEM, number)
    window = MainWindow(counter, actor)
    qtbot.addWidget(window)
    window.show()
    type_into(qtbot, window.search_box, issued.number.lower())  # a scanner types fast
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.dossier_view, timeout=30_000)
    assert window.dossier_view.dossier is not None
    assert window.dossier_view.dossier.number == number
