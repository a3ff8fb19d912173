"""Online filing through HQ: ``desk file online --gateway http``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from hq_servers import ROOT, HQProcess
from sqlalchemy import create_engine, select

from desk.app import Counter
from desk.domain.dossier import DossierStatus
from desk.filing.http_gateway import file_online_http
from desk.services import applicants, dossiers
from desk.services.applicants import ApplicantInput
from desk.services.common import SYSTEM
from desk.store.models import FilingRow
from desk.sync import reference
from desk.sync.client import client_for
from hq import attestation
from hq.db import database_url
from hq.models import FilingRow as HQFiling

pytestmark = pytest.mark.postgres


def _ready_dossier(counter: Counter) -> str:
    proc = next(p for p in counter.catalogue.procedures.values() if p.anef)
    a = applicants.create_applicant(
        counter,
        SYSTEM,
        ApplicantInput(
            surname="Traoré", given_names="Aminata", birth_date=date(1991, 3, 4), nationality="MLI"
        ),
    )
    d = dossiers.open_dossier(counter, SYSTEM, a.id, proc.code)
    for i, piece in enumerate(p for p in proc.pieces if p.mandatory):
        blob = f"%PDF-1.4 {piece.code} ".encode() + os.urandom(1500 + i)
        sha = counter.blobs.put(blob)
        dossiers.attach_pages(
            counter, SYSTEM, d.number, piece.code,
            [dossiers.StoredPage(sha, "application/pdf", len(blob))],
        )  # fmt: skip
    assert dossiers.get_dossier(counter, d.number).status == DossierStatus.READY
    return d.number


def test_file_online_through_hq(enrolled: Counter, shared_hq: HQProcess) -> None:
    number = _ready_dossier(enrolled)
    result = subprocess.run(
        [sys.executable, "-m", "ui.entry", "--home", str(enrolled.home.root),
         "file", "online", "--dossier", number, "--gateway", "http", "--json"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    answer = json.loads(result.stdout)
    filing_number = answer["anef_number"]
    assert answer["status"] == "filed_online" and filing_number.startswith("HQ-075-")
    # filed again (an answer lost, a double click): same number, nothing new
    again = file_online_http(enrolled, SYSTEM, number)
    assert again.anef_number == filing_number
    with enrolled.sessions() as s:
        rows = s.scalars(select(FilingRow).where(FilingRow.reference == filing_number)).all()
        assert len(rows) == 1
        attestation_sha = rows[0].detail["attestation_sha256"]
    pdf = enrolled.blobs.get(attestation_sha)
    engine = create_engine(database_url(shared_hq.db))
    try:
        with engine.connect() as conn:
            held = conn.execute(select(HQFiling).where(HQFiling.dossier_number == number)).all()
    finally:
        engine.dispose()
    assert len(held) == 1 and held[0].number == filing_number
    # the attestation is signed by HQ, whose key the counter pulls with reference data
    with client_for(enrolled) as hq:
        pulled = reference.pull(enrolled, hq)
    assert pulled["receipt_keys"] >= 1
    keys = json.loads((reference.reference_dir(enrolled) / "receipt_keys.json").read_text())
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(keys[0]["public_key"]))
    from desk.services.filing import pdf_text

    text = " ".join(pdf_text(pdf).split())
    signature = text.split(":")[-1].replace(" ", "")
    key.verify(
        bytes.fromhex(signature),
        attestation.signed_fields(
            filing_number,
            number,
            held[0].registered_at,
            "Traoré",
            len([p for p in dossiers.get_dossier(enrolled, number).pieces if p.pages]),
        ),
    )
