"""Completeness, deadlines, fees and timbres of the dossier shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.app import Counter
from desk.domain.entities import Dossier
from desk.errors import DeskError
from desk.services import dossiers, filing
from desk.services.common import Actor
from ui.filing.common import clear, fr_date, message_label, show_error, show_info

_RENEWAL = {
    "too_early": "Trop tôt : la fenêtre de renouvellement n'est pas ouverte",
    "on_time": "Dans les délais",
    "late": "En retard : taxe de renouvellement tardif due",
    "expired": "Titre expiré : taxe de renouvellement tardif due",
}


class FilingStatusPanel(QWidget):
    """Where the dossier stands: pieces missing and their deadline, the renewal window,
    the fees due, the timbres entered, the implicit-decision date once filed.

    Signals:
        dossier_changed(object): the Dossier after a request for pieces or a timbre.
    """

    dossier_changed = Signal(object)

    def __init__(self, counter: Counter, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._actor = actor
        self._number: str | None = None
        self.completeness = QLabel()
        self.completeness.setAccessibleName(self.tr("Complétude"))
        self.completeness.setWordWrap(True)
        self.missing = QListWidget()
        self.missing.setAccessibleName(self.tr("Pièces manquantes"))
        self.missing.setMaximumHeight(120)
        self.deadline = QLabel()
        self.deadline.setAccessibleName(self.tr("Date limite des pièces"))
        self.renewal = QLabel()
        self.renewal.setAccessibleName(self.tr("Fenêtre de renouvellement"))
        self.renewal.setWordWrap(True)
        self.fees = QLabel()
        self.fees.setAccessibleName(self.tr("Droits dus"))
        self.fees.setWordWrap(True)
        self.decision = QLabel()
        self.decision.setAccessibleName(self.tr("Date de décision implicite"))
        self.decision.setWordWrap(True)
        self.request_button = QPushButton(self.tr("&Demander les pièces manquantes"))
        self.request_button.setAccessibleName(self.tr("Demander les pièces manquantes"))
        self.request_button.clicked.connect(self._on_request_clicked)
        self.timbres = QListWidget()
        self.timbres.setAccessibleName(self.tr("Timbres fiscaux saisis"))
        self.timbres.setMaximumHeight(70)
        self.timbre_edit = QLineEdit()
        self.timbre_edit.setPlaceholderText(self.tr("16 chiffres"))
        self.timbre_edit.setMaxLength(24)
        self.timbre_edit.setAccessibleName(self.tr("Numéro de timbre fiscal"))
        self.timbre_button = QPushButton(self.tr("A&jouter le timbre"))
        self.timbre_button.setAccessibleName(self.tr("Ajouter le timbre"))
        self.timbre_button.clicked.connect(self._on_timbre_clicked)
        self.timbre_edit.returnPressed.connect(self._on_timbre_clicked)
        self.message = message_label(self.tr("Message"))

        form = QFormLayout()
        form.addRow(self.tr("Complétude"), self.completeness)
        form.addRow(self.tr("Pièces manquantes"), self.missing)
        form.addRow(self.tr("À fournir avant le"), self.deadline)
        form.addRow(self.tr("Renouvellement"), self.renewal)
        form.addRow(self.tr("Droits dus"), self.fees)
        form.addRow(self.tr("Décision implicite"), self.decision)
        form.addRow(self.tr("Timbres fiscaux"), self.timbres)
        row = QHBoxLayout()
        row.addWidget(self.timbre_edit, 1)
        row.addWidget(self.timbre_button)
        form.addRow(self.tr("Nouveau timbre"), row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.request_button)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def set_dossier(self, dossier: Dossier | None) -> None:
        clear(self.message)
        self._number = dossier.number if dossier else None
        for label in (self.completeness, self.deadline, self.renewal, self.fees, self.decision):
            label.clear()
        self.missing.clear()
        self.timbres.clear()
        self.timbre_edit.clear()
        self.request_button.setEnabled(False)
        if dossier is None:
            return
        try:
            st = filing.filing_status(self._counter, dossier.number, actor=self._actor)
        except DeskError as exc:
            show_error(self.message, exc)
            return
        self.completeness.setText(self.tr("✔ Complet") if st.complete else self.tr("⚠ Incomplet"))
        for _code, label in st.missing:
            self.missing.addItem(label)
        self.deadline.setText(fr_date(st.deadline) or self.tr("—"))
        if st.renewal_status:
            self.renewal.setText(
                self.tr(_RENEWAL[st.renewal_status])
                + self.tr(" (du {opens} au {closes})").format(
                    opens=fr_date(st.renewal_opens), closes=fr_date(st.renewal_closes)
                )
            )
        else:
            self.renewal.setText(self.tr("Sans objet"))
        lines = [f"{line.label} : {line.amount_eur} €" for line in st.fees]
        lines.append(self.tr("Total : {total} €").format(total=st.fees_total_eur))
        self.fees.setText("\n".join(lines))
        self.decision.setText(
            self.tr("Sans réponse le {day}, la demande sera implicitement rejetée").format(
                day=fr_date(st.implicit_decision_on)
            )
            if st.implicit_decision_on
            else self.tr("Pas encore de dépôt complet")
        )
        for t in st.timbres:
            self.timbres.addItem(t)
        self.request_button.setEnabled(not st.complete and st.status.value in _REQUESTABLE)

    def _reload(self) -> None:
        if self._number is None:
            return
        dossier = dossiers.get_dossier(self._counter, self._number, self._actor)
        self.dossier_changed.emit(dossier)

    def _on_request_clicked(self) -> None:
        if self._number is None:
            return
        try:
            out = filing.file_incomplete(self._counter, self._actor, self._number)
        except DeskError as exc:
            show_error(self.message, exc)
            return
        self._reload()
        show_info(
            self.message,
            self.tr("Pièces demandées, à fournir avant le {day}.").format(
                day=fr_date(out.deadline)
            ),
        )

    def _on_timbre_clicked(self) -> None:
        if self._number is None or not self.timbre_edit.text().strip():
            return
        try:
            filing.add_timbre(self._counter, self._actor, self._number, self.timbre_edit.text())
        except DeskError as exc:
            show_error(self.message, exc)
            self.timbre_edit.setFocus()
            return
        self._reload()
        show_info(self.message, self.tr("Timbre fiscal enregistré."))


_REQUESTABLE = frozenset({"draft", "collecting", "ready", "incomplete"})
