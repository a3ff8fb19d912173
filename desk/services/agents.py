"""Agents of the counter: create, list, log in."""

from __future__ import annotations

import re

from sqlalchemy import select

from desk.app import Counter
from desk.domain.entities import Agent, Role
from desk.errors import AuthenticationFailed, InvalidField
from desk.security import audit
from desk.security.passwords import hash_password, verify_password
from desk.security.roles import Action, require
from desk.services.common import SYSTEM, Actor, enqueue, utcnow
from desk.store.db import transaction
from desk.store.models import AgentRow

_LOGIN = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")


def _entity(row: AgentRow) -> Agent:
    return Agent(row.id, row.login, row.display_name, Role(row.role), row.active)


def create_agent(
    counter: Counter,
    login: str,
    display_name: str,
    role: Role,
    password: str,
    actor: Actor = SYSTEM,
) -> Agent:
    require(actor, Action.MANAGE_AGENTS)
    login = login.strip().lower()
    if not _LOGIN.match(login):
        raise InvalidField("login", "not_login")
    if not display_name.strip():
        raise InvalidField("display_name", "required")
    password_hash = hash_password(password)
    with transaction(counter.sessions) as session:
        if session.scalar(select(AgentRow).where(AgentRow.login == login)) is not None:
            raise InvalidField("login", "login_taken")
        row = AgentRow(
            login=login,
            display_name=display_name.strip(),
            role=role.value,
            password_hash=password_hash,
            active=True,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        enqueue(session, "agent", row.uid)
        audit.append(session, actor, "agent.create", f"agent:{row.uid}", role=role.value)
        return _entity(row)


def list_agents(counter: Counter) -> list[Agent]:
    with counter.sessions() as session:
        return [
            _entity(r)
            for r in session.scalars(
                select(AgentRow).where(AgentRow.active.is_(True)).order_by(AgentRow.display_name)
            )
        ]


def has_agents(counter: Counter) -> bool:
    with counter.sessions() as session:
        return session.scalar(select(AgentRow.id).limit(1)) is not None


def authenticate(counter: Counter, login: str, password: str) -> Actor:
    with counter.sessions() as session:
        row = session.scalar(select(AgentRow).where(AgentRow.login == login.strip().lower()))
    if row is None or not row.active or not verify_password(row.password_hash, password):
        # the typed login may be anything (even a password): it stays in the encrypted payload
        subject = f"agent:{row.uid}" if row is not None else None
        audit.log_event(counter, SYSTEM, "login.failed", subject, login=login)
        raise AuthenticationFailed("login failed")
    actor = Actor(row.login, Role(row.role), row.id, row.display_name)
    audit.log_event(counter, actor, "login", f"agent:{row.uid}")
    return actor
