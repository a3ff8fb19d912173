"""The substitution deposit form (arrêté of 1 August 2023): mode, proof, reason,
post details or the saved e-mail, and the supervisor's justification."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.app import Counter
from desk.domain.entities import Dossier
from desk.domain.substitution import PostDetails
from desk.errors import DeskError, Refused
from desk.messages import reason_text
from desk.security.roles import Action, allowed
from desk.services import dossiers
from desk.services.common import Actor
from desk.services.substitution import SubstitutionInput, file_substitution
from ui.dossier.applicant_form import parse_date
from ui.filing.common import clear, fr_date, message_label, show_error, show_info

MODES = (
    ("counter", "Au guichet (rendez-vous)"),
    ("post", "Par courrier"),
    ("email", "Par courriel"),
)
PROOFS = (
    ("ccc", "Document du centre de contact citoyens (CCC)"),
    ("prefecture", "Document de la préfecture ou sous-préfecture"),
)
REASONS = (
    ("blocked-account", "Compte bloqué"),
    ("procedure-not-offered", "Démarche non proposée en ligne"),
    ("technical-error", "Erreur technique répétée"),
    ("no-email", "Pas d'adresse électronique"),
    ("other", "Autre (préciser)"),
)


class SubstitutionForm(QWidget):
    """Register an application by the substitution solution.

    Signals:
        dossier_changed(object): the Dossier after the deposit.
    """

    dossier_changed = Signal(object)

    def __init__(self, counter: Counter, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._actor = actor
        self._number: str | None = None
        cfg = counter.config
        self.mode = QComboBox()
        for code, label in MODES:
            offered = code == "counter" or (
                cfg.substitution_post if code == "post" else bool(cfg.substitution_email)
            )
            if offered:
                self.mode.addItem(self.tr(label), code)
        self.mode.setAccessibleName(self.tr("Mode de dépôt"))
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.proof = QComboBox()
        for code, label in PROOFS:
            self.proof.addItem(self.tr(label), code)
        self.proof.setAccessibleName(self.tr("Document de preuve"))
        self.proof_ref = self._edit(self.tr("Référence du document de preuve"), 128)
        self.proof_date = self._edit(self.tr("Date du document de preuve"), 10, "JJ/MM/AAAA")
        self.proof_scan, proof_row = self._file_row(self.tr("Scan du document de preuve"))
        self.reason = QComboBox()
        for code, label in REASONS:
            self.reason.addItem(self.tr(label), code)
        self.reason.setAccessibleName(self.tr("Cause de l'échec du dépôt en ligne"))
        self.reason_text = self._edit(self.tr("Précision sur la cause"), 500)
        self.post_received = self._edit(self.tr("Date de réception du courrier"), 10, "JJ/MM/AAAA")
        self.postmark = self._edit(self.tr("Date du cachet de la poste"), 10, "JJ/MM/AAAA")
        self.registered = self._edit(self.tr("Numéro de recommandé"), 64)
        self.eml, eml_row = self._file_row(self.tr("Courriel enregistré (.eml)"), "*.eml")
        self.justification = self._edit(self.tr("Motif de la dérogation (superviseur)"), 1000)
        may_override = allowed(actor.role, Action.OVERRIDE_DEPARTEMENT)
        self.justification.setEnabled(may_override)
        if not may_override:
            self.justification.setPlaceholderText(self.tr("Réservé au superviseur"))
        self.submit = QPushButton(self.tr("Enregistrer le &dépôt de substitution"))
        self.submit.setProperty("primary", True)
        self.submit.setAccessibleName(self.tr("Enregistrer le dépôt de substitution"))
        self.submit.clicked.connect(self._on_submit_clicked)
        self.message = message_label(self.tr("Résultat du dépôt"))

        form = QFormLayout()
        self.form = form
        form.addRow(self.tr("Mode"), self.mode)
        form.addRow(self.tr("Preuve"), self.proof)
        form.addRow(self.tr("Référence"), self.proof_ref)
        form.addRow(self.tr("Date de la preuve"), self.proof_date)
        form.addRow(self.tr("Scan de la preuve"), proof_row)
        form.addRow(self.tr("Cause"), self.reason)
        form.addRow(self.tr("Précision"), self.reason_text)
        form.addRow(self.tr("Reçu le"), self.post_received)
        form.addRow(self.tr("Cachet de la poste"), self.postmark)
        form.addRow(self.tr("Recommandé n°"), self.registered)
        form.addRow(self.tr("Courriel (.eml)"), eml_row)
        form.addRow(self.tr("Dérogation"), self.justification)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.submit)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._on_mode_changed()

    def _edit(self, name: str, max_len: int, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setMaxLength(max_len)
        edit.setPlaceholderText(self.tr(placeholder) if placeholder else "")
        return edit

    def _file_row(self, name: str, pattern: str = "") -> tuple[QLineEdit, QWidget]:
        edit = self._edit(name, 1000)
        button = QPushButton(self.tr("Choisir…"))
        button.setAccessibleName(self.tr("Choisir : {name}").format(name=name))
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(edit, 1)
        lay.addWidget(button)

        def choose() -> None:
            path, _ = QFileDialog.getOpenFileName(self, name, "", pattern)
            if path:
                edit.setText(path)

        button.clicked.connect(choose)
        return edit, row

    def _on_mode_changed(self) -> None:
        mode = self.mode.currentData()
        for widget, shown in (
            (self.post_received, mode == "post"),
            (self.postmark, mode == "post"),
            (self.registered, mode == "post"),
            (self.eml.parentWidget(), mode == "email"),
        ):
            widget.setVisible(shown)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setVisible(shown)

    def set_dossier(self, dossier: Dossier | None) -> None:
        self._number = dossier.number if dossier else None
        for edit in (
            self.proof_ref,
            self.proof_date,
            self.proof_scan,
            self.reason_text,
            self.post_received,
            self.postmark,
            self.registered,
            self.eml,
            self.justification,
        ):
            edit.clear()
        self.mode.setCurrentIndex(0)
        self.proof.setCurrentIndex(0)
        self.reason.setCurrentIndex(0)
        clear(self.message)

    def read(self) -> SubstitutionInput:
        """The form as the service takes it (dates parsed; raises InvalidField)."""

        def day(edit: QLineEdit, field: str) -> object:
            return parse_date(edit.text(), field) if edit.text().strip() else None

        mode = str(self.mode.currentData())
        post = None
        if mode == "post":
            post = PostDetails(
                day(self.post_received, "post_received"),  # type: ignore[arg-type]
                day(self.postmark, "postmark"),  # type: ignore[arg-type]
                self.registered.text(),
            )
        scan = self.proof_scan.text().strip()
        eml = self.eml.text().strip()
        return SubstitutionInput(
            mode=mode,
            proof_kind=str(self.proof.currentData()),
            proof_reference=self.proof_ref.text(),
            proof_date=day(self.proof_date, "proof_date"),  # type: ignore[arg-type]
            proof_scan=Path(scan) if scan else None,
            reason=str(self.reason.currentData()),
            reason_text=self.reason_text.text(),
            post=post,
            eml=Path(eml) if eml and mode == "email" else None,
            override_justification=self.justification.text(),
        )

    def _on_submit_clicked(self) -> None:
        if self._number is None:
            return
        clear(self.message)
        try:
            out = file_substitution(self._counter, self._actor, self._number, self.read())
        except Refused as exc:
            refusals = exc.params.get("refusals") or [exc.reason]
            show_error(self.message, exc)
            self.message.setText(
                "⚠ " + "\n⚠ ".join(reason_text(str(code)) for code in refusals)  # every rule
            )
            return
        except DeskError as exc:
            show_error(self.message, exc)
            return
        number = self._number
        self.dossier_changed.emit(dossiers.get_dossier(self._counter, number, self._actor))
        if out.missing:
            text = self.tr("Demande enregistrée ; pièces manquantes à fournir avant le {day}.")
            show_info(self.message, text.format(day=fr_date(out.deadline)))
        else:
            text = self.tr("Dépôt enregistré. Sans réponse le {day} : décision implicite.")
            show_info(self.message, text.format(day=fr_date(out.implicit_decision_on)))
