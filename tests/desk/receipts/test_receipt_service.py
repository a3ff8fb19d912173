"""Receipts of a dossier: default kind from its state, unique numbers, history and
outbox, duplicatas; and the ``desk receipt`` commands."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desk.app import Counter
from desk.cli import main as desk_main
from desk.errors import Refused
from desk.receipts.data import ReceiptKind
from desk.receipts.keys import KEY_SET_FILE, load_key_set
from desk.receipts.payload import compact_text
from desk.receipts.verify import verify_receipt
from desk.services import dossiers, receipts
from desk.services.common import SYSTEM
from desk.store.models import OutboxRow, ReceiptRow
from tests.desk.receipts.conftest import CONFIG, S, make_dossier

K = ReceiptKind


def text_of(pdf: bytes) -> str:
    return compact_text("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize(
    ("status", "complete", "filing", "kind"),
    [
        (S.FILED_ONLINE, True, "online", K.ACCOMPAGNEMENT),
        (S.DEPOSITED, True, "substitution", K.ACCUSE_RECEPTION),
        (S.INCOMPLETE, False, "substitution", K.PIECES_COMPLEMENTAIRES),
    ],
)
def test_default_kind_follows_the_dossier_state(
    counter: Counter, status: S, complete: bool, filing: str, kind: ReceiptKind
) -> None:
    number = make_dossier(counter, status, complete, filing)
    issued = receipts.issue_receipt(counter, SYSTEM, number)
    assert issued.kind == kind
    keys = load_key_set(counter.home.keys / KEY_SET_FILE)
    assert verify_receipt(issued.pdf, keys).genuine
    text = text_of(issued.pdf)
    assert compact_text(CONFIG.address) in text
    if kind == K.ACCOMPAGNEMENT:
        assert "ANEF-2026-7Q4K2M" in text
        assert compact_text("Passeport : pages d'identité") in text


def test_recepisse_only_for_a_complete_deposit(counter: Counter) -> None:
    complete = make_dossier(counter, S.DEPOSITED, True, "substitution")
    issued = receipts.issue_receipt(counter, SYSTEM, complete, K.RECEPISSE)
    assert compact_text("Il autorise son titulaire à travailler.") in text_of(issued.pdf)
    incomplete = make_dossier(counter, S.INCOMPLETE, False, "substitution")
    with pytest.raises(Refused) as refused:
        receipts.issue_receipt(counter, SYSTEM, incomplete, K.RECEPISSE)
    assert refused.value.reason == "recepisse_needs_complete_deposit"


def test_no_receipt_before_filing(counter: Counter) -> None:
    number = make_dossier(counter, S.DRAFT, False)
    with pytest.raises(Refused) as refused:
        receipts.issue_receipt(counter, SYSTEM, number)
    assert refused.value.reason == "no_receipt_for_status"


def test_numbers_unique_recorded_and_searchable(counter: Counter) -> None:
    number = make_dossier(counter, S.DEPOSITED, True, "substitution")
    first = receipts.issue_receipt(counter, SYSTEM, number)
    second = receipts.issue_receipt(counter, SYSTEM, number, K.RECEPISSE, lang="en")
    assert first.number != second.number
    for issued in (first, second):
        assert re.fullmatch(r"R-075-03-\d{4}-\d{6}-[A-Z]", issued.number)
    found = dossiers.search_dossiers(counter, second.number)
    assert [d.number for d in found] == [number]
    history = dossiers.get_dossier(counter, number).history
    assert [h.detail.get("receipt") for h in history if h.action == "receipt_issued"] == [
        first.number,
        second.number,
    ]
    with counter.sessions() as session:
        rows = session.scalars(select(ReceiptRow).order_by(ReceiptRow.id)).all()
        assert [r.number for r in rows] == [first.number, second.number]
        assert rows[1].lang == "en"
        stored = json.dumps([r.payload for r in rows], ensure_ascii=False)
        assert "Nguyễn" not in stored  # no personal data in clear in the receipts table
        outbox = session.scalars(select(OutboxRow).where(OutboxRow.entity == "receipt")).all()
        assert {o.entity_uid for o in outbox} == {r.uid for r in rows}


def test_reprint_is_a_numbered_duplicata(counter: Counter) -> None:
    number = make_dossier(counter, S.DEPOSITED, True, "substitution")
    original = receipts.issue_receipt(counter, SYSTEM, number)
    assert "DUPLICATA" not in text_of(original.pdf)
    keys = load_key_set(counter.home.keys / KEY_SET_FILE)
    for k in (1, 2):
        copy = receipts.reprint_receipt(counter, SYSTEM, number)
        assert (copy.number, copy.copy, copy.issued_at) == (original.number, k, original.issued_at)
        assert compact_text(f"DUPLICATA n° {k}") in text_of(copy.pdf)
        verdict = verify_receipt(copy.pdf, keys)
        assert verdict.genuine
        assert verdict.copy == k
    with counter.sessions() as session:
        row = session.scalar(select(ReceiptRow).where(ReceiptRow.number == original.number))
        assert row is not None
        assert row.copies == 2
    history = dossiers.get_dossier(counter, number).history
    assert [h.detail.get("copy") for h in history if h.action == "receipt_reprinted"] == [1, 2]


def test_cli_render_verify_and_print_failure(
    counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = make_dossier(counter, S.INCOMPLETE, False, "substitution")
    home = str(counter.home.root)
    out = tmp_path / "r.pdf"
    code = desk_main(
        ["--home", home, "receipt", "render", "--dossier", number, "--out", str(out), "--json"]
    )
    rendered = json.loads(capsys.readouterr().out)
    assert code == 0
    assert rendered["kind"] == "pieces-complementaires"
    assert desk_main(["--home", home, "receipt", "verify", str(out), "--json"]) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["genuine"] is True
    assert (verdict["number"], verdict["dossier"]) == (rendered["number"], number)
    assert verdict["issued_at"] == rendered["issued_at"]
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(out.read_bytes().replace(b"/Title (", b"/Title (X"))  # harmless metadata
    assert desk_main(["--home", home, "receipt", "verify", str(forged), "--json"]) == 0
    capsys.readouterr()
    stranger = tmp_path / "empty-keys.json"
    stranger.write_text('{"format": "guichet-receipt-keys/1", "keys": []}')
    code = desk_main(["receipt", "verify", str(out), "--keys", str(stranger), "--json"])
    assert code == 1
    assert json.loads(capsys.readouterr().out)["reason"] == "unknown_key"
    # no such printer: a clear refusal, the receipt stays recorded and can be reprinted
    code = desk_main(
        [
            "--home",
            home,
            "receipt",
            "print",
            "--dossier",
            number,
            "--printer",
            "NoSuchQueue",
            "--json",
        ]
    )
    failure = json.loads(capsys.readouterr().out)
    assert code == 1
    assert (failure["error"], failure["reason"]) == ("print_failed", "print_unknown_printer")
    with counter.sessions() as session:
        assert len(session.scalars(select(ReceiptRow)).all()) == 2


def test_wired_to_the_filing_services(counter: Counter) -> None:
    """Dossiers filed through desk.services.filing get the receipt their filing calls
    for, with the filing's own data (ANEF number, uploaded pieces, missing pieces)."""
    from desk.services import filing

    online = make_dossier(counter, S.READY, True)
    filing.file_online(counter, SYSTEM, online, "ANEF-2026-0042QX")
    sheet = receipts.issue_receipt(counter, SYSTEM, online)
    assert sheet.kind == K.ACCOMPAGNEMENT
    text = text_of(sheet.pdf)
    assert "ANEF-2026-0042QX" in text
    assert compact_text("Passeport : pages d'identité") in text

    incomplete = make_dossier(counter, S.COLLECTING, False)
    filing.file_incomplete(counter, SYSTEM, incomplete)
    request = receipts.issue_receipt(counter, SYSTEM, incomplete)
    assert request.kind == K.PIECES_COMPLEMENTAIRES
    deadline = dossiers.get_dossier(counter, incomplete).deadline
    assert deadline is not None
    assert compact_text(f"au plus tard le {deadline:%d/%m/%Y}") in text_of(request.pdf)


def test_cli_keys_publishes_the_verification_key(
    counter: Counter, capsys: pytest.CaptureFixture[str]
) -> None:
    assert desk_main(["--home", str(counter.home.root), "receipt", "keys", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "guichet-receipt-keys/1"
    assert [k["site"] for k in document["keys"]] == ["075-03"]
    assert "private" not in json.dumps(document)
    key_file = counter.home.keys / "receipt-signing.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
