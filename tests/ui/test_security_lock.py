"""The window's lock through real widgets: idle lock, Ctrl+Shift+L, clipboard cleared,
same-agent unlock, wrong password, another agent taking the counter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desk.app import Counter
from desk.domain.entities import Role
from desk.services import agents
from desk.services.common import Actor
from tests.ui.conftest import PASSWORD
from tests.ui.helpers import click, type_into
from ui.main_window import MainWindow
from ui.security.lock import LockController


class Clock:
    now = 5000.0

    def __call__(self) -> float:
        return self.now


def _locked_window(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> tuple[MainWindow, LockController, Clock]:
    window = MainWindow(counter, actor)
    qtbot.addWidget(window)
    clock = Clock()
    lock = LockController(counter, window, actor, clock=clock)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window, lock, clock


def test_idle_lock_covers_the_window_and_clears_the_clipboard(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    window, lock, clock = _locked_window(qtbot, counter, actor)
    QGuiApplication.clipboard().setText("Benali Mohamed 7501234567")
    clock.now += counter.config.idle_lock_minutes * 60 - 1
    lock.tick()
    assert not lock.is_locked
    qtbot.keyClick(window.search_box, Qt.Key.Key_A)  # activity restarts the idle timer
    clock.now += counter.config.idle_lock_minutes * 60 - 1
    lock.tick()
    assert not lock.is_locked
    clock.now += 1
    with qtbot.waitSignal(lock.locked):
        lock.tick()
    assert lock.screen.isVisible()
    assert lock.screen.geometry() == window.rect()
    assert not window.centralWidget().isEnabled()
    assert QGuiApplication.clipboard().text() == ""
    lock.stop()


def test_ctrl_shift_l_locks_and_the_same_agent_resumes(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    window, lock, _clock = _locked_window(qtbot, counter, actor)
    window.search_box.setText("Haddad")
    qtbot.keyClick(
        window,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert lock.is_locked
    assert lock.screen.login.text() == actor.login
    type_into(qtbot, lock.screen.password, "pas le bon mot de passe")
    click(qtbot, lock.screen.button)
    qtbot.waitUntil(lambda: lock.screen.error.isVisible(), timeout=20_000)
    assert lock.is_locked
    assert lock.screen.error.text() == "Identifiant ou mot de passe incorrect."
    type_into(qtbot, lock.screen.password, PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=20_000):
        click(qtbot, lock.screen.button)
    assert not lock.screen.isVisible()
    assert window.centralWidget().isEnabled()
    assert window.search_box.text() == "Haddad"  # work found as it was left
    lock.stop()


def test_another_agent_takes_the_counter(qtbot: QtBot, counter: Counter, actor: Actor) -> None:
    agents.create_agent(counter, "b.martin", "Bea Martin", Role.SUPERVISOR, "autre mot de passe")
    window, lock, _clock = _locked_window(qtbot, counter, actor)
    window.search_box.setText("Haddad")
    lock.lock_now()
    lock.screen.login.setText("b.martin")
    type_into(qtbot, lock.screen.password, "autre mot de passe")
    with qtbot.waitSignal(lock.agent_switched, timeout=20_000) as blocker:
        click(qtbot, lock.screen.button)
    new_actor = blocker.args[0]
    assert (new_actor.login, new_actor.role) == ("b.martin", Role.SUPERVISOR)
    assert window.search_box.text() == ""  # the previous agent's screen was closed
    assert lock.session.actor == new_actor
    lock.stop()
