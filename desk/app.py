"""An opened counter: its data home, configuration, database, blob store and catalogue.

Every use case in desk.services takes a :class:`Counter`; the window and the ``desk``
command open one the same way (:func:`open_counter`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desk.catalogue import Catalogue, counter_catalogue
from desk.config import CounterConfig
from desk.errors import DataHomeError
from desk.paths import HomeLayout, data_home
from desk.security.crypto import FieldCipher
from desk.security.keys import load_or_create_data_key
from desk.store import db
from desk.store.blobs import BlobStore

log = logging.getLogger(__name__)


@dataclass
class Counter:
    home: HomeLayout
    config: CounterConfig
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    cipher: FieldCipher
    catalogue: Catalogue
    readers: db.ReadConnections = field(init=False)

    def __post_init__(self) -> None:
        self.readers = db.ReadConnections(self.home.database)

    def close(self) -> None:
        self.readers.close_all()
        self.engine.dispose()


def prepare_home(root: Path) -> HomeLayout:
    """Create the data home's folders (private to the user) or raise DataHomeError."""
    layout = HomeLayout(root)
    try:
        for d in (layout.root, layout.blobs, layout.keys, layout.logs, layout.tmp):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
        probe = layout.root / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise DataHomeError(
            f"data home {root} is not writable: {exc}", path=str(root), reason="not_writable"
        ) from exc
    from desk import logfile

    logfile.use(layout.logs)
    return layout


def _sealed(layout: HomeLayout) -> bool:
    """Whether the home already holds something sealed by its data key: the audit
    signing key (made at the first opening), or personal rows in the database."""
    from desk.security.signing import SIGNING_KEY_FILE

    if (layout.keys / SIGNING_KEY_FILE).exists():
        return True
    return db.holds_rows(layout.database, ("applicants", "agents"))


def open_counter(
    home: str | os.PathLike[str] | None = None, config: CounterConfig | None = None
) -> Counter:
    """Open (and migrate) the counter whose data home is ``home``.

    With ``config``, the configuration is written first (``desk init``); without, it
    must already exist, or the installer's site file (desk.provisioning) is applied on
    this first start.
    """
    layout = prepare_home(data_home(home))
    from desk.security import hygiene

    hygiene.sweep(layout.tmp)  # what a crashed session left behind
    if config is None and not layout.config.exists():
        from desk.provisioning import machine_config

        config = machine_config()
        if config is not None:
            log.info("counter provisioned from the machine's site file")
    if config is not None:
        try:
            config.save(layout.config)
        except OSError as exc:
            raise DataHomeError(
                f"cannot write {layout.config}: {exc}",
                path=str(layout.config),
                reason="not_writable",
            ) from exc
    cfg = CounterConfig.load(layout.config)
    # once anything is sealed by the data key, its loss is an error, never a new key
    cipher = FieldCipher(load_or_create_data_key(layout.keys, create=not _sealed(layout)))
    engine = db.make_engine(layout.database)
    try:
        before, after = db.upgrade(engine, lambda: cipher)
    except DataHomeError:
        engine.dispose()
        raise
    if before != after:
        log.info("database migrated from %s to %s", before, after)
    counter = Counter(
        layout,
        cfg,
        engine,
        db.make_sessionmaker(engine),
        BlobStore(layout.blobs, cipher),
        cipher,
        counter_catalogue(layout.root),
    )
    from desk.security import audit

    audit.install(counter)
    return counter
