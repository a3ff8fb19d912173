"""HQ's database: engine from a URL (PostgreSQL through psycopg 3; SQLite for the
demo), migrations at start-up, sessions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from hq.errors import ConfigurationError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(explicit: str | None = None) -> str:
    """``--db``, else ``HQ_DB``; ``postgresql://`` URLs are given the psycopg 3 driver."""
    url = explicit or os.environ.get("HQ_DB", "")
    if not url:
        raise ConfigurationError("no database: give --db URL or set HQ_DB")
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, future=True)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()

        return engine
    # no pool_pre_ping: it costs a round trip per request; a connection broken by a
    # database restart fails its request once (5xx, which counters retry) and
    # SQLAlchemy then invalidates the pool's older connections
    return create_engine(url, future=True, pool_size=5, max_overflow=5)


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"HQ migrations have {len(heads)} heads: {heads}")
    return heads[0]


def upgrade(engine: Engine) -> None:
    """Apply pending migrations (several HQ processes may start at once: PostgreSQL
    serialises them with an advisory lock)."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7407)")
        current = MigrationContext.configure(conn).get_current_revision()
        if current != head_revision():
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)


@contextmanager
def autocommit(factory: sessionmaker[Session]) -> Iterator[Connection]:
    """A connection where each statement commits by itself: one round trip for a
    single-statement write, no BEGIN/COMMIT."""
    engine: Engine = factory.kw["bind"]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        yield conn


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as session, session.begin():
        yield session
