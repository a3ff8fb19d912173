"""Blob upload to HQ: several blobs per signed request, large blobs in resumable
chunks, every blob verified by HQ on arrival (docs/SYNC.md, "Blobs first").

While one request is on the wire a worker thread reads (decrypts and checks) the
blobs of the next one, so the counter's disk and cipher work overlaps HQ's. Memory
stays flat: one request being sent, at most one request's worth read ahead, and a
large blob being sent in chunks.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

from desk.app import Counter
from desk.store.blobs import BlobCorrupted, BlobMissing
from desk.sync import wire
from desk.sync.transport import HQClient, HQRefused, HQUnavailable


class _Reader:
    """Reads blobs from the counter's store, the next ones ahead in a worker thread."""

    def __init__(self, counter: Counter) -> None:
        self.counter = counter
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="sync-blob-read")
        self.ahead: dict[str, Future[bytes]] = {}

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        for future in self.ahead.values():
            future.cancel()
        self.pool.shutdown(wait=True)

    def prefetch(self, pending: deque[tuple[str, int]], loaded: dict[str, bytes]) -> None:
        """Start reading the blobs at the head of ``pending``, about one request's worth."""
        budget = wire.CHUNK_BYTES
        for sha, offset in pending:
            if budget <= 0:
                break
            if sha in loaded or sha in self.ahead:
                continue
            try:
                budget -= max(1, self.counter.blobs.size(sha) - offset)
            except OSError:
                budget -= 1  # missing: get() says so
            self.ahead[sha] = self.pool.submit(self.counter.blobs.get, sha)

    def get(self, sha: str) -> bytes:
        future = self.ahead.pop(sha, None)
        return self.counter.blobs.get(sha) if future is None else future.result()


def upload_blobs(
    counter: Counter, hq: HQClient, shas: list[str], refused: set[str] | None = None
) -> tuple[int, int, set[str]]:
    """Send HQ the blobs of ``shas`` it lacks: several small blobs per request, a large
    one in resumable chunks, ``wire.CHUNK_BYTES`` of content at most per request.
    Returns (blobs sent, bytes sent, hashes unreadable on this counter). The hashes of
    a request HQ refuses as too large (413: an HQ with a lower limit than this
    counter's requests) are added to ``refused`` and not sent again in this run; without
    ``refused`` the refusal is raised."""
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
    most = wire.MAX_PARTS
    with _Reader(counter) as reader:
        while pending:
            parts = _next_parts(reader, pending, loaded, broken, most)
            if not parts:
                continue
            body = wire.pack_upload(parts)
            manifest = [part for part, _ in parts]
            del parts  # the body holds the bytes now
            reader.prefetch(pending, loaded)  # the next request's blobs, meanwhile
            try:
                _, ans = hq.call("POST", f"{wire.API}/blobs/upload", content=body)
            except HQRefused as exc:
                if exc.status != 413 or refused is None:
                    raise
                if len(manifest) > 1:  # one blob at a time from now on: which one?
                    most = 1
                    for part in reversed(manifest):
                        _forget(pending, part["sha256"])
                        pending.appendleft((part["sha256"], part["offset"]))
                    continue
                refused.add(manifest[0]["sha256"])  # sending it again cannot help
                _forget(pending, manifest[0]["sha256"])
                loaded.pop(manifest[0]["sha256"], None)
                continue
            del body
            done = _apply_answer(manifest, ans, pending, loaded)
            count += len(done)
            size += sum(done)
    return count, size, broken


def _apply_answer(
    manifest: list[wire.UploadPart],
    answer: dict[str, object],
    pending: deque[tuple[str, int]],
    loaded: dict[str, bytes],
) -> list[int]:
    """Apply HQ's per-part answer; returns the sizes of the blobs now complete."""
    states = answer.get("parts")
    if not isinstance(states, list) or len(states) != len(manifest):
        raise HQUnavailable("HQ answered an upload with a garbled part list")
    done = []
    for part, state in zip(manifest, states, strict=True):
        sha = part["sha256"]
        if state.get("present"):
            _forget(pending, sha)
            if loaded.pop(sha, None) is not None:
                done.append(part["total"])
        elif state.get("error") == "offset_mismatch":  # HQ holds more or less: resume
            _forget(pending, sha)
            pending.appendleft((sha, int(state.get("received", 0))))
        elif state.get("error"):
            raise HQRefused(422, str(state["error"]), dict(state))
    return done


def _next_parts(
    reader: _Reader,
    pending: deque[tuple[str, int]],
    loaded: dict[str, bytes],
    broken: set[str],
    most: int,
) -> list[tuple[wire.UploadPart, bytes]]:
    """The parts of the next upload request, taken from the head of ``pending``."""
    parts: list[tuple[wire.UploadPart, bytes]] = []
    room = wire.CHUNK_BYTES
    while pending and room > 0 and len(parts) < most:
        sha, offset = pending.popleft()
        data = loaded.get(sha)
        if data is None:
            try:
                data = reader.get(sha)
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
