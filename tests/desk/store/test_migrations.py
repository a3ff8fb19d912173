"""Schema changes go through Alembic only; the models and migrations agree."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

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
