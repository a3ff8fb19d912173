"""The counter database: engine with the right SQLite pragmas, migrations, sessions."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desk.errors import DataHomeError

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when a migration runs: start-up just compares the stored
# revision with the head read from the migration files (a window opens faster).

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    # FULL: a commit that hands a receipt to a person survives a power cut
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


#: tables made by raw SQL in migrations (FTS5 and its shadow tables), not by models
RAW_TABLE_PREFIXES = ("applicant_search",)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic filter: autogenerate ignores the tables the models do not describe."""
    return not (type_ == "table" and name is not None and name.startswith(RAW_TABLE_PREFIXES))


def holds_rows(path: Path, tables: tuple[str, ...]) -> bool:
    """Whether the database at ``path`` has a row in any of ``tables`` (read-only, no
    migration; a missing, empty or unreadable file holds none — opening it later says
    what is wrong with it)."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return any(
            con.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() is not None
            for t in tables
            if t in names
        )
    except sqlite3.Error:
        return False
    finally:
        con.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    return engine


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", str(engine.url))
    return cfg


_REVISION = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]+)?=\s*(.+)$", re.M)


def head_revision() -> str:
    """The single head of the migration scripts, read from the files without
    importing Alembic. Several heads (two branches that both added a migration) is a
    programming error caught by tests/desk/store/test_migrations.py."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev = _REVISION.search(source)
        down = _DOWN.search(source)
        if rev is None:
            continue
        revisions.add(rev.group(1))
        if down is not None:
            parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = sorted(revisions - parents)
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def _bare_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if exists is None:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def upgrade(engine: Engine, cipher: Callable[[], Any] | None = None) -> tuple[str | None, str]:
    """Apply pending migrations; returns (revision before, revision after).

    ``cipher`` returns the counter's FieldCipher; a migration that converts encrypted
    rows calls it (only when there are rows), and fails with DataHomeError without it.
    """
    try:
        before = current_revision(engine)
        if before != head_revision():
            from alembic import command

            cfg = alembic_config(engine)
            with engine.begin() as conn:
                if before is not None:
                    # pysqlite begins a transaction only before a data-changing
                    # statement: begin it now, so that a failing migration rolls back
                    # the schema changes of those before it too (SQLite DDL is
                    # transactional) and the database stays at ``before``
                    conn.execute(
                        text("UPDATE alembic_version SET version_num = version_num WHERE 0")
                    )
                cfg.attributes["connection"] = conn
                cfg.attributes["cipher"] = cipher
                command.upgrade(cfg, "head")
        return before, head_revision()
    except (OperationalError, DatabaseError) as exc:
        raise database_error(exc, str(engine.url.database)) from exc


#: SQLite's answers for a file that is not, or no longer, a sound database
_DAMAGED = ("SQLITE_NOTADB", "SQLITE_CORRUPT")


def database_error(exc: DatabaseError, path: str) -> DataHomeError:
    """The DataHomeError for SQLAlchemy's ``exc`` on the database at ``path``: reason
    ``database_damaged`` (restore a backup) or ``database_unavailable`` (locked,
    unreadable); the detail names the driver's own error, without SQLAlchemy's
    "Background on this error" link that ``str(exc)`` appends."""
    orig = exc.orig if exc.orig is not None else exc
    name = getattr(orig, "sqlite_errorname", "")
    damaged = name in _DAMAGED or name.startswith("SQLITE_CORRUPT")
    return DataHomeError(
        f"cannot open or migrate database {path}: {type(orig).__name__}: {orig}",
        reason="database_damaged" if damaged else "database_unavailable",
        path=path,
    )


class ReadConnections:
    """One plain sqlite3 connection per thread for hot read-only paths (search).

    SQLAlchemy's pool checkout and reset cost more than an indexed lookup itself
    (bench/bench_search.py); these connections skip it. ``query_only`` makes them
    unable to write. Closed together by :meth:`close_all` (Counter.close)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def get(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # each connection is used by the one thread that made it; closing from
            # another thread at shutdown needs check_same_thread off
            conn = sqlite3.connect(self._path, check_same_thread=False)
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA busy_timeout=5000")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close_all(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed on success, rolled back on any exception."""
    with factory() as session, session.begin():
        yield session
