"""Plugs identity into the main window.

- An MRZ typed by a keyboard-wedge reader anywhere in the window (or received from
  the serial reader of counter.toml) opens a new dossier if needed and fills the
  applicant form.
- While an applicant is being entered, the applicants that may be the same person
  (desk.services.applicants.find_matches) are listed under the form; picking one
  makes the new dossier that applicant's instead of creating a duplicate.
- Identity alerts (expired passport, permit renewal window, under 18) are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from desk.app import Counter
from desk.domain.alerts import Alert, identity_alerts
from desk.domain.entities import Applicant, Dossier
from desk.domain.mrz import Mrz
from desk.errors import DeskError
from desk.services import applicants, identity
from desk.services.applicants import ApplicantInput
from desk.services.common import Actor
from ui.dossier.applicant_form import ApplicantForm, parse_date
from ui.identity.panel import MatchPanel
from ui.identity.serial_reader import SerialMrzReader, reader_settings
from ui.identity.wedge import MrzWedge
from ui.worker import Task, run_task

if TYPE_CHECKING:
    from desk.capture.mrz_ocr import MrzReading
    from ui.main_window import MainWindow

#: pause after the last edit of the form before duplicates are looked up
MATCH_DELAY_MS = 400


@dataclass(frozen=True)
class DocumentDates:
    """Expiry dates an MRZ gave for the applicant on screen."""

    birth: date | None = None
    passport_expiry: date | None = None
    permit_expiry: date | None = None


def document_dates(mrz: Mrz) -> DocumentDates:
    """A passport's expiry, or a residence permit's (a French card that is not a visa)."""
    kind = mrz.document_type[:1]
    passport = mrz.expiry_date if kind == "P" else None
    permit = mrz.expiry_date if kind in "ACI" and mrz.issuing_state == "FRA" else None
    return DocumentDates(mrz.birth_date, passport, permit)


def fill_form(form: ApplicantForm, mrz: Mrz) -> None:
    """Put the MRZ's identity in the applicant form (the agent checks and saves)."""
    values = {
        "surname": mrz.surname,
        "given_names": mrz.given_names,
        "birth_date": mrz.birth_date.strftime("%d/%m/%Y") if mrz.birth_date else "",
        "nationality": mrz.nationality if len(mrz.nationality) == 3 else "D",
    }
    if mrz.document_type.startswith("P"):
        values["passport_number"] = mrz.document_number
    for name, value in values.items():
        form.fields[name].setText(value)
    form.clear_errors()


class IdentityController(QObject):
    def __init__(self, window: MainWindow, counter: Counter, actor: Actor) -> None:
        super().__init__(window)
        self.window = window
        self.counter = counter
        self.actor = actor
        self.view = window.dossier_view
        self.form = self.view.form
        self.last_mrz: Mrz | None = None
        self._dates = DocumentDates()
        self._task: Task | None = None
        self.panel = MatchPanel()
        self.form.add_row(self.tr("Identité"), self.panel)
        self.panel.picked.connect(self.use_applicant)
        self.wedge = MrzWedge(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.wedge)
        self.wedge.mrz_read.connect(self.on_mrz)
        # the passport's identity page captured as the passport piece fills the form
        self._identity_page: str | None = None
        capture_panel = getattr(window, "capture_panel", None)
        if capture_panel is not None:
            capture_panel.dossier_changed.connect(self._on_capture_changed)
        self.serial: SerialMrzReader | None = None
        settings = reader_settings(counter.config)
        if settings is not None:
            self.serial = SerialMrzReader(*settings, parent=self)
            self.serial.mrz_read.connect(self.on_mrz)
            self.serial.start()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(MATCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.form.edited.connect(self._timer.start)
        self.view.dossier_changed.connect(self._on_dossier_changed)
        self.view.cleared.connect(self._on_dossier_changed)
        window.destroyed.connect(self.detach)

    # --- MRZ ---------------------------------------------------------------------------
    def on_mrz(self, mrz: Mrz) -> None:
        """An MRZ arrived from a reader: fill the form of a new dossier."""
        self._remove_burst()
        if self.view.dossier is not None or self.window.stack.currentWidget() is not self.view:
            self.window.new_dossier()
        elif not self.form.is_empty():
            self.view.clear()
        self.last_mrz = mrz
        self._dates = document_dates(mrz)
        fill_form(self.form, mrz)
        if not mrz.valid:
            self.panel.show_mrz_errors(list(mrz.errors))
        self.refresh()

    def _on_capture_changed(self, dossier: Dossier) -> Task | None:
        """Pages were captured: when the passport piece has a new first page, read its
        MRZ off the GUI thread and fill the applicant form with it."""
        piece = next((p for p in dossier.pieces if p.code == identity.IDENTITY_PIECE), None)
        if piece is None or not piece.pages or piece.pages[0].blob == self._identity_page:
            return None
        self._identity_page = piece.pages[0].blob
        return run_task(
            identity.read_identity_page,
            self.counter,
            self.actor,
            dossier.number,
            on_result=self._on_identity_page,
            on_error=self._on_identity_page_failed,
            owner=self,
        )

    def _on_identity_page(self, reading: MrzReading | None) -> None:
        if reading is None:
            return
        mrz = reading.mrz
        self.last_mrz = mrz
        self._dates = document_dates(mrz)
        fill_form(self.form, mrz)  # the agent checks and saves, as with a reader
        if not mrz.valid:
            self.panel.show_mrz_errors(list(mrz.errors))

    def _on_identity_page_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DeskError):
            raise exc
        # no MRZ found on the page: nothing to fill, the agent types the identity

    def _remove_burst(self) -> None:
        """The reader typed into the focused field: take its characters out again."""
        edit = QApplication.focusWidget()
        if not isinstance(edit, QLineEdit):
            return
        text = edit.text()
        for line in self.wedge.burst_text.split("\n"):
            for k in range(len(line), 0, -1):  # the field may hold only part of a line
                if line[:k] and line[:k] in text:
                    text = text.replace(line[:k], "", 1)
                    break
        if text != edit.text():
            edit.setText(text.strip())

    # --- duplicates and alerts -----------------------------------------------------------
    def query(self) -> ApplicantInput | None:
        """What the form holds, when it is enough to look for the same person."""
        if not self.form.text("surname"):
            return None
        try:
            born = parse_date(self.form.text("birth_date"))
        except DeskError:
            born = None
        numero = self.form.text("numero_etranger") or None
        passport = self.form.text("passport_number") or None
        if born is None and not (numero or passport):
            return None
        return ApplicantInput(
            surname=self.form.text("surname"),
            given_names=self.form.text("given_names"),
            birth_date=born or date(1, 1, 1),
            nationality=self.form.text("nationality"),
            numero_etranger=numero,
            passport_number=passport,
        )

    def refresh(self) -> Task | None:
        """Look for duplicates off the GUI thread; show the alerts now."""
        self._timer.stop()
        if self.view.dossier is not None:
            self.panel.clear()
            return None
        self.panel.show_alerts(self.alerts())
        query = self.query()
        if query is None:
            self.panel.show_candidates([])
            return None
        if self._task is not None:
            self._task.cancel()
        self._task = run_task(
            applicants.find_matches,
            self.counter,
            query,
            on_result=self._on_matches,
            on_error=self._on_failed,
            owner=self,
        )
        return self._task

    def alerts(self) -> list[Alert]:
        try:
            born: date | None = parse_date(self.form.text("birth_date"))
        except DeskError:
            born = None
        return identity_alerts(
            date.today(),
            birth=born,
            passport_expiry=self._dates.passport_expiry,
            permit_expiry=self._dates.permit_expiry,
        )

    def _on_matches(self, found: list[Applicant]) -> None:
        self._task = None
        chosen = self.view.chosen_applicant_id
        self.panel.show_candidates(found, chosen)

    def _on_failed(self, exc: BaseException) -> None:
        self._task = None
        if not isinstance(exc, DeskError):
            raise exc
        self.panel.show_candidates([])

    def use_applicant(self, applicant: Applicant) -> None:
        """The agent recognised an existing applicant: the new dossier will be theirs."""
        self.form.load(applicant)
        if self.last_mrz is not None and self.last_mrz.document_type.startswith("P"):
            self.form.fields["passport_number"].setText(self.last_mrz.document_number)
        self.view.chosen_applicant_id = applicant.id
        self.panel.mark_chosen(applicant.id)

    def _on_dossier_changed(self, _dossier: object = None) -> None:
        self.panel.clear()
        self.last_mrz = None
        self._dates = DocumentDates()

    def detach(self) -> None:
        """Stop listening to the readers (the window or the agent's session closes)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.wedge)
        if self.serial is not None:
            self.serial.stop()


def attach(window: MainWindow, counter: Counter, actor: Actor) -> IdentityController:
    return IdentityController(window, counter, actor)
