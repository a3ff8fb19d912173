"""Receipt verification keys travel through HQ: a counter verifies, offline, a receipt
printed by another counter of its prefecture or of another one, and names the issuer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hq_servers import HQProcess, issue_token, make_counter, next_counter, seed_small
from sqlalchemy import create_engine, update

from desk.app import Counter
from desk.cli import main as desk_main
from desk.domain.entities import DossierStatus
from desk.store.db import transaction
from desk.store.models import DossierRow
from desk.sync import client
from desk.sync.enrol import enrol
from hq.models import RecordRow

pytestmark = pytest.mark.postgres


def _counter(home: Path, hq: HQProcess, departement: str) -> Counter:
    number = next_counter()
    counter = make_counter(home, departement, number)
    enrol(counter, hq.url, issue_token(hq.db, departement, number))
    return counter


def _receipt(counter: Counter, pdf: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    """A dossier of ``counter`` waiting for pieces, and its receipt rendered to ``pdf``."""
    number = seed_small(counter, dossiers=1, pages=1)[0]
    with transaction(counter.sessions) as s:
        s.execute(
            update(DossierRow)
            .where(DossierRow.number == number)
            .values(status=DossierStatus.INCOMPLETE.value)
        )
    home = str(counter.home.root)
    args = ["--home", home, "receipt", "render", "--dossier", number, "--out", str(pdf)]
    assert desk_main([*args, "--json"]) == 0
    return {**json.loads(capsys.readouterr().out), "dossier": number}


def _verify(home: Path, pdf: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = desk_main(["--home", str(home), "receipt", "verify", str(pdf), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_keys_pulled_from_hq_verify_another_counters_receipt(
    enrolled: Counter, shared_hq: HQProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = enrolled
    b = _counter(tmp_path / "b", shared_hq, "75")
    lyon = _counter(tmp_path / "lyon", shared_hq, "69")
    try:
        pdf = tmp_path / "receipt.pdf"
        rendered = _receipt(a, pdf, capsys)
        number = rendered["dossier"]
        site_a = f"{a.config.prefecture}-{a.config.counter:02d}"
        # B has never synced: A's key is unknown to it, a clear verdict and no crash
        code, verdict = _verify(b.home.root, pdf, capsys)
        assert (code, verdict["genuine"], verdict["reason"]) == (1, False, "unknown_key")
        code = desk_main(["--home", str(b.home.root), "receipt", "verify", str(pdf)])
        assert code == 1
        assert "la clé de signature est inconnue" in capsys.readouterr().out
        # A publishes its key when it syncs, B and a counter of 069 receive it
        for counter in (a, b, lyon):
            assert client.run(counter).pulled.get("error") is None
        for home in (b.home.root, lyon.home.root):
            code, verdict = _verify(home, pdf, capsys)
            assert (code, verdict["genuine"], verdict["issuer"]) == (0, True, site_a)
            assert (verdict["number"], verdict["dossier"]) == (rendered["number"], number)
            assert verdict["text_checked"] is True
        desk_main(["--home", str(b.home.root), "receipt", "verify", str(pdf)])
        assert f"par le guichet {site_a}" in capsys.readouterr().out
        # HQ revokes A's key (its record deleted): B's next pull forgets it
        engine = create_engine(shared_hq.db)
        try:
            with engine.begin() as conn:
                conn.execute(
                    update(RecordRow)
                    .where(RecordRow.entity == "receipt_key", RecordRow.counter_id.isnot(None))
                    .where(RecordRow.data["site"].as_string() == site_a)
                    .values(deleted=True)
                )
        finally:
            engine.dispose()
        assert client.run(b).pulled.get("error") is None
        code, verdict = _verify(b.home.root, pdf, capsys)
        assert (code, verdict["reason"]) == (1, "unknown_key")
        # A itself still knows its own key
        code, verdict = _verify(a.home.root, pdf, capsys)
        assert (code, verdict["issuer"]) == (0, site_a)
    finally:
        b.close()
        lyon.close()


def test_damaged_pulled_keys_are_no_crash(
    enrolled: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "receipt.pdf"
    _receipt(enrolled, pdf, capsys)
    home = enrolled.home.root
    pulled = home / "reference" / "receipt_keys.json"
    pulled.parent.mkdir(exist_ok=True)
    for text in ("{not json", '[{"public_key": "zz"}, 3, {"algorithm": "rsa"}]'):
        pulled.write_text(text)
        code, verdict = _verify(home, pdf, capsys)
        assert (code, verdict["genuine"]) == (0, True)  # its own key is still known
