"""Sync in the open window: one runner (the panel's button and the nightly timer share
it, so only one sync runs at a time), the "Synchronisation…" action and its shortcut,
the nightly-window timer, and the status bar's freshness warning.

The timer ticks every minute with an injectable clock: inside the counter's
``nightly_window`` it asks :func:`desk.services.sync.window_due` (off the GUI thread)
and syncs when due — the same rule as the scheduler's ``desk sync --if-window``.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QToolButton

from desk.app import Counter
from desk.errors import ConfigError
from desk.services import sync as sync_service
from desk.sync import schedule
from ui.status import GREY_MENTION, RED_MARIANNE, SUCCESS, WARNING
from ui.sync.models import when
from ui.worker import Task, run_task

log = logging.getLogger(__name__)

TICK_MS = 60_000
SHORTCUT = "Ctrl+Shift+S"

Clock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()


class _Bridge(QObject):
    """Carries the sync's progress from the pool thread to the GUI thread."""

    progress = Signal(str, int, int)


class SyncRunner(QObject):
    """Runs :func:`desk.services.sync.run_sync` through ui.worker, one at a time.

    Signals:
        started(str): a sync started (its trigger: manual or window).
        progress(str, int, int): stage ("records" or "blobs"), done, total.
        finished(object): the SyncReport of a run that ended.
        failed(object): the exception that ended a run (SyncCancelled included).
    """

    started = Signal(str)
    progress = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, counter: Counter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._task: Task | None = None
        self._cancel: threading.Event | None = None
        self._bridge = _Bridge(self)
        self._bridge.progress.connect(self.progress)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self, trigger: str = "manual", force: bool = False) -> Task | None:
        """Start a sync unless one is running; ``force`` ignores retry delays."""
        if self._task is not None:
            return None
        self._cancel = cancel = threading.Event()
        counter, emit = self._counter, self._bridge.progress.emit
        self._task = run_task(
            sync_service.run_sync,
            counter,
            trigger=trigger,
            force=force,
            progress=emit,
            cancel=cancel,
            on_result=self._on_done,
            on_error=self._on_failed,
            owner=self,
        )
        self.started.emit(trigger)
        return self._task

    def cancel(self) -> None:
        """Stop at the next request to HQ; what HQ acknowledged stays so."""
        if self._cancel is not None:
            self._cancel.set()

    def _on_done(self, report: object) -> None:
        self._task = None
        self.finished.emit(report)

    def _on_failed(self, exc: BaseException) -> None:
        self._task = None
        self.failed.emit(exc)


class SyncController(QObject):
    """What the main window gets from the sync room (see :func:`attach`)."""

    def __init__(self, window: QMainWindow, counter: Counter, clock: Clock | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._counter = counter
        self.clock: Clock = clock or local_now
        self.runner = SyncRunner(counter, self)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_finished)
        self._dialog: Any = None
        self._due_task: Task | None = None
        self._bad_window = False
        self._status_asked = 0  # refreshes of the status bar's warning asked so far

        self.action = QAction(self.tr("S&ynchronisation…"), window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip(self.tr("État de la synchronisation avec le serveur national"))
        self.action.triggered.connect(self.show_panel)
        window.addAction(self.action)
        self.button = QToolButton()
        self.button.setDefaultAction(self.action)
        self.button.setObjectName("syncButton")
        self.button.setAccessibleName(self.tr("Synchronisation"))
        self.button.setToolTip(self.tr("Synchronisation ({key})").format(key=SHORTCUT))
        self.freshness = QLabel()
        self.freshness.setObjectName("syncFreshness")
        self.freshness.setAccessibleName(self.tr("Fraîcheur des données"))
        bar = window.statusBar()
        bar.addPermanentWidget(self.freshness)
        bar.addPermanentWidget(self.button)

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        central = window.centralWidget()
        if central is not None:  # the lock screen disables it: hide the panel then
            central.installEventFilter(self)
        window.installEventFilter(self)
        self.refresh_status()

    # --- the nightly window ------------------------------------------------------------
    def tick(self) -> Task | None:
        """Refresh the warning; inside the nightly window, sync if a run is due."""
        now = self.clock()
        self.refresh_status(now)
        if self.runner.busy or self._due_task is not None:
            return None
        try:
            if not schedule.window_open(self._counter.config.nightly_window, now):
                return None
        except ConfigError as exc:  # a malformed nightly_window: say it once, not each tick
            if not self._bad_window:
                log.error("no sync from the window: %s", exc.detail)
                self._bad_window = True
            return None
        self._due_task = run_task(
            sync_service.window_due,
            self._counter,
            now,
            on_result=self._on_due,
            on_error=self._on_due_failed,
            owner=self,
        )
        return self._due_task

    def _on_due(self, due: bool) -> None:
        self._due_task = None
        if due:
            self.runner.start("window")

    def _on_due_failed(self, exc: BaseException) -> None:
        self._due_task = None
        raise exc

    # --- the status bar ----------------------------------------------------------------
    def refresh_status(self, now: datetime | None = None) -> Task:
        when_ = now or self.clock()
        self._status_asked += 1
        asked = self._status_asked

        def shown(st: schedule.Staleness) -> None:
            # two refreshes run in the pool at once (the window's first and a tick, a
            # sync's end): only the last one asked is shown, whichever finishes last
            if asked == self._status_asked:
                self.show_staleness(st, when_)

        return run_task(schedule.staleness, self._counter, when_, on_result=shown, owner=self)

    def show_staleness(self, st: schedule.Staleness, now: datetime) -> None:
        """Text, glyph and colour of the data's freshness (colour is never alone)."""
        last = when(st.last_sync_at) or self.tr("jamais")
        if st.level == "stale":
            text = self.tr("✖ Données périmées — dernière synchronisation : {last}")
            colour = RED_MARIANNE
        elif st.level == "warn":
            # whole days left, rounded down: a warning never promises more time
            left = (st.stale_at - now).total_seconds() if st.stale_at else 0.0
            days = max(1, math.floor(left / 86400))
            text = self.tr(
                "⚠ À synchroniser : données périmées dans {days} j — dernière "
                "synchronisation : {last}"
            ).replace("{days}", str(days))
            colour = WARNING
        elif st.last_sync_at is not None:
            text, colour = self.tr("✔ Synchronisé le {last}"), SUCCESS
        else:
            text, colour = self.tr("Jamais synchronisé"), GREY_MENTION
        self.freshness.setText(text.replace("{last}", last))
        self.freshness.setProperty("level", st.level)
        weight = "bold" if st.level != "ok" else "normal"
        self.freshness.setStyleSheet(f"color: {colour}; font-weight: {weight};")
        # the status bar does not re-lay its permanent widgets out when their text
        # changes after the first show: give the label the room its new text needs
        self.freshness.setMinimumWidth(self.freshness.sizeHint().width())
        self.freshness.setToolTip(self._details(st))
        self.freshness.setAccessibleDescription(self._details(st))

    def _details(self, st: schedule.Staleness) -> str:
        lines = []
        if "unsent" in st.reasons:
            lines.append(
                self.tr(
                    "Modifications non acquittées par le serveur national depuis le {d}."
                ).replace("{d}", when(st.oldest_unsent_at))
            )
        if "reference" in st.reasons:
            lines.append(
                self.tr(
                    "Démarches, tarifs, agents et clés de vérification non mis à jour "
                    "depuis le {d}."
                ).replace("{d}", when(st.reference_at) or self.tr("l'enrôlement"))
            )
        if st.unsent:
            lines.append(self.tr("%n élément(s) à envoyer.", "", st.unsent))
        return "\n".join(lines) or self.tr("Données à jour.")

    # --- the panel ---------------------------------------------------------------------
    def show_panel(self) -> Any:
        if self._dialog is None:
            from ui.sync.panel import SyncDialog

            self._dialog = SyncDialog(self._counter, self.runner, self._window)
        self._dialog.open_panel()
        return self._dialog

    @property
    def dialog(self) -> Any:
        return self._dialog

    def clear(self) -> None:
        """The window is cleared (logout, lock): the panel leaves the screen."""
        if self._dialog is not None:
            self._dialog.clear()

    def set_session(self, open_: bool) -> None:
        """An agent logged in (the panel may be opened) or out (it may not; the
        nightly timer and the status bar's warning go on at the log-in page)."""
        self.action.setEnabled(open_)
        if not open_:
            self.clear()

    def stop(self) -> None:
        """The window is closing: no more ticks (the counter is about to close)."""
        self.timer.stop()
        self.runner.cancel()

    def _on_runner_finished(self, _result: object) -> None:
        self.refresh_status()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window:
            if kind == QEvent.Type.Close:
                self.stop()
        elif kind == QEvent.Type.EnabledChange and not watched.isEnabled():  # type: ignore[attr-defined]
            self.clear()  # the lock screen disabled the window's pages
        return False


def attach(window: QMainWindow, counter: Counter, clock: Clock | None = None) -> SyncController:
    """Give ``window`` the sync action (Ctrl+Shift+S), the status bar's freshness and
    the nightly timer."""
    return SyncController(window, counter, clock)
