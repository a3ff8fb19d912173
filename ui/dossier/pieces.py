"""The pieces checklist of a dossier: status of each required piece, add pages from
files, declare a piece missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QDir,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.app import Counter
from desk.domain.entities import Dossier, Piece
from desk.errors import DeskError
from desk.messages import describe
from desk.services import dossiers
from desk.services.common import Actor
from ui.models import RowsModel
from ui.status import SUCCESS, piece_look
from ui.worker import Task, run_task

_Index = QModelIndex | QPersistentModelIndex

#: the piece code of a row
CodeRole = Qt.ItemDataRole.UserRole + 1


class PiecesModel(RowsModel):
    """The checklist rows: one per piece the procedure asks for."""

    _rows: list[Piece]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = [
            self.tr("Pièce"),
            self.tr("Obligatoire"),
            self.tr("État"),
            self.tr("Pages"),
        ]

    def set_pieces(self, pieces: tuple[Piece, ...] | list[Piece]) -> None:
        self.set_rows(pieces)

    def piece(self, row: int) -> Piece:
        return self._rows[row]

    def row_of(self, code: str) -> int:
        return next((i for i, p in enumerate(self._rows) if p.code == code), -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self._rows[index.row()]
        col = index.column()
        look = piece_look(p.status, p.mandatory)
        if role == CodeRole:
            return p.code
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return p.label
            if col == 1:
                return self.tr("oui") if p.mandatory else self.tr("non")
            if col == 2:
                return look.label
            return str(len(p.pages)) if p.pages else "—"
        if role == Qt.ItemDataRole.ForegroundRole and col == 2:
            return QBrush(QColor(look.colour))
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{p.label}\n{p.note}" if p.note else p.label
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class PiecesPanel(QWidget):
    """The checklist and its actions, for the dossier shown by the DossierView.

    Signals:
        dossier_changed(object): the service returned the updated Dossier.
    """

    dossier_changed = Signal(object)

    def __init__(self, counter: Counter, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._actor = actor
        self._dossier: Dossier | None = None
        self._task: Task | None = None
        self.file_dialog: QFileDialog | None = None
        self._last_dir = QDir.homePath()

        self.model = PiecesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Liste des pièces du dossier"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)

        self.add_button = QPushButton(self.tr("&Ajouter depuis un fichier…"))
        self.add_button.setProperty("primary", True)
        self.add_button.setShortcut(QKeySequence("Ctrl+O"))
        self.add_button.setAccessibleName(self.tr("Ajouter la pièce depuis un fichier"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.missing_button = QPushButton(self.tr("Déclarer &manquante"))
        self.missing_button.setAccessibleName(self.tr("Déclarer la pièce manquante"))
        self.missing_button.clicked.connect(self._on_missing_clicked)
        self.empty_hint = QLabel(
            self.tr("La liste des pièces apparaît une fois le dossier créé ou ouvert.")
        )
        self.empty_hint.setProperty("role", "mention")
        self.empty_hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message sur les pièces"))
        self.message.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.missing_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.table, self.add_button)
        QWidget.setTabOrder(self.add_button, self.missing_button)
        self._update_buttons()

    # --- the DossierView panel protocol ----------------------------------------------
    def set_dossier(self, dossier: Dossier | None) -> None:
        """Show ``dossier``'s checklist (None: clear it)."""
        previous = self.current_code()
        same = dossier is not None and self._dossier is not None and dossier.id == self._dossier.id
        self._dossier = dossier
        self.model.set_pieces(dossier.pieces if dossier else [])
        if not same:
            self._set_message("")
            previous = None
            if self._task is not None:
                self._task.cancel()
                self._task = None
        self.empty_hint.setVisible(dossier is None)
        if dossier is not None and self.model.rowCount():
            row = max(self.model.row_of(previous), 0) if previous else 0
            self.table.selectRow(row)
        self._update_buttons()

    # --- actions ---------------------------------------------------------------------
    def current_code(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or self._dossier is None:
            return None
        return str(self.model.data(index, CodeRole))

    def select_piece(self, code: str) -> None:
        row = self.model.row_of(code)
        if row >= 0:
            self.table.selectRow(row)

    def _on_add_clicked(self) -> None:
        code = self.current_code()
        if code is None:
            return
        piece = self.model.piece(self.model.row_of(code))
        dialog = QFileDialog(
            self,
            self.tr("Ajouter « {piece} »").format(piece=piece.label),
            self._last_dir,
            self.tr("Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Tous les fichiers (*)"),
        )
        # Qt's own dialog: the same on every counter and drivable in tests
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(lambda files, c=code: self._on_files_selected(c, files))
        dialog.finished.connect(self._on_file_dialog_finished)
        self.file_dialog = dialog
        dialog.open()

    def _on_file_dialog_finished(self, _result: int) -> None:
        self.file_dialog = None

    def _on_files_selected(self, code: str, files: list[str]) -> None:
        if not files or self._dossier is None:
            return
        self._last_dir = str(Path(files[0]).parent)
        self.add_files(code, [Path(f) for f in files])

    def add_files(self, code: str, files: list[Path]) -> Task | None:
        """Add ``files`` to piece ``code`` off the GUI thread; the checklist follows."""
        if self._dossier is None:
            return None
        self._set_busy(True)
        self._set_message(self.tr("Ajout en cours…"))
        self._task = run_task(
            dossiers.add_piece_from_files,
            self._counter,
            self._actor,
            self._dossier.number,
            code,
            files,
            on_result=lambda d: self._on_added(d, len(files)),
            on_error=self._on_action_failed,
            owner=self,
        )
        return self._task

    def _on_added(self, dossier: Dossier, count: int) -> None:
        self._task = None
        self._set_busy(False)
        self.dossier_changed.emit(dossier)
        self._set_message(self.tr("✔ {n} fichier(s) ajouté(s).").format(n=count), colour=SUCCESS)

    def _on_missing_clicked(self) -> None:
        code = self.current_code()
        if code is None or self._dossier is None:
            return
        try:
            dossier = dossiers.declare_piece_missing(
                self._counter, self._actor, self._dossier.number, code
            )
        except DeskError as exc:
            self._on_action_failed(exc)
            return
        self.dossier_changed.emit(dossier)
        self._set_message(self.tr("La pièce est notée manquante."))

    def _on_action_failed(self, exc: BaseException) -> None:
        self._task = None
        self._set_busy(False)
        if not isinstance(exc, DeskError):
            raise exc
        self._set_message("⚠ " + describe(exc), error=True)

    # --- look ------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        self.add_button.setEnabled(not busy and self.current_code() is not None)
        self.missing_button.setEnabled(not busy and self.current_code() is not None)

    def _update_buttons(self) -> None:
        self._set_busy(self._task is not None)

    def _on_table_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()

    def _set_message(self, text: str, error: bool = False, colour: str = "") -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "")
        self.message.setStyleSheet(f"color: {colour};" if colour and not error else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))
