"""HQ's own database (PostgreSQL; SQLite only for the demo). Schema changes go through
Alembic (hq/migrations).

HQ stores what counters send as records keyed by (entity, uid) with the counter's
version, plus the few columns statistics and authorisation need (prefecture, day,
dossier). HQ code reads personal fields only where a feature needs them (online
filing); statistics read the extracted columns.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

JSONType = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware timestamps stored in UTC on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to HQ's store")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSONType}


class CounterRow(Base):
    """An enrolled (or enrolment-pending) counter and its credential."""

    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("prefecture", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    prefecture: Mapped[str] = mapped_column(String(3))
    number: Mapped[int] = mapped_column(Integer)
    site: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(default=True)


class NonceRow(Base):
    """Nonces already used, per counter: a replayed request is refused. Rows older than
    twice the allowed clock skew are pruned (the timestamp check refuses those)."""

    __tablename__ = "nonces"
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class BatchRow(Base):
    """A record batch already applied, with the answer given: a replay gets the same
    answer and changes nothing."""

    __tablename__ = "batches"
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    response: Mapped[dict[str, Any]] = mapped_column(JSONType)


class RecordRow(Base):
    """The latest state of one counter entity (dossier, applicant, piece, page,
    filing, receipt, visit, agent, history event...). ``counter_id`` names a row of
    ``counters`` but has no foreign key on PostgreSQL: HQ sets it only from the
    authenticated counter, and the per-row check slowed ingestion (migration 0002)."""

    __tablename__ = "records"
    __table_args__ = (
        Index("ix_records_stats", "entity", "prefecture", "day"),
        Index("ix_records_dossier", "dossier_uid"),
    )
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), primary_key=True)
    counter_id: Mapped[int] = mapped_column(Integer, index=True)
    prefecture: Mapped[str] = mapped_column(String(3))
    version: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[date | None] = mapped_column(Date)
    dossier_uid: Mapped[str | None] = mapped_column(String(32))
    deleted: Mapped[bool] = mapped_column(default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BlobRow(Base):
    """A document HQ holds (content in the blob store, verified on arrival)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FilingRow(Base):
    """An online filing registered through HQ (``desk file online --gateway http``)."""

    __tablename__ = "filings"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    prefecture: Mapped[str] = mapped_column(String(3))
    dossier_uid: Mapped[str] = mapped_column(String(32), unique=True)
    dossier_number: Mapped[str] = mapped_column(String(24))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attestation_sha256: Mapped[str] = mapped_column(String(64))
    request: Mapped[dict[str, Any]] = mapped_column(JSONType)


class KeyRow(Base):
    """HQ's own signing key (attestations); private part stays in the database."""

    __tablename__ = "hq_keys"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
