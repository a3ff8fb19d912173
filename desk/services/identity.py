"""Identity use cases: merging two records of one applicant, alerts on an applicant.

Matching (desk.services.applicants.find_matches) shows the agent the existing
applicants a new entry or an MRZ read may duplicate; when a duplicate was created
anyway, a supervisor merges the two records here."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from desk.app import Counter
from desk.domain.alerts import Alert, identity_alerts
from desk.domain.entities import Applicant
from desk.errors import InvalidField, NotFound, Refused
from desk.security import audit
from desk.security.roles import Action, require
from desk.services import applicants
from desk.services.common import Actor, enqueue, record, utcnow
from desk.store.db import transaction
from desk.store.models import ApplicantRow, DossierRow

if TYPE_CHECKING:
    from desk.capture.mrz_ocr import MrzReading


def merge_applicants(
    counter: Counter, actor: Actor, keep_id: int, drop_id: int, reason: str
) -> Applicant:
    """Merge applicant ``drop_id`` into ``keep_id`` (supervisors only): the dropped
    record's dossiers (and so their history) move to the kept one, fields the kept
    record lacks are taken from the dropped one, the dropped row is marked
    ``merged_into_id``; each dossier's history, the outbox and the audit trail
    record the merge. Returns the kept applicant."""
    require(actor, Action.MERGE_APPLICANTS)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidField("reason", "required")
    if keep_id == drop_id:
        raise Refused("merge_same_applicant")
    cipher = counter.cipher
    with transaction(counter.sessions) as session:
        keep = session.get(ApplicantRow, keep_id)
        drop = session.get(ApplicantRow, drop_id)
        if keep is None or drop is None:
            raise NotFound("applicant", str(keep_id if keep is None else drop_id))
        if keep.merged_into_id is not None or drop.merged_into_id is not None:
            raise Refused("already_merged")
        kept = applicants.to_entity(keep, cipher)
        dropped = applicants.to_entity(drop, cipher)
        merged = applicants.as_input(kept)
        missing = {
            f.name: getattr(dropped, f.name)
            for f in fields(merged)
            if getattr(merged, f.name) in (None, "") and getattr(dropped, f.name) not in (None, "")
        }
        if missing:
            for column, value in applicants.row_values(replace(merged, **missing), cipher).items():
                setattr(keep, column, value)
            applicants.index_name(session, keep, cipher)  # given names may be new
        now = utcnow()
        keep.updated_at = drop.updated_at = now
        drop.merged_into_id = keep.id
        moved = list(session.scalars(select(DossierRow).where(DossierRow.applicant_id == drop.id)))
        for dossier in moved:
            dossier.applicant_id = keep.id
            dossier.updated_at = now
            enqueue(session, "dossier", dossier.uid)
        session.flush()
        detail = {"kept": keep.uid, "dropped": drop.uid, "reason": reason}
        every = session.scalars(select(DossierRow).where(DossierRow.applicant_id == keep.id))
        for dossier in every:
            record(session, actor, dossier.id, "applicants_merged", **detail)
        enqueue(session, "applicant", keep.uid)
        enqueue(session, "applicant", drop.uid)
        audit.append(
            session, actor, "applicant.merge", f"applicant:{keep.uid}",
            dropped=drop.uid, dossiers_moved=len(moved), fields_taken=sorted(missing),
        )  # fmt: skip
        return applicants.to_entity(keep, cipher)


def applicant_alerts(applicant: Applicant, today: date | None = None) -> list[Alert]:
    """Expired passport, permit renewal window, under 18 (desk.domain.alerts)."""
    return identity_alerts(
        today or date.today(),
        birth=applicant.birth_date,
        passport_expiry=applicant.passport_expiry,
        permit_expiry=applicant.permit_expiry,
    )


#: the catalogue piece whose first page is the passport's identity page
IDENTITY_PIECE = "passeport"


def read_identity_page(counter: Counter, actor: Actor, number: str) -> MrzReading | None:
    """Read the MRZ on the first page captured for the dossier's passport piece, so
    the identity page scanned as that piece fills the applicant form in one step.
    None when the piece has no page yet; NotAnMrz when no MRZ is found on it."""
    from desk.capture.mrz_ocr import read_mrz_bytes
    from desk.services.dossiers import get_dossier

    dossier = get_dossier(counter, number, actor)
    piece = next((p for p in dossier.pieces if p.code == IDENTITY_PIECE), None)
    if piece is None or not piece.pages:
        return None
    page = piece.pages[0]
    if not page.media_type.startswith("image/"):
        return None  # an imported PDF: its pages are not images in the store
    return read_mrz_bytes(counter.blobs.get(page.blob))
