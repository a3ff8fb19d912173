"""The sync panel: what the outbox holds (waiting, sent, acknowledged), attempts, last
error, next retry, the needs-action list with what to do, the last sync and its
result, and "Synchroniser maintenant" with progress and cancel.

What it shows comes from :func:`desk.services.sync.overview`, read off the GUI
thread; the sync itself runs in the shared :class:`ui.sync.controller.SyncRunner`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.app import Counter
from desk.errors import DeskError
from desk.messages import describe
from desk.services import sync as sync_service
from desk.services.sync_items import error_text
from desk.sync import journal
from ui.status import GREY_TEXT, RED_MARIANNE, SUCCESS, WARNING
from ui.sync.controller import SyncRunner
from ui.sync.models import NeedsActionModel, SyncItemsModel, when
from ui.worker import Task, run_task

_OUTCOMES = {
    journal.OK: ("✔", SUCCESS),
    journal.PARTIAL: ("⚠", WARNING),
    journal.FAILED: ("✖", RED_MARIANNE),
    journal.CANCELLED: ("■", GREY_TEXT),
}


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.setShowGrid(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setResizeContentsPrecision(50)  # fit on the first rows only
    view.horizontalHeader().setStretchLastSection(True)
    return view


class SyncDialog(QDialog):
    """The counter's sync with the national server, item by item."""

    def __init__(self, counter: Counter, runner: SyncRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._runner = runner
        self._load: Task | None = None
        self.view: sync_service.SyncOverview | None = None
        self.setWindowTitle(self.tr("Synchronisation avec le serveur national"))
        self.setAccessibleName(self.tr("Synchronisation"))
        self.resize(1100, 680)

        title = QLabel(self.tr("Synchronisation avec le serveur national"))
        title.setProperty("role", "title")
        title.setAccessibleName(self.tr("Titre du panneau"))
        self.server_label = QLabel()
        self.server_label.setAccessibleName(self.tr("Serveur national"))
        self.window_label = QLabel()
        self.window_label.setAccessibleName(self.tr("Fenêtre de synchronisation nocturne"))
        self.last_run_label = QLabel()
        self.last_run_label.setWordWrap(True)
        self.last_run_label.setAccessibleName(self.tr("Dernière synchronisation"))
        self.counts_label = QLabel()
        self.counts_label.setAccessibleName(self.tr("Éléments par état"))

        self.items_model = SyncItemsModel(self)
        self.items_table = _table(self.tr("Éléments de la file d'envoi"))
        self.items_table.setModel(self.items_model)
        items_box = QGroupBox(self.tr("File d'envoi"))
        QVBoxLayout(items_box).addWidget(self.items_table)

        self.action_model = NeedsActionModel(self)
        self.action_table = _table(self.tr("Éléments à traiter"))
        self.action_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.action_table.setModel(self.action_model)
        self.action_table.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("&Renvoyer la sélection"))
        self.retry_button.setAccessibleName(self.tr("Renvoyer les éléments sélectionnés"))
        self.retry_button.setToolTip(
            self.tr("Une fois la cause corrigée, remet les éléments dans la file d'envoi.")
        )
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.action_box = QGroupBox(self.tr("À traiter"))
        action_layout = QVBoxLayout(self.action_box)
        action_layout.addWidget(self.action_table)
        action_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignRight)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progression de la synchronisation"))
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message de synchronisation"))
        self.sync_button = QPushButton(self.tr("&Synchroniser maintenant"))
        self.sync_button.setProperty("primary", True)
        self.sync_button.setAccessibleName(self.tr("Synchroniser maintenant"))
        self.sync_button.clicked.connect(self._on_sync_button_clicked)
        self.cancel_button = QPushButton(self.tr("A&nnuler"))
        self.cancel_button.setAccessibleName(self.tr("Annuler la synchronisation"))
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.close_button = QPushButton(self.tr("&Fermer"))
        self.close_button.setAccessibleName(self.tr("Fermer le panneau de synchronisation"))
        self.close_button.clicked.connect(self.close)

        actions = QHBoxLayout()
        actions.addWidget(self.sync_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.server_label)
        layout.addWidget(self.window_label)
        layout.addWidget(self.last_run_label)
        layout.addWidget(self.counts_label)
        layout.addWidget(items_box, 3)
        layout.addWidget(self.action_box, 2)
        layout.addWidget(self.message)
        layout.addLayout(actions)

        runner.started.connect(self._on_runner_started)
        runner.progress.connect(self._on_runner_progress)
        runner.finished.connect(self._on_runner_finished)
        runner.failed.connect(self._on_runner_failed)
        self._update_buttons()

    # --- showing -----------------------------------------------------------------------
    def open_panel(self) -> Task:
        self.show()  # (no raise_(): a new dialog comes on top; offscreen warns)
        self.activateWindow()
        self.sync_button.setFocus()
        return self.reload()

    def reload(self) -> Task:
        """Read the overview off the GUI thread."""
        if self._load is not None:
            self._load.cancel()
        self._load = run_task(
            sync_service.overview,
            self._counter,
            on_result=self._on_overview,
            on_error=self._on_load_failed,
            owner=self,
        )
        return self._load

    def _on_overview(self, view: sync_service.SyncOverview) -> None:
        self._load = None
        self.view = view
        if view.enrolled:
            self.server_label.setText(self.tr("Serveur national : {url}").format(url=view.server))
        else:
            self.server_label.setText(
                self.tr("⚠ Ce guichet n'est pas enrôlé auprès du serveur national (desk enrol).")
            )
        state = (
            self.tr("ouverte")
            if view.window_open
            else self.tr("prochaine ouverture le {at}").format(at=when(view.next_opening))
        )
        self.window_label.setText(
            self.tr("Synchronisation automatique chaque nuit, {window} ({state}).").format(
                window=view.window, state=state
            )
        )
        self._show_last_run(view.last_run)
        c = view.counts
        self.counts_label.setText(
            self.tr(
                "En attente d'envoi : {w} · nouvel essai prévu : {r} · à traiter : {n} "
                "· acquittés : {a}"
            ).format(w=c["waiting"], r=c["retrying"], n=c["needs_action"], a=c["acknowledged"])
        )
        self.items_model.set_rows(view.items)
        listed = sum(1 for i in view.items if i.state != "acknowledged")
        waiting = c["waiting"] + c["retrying"] + c["needs_action"]
        if listed < waiting:
            self.counts_label.setText(
                self.counts_label.text()
                + self.tr(" — {listed} premiers éléments affichés").format(listed=listed)
            )
        self.action_model.set_rows(view.needs_action)
        self.action_table.resizeRowsToContents()
        self.action_box.setTitle(self.tr("À traiter (%n)", "", len(view.needs_action)))
        self._update_buttons()

    def _show_last_run(self, run: journal.Run | None) -> None:
        if run is None:
            self.last_run_label.setText(self.tr("Aucune synchronisation enregistrée."))
            self.last_run_label.setStyleSheet("")
            return
        outcomes = {
            journal.OK: self.tr("réussie"),
            journal.PARTIAL: self.tr("partielle"),
            journal.FAILED: self.tr("échec"),
            journal.CANCELLED: self.tr("interrompue"),
        }
        glyph, colour = _OUTCOMES.get(run.outcome, ("•", GREY_TEXT))
        text = self.tr("{glyph} Dernière synchronisation : {at} — {outcome}").format(
            glyph=glyph, at=when(run.finished_at), outcome=outcomes.get(run.outcome, run.outcome)
        )
        text += self.tr(" ({n} acquitté(s))").replace("{n}", str(run.acknowledged))
        if run.error:
            text += " : " + error_text(run.error)
        self.last_run_label.setText(text)
        self.last_run_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _on_load_failed(self, exc: BaseException) -> None:
        self._load = None
        if not isinstance(exc, DeskError):
            raise exc
        self.message.setText("⚠ " + describe(exc))

    # --- syncing -----------------------------------------------------------------------
    def sync_now(self) -> Task | None:
        return self._runner.start("manual", force=True)

    def _on_sync_button_clicked(self) -> None:
        self.sync_now()

    def _on_cancel_button_clicked(self) -> None:
        self._runner.cancel()
        self.message.setText(self.tr("Annulation… (à la prochaine requête)"))

    def _on_runner_started(self, trigger: str) -> None:
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.message.setText(
            self.tr("Synchronisation nocturne en cours…")
            if trigger == "window"
            else self.tr("Synchronisation en cours…")
        )
        self._update_buttons()

    def _on_runner_progress(self, stage: str, done: int, total: int) -> None:
        if stage == "records" and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.message.setText(self.tr("Envoi des éléments : {d} / {t}").format(d=done, t=total))
        elif stage == "blobs":
            self.message.setText(
                self.tr("Envoi des documents : {mb} Mo envoyés").format(
                    mb=f"{done / 1_000_000:.1f}".replace(".", ",")
                )
            )

    def _on_runner_finished(self, report: Any) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(100)
        self.message.setText(
            self.tr(
                "Synchronisation terminée : {a} acquitté(s), {n} à traiter, {p} en attente."
            ).format(a=report.acknowledged, n=report.needs_action, p=report.pending)
        )
        self._update_buttons()
        if self.isVisible():
            self.reload()

    def _on_runner_failed(self, exc: BaseException) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self._update_buttons()
        if not isinstance(exc, DeskError):
            raise exc
        self.message.setText("⚠ " + describe(exc))
        if self.isVisible():
            self.reload()

    # --- needs action ------------------------------------------------------------------
    def selected_actions(self) -> list[sync_service.PanelItem]:
        rows = {i.row() for i in self.action_table.selectionModel().selectedRows()}
        return [self.action_model.item(r) for r in sorted(rows)]

    def _on_retry_button_clicked(self) -> None:
        items = self.selected_actions()
        if not items:
            self.message.setText(self.tr("Sélectionnez d'abord les éléments à renvoyer."))
            return
        count = sync_service.retry_needs_action(self._counter, items)
        self.message.setText(self.tr("%n élément(s) remis dans la file d'envoi.", "", count))
        self.reload()

    def _update_buttons(self) -> None:
        busy = self._runner.busy
        self.sync_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setTextVisible(busy)  # an idle "0 %" reads as a stuck sync
        self.retry_button.setEnabled(not busy and self.action_model.rowCount() > 0)

    # --- leaving the screen ------------------------------------------------------------
    def clear(self) -> None:
        """Logout or lock: nothing stays on screen (a running sync goes on)."""
        if self._load is not None:
            self._load.cancel()
            self._load = None
        self.items_model.clear()
        self.action_model.clear()
        self.view = None
        self.hide()
