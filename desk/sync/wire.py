"""The sync protocol's wire format, shared by the counter (desk.sync) and HQ (hq/).

Plain dataclasses and TypedDicts over JSON, stdlib only: HQ imports this module and
desk.domain, never the reverse. docs/SYNC.md explains the protocol; docs/openapi.json
is FastAPI's export of HQ's routes.

Every request after enrolment is signed by the counter's Ed25519 key over
:func:`canonical_request` (method, path with query, timestamp, nonce, SHA-256 of the
body); HQ checks the signature, the timestamp's freshness and that the nonce was never
seen before (a replayed or altered request is refused).
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

# pydantic (HQ builds its OpenAPI schemas from these) needs this TypedDict on 3.11
from typing_extensions import TypedDict

API = "/v1"
PROTOCOL_VERSION = 1

# --- authentication ------------------------------------------------------------------

H_COUNTER = "X-Guichet-Counter"
H_TIMESTAMP = "X-Guichet-Timestamp"
H_NONCE = "X-Guichet-Nonce"
H_SIGNATURE = "X-Guichet-Signature"
#: a request older or newer than this (seconds) is refused
MAX_CLOCK_SKEW = 300


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def canonical_request(method: str, path: str, timestamp: int, nonce: str, body: bytes) -> bytes:
    """The bytes a counter signs: ``path`` includes the query string, if any."""
    return "\n".join(
        ["guichet-sync-v1", method.upper(), path, str(timestamp), nonce, body_digest(body)]
    ).encode("ascii")


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_allowed(url: str) -> bool:
    """HTTPS anywhere; plain HTTP only to a loopback address (tests and the demo)."""
    scheme = urlsplit(url).scheme
    return scheme == "https" or (scheme == "http" and is_loopback_url(url))


# --- enrolment -----------------------------------------------------------------------


class EnrolRequest(TypedDict):
    token: str
    public_key: str  # Ed25519 raw public key, hex
    prefecture: str
    counter: int
    site: str
    proof: str  # signature of the token by the new key, hex (proof of possession)


class EnrolResponse(TypedDict):
    counter_id: int
    prefecture: str
    counter: int


# --- blobs ---------------------------------------------------------------------------

#: most blob bytes in one upload request: several small blobs go together, a blob
#: larger than this goes in several resumable requests
CHUNK_BYTES = 4 * 1024 * 1024
#: most parts in one upload request
MAX_PARTS = 256
#: the largest request body HQ reads (413 beyond): an upload request (its blob bytes
#: plus the framing of up to MAX_PARTS parts), any other request (a batch of records)
MAX_UPLOAD_BODY = CHUNK_BYTES + 1024 * 1024
MAX_BODY = 8 * 1024 * 1024
#: how HQ's routes describe that refusal (docs/openapi.json)
TOO_LARGE = {
    413: {
        "description": 'Body too large: {"error": "body_too_large", "limit": bytes}. '
        "The counter does not retry it: a batch is sent again in halves down to the "
        "record, which is rejected (needs action), as is a blob HQ refuses so."
    }
}


class BlobQuery(TypedDict):
    hashes: list[str]


class BlobState(TypedDict):
    sha256: str
    present: bool
    received: int  # bytes of an unfinished upload HQ already holds (resume from here)


class BlobStates(TypedDict):
    blobs: list[BlobState]


class UploadPart(TypedDict):
    """``length`` bytes of blob ``sha256`` (``total`` bytes in all) from ``offset``."""

    sha256: str
    offset: int
    length: int
    total: int


class PartState(TypedDict):
    sha256: str
    present: bool  # the whole blob arrived and verified (now or before)
    received: int  # bytes HQ holds of an unfinished upload (resume from here)
    error: str | None  # "offset_mismatch" (resume at ``received``), "hash_mismatch"


class UploadResult(TypedDict):
    parts: list[PartState]


def pack_upload(parts: list[tuple[UploadPart, bytes]]) -> bytes:
    """The body of ``POST /v1/blobs/upload``: a JSON line ``{"parts": [...]}``, then
    the parts' bytes one after the other (the signature covers all of it)."""
    head = json.dumps({"parts": [p for p, _ in parts]}, separators=(",", ":"))
    return b"".join([head.encode("ascii"), b"\n", *(chunk for _, chunk in parts)])


def unpack_upload(body: bytes) -> list[tuple[UploadPart, memoryview]]:
    """Split an upload body into its parts; ValueError if it is malformed."""
    end = body.find(b"\n")
    if end < 0:
        raise ValueError("no manifest line")
    manifest = json.loads(body[:end])
    raw = manifest.get("parts") if isinstance(manifest, dict) else None
    if not isinstance(raw, list) or not 0 < len(raw) <= MAX_PARTS:
        raise ValueError("bad part list")
    view = memoryview(body)[end + 1 :]
    out: list[tuple[UploadPart, memoryview]] = []
    at = 0
    for p in raw:
        try:
            part: UploadPart = {
                "sha256": str(p["sha256"]),
                "offset": int(p["offset"]),
                "length": int(p["length"]),
                "total": int(p["total"]),
            }
        except (KeyError, TypeError) as exc:
            raise ValueError(f"bad part: {exc}") from exc
        if part["offset"] < 0 or part["length"] < 0:
            raise ValueError("negative offset or length")
        if part["offset"] + part["length"] > part["total"]:
            raise ValueError("part beyond total")
        out.append((part, view[at : at + part["length"]]))
        at += part["length"]
    if at != len(view):
        raise ValueError("parts do not add up to the body")
    return out


# --- records -------------------------------------------------------------------------

Op = Literal["upsert", "event", "delete"]
Outcome = Literal["acked", "rejected", "retry"]

#: reasons HQ gives for a permanent rejection (the record goes to "needs action")
PERMANENT_REASONS = frozenset({"other_prefecture", "uid_conflict", "invalid_record"})
#: reasons for a transient refusal (retried with backoff)
TRANSIENT_REASONS = frozenset({"blob_missing", "busy"})


@dataclass(frozen=True)
class Record:
    """One entity's current state as the counter sends it.

    ``version`` is the counter's outbox sequence for this entity: HQ keeps the record
    with the highest version, so resending an older or the same state changes nothing.
    """

    entity: str
    uid: str
    op: str
    version: int
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "uid": self.uid,
            "op": self.op,
            "version": self.version,
            "data": self.data,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Record:
        return cls(
            entity=str(raw["entity"]),
            uid=str(raw["uid"]),
            op=str(raw.get("op", "upsert")),
            version=int(raw["version"]),
            data=dict(raw.get("data") or {}),
        )


class BatchRequest(TypedDict):
    idempotency_key: str
    prefecture: str
    records: list[dict[str, Any]]


class RecordResult(TypedDict):
    entity: str
    uid: str
    outcome: Outcome
    reason: str | None


class BatchResponse(TypedDict):
    idempotency_key: str
    replayed: bool
    results: list[RecordResult]


def batch_key(counter_id: int, records: list[Record]) -> str:
    """Idempotency key of a batch: the same records at the same versions give the same
    key, so a batch resent after a lost answer is recognised."""
    h = hashlib.sha256(f"{counter_id}".encode())
    for r in records:
        h.update(f"\n{r.entity}:{r.uid}:{r.version}:{r.op}".encode())
    return h.hexdigest()


def record_blobs(record: Record) -> list[str]:
    """SHA-256 of the blobs a record refers to: fields named ``*sha256`` and the
    ``_blobs`` list (every column that references the blob store)."""
    found = {
        str(v) for k, v in record.data.items() if k.endswith("sha256") and isinstance(v, str) and v
    }
    extra = record.data.get("_blobs")
    if isinstance(extra, list):
        found.update(str(v) for v in extra if isinstance(v, str) and v)
    return sorted(found)


# --- reference data --------------------------------------------------------------------


class ReferenceAgent(TypedDict):
    uid: str
    login: str
    display_name: str
    role: str
    password_hash: str | None
    active: bool


class ReferenceData(TypedDict):
    procedures: dict[str, str]  # file name -> TOML text
    fees: str  # TOML text
    agents: list[ReferenceAgent]
    receipt_keys: list[dict[str, str]]  # {id, algorithm, public_key (hex)}
    appointments: list[dict[str, Any]]


# --- online filing -------------------------------------------------------------------


class FilingRequest(TypedDict):
    dossier_uid: str
    dossier_number: str
    procedure: str
    idempotency_key: str
    applicant: dict[str, Any]
    pieces: list[dict[str, Any]]  # {code, pages: [sha256...]}


class FilingResponse(TypedDict):
    filing_number: str
    dossier_number: str
    registered_at: str
    attestation_pdf: str  # base64
    attestation_sha256: str
    replayed: bool
