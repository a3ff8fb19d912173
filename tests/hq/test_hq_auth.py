"""Every request is authenticated: altered, replayed, stale, unsigned or foreign
requests are refused, and a counter writes only within its prefecture."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from hq_helpers import hq_records, owned_records
from hq_servers import HQProcess, issue_token, make_counter, seed_small

from desk.app import Counter
from desk.sync import client, credentials, wire
from desk.sync.enrol import enrol

pytestmark = pytest.mark.postgres


def _signed(
    counter: Counter, method: str, path: str, body: bytes
) -> tuple[httpx.URL, dict[str, str]]:
    hq = client.client_for(counter)
    try:
        url = httpx.URL(hq.server + path)
        return url, {"Content-Type": "application/json", **hq._headers(method, url, body)}
    finally:
        hq.close()


def _batch(counter: Counter, **overrides: object) -> bytes:
    enrol_ = credentials.load_enrolment(counter.home.keys)
    body = {
        "idempotency_key": "k" * 32,
        "prefecture": enrol_.prefecture,
        "records": [],
        **overrides,
    }
    return json.dumps(body).encode()


def test_signed_request_is_accepted_once(enrolled: Counter) -> None:
    body = _batch(enrolled)
    url, headers = _signed(enrolled, "POST", f"{wire.API}/records", body)
    ok = httpx.post(url, content=body, headers=headers)
    assert ok.status_code == 200, ok.text
    replay = httpx.post(url, content=body, headers=headers)
    assert (replay.status_code, replay.json()["error"]) == (401, "replayed_request")


def test_altered_request_is_refused(enrolled: Counter) -> None:
    body = _batch(enrolled)
    url, headers = _signed(enrolled, "POST", f"{wire.API}/records", body)
    altered = body.replace(b'"records": []', b'"records": [] ')
    r = httpx.post(url, content=altered, headers=headers)
    assert (r.status_code, r.json()["error"]) == (401, "bad_signature")
    # signed for another path
    other = httpx.URL(str(url).replace("/records", "/blobs/query"))
    r = httpx.post(other, content=body, headers=headers)
    assert (r.status_code, r.json()["error"]) == (401, "bad_signature")


def test_unsigned_stale_and_foreign_requests_are_refused(
    enrolled: Counter, shared_hq: HQProcess, tmp_path: Path
) -> None:
    body = _batch(enrolled)
    url, headers = _signed(enrolled, "POST", f"{wire.API}/records", body)
    r = httpx.post(url, content=body, headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json()["error"]) == (401, "unsigned")
    stale = {**headers, wire.H_TIMESTAMP: str(int(time.time()) - 3600)}
    r = httpx.post(url, content=body, headers=stale)
    assert (r.status_code, r.json()["error"]) == (401, "stale_request")
    # a valid signature presented under another counter's id
    other = make_counter(tmp_path / "other", "75", 98)
    try:
        enrol(other, shared_hq.url, issue_token(shared_hq.db, "75", 98))
        other_id = credentials.load_enrolment(other.home.keys).counter_id
    finally:
        other.close()
    r = httpx.post(url, content=body, headers={**headers, wire.H_COUNTER: str(other_id)})
    assert (r.status_code, r.json()["error"]) == (401, "bad_signature")
    r = httpx.post(url, content=body, headers={**headers, wire.H_COUNTER: "999999"})
    assert (r.status_code, r.json()["error"]) == (401, "unknown_counter")


def test_writes_for_another_prefecture_are_refused(
    enrolled: Counter, shared_hq: HQProcess, tmp_path: Path
) -> None:
    # a batch announced for another prefecture: refused as a whole
    body = _batch(enrolled, prefecture="093")
    url, headers = _signed(enrolled, "POST", f"{wire.API}/records", body)
    r = httpx.post(url, content=body, headers=headers)
    assert (r.status_code, r.json()["error"]) == (403, "other_prefecture")
    # a counter of 093 trying to overwrite records of a 075 counter
    seed_small(enrolled, dossiers=1, pages=0)
    assert client.run(enrolled).pending == 0
    _, held = owned_records(shared_hq.db, enrolled)  # this counter's, whatever ran before
    victim = {k: v for k, v in held.items() if k[0] == "dossier"}
    (entity, uid), data = next(iter(victim.items()))
    intruder = make_counter(tmp_path / "intruder", "93", 4)
    try:
        enrol(intruder, shared_hq.url, issue_token(shared_hq.db, "93", 4))
        record = wire.Record(entity, uid, "upsert", 10**9, {**data, "status": "closed"})
        piece = wire.Record(
            "piece", "f" * 32, "upsert", 10**9, {"dossier_uid": uid, "code": "x", "status": "x"}
        )
        req = {
            "idempotency_key": wire.batch_key(0, [record, piece]),
            "prefecture": "093",
            "records": [record.to_json(), piece.to_json()],
        }
        with client.client_for(intruder) as hq:
            _, answer = hq.call("POST", f"{wire.API}/records", payload=req)
    finally:
        intruder.close()
    assert [(r["outcome"], r["reason"]) for r in answer["results"]] == [
        ("rejected", "other_prefecture"),
        ("rejected", "other_prefecture"),
    ]
    assert hq_records(shared_hq.db)[(entity, uid)] == data
