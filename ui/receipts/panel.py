"""The "Reçus" panel of the dossier view: issue the receipt the dossier calls for and
print it on the counter's printer at once (a dialog on request), or reprint the last
one as a duplicata. Rendering and painting run off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.app import Counter
from desk.domain.entities import Dossier
from desk.errors import DeskError
from desk.messages import describe
from desk.receipts.data import ReceiptKind
from desk.receipts.printing import PrintFailed
from desk.services import dossiers, receipts
from desk.services.common import Actor
from desk.services.receipts import IssuedReceipt
from ui.receipts.printing import counter_printer, paint_pdf, prepare
from ui.worker import Task, run_task


class ReceiptsPanel(QWidget):
    """Signals: dossier_changed(object) after a receipt was issued or reprinted (its
    history changed); printed(object) with the IssuedReceipt once it is on paper."""

    dossier_changed = Signal(object)
    printed = Signal(object)

    def __init__(self, counter: Counter, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._actor = actor
        self._dossier: Dossier | None = None
        self._task: Task | None = None
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(self.tr("Type de reçu"))
        self.kind_combo.addItem(self.tr("Selon l'état du dossier"), None)
        for kind, label in (
            (ReceiptKind.ACCOMPAGNEMENT, self.tr("Fiche d'accompagnement (dépôt en ligne)")),
            (ReceiptKind.ACCUSE_RECEPTION, self.tr("Accusé de réception")),
            (ReceiptKind.RECEPISSE, self.tr("Récépissé (dossier complet)")),
            (ReceiptKind.PIECES_COMPLEMENTAIRES, self.tr("Demande de pièces complémentaires")),
        ):
            self.kind_combo.addItem(label, kind.value)
        self.lang_combo = QComboBox()
        self.lang_combo.setAccessibleName(self.tr("Langue des explications"))
        self.lang_combo.addItem(self.tr("Français"), "fr")
        self.lang_combo.addItem(self.tr("Français et anglais"), "en")
        self.print_button = QPushButton(self.tr("Imprimer le reçu"))
        self.print_button.setDefault(True)
        self.dialog_button = QPushButton(self.tr("Imprimer sur…"))
        self.dialog_button.setAccessibleName(self.tr("Imprimer en choisissant l'imprimante"))
        self.reprint_button = QPushButton(self.tr("Réimprimer (duplicata)"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message d'impression"))
        self.print_button.clicked.connect(lambda: self.print_receipt(dialog=False))
        self.dialog_button.clicked.connect(lambda: self.print_receipt(dialog=True))
        self.reprint_button.clicked.connect(lambda: self.reprint())
        form = QFormLayout()
        form.addRow(self.tr("Reçu :"), self.kind_combo)
        form.addRow(self.tr("Langue :"), self.lang_combo)
        buttons = QHBoxLayout()
        for b in (self.print_button, self.dialog_button, self.reprint_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.set_dossier(None)

    # --- the dossier view's panel protocol -----------------------------------------
    def set_dossier(self, dossier: Dossier | None) -> None:
        self._dossier = dossier
        for b in (self.print_button, self.dialog_button, self.reprint_button):
            b.setEnabled(dossier is not None and self._task is None)
        if dossier is None:
            self._say("")

    # --- actions --------------------------------------------------------------------
    def print_receipt(self, dialog: bool = False) -> Task | None:
        """Issue the receipt and print it (on the configured printer, or as chosen)."""
        if self._dossier is None:
            return None
        kind, lang = self.kind_combo.currentData(), self.lang_combo.currentData()
        return self._start(
            receipts.issue_receipt,
            dialog,
            self._counter,
            self._actor,
            self._dossier.number,
            kind,
            lang,
        )

    def reprint(self, dialog: bool = False) -> Task | None:
        """Print the dossier's last receipt again, marked DUPLICATA n° k."""
        if self._dossier is None:
            return None
        return self._start(
            receipts.reprint_receipt, dialog, self._counter, self._actor, self._dossier.number
        )

    def _start(self, fn: object, dialog: bool, *args: object) -> Task | None:
        printer: QPrinter | None = None
        if dialog:  # the dialog comes first: nothing is issued if the agent cancels
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if self._counter.config.printer:
                printer.setPrinterName(self._counter.config.printer)
            chooser = QPrintDialog(printer, self)
            if chooser.exec() != QDialog.DialogCode.Accepted:
                return None
        self._busy(True)
        self._say(self.tr("Impression en cours…"))
        self._task = run_task(
            self._issue_and_print,
            fn,
            printer,
            *args,
            on_result=self._on_printed,
            on_error=self._on_failed,
            owner=self,
        )
        return self._task

    def _issue_and_print(
        self, fn: object, printer: QPrinter | None, *args: object
    ) -> tuple[IssuedReceipt, Dossier, DeskError | None]:
        """Pool thread: record the receipt, then paint it. A printing failure is
        returned, not raised: the receipt is recorded either way."""
        issued: IssuedReceipt = fn(*args)  # type: ignore[operator]
        dossier = dossiers.get_dossier(self._counter, issued.dossier, self._actor)
        try:
            if printer is None:
                printer = counter_printer(self._counter.config.printer, issued.number)
            else:
                prepare(printer, issued.number)
            paint_pdf(issued.pdf, printer, issued.number)
        except PrintFailed as exc:
            return issued, dossier, exc
        return issued, dossier, None

    def _on_printed(self, result: tuple[IssuedReceipt, Dossier, DeskError | None]) -> None:
        issued, dossier, failure = result
        self._busy(False)
        self.dossier_changed.emit(dossier)
        what = (
            self.tr("Duplicata n° {k} du reçu {n}").format(k=issued.copy, n=issued.number)
            if issued.copy
            else self.tr("Reçu {n}").format(n=issued.number)
        )
        if failure is not None:
            self._say("⚠ " + describe(failure), error=True)
            return
        self._say(self.tr("{what} imprimé.").format(what=what))
        self.printed.emit(issued)

    def _on_failed(self, exc: BaseException) -> None:
        self._busy(False)
        if not isinstance(exc, DeskError):
            raise exc
        self._say("⚠ " + describe(exc), error=True)

    # --- look -----------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        if not busy:
            self._task = None
        for b in (self.print_button, self.dialog_button, self.reprint_button):
            b.setEnabled(not busy and self._dossier is not None)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "mention")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
