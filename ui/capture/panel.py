"""Capture panel: choose a scanner, scan into the selected piece, see the pages arrive
as thumbnails, reorder (drag and drop) / rotate / delete / re-scan a page; progress
and cancel. Scanning runs off the GUI thread (ui/worker.py); every page is durable in
the dossier as soon as its thumbnail appears (desk/services/capture.py)."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk.app import Counter
from desk.capture.scanner import (
    CancelToken,
    CleanedPage,
    DeviceInfo,
    ScannerBackend,
    Source,
    list_devices,
)
from desk.domain.entities import Dossier, Page
from desk.errors import DeskError
from desk.messages import describe
from desk.services import capture, dossiers
from desk.services.common import Actor
from ui.capture.pages import THUMB, PageStrip, Thumbnail, thumbnail
from ui.worker import Task, run_task


class _Bridge(QObject):
    """Carries the scan's progress from the pool thread to the GUI thread."""

    progress = Signal(int, float)
    page_ready = Signal(object, object)  # Page, thumbnail tuple


class CapturePanel(QWidget):
    """Scanning into the pieces of the dossier shown.

    Signals:
        dossier_changed(object): pages were added, moved, turned or removed.
    """

    dossier_changed = Signal(object)

    def __init__(
        self,
        counter: Counter,
        actor: Actor,
        backends: list[ScannerBackend] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._counter = counter
        self._actor = actor
        self._backends = backends
        self._dossier: Dossier | None = None
        self._cancel: CancelToken | None = None
        self._task: Task | None = None
        self._devices_loaded = False
        self._bridge = _Bridge(self)
        self._bridge.progress.connect(self._on_scan_progress)
        self._bridge.page_ready.connect(self._on_scan_page)

        self.device_combo = QComboBox()
        self.device_combo.setAccessibleName(self.tr("Scanner"))
        self.refresh_button = QPushButton(self.tr("Actualiser"))
        self.refresh_button.setAccessibleName(self.tr("Rechercher les scanners"))
        self.refresh_button.clicked.connect(self.refresh_devices)
        self.piece_combo = QComboBox()
        self.piece_combo.setAccessibleName(self.tr("Pièce à numériser"))
        self.piece_combo.currentIndexChanged.connect(self._on_piece_combo_changed)
        self.source_combo = QComboBox()
        self.source_combo.setAccessibleName(self.tr("Source"))
        for label, source in (
            (self.tr("Chargeur"), Source.ADF),
            (self.tr("Chargeur recto verso"), Source.DUPLEX),
            (self.tr("Vitre"), Source.FLATBED),
        ):
            self.source_combo.addItem(label, source.value)
        self.pages_spin = QSpinBox()
        self.pages_spin.setRange(0, 200)
        self.pages_spin.setSpecialValueText(self.tr("tout le chargeur"))
        self.pages_spin.setAccessibleName(self.tr("Nombre de pages"))
        self.scan_button = QPushButton(self.tr("&Numériser"))
        self.scan_button.setProperty("primary", True)
        self.scan_button.clicked.connect(self._on_scan_clicked)
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progression de la numérisation"))
        self.progress.setRange(0, 100)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message de numérisation"))

        self.pages = PageStrip()
        self.pages.model().rowsMoved.connect(self._on_pages_rows_moved)
        self.pages.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.rotate_button = QPushButton(self.tr("Tourner ⟳"))
        self.rotate_button.clicked.connect(self._on_rotate_clicked)
        self.delete_button = QPushButton(self.tr("Supprimer la page"))
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.rescan_button = QPushButton(self.tr("Renumériser la page"))
        self.rescan_button.clicked.connect(self._on_rescan_clicked)

        form = QFormLayout()
        device_row = QHBoxLayout()
        device_row.addWidget(self.device_combo, 1)
        device_row.addWidget(self.refresh_button)
        form.addRow(self.tr("Scanner"), device_row)
        form.addRow(self.tr("Pièce"), self.piece_combo)
        form.addRow(self.tr("Source"), self.source_combo)
        form.addRow(self.tr("Pages"), self.pages_spin)
        actions = QHBoxLayout()
        actions.addWidget(self.scan_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress, 1)
        page_actions = QHBoxLayout()
        for button in (self.rotate_button, self.delete_button, self.rescan_button):
            page_actions.addWidget(button)
        page_actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)
        layout.addLayout(page_actions)
        self._update_buttons()

    # --- the dossier ---------------------------------------------------------------
    def set_dossier(self, dossier: Dossier | None) -> None:
        previous = self.current_piece()
        self._dossier = dossier
        self.piece_combo.blockSignals(True)
        self.piece_combo.clear()
        for piece in dossier.pieces if dossier else ():
            self.piece_combo.addItem(piece.label, piece.code)
        index = self.piece_combo.findData(previous) if previous else 0
        self.piece_combo.setCurrentIndex(max(0, index) if dossier else -1)
        self.piece_combo.blockSignals(False)
        if dossier is None:
            self.message.clear()
            self.progress.reset()
        stored = [(p.id, p.rotation) for p in self._piece_pages()]
        if not self.busy and self.pages.shown() != stored:
            self._load_thumbnails()  # the thumbnails a scan added are kept as they are
        self._update_buttons()

    def current_piece(self) -> str | None:
        code = self.piece_combo.currentData()
        return str(code) if code else None

    def select_piece(self, code: str) -> None:
        self.piece_combo.setCurrentIndex(self.piece_combo.findData(code))

    def _piece_pages(self) -> tuple[Page, ...]:
        code = self.current_piece()
        if self._dossier is None or code is None:
            return ()
        piece = next((p for p in self._dossier.pieces if p.code == code), None)
        return piece.pages if piece else ()

    # --- devices -------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._devices_loaded:  # lazily: SANE probing takes a moment
            self.refresh_devices()

    def refresh_devices(self) -> Task:
        self._devices_loaded = True
        self.refresh_button.setEnabled(False)
        self.message.setText(self.tr("Recherche des scanners…"))
        return run_task(
            list_devices,
            self._backends,
            on_result=self._on_devices,
            on_error=self._on_failed,
            owner=self,
        )

    def _on_devices(self, devices: list[DeviceInfo]) -> None:
        current = self.device_combo.currentData()
        self.device_combo.clear()
        for d in devices:
            self.device_combo.addItem(f"{d.vendor} {d.model} ({d.id})", d.id)
        if current:
            self.device_combo.setCurrentIndex(max(0, self.device_combo.findData(current)))
        self.refresh_button.setEnabled(True)
        self.message.setText("" if devices else self.tr("Aucun scanner détecté."))
        self._update_buttons()

    # --- scanning ------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    def scan(self) -> Task | None:
        """Scan into the selected piece with the chosen device and source."""
        code, device = self.current_piece(), self.device_combo.currentData()
        if self._dossier is None or code is None or not device or self.busy:
            return None
        number = self._dossier.number
        source = Source(self.source_combo.currentData())
        limit = self.pages_spin.value() or None
        self._cancel = CancelToken()
        self.progress.setValue(0)
        self.message.setText(self.tr("Numérisation en cours…"))
        bridge, counter, actor, cancel = self._bridge, self._counter, self._actor, self._cancel

        def job() -> Any:  # pool thread: no widget here, only the bridge's signals
            def on_page(page: Page, done: CleanedPage) -> None:
                bridge.page_ready.emit(page, thumbnail(counter, page, done.preview))

            report = capture.scan_into_piece(
                counter,
                actor,
                number,
                code,
                device,
                source,
                limit,
                backends=self._backends,
                progress=bridge.progress.emit,
                cancel=cancel,
                on_page=on_page,
                preview=THUMB,  # made where the page is cleaned, off this process
            )
            return report, dossiers.get_dossier(counter, number, actor)

        self._task = run_task(
            job, on_result=self._on_scan_done, on_error=self._on_failed, owner=self
        )
        self._update_buttons()
        return self._task

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self.message.setText(self.tr("Annulation…"))

    def _on_scan_clicked(self) -> None:
        self.scan()

    def _on_cancel_clicked(self) -> None:
        self.cancel()

    def _on_scan_progress(self, index: int, fraction: float) -> None:
        self.progress.setValue(min(100, round(fraction * 100)))
        self.message.setText(self.tr("Page %n en cours…", "", index + 1))

    def _on_scan_page(self, page: Page, thumb: Thumbnail) -> None:
        self.pages.add(page, thumb)

    def _on_scan_done(self, result: tuple[capture.CaptureReport, Dossier]) -> None:
        report, dossier = result
        lines = [self.tr("%n page(s) ajoutée(s).", "", report.pages)]
        lines += [f"{self.tr('Page')} {w.page} : {w.message}" for w in report.warnings]
        self.message.setText("\n".join(lines))
        self.progress.setValue(100)
        self._finish(dossier)

    def _finish(self, dossier: Dossier) -> None:
        self._task = None
        self._dossier = dossier
        self._update_buttons()
        self.dossier_changed.emit(dossier)

    def _on_failed(self, exc: BaseException) -> None:
        self._task = None
        self.refresh_button.setEnabled(True)
        text = describe(exc) if isinstance(exc, DeskError) else str(exc)
        self.message.setText("⚠ " + text)
        if self._dossier is not None:  # the pages kept before the failure
            with contextlib.suppress(DeskError):
                number = self._dossier.number
                self._finish(dossiers.get_dossier(self._counter, number, self._actor))
        self._update_buttons()

    # --- thumbnails and page actions ------------------------------------------------
    def _load_thumbnails(self) -> None:
        self.pages.clear()
        pages = self._piece_pages()
        if not pages:
            return
        counter = self._counter
        run_task(
            lambda: [(p, thumbnail(counter, p)) for p in pages],
            on_result=self._on_thumbnails,
            on_error=self._on_failed,
            owner=self,
        )

    def _on_thumbnails(self, items: list[tuple[Page, Thumbnail]]) -> None:
        self.pages.show_all(items)

    def page_ids(self) -> list[int]:
        return self.pages.page_ids()

    def _edit(self, fn: Any, *args: Any) -> None:
        code = self.current_piece()
        if self._dossier is None or code is None:
            return
        number = self._dossier.number
        try:
            fn(self._counter, self._actor, number, code, *args)
            dossier = dossiers.get_dossier(self._counter, number, self._actor)
        except DeskError as exc:
            self.message.setText("⚠ " + describe(exc))
            return
        self._dossier = dossier
        self._load_thumbnails()
        self.dossier_changed.emit(dossier)

    def rotate_selected(self) -> None:
        page = self.pages.selected_id()
        if page is not None:
            self._edit(capture.rotate_page, page, 1)

    def delete_selected(self) -> None:
        page = self.pages.selected_id()
        if page is not None:
            self._edit(capture.delete_page, page)

    def _on_rotate_clicked(self) -> None:
        self.rotate_selected()

    def _on_delete_clicked(self) -> None:
        self.delete_selected()

    def _on_pages_rows_moved(self, *_args: Any) -> None:
        self._edit(capture.reorder_pages, self.page_ids())

    def _on_rescan_clicked(self) -> None:
        page, device = self.pages.selected_id(), self.device_combo.currentData()
        code = self.current_piece()
        if page is None or not device or self._dossier is None or code is None or self.busy:
            return
        number, counter, actor = self._dossier.number, self._counter, self._actor

        def job() -> Any:
            report = capture.rescan_page(
                counter, actor, number, code, page, device, backends=self._backends
            )
            return report, dossiers.get_dossier(counter, number, actor)

        self.message.setText(self.tr("Numérisation en cours…"))
        self._task = run_task(
            job, on_result=self._on_rescan_done, on_error=self._on_failed, owner=self
        )
        self._update_buttons()

    def _on_rescan_done(self, result: tuple[capture.CaptureReport, Dossier]) -> None:
        self.message.setText(self.tr("Page renumérisée."))
        self._finish(result[1])
        self._load_thumbnails()

    def _on_piece_combo_changed(self, _index: int) -> None:
        if not self.busy:
            self._load_thumbnails()
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self._dossier is not None and self.current_piece() is not None
        busy = self.busy
        has_device = bool(self.device_combo.currentData())
        self.scan_button.setEnabled(ready and has_device and not busy)
        self.cancel_button.setEnabled(busy)
        selected = self.pages.currentItem() is not None and not busy
        self.rotate_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)
        self.rescan_button.setEnabled(selected and has_device)
        self.pages.setDragEnabled(not busy)
