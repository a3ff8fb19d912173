"""filing room: timbres, substitution deposits

Revision ID: 0003_filing
Revises: 0002_security
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_filing"
down_revision = "0002_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "timbres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
        sa.UniqueConstraint("number"),
    )
    op.create_index("ix_timbres_dossier_id", "timbres", ["dossier_id"])
    op.create_table(
        "substitutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("proof_kind", sa.String(length=16), nullable=False),
        sa.Column("proof_reference", sa.String(length=128), nullable=False),
        sa.Column("proof_date", sa.Date(), nullable=False),
        sa.Column("proof_blob", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("reason_text_enc", sa.LargeBinary(), nullable=True),
        sa.Column("residence_departement", sa.String(length=3), nullable=True),
        sa.Column("post_received", sa.Date(), nullable=True),
        sa.Column("post_postmark", sa.Date(), nullable=True),
        sa.Column("post_registered_number", sa.String(length=64), nullable=True),
        sa.Column("email_sender_enc", sa.LargeBinary(), nullable=True),
        sa.Column("email_date", sa.DateTime(), nullable=True),
        sa.Column("eml_blob", sa.String(length=64), nullable=True),
        sa.Column("override_justification_enc", sa.LargeBinary(), nullable=True),
        sa.Column("override_agent_id", sa.Integer(), nullable=True),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["filing_id"], ["filings.id"]),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.ForeignKeyConstraint(["proof_blob"], ["blobs.sha256"]),
        sa.ForeignKeyConstraint(["eml_blob"], ["blobs.sha256"]),
        sa.ForeignKeyConstraint(["override_agent_id"], ["agents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
        sa.UniqueConstraint("filing_id"),
    )
    op.create_index("ix_substitutions_dossier_id", "substitutions", ["dossier_id"])


def downgrade() -> None:
    op.drop_index("ix_substitutions_dossier_id", table_name="substitutions")
    op.drop_table("substitutions")
    op.drop_index("ix_timbres_dossier_id", table_name="timbres")
    op.drop_table("timbres")
