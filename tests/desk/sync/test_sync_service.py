"""The sync use cases without HQ: the journal, the nightly window's rule, the panel's
overview and the staleness reasons. With a real HQ: tests/hq/test_sync_panel_service.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, update

from desk.app import Counter
from desk.services import applicants, dossiers
from desk.services import sync as sync_service
from desk.services.common import SYSTEM
from desk.services.sync_items import action_text, error_text
from desk.store.db import transaction
from desk.store.models import OutboxRow
from desk.sync import credentials, journal
from desk.sync.schedule import STALE_AFTER, staleness
from tests.desk.conftest import sample_input

NIGHT = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)


def fake_enrolment(counter: Counter, port: int = 9) -> None:
    """The files ``desk enrol`` leaves, pointing at a loopback port nobody serves."""
    keys = counter.home.keys
    credentials.save_key(keys, Ed25519PrivateKey.generate())
    credentials.save_enrolment(keys, credentials.Enrolment(f"http://127.0.0.1:{port}", 1, "75", 3))


def run(outcome: str, start: datetime, minutes: int = 1, **kw: object) -> journal.Run:
    values: dict[str, object] = {
        "uploaded_ok": outcome == journal.OK,
        "pulled_ok": outcome == journal.OK,
    }
    values.update(kw)
    return journal.Run(start, start + timedelta(minutes=minutes), outcome, "window", **values)  # type: ignore[arg-type]


def test_journal_keeps_the_last_runs(counter: Counter) -> None:
    home = counter.home.root
    assert journal.last(home) is None
    for i in range(journal.KEEP + 5):
        journal.record(home, run(journal.OK, NIGHT + timedelta(hours=i)))
    kept = journal.runs(home)
    assert len(kept) == journal.KEEP
    assert kept[-1].started_at == NIGHT + timedelta(hours=journal.KEEP + 4)
    journal.record(home, run(journal.FAILED, NIGHT + timedelta(days=5)))
    assert journal.last(home).outcome == journal.FAILED  # type: ignore[union-attr]
    assert journal.last_upload(home) == kept[-1].finished_at


def test_damaged_journal_reads_as_empty(counter: Counter, caplog: pytest.LogCaptureFixture) -> None:
    (counter.home.root / journal.FILE).write_text("{not json", encoding="utf-8")
    assert journal.runs(counter.home.root) == []
    assert "unreadable" in caplog.text
    journal.record(counter.home.root, run(journal.OK, NIGHT))
    assert len(journal.runs(counter.home.root)) == 1


def test_window_due_once_per_opening_then_after_failures(counter: Counter) -> None:
    counter.config.nightly_window = "22:00-05:00"
    home = counter.home.root
    assert not sync_service.window_due(counter, NIGHT)  # not enrolled: nothing to do
    fake_enrolment(counter)
    assert not sync_service.window_due(counter, NIGHT.replace(hour=12))  # window closed
    assert sync_service.window_due(counter, NIGHT)
    journal.record(home, run(journal.OK, NIGHT))
    assert not sync_service.window_due(counter, NIGHT + timedelta(hours=2))  # done tonight
    assert sync_service.window_due(counter, NIGHT + timedelta(days=1))  # the next night
    journal.record(home, run(journal.FAILED, NIGHT + timedelta(days=1)))
    assert not sync_service.window_due(counter, NIGHT + timedelta(days=1, minutes=10))
    assert sync_service.window_due(counter, NIGHT + timedelta(days=1, minutes=20))


@pytest.mark.parametrize("with_data", [True, False])
def test_a_failed_run_is_recorded_with_its_code(counter: Counter, with_data: bool) -> None:
    fake_enrolment(counter)
    if with_data:
        make_applicant(counter)
    report = sync_service.run_sync(counter, trigger="window", retries=0, timeout=2)
    assert bool(report.errors) is with_data  # nothing to upload: only the pull failed
    last = journal.last(counter.home.root)
    assert last is not None
    assert (last.outcome, last.error, last.trigger) == (journal.FAILED, "hq_unavailable", "window")
    assert not last.uploaded_ok and not last.pulled_ok  # HQ never answered
    assert journal.last_upload(counter.home.root) is None
    assert error_text(last.error) == "Serveur national injoignable."


def test_not_enrolled_is_raised_and_not_recorded(counter: Counter) -> None:
    with pytest.raises(credentials.NotEnrolled):
        sync_service.run_sync(counter)
    assert journal.last(counter.home.root) is None


def test_cancel_before_the_first_request(counter: Counter) -> None:
    import threading

    fake_enrolment(counter)
    stop = threading.Event()
    stop.set()
    make_applicant(counter)
    with pytest.raises(sync_service.SyncCancelled):
        sync_service.run_sync(counter, cancel=stop, retries=0)
    last = journal.last(counter.home.root)
    assert last is not None and last.outcome == journal.CANCELLED


def make_applicant(counter: Counter) -> applicants.Applicant:
    return applicants.create_applicant(counter, SYSTEM, sample_input())


def _open_dossier(counter: Counter) -> str:
    a = make_applicant(counter)
    return dossiers.open_dossier(counter, SYSTEM, a.id, "visiteur").number


def test_overview_states_labels_and_needs_action(counter: Counter) -> None:
    number = _open_dossier(counter)
    later = datetime.now(UTC) + timedelta(minutes=30)
    with transaction(counter.sessions) as s:
        rows = s.scalars(select(OutboxRow).order_by(OutboxRow.id)).all()
        kinds = {r.entity for r in rows}
        assert {"applicant", "dossier", "piece"} <= kinds
        dossier_row = next(r for r in rows if r.entity == "dossier")
        dossier_row.state, dossier_row.attempts = "rejected", 1
        dossier_row.last_error = "other_prefecture"
        piece_row = next(r for r in rows if r.entity == "piece")
        piece_row.attempts, piece_row.last_error = 2, "blob_missing"
        piece_row.next_attempt_at = later
        applicant_row = next(r for r in rows if r.entity == "applicant")
        s.execute(
            update(OutboxRow)
            .where(OutboxRow.id == applicant_row.id)
            .values(state="acked", acked_at=datetime.now(UTC))
        )
    view = sync_service.overview(counter)
    by_state = {i.state for i in view.items}
    assert by_state == {"waiting", "retrying", "needs_action", "acknowledged"}
    [rejected] = view.needs_action
    assert (rejected.entity, rejected.dossier, rejected.last_error) == (
        "dossier",
        number,
        "other_prefecture",
    )
    assert "autre préfecture" in error_text(rejected.last_error)
    assert "counter.toml" in action_text(rejected.last_error)
    retrying = next(i for i in view.items if i.state == "retrying")
    assert retrying.dossier == number and retrying.attempts == 2
    assert retrying.next_attempt_at == later
    assert "pas encore reçu" in error_text(retrying.last_error)
    assert view.counts["needs_action"] == 1 and view.counts["acknowledged"] == 1
    assert view.items[-1].state == "acknowledged"  # the not acknowledged come first
    assert not view.enrolled
    # "Renvoyer": the agent fixed the cause
    assert sync_service.retry_needs_action(counter, view.needs_action) == 1
    assert sync_service.overview(counter).needs_action == []


def test_unknown_codes_still_have_french_words() -> None:
    assert error_text("teapot") == "Erreur du serveur national (teapot)."
    assert "support" in action_text("teapot")
    assert error_text(None) == ""


def test_staleness_names_its_reasons_and_when_it_turns_stale(counter: Counter) -> None:
    now = datetime.now(UTC)
    fresh = staleness(counter, now)
    assert (fresh.level, fresh.reasons) == ("ok", ())
    _open_dossier(counter)
    st = staleness(counter, now + timedelta(days=2, hours=1))
    assert st.level == "warn" and st.reasons == ("unsent",)
    assert st.stale_at is not None and st.oldest_unsent_at is not None
    assert st.stale_at == st.oldest_unsent_at + STALE_AFTER
    # an enrolled counter whose reference data is old warns too, with the date of the
    # last successful sync
    fake_enrolment(counter)
    journal.record(counter.home.root, run(journal.OK, now - timedelta(days=3)))
    with transaction(counter.sessions) as s:
        s.execute(update(OutboxRow).values(state="acked", acked_at=now))
    st = staleness(counter, now)
    assert st.level == "warn" and st.reasons == ("reference",)
    assert st.last_sync_at == now - timedelta(days=3) + timedelta(minutes=1)
    assert staleness(counter, now + timedelta(days=2)).level == "stale"


def test_the_list_is_cut_but_not_the_counts_nor_the_needs_action(counter: Counter) -> None:
    for _ in range(3):
        _open_dossier(counter)
    with transaction(counter.sessions) as s:
        last = s.scalars(select(OutboxRow).order_by(OutboxRow.id.desc())).first()
        assert last is not None
        last.state, last.last_error = "rejected", "invalid_record"
    full = sync_service.overview(counter)
    view = sync_service.overview(counter, limit=2)
    assert view.counts == full.counts and view.counts["waiting"] > 2
    assert len(view.needs_action) == 1 and view.items[0] == view.needs_action[0]
    assert [i.state for i in view.items] == ["needs_action", "waiting", "waiting"]
