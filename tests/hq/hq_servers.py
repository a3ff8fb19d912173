"""Real HQ processes on loopback and counters enrolled at them, for the HQ, sync and
window tests (the fixtures that start them are in tests/conftest.py, shared by
tests/hq and tests/ui; benchmarks import these helpers directly)."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
from pgserver import free_port

from desk.app import Counter, open_counter
from desk.config import CounterConfig

ROOT = Path(__file__).resolve().parents[2]


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


def add_foreign_dossier(counter: Counter) -> str:
    """A dossier numbered in another prefecture (093), queued for HQ, which must
    refuse it for good (``other_prefecture``); returns its uid."""
    from sqlalchemy import select

    from desk.services.common import enqueue, utcnow
    from desk.store.db import transaction
    from desk.store.models import ApplicantRow, DossierRow

    now = utcnow()
    with transaction(counter.sessions) as s:
        applicant = s.scalar(select(ApplicantRow))
        assert applicant is not None
        row = DossierRow(
            number="093-03-2026-000001-A",
            applicant_id=applicant.id,
            procedure="visiteur",
            status="draft",
            created_at=now,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        enqueue(s, "dossier", row.uid)
        return row.uid
