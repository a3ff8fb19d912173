"""Shared set-up of the filing room's tests: a counter, an applicant, a dossier, real
small documents (PNG by Pillow, PDF by reportlab)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from desk.app import Counter, open_counter
from desk.config import CounterConfig
from desk.domain.entities import Role
from desk.services.applicants import ApplicantInput, create_applicant
from desk.services.common import Actor
from desk.services.dossiers import get_dossier, open_dossier

AGENT = Actor("agent1", Role.AGENT, None, "Agent Un")
SUPERVISOR = Actor("chef", Role.SUPERVISOR, None, "Cheffe")


def make_counter(home: Path, **cfg: object) -> Counter:
    config = CounterConfig(
        prefecture="75", departement="75", site="Préfecture de test", counter=1, **cfg
    )  # type: ignore[arg-type]
    return open_counter(home, config)


def png_bytes(colour: str = "white", size: tuple[int, int] = (60, 80)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


def pdf_bytes(*lines: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 800
    for line in lines:
        c.drawString(60, y, line)
        y -= 20
    c.showPage()
    c.save()
    return buf.getvalue()


def attestation_pdf(anef_number: str, surname: str, given: str) -> bytes:
    return pdf_bytes(
        "ATTESTATION DE DEPOT",
        "Administration numerique des etrangers en France",
        f"Numero de dossier : {anef_number}",
        f"Demandeur : {surname.upper()} {given}",
        "Date du depot : 27/11/2026 a 10:42",
        "Cette attestation ne prouve pas la regularite du sejour.",
    )


def new_dossier(
    counter: Counter,
    procedure: str = "etudiant-premier",
    postal_code: str | None = "75011",
    surname: str = "Traoré",
    given: str = "Aminata",
) -> str:
    a = create_applicant(
        counter,
        AGENT,
        ApplicantInput(
            surname=surname,
            given_names=given,
            birth_date=date(1999, 4, 2),
            nationality="MLI",
            postal_code=postal_code,
        ),
    )
    return open_dossier(counter, AGENT, a.id, procedure).number


def capture(counter: Counter, number: str, tmp: Path, skip: tuple[str, ...] = ()) -> None:
    """Attach a small real page to every mandatory piece but ``skip`` (through the
    dossier service, the way a scan does)."""
    from desk.services.dossiers import StoredPage, attach_pages

    procedure = counter.catalogue.procedure(get_dossier(counter, number).procedure)
    data = png_bytes("grey")
    page = StoredPage(counter.blobs.put(data), "image/png", len(data), 60, 80)
    for piece in procedure.pieces:
        if piece.mandatory and piece.code not in skip:
            attach_pages(counter, AGENT, number, piece.code, [page])
