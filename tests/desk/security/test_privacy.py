"""Droit d'accès export (JSON, PDF, documents) and retention of the audit trail's
personal payloads."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from desk.app import Counter
from desk.cli import main
from desk.domain.entities import Role
from desk.errors import NotFound, PermissionDenied
from desk.security import audit
from desk.services import applicants, dossiers, privacy
from desk.services.common import SYSTEM, utcnow
from desk.store.models import OutboxRow

from .conftest import ACTORS, person
from .test_at_rest import page_jpeg


def _applicant_with_a_dossier(counter: Counter, tmp_path: Path) -> tuple[int, str, bytes]:
    image = page_jpeg(3)
    scan = tmp_path / "scan-passeport.jpg"
    scan.write_bytes(image)
    a = applicants.create_applicant(counter, SYSTEM, person("Ørsted-Nakamura", "Åse Léa"))
    d = dossiers.open_dossier(counter, SYSTEM, a.id, "etudiant-premier")
    dossiers.add_piece_from_files(counter, SYSTEM, d.number, "passeport", [scan])
    dossiers.declare_piece_missing(counter, SYSTEM, d.number, "ephoto", "photo à refaire")
    dossiers.get_dossier(counter, d.number, ACTORS[Role.AGENT])
    return a.id, d.number, image


def test_export_holds_everything_about_the_applicant(
    counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    applicant_id, number, image = _applicant_with_a_dossier(counter, tmp_path)
    other = applicants.create_applicant(counter, SYSTEM, person("Autre", "Personne"))
    dossiers.open_dossier(counter, SYSTEM, other.id, "visiteur")
    home = counter.home.root
    counter.close()
    out = tmp_path / "export"
    code = main(
        ["--home", str(home), "--json", "applicant", "export", str(applicant_id), "--out", str(out)]
    )
    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert result["dossiers"] == 1
    data = json.loads(Path(result["json"]).read_text(encoding="utf-8"))
    assert data["applicant"]["surname"] == "Ørsted-Nakamura"
    assert data["applicant"]["numero_etranger"] == "7501234567"
    assert data["applicant"]["birth_date"] == "1990-04-12"
    assert [d["number"] for d in data["dossiers"]] == [number]
    pieces = {p["code"]: p for p in data["dossiers"][0]["pieces"]}
    assert pieces["ephoto"]["note"] == "photo à refaire"
    assert pieces["passeport"]["status"] == "captured"
    history = data["dossiers"][0]["history"]
    assert any(h.get("files") == ["scan-passeport.jpg"] for h in history)
    actions = [(a["agent"], a["action"]) for a in data["accesses"]]
    assert ("agent-x", "dossier.view") in actions
    assert ("system", "applicant.create") in actions
    assert "Autre" not in json.dumps(data, ensure_ascii=False)
    (doc,) = result["documents"]
    assert Path(doc).read_bytes() == image
    text = " ".join(page.extract_text() for page in PdfReader(result["pdf"]).pages)
    assert "Ørsted-Nakamura" in text
    assert "photo à refaire" in text
    assert number in text
    code = main(["--home", str(home), "--json", "applicant", "export", "999", "--out", str(out)])
    assert code == 1
    assert json.loads(capsys.readouterr().out)["error"] == "not_found"


def test_export_is_audited_and_needs_the_right(counter: Counter, tmp_path: Path) -> None:
    applicant_id, _number, _image = _applicant_with_a_dossier(counter, tmp_path)
    with pytest.raises(PermissionDenied):
        privacy.collect(counter, ACTORS[Role.AGENT], applicant_id)
    with pytest.raises(NotFound):
        privacy.collect(counter, ACTORS[Role.SUPERVISOR], 999)
    privacy.collect(counter, ACTORS[Role.SUPERVISOR], applicant_id)
    newest = audit.events(counter, SYSTEM, limit=1)[0]
    assert (newest.actor, newest.action) == ("supervisor-x", "applicant.export")


def test_audit_payloads_erased_after_retention_once_acknowledged(
    counter: Counter, tmp_path: Path
) -> None:
    _applicant_with_a_dossier(counter, tmp_path)
    with_payload = [e for e in audit.events(counter, SYSTEM) if e.payload]
    assert len(with_payload) >= 3
    later = utcnow() + timedelta(days=counter.config.retention_days, minutes=1)
    assert privacy.purge_audit(counter, SYSTEM, later) == 0  # nothing acknowledged by HQ
    with counter.sessions() as s, s.begin():
        s.execute(update(OutboxRow).where(OutboxRow.entity == "audit").values(state="acked"))
    assert privacy.purge_audit(counter, SYSTEM, utcnow()) == 0  # not old enough
    with pytest.raises(PermissionDenied):
        privacy.purge_audit(counter, ACTORS[Role.SUPERVISOR], later)
    assert privacy.purge_audit(counter, SYSTEM, later) == len(with_payload)
    verdict = audit.verify(counter)
    assert verdict.intact
    assert verdict.redacted == len(with_payload)
