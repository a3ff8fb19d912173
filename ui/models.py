"""Item models over what desk.services returns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desk.domain.entities import DossierSummary
from ui.status import dossier_look

_Index = QModelIndex | QPersistentModelIndex

#: the dossier number of a row, for views and tests
NumberRole = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of rows with fixed column headers; subclasses set
    ``_headers`` and answer ``data``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._headers: list[str] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


class DossierTableModel(RowsModel):
    """Today's dossiers or search results (a list of DossierSummary), read-only.

    ``procedure_labels`` maps procedure codes to their French label.
    """

    _rows: list[DossierSummary]

    def __init__(self, procedure_labels: dict[str, str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._labels = procedure_labels or {}
        self._headers = [
            self.tr("Numéro de dossier"),
            self.tr("Nom"),
            self.tr("Prénoms"),
            self.tr("Né(e) le"),
            self.tr("Démarche"),
            self.tr("État"),
            self.tr("Modifié à"),
        ]

    def summary(self, row: int) -> DossierSummary:
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        col = index.column()
        if role == NumberRole:
            return s.number
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(s, col)
        if col == 5 and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(dossier_look(s.status).colour))
        if col == 0 and role == Qt.ItemDataRole.FontRole:
            from PySide6.QtGui import QFont, QFontDatabase
            from PySide6.QtWidgets import QApplication

            font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            font.setPointSizeF(QApplication.font().pointSizeF())
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == 4:
            return self._labels.get(s.procedure, s.procedure)
        return None

    def _text(self, s: DossierSummary, col: int) -> str:
        if col == 0:
            return s.number
        if col == 1:
            return s.surname.upper()
        if col == 2:
            return s.given_names
        if col == 3:
            return s.birth_date.strftime("%d/%m/%Y")
        if col == 4:
            return self._labels.get(s.procedure, s.procedure)
        if col == 5:
            return dossier_look(s.status).label
        return s.updated_at.astimezone().strftime("%d/%m %H:%M")
