"""A document reader that types the MRZ like a keyboard ("keyboard wedge").

The filter watches every key press of the application: characters of the MRZ
alphabet (A-Z, 0-9, <) that arrive within a few milliseconds of each other are
collected, Enter separates lines, and as soon as the collected lines form an MRZ
(desk.domain.mrz) the ``mrz_read`` signal carries it. A person typing is far slower
than a reader: the median gap between the keys of a burst must stay under
MEDIAN_GAP_MS (one longer gap, up to MAX_GAP_MS, is tolerated: the window may be
busy for a moment). The reader's characters reach the focused field (the receiver
of ``mrz_read`` takes them back out); its Enter keys are kept from it.
"""

from __future__ import annotations

import statistics
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desk.domain.mrz import Mrz, NotAnMrz, parse

#: keys further apart than this start a new burst (the window may stall a moment)
MAX_GAP_MS = 150.0
#: a reader types every 1-10 ms: the median gap of a burst must stay under this (a
#: person, even fast, leaves 50 ms or more between keys)
MEDIAN_GAP_MS = 15.0
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class MrzWedge(QObject):
    """Install with ``app.installEventFilter(wedge)``.

    Signals:
        mrz_read(object): an Mrz (valid or not) typed by a reader; ``burst_text`` then
            holds the characters it typed, lines joined by newlines.
    """

    mrz_read = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        max_gap_ms: float = MAX_GAP_MS,
        median_gap_ms: float = MEDIAN_GAP_MS,
    ) -> None:
        super().__init__(parent)
        self.max_gap_ms = max_gap_ms
        self.median_gap_ms = median_gap_ms
        self._lines: list[str] = [""]
        self._gaps: list[float] = []
        self._last = 0.0
        self._pending: Mrz | None = None
        self.burst_text = ""

    def reset(self) -> None:
        self._lines = [""]
        self._gaps: list[float] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        # a key press travels through the window and the focus chain: count it once,
        # when it reaches the widget that has the focus (or the window without one)
        focus = QApplication.focusWidget()
        if not isinstance(watched, QWidget) or not (
            watched is focus or (focus is None and watched.isWindow())
        ):
            return False
        now = time.monotonic() * 1000
        gap = now - self._last
        self._last = now
        if gap > self.max_gap_ms:
            self.reset()
        else:
            self._gaps.append(gap)
        text = event.text().upper() if event.text() else ""
        if event.key() in _ENTER:
            line = self._lines[-1]
            if line:
                self._lines.append("")
            # a reader's Enter ends a line of the MRZ: keep it from the focused field
            # (it would start a search or press a default button)
            swallow = (len(line) in (30, 36, 44) and self._fast()) or self._pending is not None
            if self._pending is None:
                self._check()
            return swallow
        if len(text) == 1 and text in _ALPHABET:
            self._lines[-1] += text
            self._check()
        elif text:
            self.reset()
        return False

    def _fast(self) -> bool:
        return bool(self._gaps) and statistics.median(self._gaps) <= self.median_gap_ms

    def _check(self) -> None:
        lines = [x for x in self._lines if x]
        lengths = {len(x) for x in lines}
        if len(lines) == 1 and len(lines[0]) in (72, 88, 90):  # a reader sending no Enter
            try:
                mrz = parse(lines[0])
            except NotAnMrz:
                return
            if mrz.valid or len(lines[0]) != 72:
                self._emit(mrz, lines)
            return
        complete = (len(lines) == 2 and lengths in ({36}, {44})) or (
            len(lines) == 3 and lengths == {30}
        )
        if not complete:
            return
        try:
            mrz = parse(lines)
        except NotAnMrz:
            return
        self._emit(mrz, lines)

    def _emit(self, mrz: Mrz, lines: list[str]) -> None:
        """Emit once the key being filtered has reached its field (the receiver then
        takes the burst back out of it)."""
        fast = self._fast()
        self.reset()
        if not fast:
            return
        self.burst_text = "\n".join(lines)
        self._pending = mrz
        QTimer.singleShot(0, self._deliver)

    def _deliver(self) -> None:
        mrz, self._pending = self._pending, None
        if mrz is not None:
            self.mrz_read.emit(mrz)
