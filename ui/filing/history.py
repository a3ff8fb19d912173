"""The dossier's history as a timeline: who, when, what, which pieces."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desk.domain.entities import Dossier, HistoryEntry

_ACTIONS = {
    "dossier_opened": "Dossier ouvert",
    "status_changed": "Changement d'état",
    "pages_added": "Pages ajoutées",
    "piece_imported": "Pièce importée",
    "piece_declared_missing": "Pièce déclarée manquante",
    "pieces_requested": "Pièces complémentaires demandées",
    "filed_online": "Dépôt en ligne (ANEF) enregistré",
    "substitution_pieces_added": "Pièces du dépôt de substitution ajoutées",
    "substitution_registered": "Dépôt par la solution de substitution",
    "supervisor_override": "Dérogation du superviseur (département de résidence)",
    "timbre_added": "Timbre fiscal saisi",
}
#: detail keys shown in the timeline (others stay in the store)
_SHOWN = ("piece", "pieces", "anef_number", "mode", "reason", "missing", "deadline", "timbre")


class HistoryTimeline(QWidget):
    """Every action on the dossier, most recent first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Historique du dossier"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Actions sur le dossier"))
        self.empty = QLabel(self.tr("Aucune action enregistrée."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)

    def set_dossier(self, dossier: Dossier | None) -> None:
        self.list.clear()
        entries = list(reversed(dossier.history)) if dossier else []
        for entry in entries:
            item = QListWidgetItem(self.line(entry))
            item.setToolTip(self.line(entry))
            self.list.addItem(item)
        self.empty.setVisible(not entries)

    def line(self, entry: HistoryEntry) -> str:
        when = entry.at.astimezone().strftime("%d/%m/%Y %H:%M")
        what = self.tr(_ACTIONS.get(entry.action, entry.action))
        parts = []
        for key in _SHOWN:
            value = entry.detail.get(key)
            if value in (None, "", [], ()):
                continue
            parts.append(", ".join(map(str, value)) if isinstance(value, list) else str(value))
        detail = f" — {' · '.join(parts)}" if parts else ""
        return f"{when}  {entry.agent}  {what}{detail}"
