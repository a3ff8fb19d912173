"""Small helpers shared by the window's tests: driving real widgets with the keyboard
and mouse, and making real input files."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` as key events. QTest.keyClicks asserts on non-ASCII characters
    (qasciikey.cpp), so accented letters are sent as key events carrying their text,
    as a French keyboard's dead keys end up doing."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClick(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    type_text(qtbot, edit, text)


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def scanned_page_png(path: Path) -> Path:
    """A real PNG file that looks like a scanned page."""
    img = Image.new("RGB", (620, 877), (246, 246, 240))
    draw = ImageDraw.Draw(img)
    draw.text((40, 40), "PASSEPORT", fill=(20, 20, 20))
    for y in range(110, 800, 26):
        draw.line((40, y, 520, y), fill=(60, 60, 60), width=3)
    img.save(path, "PNG")
    return path
