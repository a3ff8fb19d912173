"""When sync runs: the nightly window of counter.toml (``nightly_window =
"22:00-05:00"``, local time, may span midnight) and how stale the counter's data is.

The operating system's scheduler runs ``desk sync --if-window`` every few minutes;
the command syncs only while the window is open. The window (ui/sync) does the same
while it is open. The status bar warns before the data HQ holds gets stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, select

from desk.app import Counter
from desk.errors import ConfigError
from desk.store.models import OutboxRow

#: a change not acknowledged by HQ after this long makes the status bar warn...
WARN_AFTER = timedelta(days=2)
#: ... and after this long the data is stale (HQ's statistics miss the counter's days)
STALE_AFTER = timedelta(days=4)


def parse_window(text: str) -> tuple[time, time]:
    """``"22:00-05:00"`` -> (22:00, 05:00); raises ConfigError if malformed."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ConfigError(
            f"nightly_window {text!r}: expected HH:MM-HH:MM", field="nightly_window"
        ) from None
    if start == end:
        raise ConfigError("nightly_window: start and end are equal", field="nightly_window")
    return start, end


def window_open(window: str, now: datetime) -> bool:
    """Is ``now`` (local, aware or naive) inside the window? End excluded."""
    start, end = parse_window(window)
    t = now.time().replace(tzinfo=None)
    if start < end:
        return start <= t < end
    return t >= start or t < end  # spans midnight


def opened_at(window: str, now: datetime) -> datetime | None:
    """When the window that is open at ``now`` opened (None if it is closed)."""
    if not window_open(window, now):
        return None
    start, _ = parse_window(window)
    candidate = now.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    return candidate if candidate <= now else candidate - timedelta(days=1)


def next_opening(window: str, now: datetime) -> datetime:
    """The next time the window opens (``now`` itself if it is open)."""
    if window_open(window, now):
        return now
    start, _ = parse_window(window)
    candidate = now.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)


def _level(since: datetime | None, now: datetime) -> str:
    if since is None:
        return "ok"
    age = now - since
    return "stale" if age >= STALE_AFTER else "warn" if age >= WARN_AFTER else "ok"


_RANK = {"ok": 0, "warn": 1, "stale": 2}


@dataclass(frozen=True)
class Staleness:
    """How old what HQ knows of this counter, and what this counter knows of HQ, is.

    ``reasons``: ``unsent`` (a change has waited too long for HQ's acknowledgement:
    personal data piles up on the counter and HQ's statistics miss its days) and/or
    ``reference`` (procedures, fees, agents and receipt verification keys not
    refreshed for too long; only for an enrolled counter)."""

    level: str  # ok | warn | stale
    oldest_unsent_at: datetime | None
    last_acknowledged_at: datetime | None
    unsent: int
    last_sync_at: datetime | None = None  # HQ last answered an upload
    reference_at: datetime | None = None  # reference data last applied
    reasons: tuple[str, ...] = ()
    stale_at: datetime | None = None  # when the level becomes (became) "stale"


def staleness(counter: Counter, now: datetime) -> Staleness:
    """How long the oldest change HQ has not acknowledged has waited, and how old the
    reference data is."""
    from desk.sync import journal
    from desk.sync.credentials import ENROLMENT_FILE

    with counter.sessions() as s:
        oldest, unsent = s.execute(
            select(func.min(OutboxRow.created_at), func.count()).where(OutboxRow.state != "acked")
        ).one()
        last_ack = s.scalar(select(func.max(OutboxRow.acked_at)))
    root = counter.home.root
    last_sync = journal.last_upload(root)
    reference_at = journal.last_pull(root)
    enrolment = counter.home.keys / ENROLMENT_FILE
    ref_since = None
    if enrolment.exists():  # a counter never enrolled has no reference data to refresh
        ref_since = reference_at or _mtime(enrolment)
    levels = {"unsent": _level(oldest, now), "reference": _level(ref_since, now)}
    level = max(levels.values(), key=_RANK.__getitem__)
    reasons = tuple(k for k, v in levels.items() if v != "ok")
    starts = [t for t in (oldest, ref_since) if t is not None]
    stale_at = min(starts) + STALE_AFTER if starts else None
    return Staleness(
        level,
        oldest,
        last_ack,
        int(unsent or 0),
        last_sync,
        reference_at,
        reasons,
        stale_at,
    )


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return None
