"""The counter's lock: idle lock, lock on demand (Ctrl+Shift+L; Ctrl+L is the search
box), quick unlock by the same agent, take-over by another agent, clipboard cleared on
lock.

The state machine is desk.security.session.AgentSession (Qt-free, tested there); this
module feeds it the window's activity and a periodic tick, covers the window with the
lock screen, and checks the password off the GUI thread (argon2 is slow on purpose).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.errors import DeskError
from desk.messages import describe
from desk.security.session import AgentSession, State, Unlock

TICK_MS = 10_000
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def clear_clipboard() -> None:
    """Empty the clipboard (and the X11 primary selection): a name or a numéro copied
    for the ANEF site does not stay for the next person at the screen."""
    board = QGuiApplication.clipboard()
    board.clear(QClipboard.Mode.Clipboard)
    if board.supportsSelection():
        board.clear(QClipboard.Mode.Selection)


class LockScreen(QWidget):
    """Covers the whole window while locked: who is logged in, a password field."""

    unlock_requested = Signal(str, str)  # login, password

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        title = QLabel(self.tr("Poste verrouillé"))
        title.setProperty("role", "title")
        self.who = QLabel()
        self.login = QLineEdit()
        self.login.setAccessibleName(self.tr("Identifiant"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Mot de passe"))
        self.password.returnPressed.connect(self._on_unlock_clicked)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setAccessibleName(self.tr("Erreur"))
        self.error.hide()
        self.button = QPushButton(self.tr("&Déverrouiller"))
        self.button.setProperty("primary", True)
        self.button.clicked.connect(self._on_unlock_clicked)
        hint = QLabel(
            self.tr(
                "Un autre agent peut prendre le poste avec son identifiant : "
                "la session en cours sera alors fermée."
            )
        )
        hint.setWordWrap(True)
        box = QWidget()
        box.setMaximumWidth(420)
        inner = QVBoxLayout(box)
        for w in (title, self.who, self.login, self.password, self.error, self.button, hint):
            inner.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.hide()

    def show_for(self, login: str, display_name: str) -> None:
        self.who.setText(self.tr("Session de {name}").format(name=display_name or login))
        self.login.setText(login)
        self.password.clear()
        self.error.hide()
        self.button.setEnabled(True)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.password.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()

    def _on_unlock_clicked(self) -> None:
        if not self.button.isEnabled():
            return
        self.button.setEnabled(False)
        self.unlock_requested.emit(self.login.text(), self.password.text())


class LockController(QObject):
    """Locks ``window`` after the counter's ``idle_lock_minutes`` or on Ctrl+Shift+L.

    Signals:
        locked(): the window was covered and the clipboard cleared.
        unlocked(): the same agent came back.
        agent_switched(object): another agent (the Actor) took the counter; the previous
            session was closed (the window cleared) — open a window for the new agent.
    """

    locked = Signal()
    unlocked = Signal()
    agent_switched = Signal(object)

    def __init__(
        self,
        counter: Any,
        window: QMainWindow,
        actor: Any,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(window)
        self.counter = counter
        self.window = window
        kw: dict[str, Any] = {"clock": clock} if clock is not None else {}
        self.session = AgentSession.for_counter(counter, **kw)
        self.session.on_lock += [clear_clipboard, self._cover]
        clear = getattr(window, "clear", None)
        if callable(clear):
            self.session.on_logout.append(clear)
        self.session.login(actor)
        self.screen = LockScreen(window)
        self.screen.unlock_requested.connect(self._on_unlock_requested)
        self.shortcut = QShortcut(QKeySequence("Ctrl+Shift+L"), window)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut.activated.connect(self.lock_now)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.installEventFilter(self)

    # --- state -------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.session.state is State.LOCKED

    def lock_now(self) -> None:
        self.session.lock()

    def tick(self) -> None:
        self.session.tick()

    def _cover(self) -> None:
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(False)  # nothing underneath takes the keyboard
        actor = self.session.actor
        self.screen.show_for(actor.login if actor else "", actor.display_name if actor else "")
        self.locked.emit()

    def _uncover(self) -> None:
        self.screen.hide()
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(True)

    # --- unlocking ---------------------------------------------------------------------
    def _on_unlock_requested(self, login: str, password: str) -> None:
        from desk.services.agents import authenticate
        from ui.worker import run_task

        run_task(
            authenticate,
            self.counter,
            login,
            password,
            on_result=self._on_authenticated,
            on_error=self._on_failed,
            owner=self,
        )

    def _on_authenticated(self, actor: Any) -> None:
        if not self.is_locked:
            return
        outcome = self.session.unlock(actor)
        self._uncover()
        if outcome is Unlock.RESUMED:
            self.unlocked.emit()
        else:
            self.agent_switched.emit(actor)

    def _on_failed(self, exc: BaseException) -> None:
        text = describe(exc) if isinstance(exc, DeskError) else str(exc)
        self.screen.show_error(text)

    # --- activity ----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVITY:
            self.session.activity()
        elif watched is self.window and kind == QEvent.Type.Resize and self.screen.isVisible():
            self.screen.setGeometry(self.window.rect())
        return False

    def stop(self) -> None:
        """Stop watching (the window is closing)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def dispose(self) -> None:
        """Take the lock off the window for good (the agent's session ended)."""
        self.stop()
        self.window.removeEventFilter(self)
        self.shortcut.setEnabled(False)
        self.shortcut.deleteLater()
        self.screen.hide()
        self.screen.deleteLater()
        self.deleteLater()
