"""SQLAlchemy 2 typed models of the counter database.

Personal data is stored encrypted (``*_enc`` columns, see desk.security.crypto) and
searched through keyed blind indexes (``*_idx`` columns and the ``applicant_search``
FTS5 table of hashed trigrams): the database file holds no name, birth date or
identifier in clear. Schema changes go through Alembic (desk/store/migrations).

Every row HQ must know has a ``uid`` (UUID4 hex), stable across counter and HQ.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def new_uid() -> str:
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite keeps no
    offset)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON}


class AgentRow(Base):
    __tablename__ = "agents"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApplicantRow(Base):
    __tablename__ = "applicants"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    surname_enc: Mapped[bytes] = mapped_column(LargeBinary)
    given_names_enc: Mapped[bytes] = mapped_column(LargeBinary)
    birth_date_enc: Mapped[bytes] = mapped_column(LargeBinary)
    #: surname, given names and birth date as one ciphertext (the line a search result
    #: shows, desk.domain.names.display_line); written with the three fields above
    summary_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    nationality: Mapped[str] = mapped_column(String(3))
    sex: Mapped[str | None] = mapped_column(String(1))
    numero_etranger_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    numero_etranger_idx: Mapped[str | None] = mapped_column(String(20), index=True)
    passport_number_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    passport_number_idx: Mapped[str | None] = mapped_column(String(20), index=True)
    #: blind index of normalised surname + sorted given names + birth date
    identity_idx: Mapped[str] = mapped_column(String(20), index=True)
    postal_code_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    address_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    email_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    permit_expiry_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    passport_expiry_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("applicants.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    dossiers: Mapped[list[DossierRow]] = relationship(back_populates="applicant")


class DossierRow(Base):
    __tablename__ = "dossiers"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"), index=True)
    procedure: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    deadline: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    applicant: Mapped[ApplicantRow] = relationship(back_populates="dossiers")
    pieces: Mapped[list[PieceRow]] = relationship(
        back_populates="dossier", order_by="PieceRow.id", cascade="all, delete-orphan"
    )


class PieceRow(Base):
    __tablename__ = "pieces"
    __table_args__ = (UniqueConstraint("dossier_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    dossier: Mapped[DossierRow] = relationship(back_populates="pieces")
    pages: Mapped[list[PageRow]] = relationship(
        back_populates="piece", order_by="PageRow.idx", cascade="all, delete-orphan"
    )


class BlobRow(Base):
    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PageRow(Base):
    __tablename__ = "pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    piece_id: Mapped[int] = mapped_column(ForeignKey("pieces.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    media_type: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    piece: Mapped[PieceRow] = relationship(back_populates="pages")


class FilingRow(Base):
    __tablename__ = "filings"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    reference: Mapped[str | None] = mapped_column(String(64), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ReceiptRow(Base):
    __tablename__ = "receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(8), default="fr")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    copies: Mapped[int] = mapped_column(Integer, default=0)


class HistoryRow(Base):
    """What happened to a dossier: who, when, what, which pieces. Append-only."""

    __tablename__ = "history"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    action: Mapped[str] = mapped_column(String(48))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class VisitRow(Base):
    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))


class SequenceRow(Base):
    """Per-counter, per-year dossier sequence (and any other named counter)."""

    __tablename__ = "sequences"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class OutboxRow(Base):
    """A change HQ must know, written in the same transaction as the change.

    It names the entity and its uid; the sync client serialises the entity's
    current state when it sends, so no personal data is copied here in clear.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_next", "state", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_uid: Mapped[str] = mapped_column(String(32))
    op: Mapped[str] = mapped_column(String(16))  # upsert | delete | event
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending|acked|rejected
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# --- security room: the audit trail (desk/security/audit.py) ---------------------------


class AuditRow(Base):
    """One access to or change of personal data, or one log-in: append-only, each event
    chained to the previous one by ``prev_hash`` and signed with the counter's key.

    ``subject`` names the entity by its uid (pseudonymous); anything personal (the login
    typed at a failed log-in, a search string, file names) is in ``payload_enc``,
    encrypted, and the chain covers only its keyed digest ``payload_mac``, so that the
    payload can be erased at the end of retention without breaking the chain.
    """

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    agent_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(48))
    subject: Mapped[str | None] = mapped_column(String(80), index=True)
    payload_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    payload_mac: Mapped[str] = mapped_column(String(64), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))


# --- filing room: timbres fiscaux and substitution deposits (arrêté of 1 August 2023) ---
# Free text an agent types about an applicant (reason, justification) and the sender's
# e-mail address are stored encrypted (``*_enc``).


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
