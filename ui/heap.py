"""The window process's heap, out of the cyclic collector's way once it is built.

WORKAROUND for CPython's generation-2 collection walking every tracked object: with
the window's heap (PySide6 wrappers, SQLAlchemy's mappers and caches, the catalogue)
one such pass took 380-420 ms, in whichever thread allocated at that moment, the GIL
held — the event loop stalled that long during a scan (docs/BENCHMARKS.md, capture).
What lives once the working page is built lives as long as the session: it is frozen
(gc.freeze), and later collections walk only what came after.
"""

from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)


def settle() -> float:
    """Freeze the heap as it is; returns the seconds it took.

    The first time nothing is collected: a full collection of the start-up heap costs
    a few hundred milliseconds of the GUI thread and frees next to nothing (the RSS
    did not move, docs/BENCHMARKS.md). The next times (another agent's session) the
    previous freeze is thawed and collected first, so that the working page of the
    agent who left is not kept."""
    start = time.perf_counter()
    freed = 0
    if gc.get_freeze_count():
        gc.unfreeze()
        freed = gc.collect()
    gc.freeze()
    elapsed = time.perf_counter() - start
    log.debug(
        "heap settled in %.0f ms: %d objects freed, %d frozen",
        elapsed * 1000,
        freed,
        gc.get_freeze_count(),
    )
    return elapsed


def thaw() -> None:
    """The session is over: the collector sees the whole heap again."""
    gc.unfreeze()
