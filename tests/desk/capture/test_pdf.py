"""Piece PDFs: pages embedded as stored, turned by a matrix, under the size limit."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader

from desk.capture.pdf import PdfPage, build_pdf, plan_fit
from desk.capture.pipeline import (
    analysis_copy,
    encode_image,
    is_upside_down,
    measure_skew,
    process_page,
)
from desk.catalogue import default_catalogue
from desk.domain.catalogue import CaptureProfile, ColourMode
from tests.desk.capture.pages import on_dark_bed, text_page

PROFILES = default_catalogue().profiles


def marked_page(dpi: int = 100) -> bytes:
    """A portrait page, white, with a red square in its top-left corner."""
    img = Image.new("RGB", (int(2 * dpi), int(3 * dpi)), "white")
    img.paste((220, 0, 0), (0, 0, dpi // 2, dpi // 2))
    return encode_image(img, dpi, 90)[0]


def corner_of_red(pdf: bytes, index: int = 0) -> str:
    page = pdfium.PdfDocument(pdf)[index]
    arr = np.asarray(page.render(scale=0.5).to_pil().convert("RGB")).astype(int)
    h, w = arr.shape[:2]
    red = (arr[..., 0] > 150) & (arr[..., 1] < 90)
    ys, xs = np.nonzero(red)
    vertical = "top" if ys.mean() < h / 2 else "bottom"
    horizontal = "left" if xs.mean() < w / 2 else "right"
    return f"{vertical}-{horizontal}"


@pytest.mark.parametrize(
    ("rotation", "corner", "landscape"),
    [
        (0, "top-left", False),
        (90, "top-right", True),
        (180, "bottom-right", False),
        (270, "bottom-left", True),
    ],
)
def test_rotation_is_a_matrix_not_a_resampling(rotation: int, corner: str, landscape: bool) -> None:
    jpeg = marked_page()
    result = build_pdf([PdfPage(jpeg, "image/jpeg", rotation)], PROFILES["colour"], 2_000_000)
    assert jpeg in result.data  # the stored JPEG bytes, embedded as they are
    assert corner_of_red(result.data) == corner
    box = PdfReader(io.BytesIO(result.data)).pages[0].mediabox
    assert (float(box.width) > float(box.height)) is landscape
    assert float(max(box.width, box.height)) == pytest.approx(3 * 72)  # 3 in at 100 dpi


def test_pdf_opens_with_right_page_count_and_no_encryption() -> None:
    pages = [PdfPage(marked_page(), "image/jpeg") for _ in range(3)]
    bw = Image.new("1", (170, 220), 1)
    bw.paste(0, (10, 10, 60, 60))
    pages.append(PdfPage(encode_image(bw, 100, 75)[0], "image/png"))
    result = build_pdf(pages, PROFILES["colour"], 2_000_000)
    reader = PdfReader(io.BytesIO(result.data))
    assert len(reader.pages) == 4
    assert not reader.is_encrypted
    assert "/JavaScript" not in result.data.decode("latin-1")
    assert result.fits
    assert result.dpi is None


def noisy_page(dpi: int) -> bytes:
    rng = np.random.default_rng(3)
    arr = rng.integers(0, 255, (int(11.69 * dpi), int(8.27 * dpi), 3), dtype=np.uint8)
    return encode_image(Image.fromarray(arr, "RGB"), dpi, 75)[0]


SMALL = CaptureProfile("small", ColourMode.COLOUR, 100, 100, 72, 75)


def test_shrinks_to_fit_the_limit_without_going_under_min_dpi() -> None:
    profile = SMALL
    pages = [PdfPage(noisy_page(100), "image/jpeg") for _ in range(2)]
    as_stored = build_pdf(pages, profile, 100_000_000)
    limit = int(as_stored.size * 0.6)
    fitted = build_pdf(pages, profile, limit)
    assert fitted.fits
    assert fitted.size <= limit
    assert fitted.dpi is not None
    assert fitted.dpi >= profile.min_dpi
    assert len(PdfReader(io.BytesIO(fitted.data)).pages) == 2


def test_reports_when_even_the_floor_does_not_fit() -> None:
    profile = SMALL
    result = build_pdf([PdfPage(noisy_page(100), "image/jpeg")], profile, 50_000)
    assert not result.fits
    assert result.dpi == profile.min_dpi
    assert result.quality == 40


def test_fit_plan_starts_as_stored_and_never_goes_under_the_floor() -> None:
    steps = plan_fit(PROFILES["identity"])
    assert steps[0].dpi is None
    assert steps[0].quality is None
    assert min(s.dpi for s in steps[1:] if s.dpi) == PROFILES["identity"].min_dpi
    assert all((s.quality or 40) >= 40 for s in steps)


@pytest.mark.parametrize(
    ("degrees", "rotation", "profile_name"),
    [(6.0, 0, "grey"), (-4.0, 90, "grey"), (183.0, 0, "grey"), (-9.0, 0, "text")],
)
def test_askew_scan_comes_out_upright_in_the_pdf(
    degrees: float, rotation: int, profile_name: str
) -> None:
    """Deskew and half turn by the PDF's matrix: the page pdfium draws is straight,
    upright and the size of the paper, not of the scanner bed (JPEG and 1-bit PNG)."""
    profile = PROFILES[profile_name]
    done = process_page(on_dark_bed(text_page(150), degrees), 150, profile)
    assert done is not None
    pdf = build_pdf([PdfPage(done.data, done.media_type, rotation)], profile, 2_000_000).data
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    size = sorted((float(box.width), float(box.height)))
    assert size == [pytest.approx(8.27 * 72, rel=0.03), pytest.approx(11.69 * 72, rel=0.03)]
    page = pdfium.PdfDocument(pdf)[0]
    drawn = np.asarray(page.render(scale=150 / 72).to_pil().convert("L"))
    if rotation:
        drawn = np.ascontiguousarray(np.rot90(drawn, k=rotation // 90))  # back to portrait
    small = analysis_copy(drawn)[0]
    assert abs(measure_skew(small)) <= 0.5
    assert is_upside_down(small) is False
    assert drawn[:6].mean() > 200 and drawn[-6:].mean() > 200  # no dark bed inside the page
