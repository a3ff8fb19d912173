"""The capture panel with SANE's test device: pages appear as they are scanned,
then are turned, removed, re-scanned; cancel keeps what was scanned."""

from __future__ import annotations

import os
import signal
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk.app import Counter
from desk.domain.entities import PieceStatus
from desk.services import dossiers
from desk.services.applicants import ApplicantInput, create_applicant
from desk.services.common import Actor
from tests.conftest import ROOT
from tests.ui.helpers import click
from ui.capture.panel import CapturePanel

pytestmark = pytest.mark.sane


def _panel(
    qtbot: QtBot, counter: Counter, actor: Actor, device: str, owned: bool = True
) -> CapturePanel:
    """``owned``: qtbot closes it (else its parent, e.g. a dossier view, does)."""
    a = create_applicant(counter, actor, ApplicantInput("Diallo", "Awa", date(1992, 7, 1), "SEN"))
    dossier = dossiers.open_dossier(counter, actor, a.id, "salarie-renouvellement")
    panel = CapturePanel(counter, actor)
    if owned:
        qtbot.addWidget(panel)
    panel.set_dossier(dossier)
    panel.refresh_devices()
    qtbot.waitUntil(lambda: panel.device_combo.findData(device) >= 0, timeout=60_000)
    panel.device_combo.setCurrentIndex(panel.device_combo.findData(device))
    panel.select_piece("ofii-cir")
    panel.source_combo.setCurrentIndex(panel.source_combo.findData("adf"))
    return panel


def _pages(counter: Counter, actor: Actor, panel: CapturePanel) -> list[tuple[int, int]]:
    assert panel._dossier is not None
    d = dossiers.get_dossier(counter, panel._dossier.number, actor)
    return [(p.id, p.rotation) for p in next(x for x in d.pieces if x.code == "ofii-cir").pages]


def test_scan_shows_thumbnails_as_pages_arrive_then_edit(
    qtbot: QtBot, counter: Counter, actor: Actor, sane_test_device: str
) -> None:
    panel = _panel(qtbot, counter, actor, sane_test_device)
    panel.pages_spin.setValue(3)
    arrived: list[bool] = []
    panel._bridge.page_ready.connect(lambda _page, _thumb: arrived.append(panel.busy))
    click(qtbot, panel.scan_button)
    assert panel.busy and panel.cancel_button.isEnabled()  # the window is not blocked
    qtbot.waitUntil(lambda: not panel.busy, timeout=180_000)
    assert arrived == [True, True, True]  # each thumbnail came while the scan went on
    assert panel.pages.count() == 3 and panel.progress.value() == 100
    assert "3 page" in panel.message.text()
    stored = _pages(counter, actor, panel)
    assert panel.page_ids() == [pid for pid, _ in stored]

    panel.pages.setCurrentRow(0)
    click(qtbot, panel.rotate_button)
    qtbot.waitUntil(lambda: panel.pages.count() == 3, timeout=30_000)
    assert _pages(counter, actor, panel)[0][1] == 90

    panel.pages.setCurrentRow(1)
    click(qtbot, panel.delete_button)
    qtbot.waitUntil(lambda: panel.pages.count() == 2, timeout=30_000)
    assert [pid for pid, _ in _pages(counter, actor, panel)] == [stored[0][0], stored[2][0]]

    panel.pages.setCurrentRow(1)
    click(qtbot, panel.rescan_button)
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    qtbot.waitUntil(lambda: panel.pages.count() == 2, timeout=30_000)
    assert "renumérisée" in panel.message.text()


def test_cancel_keeps_the_pages_already_scanned(
    qtbot: QtBot, counter: Counter, actor: Actor, sane_test_device: str
) -> None:
    panel = _panel(qtbot, counter, actor, sane_test_device)
    panel.pages_spin.setValue(0)  # the whole feeder
    panel._bridge.page_ready.connect(lambda _page, _thumb: panel.cancel())
    click(qtbot, panel.scan_button)
    qtbot.waitUntil(lambda: not panel.busy, timeout=180_000)
    assert "annulée" in panel.message.text()
    kept = _pages(counter, actor, panel)
    assert 1 <= len(kept) < 10
    qtbot.waitUntil(lambda: panel.pages.count() == len(kept), timeout=30_000)


def test_scanner_process_killed_mid_batch_keeps_pages_and_says_so(
    qtbot: QtBot,
    counter: Counter,
    actor: Actor,
    sane_test_device: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desk.capture import sane_process

    monkeypatch.setenv("SANE_CONFIG_DIR", str(ROOT / "tests" / "data" / "sane-slow"))
    panel = _panel(qtbot, counter, actor, sane_test_device)
    panel.pages_spin.setValue(0)

    def kill_after_two(_page: object, _thumb: object) -> None:
        child = sane_process.current_child()
        if panel.pages.count() == 2 and child is not None and child.alive:
            os.kill(child.pid, signal.SIGKILL)  # the driver crashed, the scanner vanished

    panel._bridge.page_ready.connect(kill_after_two)
    click(qtbot, panel.scan_button)
    qtbot.waitUntil(lambda: not panel.busy, timeout=180_000)
    assert "interrompue" in panel.message.text()
    assert "conservées" in panel.message.text()
    kept = _pages(counter, actor, panel)
    assert len(kept) == 2
    qtbot.waitUntil(lambda: panel.pages.count() == 2, timeout=30_000)


def test_after_a_scan_the_window_shows_the_pages_without_reloading_them(
    qtbot: QtBot, counter: Counter, actor: Actor, sane_test_device: str
) -> None:
    """The dossier the scan hands to the view comes back to the panel: the thumbnails
    made during the scan stay (no second decode of every page), and they match it."""
    from ui.dossier import DossierView

    view = DossierView(counter, actor)
    qtbot.addWidget(view)
    panel = _panel(qtbot, counter, actor, sane_test_device, owned=False)
    dossier = panel._dossier
    assert dossier is not None
    view.add_panel("Numérisation", panel)  # shows no dossier yet
    view.show_dossier(dossier)
    panel.select_piece("ofii-cir")
    panel.pages_spin.setValue(3)
    mark = Qt.ItemDataRole.UserRole + 7
    # connected after the panel's own slot: the page's thumbnail is already listed
    panel._bridge.page_ready.connect(
        lambda _page, _thumb: panel.pages.item(panel.pages.count() - 1).setData(mark, "scan")
    )
    click(qtbot, panel.scan_button)
    qtbot.waitUntil(lambda: not panel.busy, timeout=180_000)
    qtbot.wait(300)  # a reload would have cleared the list and refilled it by now
    assert view.dossier is not None
    piece = next(p for p in view.dossier.pieces if p.code == "ofii-cir")
    assert len(piece.pages) == 3 and piece.status is PieceStatus.CAPTURED
    assert panel.page_ids() == [p.id for p in piece.pages]
    assert [panel.pages.item(i).data(mark) for i in range(3)] == ["scan"] * 3

    panel.pages.setCurrentRow(0)
    click(qtbot, panel.rotate_button)  # an edit still redraws the thumbnails
    qtbot.waitUntil(lambda: panel.pages.count() == 3, timeout=30_000)
    qtbot.waitUntil(lambda: panel.pages.item(0).data(mark) is None, timeout=30_000)
