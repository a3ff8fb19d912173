"""The filing panels in the real counter window (pytest-qt, offscreen): the whole
substitution flow, the completeness / fees / timbres panel, the assisted online
filing with a downloaded attestation, and the history timeline."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk.app import Counter
from desk.domain.dossier import DossierStatus
from desk.domain.entities import Role
from desk.services import agents, dossiers
from desk.services.common import Actor
from tests.desk.filing.helpers import attestation_pdf, capture, new_dossier, pdf_bytes
from tests.ui.conftest import PASSWORD
from tests.ui.helpers import click, type_into
from ui.filing import AssistedFilingPanel, FilingStatusPanel, HistoryTimeline, SubstitutionForm
from ui.main_window import MainWindow


def _open(qtbot: QtBot, counter: Counter, actor: Actor, number: str) -> MainWindow:
    window = MainWindow(counter, actor)
    qtbot.addWidget(window)
    window.show()
    assert window.open_dossier(number)
    return window


def _supervisor(counter: Counter) -> Actor:
    a = agents.create_agent(counter, "c.martin", "Camille Martin", Role.SUPERVISOR, PASSWORD)
    return Actor(a.login, a.role, a.id, a.display_name)


def test_whole_substitution_flow(
    qtbot: QtBot, counter: Counter, actor: Actor, tmp_path: Path
) -> None:
    # the applicant lives in Paris, the counter serves the Rhône (69)
    number = new_dossier(counter, postal_code="75011")
    capture(counter, number, tmp_path / "p")
    window = _open(qtbot, counter, actor, number)
    view = window.dossier_view
    form = window.filing_panels["substitution"]
    assert isinstance(form, SubstitutionForm)
    view.tabs.setCurrentWidget(form)
    assert not form.justification.isEnabled()  # an agent may not override
    scan = tmp_path / "preuve.pdf"
    scan.write_bytes(pdf_bytes("Centre de contact citoyens"))
    type_into(qtbot, form.proof_ref, "CCC-2026-777")
    type_into(qtbot, form.proof_date, (date.today() + timedelta(days=1)).strftime("%d/%m/%Y"))
    type_into(qtbot, form.proof_scan, str(scan))
    form.reason.setCurrentIndex(form.reason.findData("technical-error"))
    click(qtbot, form.submit)
    assert form.message.isVisible()
    assert "futur" in form.message.text()
    assert "département" in form.message.text()  # every failed rule is listed
    assert dossiers.get_dossier(counter, number).status == DossierStatus.READY

    type_into(qtbot, form.proof_date, date.today().strftime("%d/%m/%Y"))
    click(qtbot, form.submit)
    assert "département" in form.message.text()
    window.close()

    # the supervisor overrides with a justification
    boss = _supervisor(counter)
    window = _open(qtbot, counter, boss, number)
    form = window.filing_panels["substitution"]
    assert isinstance(form, SubstitutionForm)
    assert form.justification.isEnabled()
    type_into(qtbot, form.proof_ref, "CCC-2026-777")
    type_into(qtbot, form.proof_date, date.today().strftime("%d/%m/%Y"))
    type_into(qtbot, form.proof_scan, str(scan))
    type_into(qtbot, form.justification, "Hébergée chez sa sœur à Lyon")
    click(qtbot, form.submit)
    assert "Dépôt enregistré" in form.message.text(), form.message.text()
    assert dossiers.get_dossier(counter, number).status == DossierStatus.DEPOSITED
    assert "Déposé au guichet" in window.dossier_view.status_label.text()
    history = window.filing_panels["history"]
    assert isinstance(history, HistoryTimeline)
    lines = [history.list.item(i).text() for i in range(history.list.count())]
    assert any("Dérogation du superviseur" in line and "c.martin" in line for line in lines)
    assert any("Dépôt par la solution de substitution" in line for line in lines)
    status = window.filing_panels["status"]
    assert isinstance(status, FilingStatusPanel)
    assert "implicitement rejetée" in status.decision.text()
    window.dossier_view.clear()  # closing the dossier leaves nothing on screen
    assert form.proof_ref.text() == ""
    assert history.list.count() == 0


def test_status_panel_requests_pieces_and_takes_timbres(
    qtbot: QtBot, counter: Counter, actor: Actor, tmp_path: Path
) -> None:
    number = new_dossier(counter)
    other = new_dossier(counter, surname="Diallo", given="Mamadou")
    window = _open(qtbot, counter, actor, number)
    panel = window.filing_panels["status"]
    assert isinstance(panel, FilingStatusPanel)
    assert panel.missing.count() == 7
    assert "75 €" in panel.fees.text()
    type_into(qtbot, panel.timbre_edit, "1234 5678 9012 3456")
    click(qtbot, panel.timbre_button)
    assert panel.timbres.item(0).text() == "1234567890123456"
    click(qtbot, panel.request_button)
    assert dossiers.get_dossier(counter, number).status == DossierStatus.INCOMPLETE
    assert panel.deadline.text() != "—"
    assert "Pièces demandées" in panel.message.text()
    assert window.open_dossier(other)
    type_into(qtbot, panel.timbre_edit, "1234567890123456")
    click(qtbot, panel.timbre_button)
    assert "déjà utilisé" in panel.message.text()
    assert panel.timbres.count() == 0


def _assisted(
    qtbot: QtBot, counter: Counter, actor: Actor, tmp_path: Path
) -> tuple[str, Path, AssistedFilingPanel, MainWindow]:
    """A complete dossier open in the window, its assisted panel watching a private
    downloads folder."""
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p")
    downloads = tmp_path / "Téléchargements"
    downloads.mkdir()
    window = MainWindow(counter, actor)
    qtbot.addWidget(window)
    panel = window.filing_panels["assisted"]
    assert isinstance(panel, AssistedFilingPanel)
    panel.downloads.setText(str(downloads))
    window.show()
    assert window.open_dossier(number)
    return number, downloads, panel, window


def test_assisted_filing_panel(
    qtbot: QtBot, counter: Counter, actor: Actor, tmp_path: Path
) -> None:
    number, downloads, panel, _window = _assisted(qtbot, counter, actor, tmp_path)
    opened: list[str] = []
    panel.open_url = lambda url: opened.append(url.toString()) or True  # type: ignore[method-assign]
    click(qtbot, panel.open_button)
    assert opened and opened[0].startswith("https://administration-etrangers-en-france")
    assert panel.steps.count() == 5
    click(qtbot, panel.prepare_button)
    qtbot.waitUntil(lambda: panel.files.count() == 7, timeout=20_000)
    folder = Path(panel.folder.text())
    assert (folder / "passeport.pdf").is_file()
    panel.timer.setInterval(20)
    click(qtbot, panel.watch_button)
    (downloads / "attestation.pdf").write_bytes(
        attestation_pdf("69-2026-0000042", "TRAORE", "Aminata")
    )
    qtbot.waitUntil(lambda: panel.anef_number.text() == "69-2026-0000042", timeout=20_000)
    assert "conforme" in panel.check_label.text()
    click(qtbot, panel.record_button)
    assert "Dépôt en ligne enregistré" in panel.message.text(), panel.message.text()
    assert dossiers.get_dossier(counter, number).status == DossierStatus.FILED_ONLINE
    assert not folder.exists()
    assert not (downloads / "attestation.pdf").exists()


def test_assisted_filing_shows_an_attestation_of_another_person(
    qtbot: QtBot, counter: Counter, actor: Actor, tmp_path: Path
) -> None:
    number, downloads, panel, _window = _assisted(qtbot, counter, actor, tmp_path)
    panel.timer.setInterval(20)
    click(qtbot, panel.watch_button)
    (downloads / "a.pdf").write_bytes(attestation_pdf("69-2026-0000042", "BENALI", "Mohamed"))
    qtbot.waitUntil(lambda: not panel.check_label.isHidden(), timeout=20_000)
    assert "autre personne" in panel.check_label.text()
    click(qtbot, panel.record_button)
    assert not panel.message.isHidden()
    assert dossiers.get_dossier(counter, number).status == DossierStatus.READY
    click(qtbot, panel.wipe_button)
    assert not (downloads / "a.pdf").exists()
