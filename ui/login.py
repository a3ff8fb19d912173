"""Logging in, and creating the first administrator of a new counter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.app import Counter
from desk.domain.entities import Agent, Role
from desk.errors import DeskError, InvalidField
from desk.messages import describe
from desk.services import agents
from desk.services.common import Actor
from ui.worker import Task, run_task


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.hide()
    return label


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    row = QHBoxLayout()
    row.addStretch(1)
    cancel = QPushButton(dialog.tr("Quitter"))
    cancel.setAccessibleName(dialog.tr("Quitter Guichet"))
    cancel.clicked.connect(dialog.reject)
    ok = QPushButton(ok_text)
    ok.setProperty("primary", True)
    ok.setAccessibleName(ok_text)
    ok.setDefault(True)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row, ok, cancel


def _header(dialog: QDialog, title: str, site: str) -> QVBoxLayout:
    box = QVBoxLayout()
    brand = QLabel(dialog.tr("Guichet — accueil des étrangers"))
    brand.setProperty("role", "subtitle")
    heading = QLabel(title)
    heading.setProperty("role", "title")
    where = QLabel(site)
    where.setProperty("role", "mention")
    where.setWordWrap(True)
    for w in (brand, heading, where):
        box.addWidget(w)
    return box


class LoginDialog(QDialog):
    """Asks an agent's login and password and checks them with
    desk.services.agents.authenticate (off the GUI thread: argon2 is slow on purpose).

    Signals:
        logged_in(object): the authenticated Actor (the dialog is then accepted).
    """

    logged_in = Signal(object)

    def __init__(self, counter: Counter, login: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._task: Task | None = None
        self.setWindowTitle(self.tr("Guichet — connexion"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        cfg = counter.config
        where = self.tr("{site} — guichet {counter}").format(site=cfg.site, counter=cfg.counter)
        layout.addLayout(_header(self, self.tr("Connexion"), where))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.login_edit = QComboBox()
        self.login_edit.setEditable(True)
        self.login_edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.login_edit.addItems([a.login for a in agents.list_agents(counter)])
        self.login_edit.setCurrentText(login)
        self.login_edit.setAccessibleName(self.tr("Identifiant"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Mot de passe"))
        for text, edit in (
            (self.tr("&Identifiant"), self.login_edit),
            (self.tr("&Mot de passe"), self.password_edit),
        ):
            form.addRow(text, edit)
            form.labelForField(edit).setBuddy(edit)
        layout.addLayout(form)
        self.error_label = _error_label(self.tr("Erreur de connexion"))
        layout.addWidget(self.error_label)
        if cfg.extra.get("demo"):
            hint = QLabel(
                self.tr("Démonstration : les identifiants des agents sont dans {path}").format(
                    path=counter.home.root / "demo-credentials.txt"
                )
            )
            hint.setProperty("role", "hint")
            hint.setWordWrap(True)
            hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            hint.setAccessibleName(self.tr("Indication pour la démonstration"))
            self.demo_hint: QLabel | None = hint
            layout.addWidget(hint)
        else:
            self.demo_hint = None
        buttons, self.ok_button, self.quit_button = _buttons(self, self.tr("Se connecter"))
        self.ok_button.clicked.connect(self._on_ok_clicked)
        layout.addLayout(buttons)
        self.setTabOrder(self.login_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.ok_button)
        self.setTabOrder(self.ok_button, self.quit_button)
        (self.password_edit if login else self.login_edit).setFocus()

    def _on_ok_clicked(self) -> None:
        login = self.login_edit.currentText().strip()
        password = self.password_edit.text()
        if not login or not password:
            self._show_error(self.tr("Saisissez votre identifiant et votre mot de passe."))
            return
        self.ok_button.setEnabled(False)
        self.error_label.hide()
        self._task = run_task(
            agents.authenticate,
            self._counter,
            login,
            password,
            on_result=self._on_authenticated,
            on_error=self._on_failed,
            owner=self,
        )

    def _on_authenticated(self, actor: Actor) -> None:
        self._task = None
        self.password_edit.clear()
        self.logged_in.emit(actor)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._task = None
        self.ok_button.setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus()
        if isinstance(exc, DeskError):
            self._show_error(describe(exc))
        else:
            raise exc

    def _show_error(self, text: str) -> None:
        self.error_label.setText("⚠ " + text)
        self.error_label.show()

    def done(self, result: int) -> None:
        if self._task is not None:
            self._task.cancel()
        self.password_edit.clear()
        super().done(result)


class FirstAdminDialog(QDialog):
    """First run of a counter with no agent: creates the site administrator.

    Signals:
        created(object): the new Agent (the dialog is then accepted).
    """

    created = Signal(object)

    def __init__(self, counter: Counter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._task: Task | None = None
        self.setWindowTitle(self.tr("Guichet — premier démarrage"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addLayout(
            _header(self, self.tr("Créer l'administrateur du guichet"), counter.config.site)
        )
        intro = QLabel(
            self.tr(
                "Aucun agent n'est encore enregistré sur ce poste. Créez le compte de "
                "l'administrateur local ; il créera ensuite les comptes des agents."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.login_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.confirm_edit = QLineEdit()
        for edit in (self.password_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        rows = (
            (self.tr("&Identifiant"), self.login_edit),
            (self.tr("&Nom affiché"), self.name_edit),
            (self.tr("Mot de &passe"), self.password_edit),
            (self.tr("&Confirmation"), self.confirm_edit),
        )
        for text, edit in rows:
            edit.setAccessibleName(text.replace("&", ""))
            form.addRow(text, edit)
            form.labelForField(edit).setBuddy(edit)
        self.password_edit.setPlaceholderText(self.tr("10 caractères au moins"))
        layout.addLayout(form)
        self.error_label = _error_label(self.tr("Erreur de saisie"))
        layout.addWidget(self.error_label)
        buttons, self.ok_button, self.quit_button = _buttons(
            self, self.tr("Créer l'administrateur")
        )
        self.ok_button.clicked.connect(self._on_ok_clicked)
        layout.addLayout(buttons)
        self.login_edit.setFocus()

    def _on_ok_clicked(self) -> None:
        if self.password_edit.text() != self.confirm_edit.text():
            self._show_error(self.tr("Les deux mots de passe ne sont pas identiques."))
            self.confirm_edit.setFocus()
            return
        self.ok_button.setEnabled(False)
        self.error_label.hide()
        self._task = run_task(
            agents.create_agent,
            self._counter,
            self.login_edit.text(),
            self.name_edit.text(),
            Role.ADMINISTRATOR,
            self.password_edit.text(),
            on_result=self._on_created,
            on_error=self._on_failed,
            owner=self,
        )

    @property
    def login(self) -> str:
        return self.login_edit.text().strip().lower()

    def _on_created(self, agent: Agent) -> None:
        self._task = None
        self.created.emit(agent)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._task = None
        self.ok_button.setEnabled(True)
        if not isinstance(exc, DeskError):
            raise exc
        self._show_error(describe(exc))
        if isinstance(exc, InvalidField):
            target = {
                "login": self.login_edit,
                "display_name": self.name_edit,
                "password": self.password_edit,
            }.get(exc.field)
            if target is not None:
                target.setFocus()

    def _show_error(self, text: str) -> None:
        self.error_label.setText("⚠ " + text)
        self.error_label.show()

    def done(self, result: int) -> None:
        if self._task is not None:
            self._task.cancel()
        for edit in (self.password_edit, self.confirm_edit):
            edit.clear()
        super().done(result)
