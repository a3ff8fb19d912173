"""The sync use cases the window calls, against a real HQ: the journal of a good run,
the needs-action list HQ's rejections fill, and a run cancelled in the middle of the
document uploads that the next run completes."""

from __future__ import annotations

import threading

import pytest
from hq_helpers import owned_records
from hq_servers import HQProcess, add_foreign_dossier, seed_small

from desk.app import Counter
from desk.services import sync as sync_service
from desk.services.sync_items import action_text, error_text
from desk.sync import journal

pytestmark = pytest.mark.postgres


def test_a_good_run_is_journalled_and_the_overview_shows_acknowledged(
    enrolled: Counter, shared_hq: HQProcess
) -> None:
    seed_small(enrolled, dossiers=2, pages=1)
    before = sync_service.overview(enrolled)
    assert before.enrolled and before.server == shared_hq.url
    assert before.counts["waiting"] > 0 and before.counts["acknowledged"] == 0
    stages: list[str] = []
    report = sync_service.run_sync(enrolled, progress=lambda st, d, t: stages.append(st))
    assert report.acknowledged == report.uploaded > 0
    assert {"records", "blobs"} <= set(stages)
    last = journal.last(enrolled.home.root)
    assert last is not None
    assert (last.outcome, last.error, last.uploaded_ok, last.pulled_ok) == ("ok", None, True, True)
    after = sync_service.overview(enrolled)
    assert after.counts["waiting"] == after.counts["retrying"] == 0
    assert after.counts["acknowledged"] > 0
    assert {i.state for i in after.items} == {"acknowledged"}
    assert any(i.dossier for i in after.items)
    assert after.staleness.level == "ok"
    assert after.staleness.last_sync_at == last.finished_at


def test_hq_rejection_lands_in_needs_action_with_what_to_do(
    enrolled: Counter, shared_hq: HQProcess
) -> None:
    seed_small(enrolled, dossiers=1, pages=0)
    add_foreign_dossier(enrolled)
    sync_service.run_sync(enrolled)
    last = journal.last(enrolled.home.root)
    assert last is not None and last.outcome == "partial" and last.needs_action == 1
    view = sync_service.overview(enrolled)
    [item] = view.needs_action
    assert (item.dossier, item.last_error) == ("093-03-2026-000001-A", "other_prefecture")
    assert error_text(item.last_error) == "Cet élément relève d'une autre préfecture."
    assert "préfecture du guichet" in action_text(item.last_error)


def test_cancel_during_uploads_then_the_next_run_completes(
    enrolled: Counter, shared_hq: HQProcess
) -> None:
    seed_small(enrolled, dossiers=4, pages=3)
    stop = threading.Event()

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "blobs":  # the first document reached HQ: the agent cancels
            stop.set()

    with pytest.raises(sync_service.SyncCancelled):
        sync_service.run_sync(enrolled, progress=progress, cancel=stop)
    last = journal.last(enrolled.home.root)
    assert last is not None and last.outcome == "cancelled"
    assert sync_service.overview(enrolled).counts["waiting"] > 0  # nothing marked
    report = sync_service.run_sync(enrolled)
    assert report.errors == [] and report.pending == 0
    ours, held = owned_records(shared_hq.db, enrolled)
    assert held == ours
