"""The demo set-up: HQ on SQLite (PostgreSQL everywhere else) syncs a counter."""

from __future__ import annotations

from pathlib import Path

from hq_helpers import hq_records, owned_records
from hq_servers import HQProcess, issue_token, make_counter, seed_small

from desk.sync import client
from desk.sync.enrol import enrol


def test_sync_with_a_sqlite_hq(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    hq = HQProcess(db, tmp_path / "blobs").start()
    counter = make_counter(tmp_path / "c", "75", 1)
    try:
        enrol(counter, hq.url, issue_token(db, "75", 1))
        seed_small(counter, dossiers=2, pages=1)
        report = client.run(counter)
        assert report.pending == 0 and report.needs_action == 0
        # twice: the second run finds nothing new and HQ is unchanged
        before = hq_records(db)
        assert client.run(counter).uploaded == 0
        assert hq_records(db) == before
        ours, held = owned_records(db, counter)
        assert held == ours and ours
    finally:
        counter.close()
        hq.stop()
