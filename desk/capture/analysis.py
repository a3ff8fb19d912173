"""Page analysis: what the pipeline (desk/capture/pipeline.py) decides a page needs,
read from a small grey copy of it (analysis does not need full resolution).

Each step is its own function on that copy — where the paper is, whether the page is
blank, its skew, whether it is upside down, whether it is legible — so that each is
tested on its own (tests/desk/capture/test_pipeline.py). numpy and Pillow only
(desk/capture/raster.py).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from desk.capture import raster
from desk.capture.raster import Grey, Rect

Page = Image.Image | NDArray[np.uint8]

ANALYSIS_LONG_SIDE = 900  # px: ~1/4 of an A4 page at 300 dpi
MAX_SKEW = 20.0  # degrees searched either side
SKEW_POINTS = 6_000  # ink pixels sampled to measure skew
MIN_ROTATION = 0.1  # degrees: below this, rotating costs more than it brings
BLANK_INK_RATIO = 0.0004  # a single short line of text is ~0.0015, dust ~0.00002
DARK_PAPER_LEVEL = 120  # paper median grey level under which the page is too dark
BLUR_SHARPNESS = 0.45  # Laplacian energy / contrast under which text is blurred

# warnings reported to the agent (French words: desk/messages.py)
WARN_BLURRED = "blurred"
WARN_DARK = "too_dark"
WARN_UPSIDE_DOWN = "upside_down_fixed"


def to_image(page: Page) -> Image.Image:
    """The page as an RGB or grey Pillow image (other modes converted)."""
    if isinstance(page, np.ndarray):
        # frombytes on a memoryview: a quarter of Image.fromarray's time for RGB
        data = np.ascontiguousarray(page, np.uint8).data.cast("B")
        mode = "RGB" if page.ndim == 3 else "L"
        return Image.frombytes(mode, (page.shape[1], page.shape[0]), data)
    if page.mode not in ("RGB", "L"):
        return page.convert("RGB" if page.mode in ("RGBA", "P", "CMYK", "YCbCr") else "L")
    return page


def page_size(page: Page) -> tuple[int, int]:
    return (page.shape[1], page.shape[0]) if isinstance(page, np.ndarray) else page.size


def analysis_copy(page: Page, long_side: int = ANALYSIS_LONG_SIDE) -> tuple[Grey, int]:
    """A small grey copy (every n-th pixel, no filtering: analysis needs no more) and n."""
    w, h = page_size(page)
    step = max(1, math.ceil(max(w, h) / long_side))
    size = (max(1, w // step), max(1, h // step))
    if isinstance(page, np.ndarray):
        small = page[: size[1] * step : step, : size[0] * step : step]
        if small.ndim == 2:
            return np.ascontiguousarray(small), step
        page, size = to_image(small), (small.shape[1], small.shape[0])
    image = to_image(page)
    if image.size != size:
        image = image.resize(size, Image.Resampling.NEAREST)
    return np.asarray(image.convert("L")), step


class Levels:
    """Grey levels of one analysis copy, from one histogram shared by the steps."""

    def __init__(self, grey: Grey) -> None:
        self.hist = raster.histogram(grey)
        self.counts = np.cumsum(self.hist)

    def at(self, percent: float) -> int:
        return int(np.searchsorted(self.counts, self.counts[-1] * percent / 100.0))


def _ink_mask(grey: Grey, levels: Levels | None = None) -> NDArray[np.bool_]:
    """Pixels clearly darker than the paper around them (text, lines, stamps)."""
    paper = (levels or Levels(grey)).at(90)
    return grey < paper - max(40.0, paper * 0.3)


# --- steps -------------------------------------------------------------------------------


def find_paper(grey: Grey, levels: Levels | None = None) -> Rect | None:
    """The paper's rotated rectangle ((cx, cy), (w, h), angle) when it stands out
    from a darker scanner background; None when the paper fills the scan."""
    h, w = grey.shape
    hist = (levels or Levels(grey)).hist
    cut = raster.otsu(hist)
    dark = hist[: cut + 1]
    if dark.sum() == 0 or float(dark @ np.arange(cut + 1)) / float(dark.sum()) > 110:
        return None  # no dark background: text only, or a white scanner lid
    bright = grey > cut
    if _frame(bright) > 0.99:  # closing only adds bright pixels: it would stay so
        return None  # the paper reaches every edge of the scan: no bed to crop
    bright = raster.close(bright, 5)
    if _frame(bright) > 0.99:
        return None
    found = raster.components(bright)
    if found.count == 0:
        return None
    # the paper: the largest component; its area is counted inside its outline
    runs = found.run_label == int(np.argmax(found.area))
    row, start, end = found.run_row[runs], found.run_start[runs], found.run_end[runs]
    first = np.full(h, w)
    last = np.full(h, -1)
    np.minimum.at(first, row, start)
    np.maximum.at(last, row, end - 1)
    rows = np.nonzero(last >= 0)[0]
    area = float((last[rows] - first[rows] + 1).sum())
    if not 0.15 * w * h <= area <= 0.985 * w * h:
        return None
    left = np.column_stack([first[rows], rows])
    right = np.column_stack([last[rows], rows])
    return raster.min_area_rect(np.concatenate([left, right]).astype(np.float64))


def _frame(mask: NDArray[np.bool_]) -> float:
    """Share of the scan's border pixels that are set."""
    return float(np.concatenate([mask[0], mask[-1], mask[:, 0], mask[:, -1]]).mean())


def paper_mask(shape: tuple[int, ...], rect: Rect | None) -> NDArray[np.bool_] | None:
    """Pixels well inside the paper (None: the whole scan is paper)."""
    if rect is None:
        return None
    (cx, cy), (rw, rh), a = rect
    return raster.inside(shape, ((cx, cy), (rw * 0.94, rh * 0.94), a))


def is_blank(grey: Grey, mask: NDArray[np.bool_] | None = None) -> bool:
    """No ink beyond scanner noise and dust on the page (its margins ignored)."""
    h, w = grey.shape
    # (no median filter: at analysis scale it erases thin strokes; sensor noise stays
    # far under the ink threshold, which sits 40+ grey levels below the paper)
    inner = grey[h // 20 : h - h // 20, w // 20 : w - w // 20] if mask is None else grey[mask]
    return inner.size == 0 or float(np.mean(_ink_mask(inner))) < BLANK_INK_RATIO


def spread(n: int, k: int) -> NDArray[np.int64]:
    """``k`` distinct indices below ``n`` (k <= n), spread evenly over the range in a
    scattered order: the golden-ratio (Weyl) sequence ``i * step mod n`` with ``step``
    near ``n / φ`` and prime to ``n``. Deterministic, no random generator (the frozen
    counter leaves numpy.random out: guichet.spec), and a few microseconds where
    ``random.sample`` over the page's ink pixels cost 4 ms of the page budget."""
    step = max(1, round(n * 0.6180339887498949))
    while math.gcd(step, n) != 1:
        step += 1
    return (np.arange(k, dtype=np.int64) * step) % n


def measure_skew(
    grey: Grey,
    limit: float = MAX_SKEW,
    mask: NDArray[np.bool_] | None = None,
    levels: Levels | None = None,
) -> float:
    """Angle (degrees, counter-clockwise) by which the text lines are tilted.

    Projection profiles: the ink pixels projected across the candidate line
    direction give the sharpest histogram (largest sum of squares) at the true
    angle. Coarse 0.5° search over ±limit, then 0.05° around the best.
    """
    ink = _ink_mask(grey, levels)
    if mask is not None:
        ink &= mask
    found = np.flatnonzero(ink)
    if len(found) < 50:
        return 0.0
    if len(found) > SKEW_POINTS:  # a fixed spread-out subset keeps the cost flat
        found = found[spread(len(found), SKEW_POINTS)]
    ys, xs = np.divmod(found, ink.shape[1])
    fx = xs.astype(np.float32) - np.float32(grey.shape[1] / 2)
    fy = ys.astype(np.float32) - np.float32(grey.shape[0] / 2)
    offset = float(np.hypot(*grey.shape)) / 2 + 1
    span = int(2 * offset) + 2

    def scores(angles: NDArray[np.float64]) -> NDArray[np.float64]:
        # in place, one histogram for all angles (each its own span of bins): a fifth
        # of the time of the same sums written as expressions, with the same result
        t = np.radians(angles).astype(np.float32)[:, None]
        proj = fx[None, :] * np.sin(t)
        proj += fy[None, :] * np.cos(t)
        proj += np.float32(offset)
        flat = proj.astype(np.intp)
        flat += (np.arange(len(angles)) * span)[:, None]
        hist = np.bincount(flat.ravel(), minlength=span * len(angles)).reshape(len(angles), -1)
        sharpness: NDArray[np.float64] = np.einsum("ij,ij->i", hist, hist).astype(np.float64)
        return sharpness

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
    """The analysis copy turned by ``angle`` degrees counter-clockwise (white fill).
    Nearest neighbour, like the copy itself: it keeps the sharpness that legibility
    measures (and costs a fifth of Pillow's bilinear)."""
    image = Image.fromarray(grey, "L")
    return np.asarray(image.rotate(angle, Image.Resampling.NEAREST, fillcolor=255))


def is_upside_down(grey: Grey, levels: Levels | None = None) -> bool | None:
    """True when the (deskewed) text is upside down, None when it cannot tell.

    Two cues of Latin-script documents: lines are left-aligned with a ragged right
    edge, and ascenders (b d f h k l t, capitals, accents) outnumber descenders
    (g j p q y), so a line carries more ink above its core than below it.
    """
    ink = _ink_mask(grey, levels)
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


def legibility(grey: Grey, levels: Levels | None = None) -> list[str]:
    """Warnings for a page an official may not be able to read: too dark, blurred."""
    warnings: list[str] = []
    levels = levels or Levels(grey)
    paper = levels.at(90)
    if paper < DARK_PAPER_LEVEL:
        warnings.append(WARN_DARK)
    ink = _ink_mask(grey, levels)
    if ink.mean() > BLANK_INK_RATIO:
        contrast = max(1.0, float(paper - levels.at(2)))
        # Laplacian energy on the ink edges, relative to the ink/paper contrast
        edges = raster.dilate(ink, 3) & ~raster.erode(ink, 3)
        sharpness = float(np.abs(raster.laplacian(grey)[edges]).mean()) / contrast
        if sharpness < BLUR_SHARPNESS:
            warnings.append(WARN_BLURRED)
    return warnings
