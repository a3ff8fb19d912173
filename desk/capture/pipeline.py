"""The page pipeline: from a raw scan to the page kept in the dossier.

Every step is its own function working on a small grey copy of the page (analysis
does not need full resolution), and :func:`plan_page` gathers their answers into a
:class:`PagePlan` — pure data the tests can check. :func:`render_page` then cuts
the paper's region from the full-resolution scan and scales it to the profile's
resolution (the one resampling); the deskew and upside-down turn travel with the
page as its placement (desk/capture/placement.py) and are applied by the PDF's
transform matrix, not by resampling. :func:`encode_image` compresses it per the
capture profile.
"""

from __future__ import annotations

import io
import math
import struct
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from desk.capture.placement import Placement, region
from desk.domain.catalogue import CaptureProfile, ColourMode

Grey = NDArray[np.uint8]
Box = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive), full-resolution pixels
Rect = tuple[tuple[float, float], tuple[float, float], float]  # OpenCV rotated rectangle

ANALYSIS_LONG_SIDE = 900  # px: ~1/4 of an A4 page at 300 dpi
MAX_SKEW = 20.0  # degrees searched either side
SKEW_POINTS = 6_000  # ink pixels sampled to measure skew
MIN_ROTATION = 0.1  # degrees: below this, rotating costs more than it brings
BLANK_INK_RATIO = 0.0004  # a single short line of text is ~0.0015, dust ~0.00002
DARK_PAPER_LEVEL = 120  # paper median grey level under which the page is too dark
BLUR_SHARPNESS = 0.45  # Laplacian energy / contrast under which text is blurred

# warnings reported to the agent (French words: desk/messages.py)
WARN_BLANK = "blank_removed"
WARN_BLURRED = "blurred"
WARN_DARK = "too_dark"
WARN_UPSIDE_DOWN = "upside_down_fixed"


@dataclass(frozen=True)
class PagePlan:
    angle: float  # degrees counter-clockwise the page is turned to be upright
    box: Box  # paper region, in the coordinates of the page once turned upright
    scale: float  # output pixels per input pixel (profile dpi / scan dpi)
    mode: ColourMode
    dpi: int  # resolution of the output page
    blank: bool = False
    upside_down: bool = False
    skew: float = 0.0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def out_size(self) -> tuple[int, int]:
        x0, y0, x1, y1 = self.box
        return max(1, round((x1 - x0) * self.scale)), max(1, round((y1 - y0) * self.scale))


@dataclass(frozen=True)
class ProcessedPage:
    data: bytes  # the stored page: see desk/capture/placement.py
    media_type: str
    width: int  # of the upright page
    height: int
    dpi: int
    plan: PagePlan


# --- analysis copies -----------------------------------------------------------------


def to_array(image: Image.Image) -> NDArray[np.uint8]:
    """RGB or grey uint8 array of a Pillow image (other modes converted)."""
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB" if image.mode in ("RGBA", "P", "CMYK", "YCbCr") else "L")
    return np.asarray(image)


def analysis_copy(page: NDArray[np.uint8], long_side: int = ANALYSIS_LONG_SIDE) -> tuple[Grey, int]:
    """A small grey copy (every n-th pixel, no filtering: analysis needs no more) and n."""
    step = max(1, math.ceil(max(page.shape[:2]) / long_side))
    h, w = page.shape[:2]
    small = page
    if step > 1:
        size = (max(1, w // step), max(1, h // step))
        small = cv2.resize(page, size, interpolation=cv2.INTER_NEAREST)
    if small.ndim == 3:
        small = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    return np.ascontiguousarray(small), step


def level(grey: Grey, percent: float) -> int:
    """Grey level at ``percent`` (a histogram, much cheaper than np.percentile)."""
    flat = np.ascontiguousarray(grey).reshape(1, -1)  # one row: calcHist wants an image
    counts = np.cumsum(cv2.calcHist([flat], [0], None, [256], [0, 256]).ravel())
    return int(np.searchsorted(counts, counts[-1] * percent / 100.0))


def _ink_mask(grey: Grey) -> NDArray[np.bool_]:
    """Pixels clearly darker than the paper around them (text, lines, stamps)."""
    paper = level(grey, 90)
    return grey < paper - max(40.0, paper * 0.3)


# --- steps -------------------------------------------------------------------------------


def find_paper(grey: Grey) -> Rect | None:
    """The paper's rotated rectangle ((cx, cy), (w, h), angle) when it stands out
    from a darker scanner background; None when the paper fills the scan."""
    h, w = grey.shape
    _, bright = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    dark = grey[bright == 0]
    if dark.size == 0 or float(dark.mean()) > 110:
        return None  # no dark background: text only, or a white scanner lid
    kernel = np.ones((5, 5), np.uint8)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, kernel)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    biggest = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(biggest)
    if not 0.15 * w * h <= area <= 0.985 * w * h:
        return None
    (cx, cy), (rw, rh), angle = cv2.minAreaRect(biggest)
    return (cx, cy), (rw, rh), angle


def paper_mask(shape: tuple[int, ...], rect: Rect | None) -> NDArray[np.bool_] | None:
    """Pixels well inside the paper (None: the whole scan is paper)."""
    if rect is None:
        return None
    (cx, cy), (rw, rh), a = rect
    inner = cv2.boxPoints(((cx, cy), (rw * 0.94, rh * 0.94), a)).astype(np.int32)
    mask = np.zeros(shape[:2], np.uint8)
    cv2.fillPoly(mask, [inner], 1)
    return mask.astype(bool)


def is_blank(grey: Grey, mask: NDArray[np.bool_] | None = None) -> bool:
    """No ink beyond scanner noise and dust on the page (its margins ignored)."""
    h, w = grey.shape
    # (no median filter: at analysis scale it erases thin strokes; sensor noise stays
    # far under the ink threshold, which sits 40+ grey levels below the paper)
    inner = grey[h // 20 : h - h // 20, w // 20 : w - w // 20] if mask is None else grey[mask]
    return inner.size == 0 or float(np.mean(_ink_mask(inner))) < BLANK_INK_RATIO


def measure_skew(
    grey: Grey, limit: float = MAX_SKEW, mask: NDArray[np.bool_] | None = None
) -> float:
    """Angle (degrees, counter-clockwise) by which the text lines are tilted.

    Projection profiles: the ink pixels projected across the candidate line
    direction give the sharpest histogram (largest sum of squares) at the true
    angle. Coarse 0.5° search over ±limit, then 0.05° around the best.
    """
    ink = _ink_mask(grey)
    if mask is not None:
        ink &= mask
    ys, xs = np.nonzero(ink)
    if len(xs) < 50:
        return 0.0
    if len(xs) > SKEW_POINTS:  # a fixed random subset keeps the cost flat
        pick = np.random.default_rng(0).choice(len(xs), SKEW_POINTS, replace=False)
        xs, ys = xs[pick], ys[pick]
    fx = xs.astype(np.float32) - np.float32(grey.shape[1] / 2)
    fy = ys.astype(np.float32) - np.float32(grey.shape[0] / 2)
    offset = float(np.hypot(*grey.shape)) / 2 + 1
    span = int(2 * offset) + 2

    def scores(angles: NDArray[np.float64]) -> NDArray[np.float64]:
        t = np.radians(angles).astype(np.float32)[:, None]
        proj = fx[None, :] * np.sin(t) + fy[None, :] * np.cos(t) + np.float32(offset)
        flat = proj.astype(np.int64) + (np.arange(len(angles)) * span)[:, None]
        hist = np.bincount(flat.ravel(), minlength=span * len(angles)).reshape(len(angles), -1)
        return (hist.astype(np.float64) ** 2).sum(axis=1)

    coarse = np.arange(-limit, limit + 0.5, 1.0)
    best = float(coarse[int(np.argmax(scores(coarse)))])
    fine = np.arange(best - 1.0, best + 1.01, 0.1)
    s = scores(fine)
    i = int(np.argmax(s))
    angle = float(fine[i])
    if 0 < i < len(fine) - 1:  # parabola through the best three: sub-step estimate
        den = s[i - 1] - 2 * s[i] + s[i + 1]
        if den < 0:
            angle += 0.1 * 0.5 * float(s[i - 1] - s[i + 1]) / float(den)
    return angle


def rotate_small(grey: Grey, angle: float) -> Grey:
    """The analysis copy turned by ``angle`` degrees counter-clockwise (white fill)."""
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def is_upside_down(grey: Grey) -> bool | None:
    """True when the (deskewed) text is upside down, None when it cannot tell.

    Two cues of Latin-script documents: lines are left-aligned with a ragged right
    edge, and ascenders (b d f h k l t, capitals, accents) outnumber descenders
    (g j p q y), so a line carries more ink above its core than below it.
    """
    ink = _ink_mask(grey)
    rows = ink.sum(axis=1)
    if rows.max(initial=0) == 0:
        return None
    lines: list[tuple[int, int]] = []
    on = rows > max(1, rows.max() * 0.05)
    start = None
    for y, v in enumerate([*on.tolist(), False]):
        if v and start is None:
            start = y
        elif not v and start is not None:
            if y - start >= 4:
                lines.append((start, y))
            start = None
    if len(lines) < 2:
        return None
    above = below = 0.0
    lefts, rights = [], []
    for y0, y1 in lines:
        band = rows[y0:y1]
        core = np.nonzero(band >= band.max() * 0.5)[0]
        above += float(band[: core[0]].sum())
        below += float(band[core[-1] + 1 :].sum())
        cols = np.nonzero(ink[y0:y1].any(axis=0))[0]
        lefts.append(cols[0])
        rights.append(cols[-1])
    votes = 0.0
    if above + below > 0:
        votes += (below - above) / (above + below) * 2  # >0: more "descenders": flipped
    spread_l, spread_r = float(np.std(lefts)), float(np.std(rights))
    if spread_l + spread_r > 0:
        votes += (spread_l - spread_r) / (spread_l + spread_r)  # >0: right-aligned
    if abs(votes) < 0.3:
        return None
    return votes > 0


def legibility(grey: Grey) -> list[str]:
    """Warnings for a page an official may not be able to read: too dark, blurred."""
    warnings: list[str] = []
    paper = level(grey, 90)
    if paper < DARK_PAPER_LEVEL:
        warnings.append(WARN_DARK)
    ink = _ink_mask(grey)
    if ink.mean() > BLANK_INK_RATIO:
        contrast = max(1.0, float(paper - level(grey, 2)))
        lap = cv2.Laplacian(grey, cv2.CV_32F)
        # Laplacian energy on the ink edges, relative to the ink/paper contrast
        ink8 = ink.astype(np.uint8)
        kernel = np.ones((3, 3), np.uint8)
        edges = (cv2.dilate(ink8, kernel) - cv2.erode(ink8, kernel)).astype(bool)
        sharpness = float(np.abs(lap[edges]).mean()) / contrast
        if sharpness < BLUR_SHARPNESS:
            warnings.append(WARN_BLURRED)
    return warnings


# --- the plan ------------------------------------------------------------------------


def turned_bounds(w: int, h: int, angle: float, rect: Rect) -> Box:
    """Bounding box of ``rect`` once the scan (w x h, full resolution) is turned by
    ``angle`` degrees counter-clockwise about its centre."""
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.boxPoints(rect).astype(np.float64) @ m[:, :2].T + m[:, 2]
    x0, y0 = turned.min(axis=0)
    x1, y1 = turned.max(axis=0)
    return math.floor(x0), math.floor(y0), math.ceil(x1), math.ceil(y1)


def plan_page(page: NDArray[np.uint8], scan_dpi: int, profile: CaptureProfile) -> PagePlan:
    """Decide everything about a page from its analysis copy."""
    h, w = page.shape[:2]
    small, step = analysis_copy(page)
    dpi = min(profile.dpi, scan_dpi)
    scale = dpi / scan_dpi
    paper = find_paper(small)
    mask = paper_mask(small.shape, paper)
    if profile.drop_blank and is_blank(small, mask):
        return PagePlan(
            0.0, (0, 0, w, h), scale, profile.mode, dpi, blank=True, warnings=(WARN_BLANK,)
        )
    skew = measure_skew(small, mask=mask) if profile.deskew else 0.0
    if abs(skew) < MIN_ROTATION:
        skew = 0.0
    upright = rotate_small(small, -skew) if skew else small
    box = (0, 0, w, h)  # no paper edge found: keep the scan's frame
    if paper is not None and profile.crop:
        (cx, cy), (rw, rh), a = paper
        # shrink 1 % so that no sliver of background shows at the edges
        rect = ((cx * step, cy * step), (rw * step * 0.99, rh * step * 0.99), a)
        box = turned_bounds(w, h, -skew, rect)
        x0, y0, x1, y1 = (v // step for v in box)
        upright = upright[max(0, y0) : y1, max(0, x0) : x1]
    flipped = is_upside_down(upright) is True
    angle = -skew
    if flipped:  # half a turn more, about the centre of the kept box
        angle += 180.0
        x0, y0, x1, y1 = box
        box = (w - x1, h - y1, w - x0, h - y0)
    warnings = ([WARN_UPSIDE_DOWN] if flipped else []) + legibility(upright)
    return PagePlan(
        angle,
        box,
        scale,
        profile.mode,
        dpi,
        upside_down=flipped,
        skew=skew,
        warnings=tuple(warnings),
    )


# --- rendering and encoding --------------------------------------------------------


def render_page(
    page: NDArray[np.uint8], plan: PagePlan
) -> tuple[NDArray[np.uint8], Placement | None]:
    """Apply the plan: cut the region that holds the upright page (no copy), scale it
    to the profile's resolution (the only resampling), and say how it is turned
    upright (desk/capture/placement.py: the PDF turns it, not a second resampling)."""
    (x0, y0, x1, y1), placement = region(page.shape, plan.angle, plan.box, plan.scale)
    crop = page[y0:y1, x0:x1]
    if plan.mode is not ColourMode.COLOUR and crop.ndim == 3:
        crop = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)  # 3x fewer bytes to scale
    if plan.scale == 1.0:
        return np.ascontiguousarray(crop), placement
    size = (max(1, round((x1 - x0) * plan.scale)), max(1, round((y1 - y0) * plan.scale)))
    # bilinear is several times cheaper than area averaging for a non-integer factor and
    # near enough down to half size; below that, averaging avoids aliasing
    interpolation = cv2.INTER_LINEAR if plan.scale >= 0.5 else cv2.INTER_AREA
    return cv2.resize(crop, size, interpolation=interpolation), placement


def to_mode(page: NDArray[np.uint8], mode: ColourMode) -> Image.Image:
    """The Pillow image of the final page in the profile's colour mode."""
    if mode is ColourMode.COLOUR:
        return Image.fromarray(page, "RGB" if page.ndim == 3 else "L")
    grey = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    if mode is ColourMode.GREY:
        return Image.fromarray(grey, "L")
    _, bw = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return Image.fromarray(bw, "L").convert("1", dither=Image.Dither.NONE)


def encode_image(
    image: Image.Image, dpi: int, quality: int, placement: Placement | None = None
) -> tuple[bytes, str]:
    """JPEG for colour and grey, PNG (1 bit) for black and white; the resolution and
    the placement recorded in the file."""
    buf = io.BytesIO()
    if image.mode == "1":
        info = PngInfo()
        if placement is not None:
            info.add_text("placement", placement.to_text())
        image.save(buf, "PNG", optimize=False, dpi=(dpi, dpi), pnginfo=info)
        return buf.getvalue(), "image/png"
    extra = {"comment": placement.to_text().encode("ascii")} if placement else {}
    image.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi), optimize=False, **extra)
    return buf.getvalue(), "image/jpeg"


def encode_jpeg(
    page: NDArray[np.uint8], dpi: int, quality: int, placement: Placement | None = None
) -> tuple[bytes, str]:
    """JPEG straight from the array with OpenCV's libjpeg (no Pillow image: Pillow
    would first copy an RGB array into its 4-bytes-a-pixel layout), then the JFIF
    density set to ``dpi`` and the placement added as a comment segment."""
    bgr = cv2.cvtColor(page, cv2.COLOR_RGB2BGR) if page.ndim == 3 else page
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    data = buf.tobytes()
    if not ok or data[2:4] != b"\xff\xe0" or data[6:11] != b"JFIF\x00":
        image = Image.fromarray(page, "RGB" if page.ndim == 3 else "L")
        return encode_image(image, dpi, quality, placement)  # pragma: no cover
    # JFIF APP0: units (1 = dots per inch) at 13, X and Y density at 14 and 16
    data = data[:13] + struct.pack(">BHH", 1, dpi, dpi) + data[18:]
    if placement is not None:
        end = 4 + int.from_bytes(data[4:6], "big")
        text = placement.to_text().encode("ascii")
        data = data[:end] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + data[end:]
    return data, "image/jpeg"


def process_page(
    image: Image.Image | NDArray[np.uint8], scan_dpi: int, profile: CaptureProfile
) -> ProcessedPage | None:
    """Run the whole pipeline; None when the page is blank and the profile drops it
    (the caller reports WARN_BLANK)."""
    page = to_array(image) if isinstance(image, Image.Image) else image
    plan = plan_page(page, scan_dpi, profile)
    if plan.blank:
        return None
    stored, placement = render_page(page, plan)
    if plan.mode is ColourMode.BW:
        data, media = encode_image(to_mode(stored, plan.mode), plan.dpi, 0, placement)
    else:
        data, media = encode_jpeg(stored, plan.dpi, profile.jpeg_quality, placement)
    width, height = (placement.width, placement.height) if placement else stored.shape[1::-1]
    return ProcessedPage(data, media, width, height, plan.dpi, plan)
