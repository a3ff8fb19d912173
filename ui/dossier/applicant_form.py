"""The applicant form: identity and contact fields with inline French messages.

Validation is the core's (desk.services.applicants.validate); this widget only reads
the fields, shows the message of the first field at fault beside it, and clears
everything when the dossier is closed.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desk.domain.entities import Applicant
from desk.errors import InvalidField, InvalidInput
from desk.messages import describe
from desk.services.applicants import ApplicantInput, validate

#: field name -> (label, placeholder, max length); texts marked for pyside6-lupdate
_FIELDS: tuple[tuple[str, str, str, int], ...] = (
    ("surname", QT_TRANSLATE_NOOP("ApplicantForm", "&Nom"), "", 120),
    ("given_names", QT_TRANSLATE_NOOP("ApplicantForm", "&Prénoms"), "", 200),
    (
        "birth_date",
        QT_TRANSLATE_NOOP("ApplicantForm", "Date de &naissance"),
        QT_TRANSLATE_NOOP("ApplicantForm", "JJ/MM/AAAA"),
        10,
    ),
    (
        "nationality",
        QT_TRANSLATE_NOOP("ApplicantForm", "Na&tionalité"),
        QT_TRANSLATE_NOOP("ApplicantForm", "3 lettres, ex. : MAR"),
        3,
    ),
    (
        "numero_etranger",
        QT_TRANSLATE_NOOP("ApplicantForm", "Numéro é&tranger"),
        QT_TRANSLATE_NOOP("ApplicantForm", "10 chiffres (titre de séjour)"),
        14,
    ),
    ("passport_number", QT_TRANSLATE_NOOP("ApplicantForm", "Numéro de pa&sseport"), "", 12),
    ("postal_code", QT_TRANSLATE_NOOP("ApplicantForm", "&Code postal"), "", 5),
    ("email", QT_TRANSLATE_NOOP("ApplicantForm", "Co&urriel"), "", 120),
    ("phone", QT_TRANSLATE_NOOP("ApplicantForm", "Télé&phone"), "", 20),
)
_DATE_FORMATS = ("%d/%m/%Y", "%d%m%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y")


def parse_date(text: str, field: str = "birth_date") -> date:
    """A date typed at the counter (JJ/MM/AAAA, and a few other usual forms)."""
    value = text.strip()
    if not value:
        raise InvalidField(field, "required")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise InvalidField(field, "not_date")


class ApplicantForm(QWidget):
    """Identity and contact fields of one applicant.

    Signals:
        edited(): a field was changed by the agent.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(4)
        for name, label, placeholder, max_len in _FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setMaxLength(max_len)
            edit.setPlaceholderText(self.tr(placeholder) if placeholder else "")
            edit.setAccessibleName(self.tr(label).replace("&", ""))
            edit.textEdited.connect(self._on_field_edited)
            error = QLabel()
            error.setProperty("role", "error")
            error.setWordWrap(True)
            error.setAccessibleName(
                self.tr("Erreur : {field}").format(field=label.replace("&", ""))
            )
            error.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(error)
            form.addRow(self.tr(label), column)
            buddy = form.labelForField(column)
            if isinstance(buddy, QLabel):
                buddy.setBuddy(edit)
            self.fields[name] = edit
            self.errors[name] = error
        self.fields["nationality"].textEdited.connect(self._upper_nationality)
        self.form_layout = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        self.general_error = QLabel()
        self.general_error.setProperty("role", "error")
        self.general_error.setAccessibleName(self.tr("Erreur"))
        self.general_error.hide()
        layout.addWidget(self.general_error)
        edits = list(self.fields.values())
        for first, second in itertools.pairwise(edits):
            QWidget.setTabOrder(first, second)

    def add_row(self, label: str, widget: QWidget) -> None:
        """Another row aligned with the applicant's fields (e.g. the procedure)."""
        self.form_layout.addRow(label, widget)
        buddy = self.form_layout.labelForField(widget)
        if isinstance(buddy, QLabel) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            buddy.setBuddy(widget)

    # --- reading and checking ----------------------------------------------------------
    def text(self, name: str) -> str:
        return self.fields[name].text().strip()

    def read(self) -> ApplicantInput:
        """The form's content, not yet validated (only the date is parsed here)."""
        return ApplicantInput(
            surname=self.text("surname"),
            given_names=self.text("given_names"),
            birth_date=parse_date(self.text("birth_date")),
            nationality=self.text("nationality"),
            numero_etranger=self.text("numero_etranger") or None,
            passport_number=self.text("passport_number") or None,
            postal_code=self.text("postal_code") or None,
            email=self.text("email") or None,
            phone=self.text("phone") or None,
        )

    def checked_input(self) -> ApplicantInput | None:
        """Validated content, or None after showing the message of the field at fault."""
        self.clear_errors()
        try:
            return validate(self.read())
        except InvalidInput as exc:
            self.show_error(exc)
            return None

    def show_error(self, exc: InvalidInput) -> None:
        """Show ``exc`` (InvalidField / InvalidIdentifier) beside its field."""
        field = str(exc.params.get("field") or "")
        message = "⚠ " + describe(exc)
        label = self.errors.get(field)
        if label is None:
            self.general_error.setText(message)
            self.general_error.show()
            return
        label.setText(message)
        label.show()
        edit = self.fields[field]
        edit.setProperty("invalid", True)
        edit.setAccessibleDescription(message)
        _repolish(edit)
        edit.setFocus()

    def clear_errors(self) -> None:
        for name, label in self.errors.items():
            label.clear()
            label.hide()
            edit = self.fields[name]
            if edit.property("invalid"):
                edit.setProperty("invalid", False)
                edit.setAccessibleDescription("")
                _repolish(edit)
        self.general_error.clear()
        self.general_error.hide()

    # --- filling and clearing ---------------------------------------------------------
    def load(self, applicant: Applicant) -> None:
        self.clear()
        values = {
            "surname": applicant.surname,
            "given_names": applicant.given_names,
            "birth_date": applicant.birth_date.strftime("%d/%m/%Y"),
            "nationality": applicant.nationality,
            "numero_etranger": applicant.numero_etranger,
            "passport_number": applicant.passport_number,
            "postal_code": applicant.postal_code,
            "email": applicant.email,
            "phone": applicant.phone,
        }
        for name, value in values.items():
            self.fields[name].setText(value or "")

    def clear(self) -> None:
        """Empty every field and message: nothing of the applicant stays on screen."""
        for edit in self.fields.values():
            edit.clear()
        self.clear_errors()

    def is_empty(self) -> bool:
        return not any(edit.text() for edit in self.fields.values())

    def _on_field_edited(self, _text: str) -> None:
        self.edited.emit()

    def _upper_nationality(self, text: str) -> None:
        edit = self.fields["nationality"]
        if text != text.upper():
            pos = edit.cursorPosition()
            edit.setText(text.upper())
            edit.setCursorPosition(pos)


def _repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
