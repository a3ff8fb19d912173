"""Identity in the window: an MRZ typed by a keyboard-wedge reader fills the applicant
form, duplicates are offered instead of a new applicant, alerts are shown; the serial
reader over a real pyserial loopback port."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk.app import Counter
from desk.domain.mrz import MrzFormat
from desk.domain.mrz_compose import MrzFields, compose
from desk.services import applicants
from desk.services.applicants import ApplicantInput
from desk.services.common import Actor
from desk.store.models import ApplicantRow, DossierRow
from tests.ui.helpers import click
from ui.identity.serial_reader import SerialMrzReader, mrz_from_lines, reader_settings
from ui.identity.wedge import MrzWedge
from ui.main_window import MainWindow

BORN = date(1991, 4, 23)


def _lines(expiry: date | None = None, birth: date = BORN) -> tuple[str, ...]:
    return compose(
        MrzFormat.TD3,
        MrzFields("P<", "MAR", "EL AMRANI", "YOUSSEF KARIM", "XK1234567", "MAR", birth, "M",
                  expiry or date.today() + timedelta(days=3000)),
    )  # fmt: skip


def _window(qtbot: QtBot, counter: Counter, actor: Actor) -> MainWindow:
    window = MainWindow(counter, actor)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def _reader_types(qtbot: QtBot, lines: tuple[str, ...]) -> None:
    """What a keyboard-wedge reader does: every line at once, then Enter."""
    widget = QApplication.focusWidget()
    assert widget is not None
    for line in lines:
        qtbot.keyClicks(widget, line)
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def _count(counter: Counter, model: type) -> int:
    with counter.sessions() as s:
        return int(s.scalar(select(func.count(model.id))) or 0)


def test_wedge_reader_fills_the_form_from_the_search_box(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    window = _window(qtbot, counter, actor)
    window.search_box.setFocus()
    _reader_types(qtbot, _lines())
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.dossier_view)
    form = window.dossier_view.form
    assert form.text("surname") == "EL AMRANI"
    assert form.text("given_names") == "YOUSSEF KARIM"
    assert form.text("birth_date") == "23/04/1991"
    assert form.text("nationality") == "MAR"
    assert form.text("passport_number") == "XK1234567"
    assert window.search_box.text() == ""  # the reader's keystrokes were taken back out
    panel = window.identity.panel
    assert not panel.alerts_label.isVisible()
    window.identity.refresh()
    qtbot.waitUntil(lambda: window.identity._task is None)
    assert not panel.candidates.isVisible()


def test_wedge_reader_works_in_any_field(qtbot: QtBot, counter: Counter, actor: Actor) -> None:
    window = _window(qtbot, counter, actor)
    window.new_dossier()
    window.dossier_view.form.fields["phone"].setFocus()
    _reader_types(qtbot, _lines())
    qtbot.waitUntil(lambda: window.dossier_view.form.text("surname") == "EL AMRANI")
    assert window.dossier_view.form.text("phone") == ""


def test_typing_by_hand_is_not_a_reader(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    wedge = MrzWedge()
    QApplication.instance().installEventFilter(wedge)  # type: ignore[union-attr]
    try:
        with qtbot.waitActive(edit):
            edit.show()
            edit.activateWindow()
        edit.setFocus()
        got: list[object] = []
        wedge.mrz_read.connect(got.append)
        td2 = compose(MrzFormat.TD2, MrzFields("I<", "FRA", "MARTIN", "LEA", "AB12", "FRA",
                                               BORN, "F", date(2031, 1, 1)))  # fmt: skip
        for line in td2:
            qtbot.keyClicks(edit, line, delay=25)  # a fast typist, still slower than a reader
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.wait(50)
        assert got == []
        assert edit.text().endswith(td2[1])  # a person's Enter keys reach the field
        for line in td2:
            qtbot.keyClicks(edit, line)
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(got) == 1)
        assert got[0].surname == "MARTIN"  # type: ignore[attr-defined]
    finally:
        QApplication.instance().removeEventFilter(wedge)  # type: ignore[union-attr]


def test_duplicate_is_offered_and_used(qtbot: QtBot, counter: Counter, actor: Actor) -> None:
    existing = applicants.create_applicant(
        counter, actor,
        ApplicantInput(surname="El-Amrani", given_names="Karim Youssef", birth_date=BORN,
                       nationality="MAR", numero_etranger="7501234567"),
    )  # fmt: skip
    window = _window(qtbot, counter, actor)
    window.search_box.setFocus()
    _reader_types(qtbot, _lines())
    panel = window.identity.panel
    qtbot.waitUntil(lambda: panel.candidates.count() == 1 and panel.candidates.isVisible())
    assert "7501234567" in panel.candidates.item(0).text()
    click(qtbot, panel.use_button)
    view = window.dossier_view
    assert view.chosen_applicant_id == existing.id
    assert view.form.text("numero_etranger") == "7501234567"
    assert view.form.text("passport_number") == "XK1234567"  # the new passport is kept
    view.procedure_combo.setCurrentIndex(0)
    before = _count(counter, ApplicantRow)
    click(qtbot, view.save_button)
    assert view.dossier is not None
    assert view.dossier.applicant.id == existing.id
    assert _count(counter, ApplicantRow) == before  # no duplicate
    assert _count(counter, DossierRow) == 1
    assert applicants.get_applicant(counter, existing.id).passport_number == "XK1234567"


def test_alerts_for_an_expired_passport_and_a_minor(
    qtbot: QtBot, counter: Counter, actor: Actor
) -> None:
    window = _window(qtbot, counter, actor)
    window.search_box.setFocus()
    minor = date.today() - timedelta(days=365 * 12)
    _reader_types(qtbot, _lines(expiry=date.today() - timedelta(days=10), birth=minor))
    label = window.identity.panel.alerts_label
    qtbot.waitUntil(label.isVisible)
    assert "Passeport expiré" in label.text()
    assert "mineur" in label.text()
    window.close_dossier()
    assert not label.isVisible()  # nothing of the applicant stays on screen


def test_serial_reader_on_a_loopback_port(qtbot: QtBot) -> None:
    reader = SerialMrzReader("loop://", 9600)
    reader.start()
    try:
        with qtbot.waitSignal(reader.mrz_read, timeout=5000) as blocker:
            reader._serial.write(("noise\r\n" + "\r\n".join(_lines()) + "\r\n").encode())
        assert blocker.args[0].surname == "EL AMRANI"
        assert blocker.args[0].valid
    finally:
        reader.stop()


def test_serial_settings_and_line_assembly(counter: Counter) -> None:
    assert reader_settings(counter.config) is None
    counter.config.extra["mrz_reader"] = {"port": "/dev/ttyACM0", "baudrate": 19200}
    assert reader_settings(counter.config) == ("/dev/ttyACM0", 19200)
    assert mrz_from_lines(["garbage", *_lines()]) is not None
    assert mrz_from_lines(["garbage", _lines()[0]]) is None


@pytest.mark.allow_log_warnings
def test_unavailable_serial_port_is_reported(qtbot: QtBot) -> None:
    reader = SerialMrzReader("/dev/nonexistent-mrz-reader", 9600)
    with qtbot.waitSignal(reader.failed, timeout=2000):
        reader.start()
    reader.stop()


def test_identity_page_captured_as_passport_fills_the_form(
    qtbot: QtBot, counter: Counter, actor: Actor, tmp_path
) -> None:
    """Issue 4: the identity page scanned (here: imported) as the passport piece fills
    the applicant form in one step; the agent checks and saves."""
    import random

    from desk.capture.mrz_render import Degradation, random_mrz, render_page
    from desk.services import capture, dossiers

    a = applicants.create_applicant(
        counter, actor, ApplicantInput("A compléter", "", date(1990, 1, 1), "XXX")
    )
    number = dossiers.open_dossier(counter, actor, a.id, "etudiant-premier").number
    window = _window(qtbot, counter, actor)
    assert window.open_dossier(number)
    rng = random.Random(11)
    _, fields, lines = random_mrz(rng, MrzFormat.TD3)
    page = tmp_path / "identite.jpg"
    page.write_bytes(render_page(lines, MrzFormat.TD3, Degradation(dpi=300, angle=-2), rng))
    capture.import_files(counter, actor, number, "passeport", [page])
    # what the capture panel announces after a scan or an import
    window.capture_panel.dossier_changed.emit(dossiers.get_dossier(counter, number, actor))
    form = window.dossier_view.form
    qtbot.waitUntil(lambda: form.text("passport_number") == fields.document_number, timeout=20000)
    assert form.text("surname") == " ".join(fields.surname.split())
    assert form.text("birth_date") == fields.birth_date.strftime("%d/%m/%Y")
