"""Under the applicant form: identity alerts and the existing applicants that may be
the same person, with a button to use one instead of creating a duplicate."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.domain.alerts import Alert, Severity
from desk.domain.entities import Applicant
from desk.messages import alert_text, field_label


class MatchPanel(QWidget):
    """Signals:
    picked(object): the agent chose this existing Applicant.
    """

    picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alerts_label = QLabel()
        self.alerts_label.setWordWrap(True)
        self.alerts_label.setProperty("role", "error")
        self.alerts_label.setAccessibleName(self.tr("Alertes sur l'identité"))
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.info_label.setProperty("role", "mention")
        self.info_label.setAccessibleName(self.tr("Informations sur l'identité"))
        self.title = QLabel(self.tr("Ce demandeur existe peut-être déjà :"))
        self.title.setProperty("role", "mention")
        self.candidates = QListWidget()
        self.candidates.setAccessibleName(self.tr("Demandeurs déjà enregistrés"))
        self.candidates.setMaximumHeight(110)
        self.candidates.itemActivated.connect(self._on_activated)
        self.use_button = QPushButton(self.tr("&Utiliser ce demandeur"))
        self.use_button.setAccessibleName(self.tr("Utiliser le demandeur choisi"))
        self.use_button.clicked.connect(self._on_use_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.alerts_label, self.info_label, self.title, self.candidates, self.use_button):
            layout.addWidget(w)
        self._applicants: list[Applicant] = []
        self.clear()

    def clear(self) -> None:
        """Nothing of an applicant stays on screen."""
        self.show_alerts([])
        self.show_candidates([])

    def show_alerts(self, alerts: list[Alert]) -> None:
        warnings = [alert_text(a.kind, a.detail) for a in alerts if a.severity is Severity.WARNING]
        infos = [alert_text(a.kind, a.detail) for a in alerts if a.severity is not Severity.WARNING]
        self.alerts_label.setText("\n".join("⚠ " + t for t in warnings))
        self.alerts_label.setVisible(bool(warnings))
        self.info_label.setText("\n".join(infos))
        self.info_label.setVisible(bool(infos))

    def show_mrz_errors(self, fields: list[str]) -> None:
        text = self.tr("Bande MRZ invalide, vérifiez : {fields}").format(
            fields=", ".join(field_label(f) for f in fields)
        )
        self.alerts_label.setText("⚠ " + text)
        self.alerts_label.show()

    def show_candidates(self, found: list[Applicant], chosen: int | None = None) -> None:
        self._applicants = list(found)
        self.title.setText(self.tr("Ce demandeur existe peut-être déjà :"))
        self.use_button.setEnabled(True)
        self.candidates.clear()
        for a in found:
            parts = [
                a.full_name,
                self.tr("né(e) le {d}").format(d=a.birth_date.strftime("%d/%m/%Y")),
            ]
            if a.numero_etranger:
                parts.append(self.tr("n° étranger {n}").format(n=a.numero_etranger))
            if a.passport_number:
                parts.append(self.tr("passeport {n}").format(n=a.passport_number))
            item = QListWidgetItem(" — ".join(parts))
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.candidates.addItem(item)
        if found:
            self.candidates.setCurrentRow(0)
        for w in (self.title, self.candidates, self.use_button):
            w.setVisible(bool(found))
        if chosen is not None:
            self.mark_chosen(chosen)

    def mark_chosen(self, applicant_id: int) -> None:
        self.title.setText(self.tr("Le dossier sera créé pour le demandeur choisi :"))
        for i in range(self.candidates.count()):
            item = self.candidates.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == applicant_id:
                self.candidates.setCurrentItem(item)
        self.use_button.setEnabled(False)

    def _on_activated(self, _item: QListWidgetItem) -> None:
        self._on_use_clicked()

    def _on_use_clicked(self) -> None:
        row = self.candidates.currentRow()
        if 0 <= row < len(self._applicants):
            self.picked.emit(self._applicants[row])
