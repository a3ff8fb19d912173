"""Both codes decode from a page rendered at 150 dpi; a genuine receipt verifies, a
tampered one (text, code, key) never does."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from barcode.codex import Code128
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk.receipts import codes
from desk.receipts.data import ReceiptData, ReceiptKind
from desk.receipts.keys import SigningKey, load_or_create_signing_key
from desk.receipts.layout import REGULAR
from desk.receipts.render import render_receipt
from desk.receipts.verify import Person, decode_codes, verify_receipt

BASE_BIRTH = date(1990, 3, 4)


def pdftoppm(pdf: bytes, tmp_path: Path, dpi: int = 150) -> bytes:
    src = tmp_path / "receipt.pdf"
    src.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(src), str(tmp_path / "p")],
        check=True,
    )
    return next(tmp_path.glob("p*.png")).read_bytes()


def overlay(pdf: bytes, draw: Callable[[Canvas], None]) -> bytes:
    """``pdf`` with something drawn over its first page (a forger's edit)."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    draw(c)
    c.showPage()
    c.save()
    over = PdfReader(buf).pages[0]
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.pages[0].merge_page(over)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def receipt(make_data: Callable[..., ReceiptData], signing_key: SigningKey) -> tuple[bytes, str]:
    return render_receipt(make_data(ReceiptKind.ACCUSE_RECEPTION), signing_key)


def test_codes_decode_at_150_dpi(receipt: tuple[bytes, str], tmp_path: Path) -> None:
    pdf, payload = receipt
    qr, linear = decode_codes(Image.open(io.BytesIO(pdftoppm(pdf, tmp_path))))
    assert qr == [payload]
    assert linear == ["R-075-01-2026-000042-K"]
    assert codes.CODE128_MODULE_MM >= 0.33


def test_code128_is_vector_not_bitmap(receipt: tuple[bytes, str]) -> None:
    pdf, payload = receipt
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    data = page.get_contents().get_data()  # type: ignore[union-attr]
    bars = len(re.findall("1+", Code128("R-075-01-2026-000042-K").build()[0]))
    assert data.count(b" re\n") == bars  # every bar of the Code128 is a rectangle
    # the only image is the QR code's: a 1-bit mask, one sample per module, painted
    # black without interpolation (sharp at any resolution), which decodes as it is
    (image,) = page.images
    size = codes.qr_symbol(payload)[0]
    assert (image.image.mode, image.image.size) == ("1", (size, size))
    assert b"/IM true /BPC 1 /F /AHx /I false ID" in data
    qr = image.image.convert("L").resize((size * 4, size * 4), Image.Resampling.NEAREST)
    framed = Image.new("L", (qr.width + 64, qr.height + 64), 255)
    framed.paste(qr, (32, 32))
    assert decode_codes(framed)[0] == [payload]


def test_genuine_pdf(receipt: tuple[bytes, str], key_set: dict[str, Any]) -> None:
    verdict = verify_receipt(receipt[0], key_set)
    assert verdict.genuine, verdict.reason
    assert verdict.text_checked
    assert (verdict.number, verdict.dossier, verdict.kind) == (
        "R-075-01-2026-000042-K",
        "075-01-2026-000042-K",
        "accuse-reception",
    )
    assert verdict.issued_at is not None
    assert verdict.issued_at.isoformat().startswith("2026-11-27")


@pytest.mark.parametrize("kind", list(ReceiptKind))
def test_every_kind_verifies_in_both_languages(
    kind: ReceiptKind,
    make_data: Callable[..., ReceiptData],
    signing_key: SigningKey,
    key_set: dict[str, Any],
) -> None:
    for lang in ("fr", "en"):
        pdf, _ = render_receipt(make_data(kind, lang=lang), signing_key)
        verdict = verify_receipt(pdf, key_set)
        assert verdict.genuine, (lang, verdict.reason)


def test_scan_as_png_and_jpeg(
    receipt: tuple[bytes, str], key_set: dict[str, Any], tmp_path: Path
) -> None:
    png = pdftoppm(receipt[0], tmp_path)
    verdict = verify_receipt(png, key_set)
    assert verdict.genuine
    assert verdict.source == "image"
    assert not verdict.text_checked
    # a slightly skewed, lossy photo-like copy
    image = Image.open(io.BytesIO(png)).convert("L").rotate(1.5, expand=True, fillcolor=255)
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=70)
    assert verify_receipt(jpeg.getvalue(), key_set).genuine
    right = Person("IVANOVA", "Екатерина Sergeyevna", BASE_BIRTH)
    checked = verify_receipt(png, key_set, right)
    assert checked.genuine
    assert checked.person_checked
    wrong = Person("IVANOVA", "Ekaterina", BASE_BIRTH)
    assert verify_receipt(png, key_set, wrong).reason == "person_mismatch"


def test_added_text_is_detected(receipt: tuple[bytes, str], key_set: dict[str, Any]) -> None:
    def forge(c: Canvas) -> None:
        c.setFillGray(1)
        c.rect(60 * mm, 150 * mm, 80 * mm, 6 * mm, stroke=0, fill=1)
        c.setFillGray(0)
        c.setFont(REGULAR, 9.5)
        c.drawString(60 * mm, 151 * mm, "Il autorise son titulaire à travailler.")

    verdict = verify_receipt(overlay(receipt[0], forge), key_set)
    assert not verdict.genuine
    assert verdict.reason == "text_altered"


def test_removed_or_changed_text_is_detected(
    receipt: tuple[bytes, str], key_set: dict[str, Any]
) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(receipt[0]))
    page = writer.pages[0]
    contents = page.get_contents()
    assert contents is not None
    data = contents.get_data()
    shows = [m.start() for m in re.finditer(rb"\) Tj", data)]
    cut = shows[12]  # drop one character of a line of text
    data = data[: cut - 1] + data[cut:]
    contents.set_data(data)
    page.replace_contents(contents)
    out = io.BytesIO()
    writer.write(out)
    verdict = verify_receipt(out.getvalue(), key_set)
    assert not verdict.genuine
    assert verdict.reason == "text_altered"


def _forged(
    monkeypatch: pytest.MonkeyPatch,
    data: ReceiptData,
    key: SigningKey,
    qr: Callable[[str], str] | None = None,
    barcode: str | None = None,
) -> bytes:
    draw_qr, draw_code128 = codes.draw_qr, codes.draw_code128
    if qr is not None:
        monkeypatch.setattr(codes, "draw_qr", lambda c, p, *a, **k: draw_qr(c, qr(p), *a, **k))
    if barcode is not None:
        monkeypatch.setattr(
            codes, "draw_code128", lambda c, t, *a, **k: draw_code128(c, barcode, *a, **k)
        )
    pdf, _ = render_receipt(data, key)
    monkeypatch.undo()
    return pdf


def test_changed_code_content_is_detected(
    monkeypatch: pytest.MonkeyPatch,
    make_data: Callable[..., ReceiptData],
    signing_key: SigningKey,
    key_set: dict[str, Any],
) -> None:
    def other_dossier(payload: str) -> str:
        return payload.replace("|075-01-2026-000042-K|", "|075-01-2026-000043-T|")

    pdf = _forged(monkeypatch, make_data(), signing_key, qr=other_dossier)
    assert verify_receipt(pdf, key_set).reason == "bad_signature"


def test_changed_barcode_is_detected(
    monkeypatch: pytest.MonkeyPatch,
    make_data: Callable[..., ReceiptData],
    signing_key: SigningKey,
    key_set: dict[str, Any],
) -> None:
    pdf = _forged(monkeypatch, make_data(), signing_key, barcode="R-075-01-2026-000099-Z")
    assert verify_receipt(pdf, key_set).reason == "barcode_mismatch"


def test_wrong_key_is_detected(
    make_data: Callable[..., ReceiptData],
    signing_key: SigningKey,
    key_set: dict[str, Any],
    tmp_path: Path,
) -> None:
    stranger = load_or_create_signing_key(tmp_path / "stranger", "999-99")
    pdf, _ = render_receipt(make_data(), stranger)
    assert verify_receipt(pdf, key_set).reason == "unknown_key"
    # a forger claiming the genuine counter's key id
    impostor = SigningKey(signing_key.kid, stranger.private)
    pdf, _ = render_receipt(make_data(), impostor)
    assert verify_receipt(pdf, key_set).reason == "bad_signature"


def test_not_a_receipt(key_set: dict[str, Any]) -> None:
    buf = io.BytesIO()
    Image.new("L", (400, 400), 255).save(buf, "PNG")
    verdict = verify_receipt(buf.getvalue(), key_set)
    assert not verdict.genuine
    assert verdict.reason == "qr_missing"
