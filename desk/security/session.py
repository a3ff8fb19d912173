"""Who is at the counter: the agent session and its lock (Qt-free state machine).

- The session locks by itself after ``idle_lock_minutes`` without activity, or on
  demand (the agent steps away). Locking clears the clipboard and hides the screen.
- The same agent unlocks with their password and finds their work as they left it.
- Another agent unlocking takes the counter: the previous agent is fully logged out
  first (their open dossier and screens are closed), then the new one is logged in.

The window feeds it activity and a periodic :meth:`AgentSession.tick`, and registers
callbacks for what it must do on lock (clear the clipboard, cover the screen) and on
log-out (close every applicant's data). Time comes from an injectable monotonic clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from desk.errors import Refused

if TYPE_CHECKING:
    from desk.app import Counter
    from desk.services.common import Actor


class State(StrEnum):
    LOGGED_OUT = "logged_out"
    ACTIVE = "active"
    LOCKED = "locked"


class Unlock(StrEnum):
    RESUMED = "resumed"  # the same agent came back
    SWITCHED = "switched"  # another agent took the counter


Callback = Callable[[], None]


@dataclass
class AgentSession:
    idle_lock_minutes: float
    clock: Callable[[], float] = time.monotonic
    on_lock: list[Callback] = field(default_factory=list)
    on_logout: list[Callback] = field(default_factory=list)
    state: State = State.LOGGED_OUT
    actor: Actor | None = None
    last_activity: float = 0.0

    @classmethod
    def for_counter(cls, counter: Counter, **kw: object) -> AgentSession:
        return cls(float(counter.config.idle_lock_minutes), **kw)  # type: ignore[arg-type]

    # --- transitions -------------------------------------------------------------------
    def login(self, actor: Actor) -> None:
        """An authenticated agent starts working (a previous one is logged out)."""
        if self.actor is not None and self.actor.login != actor.login:
            self.logout()
        self.actor = actor
        self.state = State.ACTIVE
        self.last_activity = self.clock()

    def activity(self) -> None:
        """A key press or click: the idle timer starts again (ignored when locked)."""
        if self.state is State.ACTIVE:
            self.last_activity = self.clock()

    def idle_seconds(self) -> float:
        return self.clock() - self.last_activity if self.state is State.ACTIVE else 0.0

    def tick(self) -> bool:
        """Lock if idle too long; returns True when this call locked."""
        limit = self.idle_lock_minutes * 60
        if self.state is State.ACTIVE and limit > 0 and self.idle_seconds() >= limit:
            self.lock()
            return True
        return False

    def lock(self) -> None:
        if self.state is not State.ACTIVE:
            return
        self.state = State.LOCKED
        for callback in self.on_lock:
            callback()

    def unlock(self, actor: Actor) -> Unlock:
        """``actor`` authenticated at the lock screen: resume, or take the counter."""
        if self.state is not State.LOCKED or self.actor is None:
            raise Refused("session_not_locked", f"cannot unlock a {self.state} session")
        if actor.login == self.actor.login:
            self.state = State.ACTIVE
            self.last_activity = self.clock()
            return Unlock.RESUMED
        self.login(actor)
        return Unlock.SWITCHED

    def logout(self) -> None:
        if self.state is State.LOGGED_OUT:
            return
        if self.state is State.ACTIVE:
            self.lock()  # the clipboard is cleared on every way out
        self.state = State.LOGGED_OUT
        self.actor = None
        for callback in self.on_logout:
            callback()


def unlock_with_password(
    counter: Counter, session: AgentSession, login: str, password: str
) -> Unlock:
    """Authenticate at the lock screen (audited as a log-in or a failed log-in), then
    resume or switch agent. A wrong password leaves the session locked."""
    from desk.services.agents import authenticate

    if session.state is not State.LOCKED:
        raise Refused("session_not_locked", f"cannot unlock a {session.state} session")
    return session.unlock(authenticate(counter, login, password))
