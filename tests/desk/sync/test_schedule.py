"""The nightly window and the staleness warning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desk.app import open_counter
from desk.config import CounterConfig
from desk.errors import ConfigError
from desk.services.common import enqueue
from desk.store.db import transaction
from desk.sync.schedule import next_opening, parse_window, staleness, window_open


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 27, hour, minute, tzinfo=UTC)


def test_window_spanning_midnight() -> None:
    w = "22:00-05:00"
    assert window_open(w, at(22)) and window_open(w, at(23, 59)) and window_open(w, at(4, 59))
    assert not window_open(w, at(5)) and not window_open(w, at(12)) and not window_open(w, at(21))
    assert next_opening(w, at(12)) == at(22)
    assert next_opening(w, at(23)) == at(23)


def test_window_within_a_day() -> None:
    w = "12:30-13:30"
    assert window_open(w, at(12, 30)) and not window_open(w, at(13, 30))
    assert next_opening(w, at(14)) == at(12, 30) + timedelta(days=1)


@pytest.mark.parametrize("bad", ["", "22:00", "25:00-01:00", "10:00-10:00", "soir"])
def test_malformed_window(bad: str) -> None:
    with pytest.raises(ConfigError):
        parse_window(bad)


def test_staleness_warns_before_data_gets_stale(tmp_path: Path) -> None:
    counter = open_counter(tmp_path / "c", CounterConfig("75", "75", "Site", 1))
    try:
        now = datetime.now(UTC)
        assert staleness(counter, now).level == "ok"
        with transaction(counter.sessions) as s:
            enqueue(s, "dossier", "a" * 32)
        assert staleness(counter, now).level == "ok"
        assert staleness(counter, now + timedelta(days=2, hours=1)).level == "warn"
        assert staleness(counter, now + timedelta(days=5)).level == "stale"
        assert staleness(counter, now).unsent == 1
    finally:
        counter.close()
