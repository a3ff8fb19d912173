"""HQ caps request bodies before holding them (413 with a JSON error), and the counter
takes a 413 as a permanent refusal of the item concerned, not a reason to retry for
ever: a record too large goes to needs action and the rest of its batch is sent; so
does a page whose upload HQ refuses."""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest
from hq_helpers import counter_records, hq_records
from hq_servers import HQProcess, seed_small
from sqlalchemy import select

from desk.app import Counter
from desk.services import dossiers
from desk.services.common import SYSTEM, enqueue
from desk.store.db import transaction
from desk.store.models import PageRow, PieceRow
from desk.sync import client, wire
from desk.sync.transport import HQRefused

pytestmark = pytest.mark.postgres


def test_oversized_bodies_are_refused_with_json(enrolled: Counter, shared_hq: HQProcess) -> None:
    big = {"idempotency_key": "k" * 32, "prefecture": "075", "note": "x" * wire.MAX_BODY}
    with client.client_for(enrolled) as hq, pytest.raises(HQRefused) as refused:
        hq.call("POST", f"{wire.API}/records", payload=big)
    assert refused.value.status == 413
    assert refused.value.body == {"error": "body_too_large", "limit": wire.MAX_BODY}

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap holds while reading
        for _ in range(wire.MAX_BODY // 65536 + 2):
            yield b" " * 65536

    with httpx.Client() as http:
        answer = http.post(f"{shared_hq.url}{wire.API}/enrol", content=chunks())
        assert answer.status_code == 413
        assert answer.json()["error"] == "body_too_large"
        # a blob upload may carry CHUNK_BYTES of blob content and its framing
        largest = wire.pack_upload(
            [({"sha256": "ab" * 32, "offset": 0, "length": n, "total": n}, b"\0" * n)
             for n in [wire.CHUNK_BYTES // wire.MAX_PARTS] * wire.MAX_PARTS]
        )  # fmt: skip
        assert len(largest) <= wire.MAX_UPLOAD_BODY
        answer = http.post(f"{shared_hq.url}{wire.API}/blobs/upload", content=largest)
        assert answer.status_code == 401  # read whole, then refused for its signature


def _needs_action(counter: Counter) -> set[tuple[str, str, str | None]]:
    """(entity, uid, reason) of the outbox rows in needs action (an item may have
    several rows)."""
    return {(i["entity"], i["uid"], i["reason"]) for i in client.needs_action(counter)}


@pytest.mark.parametrize("hq_limit_known", [True, False])
def test_a_record_too_large_is_rejected_and_the_rest_goes(
    enrolled: Counter, shared_hq: HQProcess, monkeypatch: pytest.MonkeyPatch, hq_limit_known: bool
) -> None:
    """Known limit: the counter splits before sending; unknown (an HQ with a lower
    limit than the counter's wire.MAX_BODY): HQ's 413 makes it split."""
    if not hq_limit_known:
        monkeypatch.setattr(wire, "MAX_BODY", 4 * wire.MAX_BODY)
    seed_small(enrolled, dossiers=2, pages=1)
    with transaction(enrolled.sessions) as s:
        piece = s.scalars(select(PieceRow)).first()
        assert piece is not None
        piece.note = "é" * (8 * 1024 * 1024 // 2 + 1)  # over HQ's 8 MiB once encoded
        enqueue(s, "piece", piece.uid)
        big_uid = piece.uid
    report = client.run(enrolled)
    assert report.errors == []
    assert _needs_action(enrolled) == {("piece", big_uid, "record_too_large")}
    assert report.pending == 0
    held = hq_records(shared_hq.db)
    sent = {k: v for k, v in counter_records(enrolled).items() if k != ("piece", big_uid)}
    assert {k: held.get(k) for k in sent} == sent
    assert client.run(enrolled).uploaded == 0  # not sent again


def test_a_page_whose_upload_hq_refuses_is_rejected(
    enrolled: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a counter whose requests are larger than this HQ takes (another version's limit)
    monkeypatch.setattr(wire, "CHUNK_BYTES", 2 * wire.MAX_UPLOAD_BODY)
    (number,) = seed_small(enrolled, dossiers=1, pages=1)
    data = os.urandom(wire.MAX_UPLOAD_BODY + 1)
    big = enrolled.blobs.put(data)
    with enrolled.sessions() as s:
        code = s.scalars(select(PieceRow.code).join(PageRow)).first()
    assert code is not None
    page = dossiers.StoredPage(big, "application/pdf", len(data))
    dossiers.attach_pages(enrolled, SYSTEM, number, code, [page])
    with enrolled.sessions() as s:
        page_uid = s.scalars(select(PageRow.uid).where(PageRow.blob_sha256 == big)).one()
    report = client.run(enrolled)
    assert report.errors == []
    assert _needs_action(enrolled) == {("page", page_uid, "blob_too_large")}
    assert report.pending == 0
