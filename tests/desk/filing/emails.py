"""Build .eml files with the standard library for the tests."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime


def eml(
    attachments: list[tuple[str, bytes, str]],
    sender: str = "Aminata Traoré <aminata.traore@example.org>",
    when: datetime | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "depot@example.gouv.fr"
    msg["Subject"] = "Demande de titre de séjour — solution de substitution"
    msg["Date"] = format_datetime(when or datetime.now().astimezone())
    msg.set_content("Bonjour, veuillez trouver ma demande en pièces jointes.")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()
