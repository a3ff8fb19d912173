"""The assisted online filing panel: opens the démarche page, prepares the upload
folder, shows the steps and the missing pieces, watches the downloads folder for the
attestation de dépôt, cross-checks it, records the filing and wipes the workstation.

There is no field for the applicant's online-account password: the applicant types it
in the browser, Guichet never sees it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
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
from desk.domain.filing import AttestationCheck
from desk.errors import DeskError, Refused
from desk.filing.assisted import AssistedFiling
from desk.messages import FILING_STEPS, reason_text
from desk.services import dossiers
from desk.services.common import Actor
from ui.filing.common import clear, fr_date, message_label, show_error, show_info
from ui.worker import run_task

POLL_MS = 1000


def default_downloads() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation))


class AssistedFilingPanel(QWidget):
    """Guided online filing of the dossier shown.

    Signals:
        dossier_changed(object): the Dossier after the filing was recorded.
    """

    dossier_changed = Signal(object)

    def __init__(
        self,
        counter: Counter,
        actor: Actor,
        downloads: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._counter = counter
        self._actor = actor
        self._dossier: Dossier | None = None
        self.session: AssistedFiling | None = None
        self.attestation: Path | None = None
        self.open_url = QDesktopServices.openUrl  # replaced in tests (no browser there)
        self.steps = QListWidget()
        self.steps.setAccessibleName(self.tr("Étapes du dépôt en ligne"))
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setAccessibleName(self.tr("Pièces manquantes"))
        self.open_button = QPushButton(self.tr("&Ouvrir la démarche en ligne"))
        self.open_button.setAccessibleName(self.tr("Ouvrir la démarche en ligne"))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.prepare_button = QPushButton(self.tr("&Préparer les fichiers à déposer"))
        self.prepare_button.setAccessibleName(self.tr("Préparer les fichiers à déposer"))
        self.prepare_button.clicked.connect(self._on_prepare_clicked)
        self.folder = QLineEdit()
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName(self.tr("Dossier de dépôt"))
        self.files = QListWidget()
        self.files.setAccessibleName(self.tr("Fichiers prêts"))
        self.files.setMaximumHeight(110)
        self.downloads = QLineEdit(str(downloads or default_downloads()))
        self.downloads.setAccessibleName(self.tr("Dossier des téléchargements"))
        self.watch_button = QPushButton(self.tr("&Surveiller les téléchargements"))
        self.watch_button.setAccessibleName(self.tr("Surveiller les téléchargements"))
        self.watch_button.clicked.connect(self._on_watch_clicked)
        self.anef_number = QLineEdit()
        self.anef_number.setAccessibleName(self.tr("Numéro de dossier ANEF"))
        self.anef_number.setMaxLength(40)
        self.check_label = message_label(self.tr("Contrôle de l'attestation"))
        self.record_button = QPushButton(self.tr("&Enregistrer le dépôt en ligne"))
        self.record_button.setProperty("primary", True)
        self.record_button.setAccessibleName(self.tr("Enregistrer le dépôt en ligne"))
        self.record_button.clicked.connect(self._on_record_clicked)
        self.wipe_button = QPushButton(self.tr("Abandonner et &effacer les fichiers"))
        self.wipe_button.setAccessibleName(self.tr("Abandonner et effacer les fichiers"))
        self.wipe_button.clicked.connect(self._on_wipe_clicked)
        self.message = message_label(self.tr("Résultat"))
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.prepare_button)
        form = QFormLayout()
        form.addRow(self.tr("Étapes"), self.steps)
        form.addRow(self.tr("Manquantes"), self.missing)
        form.addRow(self.tr("Dossier de dépôt"), self.folder)
        form.addRow(self.tr("Fichiers"), self.files)
        watch = QHBoxLayout()
        watch.addWidget(self.downloads, 1)
        watch.addWidget(self.watch_button)
        form.addRow(self.tr("Téléchargements"), watch)
        form.addRow(self.tr("N° ANEF"), self.anef_number)
        bottom = QHBoxLayout()
        bottom.addWidget(self.record_button)
        bottom.addWidget(self.wipe_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.check_label)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        layout.addStretch(1)

    # --- dossier ---------------------------------------------------------------------
    def set_dossier(self, dossier: Dossier | None) -> None:
        same = dossier is not None and self._dossier is not None and self._dossier.id == dossier.id
        if not same:
            self._end_session()
            self.anef_number.clear()
            clear(self.check_label)
            clear(self.message)
        self._dossier = dossier
        self.steps.clear()
        self.missing.clear()
        enabled = dossier is not None and self._counter.catalogue.procedure(dossier.procedure).anef
        for w in (self.open_button, self.prepare_button, self.watch_button, self.record_button):
            w.setEnabled(bool(enabled))
        if dossier is None:
            return
        self._new_session()

    def _new_session(self) -> None:
        if self._dossier is None or self.session is not None:
            return
        try:
            self.session = AssistedFiling(
                self._counter, self._actor, self._dossier.number, Path(self.downloads.text())
            )
        except DeskError as exc:
            show_error(self.message, exc)
            return
        plan = self.session.plan
        for i, step in enumerate(plan.steps, 1):
            self.steps.addItem(f"{i}. {FILING_STEPS[step]}")
        self.missing.setText(
            "\n".join(f"⚠ {label}" for _, label in plan.missing) or self.tr("✔ Aucune")
        )

    def _end_session(self) -> None:
        """Stop watching and wipe what this session left on the workstation."""
        self.timer.stop()
        if self.session is not None:
            self.session.wipe()
        self.session = None
        self.attestation = None
        self.folder.clear()
        self.files.clear()

    # --- actions ---------------------------------------------------------------------
    def _on_open_clicked(self) -> None:
        if self.session is not None:
            self.open_url(QUrl(self.session.plan.url))

    def _on_prepare_clicked(self) -> None:
        if self.session is None:
            return
        self.prepare_button.setEnabled(False)
        run_task(
            self.session.prepare,
            on_result=self._on_prepared,
            on_error=self._on_task_failed,
            owner=self,
        )

    def _on_prepared(self, folder: Path) -> None:
        self.prepare_button.setEnabled(True)
        self.folder.setText(str(folder))
        self.files.clear()
        for f in self.session.files if self.session else []:
            size = f"{f.size / 1_000_000:.1f} Mo"
            warn = self.tr(" ⚠ trop volumineux") if f.too_large else ""
            self.files.addItem(f"{f.upload.filename} — {f.upload.label} ({size}){warn}")

    def _on_watch_clicked(self) -> None:
        if self.session is None:
            return
        self.session.watcher.folder = Path(self.downloads.text())
        self.timer.start()
        show_info(self.message, self.tr("Surveillance des téléchargements en cours…"))

    def _on_timer_timeout(self) -> None:
        if self.session is None:
            self.timer.stop()
            return
        for path in self.session.watcher.poll():
            if path.suffix.lower() == ".pdf":
                self.timer.stop()
                self.attestation = path
                typed = self.anef_number.text().strip() or None
                run_task(
                    self.session.check,
                    path,
                    typed,
                    on_result=self._on_checked,
                    on_error=self._on_task_failed,
                    owner=self,
                )
                return

    def _on_checked(self, check: AttestationCheck) -> None:
        if check.anef_number and not self.anef_number.text().strip():
            self.anef_number.setText(check.anef_number)
        if check.ok:
            show_info(self.check_label, self.tr("Attestation de dépôt conforme au dossier."))
        else:
            show_error(self.check_label, Refused(check.mismatches[0]))
            self.check_label.setText(
                "\n".join("⚠ " + reason_text(code) for code in check.mismatches)
            )

    def _on_task_failed(self, exc: BaseException) -> None:
        self.prepare_button.setEnabled(True)
        show_error(self.message, exc)

    def _on_record_clicked(self) -> None:
        if self.session is None or self._dossier is None:
            return
        clear(self.message)
        try:
            out = self.session.finish(self.anef_number.text().strip() or None, self.attestation)
        except DeskError as exc:  # a mismatch is refused, never silently accepted
            show_error(self.message, exc)
            return
        self.session = None  # finish() wiped the folder and the downloads
        self.timer.stop()
        self.folder.clear()
        self.files.clear()
        self.dossier_changed.emit(
            dossiers.get_dossier(self._counter, self._dossier.number, self._actor)
        )
        show_info(
            self.message,
            self.tr("Dépôt en ligne enregistré (n° {number}). Décision implicite le {day}.").format(
                number=out.anef_number, day=fr_date(out.implicit_decision_on)
            ),
        )

    def _on_wipe_clicked(self) -> None:
        self._end_session()
        self._new_session()
        show_info(self.message, self.tr("Fichiers du dépôt effacés du poste."))
