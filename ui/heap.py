"""The window process's heap, out of the cyclic collector's way once it is built.

WORKAROUND for CPython's generation-2 collection walking every tracked object: with
the window's heap (PySide6 wrappers, SQLAlchemy's mappers and caches, the catalogue)
one such pass took 380-420 ms, in whichever thread allocated at that moment, the GIL
held — the event loop stalled that long during a scan (docs/BENCHMARKS.md, capture).
What lives once the working page is built lives as long as the session: after one
collection it is frozen (gc.freeze), and later collections walk only what came after.
"""

from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)


def settle() -> float:
    """Collect once, then freeze what survives; returns the seconds it took. The
    previous session's frozen objects are thawed first, so that its garbage (the
    working page of the agent who logged out) is collected now rather than kept."""
    start = time.perf_counter()
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
