"""The dossier view: the applicant on the left, the dossier's panels on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.app import Counter
from desk.domain.entities import Dossier
from desk.errors import DeskError, InvalidInput
from desk.messages import describe
from desk.services import applicants, dossiers
from desk.services.common import Actor
from ui.dossier.applicant_form import ApplicantForm
from ui.dossier.pieces import PiecesPanel
from ui.status import dossier_look


class DossierView(QWidget):
    """One dossier on screen, or a blank one being created.

    Left: the applicant form and the procedure choice. Right: a QTabWidget of
    *panels* — "Pièces" (the checklist) first. Other rooms plug their own panel in
    with :meth:`add_panel`::

        view.add_panel(self.tr("Dépôt"), FilingPanel(counter, actor))

    A panel is any QWidget. If it has a method ``set_dossier(dossier: Dossier | None)``
    the view calls it whenever the dossier shown changes (created, reloaded, changed by
    another panel) and with ``None`` when the dossier is closed: the panel must then
    clear everything it shows of the applicant. A panel that changes the dossier
    through a service hands the returned Dossier to :meth:`show_dossier` (or emits
    a ``dossier_changed(object)`` signal, which add_panel connects for it).

    Signals:
        dossier_changed(object): the Dossier shown was created or changed.
        close_requested(): the agent asked to close the dossier.
    """

    dossier_changed = Signal(object)
    close_requested = Signal()
    #: the view was emptied (identity: ui/identity clears what it adds to the form)
    cleared = Signal()

    def __init__(self, counter: Counter, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._actor = actor
        self._dossier: Dossier | None = None
        self._panels: list[QWidget] = []
        #: an existing applicant picked to own the new dossier (ui/identity), else None
        self.chosen_applicant_id: int | None = None

        # --- header: number, status, close -------------------------------------------
        self.title_label = QLabel()
        self.title_label.setProperty("role", "title")
        self.title_label.setAccessibleName(self.tr("Titre"))
        self.number_label = QLabel()
        self.number_label.setProperty("role", "dossier-number")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number_label.setAccessibleName(self.tr("Numéro de dossier"))
        self.status_label = QLabel()
        self.status_label.setProperty("role", "badge")
        self.status_label.setAccessibleName(self.tr("État du dossier"))
        self.procedure_label = QLabel()
        self.procedure_label.setProperty("role", "mention")
        self.procedure_label.setAccessibleName(self.tr("Démarche du dossier"))
        self.close_button = QPushButton(self.tr("Fermer le dossier (Échap)"))
        self.close_button.setAccessibleName(self.tr("Fermer le dossier"))
        self.close_button.clicked.connect(self.close_requested)
        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addWidget(self.number_label)
        header.addWidget(self.status_label)
        header.addSpacing(12)
        header.addWidget(self.procedure_label)
        header.addStretch(1)
        header.addWidget(self.close_button)

        # --- left: applicant and procedure -------------------------------------------
        self.form = ApplicantForm()
        for edit in self.form.fields.values():  # Enter in any field saves, as a form does
            edit.returnPressed.connect(self._on_save_clicked)
        self.procedure_combo = QComboBox()
        self.procedure_combo.setAccessibleName(self.tr("Démarche"))
        for proc in sorted(counter.catalogue.procedures.values(), key=lambda p: p.label):
            self.procedure_combo.addItem(proc.label, proc.code)
        self.procedure_combo.setCurrentIndex(-1)
        self.procedure_combo.setPlaceholderText(self.tr("Choisir la démarche…"))
        self.procedure_error = QLabel()
        self.procedure_error.setProperty("role", "error")
        self.procedure_error.setAccessibleName(self.tr("Erreur : démarche"))
        self.procedure_error.hide()
        self.form.add_row(self.tr("&Démarche"), self.procedure_combo)
        self.form.add_row("", self.procedure_error)
        self.save_button = QPushButton()
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self._on_save_clicked)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)

        applicant_box = QGroupBox(self.tr("Demandeur"))
        box_layout = QVBoxLayout(applicant_box)
        box_layout.addWidget(self.form)
        box_layout.addLayout(save_row)
        box_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("applicantScroll")
        scroll.setAccessibleName(self.tr("Demandeur"))
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        applicant_box.setMinimumWidth(420)
        scroll.setWidget(applicant_box)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        # --- right: panels -----------------------------------------------------------
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Volets du dossier"))
        self.tabs.setDocumentMode(False)
        self.pieces = PiecesPanel(counter, actor)
        self.add_panel(self.tr("Pièces"), self.pieces)

        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        QWidget.setTabOrder(self.form.fields["phone"], self.procedure_combo)
        QWidget.setTabOrder(self.procedure_combo, self.save_button)
        QWidget.setTabOrder(self.save_button, self.tabs)
        self.clear()

    # --- panels ----------------------------------------------------------------------
    def add_panel(self, title: str, widget: QWidget) -> int:
        """Add a panel (a tab on the right); returns its tab index. See the class doc."""
        widget.setAccessibleName(widget.accessibleName() or title)
        self._panels.append(widget)
        changed = getattr(widget, "dossier_changed", None)
        if changed is not None and widget is not self:
            changed.connect(self.show_dossier)
        index = self.tabs.addTab(widget, title)
        setter = getattr(widget, "set_dossier", None)
        if setter is not None:
            setter(self._dossier)
        self.tabs.setTabEnabled(index, self._dossier is not None)
        return index

    # --- showing ---------------------------------------------------------------------
    @property
    def dossier(self) -> Dossier | None:
        return self._dossier

    def new_dossier(self) -> None:
        """A blank form to create an applicant and their dossier."""
        self.clear()
        self.form.fields["surname"].setFocus()

    def show_dossier(self, dossier: Dossier) -> None:
        """Show ``dossier`` (after opening it, or after a panel changed it)."""
        first = self._dossier is None or self._dossier.id != dossier.id
        self._dossier = dossier
        if first:
            self.form.load(dossier.applicant)
        look = dossier_look(dossier.status)
        self.title_label.setText(self.tr("Dossier"))
        self.number_label.setText(dossier.number)
        self.number_label.show()
        self.status_label.setText(look.label)
        self.status_label.setStyleSheet(f"color: {look.colour}; border-color: {look.colour};")
        self.procedure_label.setText(self._counter.catalogue.procedure(dossier.procedure).label)
        self.status_label.setAccessibleDescription(look.text)
        self.status_label.show()
        index = self.procedure_combo.findData(dossier.procedure)
        self.procedure_combo.setCurrentIndex(index)
        self.procedure_combo.setEnabled(False)  # a dossier keeps its procedure
        self.save_button.setText(self.tr("&Enregistrer le demandeur"))
        self.save_button.setAccessibleName(self.tr("Enregistrer le demandeur"))
        for i, panel in enumerate(self._panels):
            self.tabs.setTabEnabled(i, True)
            setter = getattr(panel, "set_dossier", None)
            if setter is not None:
                setter(dossier)
        self.dossier_changed.emit(dossier)

    def open_number(self, number: str) -> Dossier:
        """Load and show dossier ``number`` (raises NotFound)."""
        dossier = dossiers.get_dossier(self._counter, number, self._actor)
        self.clear()
        self.show_dossier(dossier)
        return dossier

    def clear(self) -> None:
        """Close the dossier on screen: every field, message and panel is emptied."""
        self._dossier = None
        self.chosen_applicant_id = None
        self.form.clear()
        self.title_label.setText(self.tr("Nouveau dossier"))
        self.number_label.clear()
        self.number_label.hide()
        self.status_label.clear()
        self.status_label.hide()
        self.procedure_label.clear()
        self.procedure_combo.setEnabled(True)
        self.procedure_combo.setCurrentIndex(-1)
        self.procedure_error.clear()
        self.procedure_error.hide()
        self.save_button.setText(self.tr("&Créer le dossier"))
        self.save_button.setAccessibleName(self.tr("Créer le dossier"))
        for i, panel in enumerate(self._panels):
            setter = getattr(panel, "set_dossier", None)
            if setter is not None:
                setter(None)
            self.tabs.setTabEnabled(i, False)
        if self._panels:
            self.tabs.setCurrentIndex(0)
        self.cleared.emit()

    # --- saving ----------------------------------------------------------------------
    def _on_save_clicked(self) -> None:
        self.procedure_error.hide()
        data = self.form.checked_input()
        if data is None:
            return  # the form shows why; nothing is saved
        try:
            if self._dossier is None:
                code = self.procedure_combo.currentData()
                if not code:
                    self.procedure_error.setText("⚠ " + self.tr("Choisissez la démarche."))
                    self.procedure_error.show()
                    self.procedure_combo.setFocus()
                    return
                applicant_id = self.chosen_applicant_id
                if applicant_id is None:
                    applicant_id = applicants.create_applicant(self._counter, self._actor, data).id
                else:  # an existing applicant (identity): no duplicate
                    applicants.update_applicant(self._counter, self._actor, applicant_id, data)
                dossier = dossiers.open_dossier(self._counter, self._actor, applicant_id, code)
                self.show_dossier(dossier)
                self.tabs.setCurrentWidget(self.pieces)
                self.pieces.table.setFocus()
            else:
                applicants.update_applicant(
                    self._counter, self._actor, self._dossier.applicant.id, data
                )
                dossier = dossiers.get_dossier(self._counter, self._dossier.number, self._actor)
                self.show_dossier(dossier)
                self.form.load(dossier.applicant)  # as normalised by the core
        except InvalidInput as exc:
            self.form.show_error(exc)
        except DeskError as exc:
            self.form.general_error.setText("⚠ " + describe(exc))
            self.form.general_error.show()
