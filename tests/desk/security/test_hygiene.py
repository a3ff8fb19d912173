"""Shared-workstation hygiene: private temporary files wiped after use and swept at
start-up; the agent session's lock state machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk.app import Counter, open_counter
from desk.domain.entities import Role
from desk.errors import AuthenticationFailed, Refused
from desk.security import audit, hygiene
from desk.security.session import AgentSession, State, Unlock, unlock_with_password
from desk.services import agents
from desk.services.common import SYSTEM

from .conftest import ACTORS


def test_private_file_is_owner_only_inside_tmp_and_wiped(counter: Counter) -> None:
    tmp = counter.home.tmp
    with hygiene.private_file(tmp, ".jpg") as path:
        assert path.parent == tmp
        assert path.name.startswith(f"{os.getpid()}-")
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        path.write_bytes(b"page of a passport" * 1000)
        inode_path = path
    assert not inode_path.exists()
    with hygiene.private_dir(tmp) as folder:
        (folder / "a").write_bytes(b"x")
        (folder / "sub").mkdir()
        (folder / "sub" / "b").write_bytes(b"y")
    assert list(tmp.iterdir()) == []


def test_wipe_overwrites_before_deleting(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"secret" * 100)
    link = tmp_path / "hard"
    os.link(path, link)  # a second name lets us read the blocks after the delete
    assert hygiene.wipe(path) is True
    assert not path.exists()
    data = link.read_bytes()
    assert len(data) == 600
    assert b"secret" not in data
    assert hygiene.wipe(path) is False


def test_sweep_wipes_leftovers_of_dead_processes_only(counter: Counter) -> None:
    tmp = counter.home.tmp
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    (tmp / f"{dead_pid}-abc.pdf").write_bytes(b"left by a crash")
    (tmp / f"{dead_pid}-dir").mkdir()
    (tmp / f"{dead_pid}-dir" / "page.jpg").write_bytes(b"x")
    (tmp / "stray.txt").write_bytes(b"no owner")
    mine = tmp / f"{os.getpid()}-live.jpg"
    mine.write_bytes(b"in use")
    assert hygiene.sweep(tmp) == 3
    assert sorted(p.name for p in tmp.iterdir()) == [mine.name]


def test_opening_a_counter_sweeps_tmp(counter: Counter) -> None:
    leftover = counter.home.tmp / "999999999-old.pdf"
    leftover.write_bytes(b"x")
    counter.close()
    open_counter(counter.home.root).close()
    assert not leftover.exists()


def test_sweep_without_liveness_uses_age(counter: Counter, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp = counter.home.tmp
    (tmp / "12345-x").write_bytes(b"x")
    monkeypatch.setattr(hygiene.sys, "platform", "win32")  # os.kill cannot probe there
    assert hygiene.sweep(tmp) == 0
    assert hygiene.sweep(tmp, now=os.path.getmtime(tmp / "12345-x") + hygiene.GRACE_SECONDS) == 1


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _session(minutes: float = 5) -> tuple[AgentSession, Clock, list[str]]:
    clock, calls = Clock(), []
    s = AgentSession(minutes, clock=clock)
    s.on_lock.append(lambda: calls.append("clipboard cleared"))
    s.on_logout.append(lambda: calls.append("screens closed"))
    return s, clock, calls


def test_idle_lock_after_the_configured_minutes() -> None:
    s, clock, calls = _session(5)
    s.login(ACTORS[Role.AGENT])
    clock.now += 299
    assert s.tick() is False
    s.activity()
    clock.now += 299
    assert s.tick() is False
    assert s.state is State.ACTIVE
    clock.now += 1
    assert s.tick() is True
    assert s.state is State.LOCKED
    assert calls == ["clipboard cleared"]
    clock.now += 3600
    assert s.tick() is False  # already locked: locking again clears nothing twice
    assert calls == ["clipboard cleared"]


def test_lock_on_demand_and_quick_unlock_by_the_same_agent() -> None:
    s, _clock, calls = _session()
    with pytest.raises(Refused):
        s.unlock(ACTORS[Role.AGENT])
    s.login(ACTORS[Role.AGENT])
    s.lock()
    s.activity()  # keys pressed on the lock screen do not count
    assert s.unlock(ACTORS[Role.AGENT]) is Unlock.RESUMED
    assert s.state is State.ACTIVE
    assert s.actor == ACTORS[Role.AGENT]
    assert calls == ["clipboard cleared"]


def test_another_agent_takes_the_counter_with_a_full_logout() -> None:
    s, _clock, calls = _session()
    s.login(ACTORS[Role.AGENT])
    s.lock()
    assert s.unlock(ACTORS[Role.SUPERVISOR]) is Unlock.SWITCHED
    assert s.actor == ACTORS[Role.SUPERVISOR]
    assert s.state is State.ACTIVE
    assert calls == ["clipboard cleared", "screens closed"]
    s.logout()
    assert s.state is State.LOGGED_OUT
    assert calls == ["clipboard cleared", "screens closed", "clipboard cleared", "screens closed"]


def test_zero_minutes_disables_the_idle_lock(counter: Counter) -> None:
    s, clock, _calls = _session(0)
    s.login(ACTORS[Role.AGENT])
    clock.now += 10**6
    assert s.tick() is False
    assert AgentSession.for_counter(counter).idle_lock_minutes == counter.config.idle_lock_minutes


def test_unlock_with_password_is_audited(counter: Counter) -> None:
    agents.create_agent(counter, "ana.b", "Ana B", Role.AGENT, "ana password 1")
    s = AgentSession(5)
    with pytest.raises(Refused):
        unlock_with_password(counter, s, "ana.b", "ana password 1")
    s.login(agents.authenticate(counter, "ana.b", "ana password 1"))
    s.lock()
    with pytest.raises(AuthenticationFailed):
        unlock_with_password(counter, s, "ana.b", "wrong password")
    assert s.state is State.LOCKED
    assert unlock_with_password(counter, s, "ana.b", "ana password 1") is Unlock.RESUMED
    actions = [e.action for e in audit.events(counter, SYSTEM, limit=3)]
    assert actions == ["login", "login.failed", "login"]
