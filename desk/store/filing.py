"""Tables of the filing room: timbres fiscaux entered for dossiers and the details of
substitution deposits (arrêté of 1 August 2023). Online filings and requests for
pieces use FilingRow (desk.store.models); this adds what FilingRow cannot hold.

Free text an agent types about an applicant (reason, justification) and the sender's
e-mail address are stored encrypted (``*_enc``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desk.store.models import Base, UTCDateTime, new_uid


class TimbreRow(Base):
    """A timbre fiscal électronique entered for a dossier; a number pays for one
    application only, hence the unique constraint across the counter."""

    __tablename__ = "timbres"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SubstitutionRow(Base):
    """How a substitution deposit was made and why it was allowed."""

    __tablename__ = "substitutions"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    mode: Mapped[str] = mapped_column(String(16))  # counter | post | email
    received_on: Mapped[date] = mapped_column(Date)
    proof_kind: Mapped[str] = mapped_column(String(16))  # ccc | prefecture
    proof_reference: Mapped[str] = mapped_column(String(128))
    proof_date: Mapped[date] = mapped_column(Date)
    proof_blob: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    reason: Mapped[str] = mapped_column(String(32))
    reason_text_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    residence_departement: Mapped[str | None] = mapped_column(String(3))
    post_received: Mapped[date | None] = mapped_column(Date)
    post_postmark: Mapped[date | None] = mapped_column(Date)
    post_registered_number: Mapped[str | None] = mapped_column(String(64))
    email_sender_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    email_date: Mapped[datetime | None] = mapped_column(UTCDateTime())
    eml_blob: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    override_justification_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    override_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    complete: Mapped[bool] = mapped_column(default=True)
