"""The counter's main window: today's dossiers, search (and barcode scans), the dossier
view, and the counter's identity in the status bar.

The window is the first thing a process paints: before log-in it shows a page (log-in,
first administrator, "cannot open") and the status bar; the agent's working page is
built by :meth:`MainWindow.open_session` and destroyed by :meth:`end_session`. This
module therefore imports only PySide6 and light parts of desk at load time; what the
working page needs is imported by ``open_session`` (and beforehand, off the GUI
thread, by ui.session.preload_session: keep its list in step with these imports).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.errors import DeskError
from desk.messages import describe
from desk.peek import CounterIdentity
from ui.statusbar import StatusBar
from ui.worker import Task, run_task

if TYPE_CHECKING:
    from desk.app import Counter
    from desk.domain.entities import DossierSummary
    from desk.services.common import Actor

#: pause after the last keystroke before a search starts (a scanner types faster)
SEARCH_DELAY_MS = 300


class MainWindow(QMainWindow):
    """The agent's working window.

    The window's pages: one page before log-in (put by :meth:`show_page`), then the
    working page of the logged-in agent. On the working page, the top bar holds the
    search box — which also receives a barcode scanner's input: a dossier number
    followed by Enter opens that dossier — and "Nouveau dossier". Below, a stack
    shows either today's list (or search results) or the dossier view.

    ``MainWindow(counter, actor)`` opens the working page at once.

    Signals:
        logout_requested(): the agent asked to log out (the window is cleared).
        first_shown(): the window was exposed on screen for the first time.
    """

    logout_requested = Signal()
    first_shown = Signal()

    def __init__(
        self,
        counter: Counter | None = None,
        actor: Actor | None = None,
        parent: QWidget | None = None,
        identity: CounterIdentity | None = None,
    ) -> None:
        super().__init__(parent)
        self._search_task: Task | None = None
        self._shown = False
        self.work: QWidget | None = None
        self.page: QWidget | None = None
        self.resize(1280, 800)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.setCentralWidget(self.pages)

        self.status = StatusBar(self)  # who and where (ui/statusbar.py)
        self.counter_label = self.status.counter_label
        self.agent_label = self.status.agent_label
        #: the sync room (ui.sync), attached once the counter is open: kept after
        #: log-out, its nightly timer and freshness warning go on at the log-in page
        self.sync: Any = None
        self.installEventFilter(self)
        if identity is None and counter is not None:
            identity = CounterIdentity.of(counter.config)
        self.set_identity(identity)
        if counter is not None and actor is not None:
            self.open_session(counter, actor)

    def set_identity(self, identity: CounterIdentity | None) -> None:
        """Say which counter this is (title and status bar)."""
        self.status.set_identity(identity)

    def attach_sync(self, counter: Counter) -> None:
        """Give the window the sync room of ``counter`` (once; ui.sync is imported by
        then: ui.session preloads it with the working page's modules)."""
        if self.sync is None:
            from ui.sync import attach

            self.sync = attach(self, counter)
        self.sync.set_session(self.work is not None)

    def show_page(self, page: QWidget) -> None:
        """Show ``page`` (log-in, first administrator…) in place of the previous one."""
        previous, self.page = self.page, page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        if previous is not None and previous is not page:
            self.pages.removeWidget(previous)
            previous.deleteLater()
        page.setFocus()

    # --- the agent's session ---------------------------------------------------------
    def open_session(self, counter: Counter, actor: Actor) -> None:
        """Build and show the working page of ``actor`` (the page before it is kept
        for :meth:`end_session`)."""
        from ui.capture.panel import CapturePanel
        from ui.dossier import DossierView
        from ui.filing import install_panels
        from ui.models import DossierTableModel
        from ui.receipts.panel import ReceiptsPanel
        from ui.topbar import TopBar  # touches Qt's namespace: ~10 ms, after log-in

        self.end_session()
        self._counter = counter
        self._actor = actor

        # --- top bar (ui/topbar.py) ------------------------------------------------------
        top = TopBar()
        self.search_box = top.search_box
        self.search_box.textEdited.connect(self._on_search_box_text_edited)
        self.search_box.returnPressed.connect(self._on_search_box_return_pressed)
        self.new_button = top.new_button
        self.new_button.clicked.connect(self.new_dossier)
        self.logout_button = top.logout_button
        self.logout_button.clicked.connect(self._on_logout_clicked)

        # --- list page ---------------------------------------------------------------
        labels = {code: p.label for code, p in counter.catalogue.procedures.items()}
        self.model = DossierTableModel(labels, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Dossiers"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_table_activated)
        self.list_title = QLabel()
        self.list_title.setProperty("role", "title")
        self.list_title.setAccessibleName(self.tr("Titre de la liste"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.hide()
        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(16, 12, 16, 8)
        list_layout.addWidget(self.list_title)
        list_layout.addWidget(self.message)
        list_layout.addWidget(self.table, 1)

        # --- dossier page ------------------------------------------------------------
        self.dossier_view = DossierView(counter, actor)
        self.capture_panel = CapturePanel(counter, actor)
        self.dossier_view.add_panel(self.tr("Numérisation"), self.capture_panel)
        self.filing_panels = install_panels(self.dossier_view, counter, actor)
        self.receipts_panel = ReceiptsPanel(counter, actor)
        self.dossier_view.add_panel(self.tr("Reçus"), self.receipts_panel)
        self.dossier_view.close_requested.connect(self.close_dossier)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.stack.addWidget(self.dossier_view)

        central = QWidget()
        central.setObjectName("workPage")
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(top)
        central_layout.addWidget(self.stack, 1)
        self.work = central
        self.pages.addWidget(central)
        self.pages.setCurrentWidget(central)

        self.status.set_agent(actor.login, actor.display_name)

        # --- keyboard: the shortcuts live and die with the working page -------------------
        self._search_timer = QTimer(central)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._start_search)
        QShortcut(QKeySequence.StandardKey.New, central, self.new_dossier)
        QShortcut(QKeySequence.StandardKey.Find, central, self.focus_search)
        QShortcut(QKeySequence("Ctrl+L"), central, self.focus_search)
        QShortcut(QKeySequence("F5"), central, self.show_today)
        self._escape = QShortcut(QKeySequence("Escape"), central, self._on_escape)
        QWidget.setTabOrder(self.search_box, self.new_button)
        QWidget.setTabOrder(self.new_button, self.logout_button)
        QWidget.setTabOrder(self.logout_button, self.table)
        from ui.identity import attach  # MRZ readers, duplicates, alerts (issue 4)

        self.identity = attach(self, counter, actor)
        self.attach_sync(counter)  # panel, nightly window, freshness (issue 7)
        self.show_today()

    def end_session(self) -> None:
        """Close the working page: nothing of the agent's work stays in the window
        (the page shown before log-in comes back)."""
        work, self.work = self.work, None
        if work is None:
            return
        self.clear()
        self.sync.set_session(False)
        self.identity.detach()
        self.identity.deleteLater()
        self.model.deleteLater()
        self.status.set_agent()
        self.pages.removeWidget(work)
        work.hide()
        work.deleteLater()
        if self.page is not None:
            self.pages.setCurrentWidget(self.page)

    # --- list ------------------------------------------------------------------------
    def show_today(self) -> Task:
        """Back to today's dossiers (loaded off the GUI thread)."""
        self.search_box.clear()
        self._search_timer.stop()
        self.list_title.setText(self.tr("Dossiers du jour"))
        self._set_message("")
        from desk.services import dossiers

        return self._run_list(dossiers.todays_dossiers, self._counter)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _run_list(
        self, fn: object, *args: object, on_result: Callable[[Any], None] | None = None
    ) -> Task:
        if self._search_task is not None:
            self._search_task.cancel()
        self._search_task = run_task(
            fn,  # type: ignore[arg-type]
            *args,
            on_result=on_result or self._on_rows,
            on_error=self._on_list_failed,
            owner=self,
        )
        return self._search_task

    def _on_rows(self, rows: list[DossierSummary]) -> None:
        self._search_task = None
        self.model.set_rows(rows)
        if not rows:
            self._set_message(self.tr("Aucun dossier."))
        if rows and self.table.currentIndex().row() < 0:
            self.table.selectRow(0)

    def _on_list_failed(self, exc: BaseException) -> None:
        self._search_task = None
        if not isinstance(exc, DeskError):
            raise exc
        self._set_message("⚠ " + describe(exc), error=True)

    # --- search and scanner ----------------------------------------------------------
    def _on_search_box_text_edited(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self.show_today()

    def _on_search_box_return_pressed(self) -> None:
        self._search_timer.stop()
        text = self.search_box.text().strip()
        if not text:
            self.show_today()
            return
        from desk.domain.dossier import normalize_number

        number = normalize_number(text)
        if number is not None:  # typed or scanned dossier number: open it directly
            self.open_dossier(number)
            return
        from desk.services.receipts import normalize_receipt_number

        receipt = normalize_receipt_number(text)
        if receipt is not None:  # a receipt's barcode scanned: open its dossier
            self.search_box.setText(receipt)
            self._start_search(open_single=True)
            return
        self._start_search()

    def _start_search(self, open_single: bool = False) -> Task | None:
        text = self.search_box.text().strip()
        if not text:
            return None
        if self.stack.currentWidget() is self.dossier_view:
            self.close_dossier(refresh=False)  # results replace the applicant on screen
        self.list_title.setText(self.tr("Recherche : « {text} »").format(text=text))
        self._set_message("")
        from desk.services import dossiers

        if open_single:
            return self._run_list(
                dossiers.search_dossiers, self._counter, text, on_result=self._open_if_single
            )
        return self._run_list(dossiers.search_dossiers, self._counter, text)

    def _open_if_single(self, rows: list[DossierSummary]) -> None:
        self._on_rows(rows)
        if len(rows) == 1:
            self.open_dossier(rows[0].number)

    def _on_table_activated(self, index: QModelIndex) -> None:
        from ui.models import NumberRole

        number = self.model.data(index, NumberRole)
        if number:
            self.open_dossier(str(number))

    # --- dossier ---------------------------------------------------------------------
    def new_dossier(self) -> None:
        self.close_dossier(refresh=False)
        self.search_box.clear()
        self.dossier_view.new_dossier()
        self.stack.setCurrentWidget(self.dossier_view)
        self.dossier_view.form.fields["surname"].setFocus()

    def open_dossier(self, number: str) -> bool:
        """Show dossier ``number``; a French message when it does not exist."""
        try:
            self.dossier_view.clear()
            self.dossier_view.open_number(number)
        except DeskError as exc:
            self.stack.setCurrentIndex(0)
            self._set_message("⚠ " + describe(exc), error=True)
            self.search_box.setFocus()
            self.search_box.selectAll()
            return False
        self.search_box.clear()
        self._search_timer.stop()
        self.stack.setCurrentWidget(self.dossier_view)
        self.dossier_view.pieces.table.setFocus()
        return True

    def close_dossier(self, refresh: bool = True) -> None:
        """Close the dossier on screen: nothing of the applicant stays visible."""
        self.dossier_view.clear()
        self.stack.setCurrentIndex(0)
        if refresh:  # show_today also empties the search box
            self.show_today()
            self.table.setFocus()

    def _on_escape(self) -> None:
        if self.stack.currentWidget() is self.dossier_view:
            self.close_dossier()
        elif self.search_box.text():
            self.show_today()

    def clear(self) -> None:
        """Forget everything on screen (logout, lock)."""
        if self._search_task is not None:
            self._search_task.cancel()
            self._search_task = None
        self.dossier_view.clear()
        self.search_box.clear()
        self.model.clear()
        self.stack.setCurrentIndex(0)
        self.sync.clear()

    def _on_logout_clicked(self) -> None:
        self.clear()
        self.logout_requested.emit()

    # --- look ------------------------------------------------------------------------
    def _set_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "mention")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and not self._shown and event.type() == QEvent.Type.Paint:
            self._shown = True
            self.first_shown.emit()
        return super().eventFilter(watched, event)
