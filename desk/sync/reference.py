"""Applying reference data pulled from HQ.

Procedures and fees become the counter's catalogue if they pass the shipped
catalogue's validation (desk.catalogue.accept_pulled: a snapshot under
``reference/catalogue/``); receipt verification keys and appointments go to the data
home's ``reference/`` folder; agents of the
prefecture are upserted by uid with their argon2 hashes so that they can log in at
this counter offline. Nothing here is sent back to HQ (no outbox rows), except the
counter's own receipt verification key, published before each pull (one ``receipt_key``
record, always version 1: HQ acknowledges a repeat without effect).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desk.app import Counter
from desk.catalogue import accept_pulled
from desk.domain.entities import Role
from desk.receipts.keys import KEY_SET_FILE, load_key_set, published_entry
from desk.services.common import utcnow
from desk.store.db import transaction
from desk.store.models import AgentRow
from desk.sync import credentials, wire
from desk.sync.transport import HQClient

_FILE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,80}\.toml$")


def reference_dir(counter: Counter) -> Path:
    return counter.home.root / "reference"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def pull(counter: Counter, hq: HQClient) -> dict[str, Any]:
    publish_key(counter, hq)
    _, data = hq.call("GET", f"{wire.API}/reference")
    return apply(counter, data)  # type: ignore[arg-type]


def publish_key(counter: Counter, hq: HQClient) -> None:
    """Send the counter's receipt verification key to HQ, which hands it to every
    counter (desk.receipts.keys.known_keys): any counter then verifies its receipts."""
    from desk.services.receipts import signing_key

    own = signing_key(counter)
    known = load_key_set(counter.home.keys / KEY_SET_FILE).get(own.kid)
    created = known.created if known and known.created else date.today().isoformat()
    cfg = counter.config
    record = wire.Record(
        "receipt_key",
        hashlib.sha256(own.public).hexdigest()[:32],
        "upsert",
        1,
        published_entry(own, f"{cfg.prefecture}-{cfg.counter:02d}", created),
    )
    enrol = credentials.load_enrolment(counter.home.keys)
    body: wire.BatchRequest = {
        "idempotency_key": wire.batch_key(enrol.counter_id, [record]),
        "prefecture": cfg.prefecture,
        "records": [record.to_json()],
    }
    hq.call("POST", f"{wire.API}/records", payload=body)


def apply(counter: Counter, data: wire.ReferenceData) -> dict[str, Any]:
    root = reference_dir(counter)
    procedures = {
        k: str(v) for k, v in dict(data.get("procedures") or {}).items() if _FILE.match(k)
    }
    # validated as the shipped catalogue; desk.catalogue keeps or refuses it
    catalogue = accept_pulled(counter.home.root, procedures, str(data.get("fees") or ""))
    keys = list(data.get("receipt_keys") or [])
    _write(root / "receipt_keys.json", json.dumps(keys, indent=1))
    appointments = list(data.get("appointments") or [])
    _write(root / "appointments.json", json.dumps(appointments, indent=1, ensure_ascii=False))
    added, updated, skipped = _agents(counter, list(data.get("agents") or []))
    return {
        "procedures": len(procedures),
        "catalogue": catalogue,
        "fees": bool(data.get("fees")),
        "agents": added + updated,
        "agents_skipped": skipped,
        "receipt_keys": len(keys),
        "appointments": len(appointments),
    }


def _agents(counter: Counter, agents: list[wire.ReferenceAgent]) -> tuple[int, int, int]:
    added = updated = skipped = 0
    roles = {r.value for r in Role}
    with transaction(counter.sessions) as s:
        for a in agents:
            if a.get("role") not in roles or not a.get("login"):
                skipped += 1
                continue
            row = s.scalar(select(AgentRow).where(AgentRow.uid == a["uid"]))
            if row is None:
                if s.scalar(select(AgentRow.id).where(AgentRow.login == a["login"])) is not None:
                    skipped += 1  # a local agent already has this login
                    continue
                row = AgentRow(uid=a["uid"], login=a["login"], created_at=utcnow())
                s.add(row)
                added += 1
            else:
                updated += 1
            row.display_name = a["display_name"] or a["login"]
            row.role = a["role"]
            row.password_hash = a.get("password_hash")
            row.active = bool(a.get("active", True))
    return added, updated, skipped
