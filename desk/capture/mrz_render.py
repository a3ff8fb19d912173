"""Draw identity pages carrying an MRZ in OCR-B (Debian fonts-ocr-b), as a scanner or
a camera would give them: rotation, blur, noise, uneven light, JPEG artefacts.

Used to calibrate and test the MRZ reader (desk.capture.mrz_ocr) and by
bench/bench_mrz.py; the page layout follows ICAO 9303 (character pitch 2.54 mm,
line pitch about 4.2 mm, the MRZ at the bottom of the data page).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from desk.domain.mrz import MrzFormat
from desk.domain.mrz_codes import ICAO_SPECIAL, ISO3166_ALPHA3
from desk.domain.mrz_compose import MrzFields, compose

OCRB_PATHS = (
    Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf"),
    Path("/usr/share/fonts/truetype/ocr-b/OCRB.ttf"),
)
SANS_PATHS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)
#: document sizes in mm (ICAO 9303 part 3: ID-1 cards, ID-2, ID-3 passport pages)
DOC_MM = {
    MrzFormat.TD1: (85.6, 54.0),
    MrzFormat.TD2: (105.0, 74.0),
    MrzFormat.TD3: (125.0, 88.0),
    MrzFormat.MRVA: (120.0, 80.0),
    MrzFormat.MRVB: (105.0, 74.0),
}
PITCH_MM = 2.54
LINE_MM = 4.23


def ocrb_path() -> Path:
    for p in OCRB_PATHS:
        if p.exists():
            return p
    raise FileNotFoundError("OCR-B font missing: install the Debian package fonts-ocr-b")


@cache
def ocrb(size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(ocrb_path()), size_px)


@cache
def _sans(size_px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for p in SANS_PATHS:
        if p.exists():
            return ImageFont.truetype(str(p), size_px)
    return ImageFont.load_default()


def em_for_pitch(pitch_px: float) -> int:
    """Font size (px per em) whose advance is ``pitch_px`` (OCR-B is monospaced)."""
    advance = ocrb(100).getlength("A") / 100
    return max(4, round(pitch_px / advance))


@dataclass(frozen=True)
class Degradation:
    dpi: int = 300
    angle: float = 0.0  # degrees, counter-clockwise
    blur: float = 0.0  # Gaussian radius in pixels
    noise: float = 0.0  # standard deviation of additive noise (0-255 scale)
    jpeg_quality: int | None = None
    photo: bool = False  # uneven lighting and a grey background, like a phone photo


def draw_document(
    lines: tuple[str, ...],
    fmt: MrzFormat,
    dpi: int,
    rng: random.Random,
    names: tuple[str, str] = ("", ""),
) -> Image.Image:
    """The data page of a document at ``dpi``: a photo block, some printed text and
    the MRZ."""
    px = dpi / 25.4
    w_mm, h_mm = DOC_MM[fmt]
    doc = Image.new("L", (round(w_mm * px), round(h_mm * px)), rng.randint(225, 250))
    d = ImageDraw.Draw(doc)
    # guilloche-like background lines
    for k in range(8):
        y0 = rng.uniform(0, h_mm * 0.6) * px
        pts = [(x, y0 + 3 * px * np.sin(x / (7 * px) + k)) for x in range(0, doc.width, 4)]
        d.line(pts, fill=rng.randint(185, 215), width=max(1, round(px * 0.15)))
    # photo, above the MRZ
    mrz_top_mm = h_mm - (len(lines) * LINE_MM + 3.5)
    d.rectangle((4 * px, 6 * px, 28 * px, min(40, mrz_top_mm - 3) * px), fill=rng.randint(60, 140))
    # visual inspection zone
    font = _sans(max(6, round(2.6 * px)))
    small = _sans(max(5, round(1.6 * px)))
    x0 = 34 * px
    texts = [
        "PASSEPORT / PASSPORT",
        "Nom / Surname",
        names[0] or "DOE",
        "Prénoms / Given names",
        names[1] or "JOHN",
        "Date de naissance / Date of birth",
        "12 JAN 1980",
    ]
    y = 6 * px
    for i, t in enumerate(texts):
        f = small if i in (1, 3, 5) else font
        d.text((x0, y), t, font=f, fill=rng.randint(0, 60))
        y += (2.4 if i in (1, 3, 5) else 3.6) * px
    # the MRZ: pitch 2.54 mm, lines 4.23 mm apart, 1 mm above the bottom edge + margin
    pitch = PITCH_MM * px
    fnt = ocrb(em_for_pitch(pitch))
    width = len(lines[0]) * pitch
    left = (doc.width - width) / 2
    top = mrz_top_mm * px
    ink = rng.randint(0, 50)
    for i, line in enumerate(lines):
        for j, ch in enumerate(line):
            d.text((left + j * pitch, top + i * LINE_MM * px), ch, font=fnt, fill=ink)
    return doc


def render_page(
    lines: tuple[str, ...],
    fmt: MrzFormat,
    deg: Degradation,
    rng: random.Random | None = None,
    names: tuple[str, str] = ("", ""),
) -> bytes:
    """A degraded page image (JPEG when ``deg.jpeg_quality``, else PNG) of a document
    carrying ``lines``."""
    rng = rng or random.Random(0)
    px = deg.dpi / 25.4
    doc = draw_document(lines, fmt, deg.dpi, rng, names)
    page_w, page_h = (
        round(max(150, DOC_MM[fmt][0] + 45) * px),
        round(max(105, DOC_MM[fmt][1] + 40) * px),
    )
    bg = rng.randint(120, 190) if deg.photo else rng.randint(242, 255)
    page = Image.new("L", (page_w, page_h), bg)
    ox = rng.randint(round(5 * px), page_w - doc.width - round(5 * px))
    oy = rng.randint(round(5 * px), page_h - doc.height - round(5 * px))
    page.paste(doc, (ox, oy))
    if deg.angle:
        page = page.rotate(deg.angle, resample=Image.Resampling.BICUBIC, fillcolor=bg)
    if deg.blur:
        page = page.filter(ImageFilter.GaussianBlur(deg.blur))
    arr = np.asarray(page).astype(np.float32)
    if deg.photo:  # uneven light: a brightness gradient across the page
        gx, gy = rng.uniform(-0.35, 0.35), rng.uniform(-0.35, 0.35)
        xx = np.linspace(-0.5, 0.5, page_w, dtype=np.float32)[None, :]
        yy = np.linspace(-0.5, 0.5, page_h, dtype=np.float32)[:, None]
        arr *= 1.0 + gx * xx + gy * yy
    if deg.noise:
        nrng = np.random.default_rng(rng.randrange(2**32))
        arr += nrng.normal(0.0, deg.noise, arr.shape).astype(np.float32)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    if deg.jpeg_quality:  # colour JPEG, as cameras and most scanners write
        out.convert("RGB").save(buf, "JPEG", quality=deg.jpeg_quality, dpi=(deg.dpi, deg.dpi))
    else:
        out.save(buf, "PNG", dpi=(deg.dpi, deg.dpi), compress_level=1)
    return buf.getvalue()


# --- random documents ----------------------------------------------------------------------

_CODES = sorted(ISO3166_ALPHA3 | set(ICAO_SPECIAL))
_SURNAMES = [
    "NGUYEN",
    "BEN ALI",
    "OKONKWO",
    "GARCIA LOPEZ",
    "IVANOVA",
    "DIALLO",
    "SMITH",
    "EL AMRANI",
    "KOWALSKI",
    "O BRIEN",
    "MULLER",
    "SILVA SANTOS",
    "ZHANG",
    "TRAORE",
    "HAKIMI",
    "PETROV",
    "DE LA CRUZ",
    "MBAPPE",
    "AL HASSAN",
    "YILMAZ",
]
_GIVEN = [
    "ANNA MARIA",
    "MOHAMED",
    "FATOU",
    "JEAN PIERRE",
    "OLGA",
    "WEI",
    "AMINATA",
    "JOSE LUIS",
    "IBRAHIM",
    "SOFIA",
    "KHALED",
    "MARIE CLAIRE",
    "",
    "LI NA",
    "OUSMANE",
]
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def random_mrz(
    rng: random.Random, fmt: MrzFormat | None = None, today: date = date(2026, 11, 27)
) -> tuple[MrzFormat, MrzFields, tuple[str, ...]]:
    """A random but well-formed document of format ``fmt`` (random when None)."""
    fmt = fmt or rng.choice(list(MrzFormat))
    first = {MrzFormat.TD3: "P", MrzFormat.MRVA: "V", MrzFormat.MRVB: "V"}.get(fmt) or rng.choice(
        "ACI"
    )
    number = "".join(rng.choice(_ALNUM) for _ in range(rng.randint(6, 9)))
    birth = today - timedelta(days=rng.randint(365, 36000))
    expiry = today + timedelta(days=rng.randint(-4000, 3650))
    optional = "".join(rng.choice(_ALNUM) for _ in range(rng.randint(0, 7)))
    fields = MrzFields(
        document_type=first + rng.choice("<<<<ADPS"),
        issuing_state=rng.choice(_CODES),
        surname=rng.choice(_SURNAMES),
        given_names=rng.choice(_GIVEN),
        document_number=number,
        nationality=rng.choice(_CODES),
        birth_date=birth,
        sex=rng.choice("MF<"),
        expiry_date=expiry,
        optional_data=optional if fmt is not MrzFormat.TD2 else optional[:6],
        optional_data_2="".join(rng.choice(_ALNUM) for _ in range(rng.randint(0, 5)))
        if fmt is MrzFormat.TD1
        else "",
    )
    return fmt, fields, compose(fmt, fields)


def random_degradation(rng: random.Random, dpi_range: tuple[int, int] = (150, 300)) -> Degradation:
    photo = rng.random() < 0.3
    return Degradation(
        dpi=rng.randint(*dpi_range),
        angle=rng.uniform(-10, 10),
        blur=rng.uniform(0, 1.2),
        noise=rng.uniform(0, 14),
        jpeg_quality=rng.choice((None, 92, 75, 55, 40)),
        photo=photo,
    )
