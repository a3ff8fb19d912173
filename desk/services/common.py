"""What every use case shares: who acts, the clock, history and outbox writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain.entities import Role
from desk.security import at_rest, audit
from desk.store.models import AgentRow, DossierRow, HistoryRow, OutboxRow


@dataclass(frozen=True)
class Actor:
    """The agent on whose behalf a use case runs."""

    login: str
    role: Role
    agent_id: int | None = None
    display_name: str = ""


#: the actor of scripted/headless commands when no agent is named
SYSTEM = Actor("system", Role.ADMINISTRATOR, None, "Commande desk")


def utcnow() -> datetime:
    return datetime.now(UTC)


def enqueue(session: Session, entity: str, uid: str, op: str = "upsert") -> None:
    """Record in the outbox, in the caller's transaction, that HQ must learn of this."""
    session.add(
        OutboxRow(entity=entity, entity_uid=uid, op=op, created_at=utcnow(), state="pending")
    )


def record(
    session: Session, actor: Actor, dossier_id: int, action: str, **detail: Any
) -> HistoryRow:
    """Append an entry to a dossier's history (and the outbox). Values that may hold
    personal data (file names, notes… see desk.security.at_rest) are stored encrypted."""
    trail = audit.trail_of(session)
    stored = at_rest.seal_detail(trail.cipher, detail) if trail is not None else detail
    row = HistoryRow(
        dossier_id=dossier_id,
        at=utcnow(),
        agent_id=actor.agent_id,
        action=action,
        detail={"agent": actor.login, **stored},
    )
    session.add(row)
    session.flush()
    enqueue(session, "history", row.uid, "event")
    dossier = session.get(DossierRow, dossier_id)
    subject = f"dossier:{dossier.uid}" if dossier is not None else None
    audit.append(session, actor, f"dossier.{action}", subject, **detail)
    return row


def agent_logins(session: Session) -> dict[int, str]:
    return {r[0]: r[1] for r in session.execute(select(AgentRow.id, AgentRow.login))}
