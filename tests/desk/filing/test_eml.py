"""desk.filing.eml: .eml files built with the standard library, every accepted and
refused attachment type."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from desk.errors import UnsupportedDocument
from desk.filing import eml as emlmod
from desk.filing.eml import parse_eml, safe_name, save_attachments
from tests.desk.filing.emails import eml
from tests.desk.filing.helpers import pdf_bytes, png_bytes


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 40), "grey").save(buf, "JPEG")
    return buf.getvalue()


def _tiff() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (40, 40), 200).save(buf, "TIFF")
    return buf.getvalue()


def test_sender_date_and_accepted_attachments() -> None:
    when = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    raw = eml(
        [
            ("passeport.pdf", pdf_bytes("Passeport"), "application/pdf"),
            ("photo.jpg", _jpeg(), "image/jpeg"),
            ("domicile.png", png_bytes(), "image/png"),
            ("scan.tiff", _tiff(), "image/tiff"),
        ],
        when=when,
    )
    m = parse_eml(raw)
    assert m.sender == "aminata.traore@example.org"
    assert m.sender_name == "Aminata Traoré"
    assert m.date == when
    assert [a.name for a in m.attachments] == [
        "passeport.pdf",
        "photo.jpg",
        "domicile.png",
        "scan.tiff",
    ]
    assert [a.media_type for a in m.attachments] == [
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/tiff",
    ]


@pytest.mark.parametrize(
    ("name", "data", "mime", "reason"),
    [
        ("../../etc/passwd.pdf", pdf_bytes("x"), "application/pdf", "unsafe_name"),
        ("..\\..\\boot.ini.pdf", pdf_bytes("x"), "application/pdf", "unsafe_name"),
        ("/etc/cron.d/x.pdf", pdf_bytes("x"), "application/pdf", "unsafe_name"),
        ("lettre.docx", b"PK\x03\x04 not a document", "application/octet-stream", "not_a_document"),
        ("virus.exe", b"MZ\x90\x00", "application/octet-stream", "not_a_document"),
        ("fake.pdf", b"just text pretending", "application/pdf", "not_a_document"),
        ("broken.png", png_bytes()[:40], "image/png", "damaged"),
    ],
)
def test_refused_attachments(name: str, data: bytes, mime: str, reason: str) -> None:
    raw = eml([("passeport.pdf", pdf_bytes("ok"), "application/pdf"), (name, data, mime)])
    with pytest.raises(UnsupportedDocument) as err:
        parse_eml(raw)
    assert err.value.params["reason"] == reason


def test_huge_attachment_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emlmod, "MAX_ATTACHMENT_BYTES", 10_000)
    raw = eml([("gros.png", png_bytes(size=(2000, 2000)) + b"\0" * 20_000, "image/png")])
    with pytest.raises(UnsupportedDocument) as err:
        parse_eml(raw)
    assert err.value.params["reason"] == "attachment_too_large"


def test_not_an_email_and_no_attachment() -> None:
    with pytest.raises(UnsupportedDocument) as err:
        parse_eml(png_bytes())
    assert err.value.params["reason"] == "not_an_email"
    with pytest.raises(UnsupportedDocument) as err:
        parse_eml(eml([]))
    assert err.value.params["reason"] == "no_attachment"


def test_names_sanitised_and_deduplicated(tmp_path: Path) -> None:
    raw = eml(
        [
            ("pièce\x07 1:.pdf", pdf_bytes("a"), "application/pdf"),
            ("pièce\x07 1:.pdf", pdf_bytes("b"), "application/pdf"),
            (".cache.png", png_bytes(), "image/png"),
        ]
    )
    m = parse_eml(raw)
    assert [a.name for a in m.attachments] == ["pièce 1_.pdf", "pièce 1_-2.pdf", "cache.png"]
    paths = save_attachments(m, tmp_path / "tmp" / "eml")
    assert all(p.parent == (tmp_path / "tmp" / "eml").resolve() for p in paths)
    assert paths[0].read_bytes() == m.attachments[0].data
    assert (paths[0].stat().st_mode & 0o777) == 0o600


def test_safe_name_limits() -> None:
    assert safe_name("") == "piece-jointe"
    assert safe_name("...") == "piece-jointe"
    long = safe_name("a" * 300 + ".pdf")
    assert len(long) == 120
    assert long.endswith(".pdf")
