"""HTTP to HQ: every request signed, transient failures retried with exponential
backoff, HTTPS required except towards a loopback address.

TLS: the system's trust store, or the CA bundle named by ``hq_ca_file`` in
counter.toml (an HQ with a certificate from the ministry's own authority).
"""

from __future__ import annotations

import json
import random
import secrets
import ssl
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desk.errors import InvalidInput, NegativeAnswer
from desk.sync import wire

#: status codes worth retrying: HQ busy, restarting or behind a failing proxy
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class InsecureServer(InvalidInput):
    code = "insecure_server"


class HQUnavailable(NegativeAnswer):
    """HQ could not be reached or kept failing (transient: try again later)."""

    code = "hq_unavailable"


class HQUntrusted(NegativeAnswer):
    """HQ's certificate does not verify against the trusted CAs (permanent: wrong
    ``hq_ca_file``, expired certificate or a machine in the middle)."""

    code = "hq_untrusted"


class HQRefused(NegativeAnswer):
    """HQ refused the request (authentication, prefecture, malformed)."""

    code = "hq_refused"

    def __init__(self, status: int, reason: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(f"HQ answered {status}: {reason}", status=status, reason=reason)
        self.status = status
        self.reason = reason
        self.body = body or {}


def check_url(url: str) -> str:
    if not url_allowed(url):
        raise InsecureServer(
            f"{url}: HQ must be reached over https (plain http only on loopback)", field="server"
        )
    return url.rstrip("/")


def url_allowed(url: str) -> bool:
    return wire.url_allowed(url)


def tls_context(ca_file: str | Path | None) -> ssl.SSLContext:
    """The TLS client context: the system's trust store, or only the préfecture's CA
    bundle named by ``hq_ca_file`` in counter.toml."""
    if not ca_file:
        return ssl.create_default_context()
    path = Path(ca_file)
    if not path.is_file():
        raise InvalidInput(f"{path}: CA bundle not found", field="hq_ca_file", reason="not_found")
    try:
        return ssl.create_default_context(cafile=str(path))
    except ssl.SSLError as exc:
        raise InvalidInput(
            f"{path}: not a PEM CA bundle ({exc})", field="hq_ca_file", reason="unreadable"
        ) from exc


def _untrusted(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def backoff(attempt: int, base: float = 0.2, cap: float = 30.0) -> float:
    """Delay before retry number ``attempt`` (1, 2...): exponential with full jitter."""
    return random.uniform(0, min(cap, base * 2 ** (attempt - 1)))


class HQClient:
    def __init__(
        self,
        server: str,
        key: Ed25519PrivateKey | None,
        counter_id: int | None,
        *,
        ca_file: str | Path | None = None,
        timeout: float = 30.0,
        retries: int = 6,
        backoff_base: float = 0.2,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.server = check_url(server)
        self.key = key
        self.counter_id = counter_id
        self.retries = retries
        self.backoff_base = backoff_base
        self._sleep = sleep
        self.http = httpx.Client(verify=tls_context(ca_file), timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> HQClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _headers(self, method: str, url: httpx.URL, body: bytes) -> dict[str, str]:
        if self.key is None or self.counter_id is None:
            return {}
        ts = int(time.time())
        nonce = secrets.token_hex(16)
        path = url.raw_path.decode("ascii")
        sig = self.key.sign(wire.canonical_request(method, path, ts, nonce, body))
        return {
            wire.H_COUNTER: str(self.counter_id),
            wire.H_TIMESTAMP: str(ts),
            wire.H_NONCE: nonce,
            wire.H_SIGNATURE: sig.hex(),
        }

    def call(
        self,
        method: str,
        path: str,
        *,
        payload: Any = None,
        content: bytes | None = None,
        accept: frozenset[int] = frozenset(),
    ) -> tuple[int, dict[str, Any]]:
        """Send a signed request, retrying transient failures; returns (status, JSON).
        Statuses in ``accept`` are returned instead of raised."""
        body = content if content is not None else b""
        ctype = "application/octet-stream"
        if payload is not None:
            body = json.dumps(payload, separators=(",", ":")).encode()
            ctype = "application/json"
        url = httpx.URL(self.server + path)
        last = ""
        for attempt in range(1, self.retries + 2):
            headers = {"Content-Type": ctype, **self._headers(method, url, body)}
            try:
                resp = self.http.request(method, url, content=body, headers=headers)
            except httpx.TransportError as exc:  # refused, reset, timeout, protocol error
                bad_cert = _untrusted(exc)
                if bad_cert is not None:  # retrying cannot help
                    raise HQUntrusted(
                        f"{self.server}: certificate not trusted ({bad_cert.verify_message})"
                    ) from exc
                last = f"{type(exc).__name__}: {exc}"
            else:
                data = _json(resp)
                if data is None:  # garbled answer (a proxy cut it): try again
                    last = f"HTTP {resp.status_code} with an unreadable body"
                elif resp.status_code < 300 or resp.status_code in accept:
                    return resp.status_code, data
                elif resp.status_code not in TRANSIENT_STATUS:
                    raise HQRefused(resp.status_code, str(data.get("error", "refused")), data)
                else:
                    last = f"HTTP {resp.status_code}"
            if attempt <= self.retries:
                self._sleep(backoff(attempt, self.backoff_base))
        raise HQUnavailable(f"HQ unavailable after {self.retries + 1} attempts: {last}")


def _json(resp: httpx.Response) -> dict[str, Any] | None:
    try:
        data = resp.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
