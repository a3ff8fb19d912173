"""The main window's status bar: which counter this is, on the left, and who is logged
in, on the right; the sync room adds its freshness warning and button after them
(ui.sync.controller).

The counter's identity is the label that gives way when the bar is narrow (1280 or
1366 px wide with the sync warning shown): it shows the longest of its forms that
fits — "Préfecture 075 · site · guichet 01", then "site · guichet 01", then the site
elided with the counter's number kept, then "guichet 01" —, the full text always in its tooltip and
accessible description. Painted before the core is imported: PySide6 widgets only,
and no access to the ``Qt`` namespace (ui/session.py).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QWidget

from desk.peek import CounterIdentity

ELLIPSIS = "…"


class IdentityLabel(QLabel):
    """The counter's identity, shortened to the room it is given (see the module)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._short = ""
        self._tail = ""
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.setSizePolicy(policy)

    def set_identity(self, full: str, short: str = "", tail: str = "") -> None:
        """``full`` when it fits, else ``short``, else ``short`` elided before ``tail``
        (the part of ``short`` that must stay readable)."""
        self._full, self._short, self._tail = full, short or full, tail
        self.updateGeometry()
        self.setToolTip(full)
        self.setAccessibleDescription(full)
        self._fit()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 8, hint.height())

    def minimumSizeHint(self) -> QSize:
        # room for "guichet 01" at the least: the other labels give way to it
        least = self._tail.lstrip(" ·") or self._full
        width = self.fontMetrics().horizontalAdvance(least) + 4
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        room = self.contentsRect().width()
        for form in (self._full, self._short):
            if metrics.horizontalAdvance(form) <= room:
                self.setText(form)
                return
        head = self._short[: len(self._short) - len(self._tail)]
        tail = self._tail
        least = tail.lstrip(" ·") or ELLIPSIS  # "guichet 01": the counter, at the least
        while head and metrics.horizontalAdvance(head.rstrip() + ELLIPSIS + tail) > room:
            head = head[:-1]
        self.setText(head.rstrip() + ELLIPSIS + tail if len(head.strip()) >= 4 else least)


class StatusBar:
    """The counter's identity and the agent's name in ``window``'s status bar."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        self.counter_label = IdentityLabel()
        self.counter_label.setAccessibleName(window.tr("Identité du guichet"))
        self.agent_label = QLabel()
        self.agent_label.setAccessibleName(window.tr("Agent connecté"))
        self.agent_label.hide()
        bar = window.statusBar()
        bar.addWidget(self.counter_label, 1)
        bar.addPermanentWidget(self.agent_label)

    def set_identity(self, identity: CounterIdentity | None) -> None:
        """Say which counter this is (window title and status bar)."""
        tr = self._window.tr
        if identity is None:
            self._window.setWindowTitle(tr("Guichet"))
            self.counter_label.set_identity(tr("Guichet"))
            return
        number = f"{identity.counter:02d}"
        self._window.setWindowTitle(
            tr("Guichet — {site}, guichet {counter}").format(
                site=identity.site, counter=identity.counter
            )
        )
        tail = tr(" · guichet {counter}").format(counter=number)
        self.counter_label.set_identity(
            tr("Préfecture {pref} · {site}").format(pref=identity.prefecture, site=identity.site)
            + tail,
            identity.site + tail,
            tail,
        )

    def set_agent(self, login: str = "", display_name: str = "") -> None:
        """The agent logged in (an empty ``login``: nobody, the label is hidden)."""
        if not login:
            self.agent_label.clear()
            self.agent_label.hide()
            return
        # no "Agent :" prefix on screen (its accessible name says it): the room goes
        # to the counter's identity when the sync warning is shown
        text = self._window.tr("{name} ({login})").format(name=display_name or login, login=login)
        self.agent_label.setText(text)
        self.agent_label.setToolTip(self._window.tr("Agent connecté : {agent}").format(agent=text))
        self.agent_label.show()
