"""When sync runs: the nightly window of counter.toml (``nightly_window =
"22:00-05:00"``, local time, may span midnight) and how stale the counter's data is.

The operating system's scheduler runs ``desk sync --if-window`` every few minutes;
the command syncs only while the window is open. The window (ui/sync) does the same
while it is open. The status bar warns before the data HQ holds gets stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

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


def next_opening(window: str, now: datetime) -> datetime:
    """The next time the window opens (``now`` itself if it is open)."""
    if window_open(window, now):
        return now
    start, _ = parse_window(window)
    candidate = now.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)


@dataclass(frozen=True)
class Staleness:
    level: str  # ok | warn | stale
    oldest_unsent_at: datetime | None
    last_acknowledged_at: datetime | None
    unsent: int


def staleness(counter: Counter, now: datetime) -> Staleness:
    """How long the oldest change HQ has not acknowledged has waited."""
    with counter.sessions() as s:
        oldest, unsent = s.execute(
            select(func.min(OutboxRow.created_at), func.count()).where(OutboxRow.state != "acked")
        ).one()
        last_ack = s.scalar(select(func.max(OutboxRow.acked_at)))
    level = "ok"
    if oldest is not None:
        age = now - oldest
        level = "stale" if age >= STALE_AFTER else "warn" if age >= WARN_AFTER else "ok"
    return Staleness(level, oldest, last_ack, int(unsent or 0))
