"""batches.response compressed with lz4 instead of pglz, where the server has it.

A batch's stored answer is one JSON text of about 55 bytes per record (55 kB for a
batch of 1,000), written once per batch and read back only for a replay. PostgreSQL
compresses it on its way to TOAST; with its default, pglz, that insertion cost
1.2 ms per batch of 1,000 against 0.37 ms with lz4, which also stores it a little
smaller (measured on PostgreSQL 15, docs/BENCHMARKS.md "HQ ingestion"). Answers
already stored keep their compression (PostgreSQL reads both). A server built without
lz4 (or older than PostgreSQL 14) keeps pglz; SQLite (the demo) has nothing to change.

Revision ID: 0003_hq
Revises: 0002_hq
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0003_hq"
down_revision = "0002_hq"
branch_labels = None
depends_on = None


def _has_lz4() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    found = bind.execute(
        text(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
            " AND 'lz4' = ANY(enumvals)"
        )
    ).first()
    return found is not None


def upgrade() -> None:
    if _has_lz4():
        op.execute("ALTER TABLE batches ALTER COLUMN response SET COMPRESSION lz4")


def downgrade() -> None:
    if _has_lz4():
        op.execute("ALTER TABLE batches ALTER COLUMN response SET COMPRESSION pglz")
