"""Blob upload: several blobs per signed request, large ones in resumable chunks,
verified by hash on arrival, stored once."""

from __future__ import annotations

import hashlib
import os

import pytest
from hq_helpers import hq_blobs, verify_blob_files
from hq_servers import HQProcess

from desk.app import Counter
from desk.sync import client, wire
from desk.sync.transport import HQRefused
from desk.sync.upload import upload_blobs

pytestmark = pytest.mark.postgres


def _part(data: bytes, offset: int = 0, length: int | None = None) -> tuple[wire.UploadPart, bytes]:
    n = len(data) - offset if length is None else length
    sha = hashlib.sha256(data).hexdigest()
    return {"sha256": sha, "offset": offset, "length": n, "total": len(data)}, data[
        offset : offset + n
    ]


def test_several_blobs_per_request_and_resumable_chunks(
    enrolled: Counter, shared_hq: HQProcess
) -> None:
    small = [os.urandom(300), os.urandom(5000), b""]
    large = os.urandom(10_000)
    with client.client_for(enrolled) as hq:
        upload = f"{wire.API}/blobs/upload"
        parts = [_part(d) for d in small] + [_part(large, 0, 4000)]
        _, answer = hq.call("POST", upload, content=wire.pack_upload(parts))
        states = [(p["present"], p["received"], p["error"]) for p in answer["parts"]]
        assert states == [(True, 300, None), (True, 5000, None), (True, 0, None),
                          (False, 4000, None)]  # fmt: skip
        # a chunk at the wrong offset: HQ says where to resume, keeps what it has
        _, answer = hq.call("POST", upload, content=wire.pack_upload([_part(large, 6000)]))
        assert answer["parts"] == [{"sha256": parts[3][0]["sha256"], "present": False,
                                    "received": 4000, "error": "offset_mismatch"}]  # fmt: skip
        _, answer = hq.call("POST", f"{wire.API}/blobs/query",
                            payload={"hashes": [parts[3][0]["sha256"]]})  # fmt: skip
        assert answer["blobs"][0]["received"] == 4000
        _, answer = hq.call("POST", upload, content=wire.pack_upload([_part(large, 4000)]))
        assert answer["parts"][0]["present"] is True
        # content that does not hash to its name is refused and not kept
        bad = _part(os.urandom(100))
        forged = ({**bad[0], "sha256": "0" * 64}, bad[1])
        _, answer = hq.call("POST", upload, content=wire.pack_upload([forged, _part(b"ok")]))
        assert [(p["present"], p["error"]) for p in answer["parts"]] == [
            (False, "hash_mismatch"),
            (True, None),
        ]
        # malformed bodies are refused whole
        for body in (b"no manifest", b'{"parts": []}\n', wire.pack_upload([_part(b"x")]) + b"y"):
            with pytest.raises(HQRefused) as refused:
                hq.call("POST", upload, content=body)
            assert refused.value.reason == "invalid_upload"
    held = hq_blobs(shared_hq.db)
    shas = {p["sha256"] for p, _ in parts} | {hashlib.sha256(b"ok").hexdigest()}
    assert {s: held[s] for s in shas} == {
        **{hashlib.sha256(d).hexdigest(): len(d) for d in [*small, large]},
        hashlib.sha256(b"ok").hexdigest(): 2,
    }
    assert "0" * 64 not in held
    verify_blob_files(shared_hq.blobs, shas)


def test_client_packs_blobs_and_sends_each_once(
    enrolled: Counter, shared_hq: HQProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wire, "CHUNK_BYTES", 4096)
    blobs = [os.urandom(n) for n in (1000, 1000, 1000, 9000, 2000)]
    shas = [enrolled.blobs.put(b) for b in blobs]
    calls: list[tuple[str, int]] = []
    with client.client_for(enrolled) as hq:
        real = hq.call

        def spy(method: str, path: str, **kw: object):  # type: ignore[no-untyped-def]
            calls.append((path, len(kw.get("content") or b"")))  # type: ignore[arg-type]
            return real(method, path, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(hq, "call", spy)
        assert upload_blobs(enrolled, hq, shas) == (5, 14000, set())
        uploads = [n for path, n in calls if path.endswith("/upload")]
        # 14,000 bytes in requests of at most 4,096 bytes of content: 4 requests
        assert len(uploads) == 4
        calls.clear()
        assert upload_blobs(enrolled, hq, shas) == (0, 0, set())
        assert [path for path, _ in calls] == [f"{wire.API}/blobs/query"]
    assert set(shas) <= set(hq_blobs(shared_hq.db))
    verify_blob_files(shared_hq.blobs, set(shas))
