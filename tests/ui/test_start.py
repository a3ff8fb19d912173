"""The start path: the main window painted first with its log-in page, the counter
opened behind it in the worker, "Se connecter" enabled once it is open, a counter
that cannot open explained in French (docs/ARCHITECTURE.md "Start-up")."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desk.app import open_counter
from desk.config import CounterConfig
from desk.domain.entities import Role
from desk.services import agents
from tests.ui.conftest import PASSWORD
from tests.ui.helpers import click, type_into
from ui.login import LoginPage
from ui.session import CounterSession, OpenFailedPage
from ui.worker import wait_all

LOGIN = "a.dupont"


def _home(root: Path, with_agent: bool = True) -> Path:
    cfg = CounterConfig(prefecture="69", departement="69", site="Lyon — Accueil", counter=3)
    counter = open_counter(root, cfg)
    try:
        if with_agent:
            agents.create_agent(counter, LOGIN, "Alix Dupont", Role.AGENT, PASSWORD)
    finally:
        counter.close()
    return root


def _end(session: CounterSession) -> None:
    session.close()
    wait_all()
    session.close_counter()


def test_the_window_is_painted_with_its_login_page_before_the_counter_opens(
    qtbot: QtBot, tmp_path: Path
) -> None:
    home = _home(tmp_path / "home")
    session = CounterSession(home=home, login=LOGIN)
    events: list[str] = []
    session.opened.connect(lambda _counter: events.append("opened"))
    try:
        session.start()
        window = session.window
        assert window is not None
        window.first_shown.connect(lambda: events.append("painted"))
        # start() returned with the window up and nothing opened yet
        assert session.counter is None
        assert window.isVisible()
        page = window.page
        assert isinstance(page, LoginPage)
        assert page.isVisible()
        assert not page.ok_button.isEnabled()
        assert page.state_label.text() == "Ouverture du guichet…"
        assert window.counter_label.text() == "Préfecture 069 · Lyon — Accueil · guichet 03"
        assert window.windowTitle() == "Guichet — Lyon — Accueil, guichet 3"
        assert window.work is None
        assert window.findChildren(QTableView) == []  # no dossier list before log-in
        assert not window.agent_label.isVisible()

        with qtbot.waitSignal(session.opened, timeout=30_000):
            pass
        assert events == ["painted", "opened"]
        assert page.ok_button.isEnabled()
        assert not page.state_label.isVisible()
        assert [page.login_edit.itemText(i) for i in range(page.login_edit.count())] == [LOGIN]
        assert page.login_edit.currentText() == LOGIN

        type_into(qtbot, page.password_edit, PASSWORD)
        click(qtbot, page.ok_button)
        qtbot.waitUntil(lambda: window.work is not None and window.work.isVisible(), timeout=30_000)
        assert window.agent_label.text() == "Alix Dupont (a.dupont)"
        assert window.list_title.text() == "Dossiers du jour"
        assert session.lock is not None
    finally:
        _end(session)


def test_the_sync_room_watches_the_nightly_window_before_anyone_logs_in(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A window left on its log-in page syncs in its nightly window: the sync room is
    attached when the counter opens; its panel waits for a session."""
    from datetime import datetime, timedelta

    home = _home(tmp_path / "home")
    session = CounterSession(home=home, login=LOGIN)
    try:
        session.start()
        window = session.window
        assert window is not None
        assert window.sync is None  # nothing of the core before the counter is open
        with qtbot.waitSignal(session.opened, timeout=30_000) as blocker:
            pass
        counter = blocker.args[0]
        qtbot.waitUntil(lambda: window.sync is not None, timeout=30_000)
        sync = window.sync
        assert window.work is None and isinstance(window.page, LoginPage)
        assert sync.timer.isActive()
        assert sync.freshness.isVisibleTo(window)  # no personal data in it
        qtbot.waitUntil(lambda: sync.freshness.text() == "Jamais synchronisé")
        assert not sync.action.isEnabled()
        sync.action.trigger()
        assert sync.dialog is None  # the panel only opens in a session
        now = datetime.now().astimezone()
        start, end = now - timedelta(hours=1), now + timedelta(hours=1)
        counter.config.nightly_window = f"{start:%H:%M}-{end:%H:%M}"
        sync.clock = lambda: now
        task = sync.tick()  # inside the window: the rule is asked, at the log-in page
        assert task is not None
        qtbot.waitUntil(lambda: task.done, timeout=30_000)

        page = window.page
        type_into(qtbot, page.password_edit, PASSWORD)
        click(qtbot, page.ok_button)
        qtbot.waitUntil(lambda: window.work is not None, timeout=30_000)
        assert window.sync is sync and sync.action.isEnabled()
    finally:
        _end(session)


def test_enter_before_the_counter_is_open_logs_in_once_it_is(qtbot: QtBot, tmp_path: Path) -> None:
    home = _home(tmp_path / "home")
    session = CounterSession(home=home)
    try:
        session.start()
        window = session.window
        assert window is not None
        page = window.page
        assert isinstance(page, LoginPage)
        type_into(qtbot, page.login_edit.lineEdit(), LOGIN)
        type_into(qtbot, page.password_edit, PASSWORD)
        qtbot.keyClick(page.password_edit, "\r")
        assert session.counter is None
        assert page.state_label.text() == "Ouverture du guichet… connexion dès que prêt."
        qtbot.waitUntil(lambda: window.work is not None and window.work.isVisible(), timeout=30_000)
        assert page.password_edit.text() == ""
    finally:
        _end(session)


def test_a_wrong_password_on_stdin_shows_the_login_page_with_the_reason(
    qtbot: QtBot, tmp_path: Path
) -> None:
    home = _home(tmp_path / "home")
    session = CounterSession(home=home, login=LOGIN, password="pas le bon mot de passe")
    try:
        session.start()
        window = session.window
        assert window is not None
        qtbot.waitUntil(
            lambda: isinstance(window.page, LoginPage) and window.page.error_label.isVisible(),
            timeout=30_000,
        )
        page = window.page
        assert isinstance(page, LoginPage)
        assert page.error_label.text() == "⚠ Identifiant ou mot de passe incorrect."
        assert page.ok_button.isEnabled()
        assert page.login_edit.currentText() == LOGIN
        assert window.work is None
    finally:
        _end(session)


def test_a_new_counter_asks_for_its_administrator_after_opening(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from ui.login import FirstAdminPage

    session = CounterSession(home=_home(tmp_path / "home", with_agent=False))
    try:
        session.start()
        window = session.window
        assert window is not None
        assert isinstance(window.page, LoginPage)  # painted before anything is known
        qtbot.waitUntil(lambda: isinstance(window.page, FirstAdminPage), timeout=30_000)
        assert window.page.isVisible()
    finally:
        _end(session)


@pytest.mark.parametrize("case", ["database", "home"])
def test_a_counter_that_cannot_open_says_why_in_french(
    qtbot: QtBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    case: str,
) -> None:
    if case == "database":
        home = _home(tmp_path / "home")
        (home / "guichet.sqlite3").write_bytes(b"ceci n'est pas une base SQLite" * 100)
    else:  # a data home that cannot be created (its parent is a file; tests run as root)
        (tmp_path / "un-fichier").write_bytes(b"")
        home = tmp_path / "un-fichier" / "home"
    caplog.set_level(logging.INFO, "ui.session")
    session = CounterSession(home=home)
    try:
        session.start()
        window = session.window
        assert window is not None
        with qtbot.waitSignal(session.open_failed, timeout=30_000) as blocker:
            pass
        reason = blocker.args[0]
        if case == "database":
            assert reason.startswith("La base de données du guichet est endommagée")
            assert "sqlalche.me" not in reason and "DatabaseError" not in reason
            assert "file is not a database" in caplog.text  # the English cause: the log
        else:
            assert reason.startswith("Guichet ne peut pas écrire dans")
            assert "Not a directory" not in reason and "Not a directory" in caplog.text
        page = window.page
        assert isinstance(page, OpenFailedPage)
        assert page.isVisible()
        assert page.reason_label.text() == "⚠ " + reason
        assert window.pages.count() == 1  # the log-in page is gone
        assert session.exit_status == 2
        assert capsys.readouterr().err == f"desk gui : {reason}\n"
    finally:
        _end(session)


def _python(code: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


FIRST_PAINT = """
import json, sys
from ui.app import application
from ui.session import CounterSession
from ui.worker import wait_all

HEAVY = ("sqlalchemy", "alembic", "argon2", "keyring", "cryptography", "reportlab", "PIL")
CORE = ("desk.app", "desk.store", "desk.services", "desk.security", "desk.catalogue")
app = application()
session = CounterSession(home=sys.argv[1])
loaded = []

def painted():
    loaded.extend(m for m in sys.modules if m.split(".")[0] in HEAVY or m.startswith(CORE))
    app.quit()

session.start()
session.window.first_shown.connect(painted)
app.exec()
session.close()
wait_all()
session.close_counter()
print(json.dumps(sorted(loaded)))
"""


def test_the_first_paint_imports_nothing_of_the_core(tmp_path: Path) -> None:
    home = _home(tmp_path / "home")
    result = _python(FIRST_PAINT, str(home))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []


PRELOAD = """
import sys
from desk.app import open_counter
from desk.services import agents
from ui.app import application
from ui.main_window import MainWindow
from ui.session import preload_session

app = application()
counter = open_counter(sys.argv[1])
actor = agents.authenticate(counter, sys.argv[2], sys.stdin.readline().rstrip("\\n"))
preload_session()
before = set(sys.modules)
window = MainWindow(counter, actor)
from ui.security.lock import LockController
lock = LockController(counter, window, actor)
print(sorted(m for m in set(sys.modules) - before if m.startswith(("desk", "ui", "sqlalchemy"))))
LATER = ("desk.capture.pipeline", "desk.capture.placement", "desk.receipts.render")
print(sorted(m for m in sys.modules if m.split(".")[0] in ("numpy", "reportlab") or m in LATER))
lock.dispose()
window.end_session()
window.close()  # stops the sync room's timer
from ui.worker import wait_all
wait_all()  # the sync room's first freshness read, before the counter closes
counter.close()
"""


def test_the_preload_imports_all_the_working_page_needs(tmp_path: Path) -> None:
    """The GUI thread must not import while the worker preloads (ui.session)."""
    home = _home(tmp_path / "home")
    result = _python(PRELOAD, str(home), LOGIN, stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2] == "[]"


def test_the_working_page_leaves_scanning_and_receipts_unimported(tmp_path: Path) -> None:
    """numpy (page pipeline, placement) and the receipt renderer load with the first
    scan or receipt, not on the way to today's list (docs/BENCHMARKS.md "Start-up")."""
    home = _home(tmp_path / "home")
    result = _python(PRELOAD, str(home), LOGIN, stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


GUI_ARGS = ("gui", "--login", LOGIN, "--password-stdin")


def test_desk_gui_with_password_stdin_reaches_todays_list(tmp_path: Path) -> None:
    """The marks bench/bench_startup.py reads, in the order an agent sees them."""
    home = _home(tmp_path / "home")
    code = "import sys; from ui.entry import main; sys.exit(main())"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GUICHET_STARTUP_PROBE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code, "--home", str(home), *GUI_ARGS],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    marks = [line.split() for line in result.stdout.splitlines() if line.startswith("GUICHET_")]
    assert [mark[0] for mark in marks] == [
        "GUICHET_SHOWN",
        "GUICHET_READY",
        "GUICHET_LOGGED_IN",
        "GUICHET_LISTED",
    ]
    for i in (1, 2):  # wall clock and CPU time only go forward
        times = [float(mark[i]) for mark in marks]
        assert times == sorted(times)


def test_the_pages_before_log_in_name_every_control(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QWidget

    from ui.login import FirstAdminPage

    session = CounterSession(home=_home(tmp_path / "home"))
    try:
        session.start()
        window = session.window
        assert window is not None
        with qtbot.waitSignal(session.opened, timeout=30_000):
            pass
        assert session.counter is not None
        pages = [window.page, FirstAdminPage(session.counter), OpenFailedPage("raison")]
        for page in pages:
            assert page is not None
            assert len(page.findChildren(QWidget)) >= 4
            unnamed = [
                f"{type(w).__name__} {w.objectName()!r}"
                for w in page.findChildren(QWidget)
                if w.focusPolicy() != Qt.FocusPolicy.NoFocus
                and w.isVisibleTo(page)  # not a closed combo box's popup
                and not w.accessibleName()
                and not isinstance(w.parentWidget(), QComboBox)  # its own line edit
            ]
            assert unnamed == [], type(page).__name__
        for page in pages[1:]:
            page.deleteLater()
    finally:
        _end(session)
