"""A counter's day reaches HQ: content equal, blobs verified, replays harmless."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hq_helpers import (
    hq_blobs,
    hq_records,
    owned_records,
    page_blobs,
    verify_blob_files,
)
from hq_servers import (
    HQProcess,
    add_foreign_dossier,
    issue_token,
    make_counter,
    next_counter,
    seed_small,
)
from sqlalchemy import select

from desk.app import Counter
from desk.services.common import SYSTEM
from desk.store.models import ApplicantRow, OutboxRow
from desk.sync import client, credentials, wire
from desk.sync.enrol import enrol
from desk.sync.records import Serializer

pytestmark = pytest.mark.postgres


def test_round_trip(enrolled: Counter, shared_hq: HQProcess) -> None:
    seed_small(enrolled, dossiers=3, pages=2)
    report = client.run(enrolled)
    assert report.errors == []
    assert report.pending == 0
    assert report.needs_action == 0
    assert report.acknowledged == report.uploaded > 0
    assert report.blobs_uploaded == 6
    expected, held = owned_records(shared_hq.db, enrolled)
    assert held == expected
    # personal data was decrypted on the counter side for HQ
    applicant = next(v for (e, _), v in expected.items() if e == "applicant")
    assert str(applicant["surname"]).startswith("Nguyễn")
    shas = page_blobs(enrolled)
    assert shas <= set(hq_blobs(shared_hq.db))
    verify_blob_files(shared_hq.blobs, shas)
    assert report.pulled["procedures"] >= 1
    assert report.pulled["receipt_keys"] >= 1
    # nothing left to send
    again = client.run(enrolled)
    assert again.uploaded == 0
    assert again.blobs_uploaded == 0


def test_later_changes_reach_hq(enrolled: Counter, shared_hq: HQProcess) -> None:
    from desk.services import applicants

    seed_small(enrolled, dossiers=1, pages=1)
    client.run(enrolled)
    with enrolled.sessions() as s:
        applicant_id = s.scalar(select(ApplicantRow.id))
    person = applicants.get_applicant(enrolled, applicant_id)
    changed = replace(applicants.as_input(person), email="nouvelle@example.org")
    applicants.update_applicant(enrolled, SYSTEM, applicant_id, changed)
    assert client.run(enrolled).uploaded >= 1
    ours, held = owned_records(shared_hq.db, enrolled)
    assert held == ours
    assert any(v.get("email") == "nouvelle@example.org" for v in held.values())


def _batch(counter: Counter) -> wire.BatchRequest:
    items = client.plan(counter)
    with counter.sessions() as s:
        ser = Serializer(s, counter.cipher)
        records = [ser.serialise(i.entity, i.uid, i.op, i.version) for i in items]
    recs = [r for r in records if r is not None and not wire.record_blobs(r)]
    enrol = credentials.load_enrolment(counter.home.keys)
    return {
        "idempotency_key": wire.batch_key(enrol.counter_id, recs),
        "prefecture": counter.config.prefecture,
        "records": [r.to_json() for r in recs],
    }


def test_replayed_batch_changes_nothing(enrolled: Counter, shared_hq: HQProcess) -> None:
    seed_small(enrolled, dossiers=2, pages=0)
    batch = _batch(enrolled)
    with client.client_for(enrolled) as hq:
        _, first = hq.call("POST", f"{wire.API}/records", payload=batch)
        assert first["replayed"] is False
        assert {r["outcome"] for r in first["results"]} == {"acked"}
        before = hq_records(shared_hq.db)
        # the same batch again, and the same key with altered content: HQ answers as
        # the first time and changes nothing
        _, second = hq.call("POST", f"{wire.API}/records", payload=batch)
        tampered = json.loads(json.dumps(batch))
        tampered["records"][0]["data"]["status"] = "closed"
        tampered["records"][0]["version"] += 1000
        _, third = hq.call("POST", f"{wire.API}/records", payload=tampered)
    assert second["replayed"] is True
    assert third["replayed"] is True
    assert second["results"] == first["results"] == third["results"]
    assert hq_records(shared_hq.db) == before


def test_rejected_record_goes_to_needs_action(enrolled: Counter, shared_hq: HQProcess) -> None:
    seed_small(enrolled, dossiers=1, pages=0)
    bad_uid = add_foreign_dossier(enrolled)
    report = client.run(enrolled)
    assert report.needs_action == 1
    assert report.pending == 0
    status = client.status(enrolled)
    assert [(i["uid"], i["last_error"]) for i in status["needs_action"]] == [
        (bad_uid, "other_prefecture")
    ]
    assert ("dossier", bad_uid) not in hq_records(shared_hq.db)
    with enrolled.sessions() as s:
        states = set(s.scalars(select(OutboxRow.state)))
    assert states == {"acked", "rejected"}


def test_records_of_other_counters_are_not_compared(
    enrolled: Counter, shared_hq: HQProcess, tmp_path: Path
) -> None:
    """Another counter of 075 synced an agent first (as tests running earlier do): this
    counter receives it with the reference data, yet compares only what it owns."""
    from desk.domain.entities import Role
    from desk.services.agents import create_agent

    number = next_counter()
    other = make_counter(tmp_path / "other", "75", number)
    try:
        enrol(other, shared_hq.url, issue_token(shared_hq.db, "75", number))
        create_agent(other, f"voisin{number}", "Agent voisin", Role.AGENT, "correct horse 42")
        assert client.run(other).acknowledged >= 1
    finally:
        other.close()
    seed_small(enrolled, dossiers=1, pages=1)
    assert client.run(enrolled).pulled["agents"] >= 1  # the other counter's agent too
    ours, held = owned_records(shared_hq.db, enrolled)
    assert ours == held
    assert any(e == "dossier" for e, _ in ours)
    assert not any(v.get("login") == f"voisin{number}" for v in ours.values())
