"""The audit trail: what is recorded, and that any change, deletion or reordering is
found, with where."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desk.app import Counter, open_counter
from desk.cli import main
from desk.config import CounterConfig
from desk.domain.entities import Role
from desk.errors import AuthenticationFailed, PermissionDenied
from desk.security import audit
from desk.services import agents, applicants, dossiers
from desk.services.common import SYSTEM, utcnow
from desk.store.models import AuditRow, OutboxRow

from .conftest import ACTORS, person


def _activity(counter: Counter) -> str:
    admin = ACTORS[Role.ADMINISTRATOR]
    a = applicants.create_applicant(counter, admin, person())
    applicants.update_applicant(counter, admin, a.id, person(given="Quorvane Line"))
    d = dossiers.open_dossier(counter, admin, a.id, "etudiant-premier")
    dossiers.declare_piece_missing(counter, admin, d.number, "passeport", "perdu au Havre")
    dossiers.get_dossier(counter, d.number, ACTORS[Role.AGENT])
    applicants.get_applicant(counter, a.id, ACTORS[Role.AGENT])
    agents.create_agent(counter, "marie.curie", "Marie Curie", Role.AGENT, "correct horse 1")
    agents.authenticate(counter, "marie.curie", "correct horse 1")
    with pytest.raises(AuthenticationFailed):
        agents.authenticate(counter, "marie.curie", "my-secret-typo")
    return d.number


@pytest.fixture(scope="module")
def activity_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data home after a little of everything (password hashing is slow: done once)."""
    home = tmp_path_factory.mktemp("activity") / "home"
    c = open_counter(home, CounterConfig(prefecture="75", departement="75", site="T", counter=3))
    try:
        _activity(c)
    finally:
        c.close()
    return home


@pytest.fixture
def active(activity_home: Path, tmp_path: Path) -> Iterator[Counter]:
    home = tmp_path / "home"
    shutil.copytree(activity_home, home)
    c = open_counter(home)
    try:
        yield c
    finally:
        c.close()


def test_personal_data_accesses_and_logins_are_recorded(active: Counter) -> None:
    counter = active
    found = audit.events(counter, SYSTEM, limit=100)
    actions = [e.action for e in reversed(found)]
    assert actions[:3] == ["applicant.create", "applicant.change", "dossier.dossier_opened"]
    for expected in (
        "dossier.piece_declared_missing",
        "dossier.view",
        "applicant.view",
        "agent.create",
        "login",
        "login.failed",
    ):
        assert expected in actions
    failed = found[0]
    assert failed.action == "login.failed"
    assert failed.payload == {"login": "marie.curie"}
    assert next(e for e in found if e.action == "login").actor == "marie.curie"
    with counter.sessions() as s:
        outbox = s.scalar(select(func.count()).where(OutboxRow.entity == "audit"))
        assert outbox == audit.count_events(s) == len(found)
    assert audit.verify(counter).as_dict() == {
        "intact": True,
        "events": len(found),
        "redacted": 0,
    }


def test_viewing_the_trail_needs_the_right(counter: Counter) -> None:
    with pytest.raises(PermissionDenied):
        audit.events(counter, ACTORS[Role.AGENT])
    with pytest.raises(PermissionDenied):
        audit.verify(counter, ACTORS[Role.AGENT])
    audit.verify(counter, ACTORS[Role.SUPERVISOR])


def test_a_rolled_back_change_leaves_no_event(counter: Counter) -> None:
    with pytest.raises(PermissionDenied):
        agents.create_agent(counter, "jo.x", "Jo", Role.AGENT, "long-enough-pw", ACTORS[Role.AGENT])
    applicants.create_applicant(counter, SYSTEM, person())
    with pytest.raises(Exception, match="not found"):
        dossiers.open_dossier(counter, SYSTEM, 999, "visiteur")
    assert audit.verify(counter).as_dict()["events"] == 1
    assert audit.verify(counter).intact


def _tamper(home: Path, *sql: str) -> None:
    con = sqlite3.connect(home / "guichet.sqlite3")
    with con:
        for statement in sql:
            con.execute(statement)
    con.close()


def _verify_cli(home: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main(["--home", str(home), "--json", "audit", "verify"])
    return code, json.loads(capsys.readouterr().out)


TAMPERING: dict[str, tuple[Callable[[int], list[str]], str, int]] = {
    # name: (statements given the number n of events, reason, position; 0 means n)
    "changed action": (
        lambda n: ["UPDATE audit_events SET action='dossier.nothing' WHERE seq=3"],
        "altered",
        3,
    ),
    "changed actor": (
        lambda n: ["UPDATE audit_events SET actor='someone' WHERE seq=2"],
        "altered",
        2,
    ),
    "deleted event": (lambda n: ["DELETE FROM audit_events WHERE seq=4"], "sequence", 4),
    "deleted newest": (lambda n: [f"DELETE FROM audit_events WHERE seq={n}"], "truncated", 0),
    "reordered": (
        lambda n: [
            "UPDATE audit_events SET id=-1 WHERE seq=2",
            "UPDATE audit_events SET id=2 WHERE seq=3",
            "UPDATE audit_events SET id=3 WHERE seq=2",
        ],
        "sequence",
        2,
    ),
    "renumbered after delete": (
        lambda n: [
            "DELETE FROM audit_events WHERE seq=5",
            "UPDATE audit_events SET seq=seq-1 WHERE seq>5",
        ],
        "chain",
        5,
    ),
    "payload swapped": (
        lambda n: [
            "UPDATE audit_events SET payload_enc=(SELECT payload_enc FROM audit_events "
            "WHERE action='agent.create') WHERE action='login.failed'"
        ],
        "payload",
        0,
    ),
}


@pytest.mark.parametrize("name", list(TAMPERING))
def test_tampering_is_found_and_located(
    active: Counter, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    desk_home = active.home.root
    n = audit.verify(active).events
    active.close()
    code, doc = _verify_cli(desk_home, capsys)
    assert (code, doc["intact"], doc["events"]) == (0, True, n)
    statements, reason, position = TAMPERING[name]
    _tamper(desk_home, *statements(n))
    code, doc = _verify_cli(desk_home, capsys)
    assert code == 1
    assert doc["intact"] is False
    assert doc["first_bad"]["reason"] == reason
    assert doc["first_bad"]["position"] == (position or n)


def test_rehashed_forgery_fails_on_the_signature(active: Counter) -> None:
    counter = active
    with counter.sessions() as s, s.begin():
        row = s.scalar(select(AuditRow).where(AuditRow.seq == 2))
        assert row is not None
        row.actor = "someone"
        row.hash = audit._hash(row)  # a forger who knows the format but not the key
    verdict = audit.verify(counter)
    assert verdict.first_bad is not None
    assert (verdict.first_bad["seq"], verdict.first_bad["reason"]) == (2, "signature")


def test_head_file_deleted_or_forged(active: Counter) -> None:
    counter = active
    head = active.home.root / audit.HEAD_FILE
    doc = json.loads(head.read_text())
    head.write_text(json.dumps({**doc, "seq": doc["seq"] + 5}))
    assert audit.verify(counter).first_bad == {
        "position": doc["seq"] + 1,
        "reason": "head_signature",
    }
    head.unlink()
    assert audit.verify(counter).first_bad == {"position": doc["seq"] + 1, "reason": "head_missing"}


def test_redaction_keeps_the_chain(active: Counter) -> None:
    counter = active
    with pytest.raises(PermissionDenied):
        audit.redact_before(counter, ACTORS[Role.SUPERVISOR], utcnow())
    with_payload = [e for e in audit.events(counter, SYSTEM) if e.payload]
    assert len(with_payload) >= 3  # the declared-missing note, the agent's role, the login
    erased = audit.redact_before(counter, SYSTEM, utcnow() + timedelta(seconds=1))
    assert erased == len(with_payload)
    verdict = audit.verify(counter)
    assert verdict.intact
    assert verdict.redacted == erased
    assert all(e.payload is None for e in audit.events(counter, SYSTEM)[1:])
    newest = audit.events(counter, SYSTEM, limit=1)[0]
    assert newest.action == "audit.redact"
    assert newest.payload is not None
    assert newest.payload["events"] == erased


def test_empty_trail_is_intact(
    counter: Counter, desk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counter.close()
    assert _verify_cli(desk_home, capsys) == (0, {"intact": True, "events": 0, "redacted": 0})
