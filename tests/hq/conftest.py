"""Real PostgreSQL and real HQ processes on loopback for the HQ and sync tests.

One PostgreSQL cluster per test session: initdb + pg_ctl as the ``postgres`` user
(pg_ctl refuses root) in a private temporary folder, on a free port with its unix
socket in that folder; each test gets its own database. ``hq serve`` runs as a
subprocess on a free loopback port.
"""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from pgserver import PostgresServer, free_port, postgres_cluster

from desk.app import Counter, open_counter
from desk.config import CounterConfig

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with postgres_cluster() as server:
        yield server


_db_seq = iter(range(1, 10**6))


@pytest.fixture
def hq_db(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh PostgreSQL database for this test; yields its SQLAlchemy URL."""
    name = f"hq_test_{os.getpid()}_{next(_db_seq)}"
    with postgres_server.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.url(name)
    with postgres_server.connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def hq_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "hq.cli", *args]


class HQProcess:
    """``hq serve`` as a subprocess on a loopback port."""

    def __init__(
        self,
        db: str,
        blobs: Path,
        port: int | None = None,
        tls: tuple[Path, Path, Path] | None = None,
    ) -> None:
        """``tls``: (certificate, key, CA that signed it) to serve HTTPS."""
        self.db = db
        self.blobs = blobs
        self.port = port or free_port()
        self.tls = tls
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> HQProcess:
        cmd = hq_command("serve", "--db", self.db, "--port", str(self.port),
                         "--blobs", str(self.blobs))  # fmt: skip
        verify: bool | ssl.SSLContext = True
        if self.tls:
            cmd += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
            verify = ssl.create_default_context(cafile=str(self.tls[2]))
        self.blobs.mkdir(parents=True, exist_ok=True)
        self.log = self.blobs.parent / f"{self.blobs.name}-hq.log"
        with self.log.open("ab") as log:  # a file, not a pipe nobody reads
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.log.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"hq serve exited: {err}")
            try:
                answer = httpx.get(f"{self.url}/v1/health", timeout=1, verify=verify)
                if answer.status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("hq serve did not start")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def hq_server(hq_db: str, tmp_path: Path) -> Iterator[HQProcess]:
    """An HQ process of its own (tests that kill or restart it)."""
    server = HQProcess(hq_db, tmp_path / "hq-blobs").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def shared_hq(postgres_server: PostgresServer) -> Iterator[HQProcess]:
    """One HQ process for the tests that do not stop it; they keep apart by using
    distinct counters (see :func:`next_counter`)."""
    name = f"hq_shared_{os.getpid()}"
    with postgres_server.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    blobs = Path(tempfile.mkdtemp(prefix="guichet-hq-blobs-"))
    server = HQProcess(postgres_server.url(name), blobs).start()
    yield server
    server.stop()
    shutil.rmtree(blobs, ignore_errors=True)


_counter_numbers = iter(range(1, 100))


def next_counter() -> int:
    """A counter number of prefecture 075 no other test of the session uses."""
    return next(_counter_numbers)


def issue_token(db: str, prefecture: str, counter: int) -> str:
    from hq.auth import issue_token as issue
    from hq.db import make_engine, make_sessionmaker, upgrade

    engine = make_engine(db)
    try:
        upgrade(engine)
        return issue(make_sessionmaker(engine), prefecture, counter)
    finally:
        engine.dispose()


def issue_token_cli(db: str, prefecture: str, counter: int) -> str:
    out = subprocess.run(
        hq_command("counters", "add", "--db", db, "--prefecture", prefecture,
                   "--counter", str(counter)),
        cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.strip().splitlines()[-1]


def make_counter(home: Path, departement: str = "75", number: int = 3) -> Counter:
    cfg = CounterConfig(
        prefecture=departement, departement=departement, site="Site de test", counter=number
    )
    return open_counter(home, cfg)


def seed_small(counter: Counter, dossiers: int = 3, pages: int = 2, tag: str = "") -> list[str]:
    """A few applicants and dossiers with scanned pages (distinct small blobs)."""
    from desk.services import applicants
    from desk.services import dossiers as dossier_service
    from desk.services.applicants import ApplicantInput
    from desk.services.common import SYSTEM

    numbers = []
    for i in range(dossiers):
        a = applicants.create_applicant(
            counter,
            SYSTEM,
            ApplicantInput(
                surname=f"Nguyễn{tag}{i}",
                given_names="Thị Hồng",
                birth_date=date(1990, 1, 1 + i % 27),
                nationality="VNM",
                email=f"p{i}@example.org",
            ),
        )
        proc = sorted(counter.catalogue.procedures)[i % len(counter.catalogue.procedures)]
        d = dossier_service.open_dossier(counter, SYSTEM, a.id, proc)
        piece = counter.catalogue.procedure(proc).pieces[0].code
        stored = []
        for p in range(pages):
            blob = f"%PDF-1.4 page {tag} {i} {p} ".encode() + os.urandom(2048)
            sha = counter.blobs.put(blob)
            stored.append(dossier_service.StoredPage(sha, "application/pdf", len(blob)))
        dossier_service.attach_pages(counter, SYSTEM, d.number, piece, stored)
        numbers.append(d.number)
    return numbers


@pytest.fixture
def enrolled(tmp_path: Path, shared_hq: HQProcess) -> Iterator[Counter]:
    """A counter of prefecture 075 with a number of its own, enrolled at the shared HQ."""
    from desk.sync.enrol import enrol

    number = next_counter()
    c = make_counter(tmp_path / "counter", "75", number)
    enrol(c, shared_hq.url, issue_token(shared_hq.db, "75", number))
    yield c
    c.close()
