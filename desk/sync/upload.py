"""Blob upload to HQ: several blobs per signed request, large blobs in resumable
chunks, every blob verified by HQ on arrival (docs/SYNC.md, "Blobs first")."""

from __future__ import annotations

from collections import deque

from desk.app import Counter
from desk.store.blobs import BlobCorrupted, BlobMissing
from desk.sync import wire
from desk.sync.transport import HQClient, HQRefused, HQUnavailable


def upload_blobs(counter: Counter, hq: HQClient, shas: list[str]) -> tuple[int, int, set[str]]:
    """Send HQ the blobs of ``shas`` it lacks: several small blobs per request, a large
    one in resumable chunks, ``wire.CHUNK_BYTES`` of content at most per request (and
    in memory, with at most one large blob being sent). Returns (blobs sent, bytes
    sent, hashes unreadable on this counter)."""
    broken: set[str] = set()
    count = size = 0
    if not shas:
        return count, size, broken
    _, answer = hq.call("POST", f"{wire.API}/blobs/query", payload={"hashes": shas})
    pending: deque[tuple[str, int]] = deque(
        (str(st["sha256"]), int(st.get("received", 0)))
        for st in answer.get("blobs", [])
        if not st.get("present")
    )
    loaded: dict[str, bytes] = {}  # blobs of the request being built or sent
    while pending:
        parts = _next_parts(counter, pending, loaded, broken)
        if not parts:
            continue
        _, ans = hq.call("POST", f"{wire.API}/blobs/upload", content=wire.pack_upload(parts))
        states = ans.get("parts")
        if not isinstance(states, list) or len(states) != len(parts):
            raise HQUnavailable("HQ answered an upload with a garbled part list")
        for (part, _), state in zip(parts, states, strict=True):
            sha = part["sha256"]
            if state.get("present"):
                _forget(pending, sha)
                if loaded.pop(sha, None) is not None:
                    count += 1
                    size += part["total"]
            elif state.get("error") == "offset_mismatch":  # HQ holds more or less
                _forget(pending, sha)
                pending.appendleft((sha, int(state.get("received", 0))))
            elif state.get("error"):
                raise HQRefused(422, str(state["error"]), dict(state))
    return count, size, broken


def _next_parts(
    counter: Counter,
    pending: deque[tuple[str, int]],
    loaded: dict[str, bytes],
    broken: set[str],
) -> list[tuple[wire.UploadPart, bytes]]:
    """The parts of the next upload request, taken from the head of ``pending``."""
    parts: list[tuple[wire.UploadPart, bytes]] = []
    room = wire.CHUNK_BYTES
    while pending and room > 0 and len(parts) < wire.MAX_PARTS:
        sha, offset = pending.popleft()
        data = loaded.get(sha)
        if data is None:
            try:
                data = counter.blobs.get(sha)
            except (BlobMissing, BlobCorrupted):
                broken.add(sha)
                continue
            loaded[sha] = data
        offset = min(offset, len(data))
        n = min(room, len(data) - offset)
        part: wire.UploadPart = {"sha256": sha, "offset": offset, "length": n, "total": len(data)}
        parts.append((part, data[offset : offset + n]))
        room -= n
        if offset + n < len(data):  # the rest goes in the next request
            pending.appendleft((sha, offset + n))
            break
    return parts


def _forget(pending: deque[tuple[str, int]], sha: str) -> None:
    for entry in [e for e in pending if e[0] == sha]:
        pending.remove(entry)
