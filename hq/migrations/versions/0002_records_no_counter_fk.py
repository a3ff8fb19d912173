"""records.counter_id without a foreign key.

HQ writes ``records.counter_id`` only from the authenticated counter (a row of
``counters``, which are deactivated, never deleted), so the constraint could not catch
anything, while its per-row check (a trigger locking the counter's row) cost about a
fifth of the ingestion of a night's records (bench/bench_hq_ingest.py). The index on
the column stays. SQLite (the demo) does not enforce foreign keys here.

Revision ID: 0002_hq
Revises: 0001_hq
"""

from __future__ import annotations

from alembic import op

revision = "0002_hq"
down_revision = "0001_hq"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("records_counter_id_fkey", "records", type_="foreignkey")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key(
            "records_counter_id_fkey", "records", "counters", ["counter_id"], ["id"]
        )
