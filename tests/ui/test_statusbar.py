"""The status bar on a counter's screen (1366x768, 1280x800), with the sync room's
warning shown: the counter's identity gives way, legibly — shortened, then elided with
the counter's number kept, the full text in its tooltip — and nothing is cut."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

import pytest
from pytestqt.exceptions import TimeoutError as WaitTimeout
from pytestqt.qtbot import QtBot

from desk.app import Counter
from desk.peek import CounterIdentity
from desk.services.common import Actor
from tests.ui.test_main_window import _stored_dossier, _window

SITE = "Préfecture de police — Centre de réception des étrangers (démonstration)"
FULL = f"Préfecture 075 · {SITE} · guichet 01"


@pytest.mark.parametrize("size", [(1366, 768), (1280, 800)])
def test_the_status_bar_is_legible_on_a_counter_screen(
    qtbot: QtBot, counter: Counter, actor: Actor, size: tuple[int, int]
) -> None:
    _stored_dossier(counter, actor)  # changes waiting for HQ: the longer warning
    window = _window(qtbot, counter, actor)
    window.set_identity(CounterIdentity("075", SITE, 1))
    window.resize(*size)
    sync = window.sync
    sync.clock = lambda: datetime.now().astimezone() + timedelta(days=3)
    sync.tick()
    qtbot.waitUntil(lambda: sync.freshness.property("level") == "warn")
    qtbot.waitUntil(lambda: window.width() == size[0])
    label = window.counter_label
    qtbot.waitUntil(lambda: label.text() != FULL)
    bar = window.statusBar()
    widgets = (window.agent_label, sync.freshness, sync.button)

    def laid_out() -> bool:  # the layout settles over a few event-loop turns
        fits = label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
        return fits and all(
            w.width() >= w.sizeHint().width() and w.geometry().right() <= bar.width()
            for w in widgets
        )

    with contextlib.suppress(WaitTimeout):  # the asserts below say what does not fit
        qtbot.waitUntil(laid_out, timeout=10_000)
    shown = label.text()
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    assert shown.endswith("guichet 01")  # which counter, always readable
    head = shown.removesuffix("guichet 01").removesuffix(" · ").removesuffix("…")
    assert SITE.startswith(head)  # the site shortened, or left out when there is no room
    assert label.toolTip() == FULL and label.accessibleDescription() == FULL
    for widget in widgets:
        assert widget.isVisible()
        assert widget.width() >= widget.sizeHint().width(), widget.accessibleName()
        assert widget.geometry().right() <= bar.width()
    # a shorter identity in the same room: its short form, whole
    window.set_identity(CounterIdentity("069", "Lyon", 3))
    assert label.text() in ("Lyon · guichet 03", "guichet 03")


def test_a_short_identity_is_shown_whole(qtbot: QtBot, counter: Counter, actor: Actor) -> None:
    window = _window(qtbot, counter, actor)
    window.set_identity(CounterIdentity("069", "Lyon — Accueil", 3))
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    assert window.counter_label.text() == "Préfecture 069 · Lyon — Accueil · guichet 03"
    assert window.windowTitle() == "Guichet — Lyon — Accueil, guichet 3"
