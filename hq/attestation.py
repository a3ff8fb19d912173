"""The attestation de dépôt HQ hands back for an online filing: a one-page PDF
(reportlab) carrying the filing number, the dossier, the applicant's name, the date,
the pieces, and HQ's Ed25519 signature over those fields (verification key published
to counters with the reference data)."""

from __future__ import annotations

import functools
import io
import os
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

FONT = "HQSans"
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")


@functools.cache
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    dirs = [os.environ.get("GUICHET_FONTS_DIR", ""), *_FONT_DIRS]
    for d in dirs:
        path = Path(d) / "DejaVuSans.ttf"
        if d and path.is_file():
            pdfmetrics.registerFont(TTFont(FONT, str(path)))
            return FONT
    return "Helvetica"  # no accents beyond Latin-1, but still an attestation


def signed_fields(
    filing_number: str, dossier_number: str, registered_at: datetime, surname: str, pieces: int
) -> bytes:
    return "\n".join(
        ["guichet-attestation-v1", filing_number, dossier_number, registered_at.isoformat(),
         surname, str(pieces)]
    ).encode()  # fmt: skip


def render(
    key: Ed25519PrivateKey,
    key_id: str,
    filing_number: str,
    dossier_number: str,
    procedure: str,
    registered_at: datetime,
    surname: str,
    given_names: str,
    pieces: list[tuple[str, int]],
) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    signature = key.sign(
        signed_fields(filing_number, dossier_number, registered_at, surname, len(pieces))
    ).hex()
    font = _font()
    buf = io.BytesIO()
    # invariant=True: the same filing renders the same bytes (idempotent answers)
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    c.setTitle(f"Attestation de dépôt {filing_number}")
    _width, height = A4
    y = height - 25 * mm

    def line(text: str, size: float = 11, gap: float = 7) -> None:
        nonlocal y
        c.setFont(font, size)
        c.drawString(20 * mm, y, text)
        y -= gap * mm

    c.setFillColorRGB(0, 0, 0x91 / 255)
    line("Attestation de dépôt", 18, 12)
    c.setFillColorRGB(0.09, 0.09, 0.09)
    line(f"Numéro de dossier : {filing_number}", 13, 9)
    line(f"Dossier du guichet : {dossier_number}")
    line(f"Démarche : {procedure}")
    line(f"Demandeur : {surname.upper()} {given_names}")
    line(f"Déposé le : {registered_at.astimezone().strftime('%d/%m/%Y à %H:%M')}", gap=10)
    line("Pièces transmises :", 12)
    for code, pages in pieces[:30]:
        line(f"  – {code} ({pages} page{'s' if pages > 1 else ''})", 10, 5.5)
    y -= 5 * mm
    line("Enregistré par le serveur national Guichet pour le compte du demandeur.", 9, 5)
    line(f"Signature Ed25519 ({key_id}) :", 8, 4.5)
    for i in range(0, len(signature), 64):
        line(signature[i : i + 64], 8, 4.5)
    c.showPage()
    c.save()
    return buf.getvalue()
