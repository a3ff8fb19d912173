"""Sync use cases for the window and the ``desk sync`` command: run a sync (recorded in
the journal, cancellable, with progress), say whether the nightly window wants one,
and describe the outbox for the sync panel.

:func:`run_sync` wraps :func:`desk.sync.client.run`; every request goes through a
client that checks the cancel flag first, so "Annuler" stops at the next request
(a 4 MiB chunk at most). What HQ acknowledged before stays acknowledged; the rest is
sent again next time, harmlessly (HQ is idempotent).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from desk.app import Counter
from desk.errors import DeskError
from desk.messages import register
from desk.services.common import utcnow
from desk.store.models import OutboxRow
from desk.sync import client, journal, schedule, wire
from desk.sync.credentials import NotEnrolled, load_enrolment
from desk.sync.transport import HQClient

#: inside the nightly window, a run that did not end "ok" is tried again this late
WINDOW_RETRY = timedelta(minutes=15)

#: progress(stage, done, total): stage "records" (items of the outbox) or "blobs"
#: (bytes of documents sent; total 0 when unknown)
Progress = Callable[[str, int, int], None]


class SyncCancelled(DeskError):
    code = "sync_cancelled"


register(
    codes={
        "sync_cancelled": (
            "Synchronisation interrompue : ce que le serveur national a acquitté reste "
            "acquis, le reste partira à la prochaine synchronisation."
        )
    }
)


class _WatchedClient(HQClient):
    """The counter's HQ client, checking the cancel flag before each request, counting
    document bytes sent and keeping the code of the last failure."""

    cancel: threading.Event | None = None
    on_bytes: Callable[[int], None] | None = None
    failure: str | None = None
    answered = 0  # requests HQ answered

    def call(self, method: str, path: str, **kw: Any) -> tuple[int, dict[str, Any]]:
        if self.cancel is not None and self.cancel.is_set():
            raise SyncCancelled("sync cancelled by the agent")
        try:
            answer = super().call(method, path, **kw)
        except DeskError as exc:
            self.failure = exc.code
            raise
        self.answered += 1
        content = kw.get("content")
        if content and path.startswith(f"{wire.API}/blobs/") and self.on_bytes is not None:
            self.on_bytes(len(content))
        return answer


def run_sync(
    counter: Counter,
    *,
    trigger: str = "manual",
    server: str | None = None,
    force: bool = False,
    pull: bool = True,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    **client_options: Any,
) -> client.SyncReport:
    """One sync, recorded in the journal. Raises SyncCancelled when ``cancel`` was set
    (the run is recorded as cancelled), and the errors of :func:`client.run` that mean
    nothing was attempted (not enrolled, another sync running) without recording.
    ``client_options`` go to the HQ client (retries, timeout...)."""
    started = utcnow()
    hq = client.client_for(counter, server, factory=_WatchedClient, **client_options)
    assert isinstance(hq, _WatchedClient)
    hq.cancel = cancel
    sent = [0]

    def on_bytes(n: int) -> None:
        sent[0] += n
        if progress is not None:
            progress("blobs", sent[0], 0)

    def on_progress(stage: str, done: int, total: int) -> None:
        if cancel is not None and cancel.is_set():
            raise SyncCancelled("sync cancelled by the agent")
        if progress is not None:
            progress(stage, done, total)

    hq.on_bytes = on_bytes
    try:
        report = client.run(counter, force=force, progress=on_progress, client=hq, pull=pull)
    except SyncCancelled:
        _record(counter, started, trigger, journal.CANCELLED, None, error="sync_cancelled")
        raise
    except DeskError as exc:
        if exc.code not in ("refused", "not_enrolled"):  # refused: sync_running
            _record(counter, started, trigger, journal.FAILED, None, error=exc.code)
        raise
    finally:
        hq.close()
    if cancel is not None and cancel.is_set():  # stopped during the reference pull
        _record(counter, started, trigger, journal.CANCELLED, report, error="sync_cancelled")
        raise SyncCancelled("sync cancelled by the agent")
    _refresh_catalogue(counter, report)
    reached = hq.answered > 0 and not report.errors
    outcome, error = journal.OK, None
    if not reached:  # HQ unreachable, refused, or failed half-way through
        outcome = journal.PARTIAL if report.acknowledged else journal.FAILED
        error = hq.failure or "hq_unavailable"
    elif report.needs_action or report.pending or not _pulled_ok(report, pull):
        outcome = journal.PARTIAL
        if pull and not _pulled_ok(report, pull):
            error = "reference_not_pulled"
    if report.pulled.get("catalogue") == "refused":  # logged by desk.catalogue
        outcome = journal.PARTIAL if outcome == journal.OK else outcome
        error = error or "catalogue_refused"
    _record(counter, started, trigger, outcome, report, error=error, reached=reached)
    return report


def _pulled_ok(report: client.SyncReport, pull: bool) -> bool:
    return pull and bool(report.pulled) and "error" not in report.pulled


def _refresh_catalogue(counter: Counter, report: client.SyncReport) -> None:
    """A catalogue accepted by this pull is used from now on, without a restart."""
    if report.pulled.get("catalogue") == "accepted":
        from desk.catalogue import counter_catalogue

        counter.catalogue = counter_catalogue(counter.home.root)


def _record(
    counter: Counter,
    started: datetime,
    trigger: str,
    outcome: str,
    report: client.SyncReport | None,
    *,
    error: str | None,
    reached: bool = False,
) -> None:
    r = report or client.SyncReport()
    journal.record(
        counter.home.root,
        journal.Run(
            started_at=started,
            finished_at=utcnow(),
            outcome=outcome,
            trigger=trigger,
            uploaded_ok=reached,
            pulled_ok=report is not None and bool(r.pulled) and "error" not in r.pulled,
            acknowledged=r.acknowledged,
            needs_action=r.needs_action,
            pending=r.pending,
            error=error,
            detail={"uploaded": r.uploaded, "blobs": r.blobs_uploaded, "bytes": r.blob_bytes},
        ),
    )


def window_due(counter: Counter, now: datetime) -> bool:
    """Should the open window sync now? Inside the nightly window (``now`` in local
    time), once per opening, and again every WINDOW_RETRY while the last run did not
    end "ok" — the same rule the scheduler's ``desk sync --if-window`` follows."""
    window = counter.config.nightly_window
    opened = schedule.opened_at(window, now)
    if opened is None:
        return False
    try:
        load_enrolment(counter.home.keys)
    except NotEnrolled:
        return False
    last = journal.last(counter.home.root)
    if last is None or last.started_at < opened:
        return True
    return last.outcome != journal.OK and now - last.finished_at >= WINDOW_RETRY


# --- the sync panel ------------------------------------------------------------------


@dataclass(frozen=True)
class PanelItem:
    """One entity of the outbox in one state (what the panel lists)."""

    entity: str
    uid: str
    state: str  # waiting | retrying | needs_action | acknowledged
    dossier: str | None  # the dossier number it belongs to, if any
    attempts: int
    last_error: str | None  # code (desk.messages)
    next_attempt_at: datetime | None
    changed_at: datetime
    acked_at: datetime | None
    outbox_ids: tuple[int, ...]


@dataclass(frozen=True)
class SyncOverview:
    enrolled: bool
    server: str | None
    counts: dict[str, int]  # waiting, retrying, needs_action, acknowledged
    items: list[PanelItem]  # not yet acknowledged, then the latest acknowledged
    needs_action: list[PanelItem]
    last_run: journal.Run | None
    staleness: schedule.Staleness
    window: str
    window_open: bool
    next_opening: datetime


STATES = ("waiting", "retrying", "needs_action", "acknowledged")
#: items (not acknowledged) the panel lists: a busy day holds thousands of pages, and a
#: table of them all takes seconds to lay out on the GUI thread
LIST_LIMIT = 300


def overview(
    counter: Counter, now: datetime | None = None, acked: int = 50, limit: int = LIST_LIMIT
) -> SyncOverview:
    """What the sync panel shows (``now`` local time; ``acked``: how many of the last
    acknowledged items to list; ``limit``: how many of the others — the counts cover
    them all, the needs-action list is never cut)."""
    from desk.services.sync_items import dossier_numbers

    now = now or datetime.now().astimezone()
    with counter.sessions() as s:
        open_rows = s.scalars(
            select(OutboxRow).where(OutboxRow.state != "acked").order_by(OutboxRow.id)
        ).all()
        done_rows = s.scalars(
            select(OutboxRow)
            .where(OutboxRow.state == "acked")
            .order_by(OutboxRow.acked_at.desc(), OutboxRow.id.desc())
            .limit(acked * 4)
        ).all()
        groups: dict[tuple[str, str, str], list[OutboxRow]] = {}
        for row in [*open_rows, *done_rows]:
            groups.setdefault((row.entity, row.entity_uid, _state(row)), []).append(row)
        numbers = dossier_numbers(s, {(e, u) for e, u, _ in groups})
        acked_total = s.scalar(
            select(func.count()).select_from(
                select(OutboxRow.entity, OutboxRow.entity_uid)
                .where(OutboxRow.state == "acked")
                .group_by(OutboxRow.entity, OutboxRow.entity_uid)
                .subquery()
            )
        )
    items = [_item(key, rows, numbers) for key, rows in groups.items()]
    pending = [i for i in items if i.state != "acknowledged"]
    done = sorted(
        (i for i in items if i.state == "acknowledged"),
        key=lambda i: i.acked_at or i.changed_at,
        reverse=True,
    )[:acked]
    counts = {state: sum(1 for i in pending if i.state == state) for state in STATES}
    counts["acknowledged"] = int(acked_total or 0)
    needs = [i for i in pending if i.state == "needs_action"]
    try:
        server: str | None = load_enrolment(counter.home.keys).server
    except NotEnrolled:
        server = None
    window = counter.config.nightly_window
    return SyncOverview(
        enrolled=server is not None,
        server=server,
        counts=counts,
        items=[*needs, *[i for i in pending if i.state != "needs_action"][:limit], *done],
        needs_action=needs,
        last_run=journal.last(counter.home.root),
        staleness=schedule.staleness(counter, now),
        window=window,
        window_open=schedule.window_open(window, now),
        next_opening=schedule.next_opening(window, now),
    )


def _state(row: OutboxRow) -> str:
    if row.state == "acked":
        return "acknowledged"
    if row.state == "rejected":
        return "needs_action"
    return "retrying" if row.attempts else "waiting"


def _item(
    key: tuple[str, str, str], rows: list[OutboxRow], numbers: dict[tuple[str, str], str]
) -> PanelItem:
    entity, uid, state = key
    newest = max(rows, key=lambda r: r.id)
    retries = [r.next_attempt_at for r in rows if r.next_attempt_at is not None]
    acks = [r.acked_at for r in rows if r.acked_at is not None]
    return PanelItem(
        entity=entity,
        uid=uid,
        state=state,
        dossier=numbers.get((entity, uid)),
        attempts=max(r.attempts for r in rows),
        last_error=newest.last_error,
        next_attempt_at=min(retries) if retries else None,
        changed_at=newest.created_at,
        acked_at=max(acks) if acks else None,
        outbox_ids=tuple(r.id for r in rows),
    )


def retry_needs_action(counter: Counter, items: list[PanelItem]) -> int:
    """The agent fixed the cause: put these items back in the queue."""
    ids = [i for item in items if item.state == "needs_action" for i in item.outbox_ids]
    return client.retry_rejected(counter, ids)
