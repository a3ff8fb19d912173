"""The counter window end to end, through the real widgets, on a real counter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk.app import Counter
from desk.domain.entities import DossierSummary, PieceStatus
from desk.services import applicants, dossiers
from desk.services.applicants import ApplicantInput
from desk.services.common import Actor
from desk.store.models import ApplicantRow, DossierRow
from tests.ui.conftest import PASSWORD
from tests.ui.helpers import click, scanned_page_png, type_into
from ui.login import LoginPage
from ui.main_window import MainWindow
from ui.session import CounterSession


def _count(counter: Counter, model: type) -> int:
    with counter.sessions() as s:
        return int(s.scalar(select(func.count(model.id))) or 0)


def _window(qtbot: QtBot, counter: Counter, actor: Actor) -> MainWindow:
    window = MainWindow(counter, actor)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts and focus need the active window
        window.show()
        window.activateWindow()
    return window


def _stored_dossier(counter: Counter, actor: Actor, surname: str = "Haddad") -> str:
    from datetime import date

    a = applicants.create_applicant(
        counter,
        actor,
        ApplicantInput(surname, "Rania", date(1990, 5, 17), "LBN", numero_etranger="7512345678"),
    )
    return dossiers.open_dossier(counter, actor, a.id, "visiteur").number


def _fill_applicant(qtbot: QtBot, window: MainWindow, numero: str) -> None:
    form = window.dossier_view.form
    values = {
        "surname": "N'Guessan",
        "given_names": "Affoué Marie-Laure",
        "birth_date": "03/09/1991",
        "nationality": "civ",
        "numero_etranger": numero,
        "passport_number": "18AB12345",
        "postal_code": "69003",
        "email": "affoue@example.org",
        "phone": "06 12 34 56 78",
    }
    for name, value in values.items():
        type_into(qtbot, form.fields[name], value)


def test_login_create_dossier_and_add_piece_from_file(
    qtbot: QtBot, counter: Counter, agent_login: str, tmp_path: Path
) -> None:
    session = CounterSession(counter)
    session.start()
    window = session.window
    assert isinstance(window, MainWindow)
    dialog = window.page
    assert isinstance(dialog, LoginPage)
    assert dialog.isVisible()
    type_into(qtbot, dialog.login_edit.lineEdit(), agent_login)
    type_into(qtbot, dialog.password_edit, PASSWORD)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: window.work is not None and window.work.isVisible())
    assert "Alix Dupont" in window.agent_label.text()
    assert "Préfecture du Rhône" in window.counter_label.text()
    assert "guichet 03" in window.counter_label.text()

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.dossier_view
    _fill_applicant(qtbot, window, "0123456789")
    view = window.dossier_view
    view.procedure_combo.setCurrentIndex(view.procedure_combo.findData("visiteur"))
    click(qtbot, view.save_button)

    dossier = view.dossier
    assert dossier is not None
    assert view.number_label.text() == dossier.number
    assert dossier.applicant.surname == "N'Guessan"
    assert dossier.applicant.nationality == "CIV"
    assert dossiers.get_dossier(counter, dossier.number).applicant.numero_etranger == "0123456789"
    pieces = view.pieces
    assert view.tabs.currentWidget() is pieces
    assert pieces.model.rowCount() == len(dossier.pieces) > 0

    pieces.select_piece("passeport")
    click(qtbot, pieces.add_button)
    file_dialog = pieces.file_dialog
    assert file_dialog is not None
    assert file_dialog.isVisible()
    png = scanned_page_png(tmp_path / "passeport.png")
    file_dialog.selectFile(str(png))
    file_dialog.accept()
    qtbot.waitUntil(lambda: view.dossier is not None and view.dossier.pieces[0].pages != ())

    row = pieces.model.row_of("passeport")
    status = pieces.model.data(pieces.model.index(row, 2))
    assert status == "✔ Fournie"
    assert pieces.model.data(pieces.model.index(row, 3)) == "1"
    stored = dossiers.get_dossier(counter, dossier.number)
    assert stored.pieces[0].status is PieceStatus.CAPTURED
    assert stored.pieces[0].pages[0].media_type == "image/png"
    session.close()


def test_invalid_numero_etranger_shows_inline_message_and_saves_nothing(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    window = _window(qtbot, counter, actor)
    click(qtbot, window.new_button)
    _fill_applicant(qtbot, window, "12345")
    view = window.dossier_view
    view.procedure_combo.setCurrentIndex(view.procedure_combo.findData("visiteur"))
    click(qtbot, view.save_button)

    error = view.form.errors["numero_etranger"]
    assert error.isVisible()
    assert error.text() == "⚠ Numéro étranger : La longueur n'est pas la bonne."
    assert view.form.fields["numero_etranger"].property("invalid") is True
    assert view.form.fields["numero_etranger"].hasFocus()
    assert view.dossier is None
    assert _count(counter, ApplicantRow) == 0
    assert _count(counter, DossierRow) == 0

    # corrected, the same form saves, and the message goes away
    type_into(qtbot, view.form.fields["numero_etranger"], "0123456789")
    click(qtbot, view.save_button)
    assert view.dossier is not None
    assert not error.isVisible()
    assert _count(counter, DossierRow) == 1


def test_missing_procedure_is_asked_for(qtbot: QtBot, counter: Counter, actor: Actor) -> None:
    window = _window(qtbot, counter, actor)
    click(qtbot, window.new_button)
    _fill_applicant(qtbot, window, "")
    click(qtbot, window.dossier_view.save_button)
    assert window.dossier_view.procedure_error.isVisible()
    assert _count(counter, ApplicantRow) == 0


def test_unsupported_file_is_refused_and_dossier_unchanged(
    qtbot: QtBot, counter: Counter, actor: Actor, tmp_path: Path
) -> None:
    number = _stored_dossier(counter, actor)
    window = _window(qtbot, counter, actor)
    assert window.open_dossier(number)
    pieces = window.dossier_view.pieces
    text_file = tmp_path / "passeport.pdf"
    text_file.write_text("ceci n'est pas un PDF", encoding="utf-8")
    pieces.select_piece("passeport")
    task = pieces.add_files("passeport", [text_file])
    assert task is not None
    qtbot.waitUntil(lambda: task.done)
    assert pieces.message.isVisible()
    assert pieces.message.text().startswith("⚠ passeport.pdf : ")
    assert all(
        p.status is PieceStatus.MISSING for p in dossiers.get_dossier(counter, number).pieces
    )


def test_barcode_number_and_enter_opens_the_dossier(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    number = _stored_dossier(counter, actor)
    window = _window(qtbot, counter, actor)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    # a scanner types the number (here without dashes, as some Code 128 set-ups do)
    qtbot.keyClicks(window.search_box, number.replace("-", "").lower())
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.dossier_view
    assert window.dossier_view.number_label.text() == number
    assert window.dossier_view.form.fields["surname"].text() == "Haddad"
    assert window.search_box.text() == ""


def test_unknown_dossier_number_gives_a_french_message(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    from desk.domain.dossier import format_number

    window = _window(qtbot, counter, actor)
    number = format_number("069", 3, 2026, 999)
    qtbot.keyClicks(window.search_box, number)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.stack.currentIndex() == 0
    assert window.message.isVisible()
    assert window.message.text() == f"⚠ Introuvable : dossier « {number} »."


def test_name_search_fills_the_table(qtbot: QtBot, counter: Counter, actor: Actor) -> None:
    number = _stored_dossier(counter, actor, "Dubois-Fontaine")
    _stored_dossier(counter, actor, "Wang")
    window = _window(qtbot, counter, actor)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)  # today's list
    qtbot.keyClicks(window.search_box, "dubois fontaine")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    summary = window.model.summary(0)
    assert isinstance(summary, DossierSummary)
    assert summary.number == number
    assert window.list_title.text() == "Recherche : « dubois fontaine »"
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert window.dossier_view.number_label.text() == number


def test_closing_a_dossier_clears_every_applicant_field(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    number = _stored_dossier(counter, actor)
    window = _window(qtbot, counter, actor)
    window.open_dossier(number)
    view = window.dossier_view
    assert view.form.fields["numero_etranger"].text() == "7512345678"
    qtbot.keyClick(window, Qt.Key.Key_Escape)

    assert window.stack.currentIndex() == 0
    assert view.dossier is None
    assert view.form.is_empty()
    assert view.number_label.text() == ""
    assert view.pieces.model.rowCount() == 0
    assert view.procedure_combo.currentIndex() == -1
    shown = [w.text() for w in view.findChildren(QWidget) if hasattr(w, "text") and w.isVisible()]
    assert not any("Haddad" in t or "7512345678" in t for t in shown)


def test_logout_clears_the_window_and_asks_for_login(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    number = _stored_dossier(counter, actor)
    session = CounterSession(counter)
    session.start()
    session.open_main(actor)
    window = session.window
    assert isinstance(window, MainWindow)
    window.open_dossier(number)
    view, model = window.dossier_view, window.model
    assert view.isVisible()
    click(qtbot, window.logout_button)
    assert view.form.is_empty()
    assert model.rowCount() == 0
    assert window.work is None
    assert not view.isVisible()
    assert isinstance(window.page, LoginPage)
    assert window.page.isVisible()
    assert window.page.login_edit.currentText() == ""
    assert window.isVisible()  # the same window, back on its log-in page
    assert session.lock is None
    session.close()


def test_every_control_has_an_accessible_name(qtbot: QtBot, counter: Counter, actor: Actor) -> None:
    number = _stored_dossier(counter, actor)
    window = _window(qtbot, counter, actor)
    window.open_dossier(number)
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in window.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisible()
        and not w.accessibleName()
        and type(w).__name__ not in ("QTabBar", "QScrollBar")  # parts of named widgets
    ]
    assert unnamed == []


@pytest.mark.parametrize("size", [11.0])
def test_base_font_is_at_least_11_points(qapp: QApplication, size: float) -> None:
    assert QApplication.font().pointSizeF() >= size
