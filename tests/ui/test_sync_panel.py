"""The sync panel in the real window, against a real ``hq serve`` on loopback with a
real PostgreSQL (tests/conftest.py): per-item state, "Synchroniser maintenant" with
progress off the GUI thread, cancel, the needs-action list and "Renvoyer"."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QTableView, QToolButton
from pytestqt.qtbot import QtBot

from desk.app import Counter
from desk.domain.entities import Role
from desk.services import agents
from desk.services import sync as sync_service
from desk.services.common import Actor
from desk.sync import journal
from tests.ui.helpers import click
from ui.main_window import MainWindow
from ui.sync.panel import SyncDialog

pytestmark = pytest.mark.postgres
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot: QtBot, enrolled_rhone: Counter) -> MainWindow:
    agent = agents.create_agent(enrolled_rhone, "s.martin", "Sami Martin", Role.AGENT, "x" * 12)
    win = MainWindow(enrolled_rhone, Actor(agent.login, agent.role, agent.id, agent.display_name))
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    return win


def open_panel(qtbot: QtBot, window: MainWindow) -> SyncDialog:
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL_SHIFT)
    dialog = window.sync.dialog
    assert isinstance(dialog, SyncDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.view is not None)
    assert dialog.isVisible()
    return dialog


def sync_now(qtbot: QtBot, dialog: SyncDialog, signal: str = "finished") -> Any:
    runner = dialog._runner
    with qtbot.waitSignal(getattr(runner, signal), timeout=60_000) as blocker:
        click(qtbot, dialog.sync_button)
        # the click returned while the sync runs in the pool: the window stays usable
        assert runner.busy
        assert not dialog.sync_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog._load is None and not runner.busy)
    return blocker.args[0]


def cell(model: Any, row: int, col: int) -> str:
    return str(model.data(model.index(row, col)))


def test_sync_now_from_the_panel(qtbot: QtBot, window: MainWindow, hq_tools: Any) -> None:
    hq_tools.seed_small(window._counter, dossiers=2, pages=2)
    dialog = open_panel(qtbot, window)
    model = dialog.items_model
    states = {cell(model, r, 2) for r in range(model.rowCount())}
    assert states == {"○ En attente d'envoi"}
    assert "Aucune synchronisation enregistrée" in dialog.last_run_label.text()
    assert "Serveur national : http://127.0.0.1:" in dialog.server_label.text()
    seen: list[str] = []
    dialog._runner.progress.connect(lambda stage, d, t: seen.append(stage))
    report = sync_now(qtbot, dialog)
    assert report.acknowledged > 0 and report.pending == 0
    assert {"records", "blobs"} <= set(seen)
    assert dialog.progress.value() == dialog.progress.maximum()
    assert "Synchronisation terminée" in dialog.message.text()
    qtbot.waitUntil(lambda: "réussie" in dialog.last_run_label.text())
    states = {cell(model, r, 2) for r in range(model.rowCount())}
    assert states == {"✔ Acquitté"}
    dossiers = {cell(model, r, 1) for r in range(model.rowCount())}
    assert any(d.startswith("069-") for d in dossiers)
    assert "à traiter : 0" in dialog.counts_label.text()
    qtbot.waitUntil(lambda: window.sync.freshness.text().startswith("✔ Synchronisé le"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_needs_action_shows_what_to_do_and_renvoyer(
    qtbot: QtBot, window: MainWindow, hq_tools: Any
) -> None:
    hq_tools.seed_small(window._counter, dossiers=1, pages=0)
    hq_tools.add_foreign_dossier(window._counter)
    dialog = open_panel(qtbot, window)
    sync_now(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.action_model.rowCount() == 1)
    actions = dialog.action_model
    assert cell(actions, 0, 1) == "093-03-2026-000001-A"
    assert cell(actions, 0, 2) == "Cet élément relève d'une autre préfecture."
    assert "préfecture du guichet" in cell(actions, 0, 3)
    assert dialog.action_box.title() == "À traiter (1)"
    assert "partielle" in dialog.last_run_label.text()
    click(qtbot, dialog.retry_button)  # nothing selected yet
    assert "Sélectionnez" in dialog.message.text()
    dialog.action_table.setFocus()
    dialog.action_table.selectAll()
    click(qtbot, dialog.retry_button)
    qtbot.waitUntil(lambda: dialog.action_model.rowCount() == 0)
    assert "1 élément(s) remis" in dialog.message.text()
    # back in the queue: it was sent once, HQ has not acknowledged it
    again = [
        r for r in range(dialog.items_model.rowCount())
        if cell(dialog.items_model, r, 2) == "↻ Envoi tenté, nouvel essai prévu"
    ]  # fmt: skip
    assert [cell(dialog.items_model, r, 1) for r in again] == ["093-03-2026-000001-A"]


def test_cancel_stops_the_sync_and_the_next_one_completes(
    qtbot: QtBot, window: MainWindow, hq_tools: Any
) -> None:
    hq_tools.seed_small(window._counter, dossiers=4, pages=3)
    dialog = open_panel(qtbot, window)
    runner = dialog._runner
    reached, clicked = threading.Event(), threading.Event()

    def in_pool(stage: str, done: int, total: int) -> None:
        # holds the sync just after its first document reached HQ, until the agent
        # clicked "Annuler" (so the test does not race the upload)
        if stage == "blobs" and not reached.is_set():
            reached.set()
            clicked.wait(30)

    runner._bridge.progress.connect(in_pool, Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(runner.failed, timeout=60_000) as blocker:
        click(qtbot, dialog.sync_button)
        qtbot.waitUntil(reached.is_set)
        click(qtbot, dialog.cancel_button)
        clicked.set()
    runner._bridge.progress.disconnect(in_pool)
    assert isinstance(blocker.args[0], sync_service.SyncCancelled)
    assert "interrompue" in dialog.message.text()
    qtbot.waitUntil(lambda: "interrompue" in dialog.last_run_label.text())
    assert dialog.view is not None and dialog.view.counts["waiting"] > 0
    report = sync_now(qtbot, dialog)
    assert report.errors == [] and report.pending == 0


def test_every_control_is_named_and_the_panel_goes_on_logout(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_panel(qtbot, window)
    for kind in (QPushButton, QTableView, QProgressBar, QLabel, QToolButton):
        for w in dialog.findChildren(kind):
            assert w.accessibleName(), f"{kind.__name__} {w.objectName()!r} has no name"
    assert window.sync.button.accessibleName() == "Synchronisation"
    assert window.sync.freshness.accessibleName()
    assert dialog.focusWidget() is dialog.sync_button
    window.clear()  # logout or lock
    assert not dialog.isVisible()
    assert dialog.items_model.rowCount() == 0


def test_a_run_is_journalled_with_the_manual_trigger(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_panel(qtbot, window)
    sync_now(qtbot, dialog)
    last = journal.last(window._counter.home.root)
    assert last is not None and last.trigger == "manual" and last.outcome == "ok"
