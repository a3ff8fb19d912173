"""Upgrades: a data home left by an older Guichet (tests/data/upgrade/home-REVISION,
made by scripts/make-upgrade-fixture.py) is migrated by `desk db upgrade` to the
current head with its dossiers, encrypted names and page images intact."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from desk.app import open_counter
from desk.cli import main
from desk.doctor import Status, run_checks
from desk.services.dossiers import get_dossier, search_dossiers
from desk.store import db

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "data" / "upgrade").glob("home-*"))


def test_oldest_fixture_is_at_the_first_revision() -> None:
    script = ScriptDirectory.from_config(db._bare_config())
    first = script.get_base()
    assert json.loads((FIXTURES[0] / "expected.json").read_text())["revision"] == first


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_db_upgrade_keeps_the_data(
    fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = json.loads((fixture / "expected.json").read_text(encoding="utf-8"))
    home = tmp_path / "home"
    shutil.copytree(fixture, home)
    # git keeps no owner-only mode: give the key the mode a real counter gives it
    for key in (home / "keys").iterdir():
        key.chmod(0o600)

    assert main(["db", "upgrade", "--home", str(home), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {"before": expected["revision"], "after": db.head_revision()}

    checks = {f.check: f for f in run_checks(home)}
    assert checks["database"].status is Status.OK
    assert checks["keys"].code == "key_ok"  # the old key still opens the names

    counter = open_counter(home)
    try:
        for want in expected["dossiers"]:
            d = get_dossier(counter, want["number"])
            assert d.status.value == want["status"]
            assert (d.applicant.surname, d.applicant.given_names) == (
                want["surname"],
                want["given_names"],
            )
            assert d.applicant.birth_date.isoformat() == want["birth_date"]
            # the names stay searchable: the new name index was built from the old rows
            for fragment in (want["surname"][:4], want["given_names"].split()[-1]):
                found = {r.number: r for r in search_dossiers(counter, fragment)}
                assert want["number"] in found, fragment
                hit = found[want["number"]]
                assert (hit.surname, hit.given_names) == (want["surname"], want["given_names"])
                assert hit.birth_date.isoformat() == want["birth_date"]
            pages = [pg.blob for p in d.pieces for pg in p.pages]
            assert pages == want["pages"]
            for sha in pages:
                assert hashlib.sha256(counter.blobs.get(sha)).hexdigest() == sha
    finally:
        counter.close()
    assert expected["dossiers"], "the fixture holds dossiers"


def _contents(home: Path) -> dict[str, object]:
    """Every file of ``home``: the database as its SQL dump (the schema at its revision
    and every row; opening it may switch the journal mode), the others as bytes."""
    out: dict[str, object] = {}
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        name = str(path.relative_to(home))
        if name.startswith("guichet.sqlite3"):
            continue
        out[name] = path.read_bytes()
    conn = sqlite3.connect(home / "guichet.sqlite3")
    try:
        out["guichet.sqlite3"] = list(conn.iterdump())
    finally:
        conn.close()
    return out


def test_db_upgrade_without_the_key_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database with encrypted names but no key: refused in French (exit 2), and no
    new key left in keys/ (it would open nothing and hide the missing one)."""
    home = tmp_path / "home"
    shutil.copytree(FIXTURES[0], home)
    (home / "keys" / "data.key").unlink()
    before = _contents(home)

    assert main(["db", "upgrade", "--home", str(home)]) == 2
    err = capsys.readouterr().err
    assert "clé de chiffrement" in err and "est absente" in err
    assert "wrong key" not in err
    assert main(["db", "upgrade", "--home", str(home), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert (report["error"], report["reason"]) == ("data_home", "data_key_missing")
    assert _contents(home) == before
