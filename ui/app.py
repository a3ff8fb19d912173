"""Starting the counter window: the application and its look; ``run()`` is what
``desk gui`` calls (the session itself is ui.session.CounterSession).

``run()`` returns the process exit status: 0 after a normal end, 2 when the counter
cannot be opened (the French reason goes to stderr and to the window — never a
traceback). Importing this module loads PySide6 and nothing heavy: the window is
painted before the core is imported (docs/ARCHITECTURE.md "Start-up").
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

#: when set, the window prints "<MARK> <epoch s> <CPU s>" lines and quits after the last:
#: GUICHET_SHOWN (the main window's first paint, log-in page inside), GUICHET_READY
#: (counter open, "Se connecter" enabled) and, with a password given on stdin,
#: GUICHET_LOGGED_IN then GUICHET_LISTED (today's list filled) — bench/bench_startup.py
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


def run(
    home: Any = None,
    quit_after: float | None = None,
    login: str = "",
    password: str | None = None,
) -> int:
    """Open the counter window on data home ``home``; returns the exit status.

    ``quit_after`` seconds are counted from the moment the counter is open (or has
    failed to open), so that a smoke test sees the real outcome."""
    app = application()
    from ui.session import CounterSession
    from ui.worker import wait_all

    session = CounterSession(
        home=home, login=login, password=password, probe=bool(os.environ.get(PROBE_ENV))
    )
    if quit_after is not None:
        delay = int(quit_after * 1000)

        def quit_later(_value: object) -> None:
            QTimer.singleShot(delay, QApplication.quit)

        session.opened.connect(quit_later)
        session.open_failed.connect(quit_later)
    try:
        session.start()
        status = app.exec()
    finally:
        session.close()
        wait_all()
        session.close_counter()
    return session.exit_status or status
