"""``desk file ...`` (CLI.md): JSON, exit codes, refusals with {"refused": reason}."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from desk.app import Counter
from desk.cli import main
from tests.desk.filing.helpers import attestation_pdf, capture, new_dossier, pdf_bytes


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_file_online_with_attestation(
    counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p")
    att = tmp_path / "attestation.pdf"
    att.write_bytes(attestation_pdf("75-2026-0012345", "Traore", "Aminata"))
    code, data = run(
        capsys, "file", "online", "--dossier", number, "--anef-number", "75-2026-0012345",
        "--attestation", str(att),
    )  # fmt: skip
    assert code == 0
    assert isinstance(data, dict)
    assert data["status"] == "filed_online"
    assert data["anef_number"] == "75-2026-0012345"


def test_file_online_refusal_exits_1(
    counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p")
    att = tmp_path / "attestation.pdf"
    att.write_bytes(attestation_pdf("75-2026-0012345", "Benali", "Mohamed"))
    code, data = run(
        capsys, "file", "online", "--dossier", number, "--anef-number", "75-2026-0012345",
        "--attestation", str(att),
    )  # fmt: skip
    assert code == 1
    assert data == {
        "error": "refused",
        "detail": data["detail"],  # type: ignore[index]
        "refused": "attestation_name_mismatch",
        "mismatches": ["attestation_name_mismatch"],
    }


def test_file_online_gateway_without_hq(
    counter: Counter, capsys: pytest.CaptureFixture[str]
) -> None:
    number = new_dossier(counter)
    code, data = run(capsys, "file", "online", "--dossier", number, "--gateway", "http")
    assert code == 1
    assert data["refused"] == "gateway_not_configured"  # type: ignore[index]


def test_file_substitution_refused_then_deposited(
    counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p")
    scan = tmp_path / "ccc.pdf"
    scan.write_bytes(pdf_bytes("CCC"))
    future = (date.today() + timedelta(days=2)).isoformat()
    past = (date.today() - timedelta(days=2)).isoformat()
    base = ["file", "substitution", "--dossier", number, "--mode", "counter", "--proof",
            "ccc", "--proof-ref", "CCC-1", "--reason", "technical-error",
            "--proof-scan", str(scan)]  # fmt: skip
    code, data = run(capsys, *base, "--proof-date", future)
    assert code == 1
    assert data["refused"] == "proof_date_in_future"  # type: ignore[index]
    code, data = run(capsys, *base, "--proof-date", past)
    assert code == 0
    assert data["status"] == "deposited"  # type: ignore[index]


def test_file_substitution_override_needs_a_supervisor_role(
    counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = new_dossier(counter, postal_code="13001")
    capture(counter, number, tmp_path / "p")
    scan = tmp_path / "ccc.pdf"
    scan.write_bytes(pdf_bytes("CCC"))
    argv = ["file", "substitution", "--dossier", number, "--mode", "counter", "--proof",
            "prefecture", "--proof-ref", "SP-9", "--proof-date", date.today().isoformat(),
            "--proof-scan", str(scan), "--reason", "no-email"]  # fmt: skip
    code, data = run(capsys, *argv)
    assert code == 1
    assert data["refused"] == "wrong_departement"  # type: ignore[index]
    # the headless command acts as the system administrator: the override is recorded
    code, data = run(capsys, *argv, "--override-justification", "Domicilié chez un tiers")
    assert code == 0
    assert data["overridden"] == ["wrong_departement"]  # type: ignore[index]


def test_file_incomplete_timbre_status_follow_up(
    counter: Counter, capsys: pytest.CaptureFixture[str]
) -> None:
    number = new_dossier(counter)
    code, data = run(capsys, "file", "incomplete", "--dossier", number)
    assert code == 0
    assert data["status"] == "incomplete"  # type: ignore[index]
    assert "passeport" in data["missing"]  # type: ignore[index]
    code, data = run(capsys, "file", "timbre", "--dossier", number, "1234567890123456")
    assert code == 0
    other = new_dossier(counter, surname="Diallo", given="Mamadou")
    code, data = run(capsys, "file", "timbre", "--dossier", other, "1234567890123456")
    assert code == 1
    assert data["refused"] == "timbre_already_used"  # type: ignore[index]
    code, data = run(capsys, "file", "timbre", "--dossier", other, "12")
    assert code == 2
    code, data = run(capsys, "file", "status", "--dossier", number)
    assert code == 0
    assert data["timbres"] == ["1234567890123456"]  # type: ignore[index]
    assert data["fees_total_eur"] == 75  # type: ignore[index]
    code, data = run(capsys, "file", "follow-up")
    assert [r["number"] for r in data] == [number]  # type: ignore[union-attr]
