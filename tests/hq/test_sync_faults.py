"""Whatever fails in between, sync converges: HQ's content equals the counter's, no
duplicates, every blob hash verifies."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from faultproxy import FaultProxy
from hq_helpers import hq_blobs, hq_records, owned_records, page_blobs, verify_blob_files
from hq_servers import HQProcess, issue_token, make_counter, next_counter, seed_small
from sync_trials import run_trials, settle

from desk.app import Counter, open_counter
from desk.sync import client, wire
from desk.sync.enrol import enrol
from desk.sync.transport import HQClient

pytestmark = pytest.mark.postgres

#: trials in the suite; bench/e2e_sync_kill.py runs 50 (and more on request)
SUITE_TRIALS = int(os.environ.get("GUICHET_KILL_TRIALS", "8"))


def assert_converged(db: str, blobs: Path, counter: Counter) -> None:
    expected, mine = owned_records(db, counter)
    assert mine == expected
    held = hq_records(db)
    # no duplicates: every HQ record of this counter's dossiers is one the counter has
    dossiers = {uid for (e, uid) in expected if e == "dossier"}
    stray = [
        k
        for k, v in held.items()
        if k not in expected and (v.get("dossier_uid") in dossiers or k[1] in dossiers)
    ]
    assert stray == []
    shas = page_blobs(counter)
    assert shas <= set(hq_blobs(db))
    verify_blob_files(blobs, shas)


def test_sync_converges_through_faults(
    enrolled: Counter, shared_hq: HQProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wire, "CHUNK_BYTES", 1024)  # several resumable chunks per blob
    seed_small(enrolled, dossiers=4, pages=2)
    with FaultProxy(shared_hq.port, rate=0.2) as proxy:
        hq = HQClient(
            proxy.url,
            client.credentials.load_key(enrolled.home.keys),
            client.credentials.load_enrolment(enrolled.home.keys).counter_id,
            timeout=1.0,
            retries=8,
            backoff_base=0.01,
        )
        with hq:
            for _ in range(30):
                report = client.run(enrolled, force=True, client=hq)
                if report.pending == 0:
                    break
        injected = dict(proxy.injected)
    needs = [(i["entity"], i["last_error"]) for i in client.status(enrolled)["needs_action"]]
    assert needs == []
    assert report.pending == 0
    assert report.needs_action == 0
    assert set(injected) == {"error", "reset", "timeout", "cut", "slow"}, injected
    assert_converged(shared_hq.db, shared_hq.blobs, enrolled)


class _KillingClient(HQClient):
    """Kills HQ (SIGKILL) at its Nth request and restarts it on the same port."""

    def __init__(self, server: HQProcess, kill_at: int, *args: object, **kw: object) -> None:
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.hq_process = server
        self.kill_at = kill_at
        self.calls = 0
        self.restarter: threading.Thread | None = None

    def call(self, method: str, path: str, **kw: object):  # type: ignore[no-untyped-def,override]
        self.calls += 1
        if self.calls == self.kill_at:
            self.hq_process.kill()
            self.restarter = threading.Thread(target=self.hq_process.start)
            self.restarter.start()
        return super().call(method, path, **kw)  # type: ignore[arg-type]


def test_hq_restarted_mid_sync(
    hq_server: HQProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wire, "CHUNK_BYTES", 1024)
    counter = make_counter(tmp_path / "c", "75", 5)
    try:
        enrol(counter, hq_server.url, issue_token(hq_server.db, "75", 5))
        seed_small(counter, dossiers=3, pages=2)
        keys = counter.home.keys
        hq = _KillingClient(
            hq_server,
            4,  # during the blob chunks
            hq_server.url,
            client.credentials.load_key(keys),
            client.credentials.load_enrolment(keys).counter_id,
            timeout=5.0,
            retries=40,
            backoff_base=0.05,
        )
        with hq:
            report = client.run(counter, force=True, client=hq)
        assert hq.restarter is not None
        hq.restarter.join()
        if report.pending:  # HQ took longer to come back than the retries lasted
            report = client.run(counter, force=True)
        assert report.pending == 0
        assert_converged(hq_server.db, hq_server.blobs, counter)
    finally:
        counter.close()


def _add_dossier(counter: Counter, i: int) -> None:
    seed_small(counter, dossiers=1, pages=2, tag=f"t{i}")


def test_counter_killed_at_random_points(shared_hq: HQProcess, tmp_path: Path) -> None:
    number = next_counter()
    home = tmp_path / "killed"
    counter = make_counter(home, "75", number)
    try:
        enrol(counter, shared_hq.url, issue_token(shared_hq.db, "75", number))
    finally:
        counter.close()
    stats = run_trials(home, SUITE_TRIALS, _add_dossier)
    assert stats.trials == SUITE_TRIALS
    assert stats.killed > 0
    report = settle(home)
    assert report.pending == 0
    assert report.needs_action == 0
    counter = open_counter(home)
    try:
        assert_converged(shared_hq.db, shared_hq.blobs, counter)
    finally:
        counter.close()
