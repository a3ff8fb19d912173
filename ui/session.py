"""One run of the counter window: the window painted first, the counter opened behind
it, then first administrator, log-in, the agent's working page, lock, log-out.

The order is what an agent sees (docs/ARCHITECTURE.md "Start-up"): the main window
with its log-in page and the counter's identity (read from counter.toml by
desk.peek) is painted before the core is imported; once painted, the counter opens in
the worker (SQLAlchemy, migrations, keys, audit) and the result comes back to the GUI
thread, which enables "Se connecter". While the agent types, the worker imports what
the working page needs; after log-in, today's list loads in the worker.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from desk.errors import DeskError
from desk.messages import describe
from desk.peek import CounterIdentity, peek_identity
from ui import heap
from ui.login import FirstAdminPage, LoginPage
from ui.main_window import MainWindow
from ui.worker import Task, run_task

if TYPE_CHECKING:
    from desk.app import Counter

log = logging.getLogger(__name__)

#: what MainWindow.open_session imports (SQLAlchemy and the services come with them)
SESSION_MODULES = (
    "desk.services.dossiers",
    "desk.services.receipts",
    "ui.capture.panel",
    "ui.dossier",
    "ui.filing",
    "ui.identity",
    "ui.models",
    "ui.receipts.panel",
    "ui.security.lock",
    "ui.sync",
    "ui.topbar",
)

#: the counter has not opened after this long without a first paint (a window that
#: is never exposed, e.g. started minimised): open it anyway
OPEN_ANYWAY_MS = 1000


def preload_session() -> None:
    """Import what the working page needs. Runs in the worker while the agent types
    the password; importing builds no widget. The GUI thread waits for it to end
    before building the page, so no module is ever imported by two threads at once."""
    for name in SESSION_MODULES:
        importlib.import_module(name)


@dataclass(frozen=True)
class Opened:
    counter: Counter
    logins: list[str]


class _Opening:
    """Opens the counter in the worker and keeps what it opened, so that a counter
    whose result nobody received (the window closed meanwhile) is still closed."""

    counter: Counter | None = None

    def open(self, home: Any) -> Opened:  # worker thread: no widget here
        from desk.app import open_counter
        from desk.errors import DataHomeError
        from desk.services import agents

        try:
            self.counter = open_counter(home)
        except OSError as exc:  # what open_counter did not word itself
            raise DataHomeError(f"data home {home}: {exc}") from exc
        return Opened(self.counter, [a.login for a in agents.list_agents(self.counter)])


class OpenFailedPage(QWidget):
    """The counter cannot open: why, in French, and "Quitter" (exit status 2).

    Signals:
        quit_requested(): the agent chose "Quitter".
    """

    quit_requested = Signal()

    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openFailedPage")
        title = QLabel(self.tr("Le guichet ne peut pas s'ouvrir"))
        title.setProperty("role", "title")
        self.reason_label = QLabel("⚠ " + reason)
        self.reason_label.setProperty("role", "error")
        self.reason_label.setWordWrap(True)
        self.reason_label.setAccessibleName(self.tr("Raison"))
        hint = QLabel(self.tr("Prévenez le support."))
        self.quit_button = QPushButton(self.tr("&Quitter"))
        self.quit_button.setAccessibleName(self.tr("Quitter Guichet"))
        self.quit_button.clicked.connect(self.quit_requested)
        box = QWidget(self)
        box.setMaximumWidth(620)
        inner = QVBoxLayout(box)
        for w in (title, self.reason_label, hint, self.quit_button):
            inner.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box)
        layout.addStretch(2)
        self.setFocusProxy(self.quit_button)


class CounterSession(QObject):
    """Drives the one window of a run.

    ``home`` is the data home to open in the background; a ``counter`` already open
    (tests) is used at once. ``password`` (``desk gui --password-stdin``) logs
    ``login`` in as soon as the counter is open, through the same authentication; on
    failure the log-in page shows why. ``probe`` prints the start-up marks of
    bench/bench_startup.py and quits after the last one.

    Signals:
        opened(object): the Counter is open and the log-in page enabled.
        open_failed(str): the counter cannot open (the French reason is shown).
    """

    opened = Signal(object)
    open_failed = Signal(str)

    def __init__(
        self,
        counter: Counter | None = None,
        login: str = "",
        password: str | None = None,
        probe: bool = False,
        home: Any = None,
    ) -> None:
        super().__init__()
        self.counter = counter
        self._home = home
        self._login = login
        self._password = password
        self._probe = probe
        self.window: MainWindow | None = None
        self.login_page: LoginPage | None = None
        self.lock: Any = None  # ui.security.lock.LockController of the agent's session
        self.exit_status = 0
        self._opening = _Opening()
        self._open_task: Task | None = None
        self._preloaded = False
        self._waiting_actor: Any = None
        self._login_stamped = False

    # --- start -----------------------------------------------------------------------
    def start(self) -> None:
        """Paint the window with its log-in page, then open the counter behind it."""
        identity: CounterIdentity | None
        if self.counter is not None:
            identity = CounterIdentity.of(self.counter.config)
        else:
            from desk.paths import data_home

            identity = peek_identity(data_home(self._home))
        window = MainWindow(identity=identity)
        window.logout_requested.connect(self._on_logout_requested)
        window.first_shown.connect(self._on_window_first_shown)
        self.window = window
        self.login_page = self._new_login_page(identity, self._login)
        window.show_page(self.login_page)
        window.show()
        if self.counter is not None:
            from desk.services import agents

            logins = [a.login for a in agents.list_agents(self.counter)]
            self._on_opened(Opened(self.counter, logins))
        else:
            QTimer.singleShot(OPEN_ANYWAY_MS, self._open_in_background)

    def _new_login_page(self, identity: CounterIdentity | None, login: str) -> LoginPage:
        page = LoginPage(identity, login)
        page.logged_in.connect(self.open_main)
        page.quit_requested.connect(QApplication.quit)
        return page

    def _on_window_first_shown(self) -> None:
        if self._probe:
            _stamp("GUICHET_SHOWN")
        # after the first frame: importing the core holds the GIL for most of a second
        QTimer.singleShot(0, self._open_in_background)

    def _open_in_background(self) -> None:
        if self._open_task is not None or self.counter is not None or self.window is None:
            return
        self._open_task = run_task(
            self._opening.open,
            self._home,
            on_result=self._on_opened,
            on_error=self._on_open_failed,
            owner=self,
        )

    def _on_opened(self, opened: Opened) -> None:
        self.counter = counter = opened.counter
        assert self.window is not None
        assert self.login_page is not None
        self.window.set_identity(CounterIdentity.of(counter.config))
        self.login_page.set_identity(CounterIdentity.of(counter.config))
        if all(name in sys.modules for name in SESSION_MODULES):
            self._preloaded = True
            self.window.attach_sync(counter)
        else:
            run_task(preload_session, on_result=self._on_preloaded, owner=self)
        stdin_login = self._password is not None
        if not opened.logins:
            self.ask_first_admin()
        elif self._password is not None:
            from desk.services import agents

            password, self._password = self._password, None
            self.login_page.set_busy(self.tr("Connexion de {login}…").format(login=self._login))
            run_task(
                agents.authenticate,
                counter,
                self._login,
                password,
                on_result=self.open_main,
                on_error=self._on_stdin_login_failed,
                owner=self,
            )
        else:
            self.login_page.set_counter(counter, opened.logins)
        self.opened.emit(counter)
        if self._probe:
            _stamp("GUICHET_READY")
            if not stdin_login or not opened.logins:  # nothing more to measure
                QTimer.singleShot(0, QApplication.quit)

    def _on_open_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DeskError):  # French on screen and stderr, the cause logged
            log.info("the counter could not be opened: %s", exc.detail)
            text = describe(exc)
        else:  # a bug, not a state of the machine: keep its traceback for support
            log.error("the counter could not be opened", exc_info=exc)
            text = self.tr("Erreur inattendue à l'ouverture du guichet.")
        sys.stderr.write(f"desk gui : {text}\n")
        sys.stderr.flush()
        self.exit_status = 2
        page = OpenFailedPage(text)
        page.quit_requested.connect(QApplication.quit)
        if self.window is not None:
            self.window.show_page(page)
        self.login_page = None
        self.open_failed.emit(text)

    def _on_preloaded(self, _value: object) -> None:
        self._preloaded = True
        if self.window is not None and self.counter is not None:
            # the nightly sync and the freshness warning from the log-in page on,
            # not from the first log-in (ui.sync is among the preloaded modules)
            self.window.attach_sync(self.counter)
        actor, self._waiting_actor = self._waiting_actor, None
        if actor is not None:
            self.open_main(actor)

    # --- pages -----------------------------------------------------------------------
    def ask_first_admin(self) -> None:
        assert self.window is not None
        assert self.counter is not None
        page = FirstAdminPage(self.counter)
        page.created.connect(lambda agent: self.ask_login(agent.login))
        page.quit_requested.connect(QApplication.quit)
        self.login_page = None
        self.window.show_page(page)

    def ask_login(self, login: str = "", error: str | None = None) -> None:
        """A fresh log-in page (nothing typed by the previous agent stays)."""
        assert self.window is not None
        assert self.counter is not None
        from desk.services import agents

        page = self._new_login_page(CounterIdentity.of(self.counter.config), login)
        page.set_counter(self.counter, [a.login for a in agents.list_agents(self.counter)])
        if error is not None:
            page.show_error(error)
        self.login_page = page
        self.window.show_page(page)

    def _on_stdin_login_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DeskError):
            log.error("log-in failed", exc_info=exc)
        text = describe(exc) if isinstance(exc, DeskError) else str(exc)
        self.ask_login(self._login, text)
        if self._probe:
            QTimer.singleShot(0, QApplication.quit)

    # --- the agent's session ---------------------------------------------------------
    def open_main(self, actor: Any) -> None:
        """``actor`` logged in: the working page (once its modules are loaded)."""
        if self._probe and not self._login_stamped:
            self._login_stamped = True
            _stamp("GUICHET_LOGGED_IN")
        if not self._preloaded:
            self._waiting_actor = actor
            if self.login_page is not None:
                self.login_page.set_busy(self.tr("Ouverture de la session…"))
            return
        window = self.window
        assert window is not None
        assert self.counter is not None
        from ui.security.lock import LockController  # idle lock, Ctrl+Shift+L

        self._drop_lock()
        window.open_session(self.counter, actor)
        self.lock = LockController(self.counter, window, actor)
        self.lock.agent_switched.connect(self._on_agent_switched)
        heap.settle()  # the page is built: out of the collector's way (ui/heap.py)
        if self._probe:
            window.model.modelReset.connect(self._on_probe_listed)
        window.activateWindow()

    def _on_probe_listed(self) -> None:
        if self.window is not None:
            self.window.model.modelReset.disconnect(self._on_probe_listed)
        _stamp("GUICHET_LISTED")
        QTimer.singleShot(0, QApplication.quit)

    def _on_agent_switched(self, actor: Any) -> None:
        """Another agent unlocked the counter: the previous session is closed."""
        self.open_main(actor)  # open_session ends the previous one first

    def _on_logout_requested(self) -> None:
        self._drop_lock()
        if self.window is not None:
            self.window.end_session()
        self.ask_login()

    def _drop_lock(self) -> None:
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.dispose()

    # --- end -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the window; nothing of the session stays on screen."""
        self._drop_lock()
        heap.thaw()
        window, self.window = self.window, None
        if window is not None:
            window.end_session()
            for page in (self.login_page, window.page):
                if isinstance(page, LoginPage | FirstAdminPage):
                    page.clear()
            window.close()
            window.deleteLater()
        self.login_page = None

    def close_counter(self) -> None:
        """Close the counter this session opened (after the worker is done)."""
        counter, self._opening.counter = self._opening.counter, None
        if counter is not None:
            counter.close()


def _stamp(tag: str) -> None:
    """``TAG <epoch seconds> <CPU seconds of this process so far>``."""
    sys.stdout.write(f"{tag} {time.time():.6f} {time.process_time():.6f}\n")
    sys.stdout.flush()
