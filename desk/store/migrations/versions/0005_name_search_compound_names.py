"""name search: compound names found written together

The name index of 0004 held each word's trigrams apart, so "benali" did not find
Ben Ali nor "nguessan" N'Guessan. The documents are rebuilt with the trigrams of the
surname and of the given names each written without separators
(desk.domain.names.search_document); the schema does not change. Like 0004 this
needs the counter's data key (desk.store.db.upgrade's ``cipher``), called only when
there are applicants.

Revision ID: 0005_compound_names
Revises: 0004_exact_search
"""

from typing import Any

import sqlalchemy as sa
from alembic import context, op

from desk.domain import names
from desk.errors import DataHomeError

revision = "0005_compound_names"
down_revision = "0004_exact_search"
branch_labels = None
depends_on = None

_BATCH = 1000


def _cipher() -> Any:
    get = context.config.attributes.get("cipher")
    if get is None:
        raise DataHomeError("rebuilding the name index needs the data key")
    return get()


def upgrade() -> None:
    # open the transaction before any change (pysqlite begins one only before DML):
    # a failure leaves the index as it was
    op.execute("UPDATE alembic_version SET version_num = version_num WHERE 0")
    bind = op.get_bind()
    select = sa.text(
        "SELECT a.id, a.surname_enc, a.given_names_enc FROM applicants a"
        " WHERE a.id > :last AND a.id IN (SELECT rowid FROM applicant_search)"
        " ORDER BY a.id LIMIT :n"
    )
    cipher = None
    last = 0
    while rows := bind.execute(select, {"last": last, "n": _BATCH}).fetchall():
        cipher = cipher or _cipher()
        documents = []
        for id_, surname_enc, given_enc in rows:
            try:
                surname = cipher.decrypt(surname_enc, "surname") or ""
                given = cipher.decrypt(given_enc, "given_names") or ""
            except Exception as exc:  # DecryptionError: not this database's key
                raise DataHomeError(f"applicant {id_} cannot be decrypted: wrong key") from exc
            tokens = names.search_document(surname, given)
            documents.append({"id": id_, "t": " ".join(cipher.index("name", t) for t in tokens)})
        bind.execute(
            sa.text("UPDATE applicant_search SET tokens = :t WHERE rowid = :id"), documents
        )
        last = rows[-1][0]


def downgrade() -> None:
    # The rebuilt documents also answer every query 0004 made (a fragment inside one
    # word): nothing to undo.
    pass
