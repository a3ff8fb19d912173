"""Fixtures of the window's tests: a real counter in a private data home, a real
agent, and the house checks (STYLE.md #6): no window left open, no background task
left running after a test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desk.app import Counter, open_counter
from desk.config import CounterConfig
from desk.domain.entities import Agent, Role
from desk.services import agents
from desk.services.common import Actor

PASSWORD = "un mot de passe de test"


@pytest.fixture
def counter(desk_home: Path) -> Iterator[Counter]:
    cfg = CounterConfig(
        prefecture="69", departement="69", site="Préfecture du Rhône — Accueil", counter=3
    )
    c = open_counter(desk_home, cfg)
    try:
        yield c
    finally:
        from ui.worker import wait_all

        wait_all()
        c.close()


@pytest.fixture
def agent(counter: Counter) -> Agent:
    return agents.create_agent(counter, "a.dupont", "Alix Dupont", Role.AGENT, PASSWORD)


@pytest.fixture
def agent_login(agent: Agent) -> str:
    return agent.login


@pytest.fixture
def actor(agent: Agent) -> Actor:
    """The agent as a log-in returns it (argon2 is slow on purpose; the log-in itself
    is tested through the dialog)."""
    return Actor(agent.login, agent.role, agent.id, agent.display_name)


@pytest.fixture(autouse=True)
def _no_leaked_windows_or_tasks(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves a visible top-level window or a running task behind
    (pytest-qt has already closed the widgets given to qtbot.addWidget by then)."""
    from ui.app import application
    from ui.worker import pool, wait_all

    application()  # Guichet's style and stylesheet, as in production
    yield
    finished = wait_all(10_000)
    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for w in leaked:
        w.close()
        w.deleteLater()
    QApplication.processEvents()
    assert finished, "background task still running"
    assert pool().activeThreadCount() == 0, "background task still running"
    assert not leaked, f"top-level widgets left open: {leaked}"


_rhone_counters = iter(range(1, 100))


@pytest.fixture
def enrolled_rhone(tmp_path: Path, shared_hq: Any, hq_tools: Any) -> Iterator[Counter]:
    """A counter of prefecture 069 enrolled at the session's shared HQ. The window's
    tests create agents, and HQ hands a prefecture's agents to all its counters: in
    069 they never reach the 075 counters whose content tests/hq compares with HQ's."""
    from desk.sync.enrol import enrol

    number = next(_rhone_counters)
    c = hq_tools.make_counter(tmp_path / "counter", "69", number)
    enrol(c, shared_hq.url, hq_tools.issue_token(shared_hq.db, "69", number))
    try:
        yield c
    finally:
        from ui.worker import wait_all

        wait_all()
        c.close()
