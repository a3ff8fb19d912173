"""desk.services.filing: online filing, attestation cross-check, pieces requested,
timbres, follow-up list."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desk.app import Counter
from desk.domain.dossier import DossierStatus
from desk.errors import ForbiddenTransition, InvalidIdentifier, Refused, UnsupportedDocument
from desk.services import filing
from desk.services.dossiers import get_dossier
from desk.store.models import FilingRow, OutboxRow
from tests.desk.filing.helpers import AGENT, attestation_pdf, capture, new_dossier, png_bytes


def _ready(counter: Counter, tmp_path: Path, **kw: str) -> str:
    number = new_dossier(counter, **kw)
    capture(counter, number, tmp_path / "pieces")
    assert get_dossier(counter, number).status == DossierStatus.READY
    return number


def test_file_online_records_number_date_agent_and_history(
    counter: Counter, tmp_path: Path
) -> None:
    number = _ready(counter, tmp_path)
    out = filing.file_online(counter, AGENT, number, "75 2026 0012345")
    assert out.status == DossierStatus.FILED_ONLINE
    assert out.anef_number == "7520260012345"
    assert out.implicit_decision_on is not None
    d = get_dossier(counter, number)
    assert d.status == DossierStatus.FILED_ONLINE
    entry = next(h for h in d.history if h.action == "filed_online")
    assert entry.agent == "agent1"
    assert entry.detail["anef_number"] == "7520260012345"
    with counter.sessions() as s:
        f = s.scalar(select(FilingRow).where(FilingRow.kind == "online"))
        assert f is not None
        assert f.reference == "7520260012345"
        assert s.scalar(select(OutboxRow).where(OutboxRow.entity_uid == f.uid)) is not None


def test_file_online_with_matching_attestation_fills_the_number(
    counter: Counter, tmp_path: Path
) -> None:
    number = _ready(counter, tmp_path)
    pdf = attestation_pdf("75-2026-0012345", "Traore", "Aminata")
    out = filing.file_online(counter, AGENT, number, None, pdf)
    assert out.anef_number == "75-2026-0012345"
    status = filing.filing_status(counter, number)
    assert status.filings[-1]["attestation_sha256"]
    assert status.implicit_decision_on == out.implicit_decision_on


def test_attestation_of_another_applicant_is_refused_and_nothing_saved(
    counter: Counter, tmp_path: Path
) -> None:
    number = _ready(counter, tmp_path)
    pdf = attestation_pdf("75-2026-0012345", "Benali", "Mohamed")
    with pytest.raises(Refused) as err:
        filing.file_online(counter, AGENT, number, "75-2026-0012345", pdf)
    assert err.value.reason == "attestation_name_mismatch"
    assert get_dossier(counter, number).status == DossierStatus.READY


def test_attestation_with_another_number_is_refused(counter: Counter, tmp_path: Path) -> None:
    number = _ready(counter, tmp_path)
    pdf = attestation_pdf("75-2026-0012345", "Traore", "Aminata")
    with pytest.raises(Refused) as err:
        filing.file_online(counter, AGENT, number, "75-2026-0099999", pdf)
    assert err.value.reason == "attestation_number_mismatch"


def test_attestation_must_be_a_pdf(counter: Counter, tmp_path: Path) -> None:
    number = _ready(counter, tmp_path)
    with pytest.raises(UnsupportedDocument):
        filing.file_online(counter, AGENT, number, "75-2026-0012345", png_bytes())


def test_malformed_anef_number_is_bad_input(counter: Counter, tmp_path: Path) -> None:
    number = _ready(counter, tmp_path)
    with pytest.raises(InvalidIdentifier):
        filing.file_online(counter, AGENT, number, "ABC")


def test_configured_anef_pattern_is_used(desk_home: Path, tmp_path: Path) -> None:
    from tests.desk.filing.helpers import make_counter

    c = make_counter(desk_home, extra={"anef_number_pattern": r"\d{13}"})
    try:
        number = _ready(c, tmp_path)
        with pytest.raises(InvalidIdentifier):
            filing.file_online(c, AGENT, number, "75-2026-0012345")
        assert filing.file_online(c, AGENT, number, "7520260012345").anef_number
    finally:
        c.close()


def test_online_filing_needs_a_procedure_on_the_online_list(
    counter: Counter, tmp_path: Path
) -> None:
    number = new_dossier(counter, procedure="admission-exceptionnelle")
    capture(counter, number, tmp_path / "p")
    with pytest.raises(Refused) as err:
        filing.file_online(counter, AGENT, number, "7520260012345")
    assert err.value.reason == "procedure_not_online"


def test_online_filing_of_an_incomplete_dossier_is_forbidden(counter: Counter) -> None:
    number = new_dossier(counter)
    with pytest.raises(ForbiddenTransition):
        filing.file_online(counter, AGENT, number, "7520260012345")


def test_anef_number_of_another_dossier_is_refused(counter: Counter, tmp_path: Path) -> None:
    first = _ready(counter, tmp_path)
    filing.file_online(counter, AGENT, first, "7520260012345")
    second = _ready(counter, tmp_path, surname="Diallo", given="Mamadou")
    with pytest.raises(Refused) as err:
        filing.file_online(counter, AGENT, second, "7520260012345")
    assert err.value.reason == "anef_number_used"


def test_incomplete_dossier_gets_missing_list_and_deadline(
    counter: Counter, tmp_path: Path
) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p", skip=("ressources", "inscription"))
    out = filing.file_incomplete(counter, AGENT, number)
    assert out.status == DossierStatus.INCOMPLETE
    assert out.missing == ("ressources", "inscription")
    assert out.deadline is not None
    assert (out.deadline - out.at.astimezone().date()).days == counter.config.pieces_deadline_days
    d = get_dossier(counter, number)
    assert d.deadline == out.deadline
    assert any(h.action == "pieces_requested" for h in d.history)
    again = filing.file_incomplete(counter, AGENT, number)  # idempotent
    assert again.deadline == out.deadline
    follow = filing.follow_up(counter)
    assert [f.number for f in follow] == [number]
    assert follow[0].missing == ("ressources", "inscription")
    assert not follow[0].overdue
    # the applicant returns with the pieces: the agent continues where they stopped
    capture(counter, number, tmp_path / "p2")
    assert get_dossier(counter, number).status == DossierStatus.READY
    assert filing.follow_up(counter) == []


def test_draft_dossier_goes_straight_to_awaiting_pieces(counter: Counter) -> None:
    number = new_dossier(counter)
    out = filing.file_incomplete(counter, AGENT, number)
    assert out.status == DossierStatus.INCOMPLETE
    assert "passeport" in out.missing


def test_complete_dossier_has_nothing_to_request(counter: Counter, tmp_path: Path) -> None:
    number = _ready(counter, tmp_path)
    with pytest.raises(Refused) as err:
        filing.file_incomplete(counter, AGENT, number)
    assert err.value.reason == "nothing_missing"


def test_timbre_entered_once_and_refused_on_another_dossier(
    counter: Counter, tmp_path: Path
) -> None:
    first = new_dossier(counter)
    second = new_dossier(counter, surname="Diallo", given="Mamadou")
    assert filing.add_timbre(counter, AGENT, first, "1234 5678 9012 3456") == ["1234567890123456"]
    assert filing.add_timbre(counter, AGENT, first, "1234567890123456") == ["1234567890123456"]
    with pytest.raises(Refused) as err:
        filing.add_timbre(counter, AGENT, second, "1234567890123456")
    assert err.value.reason == "timbre_already_used"
    with pytest.raises(InvalidIdentifier):
        filing.add_timbre(counter, AGENT, second, "1234")
    assert filing.filing_status(counter, second).timbres == ()
    assert filing.filing_status(counter, first).timbres == ("1234567890123456",)


def test_status_shows_fees_and_renewal_window(counter: Counter) -> None:
    number = new_dossier(counter)
    st = filing.filing_status(counter, number)
    assert st.fees_total_eur == 75
    assert st.renewal_status is None
    assert not st.complete
    assert st.anef_url.startswith("https://")
    assert st.implicit_decision_on is None
