"""Item models and looks of the sync panel: the outbox's items and the needs-action
list (rows are desk.services.sync.PanelItem), states shown by text, glyph and
colour (RGAA 3.1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from desk.services.sync import PanelItem
from desk.services.sync_items import action_text, error_text
from ui.models import RowsModel, _Index
from ui.status import GREY_MENTION, RED_MARIANNE, SUCCESS, WARNING, Look

#: the PanelItem of a row, for views and tests
ItemRole = Qt.ItemDataRole.UserRole + 2

_STATES = {
    "waiting": (QT_TRANSLATE_NOOP("Sync", "En attente d'envoi"), "○", GREY_MENTION),
    "retrying": (QT_TRANSLATE_NOOP("Sync", "Envoi tenté, nouvel essai prévu"), "↻", WARNING),
    "needs_action": (QT_TRANSLATE_NOOP("Sync", "À traiter"), "✖", RED_MARIANNE),
    "acknowledged": (QT_TRANSLATE_NOOP("Sync", "Acquitté"), "✔", SUCCESS),
}

_ENTITIES = {
    "applicant": QT_TRANSLATE_NOOP("Sync", "Demandeur"),
    "dossier": QT_TRANSLATE_NOOP("Sync", "Dossier"),
    "piece": QT_TRANSLATE_NOOP("Sync", "Pièce"),
    "page": QT_TRANSLATE_NOOP("Sync", "Page numérisée"),
    "history": QT_TRANSLATE_NOOP("Sync", "Historique"),
    "filing": QT_TRANSLATE_NOOP("Sync", "Dépôt"),
    "substitution": QT_TRANSLATE_NOOP("Sync", "Dépôt de substitution"),
    "receipt": QT_TRANSLATE_NOOP("Sync", "Reçu"),
    "timbre": QT_TRANSLATE_NOOP("Sync", "Timbre fiscal"),
    "agent": QT_TRANSLATE_NOOP("Sync", "Agent"),
    "audit": QT_TRANSLATE_NOOP("Sync", "Journal d'audit"),
    "visit": QT_TRANSLATE_NOOP("Sync", "Passage au guichet"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Sync", text)


def state_look(state: str) -> Look:
    text, glyph, colour = _STATES[state]
    return Look(_tr(str(text)), glyph, colour)


def entity_label(entity: str) -> str:
    return _tr(str(_ENTITIES[entity])) if entity in _ENTITIES else entity


def when(moment: datetime | None) -> str:
    """A moment in the counter's local time, as agents read it."""
    return moment.astimezone().strftime("%d/%m/%Y %H:%M") if moment else ""


class _PanelItemsModel(RowsModel):
    """Rows are PanelItems; subclasses set the headers and answer ``_cell``."""

    _rows: list[PanelItem]
    #: roles answered with the cell's text
    _text_roles: tuple[int, ...] = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
    )

    def item(self, row: int) -> PanelItem:
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, col = self._rows[index.row()], index.column()
        if role == ItemRole:
            return item
        if role in self._text_roles:
            return self._text(item, col)
        return self._other(item, col, role)

    def _text(self, item: PanelItem, col: int) -> str:
        raise NotImplementedError

    def _other(self, item: PanelItem, col: int, role: int) -> Any:
        return None


class SyncItemsModel(_PanelItemsModel):
    """The outbox's items: not yet acknowledged first, then the last acknowledged."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = [
            self.tr("Élément"),
            self.tr("Dossier"),
            self.tr("État"),
            self.tr("Essais"),
            self.tr("Dernière erreur"),
            self.tr("Prochain essai"),
            self.tr("Modifié le"),
        ]

    def _other(self, item: PanelItem, col: int, role: int) -> Any:
        if col == 2 and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(state_look(item.state).colour))
        if col == 4 and role == Qt.ItemDataRole.ToolTipRole:
            return error_text(item.last_error) or None
        return None

    def _text(self, item: PanelItem, col: int) -> str:
        if col == 0:
            return entity_label(item.entity)
        if col == 1:
            return item.dossier or "—"
        if col == 2:
            return state_look(item.state).label
        if col == 3:
            return str(item.attempts)
        if col == 4:
            return error_text(item.last_error)
        if col == 5:
            return when(item.next_attempt_at) if item.state == "retrying" else ""
        if item.state == "acknowledged":
            return when(item.acked_at)
        return when(item.changed_at)


class NeedsActionModel(_PanelItemsModel):
    """Items HQ (or this counter) refused for good, with what the agent should do."""

    _text_roles = (*_PanelItemsModel._text_roles, Qt.ItemDataRole.ToolTipRole)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = [
            self.tr("Élément"),
            self.tr("Dossier"),
            self.tr("Motif"),
            self.tr("À faire"),
        ]

    def _text(self, item: PanelItem, col: int) -> str:
        return [
            entity_label(item.entity),
            item.dossier or "—",
            error_text(item.last_error),
            action_text(item.last_error),
        ][col]
