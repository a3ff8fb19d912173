"""Starting the counter window: application, look, opening the counter, first
administrator, login, main window, logout.

``run()`` is what ``desk gui`` calls. It returns the process exit status: 0 after a
normal end, 2 when the counter cannot be opened (the French reason goes to stderr and
to a message box — never a traceback).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desk.errors import DeskError
from desk.messages import describe

log = logging.getLogger(__name__)

#: when set, the window prints "GUICHET_SHOWN <epoch seconds>" once the main window is
#: first painted and "GUICHET_LISTED <epoch seconds>" once today's list is filled,
#: then quits; without a password given on stdin it prints "GUICHET_LOGIN_SHOWN" once
#: the first dialog is painted and quits (bench/bench_startup.py)
PROBE_ENV = "GUICHET_STARTUP_PROBE"

BASE_POINT_SIZE = 11.0


def application() -> QApplication:
    """The QApplication, created once, with Guichet's style, font and stylesheet."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if app.property("guichet_styled"):
        return app
    app.setApplicationName("Guichet")
    app.setOrganizationName("Guichet")
    app.setApplicationDisplayName("Guichet")
    app.setStyle("Fusion")
    font = app.font()
    if font.pointSizeF() < BASE_POINT_SIZE:
        font.setPointSizeF(BASE_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#000091"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#000091"))
    app.setPalette(palette)
    app.setStyleSheet(stylesheet())
    app.setProperty("guichet_styled", True)
    return app


def stylesheet() -> str:
    from desk.paths import resource_path

    try:
        return resource_path("style.qss").read_text(encoding="utf-8")
    except OSError as exc:  # the window still works, only plainer
        log.error("stylesheet unreadable: %s", exc)
        return ""


class CounterSession(QObject):
    """Drives the windows of one run: first administrator, login, main window, logout.

    ``password`` (from ``desk gui --password-stdin``) logs ``login`` in without the
    dialog, through the same authentication; on failure the dialog is shown.
    """

    def __init__(
        self,
        counter: Any,
        login: str = "",
        password: str | None = None,
        probe: bool = False,
    ) -> None:
        super().__init__()
        self.counter = counter
        self._login = login
        self._password = password
        self._probe = probe
        self.window: QWidget | None = None
        self.lock: Any = None  # ui.security.lock.LockController of the open window
        self.dialog: QWidget | None = None

    def start(self) -> None:
        from desk.services import agents

        if not agents.has_agents(self.counter):
            self.ask_first_admin()
        elif self._password is not None:
            from ui.worker import run_task

            password, self._password = self._password, None
            run_task(
                agents.authenticate,
                self.counter,
                self._login,
                password,
                on_result=self.open_main,
                on_error=lambda exc: self.ask_login(self._login, exc),
                owner=self,
            )
        else:
            self.ask_login(self._login)

    def ask_first_admin(self) -> None:
        from ui.login import FirstAdminDialog

        dialog = FirstAdminDialog(self.counter)
        dialog.created.connect(lambda agent: self.ask_login(agent.login))
        self._show_dialog(dialog)

    def ask_login(self, login: str = "", error: BaseException | None = None) -> None:
        from ui.login import LoginDialog

        dialog = LoginDialog(self.counter, login)
        dialog.logged_in.connect(self.open_main)
        if isinstance(error, DeskError):
            dialog._show_error(describe(error))
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: Any) -> None:
        previous = self.dialog
        self.dialog = dialog
        dialog.rejected.connect(self._on_dialog_rejected)
        if self._probe:
            self._first_paint = _FirstPaint(dialog, self._on_probe_dialog_shown)
        dialog.show()
        if previous is not None:
            previous.deleteLater()

    def _on_dialog_rejected(self) -> None:
        QApplication.quit()

    def open_main(self, actor: Any) -> None:
        from ui.main_window import MainWindow

        window = MainWindow(self.counter, actor)
        window.logout_requested.connect(self._on_logout_requested)
        from ui.security.lock import LockController  # idle lock, Ctrl+Shift+L

        self.lock = LockController(self.counter, window, actor)
        self.lock.agent_switched.connect(self._on_agent_switched)
        if self._probe:
            window.first_shown.connect(lambda: _stamp("GUICHET_SHOWN"))
            window.model.modelReset.connect(self._on_probe_listed)
        self.window = window
        window.show()
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _on_probe_dialog_shown(self) -> None:
        _stamp("GUICHET_LOGIN_SHOWN")
        QTimer.singleShot(0, QApplication.quit)

    def _on_probe_listed(self) -> None:
        _stamp("GUICHET_LISTED")
        QTimer.singleShot(0, QApplication.quit)

    def _on_agent_switched(self, actor: Any) -> None:
        """Another agent unlocked the counter: the previous session is closed."""
        window = self.window
        self.window = None
        if window is not None:
            window.close()
            window.deleteLater()
        self.open_main(actor)

    def _on_logout_requested(self) -> None:
        window = self.window
        self.window = None
        self.ask_login()
        if window is not None:
            window.close()
            window.deleteLater()

    def close(self) -> None:
        for w in (self.window, self.dialog):
            if w is not None:
                w.close()
                w.deleteLater()
        self.window = self.dialog = None


class _FirstPaint(QObject):
    """Calls ``callback`` once, when ``widget`` is first painted."""

    def __init__(self, widget: QWidget, callback: Any) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._callback()
        return False


def _stamp(tag: str) -> None:
    sys.stdout.write(f"{tag} {time.time():.6f}\n")
    sys.stdout.flush()


def _fail(app: QApplication, exc: DeskError, quit_after: float | None) -> int:
    text = describe(exc)
    sys.stderr.write(f"desk gui : {text}\n")
    box = QMessageBox(QMessageBox.Icon.Critical, "Guichet", text)
    box.setInformativeText(
        QApplication.translate("App", "Le guichet ne peut pas s'ouvrir. Prévenez le support.")
    )
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), box.reject)
    box.exec()
    return 2


def run(
    home: Any = None,
    quit_after: float | None = None,
    login: str = "",
    password: str | None = None,
) -> int:
    """Open the counter window on data home ``home``; returns the exit status."""
    app = application()
    probe = bool(os.environ.get(PROBE_ENV))
    from desk.app import open_counter

    try:
        counter = open_counter(home)
    except DeskError as exc:
        return _fail(app, exc, quit_after)
    session = CounterSession(counter, login, password, probe)
    try:
        session.start()
        if quit_after is not None:
            QTimer.singleShot(int(quit_after * 1000), QApplication.quit)
        status = app.exec()
    finally:
        from ui.worker import wait_all

        session.close()
        wait_all()
        counter.close()
    return status
