"""Render a receipt (desk.receipts.data.ReceiptData) as an A4 PDF with its two codes.

Every mandatory mention is printed in French; with ``lang`` other than ``fr`` the
explanatory text is repeated in that language (texts in resources/receipts/).
"""

from __future__ import annotations

import functools
import io
import tomllib
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk.receipts import codes
from desk.receipts.data import ReceiptData, ReceiptKind
from desk.receipts.fonts import REGULAR, register_fonts
from desk.receipts.keys import SigningKey
from desk.receipts.layout import BOLD, PAGE_H, PAGE_W, Layout, wrap
from desk.receipts.payload import Payload, person_digest, text_digest

K = ReceiptKind
QR_SPACE = 40 * mm  # width kept free for the QR code at the top right


@functools.cache
def all_texts() -> dict[str, Any]:
    from desk.paths import resource_path

    with open(resource_path("receipts", "texts.toml"), "rb") as fh:
        return tomllib.load(fh)


def languages() -> list[str]:
    return list(all_texts())


class Texts:
    """French texts, and the other language's for the explanations."""

    def __init__(self, kind: ReceiptKind, lang: str) -> None:
        data = all_texts()
        self.kind = kind
        self.fr: dict[str, Any] = data["fr"]
        self.other: dict[str, Any] = data.get(lang, {}) if lang != "fr" else {}

    def get(self, key: str, section: str | None = None, **values: str) -> str:
        table = self.fr.get(section, {}) if section else self.fr
        return str(table.get(key, "")).format(**values)

    def tr(self, key: str, section: str | None = None, **values: str) -> str | None:
        table = self.other.get(section, {}) if section else self.other
        text = table.get(key)
        return str(text).format(**values) if text else None

    def lists(self, key: str, section: str) -> list[tuple[str, str | None]]:
        fr = list(self.fr.get(section, {}).get(key, []))
        other = list(self.other.get(section, {}).get(key, []))
        return [(f, other[i] if i < len(other) else None) for i, f in enumerate(fr)]


def fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def render_receipt(data: ReceiptData, key: SigningKey) -> tuple[bytes, str]:
    """The PDF of ``data`` and the signed payload its QR code carries."""
    register_fonts()
    t = Texts(data.kind, data.lang)
    lay = Layout()
    qr_top = PAGE_H - 11 * mm
    _header(lay, t, data)
    _identity(lay, t, data)
    body = {
        K.ACCOMPAGNEMENT: _accompagnement,
        K.ACCUSE_RECEPTION: _accuse_reception,
        K.RECEPISSE: _recepisse,
        K.PIECES_COMPLEMENTAIRES: _pieces_complementaires,
    }[data.kind]
    body(lay, t, data)
    if data.kind != K.RECEPISSE:
        lay.heading(t.get("not_regular_stay"), size=10.5, space_before=6)
        if t.tr("not_regular_stay"):
            lay.paragraph(str(t.tr("not_regular_stay")), size=8, grey=0.35)
    _footers(lay, t, data)
    payload = Payload(
        kid=key.kid,
        number=data.number,
        dossier=data.dossier,
        kind=data.kind,
        issued_at=data.issued_at,
        copy=data.copy,
        person=person_digest(data.surname, data.given_names, data.birth_date),
        text=text_digest(lay.texts()),
    ).sign(key)
    qr_x = PAGE_W - 14 * mm - codes.qr_side(payload)
    lay.add(lambda c: codes.draw_qr(c, payload, qr_x, qr_top), page=0)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=REGULAR)
    canvas.setTitle(f"{t.get('title', str(data.kind))} {data.number}")
    canvas.setAuthor(data.site.name)
    canvas.setCreator("Guichet")
    lay.render(canvas)
    canvas.save()
    return out.getvalue(), payload


def _header(lay: Layout, t: Texts, data: ReceiptData) -> None:
    site = data.site
    lay.right -= QR_SPACE
    lay.paragraph(t.get("republic"), BOLD, 11, space_after=3)
    lay.paragraph(site.name, BOLD, 10, space_after=1)
    if site.address:
        lay.paragraph(site.address, size=9, space_after=1)
    contact = f"{t.get('email')} : {site.email or '—'} — {t.get('phone')} : {site.phone or '—'}"
    lay.paragraph(contact, size=9, space_after=1)
    lay.right += QR_SPACE
    lay.y = min(lay.y, PAGE_H - 11 * mm - 37 * mm) - 4 * mm
    lay.paragraph(t.get("title", str(data.kind)), BOLD, 15, space_after=1)
    other_title = t.tr("title", str(data.kind))
    if other_title:
        lay.paragraph(other_title, size=10, grey=0.35, space_after=1)
    if data.copy:
        lay.paragraph(t.get("duplicata", copy=str(data.copy)), BOLD, 13, space_after=1)
    if t.tr("language_note"):
        lay.paragraph(str(t.tr("language_note")), size=7.5, grey=0.35, space_after=1)
    # the receipt number: Code128 and its human-readable form
    top = lay.y - 4 * mm
    left = lay.left - codes.QUIET_MODULES_1D * codes.CODE128_MODULE_MM * mm
    lay.add(lambda c: codes.draw_code128(c, data.number, left, top))
    lay.y = top - codes.CODE128_HEIGHT_MM * mm - 1 * mm
    lay.paragraph(f"{t.get('receipt_number')} {data.number}", BOLD, 10.5, space_after=3)


def _identity(lay: Layout, t: Texts, data: ReceiptData) -> None:
    issued = data.issued_at.astimezone()
    lay.field(t.get("dossier"), data.dossier)
    lay.field(t.get("applicant"), data.full_name)
    lay.field(t.get("born"), fmt(data.birth_date))
    lay.field(t.get("procedure"), data.procedure)
    lay.field(t.get("issued"), f"{fmt(issued.date())} {t.get('at')} {issued:%H:%M}")
    lay.y -= 4


def _piece_list(lay: Layout, t: Texts, items: tuple[str, ...], key: str, section: str) -> None:
    lay.heading(t.get(key, section), size=10, space_before=3)
    if t.tr(key, section):
        lay.paragraph(str(t.tr(key, section)), size=8, grey=0.35, space_after=1)
    for item in items:
        lay.paragraph(item, indent=5 * mm, bullet="•", space_after=1)
    lay.y -= 3


def _accompagnement(lay: Layout, t: Texts, data: ReceiptData) -> None:
    s = "accompagnement"
    filed = fmt(data.filed_on or data.issued_at.date())
    lay.translated(t.get("intro", s, filed=filed), t.tr("intro", s, filed=filed))
    lay.field(t.get("anef_number", s), data.anef_number or "—")
    lay.y -= 4
    if data.pieces:
        _piece_list(lay, t, data.pieces, "pieces", s)
    else:
        lay.paragraph(t.get("no_pieces", s))
    lay.heading(t.get("next_title", s))
    for fr, other in t.lists("next", s):
        lay.translated(fr, other, indent=5 * mm, bullet="•")


def _crpa(lay: Layout, t: Texts, data: ReceiptData) -> None:
    """The mentions of CRPA art. L.112-3 / R.112-5."""
    s = "crpa"
    site = data.site
    received = fmt(data.received_on)
    lay.heading(t.get("title", s), size=10)
    lay.translated(t.get("received", s, received=received), t.tr("received", s, received=received))
    service = t.get(
        "service",
        s,
        service=site.name,
        address=site.address or "—",
        email=site.email or "—",
        phone=site.phone or "—",
    )
    lay.paragraph(service)
    if data.implicit_decision_on:
        implicit = fmt(data.implicit_decision_on)
        lay.translated(
            t.get("implicit", s, implicit=implicit), t.tr("implicit", s, implicit=implicit)
        )
    else:
        lay.translated(t.get("implicit_pending", s), t.tr("implicit_pending", s))
    lay.heading(t.get("appeal_title", s), size=10, space_before=2)
    for fr, other in t.lists("appeal", s):
        lay.translated(fr, other, indent=5 * mm, bullet="•")


def _accuse_reception(lay: Layout, t: Texts, data: ReceiptData) -> None:
    s = "accuse-reception"
    received = fmt(data.received_on)
    lay.translated(t.get("intro", s, received=received), t.tr("intro", s, received=received))
    if data.pieces:
        _piece_list(lay, t, data.pieces, "pieces", s)
    if data.missing:
        _piece_list(lay, t, data.missing, "missing_title", "pieces-complementaires")
    _crpa(lay, t, data)


def _recepisse(lay: Layout, t: Texts, data: ReceiptData) -> None:
    s = "recepisse"
    received = fmt(data.received_on)
    lay.translated(t.get("intro", s, received=received), t.tr("intro", s, received=received))
    months = str(_months_between(data.received_on or data.issued_at.date(), data.valid_until))
    until = fmt(data.valid_until)
    lay.translated(
        t.get("validity", s, valid_until=until, months=months),
        t.tr("validity", s, valid_until=until, months=months),
    )
    work = "work_yes" if data.work_allowed else "work_no"
    lay.heading(t.get(work, s), size=10.5, space_before=0)
    if t.tr(work, s):
        lay.paragraph(str(t.tr(work, s)), size=8, grey=0.35)
    if data.pieces:
        _piece_list(lay, t, data.pieces, "pieces", s)
    _crpa(lay, t, data)
    # signature block and stamp area
    lay.ensure(48 * mm)
    top = lay.y - 4 * mm
    half = (lay.right - lay.left - 6 * mm) / 2
    lay.string(lay.left, top - 10, t.get("signature", s), BOLD, 9.5)
    agent = f"{t.get('agent', s)} : {data.agent_name}" if data.agent_name else t.get("agent", s)
    lay.string(lay.left, top - 22, agent, REGULAR, 9)
    lay.box(lay.left, top - 40 * mm, half, 40 * mm)
    x2 = lay.left + half + 6 * mm
    lay.string(x2 + 3, top - 10, t.get("stamp", s), BOLD, 9.5)
    lay.box(x2, top - 40 * mm, half, 40 * mm, dash=True)
    lay.y = top - 42 * mm


def _pieces_complementaires(lay: Layout, t: Texts, data: ReceiptData) -> None:
    s = "pieces-complementaires"
    values = {"received": fmt(data.received_on), "deadline": fmt(data.pieces_deadline)}
    lay.translated(t.get("intro", s, **values), t.tr("intro", s, **values))
    _piece_list(lay, t, data.missing, "missing_title", s)
    lay.translated(t.get("silence", s), t.tr("silence", s))
    lay.translated(t.get("after", s), t.tr("after", s))


def _footers(lay: Layout, t: Texts, data: ReceiptData) -> None:
    for page in range(lay.pages):
        y = 16 * mm
        for line in (t.get("footer"), t.tr("footer")):
            if not line:
                continue
            for part in wrap(line, REGULAR, 7.5, lay.right - lay.left):
                lay.string(lay.left, y, part, REGULAR, 7.5, 0.3, page=page)
                y -= 9
        mark = t.get("page", page=str(page + 1), pages=str(lay.pages))
        lay.string(lay.left, y, f"{mark} — {data.number}", REGULAR, 7.5, 0.3, page=page)


def _months_between(start: date, end: date | None) -> int:
    if end is None:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if end.day >= start.day - 1 else months - 1
