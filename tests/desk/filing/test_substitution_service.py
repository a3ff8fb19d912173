"""desk.services.substitution: the whole deposit, refusals, override, e-mail mode."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.app import Counter
from desk.domain.dossier import DossierStatus
from desk.domain.substitution import PostDetails
from desk.errors import PermissionDenied, Refused, UnsupportedDocument
from desk.services.dossiers import get_dossier
from desk.services.filing import filing_status, follow_up
from desk.services.substitution import PROOF_PIECE, SubstitutionInput, file_substitution
from desk.store.models import FilingRow, HistoryRow, OutboxRow, PageRow, SubstitutionRow
from tests.desk.filing.emails import eml
from tests.desk.filing.helpers import (
    AGENT,
    SUPERVISOR,
    capture,
    new_dossier,
    pdf_bytes,
    png_bytes,
)

TODAY = date.today()


@pytest.fixture
def proof(tmp_path: Path) -> Path:
    p = tmp_path / "preuve-ccc.pdf"
    p.write_bytes(pdf_bytes("Centre de contact citoyens", "Impossibilite de deposer"))
    return p


def _input(proof: Path, **kw: object) -> SubstitutionInput:
    base = SubstitutionInput(
        mode="counter",
        proof_kind="ccc",
        proof_reference="CCC-2026-000123",
        proof_date=TODAY - timedelta(days=3),
        proof_scan=proof,
        reason="blocked-account",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def _counts(counter: Counter) -> tuple[int, int, int, int]:
    with counter.sessions() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (FilingRow, HistoryRow, PageRow, OutboxRow)
        )


def test_complete_dossier_deposited_at_the_counter(
    counter: Counter, tmp_path: Path, proof: Path
) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p")
    out = file_substitution(counter, AGENT, number, _input(proof))
    assert out.status == DossierStatus.DEPOSITED
    assert out.received_on == TODAY
    assert out.implicit_decision_on is not None
    assert out.pieces_added == (PROOF_PIECE,)
    d = get_dossier(counter, number)
    actions = [h.action for h in d.history]
    assert "substitution_registered" in actions
    reg = next(h for h in d.history if h.action == "substitution_registered")
    assert reg.detail["proof_ref"] == "CCC-2026-000123"
    assert reg.detail["reason"] == "blocked-account"
    assert reg.agent == "agent1"
    with counter.sessions() as s:
        row = s.scalar(select(SubstitutionRow))
        assert row is not None
        assert row.proof_blob is not None
        assert counter.blobs.get(row.proof_blob) == proof.read_bytes()
        assert row.complete
        assert s.scalar(select(OutboxRow).where(OutboxRow.entity_uid == row.uid)) is not None
    assert filing_status(counter, number).implicit_decision_on == out.implicit_decision_on


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"proof_kind": None, "proof_scan": None}, "no_proof"),
        ({"proof_scan": None}, "proof_scan_missing"),
        ({"proof_date": TODAY + timedelta(days=1)}, "proof_date_in_future"),
        ({"reason": "other", "reason_text": ""}, "reason_text_missing"),
    ],
)
def test_refusals_leave_nothing_behind(
    counter: Counter, tmp_path: Path, proof: Path, change: dict[str, object], reason: str
) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p")
    before = _counts(counter)
    with pytest.raises(Refused) as err:
        file_substitution(counter, AGENT, number, _input(proof, **change))
    assert err.value.reason == reason
    assert _counts(counter) == before
    assert get_dossier(counter, number).status == DossierStatus.READY


def test_procedure_not_on_the_online_list_is_refused(counter: Counter, proof: Path) -> None:
    number = new_dossier(counter, procedure="admission-exceptionnelle")
    with pytest.raises(Refused) as err:
        file_substitution(counter, AGENT, number, _input(proof))
    assert err.value.reason == "procedure_not_online"


def test_wrong_departement_refused_then_supervisor_override(
    counter: Counter, tmp_path: Path, proof: Path
) -> None:
    number = new_dossier(counter, postal_code="93200")
    capture(counter, number, tmp_path / "p")
    with pytest.raises(Refused) as err:
        file_substitution(counter, AGENT, number, _input(proof))
    assert err.value.reason == "wrong_departement"
    with pytest.raises(PermissionDenied):
        file_substitution(
            counter, AGENT, number, _input(proof, override_justification="Hébergé à Paris")
        )
    out = file_substitution(
        counter, SUPERVISOR, number, _input(proof, override_justification="Hébergé à Paris")
    )
    assert out.status == DossierStatus.DEPOSITED
    assert out.overridden == ("wrong_departement",)
    d = get_dossier(counter, number)
    assert any(h.action == "supervisor_override" and h.agent == "chef" for h in d.history)
    with counter.sessions() as s:
        row = s.scalar(select(SubstitutionRow))
        assert row is not None
        text = counter.cipher.decrypt(row.override_justification_enc, "override_justification")
        assert text == "Hébergé à Paris"
        assert b"Paris" not in (row.override_justification_enc or b"")


def test_incomplete_deposit_awaits_pieces_with_deadline(counter: Counter, proof: Path) -> None:
    number = new_dossier(counter)
    out = file_substitution(counter, AGENT, number, _input(proof))
    assert out.status == DossierStatus.INCOMPLETE
    assert "passeport" in out.missing
    assert out.deadline is not None
    assert out.implicit_decision_on is None
    assert [f.number for f in follow_up(counter)] == [number]


def test_post_mode(counter: Counter, tmp_path: Path, proof: Path) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p")
    post = PostDetails(TODAY - timedelta(days=1), TODAY - timedelta(days=3), "1A 123 456 7890 1")
    out = file_substitution(counter, AGENT, number, _input(proof, mode="post", post=post))
    assert out.received_on == TODAY - timedelta(days=1)
    with counter.sessions() as s:
        row = s.scalar(select(SubstitutionRow))
        assert row is not None
        assert row.post_registered_number == "1A 123 456 7890 1"


def test_email_mode_attachments_become_pieces(
    counter: Counter, tmp_path: Path, proof: Path
) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p", skip=("passeport", "ressources"))
    path = tmp_path / "depot.eml"
    path.write_bytes(
        eml(
            [
                ("passeport.pdf", pdf_bytes("Passeport"), "application/pdf"),
                ("ressources-octobre.png", png_bytes(), "image/png"),
                ("lettre.png", png_bytes("blue"), "image/png"),
            ]
        )
    )
    out = file_substitution(counter, AGENT, number, _input(proof, mode="email", eml=path))
    assert out.status == DossierStatus.DEPOSITED
    assert set(out.pieces_added) == {
        PROOF_PIECE,
        "passeport",
        "ressources",
        "courriel-pieces-jointes",
    }
    with counter.sessions() as s:
        row = s.scalar(select(SubstitutionRow))
        assert row is not None
        assert row.eml_blob is not None
        sender = counter.cipher.decrypt(row.email_sender_enc, "email_sender")
        assert sender == "aminata.traore@example.org"


def test_email_with_bad_attachment_refused_and_nothing_saved(
    counter: Counter, tmp_path: Path, proof: Path
) -> None:
    number = new_dossier(counter)
    path = tmp_path / "depot.eml"
    path.write_bytes(eml([("../../../home/evil.pdf", pdf_bytes("x"), "application/pdf")]))
    before = _counts(counter)
    with pytest.raises(UnsupportedDocument) as err:
        file_substitution(counter, AGENT, number, _input(proof, mode="email", eml=path))
    assert err.value.params["reason"] == "unsafe_name"
    assert _counts(counter) == before
    assert not list(counter.home.blobs.glob("??/*"))


def test_deposited_dossier_cannot_be_deposited_again(
    counter: Counter, tmp_path: Path, proof: Path
) -> None:
    from desk.errors import ForbiddenTransition

    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p")
    file_substitution(counter, AGENT, number, _input(proof))
    with pytest.raises(ForbiddenTransition):
        file_substitution(counter, AGENT, number, _input(proof))
