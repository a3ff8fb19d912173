"""The open window syncs by itself inside the nightly window (injected clock, no
sleeping), and its status bar warns, by colour and text, days before the data gets
stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from desk.app import Counter
from desk.domain.entities import Role
from desk.services import agents
from desk.services.common import Actor
from desk.store.db import transaction
from desk.store.models import OutboxRow
from desk.sync import journal
from tests.ui.test_main_window import _stored_dossier, _window
from ui.main_window import MainWindow
from ui.status import RED_MARIANNE, SUCCESS, WARNING
from ui.sync.controller import TICK_MS


def window_around(now: datetime, start_h: int, end_h: int) -> str:
    """A nightly_window from ``now + start_h`` hours to ``now + end_h`` hours."""
    start, end = (now + timedelta(hours=h) for h in (start_h, end_h))
    return f"{start:%H:%M}-{end:%H:%M}"


@pytest.mark.postgres
def test_the_window_syncs_in_the_nightly_window(qtbot: QtBot, enrolled_rhone: Counter) -> None:
    agent = agents.create_agent(enrolled_rhone, "n.roux", "Nora Roux", Role.AGENT, "x" * 12)
    actor = Actor(agent.login, agent.role, agent.id, agent.display_name)
    window = _window(qtbot, enrolled_rhone, actor)
    sync = window.sync
    assert sync.timer.isActive() and sync.timer.interval() == TICK_MS
    now = datetime.now().astimezone()
    sync.clock = lambda: now
    # closed window: nothing happens
    enrolled_rhone.config.nightly_window = window_around(now, 2, 3)
    assert sync.tick() is None
    assert journal.last(enrolled_rhone.home.root) is None
    # open window: the tick finds a run due and syncs, off the GUI thread
    enrolled_rhone.config.nightly_window = window_around(now, -1, 1)
    with qtbot.waitSignal(sync.runner.finished, timeout=60_000):
        assert sync.tick() is not None
    last = journal.last(enrolled_rhone.home.root)
    assert last is not None and (last.trigger, last.outcome) == ("window", "ok")
    # later in the same opening, after a good run: not again
    sync.clock = lambda: now + timedelta(minutes=20)
    task = sync.tick()
    assert task is not None
    qtbot.waitUntil(lambda: task.done)
    assert not sync.runner.busy
    assert len(journal.runs(enrolled_rhone.home.root)) == 1
    qtbot.waitUntil(lambda: sync.freshness.text().startswith("✔ Synchronisé le"))


def _ack_everything(counter: Counter) -> None:
    with transaction(counter.sessions) as s:
        s.execute(update(OutboxRow).values(state="acked", acked_at=datetime.now(UTC)))


def test_status_bar_warns_before_the_data_gets_stale(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    start = datetime.now().astimezone()
    _stored_dossier(counter, actor)  # changes waiting for HQ from now on
    window: MainWindow = _window(qtbot, counter, actor)
    sync = window.sync
    label = sync.freshness
    qtbot.waitUntil(lambda: label.text() == "Jamais synchronisé")

    sync.clock = lambda: start + timedelta(days=3)
    sync.tick()
    qtbot.waitUntil(lambda: label.property("level") == "warn")
    assert label.text() == (
        "⚠ À synchroniser : données périmées dans 1 j — dernière synchronisation : jamais"
    )
    assert WARNING in label.styleSheet() and "bold" in label.styleSheet()
    assert label.width() >= label.sizeHint().width()  # the whole text, not "⚠ À s…"
    assert "non acquittées par le serveur national depuis le" in label.toolTip()
    assert label.toolTip() == label.accessibleDescription()

    sync.clock = lambda: start + timedelta(days=5)
    sync.tick()
    qtbot.waitUntil(lambda: label.property("level") == "stale")
    assert label.text() == "✖ Données périmées — dernière synchronisation : jamais"
    assert RED_MARIANNE in label.styleSheet()

    # a good sync later: calm again, with its date
    done = datetime.now(UTC)
    journal.record(counter.home.root, journal.Run(done, done, journal.OK, "manual", True, True))
    _ack_everything(counter)
    sync.clock = lambda: start + timedelta(minutes=1)
    sync.tick()
    qtbot.waitUntil(lambda: label.property("level") == "ok" and "✔" in label.text())
    assert label.text() == "✔ Synchronisé le " + done.astimezone().strftime("%d/%m/%Y %H:%M")
    assert SUCCESS in label.styleSheet()


def test_a_malformed_window_is_logged_once_and_never_syncs(
    qtbot: QtBot, counter: Counter, actor: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    window = _window(qtbot, counter, actor)
    counter.config.nightly_window = "la nuit"
    assert window.sync.tick() is None
    assert window.sync.tick() is None
    assert caplog.text.count("no sync from the window") == 1


def test_the_sync_room_outlives_a_session(qtbot: QtBot, counter: Counter, actor: Actor) -> None:
    from PySide6.QtWidgets import QToolButton

    window = _window(qtbot, counter, actor)
    sync = window.sync
    dialog = sync.show_panel()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.view is not None)
    window.end_session()  # log-out: the panel goes, the nightly timer stays
    assert not dialog.isVisible() and not sync.action.isEnabled()
    assert sync.timer.isActive() and sync.freshness.isVisibleTo(window)
    window.open_session(counter, actor)  # the next agent: the same room, nothing doubled
    assert window.sync is sync and sync.action.isEnabled()
    assert len(window.statusBar().findChildren(QToolButton, "syncButton")) == 1
    window.close()
    assert not sync.timer.isActive()


def test_the_last_status_asked_is_the_one_shown(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    """Refreshes run in the pool side by side (the window's first and a tick): a slower,
    older one finishing last must not put back what it saw (it did, once, in CI)."""
    _stored_dossier(counter, actor)  # changes waiting for HQ: "warn" three days on
    window = _window(qtbot, counter, actor)
    sync = window.sync
    now = datetime.now().astimezone()
    for _ in range(20):  # pool threads finish in either order: the answer may not
        tasks = [sync.refresh_status(now + timedelta(days=3)), sync.refresh_status(now)]
        qtbot.waitUntil(lambda ts=tasks: all(t.done for t in ts), timeout=10_000)
        assert sync.freshness.property("level") != "warn"
        tasks = [sync.refresh_status(now), sync.refresh_status(now + timedelta(days=3))]
        qtbot.waitUntil(lambda ts=tasks: all(t.done for t in ts), timeout=10_000)
        assert sync.freshness.property("level") == "warn"
