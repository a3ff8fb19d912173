"""Is this receipt genuine? Offline check of a receipt PDF or of a photo/scan of it.

1. The first page is rendered at 150 dpi (PDF, with pypdfium2) or read as an image.
2. Both codes are decoded with zxing-cpp: the QR code's payload must carry a valid
   Ed25519 signature from a key of the published key set, and the Code128 must hold
   the same receipt number.
3. For a PDF, the text printed on every page (pypdf) must hash to the digest signed in
   the payload: one changed character, added or removed line makes it not genuine.
   A photo or scan carries no text layer: its codes are checked, and with the
   applicant's name and birth date the signed person digest is checked too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desk.errors import UnsupportedDocument
from desk.messages import register
from desk.receipts.keys import VerificationKey
from desk.receipts.payload import (
    Payload,
    PayloadError,
    check_signature,
    person_digest,
    text_digest,
)

RENDER_DPI = 150

#: why a receipt is not genuine; the French words are registered as ``receipt.<reason>``
VERDICT_REASONS = {
    "qr_missing": "aucun code 2D lisible sur le document",
    "not_a_receipt_code": "le code 2D n'est pas celui d'un reçu Guichet",
    "malformed_code": "le code 2D est mal formé",
    "unknown_key": "la clé de signature est inconnue (guichet non publié ou faux)",
    "bad_signature": "la signature du code 2D est invalide : contenu modifié ou contrefait",
    "barcode_missing": "aucun code-barres lisible sur le document",
    "barcode_mismatch": "le code-barres ne correspond pas au numéro signé",
    "text_altered": "le texte imprimé a été modifié depuis la signature",
    "person_mismatch": "le nom ou la date de naissance ne correspondent pas au reçu",
}
register(reasons={f"receipt.{k}": v for k, v in VERDICT_REASONS.items()})


@dataclass(frozen=True)
class Verdict:
    genuine: bool
    reason: str | None = None  # stable code when not genuine (desk.messages)
    number: str | None = None
    dossier: str | None = None
    kind: str | None = None
    issued_at: datetime | None = None
    copy: int = 0
    source: str = "pdf"  # pdf | image
    text_checked: bool = False
    person_checked: bool = False
    issuer: str | None = None  # the signing counter's site (PPP-CC), from its key
    kid: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "genuine": self.genuine,
            "number": self.number,
            "dossier": self.dossier,
            "kind": self.kind,
            "issued_at": self.issued_at.isoformat() if self.issued_at else None,
            "copy": self.copy,
            "source": self.source,
            "text_checked": self.text_checked,
            "person_checked": self.person_checked,
            "issuer": self.issuer,
            "kid": self.kid,
        }
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class Person:
    surname: str
    given_names: str
    birth_date: date


def _image_of_pdf(data: bytes, dpi: int = RENDER_DPI) -> Any:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnsupportedDocument(f"unreadable PDF: {exc}", reason="damaged") from exc
    try:
        if len(pdf) == 0:
            raise UnsupportedDocument("PDF without pages", reason="damaged")
        page = pdf[0]
        # crisp edges (no anti-aliasing of paths): bars stay whole pixels
        image = page.render(scale=dpi / 72, grayscale=True, no_smoothpath=True).to_pil()
        page.close()
        return image
    finally:
        pdf.close()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError) as exc:
        raise UnsupportedDocument(f"unreadable PDF text: {exc}", reason="damaged") from exc


def _open_image(data: bytes) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise UnsupportedDocument(f"not a PDF or an image: {exc}", reason="not_a_document") from exc
    return image.convert("L")


def decode_codes(image: Any) -> tuple[list[str], list[str]]:
    """Texts of the QR codes and of the Code128 barcodes found on ``image``."""
    import zxingcpp

    formats = zxingcpp.barcode_formats_from_str("QRCode,Code128")
    results = zxingcpp.read_barcodes(image, formats=formats, try_rotate=True)
    qr = [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
    linear = [r.text for r in results if r.format == zxingcpp.BarcodeFormat.Code128]
    return qr, linear


def verify_receipt(
    data: bytes, keys: dict[str, VerificationKey], person: Person | None = None
) -> Verdict:
    """Verdict on a receipt given as PDF bytes or image bytes (PNG, JPEG...)."""
    is_pdf = data[:1024].lstrip().startswith(b"%PDF")
    source = "pdf" if is_pdf else "image"
    image = _image_of_pdf(data) if is_pdf else _open_image(data)
    qr, linear = decode_codes(image)
    if is_pdf and not (qr and linear):  # a second look, finer
        qr, linear = decode_codes(_image_of_pdf(data, 2 * RENDER_DPI))
    if not qr:
        return Verdict(False, "qr_missing", source=source)
    payload: Payload | None = None
    error = "not_a_receipt_code"
    for text in qr:
        try:
            payload = check_signature(text, keys)
            break
        except PayloadError as exc:
            error = exc.reason
    if payload is None:
        return Verdict(False, error, source=source)

    def verdict(genuine: bool, reason: str | None = None, **checked: bool) -> Verdict:
        assert payload is not None
        return Verdict(
            genuine,
            reason,
            payload.number,
            payload.dossier,
            payload.kind.value,
            payload.issued_at,
            payload.copy,
            source,
            issuer=keys[payload.kid].site,
            kid=payload.kid,
            **checked,
        )

    if not linear:
        return verdict(False, "barcode_missing")
    if payload.number not in linear:
        return verdict(False, "barcode_mismatch")
    text_checked = False
    if is_pdf:
        if text_digest(_pdf_text(data)) != payload.text:
            return verdict(False, "text_altered")
        text_checked = True
    person_checked = False
    if person is not None:
        if person_digest(person.surname, person.given_names, person.birth_date) != payload.person:
            return verdict(False, "person_mismatch", text_checked=text_checked)
        person_checked = True
    return verdict(True, None, text_checked=text_checked, person_checked=person_checked)
