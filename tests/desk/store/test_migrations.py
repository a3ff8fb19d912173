"""Schema changes go through Alembic only; the models and migrations agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from desk.domain import names
from desk.errors import DataHomeError
from desk.security.crypto import FieldCipher
from desk.store import db
from desk.store.models import Base


def test_single_head() -> None:
    heads = ScriptDirectory.from_config(db._bare_config()).get_heads()
    assert len(heads) == 1, f"several migration heads, set down_revision: {heads}"
    assert db.head_revision() == heads[0]  # the fast reader agrees with Alembic


def test_upgrade_from_empty_database_matches_models(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "x.sqlite3")
    before, after = db.upgrade(engine)
    assert before is None and after == db.head_revision()
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": db.include_name})
        diff = compare_metadata(ctx, Base.metadata)
        tables = set(inspect(conn).get_table_names())
        journal = conn.execute(text("PRAGMA journal_mode")).scalar()
        fks = conn.execute(text("PRAGMA foreign_keys")).scalar()
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
    assert {"applicants", "dossiers", "pieces", "pages", "outbox", "applicant_search"} <= tables
    assert journal == "wal" and fks == 1


def test_upgrade_is_idempotent(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "x.sqlite3")
    db.upgrade(engine)
    assert db.upgrade(engine)[0] == db.head_revision()
    engine.dispose()


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    from alembic import command

    engine = db.make_engine(tmp_path / "x.sqlite3")
    db.upgrade(engine)
    cfg = db.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert db.current_revision(engine) is None
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    engine.dispose()


def _at(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = db.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _per_word(*person: str) -> list[str]:
    """The plain tokens 0003 and 0004 indexed: each word's 1- and 2-letter prefixes,
    then its trigrams."""
    return [
        t
        for name in person
        for w in names.words(name)
        for t in ["p:" + w[:1], "p:" + w[:2]][: len(w)]
        + ["t:" + w[i : i + 3] for i in range(len(w) - 2)]
    ]


def _old_applicant(engine: Engine, cipher: FieldCipher, surname: str, given: str) -> None:
    """An applicant as revision 0003 stored it: three ciphertexts, no display line, the
    name's hashed tokens as a sorted set."""
    born = "1980-05-17"
    tokens = sorted({cipher.index("name", t) for t in _per_word(surname, given)})
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO applicants (uid, surname_enc, given_names_enc, birth_date_enc,"
                " nationality, identity_idx, created_at, updated_at)"
                " VALUES (:uid, :s, :g, :b, 'MAR', 'x', :now, :now)"
            ),
            {
                "uid": surname,
                "s": cipher.encrypt(surname, "surname"),
                "g": cipher.encrypt(given, "given_names"),
                "b": cipher.encrypt(born, "birth_date"),
                "now": "2026-01-01 00:00:00.000000",
            },
        )
        conn.execute(
            text(
                "INSERT INTO applicant_search(rowid, tokens)"
                " SELECT id, :t FROM applicants WHERE uid = :uid"
            ),
            {"t": " ".join(tokens), "uid": surname},
        )


def test_exact_search_migration_converts_old_rows(tmp_path: Path) -> None:
    cipher = FieldCipher(bytes(range(32)))
    engine = db.make_engine(tmp_path / "x.sqlite3")
    _at(engine, "0003_filing")
    _old_applicant(engine, cipher, "El Idrissi", "Fatima Zahra")
    _old_applicant(engine, cipher, "Ana", "Nabil")
    db.upgrade(engine, lambda: cipher)
    with engine.connect() as conn:
        lines = dict(conn.execute(text("SELECT uid, summary_enc FROM applicants")).all())
        by_phrase = conn.execute(
            text(
                "SELECT a.uid FROM applicant_search s JOIN applicants a ON a.id = s.rowid"
                " WHERE applicant_search MATCH :m"
            ),
            {"m": '"' + " ".join(cipher.index("name", t) for t in ("t:ana", "t:nab")) + '"'},
        ).all()
        by_word = conn.execute(
            text(
                "SELECT a.uid FROM applicant_search s JOIN applicants a ON a.id = s.rowid"
                " WHERE applicant_search MATCH :m"
            ),
            {"m": '"' + " ".join(cipher.index("name", t) for t in ("t:idr", "t:dri")) + '"'},
        ).all()
    engine.dispose()
    assert names.split_display_line(cipher.decrypt(lines["Ana"], "summary") or "") == (
        "Ana",
        "Nabil",
        "1980-05-17",
    )
    assert by_word == [("El Idrissi",)]
    assert by_phrase == []  # "anab": its trigrams are in Ana Nabil, not in one word


def test_exact_search_migration_needs_the_key_and_changes_nothing_without(
    tmp_path: Path,
) -> None:
    cipher = FieldCipher(bytes(range(32)))
    engine = db.make_engine(tmp_path / "x.sqlite3")
    _at(engine, "0003_filing")
    _old_applicant(engine, cipher, "Benali", "Mohamed")
    with pytest.raises(DataHomeError):
        db.upgrade(engine)
    with pytest.raises(DataHomeError):
        db.upgrade(engine, lambda: FieldCipher(bytes(32)))  # another counter's key
    assert db.current_revision(engine) == "0003_filing"  # both attempts rolled back
    with engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("applicants")}
        documents = conn.execute(text("SELECT count(*) FROM applicant_search")).scalar()
    engine.dispose()
    assert "summary_enc" not in columns and documents == 1


def test_exact_search_migration_downgrades_to_the_token_sets(tmp_path: Path) -> None:
    from alembic import command

    cipher = FieldCipher(bytes(range(32)))
    engine = db.make_engine(tmp_path / "x.sqlite3")
    _at(engine, "0003_filing")
    _old_applicant(engine, cipher, "Nguyễn", "Thị Hồng")
    with engine.connect() as conn:
        before = conn.execute(text("SELECT rowid, tokens FROM applicant_search")).all()
    db.upgrade(engine, lambda: cipher)
    cfg = db.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003_filing")
    with engine.connect() as conn:
        after = conn.execute(text("SELECT rowid, tokens FROM applicant_search")).all()
        columns = {c["name"] for c in inspect(conn).get_columns("applicants")}
    engine.dispose()
    assert "summary_enc" not in columns
    # sorted sets of the same hashed tokens, and more: the trigrams of the names
    # written together (0005), which the former AND of tokens, confirmed by
    # decryption, may use
    assert [r for r, _ in after] == [r for r, _ in before]
    for (_, old), (_, new) in zip(before, after, strict=True):
        assert new.split() == sorted(set(new.split()))
        assert set(old.split()) < set(new.split())


def test_compound_names_migration_rebuilds_the_documents_of_0004(tmp_path: Path) -> None:
    cipher = FieldCipher(bytes(range(32)))
    engine = db.make_engine(tmp_path / "x.sqlite3")
    _at(engine, "0003_filing")
    _old_applicant(engine, cipher, "El Idrissi", "Fatima Zahra")
    _at_with_cipher(engine, "0004_exact_search", cipher)
    # the document 0004 wrote before 0005: each word's prefixes, then its trigrams
    per_word = [cipher.index("name", t) for t in _per_word("El Idrissi", "Fatima Zahra")]
    with engine.begin() as conn:
        conn.execute(text("UPDATE applicant_search SET tokens = :t"), {"t": " ".join(per_word)})
    glued = '"' + " ".join(cipher.index("name", t) for t in ("t:eli", "t:lid", "t:idr")) + '"'
    query = text("SELECT rowid FROM applicant_search WHERE applicant_search MATCH :m")
    with engine.connect() as conn:
        assert conn.execute(query, {"m": glued}).all() == []
    db.upgrade(engine, lambda: cipher)
    with engine.connect() as conn:
        assert len(conn.execute(query, {"m": glued}).all()) == 1  # "elidr"
    engine.dispose()


def _at_with_cipher(engine: Engine, revision: str, cipher: FieldCipher) -> None:
    from alembic import command

    cfg = db.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["cipher"] = lambda: cipher
        command.upgrade(cfg, revision)
