"""Dossiers: opening, checklist, pieces from files, search, today's list."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from desk.app import Counter
from desk.domain.dossier import DossierStatus, normalize_number
from desk.domain.entities import Applicant, PieceStatus
from desk.errors import ForbiddenTransition, NotFound, UnsupportedDocument
from desk.services import applicants, dossiers
from desk.services.common import SYSTEM
from desk.store.models import OutboxRow, PageRow, ReceiptRow
from tests.desk.conftest import sample_input


def png(path: Path, size: tuple[int, int] = (200, 280)) -> Path:
    Image.new("RGB", size, (240, 240, 230)).save(path, "PNG")
    return path


def pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 700, "Justificatif de domicile")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture
def dossier_number(counter: Counter, applicant: Applicant) -> str:
    return dossiers.open_dossier(counter, SYSTEM, applicant.id, "changement-adresse").number


def test_open_dossier_lists_the_procedure_pieces(counter: Counter, applicant: Applicant) -> None:
    d = dossiers.open_dossier(counter, SYSTEM, applicant.id, "etudiant-premier")
    assert normalize_number(d.number) == d.number
    assert d.number.startswith("075-03-")
    assert d.status is DossierStatus.DRAFT
    assert [p.status for p in d.pieces] == [PieceStatus.MISSING] * len(d.pieces)
    assert d.history[0].action == "dossier_opened"


def test_sequence_numbers_increase(counter: Counter, applicant: Applicant) -> None:
    a = dossiers.open_dossier(counter, SYSTEM, applicant.id, "visiteur").number
    b = dossiers.open_dossier(counter, SYSTEM, applicant.id, "visiteur").number
    assert int(b.split("-")[3]) == int(a.split("-")[3]) + 1


def test_unknown_procedure_and_applicant(counter: Counter, applicant: Applicant) -> None:
    with pytest.raises(NotFound):
        dossiers.open_dossier(counter, SYSTEM, applicant.id, "nope")
    with pytest.raises(NotFound):
        dossiers.open_dossier(counter, SYSTEM, 999, "visiteur")


def test_pieces_from_files_move_the_dossier_to_ready(
    counter: Counter, dossier_number: str, tmp_path: Path
) -> None:
    d = dossiers.add_piece_from_files(
        counter,
        SYSTEM,
        dossier_number,
        "titre-sejour",
        [png(tmp_path / "recto.png"), png(tmp_path / "verso.jpg")],
    )
    piece = next(p for p in d.pieces if p.code == "titre-sejour")
    assert piece.status is PieceStatus.CAPTURED and len(piece.pages) == 2
    assert piece.pages[0].media_type == "image/png" and piece.pages[1].media_type == "image/png"
    assert d.status is DossierStatus.COLLECTING
    doc = tmp_path / "facture.bin"  # the extension lies: recognised by content
    doc.write_bytes(pdf_bytes())
    d = dossiers.add_piece_from_files(
        counter, SYSTEM, dossier_number, "justificatif-domicile", [doc]
    )
    assert d.status is DossierStatus.READY
    assert counter.blobs.get(piece.pages[0].blob) == (tmp_path / "recto.png").read_bytes()
    actions = [h.action for h in d.history]
    assert actions.count("piece_imported") == 2 and "status_changed" in actions


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00 not a document", "not_a_document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "damaged"),
        (b"%PDF-1.4\n%garbage only", "damaged"),
    ],
)
def test_bad_file_refused_and_dossier_unchanged(
    counter: Counter, dossier_number: str, tmp_path: Path, content: bytes, reason: str
) -> None:
    good = png(tmp_path / "good.png")
    bad = tmp_path / "bad.png"
    bad.write_bytes(content)
    with pytest.raises(UnsupportedDocument) as err:
        dossiers.add_piece_from_files(counter, SYSTEM, dossier_number, "titre-sejour", [good, bad])
    assert err.value.params["reason"] == reason
    d = dossiers.get_dossier(counter, dossier_number)
    assert all(p.status is PieceStatus.MISSING for p in d.pieces)
    with counter.sessions() as s:
        assert s.scalar(select(func.count(PageRow.id))) == 0


def test_encrypted_pdf_refused(counter: Counter, dossier_number: str, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(UnsupportedDocument) as err:
        dossiers.add_piece_from_files(counter, SYSTEM, dossier_number, "titre-sejour", [path])
    assert err.value.params["reason"] == "encrypted"


def test_declare_missing(counter: Counter, dossier_number: str) -> None:
    d = dossiers.declare_piece_missing(
        counter, SYSTEM, dossier_number, "titre-sejour", "titre perdu"
    )
    piece = next(p for p in d.pieces if p.code == "titre-sejour")
    assert piece.status is PieceStatus.DECLARED_MISSING and piece.note == "titre perdu"


def test_closed_dossier_refuses_pieces(
    counter: Counter, dossier_number: str, tmp_path: Path
) -> None:
    from desk.store.db import transaction
    from desk.store.models import DossierRow

    with transaction(counter.sessions) as s:
        row = s.scalar(select(DossierRow).where(DossierRow.number == dossier_number))
        assert row is not None
        row.status = DossierStatus.CLOSED.value
    with pytest.raises(ForbiddenTransition):
        dossiers.add_piece_from_files(
            counter, SYSTEM, dossier_number, "titre-sejour", [png(tmp_path / "a.png")]
        )


def test_unknown_piece(counter: Counter, dossier_number: str, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        dossiers.add_piece_from_files(
            counter, SYSTEM, dossier_number, "nope", [png(tmp_path / "a.png")]
        )


def test_every_change_reaches_the_outbox(
    counter: Counter, dossier_number: str, tmp_path: Path
) -> None:
    dossiers.add_piece_from_files(
        counter, SYSTEM, dossier_number, "titre-sejour", [png(tmp_path / "a.png")]
    )
    with counter.sessions() as s:
        kinds = set(s.scalars(select(OutboxRow.entity)))
    assert {"applicant", "dossier", "piece", "page", "history"} <= kinds


class TestSearch:
    @pytest.fixture
    def people(self, counter: Counter) -> dict[str, str]:
        numbers = {}
        for surname, given, numero in [
            ("Nguyễn", "Thị Hồng", "1111111111"),
            ("Ben Salah", "Youssef", None),
            ("Benali", "Mohamed Amine", "2222222222"),
            ("Müller", "Jürgen", None),
        ]:
            a = applicants.create_applicant(
                counter,
                SYSTEM,
                sample_input(surname=surname, given_names=given, numero_etranger=numero),
            )
            numbers[surname] = dossiers.open_dossier(counter, SYSTEM, a.id, "visiteur").number
        return numbers

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("nguyen", {"Nguyễn"}),
            ("NGUY", {"Nguyễn"}),
            ("hồng", {"Nguyễn"}),
            ("ben", {"Ben Salah", "Benali"}),
            ("benal", {"Benali"}),
            ("muller", {"Müller"}),
            ("jurgen mul", {"Müller"}),
            ("1111111111", {"Nguyễn"}),
            ("2222 222 222", {"Benali"}),
            ("zzz", set()),
            ("%", set()),
            ("' OR 1=1 --", set()),
            ('"', set()),
            ("*", set()),
            ("NEAR(a b)", set()),
        ],
    )
    def test_by_name_and_numero(
        self, counter: Counter, people: dict[str, str], query: str, expected: set[str]
    ) -> None:
        found = dossiers.search_dossiers(counter, query)
        assert {r.surname for r in found} == expected

    def test_by_dossier_number_with_or_without_dashes(
        self, counter: Counter, people: dict[str, str]
    ) -> None:
        number = people["Müller"]
        for q in (number, number.replace("-", ""), number.lower()):
            assert [r.number for r in dossiers.search_dossiers(counter, q)] == [number]

    def test_by_receipt_number(self, counter: Counter, people: dict[str, str]) -> None:
        from desk.services.common import utcnow
        from desk.store.db import transaction
        from desk.store.models import DossierRow

        with transaction(counter.sessions) as s:
            d = s.scalar(select(DossierRow).where(DossierRow.number == people["Benali"]))
            assert d is not None
            s.add(
                ReceiptRow(
                    number="R-TEST-0001",
                    dossier_id=d.id,
                    kind="accuse-reception",
                    issued_at=utcnow(),
                    payload={},
                )
            )
        assert [r.surname for r in dossiers.search_dossiers(counter, "r-test-0001")] == ["Benali"]

    def test_todays_list(self, counter: Counter, people: dict[str, str]) -> None:
        today = dossiers.todays_dossiers(counter)
        assert {r.number for r in today} == set(people.values())
        assert dossiers.todays_dossiers(counter, date(2000, 1, 1)) == []
