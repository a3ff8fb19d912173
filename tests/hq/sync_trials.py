"""The counter SIGKILLed at random points of a sync, then restarted and synced.

Each trial adds a little data to the counter, forks a process that opens the counter
and syncs (a real, separate process with its own database connection), kills it with
SIGKILL after a random delay, and reaps it. After the trials one more sync runs to
completion. Used by tests/hq/test_sync_faults.py (a handful of trials... or 50) and
by bench/e2e_sync_kill.py.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desk.app import Counter, open_counter
from desk.sync import client


@dataclass
class TrialStats:
    trials: int = 0
    killed: int = 0
    finished_before_kill: int = 0
    delays: list[float] = field(default_factory=list)


def _child(home: str) -> None:
    counter = open_counter(home)
    try:
        client.run(counter, force=True)
    finally:
        counter.close()


def run_trials(
    home: Path,
    trials: int,
    add_data: Callable[[Counter, int], None],
    seed: int = 11,
    max_delay: float | None = None,
) -> TrialStats:
    rng = random.Random(seed)
    ctx = multiprocessing.get_context("fork")
    stats = TrialStats()
    if max_delay is None:  # one sync of one trial's data, measured
        max_delay = _measure(home, add_data, ctx) * 1.2
    for i in range(trials):
        counter = open_counter(home)
        try:
            add_data(counter, i)
        finally:
            counter.close()
        proc = ctx.Process(target=_child, args=(str(home),))
        proc.start()
        delay = rng.uniform(0, max_delay)
        stats.delays.append(delay)
        time.sleep(delay)
        if proc.is_alive():
            assert proc.pid is not None
            os.kill(proc.pid, signal.SIGKILL)
            stats.killed += 1
        else:
            stats.finished_before_kill += 1
        proc.join()
        stats.trials += 1
    return stats


def _measure(
    home: Path, add_data: Callable[[Counter, int], None], ctx: multiprocessing.context.BaseContext
) -> float:
    counter = open_counter(home)
    try:
        add_data(counter, -1)
    finally:
        counter.close()
    start = time.monotonic()
    proc = ctx.Process(target=_child, args=(str(home),))  # type: ignore[attr-defined]
    proc.start()
    proc.join()
    return time.monotonic() - start


def settle(home: Path, rounds: int = 5) -> client.SyncReport:
    """Sync until nothing is pending (after the kills)."""
    counter = open_counter(home)
    try:
        for _ in range(rounds):
            report = client.run(counter, force=True)
            if report.pending == 0:
                return report
        return report
    finally:
        counter.close()
