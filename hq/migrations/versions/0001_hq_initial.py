"""HQ initial schema: counters, nonces, batches, records, blobs, filings, keys.

Revision ID: 0001_hq
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hq.models import JSONType, UTCDateTime

revision = "0001_hq"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("prefecture", sa.String(3), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("site", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), unique=True),
        sa.Column("token_expires_at", UTCDateTime()),
        sa.Column("public_key", sa.LargeBinary),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("enrolled_at", UTCDateTime()),
        sa.Column("last_seen_at", UTCDateTime()),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.UniqueConstraint("prefecture", "number"),
    )
    op.create_table(
        "nonces",
        sa.Column("counter_id", sa.Integer, sa.ForeignKey("counters.id"), primary_key=True),
        sa.Column("nonce", sa.String(64), primary_key=True),
        sa.Column("seen_at", UTCDateTime(), nullable=False, index=True),
    )
    op.create_table(
        "batches",
        sa.Column("counter_id", sa.Integer, sa.ForeignKey("counters.id"), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("response", JSONType, nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("entity", sa.String(32), primary_key=True),
        sa.Column("uid", sa.String(32), primary_key=True),
        sa.Column("counter_id", sa.Integer, sa.ForeignKey("counters.id"), nullable=False),
        sa.Column("prefecture", sa.String(3), nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("day", sa.Date),
        sa.Column("dossier_uid", sa.String(32)),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("data", JSONType, nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_records_counter_id", "records", ["counter_id"])
    op.create_index("ix_records_stats", "records", ["entity", "prefecture", "day"])
    op.create_index("ix_records_dossier", "records", ["dossier_uid"])
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("counter_id", sa.Integer, sa.ForeignKey("counters.id")),
        sa.Column("received_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "filings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("number", sa.String(32), nullable=False, unique=True),
        sa.Column("counter_id", sa.Integer, sa.ForeignKey("counters.id"), nullable=False),
        sa.Column("prefecture", sa.String(3), nullable=False),
        sa.Column("dossier_uid", sa.String(32), nullable=False, unique=True),
        sa.Column("dossier_number", sa.String(24), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        sa.Column("attestation_sha256", sa.String(64), nullable=False),
        sa.Column("request", JSONType, nullable=False),
    )
    op.create_table(
        "hq_keys",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("private_key", sa.LargeBinary, nullable=False),
        sa.Column("public_key", sa.LargeBinary, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in ("hq_keys", "filings", "blobs", "records", "batches", "nonces", "counters"):
        op.drop_table(table)
