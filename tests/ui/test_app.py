"""Starting the window: first administrator, errors at start-up, the ``desk gui``
command in a subprocess (the start path itself: tests/ui/test_start.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk.app import Counter, open_counter
from desk.config import CounterConfig
from desk.services import agents
from tests.ui.helpers import click, type_into
from ui.login import FirstAdminPage, LoginPage
from ui.session import CounterSession


def _desk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from ui.entry import main; sys.exit(main())", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _init(home: Path, departement: str, site: str, counter: str) -> Path:
    """A data home as ``desk init`` leaves it (done in-process: a subprocess costs
    seconds on these machines)."""
    cfg = CounterConfig(
        prefecture=departement, departement=departement, site=site, counter=int(counter)
    )
    open_counter(home, cfg).close()
    return home


def test_first_run_creates_the_administrator_then_logs_in(qtbot: QtBot, counter: Counter) -> None:
    session = CounterSession(counter)
    session.start()
    assert session.window is not None
    dialog = session.window.page
    assert isinstance(dialog, FirstAdminPage)
    assert dialog.isVisible()
    type_into(qtbot, dialog.login_edit, "admin.site")
    type_into(qtbot, dialog.name_edit, "Responsable du site")
    type_into(qtbot, dialog.password_edit, "premier mot de passe")
    type_into(qtbot, dialog.confirm_edit, "un autre mot de passe")
    click(qtbot, dialog.ok_button)
    assert dialog.error_label.text() == "⚠ Les deux mots de passe ne sont pas identiques."
    assert not agents.has_agents(counter)

    type_into(qtbot, dialog.confirm_edit, "premier mot de passe")
    click(qtbot, dialog.ok_button)
    window = session.window
    qtbot.waitUntil(lambda: isinstance(window.page, LoginPage))
    login = window.page
    assert isinstance(login, LoginPage)
    assert login.isVisible()
    assert login.login_edit.currentText() == "admin.site"
    assert login.ok_button.isEnabled()
    assert [a.login for a in agents.list_agents(counter)] == ["admin.site"]

    type_into(qtbot, login.password_edit, "mauvais mot de passe")
    click(qtbot, login.ok_button)
    qtbot.waitUntil(lambda: login.error_label.isVisible())
    assert login.error_label.text() == "⚠ Identifiant ou mot de passe incorrect."
    assert window.work is None

    type_into(qtbot, login.password_edit, "premier mot de passe")
    click(qtbot, login.ok_button)
    qtbot.waitUntil(lambda: window.work is not None and window.work.isVisible())
    assert "Responsable du site" in window.agent_label.text()
    session.close()


def test_demo_home_shows_where_the_credentials_are(qtbot: QtBot, counter: Counter) -> None:
    counter.config.extra["demo"] = True
    page = LoginPage(None)
    qtbot.addWidget(page)
    assert page.demo_hint.text() == ""
    page.set_counter(counter, [])
    assert str(counter.home.root / "demo-credentials.txt") in page.demo_hint.text()


def _stderr_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """stderr without the offscreen platform's own notice (also in qt_log_ignore): it
    cannot resize a shown window to its new size hints."""
    return [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]


def test_gui_on_a_home_without_configuration_exits_2_in_french(tmp_path: Path) -> None:
    result = _desk("gui", "--quit-after", "0.5", home=tmp_path / "vide")
    assert result.returncode == 2
    lines = _stderr_lines(result)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("desk gui : La configuration du guichet est invalide")
    assert "Traceback" not in result.stderr


def test_gui_with_a_corrupt_database_exits_2(tmp_path: Path) -> None:
    home = _init(tmp_path / "home", "13", "Marseille", "2")
    (home / "guichet.sqlite3").write_bytes(b"ceci n'est pas une base SQLite" * 100)
    result = _desk("gui", "--quit-after", "0.5", home=home)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = _stderr_lines(result)
    # one French line, clean: no English driver text, no SQLAlchemy link
    assert lines == [
        f"desk gui : La base de données du guichet est endommagée ({home / 'guichet.sqlite3'}) : "
        "restaurez la dernière sauvegarde et prévenez le support."
    ]
    # the driver's English cause is kept for support in the counter's log file
    log = (home / "logs" / "desk.log").read_text(encoding="utf-8")
    assert "the counter could not be opened" in log and "file is not a database" in log


def test_gui_starts_and_quits_by_itself(tmp_path: Path) -> None:
    home = _init(tmp_path / "home", "2A", "Ajaccio", "1")
    result = _desk("gui", "--quit-after", "1", home=home)
    assert result.returncode == 0, result.stderr
    assert _stderr_lines(result) == []
