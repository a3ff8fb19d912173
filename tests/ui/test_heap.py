"""ui.heap: the window's heap frozen out of the collector's way, collected at the
next session."""

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
    heap.thaw()
    yield
    heap.thaw()  # the other tests run with the collector as usual


def _cycle() -> tuple[_Node, weakref.ref[_Node]]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return a, weakref.ref(a)


def test_settle_freezes_what_lives_and_thaw_gives_it_back(thawed: None) -> None:
    kept, _ = _cycle()
    heap.settle()
    assert gc.get_freeze_count() > 0 and gc.is_tracked(kept)
    assert all(o is not kept for o in gc.get_objects(2))  # no collection walks it
    heap.thaw()
    assert gc.get_freeze_count() == 0
    assert any(o is kept for o in gc.get_objects(2))


def test_the_next_settle_collects_what_the_previous_session_left(thawed: None) -> None:
    node, ref = _cycle()
    heap.settle()  # alive: frozen (the previous agent's working page)
    del node
    gc.collect()
    assert ref() is not None  # a frozen cycle is out of the collector's sight
    heap.settle()  # the next log-in
    assert ref() is None
