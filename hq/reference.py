"""Reference data counters pull after uploading: procedures and fees (the national
catalogue HQ ships), the prefecture's agents with their argon2 password hashes (offline
login on any counter of the prefecture), receipt verification keys (HQ's and those of
every counter, of any prefecture: a receipt is verified wherever it is shown),
appointments."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk.sync import wire
from hq.auth import CounterIdentity
from hq.keys import attestation_key, public_hex
from hq.models import RecordRow


def catalogue_root() -> Path:
    """The catalogue HQ distributes: ``HQ_REFERENCE`` or the source tree's resources/."""
    env = os.environ.get("HQ_REFERENCE")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "resources"


def reference_for(sessions: sessionmaker[Session], who: CounterIdentity) -> wire.ReferenceData:
    root = catalogue_root()
    procedures = {
        p.name: p.read_text(encoding="utf-8") for p in sorted((root / "procedures").glob("*.toml"))
    }
    fees_path = root / "fees.toml"
    fees = fees_path.read_text(encoding="utf-8") if fees_path.is_file() else ""
    key_id, key = attestation_key(sessions)
    keys = [{"id": key_id, "algorithm": "ed25519", "public_key": public_hex(key)}]
    agents: list[wire.ReferenceAgent] = []
    appointments = []
    with sessions() as s:
        rows = s.execute(
            select(RecordRow.entity, RecordRow.uid, RecordRow.data).where(
                RecordRow.prefecture == who.prefecture,
                RecordRow.entity.in_(("agent", "appointment")),
                RecordRow.deleted.is_(False),
            )
        ).all()
        published = s.scalars(
            select(RecordRow.data)
            .where(RecordRow.entity == "receipt_key", RecordRow.deleted.is_(False))
            .order_by(RecordRow.prefecture, RecordRow.uid)
        ).all()
    keys.extend({str(k): str(v) for k, v in data.items()} for data in published)
    for entity, uid, data in rows:
        if entity == "agent":
            agents.append(
                {
                    "uid": uid,
                    "login": str(data.get("login", "")),
                    "display_name": str(data.get("display_name", "")),
                    "role": str(data.get("role", "agent")),
                    "password_hash": data.get("password_hash"),
                    "active": bool(data.get("active", True)),
                }
            )
        else:
            appointments.append(dict(data))
    return {
        "procedures": procedures,
        "fees": fees,
        "agents": agents,
        "receipt_keys": keys,
        "appointments": appointments,
    }
