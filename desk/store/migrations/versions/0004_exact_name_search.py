"""exact name search: ordered hashed tokens (FTS5 phrases), display line as one ciphertext

The name index kept each name's hashed tokens as a sorted set, so a fragment's
trigrams could match a name that does not contain the fragment and every hit had to
be decrypted and confirmed. Now the tokens stay in order (detail=full keeps their
positions) and a fragment is queried as a phrase: the index alone is exact. The
surname, given names and birth date a result line shows are also stored together as
one ciphertext (``applicants.summary_enc``).

Existing rows are converted here, in one transaction, which needs the counter's data
key: the caller of desk.store.db.upgrade passes a function returning the field
cipher, called only when there are applicants to convert.

Revision ID: 0004_exact_search
Revises: 0003_filing
"""

from typing import Any

import sqlalchemy as sa
from alembic import context, op

from desk.domain import names
from desk.errors import DataHomeError

revision = "0004_exact_search"
down_revision = "0003_filing"
branch_labels = None
depends_on = None

_BATCH = 1000


def _cipher() -> Any:
    get = context.config.attributes.get("cipher")
    if get is None:
        raise DataHomeError("converting the applicants to the new name index needs the data key")
    return get()


def _in_one_transaction() -> None:
    # pysqlite begins a transaction only before a data-changing statement; begin it
    # now, so that the schema changes are rolled back with the rest if converting a
    # row fails (no key, wrong key) or the process dies: SQLite DDL is transactional
    op.execute("UPDATE alembic_version SET version_num = version_num WHERE 0")


def upgrade() -> None:
    _in_one_transaction()
    op.add_column("applicants", sa.Column("summary_enc", sa.LargeBinary(), nullable=True))
    op.execute("DROP TABLE applicant_search")
    # detail=full: token positions, for phrase queries (detail=none refuses them)
    op.execute(
        "CREATE VIRTUAL TABLE applicant_search USING fts5(tokens, "
        "tokenize='unicode61', detail='full')"
    )
    bind = op.get_bind()
    select = sa.text(
        "SELECT id, surname_enc, given_names_enc, birth_date_enc FROM applicants"
        " WHERE id > :last ORDER BY id LIMIT :n"
    )
    cipher = None
    last = 0
    while rows := bind.execute(select, {"last": last, "n": _BATCH}).fetchall():
        cipher = cipher or _cipher()
        summaries, documents = [], []
        for id_, surname_enc, given_enc, birth_enc in rows:
            try:
                surname = cipher.decrypt(surname_enc, "surname") or ""
                given = cipher.decrypt(given_enc, "given_names") or ""
                born = cipher.decrypt(birth_enc, "birth_date") or ""
            except Exception as exc:  # DecryptionError: not this database's key
                raise DataHomeError(f"applicant {id_} cannot be decrypted: wrong key") from exc
            line = names.display_line(surname, given, born)
            summaries.append({"id": id_, "s": cipher.encrypt(line, "summary")})
            tokens = names.search_document(surname, given)
            if tokens:  # an applicant erased by retention has no name left to find
                document = " ".join(cipher.index("name", t) for t in tokens)
                documents.append({"id": id_, "t": document})
        bind.execute(sa.text("UPDATE applicants SET summary_enc = :s WHERE id = :id"), summaries)
        if documents:
            bind.execute(
                sa.text("INSERT INTO applicant_search(rowid, tokens) VALUES (:id, :t)"), documents
            )
        last = rows[-1][0]


def downgrade() -> None:
    _in_one_transaction()
    bind = op.get_bind()
    # the former document: the same hashed tokens as a sorted set (no key needed)
    documents = [
        {"id": rowid, "t": " ".join(sorted(set(tokens.split())))}
        for rowid, tokens in bind.execute(sa.text("SELECT rowid, tokens FROM applicant_search"))
    ]
    op.execute("DROP TABLE applicant_search")
    op.execute(
        "CREATE VIRTUAL TABLE applicant_search USING fts5(tokens, "
        "tokenize='unicode61', detail='none')"
    )
    if documents:
        bind.execute(
            sa.text("INSERT INTO applicant_search(rowid, tokens) VALUES (:id, :t)"), documents
        )
    # native ALTER TABLE (SQLite >= 3.35): no copy of the table, which foreign keys
    # from dossiers would forbid
    op.execute("ALTER TABLE applicants DROP COLUMN summary_enc")
