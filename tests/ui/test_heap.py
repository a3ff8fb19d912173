"""ui.heap: the window's heap collected once, then frozen out of the collector's way."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from ui import heap


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.fixture
def thawed() -> Iterator[None]:
    yield
    gc.unfreeze()  # the other tests run with the collector as usual


def _cycle() -> weakref.ref[_Node]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_settle_collects_then_freezes_what_lives(thawed: None) -> None:
    garbage = _cycle()
    kept = _Node()
    kept.other = kept
    heap.settle()
    assert garbage() is None  # the cycle dropped before settling was collected
    assert gc.get_freeze_count() > 0 and gc.is_tracked(kept)
    assert kept not in gc.get_objects(2)  # frozen: no collection walks it


def test_a_second_settle_collects_garbage_the_first_froze(thawed: None) -> None:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    ref = weakref.ref(a)
    heap.settle()  # a and b alive: frozen (the previous agent's working page)
    del a, b
    gc.collect()
    assert ref() is not None  # a frozen cycle is out of the collector's sight
    heap.settle()  # the next log-in
    assert ref() is None
