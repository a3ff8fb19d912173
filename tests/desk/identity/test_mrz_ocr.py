"""Reading the MRZ of generated page images (OCR-B, rotation, blur, noise, JPEG,
150-600 dpi) with desk.capture.mrz_ocr."""

from __future__ import annotations

import io
import json
import random
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from desk.capture.mrz_ocr import read_mrz_bytes
from desk.capture.mrz_render import Degradation, random_mrz, render_page
from desk.cli import main
from desk.domain.mrz import MrzFormat, NotAnMrz, check_digit
from desk.domain.mrz_compose import MrzFields, compose
from desk.errors import UnsupportedDocument

TODAY = date(2026, 11, 27)

CASES = [
    (MrzFormat.TD3, Degradation(dpi=150, angle=-10, blur=0.8, noise=6, jpeg_quality=40)),
    (MrzFormat.TD1, Degradation(dpi=300, angle=10, blur=0.5, noise=10, photo=True)),
    (MrzFormat.TD2, Degradation(dpi=200, angle=3.5, noise=12, jpeg_quality=60)),
    (MrzFormat.MRVA, Degradation(dpi=240, angle=-6, blur=1.1, jpeg_quality=75, photo=True)),
    (MrzFormat.MRVB, Degradation(dpi=170, angle=0.0, noise=4)),
]


@pytest.mark.parametrize(("fmt", "deg"), CASES, ids=[c[0].value for c in CASES])
def test_degraded_pages_read_back_exactly(fmt: MrzFormat, deg: Degradation) -> None:
    rng = random.Random(f"{fmt}{deg.dpi}")
    _, fields, lines = random_mrz(rng, fmt)
    reading = read_mrz_bytes(render_page(lines, fmt, deg, rng), today=TODAY)
    assert reading.mrz.lines == lines
    assert reading.mrz.valid
    assert reading.mrz.format is fmt
    assert reading.mrz.surname == " ".join(fields.surname.split())
    assert 0.6 < reading.confidence <= 1.0
    assert abs(reading.angle - deg.angle) < 1.5


def test_600_dpi_scan() -> None:
    rng = random.Random(600)
    fmt, _, lines = random_mrz(rng, MrzFormat.TD1)
    data = render_page(lines, fmt, Degradation(dpi=600, angle=2, blur=1.5, jpeg_quality=85), rng)
    assert read_mrz_bytes(data, today=TODAY).mrz.lines == lines


def test_a_printed_mrz_with_a_wrong_check_digit_is_read_as_invalid() -> None:
    fields = MrzFields("P<", "FRA", "MARTIN", "LEA", "XY4HK7P3C", "MAR", date(1990, 1, 1), "F",
                       date(2030, 1, 1))  # fmt: skip
    lines = list(compose(MrzFormat.TD3, fields))
    wrong = str((int(check_digit("900101")) + 1) % 10)
    lines[1] = lines[1][:19] + wrong + lines[1][20:]
    data = render_page(tuple(lines), MrzFormat.TD3, Degradation(dpi=220, angle=4))
    reading = read_mrz_bytes(data, today=TODAY)
    assert not reading.mrz.valid
    assert "birth_date" in reading.mrz.errors
    assert reading.confidence < 0.5


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def test_blank_page_has_no_mrz() -> None:
    with pytest.raises(NotAnMrz) as info:
        read_mrz_bytes(_png(Image.new("L", (1200, 900), 245)))
    assert info.value.reason == "mrz_not_found"


def test_page_of_ordinary_text_has_no_mrz() -> None:
    from PIL import ImageDraw

    from desk.capture.mrz_render import _sans

    page = Image.new("L", (1240, 900), 250)
    d = ImageDraw.Draw(page)
    for i in range(12):
        d.text((40, 40 + 60 * i), "Préfecture de police - demande de titre de séjour " * 2,
               font=_sans(26), fill=20)  # fmt: skip
    with pytest.raises(NotAnMrz):
        read_mrz_bytes(_png(page))


def test_not_an_image() -> None:
    with pytest.raises(UnsupportedDocument):
        read_mrz_bytes(b"%PDF-1.4 not an image")


def test_cli_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(7)
    fmt, _, lines = random_mrz(rng, MrzFormat.TD1)
    page = tmp_path / "carte.jpg"
    page.write_bytes(render_page(lines, fmt, Degradation(dpi=200, angle=-7, jpeg_quality=70)))
    assert main(["mrz", "read", str(page), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["valid"] is True
    assert doc["format"] == "TD1"
    assert doc["lines"] == list(lines)
    assert 0 < doc["confidence"] <= 1
    blank = tmp_path / "blanc.png"
    blank.write_bytes(_png(Image.new("L", (800, 600), 255)))
    assert main(["mrz", "read", str(blank), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["reason"] == "mrz_not_found"
    assert main(["mrz", "read", str(tmp_path / "absent.png"), "--json"]) == 2
