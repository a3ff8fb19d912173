"""Small pieces shared by the filing panels."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desk.errors import DeskError
from desk.messages import describe


def message_label(name: str, parent: QWidget | None = None) -> QLabel:
    """A hidden, word-wrapped label for a result or an error (role set when shown)."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.hide()
    return label


def show_error(label: QLabel, exc: BaseException) -> None:
    """An error in French (rouge Marianne via the stylesheet's error role), with a glyph
    so that colour is not the only carrier of meaning."""
    text = describe(exc) if isinstance(exc, DeskError) else str(exc)
    label.setProperty("role", "error")
    label.setText("⚠ " + text)
    label.setAccessibleDescription(text)
    _repolish(label)
    label.show()


def show_info(label: QLabel, text: str) -> None:
    label.setProperty("role", "")
    label.setText("✔ " + text)
    label.setAccessibleDescription(text)
    _repolish(label)
    label.show()


def clear(label: QLabel) -> None:
    label.clear()
    label.setAccessibleDescription("")
    label.hide()


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def fr_date(value: object) -> str:
    """A date as the counter reads it (JJ/MM/AAAA), '' for None."""
    from datetime import date

    return value.strftime("%d/%m/%Y") if isinstance(value, date) else ""
