"""The pages shown in the main window before an agent works: logging in, and creating
the first administrator of a new counter.

The log-in page is painted with the window's first frame, before the counter is open:
this module imports only PySide6 and light parts of desk at load time; the services
(SQLAlchemy, argon2) are imported when a button is pressed, once the counter is open.
Nor does it touch the ``Qt`` namespace before that: PySide6 builds its ~95 enums on
first access (≈80 ms here, a third of a bare window's start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.errors import DeskError, InvalidField
from desk.messages import describe
from ui.worker import Task, run_task

if TYPE_CHECKING:
    from desk.app import Counter
    from desk.domain.entities import Agent
    from desk.peek import CounterIdentity
    from desk.services.common import Actor


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.hide()
    return label


def _buttons(page: QWidget, ok_text: str) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    row = QHBoxLayout()
    row.addStretch(1)
    cancel = QPushButton(page.tr("Quitter"))
    cancel.setAccessibleName(page.tr("Quitter Guichet"))
    ok = QPushButton(ok_text)
    ok.setProperty("primary", True)
    ok.setAccessibleName(ok_text)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row, ok, cancel


def _header(page: QWidget, title: str) -> tuple[QVBoxLayout, QLabel]:
    box = QVBoxLayout()
    brand = QLabel(page.tr("Guichet — accueil des étrangers"))
    brand.setProperty("role", "subtitle")
    heading = QLabel(title)
    heading.setProperty("role", "title")
    where = QLabel()
    where.setProperty("role", "mention")
    where.setWordWrap(True)
    for w in (brand, heading, where):
        box.addWidget(w)
    return box, where


def _centred(page: QWidget, width: int) -> QVBoxLayout:
    """The page's content: a column ``width`` wide in the middle of the window."""
    box = QWidget(page)
    box.setFixedWidth(width)
    inner = QVBoxLayout(box)
    inner.setContentsMargins(28, 24, 28, 24)
    inner.setSpacing(12)
    # stretches, not an alignment flag: an aligned item loses its height-for-width and
    # the wrapped labels would be clipped
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(box)
    row.addStretch(1)
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return inner


class LoginPage(QWidget):
    """Asks an agent's login and password and checks them with
    desk.services.agents.authenticate (off the GUI thread: argon2 is slow on purpose).

    Shown before the counter is open: the fields take typing at once, "Se connecter"
    is enabled by :meth:`set_counter`; Enter pressed before that logs in as soon as
    the counter is open.

    Signals:
        logged_in(object): the authenticated Actor.
        quit_requested(): the agent chose "Quitter".
    """

    logged_in = Signal(object)
    quit_requested = Signal()

    def __init__(
        self, identity: CounterIdentity | None, login: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginPage")
        self._counter: Counter | None = None
        self._task: Task | None = None
        self._submit_when_open = False
        layout = _centred(self, 520)
        header, self.where_label = _header(self, self.tr("Connexion"))
        layout.addLayout(header)
        form = QFormLayout()  # labels on the left: Fusion's default
        self.login_edit = QComboBox()
        self.login_edit.setEditable(True)
        self.login_edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.login_edit.setCurrentText(login)
        self.login_edit.setAccessibleName(self.tr("Identifiant"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Mot de passe"))
        self.password_edit.returnPressed.connect(self._on_ok_clicked)
        for text, edit in (
            (self.tr("&Identifiant"), self.login_edit),
            (self.tr("&Mot de passe"), self.password_edit),
        ):
            form.addRow(text, edit)
            form.labelForField(edit).setBuddy(edit)
        layout.addLayout(form)
        self.state_label = QLabel(self.tr("Ouverture du guichet…"))
        self.state_label.setProperty("role", "mention")
        self.state_label.setAccessibleName(self.tr("État du guichet"))
        layout.addWidget(self.state_label)
        self.error_label = _error_label(self.tr("Erreur de connexion"))
        layout.addWidget(self.error_label)
        self.demo_hint = QLabel()
        self.demo_hint.setProperty("role", "hint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setAccessibleName(self.tr("Indication pour la démonstration"))
        self.demo_hint.hide()
        layout.addWidget(self.demo_hint)
        buttons, self.ok_button, self.quit_button = _buttons(self, self.tr("Se connecter"))
        self.ok_button.setEnabled(False)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.quit_button.clicked.connect(self.quit_requested)
        layout.addLayout(buttons)
        self.setTabOrder(self.login_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.ok_button)
        self.setTabOrder(self.ok_button, self.quit_button)
        self.set_identity(identity)
        self.setFocusProxy(self.password_edit if login else self.login_edit)

    @property
    def is_open(self) -> bool:
        """True once the counter is open and the agents known."""
        return self._counter is not None

    def set_identity(self, identity: CounterIdentity | None) -> None:
        text = ""
        if identity is not None:
            text = self.tr("{site} — guichet {counter}").format(
                site=identity.site, counter=identity.counter
            )
        self.where_label.setText(text)

    def set_counter(self, counter: Counter, logins: list[str]) -> None:
        """The counter is open: offer its agents' logins and enable "Se connecter"."""
        self._counter = counter
        typed = self.login_edit.currentText()
        self.login_edit.addItems(logins)
        self.login_edit.setCurrentText(typed)
        if counter.config.extra.get("demo"):
            from PySide6.QtCore import Qt

            self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.demo_hint.setText(
                self.tr("Démonstration : les identifiants des agents sont dans {path}").format(
                    path=counter.home.root / "demo-credentials.txt"
                )
            )
            self.demo_hint.show()
        self.state_label.hide()
        self.ok_button.setEnabled(True)
        if self._submit_when_open:
            self._submit_when_open = False
            self._on_ok_clicked()

    def set_busy(self, text: str) -> None:
        """Logging in without the agent's typing (``desk gui --password-stdin``)."""
        self.ok_button.setEnabled(False)
        self.state_label.setText(text)
        self.state_label.show()

    def _on_ok_clicked(self) -> None:
        login = self.login_edit.currentText().strip()
        password = self.password_edit.text()
        if not login or not password:
            self.show_error(self.tr("Saisissez votre identifiant et votre mot de passe."))
            return
        if self._counter is None:  # Enter before the counter is open: log in then
            self._submit_when_open = True
            self.state_label.setText(self.tr("Ouverture du guichet… connexion dès que prêt."))
            return
        if self._task is not None:
            return
        from desk.services import agents

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
        self.ok_button.setEnabled(True)
        self.logged_in.emit(actor)

    def _on_failed(self, exc: BaseException) -> None:
        self._task = None
        self.ok_button.setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus()
        if isinstance(exc, DeskError):
            self.show_error(describe(exc))
        else:
            raise exc

    def show_error(self, text: str) -> None:
        self.state_label.hide()
        self.ok_button.setEnabled(self.is_open)
        self.error_label.setText("⚠ " + text)
        self.error_label.show()

    def clear(self) -> None:
        """Forget the password typed (the page is left or the window closes)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._submit_when_open = False
        self.password_edit.clear()


class FirstAdminPage(QWidget):
    """First run of a counter with no agent: creates the site administrator.

    Signals:
        created(object): the new Agent.
        quit_requested(): the agent chose "Quitter".
    """

    created = Signal(object)
    quit_requested = Signal()

    def __init__(self, counter: Counter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstAdminPage")
        self._counter = counter
        self._task: Task | None = None
        layout = _centred(self, 580)
        header, where = _header(self, self.tr("Créer l'administrateur du guichet"))
        where.setText(counter.config.site)
        layout.addLayout(header)
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
        self.confirm_edit.returnPressed.connect(self._on_ok_clicked)
        self.password_edit.setPlaceholderText(self.tr("10 caractères au moins"))
        layout.addLayout(form)
        self.error_label = _error_label(self.tr("Erreur de saisie"))
        layout.addWidget(self.error_label)
        buttons, self.ok_button, self.quit_button = _buttons(
            self, self.tr("Créer l'administrateur")
        )
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.quit_button.clicked.connect(self.quit_requested)
        layout.addLayout(buttons)
        self.setFocusProxy(self.login_edit)

    def _on_ok_clicked(self) -> None:
        if self._task is not None:
            return
        if self.password_edit.text() != self.confirm_edit.text():
            self._show_error(self.tr("Les deux mots de passe ne sont pas identiques."))
            self.confirm_edit.setFocus()
            return
        from desk.domain.entities import Role
        from desk.services import agents

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
        self.clear()
        self.created.emit(agent)

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

    def clear(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        for edit in (self.password_edit, self.confirm_edit):
            edit.clear()
