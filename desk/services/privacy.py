"""Applicants' rights and retention of the audit trail's personal data.

- :func:`collect` / :func:`export_applicant` — droit d'accès (RGPD art. 15): everything
  the counter holds about one applicant — identity fields, dossiers with their pieces,
  notes and history, every other row that names the applicant or one of their dossiers
  (filings, receipts, visits…), the document pages themselves, and who accessed their
  data (audit trail) — written as JSON, as a readable PDF, and the page files.
- :func:`purge_audit` — the audit trail's personal payloads (typed logins, notes, file
  names) are erased once HQ acknowledged the event and ``retention_days`` passed; the
  chain keeps their digests and still verifies. The applicants' own data leave the
  counter through desk.sync.retention (after HQ acknowledged the dossier).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.app import Counter
from desk.errors import NotFound
from desk.security import at_rest, audit
from desk.security.roles import Action, require
from desk.services import applicants
from desk.services.common import Actor, agent_logins, utcnow
from desk.store.db import transaction
from desk.store.models import ApplicantRow, AuditRow, Base, DossierRow

_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
}
#: tables exported through their own rendering (or holding no personal data)
_SPECIAL = {"applicants", "dossiers", "pieces", "pages", "history", "audit_events", "outbox"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} octets chiffrés>"
    return value


def _related_rows(
    session: Session, counter: Counter, column: str, ids: list[int]
) -> dict[str, list[dict[str, Any]]]:
    """Rows of every other table that carries ``column`` (dossier_id / applicant_id)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, table in sorted(Base.metadata.tables.items()):
        if name in _SPECIAL or column not in table.c or not ids:
            continue
        rows = session.execute(select(table).where(table.c[column].in_(ids))).mappings().all()
        if rows:
            out[name] = [
                {
                    k: at_rest.open_detail(counter.cipher, v) if isinstance(v, dict) else _plain(v)
                    for k, v in row.items()
                }
                for row in rows
            ]
    return out


def collect(counter: Counter, actor: Actor, applicant_id: int) -> dict[str, Any]:
    """Everything held about ``applicant_id`` (droit d'accès), as plain JSON data."""
    require(actor, Action.EXPORT_APPLICANT)
    from desk.services.dossiers import _to_entity

    with transaction(counter.sessions) as session:
        row = session.get(ApplicantRow, applicant_id)
        if row is None:
            raise NotFound("applicant", str(applicant_id))
        person = applicants.to_entity(row, counter.cipher)
        dossier_rows = session.scalars(
            select(DossierRow).where(DossierRow.applicant_id == row.id).order_by(DossierRow.id)
        ).all()
        dossiers = []
        for d in dossier_rows:
            entity = _to_entity(counter, session, d)
            dossiers.append(
                {
                    "number": entity.number,
                    "procedure": entity.procedure,
                    "status": entity.status.value,
                    "created_at": _plain(entity.created_at),
                    "updated_at": _plain(entity.updated_at),
                    "deadline": _plain(entity.deadline),
                    "pieces": [
                        {
                            "code": p.code,
                            "label": p.label,
                            "status": p.status.value,
                            "note": p.note,
                            "pages": [
                                {"blob": pg.blob, "media_type": pg.media_type, "index": pg.index}
                                for pg in p.pages
                            ],
                        }
                        for p in entity.pieces
                    ],
                    "history": [
                        {"at": _plain(h.at), "agent": h.agent, "action": h.action, **h.detail}
                        for h in entity.history
                    ],
                }
            )
        subjects = [f"applicant:{row.uid}", *(f"dossier:{d.uid}" for d in dossier_rows)]
        logins = agent_logins(session)
        accesses = [
            {
                "at": _plain(e.at),
                "agent": logins.get(e.agent_id or -1, e.actor),
                "action": e.action,
            }
            for e in session.scalars(
                select(AuditRow).where(AuditRow.subject.in_(subjects)).order_by(AuditRow.seq)
            )
        ]
        related = _related_rows(session, counter, "dossier_id", [d.id for d in dossier_rows])
        for name, rows in _related_rows(session, counter, "applicant_id", [row.id]).items():
            related.setdefault(name, []).extend(rows)
        audit.append(session, actor, "applicant.export", f"applicant:{row.uid}")
    identity = {
        k: _plain(v) for k, v in person.__dict__.items() if k != "id" and v not in (None, "")
    }
    return {
        "format": "guichet-droit-acces/1",
        "exported_at": utcnow().isoformat(),
        "counter": {
            "prefecture": counter.config.prefecture,
            "site": counter.config.site,
            "counter": counter.config.counter,
        },
        "applicant": {"id": row.id, "uid": row.uid, **identity},
        "dossiers": dossiers,
        "related": related,
        "accesses": accesses,
    }


def export_applicant(
    counter: Counter, actor: Actor, applicant_id: int, out_dir: Path
) -> dict[str, Any]:
    """Write ``droit-acces-<id>.json``, ``droit-acces-<id>.pdf`` and the document pages
    (``documents/<dossier>/<piece>-<n>.<ext>``) into ``out_dir``."""
    from desk.services.privacy_pdf import render_pdf

    data = collect(counter, actor, applicant_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for d in data["dossiers"]:
        for piece in d["pieces"]:
            for n, page in enumerate(piece["pages"], start=1):
                ext = _EXTENSIONS.get(page["media_type"], ".bin")
                target = out_dir / "documents" / d["number"] / f"{piece['code']}-{n}{ext}"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(counter.blobs.get(page["blob"]))
                page["file"] = str(target.relative_to(out_dir))
                files.append(target)
    stem = f"droit-acces-{applicant_id}"
    json_path = out_dir / f"{stem}.json"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    pdf_path = out_dir / f"{stem}.pdf"
    render_pdf(data, pdf_path)
    return {
        "applicant": applicant_id,
        "json": str(json_path),
        "pdf": str(pdf_path),
        "documents": [str(f) for f in files],
        "dossiers": len(data["dossiers"]),
    }


def purge_audit(counter: Counter, actor: Actor, now: datetime | None = None) -> int:
    """Erase the personal payload of audit events older than ``retention_days`` that HQ
    acknowledged; returns how many were erased. The chain still verifies."""
    cutoff = (now or utcnow()) - timedelta(days=counter.config.retention_days)
    return audit.redact_before(counter, actor, cutoff, acknowledged_only=True)
