"""The window is usable with the keyboard alone: shortcuts, tab order, Enter, Space."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.app import Counter
from desk.domain.entities import PieceStatus
from desk.services import dossiers
from desk.services.common import Actor
from tests.ui.helpers import type_text
from tests.ui.test_main_window import _window

FIELDS = [
    ("surname", "Okafor"),
    ("given_names", "Chinedu Emmanuel"),
    ("birth_date", "21/06/1988"),
    ("nationality", "NGA"),
    ("numero_etranger", "6912345678"),
    ("passport_number", "A12345678"),
    ("postal_code", "69007"),
    ("email", "c.okafor@example.org"),
    ("phone", "+33 6 98 76 54 32"),
]


def _key(qtbot: QtBot, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def test_create_a_dossier_and_declare_a_piece_missing_without_the_mouse(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    window = _window(qtbot, counter, actor)
    view = window.dossier_view
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    for i, (name, value) in enumerate(FIELDS):
        assert QApplication.focusWidget() is view.form.fields[name], f"tab order at {name}"
        type_text(qtbot, QApplication.focusWidget(), value)
        if i < len(FIELDS) - 1:
            _key(qtbot, Qt.Key.Key_Tab)
    _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.procedure_combo
    for _ in range(view.procedure_combo.count()):
        if view.procedure_combo.currentData() == "visiteur":
            break
        _key(qtbot, Qt.Key.Key_Down)
    assert view.procedure_combo.currentData() == "visiteur"
    _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.save_button
    _key(qtbot, Qt.Key.Key_Space)

    dossier = view.dossier
    assert dossier is not None
    assert dossier.applicant.given_names == "Chinedu Emmanuel"
    pieces = view.pieces
    assert QApplication.focusWidget() is pieces.table
    _key(qtbot, Qt.Key.Key_Down)  # second piece
    code = pieces.current_code()
    assert code == dossier.pieces[1].code
    _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is pieces.add_button
    _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is pieces.missing_button
    _key(qtbot, Qt.Key.Key_Space)
    stored = dossiers.get_dossier(counter, dossier.number)
    assert stored.pieces[1].status is PieceStatus.DECLARED_MISSING
    row = pieces.model.row_of(code)
    assert pieces.model.data(pieces.model.index(row, 2)) == "✖ Déclarée manquante"

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert view.dossier is None
    assert view.form.is_empty()


def test_enter_in_a_field_saves_the_applicant(qtbot: QtBot, counter: Counter, actor: Actor) -> None:
    window = _window(qtbot, counter, actor)
    window.new_dossier()
    view = window.dossier_view
    view.procedure_combo.setCurrentIndex(view.procedure_combo.findData("duplicata"))
    for name, value in FIELDS[:4]:
        view.form.fields[name].setFocus()
        type_text(qtbot, view.form.fields[name], value)
    qtbot.keyClick(view.form.fields["nationality"], Qt.Key.Key_Return)
    assert view.dossier is not None
    assert view.dossier.procedure == "duplicata"
