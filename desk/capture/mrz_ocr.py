"""Read the MRZ of a page image (scan or photo) without Tesseract.

1. Find the band: on a downscaled copy, a morphological black-hat brings out dark
   print; glyph-sized connected components are chained into text rows; MRZ rows are
   2 or 3 parallel rows of evenly spaced glyphs, equally long, one above the other.
2. Deskew: the rows' slope gives the angle (±10° and more); one affine warp of the
   full-resolution image gives a straight band at a fixed glyph height.
3. Segment: the glyphs of a row sit on a regular pitch (OCR-B is monospaced), so the
   row's cells follow from a least-squares fit of the glyph centres.
4. Recognise: each cell is matched (normalised cross-correlation) against OCR-B
   templates drawn from Debian's fonts-ocr-b at the measured pitch, restricted to
   the characters its field allows (digits in dates and check digits, letters in
   names and codes); characters whose runner-up scored nearly as well are passed to
   the check-digit correction as doubtful (desk.domain.mrz_fix).
DOMAIN.md: stock Tesseract read 0 of 25 synthetic passports; template matching 25/25.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image, ImageDraw

from desk.capture import raster
from desk.capture.mrz_render import ocrb
from desk.domain.mrz import LAYOUTS, SHAPES, Mrz, MrzFormat, NotAnMrz, Pos, field_at, parse
from desk.domain.mrz_fix import typed_positions
from desk.errors import UnsupportedDocument

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
DIGITS = "0123456789<"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
#: longest side of the copy searched for the band
SEARCH_SIDE = 1400
#: glyph height (px) of the straightened band that is read
GLYPH_PX = 28
#: cells are matched at every shift up to PAD pixels from their fitted place
PAD = 3
#: a runner-up this close to the best score makes a character doubtful
DOUBT_MARGIN = 0.05
MAX_PIXELS = 80_000_000


@dataclass(frozen=True)
class MrzReading:
    mrz: Mrz
    confidence: float  # 0..1
    angle: float  # degrees the band was turned by
    raw_lines: tuple[str, ...]  # as recognised, before corrections


@dataclass
class _Row:
    blobs: np.ndarray  # rows of (x, y, w, h, cx, cy)
    slope: float
    icept: float

    @property
    def h(self) -> float:
        return float(np.median(self.blobs[:, 3]))

    @property
    def x0(self) -> float:
        return float(self.blobs[:, 0].min())

    @property
    def x1(self) -> float:
        return float((self.blobs[:, 0] + self.blobs[:, 2]).max())

    def y_at(self, x: float) -> float:
        return self.slope * x + self.icept


def decode(data: bytes) -> np.ndarray:
    """Greyscale pixels of an image file (JPEG, PNG, TIFF...)."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.width * im.height > MAX_PIXELS:
                raise UnsupportedDocument("image too large", reason="too_many_pixels")
            return np.asarray(im.convert("L"))
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnsupportedDocument(f"cannot decode image: {exc}", reason="unreadable") from None


def read_mrz_file(path: Path, today: date | None = None) -> MrzReading:
    return read_mrz(decode(path.read_bytes()), today)


def read_mrz_bytes(data: bytes, today: date | None = None) -> MrzReading:
    return read_mrz(decode(data), today)


def read_mrz(gray: np.ndarray, today: date | None = None) -> MrzReading:
    """Find and read the MRZ of a greyscale page; NotAnMrz("mrz_not_found") when
    there is none. A reading whose check digits fail is returned with ``valid``
    false; the best of the candidate bands is kept."""
    scale = min(1.0, SEARCH_SIDE / max(gray.shape))
    small = _shrink(gray, scale)
    best: MrzReading | None = None
    for group in _candidate_groups(_rows(_blobs(small)))[:4]:
        try:
            reading = _read_group(gray, group, scale, today)
        except NotAnMrz:
            continue
        if reading.mrz.valid:
            return reading
        best = best or reading  # the band with the most glyphs, unless another is valid
    if best is None:
        raise NotAnMrz("mrz_not_found")
    return best


def _shrink(gray: np.ndarray, factor: float) -> np.ndarray:
    """Area-averaged copy scaled by ``factor`` (<= 1)."""
    if factor >= 1.0:
        return gray
    size = (max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor)))
    image = Image.fromarray(gray, "L")
    return np.asarray(image.resize(size, Image.Resampling.BOX, reducing_gap=2.0))


# --- 1. the band --------------------------------------------------------------------------


def _ink(gray: np.ndarray, kernel: int) -> np.ndarray:
    """Dark print as True: noise smoothed, black-hat (closing minus image), Otsu
    threshold (never under 24 grey levels)."""
    hat = raster.black_hat(raster.gaussian3(gray), kernel)
    return hat > max(raster.otsu(raster.histogram(hat)), 24)


def _blobs(gray: np.ndarray, kernel: int = 15, min_h: int = 6) -> np.ndarray:
    c = raster.components(_ink(gray, kernel))
    x, y = c.x0.astype(np.float64), c.y0.astype(np.float64)
    w, h, area = (c.x1 - c.x0).astype(np.float64), (c.y1 - c.y0).astype(np.float64), c.area
    keep = (h >= min_h) & (h <= 150) & (w >= 2) & (w <= 3 * h) & (area >= 0.08 * w * h)
    return np.column_stack([x, y, w, h, c.cx, c.cy])[keep]


def _fit(blobs: np.ndarray) -> tuple[float, float]:
    if len(blobs) < 2:
        return 0.0, float(blobs[0, 5])
    slope, icept = np.polyfit(blobs[:, 4], blobs[:, 5], 1)
    return float(slope), float(icept)


def _rows(b: np.ndarray) -> list[_Row]:
    """Chain each glyph to its nearest right neighbour of similar height; merge
    collinear chains; keep the long ones."""
    if len(b) == 0:
        return []
    order = np.argsort(b[:, 4])
    b = b[order]
    right = np.full(len(b), -1)
    claimed: dict[int, float] = {}
    for i in range(len(b)):
        h = b[i, 3]
        dx = b[:, 4] - b[i, 4]
        dy = np.abs(b[:, 5] - b[i, 5])
        ratio = b[:, 3] / h
        ok = (dx > 0.3 * h) & (dx < 2.4 * h) & (dy < 0.5 * h) & (ratio > 0.6) & (ratio < 1.7)
        cand = np.nonzero(ok)[0]
        if len(cand) == 0:
            continue
        cost = dx[cand] + 2 * dy[cand]
        j = int(cand[np.argmin(cost)])
        c = float(cost.min())
        if j in claimed and claimed[j] <= c:
            continue
        if j in claimed:
            right[right == j] = -1
        claimed[j] = c
        right[i] = j
    has_left = set(int(j) for j in right if j >= 0)
    chains: list[np.ndarray] = []
    for start in range(len(b)):
        if start in has_left:
            continue
        idx = [start]
        while right[idx[-1]] >= 0 and len(idx) < 200:
            idx.append(int(right[idx[-1]]))
        if len(idx) >= 5:
            chains.append(b[idx])
    rows = [_Row(c, *_fit(c)) for c in chains]
    rows = _merge_collinear(sorted(rows, key=lambda r: r.x0))
    return [r for r in rows if len(r.blobs) >= 20]


def _merge_collinear(rows: list[_Row]) -> list[_Row]:
    merged: list[_Row] = []
    for r in rows:
        for m in merged:
            gap = r.x0 - m.x1
            if (
                -0.5 * m.h < gap < 5 * m.h
                and abs(r.blobs[0, 5] - m.y_at(r.blobs[0, 4])) < 0.4 * m.h
                and 0.7 < r.h / m.h < 1.4
            ):
                m.blobs = np.vstack([m.blobs, r.blobs])
                m.slope, m.icept = _fit(m.blobs)
                break
        else:
            merged.append(r)
    return merged


def _candidate_groups(rows: list[_Row]) -> list[list[_Row]]:
    """Runs of 2 or 3 rows that can be one MRZ, the most glyphs first."""
    rows = sorted(rows, key=lambda r: r.y_at((r.x0 + r.x1) / 2))
    groups: list[list[_Row]] = []
    for i in range(len(rows)):
        run = [rows[i]]
        for r in rows[i + 1 :]:
            last = run[-1]
            mid = (last.x0 + last.x1) / 2
            gap = r.y_at(mid) - last.y_at(mid)
            length = last.x1 - last.x0
            if (
                1.1 * last.h < gap < 2.8 * last.h
                and 0.75 < r.h / last.h < 1.33
                and abs(r.x0 - last.x0) < 0.08 * length + 2 * last.h
                and abs((r.x1 - r.x0) - length) < 0.12 * length + 2 * last.h
            ):
                run.append(r)
                if len(run) == 3:
                    break
        for size in (3, 2):
            if len(run) >= size:
                groups.append(run[:size])
    groups.sort(key=lambda g: -sum(len(r.blobs) for r in g))
    return groups


# --- 2. straighten ------------------------------------------------------------------------


def _straighten(
    gray: np.ndarray, group: list[_Row], scale: float
) -> tuple[np.ndarray, float, list[float]]:
    """The band turned level and scaled to GLYPH_PX-high glyphs; the angle; the
    height of each row's centre in the band."""
    slope = float(np.mean([r.slope for r in group]))
    theta = math.atan(slope)
    u = np.array([math.cos(theta), math.sin(theta)])
    v = np.array([-math.sin(theta), math.cos(theta)])
    factor = 1 / scale  # search copy -> image
    h_full = float(np.median(np.concatenate([r.blobs[:, 3] for r in group]))) * factor
    h_full *= math.cos(theta)  # bounding boxes of tilted glyphs are taller
    f = GLYPH_PX / h_full
    if f < 0.7:  # shrink first so the warp does not alias
        gray = _shrink(gray, f)
        factor, h_full, f = factor * f, h_full * f, 1.0
    rows = [r.blobs[:, 4:6] * factor for r in group]
    pts = np.vstack(rows)
    origin = pts[0]
    s, t = (pts - origin) @ u, (pts - origin) @ v
    s0, s1 = s.min() - 2.0 * h_full, s.max() + 2.0 * h_full
    t0, t1 = t.min() - 1.6 * h_full, t.max() + 1.6 * h_full
    a = np.column_stack([u / f, v / f, origin + s0 * u + t0 * v])
    size = (int((s1 - s0) * f), int((t1 - t0) * f))
    band = raster.remap(gray, a, size)  # a: band pixel -> image pixel
    row_ys = [float(np.median((r - origin) @ v) - t0) * f for r in rows]
    return band, math.degrees(theta), row_ys


# --- 3. segment ---------------------------------------------------------------------------


def _cells(band: np.ndarray, row_ys: list[float]) -> tuple[list[np.ndarray], float]:
    """Centres (x, y) of every cell of every row, and the pitch."""
    b = _blobs(band, kernel=max(15, GLYPH_PX // 2 + 1), min_h=GLYPH_PX // 2)
    b = b[(b[:, 3] < GLYPH_PX * 1.6) & (b[:, 3] > GLYPH_PX * 0.55)]
    n_rows = len(row_ys)
    if len(b) < 20 * n_rows:
        raise NotAnMrz("mrz_not_found")
    dist = np.abs(b[:, 5][:, None] - np.array(row_ys)[None, :])
    nearest = dist.argmin(axis=1)
    close = dist.min(axis=1) < 0.5 * GLYPH_PX
    rows = [b[close & (nearest == i)] for i in range(n_rows)]
    if min(len(r) for r in rows) < 10:
        raise NotAnMrz("mrz_not_found")
    gaps = np.concatenate([np.diff(np.sort(r[:, 4])) for r in rows])
    pitch = float(np.median(gaps[(gaps > 0.6 * GLYPH_PX) & (gaps < 1.6 * GLYPH_PX)]))
    spans = [(float(r[:, 4].max() - r[:, 4].min())) / pitch + 1 for r in rows]
    widths = [w for (lines, w) in set(SHAPES.values()) if lines == n_rows]
    n = min(widths, key=lambda w: abs(w - max(spans)))
    out = []
    for r in rows:
        r = r[np.argsort(r[:, 4])]
        c0, p = r[0, 4], (r[-1, 4] - r[0, 4]) / (n - 1)
        for _ in range(3):  # fit c0 + k p to the single glyphs
            k = np.round((r[:, 4] - c0) / p)
            good = (np.abs(r[:, 4] - (c0 + k * p)) < 0.3 * p) & (r[:, 2] < 1.3 * p)
            good &= (k >= 0) & (k < n)
            if good.sum() < 8:
                break
            p, c0 = np.polyfit(k[good], r[good, 4], 1)
        slope, icept = np.polyfit(r[:, 4], r[:, 5], 1) if len(r) > 2 else (0.0, r[0, 5])
        xs = c0 + np.arange(n) * p
        out.append(np.column_stack([xs, slope * xs + icept]))
    return out, float(np.mean([(c[-1, 0] - c[0, 0]) / (n - 1) for c in out]))


# --- 4. recognise -------------------------------------------------------------------------


@cache
def _templates(pitch_px: int) -> np.ndarray:
    """OCR-B glyphs (ALPHABET order) drawn at ``pitch_px`` advance, each in the same
    frame (from the top of the digits to the baseline) so that '<' keeps its place."""
    font = ocrb(max(6, round(pitch_px / (ocrb(100).getlength("A") / 100))))
    top = font.getbbox("0")[1]
    height = int(font.getbbox("H")[3] - top)
    out = []
    for ch in ALPHABET:
        im = Image.new("L", (pitch_px, height), 255)
        ImageDraw.Draw(im).text((0, -top), ch, font=font, fill=0)
        out.append(np.asarray(im, dtype=np.float32))
    return np.stack(out)


def _allowed(fmt: MrzFormat) -> dict[Pos, str]:
    numeric, alpha = typed_positions(LAYOUTS[fmt])
    allowed = {p: LETTERS for _, p in alpha}
    allowed.update({p: DIGITS for _, p in numeric})
    return allowed


def _recognise(band: np.ndarray, cells: list[np.ndarray], pitch: float) -> list[np.ndarray]:
    """Per row, an array (cells × ALPHABET) of the best normalised cross-correlation of
    each template within PAD pixels of each cell."""
    templates = _templates(max(8, round(pitch)))
    n_t, th, tw = templates.shape
    tmat = templates.reshape(n_t, -1)
    tmat = tmat - tmat.mean(axis=1, keepdims=True)
    tmat /= np.linalg.norm(tmat, axis=1, keepdims=True)
    img = np.pad(band, ((th + PAD, th + PAD), (tw + PAD, tw + PAD)), mode="edge")
    img = img.astype(np.float32)
    size = th * tw
    out = []
    for row in cells:
        wins = []
        for cx, cy in row:
            x0 = round(cx - tw / 2) + tw  # corner minus PAD, in the bordered image
            y0 = round(cy - th / 2) + th
            win = img[y0 : y0 + th + 2 * PAD, x0 : x0 + tw + 2 * PAD]
            wins.append(sliding_window_view(win, (th, tw)).reshape(-1, size))
        flat = np.concatenate(wins)  # every shift of every cell x template pixels
        sums = flat.sum(axis=1)
        norms = np.sqrt(np.maximum(np.einsum("ij,ij->i", flat, flat) - sums * sums / size, 0.0))
        # templates have zero mean, so w·t = (w - mean w)·t: only the norms are needed
        ncc = (flat @ tmat.T) / (norms[:, None] + 1e-3)
        out.append(ncc.reshape(len(row), -1, n_t).max(axis=1))  # cells × ALPHABET
    return out


def _read_group(
    gray: np.ndarray, group: list[_Row], scale: float, today: date | None
) -> MrzReading:
    band, angle, row_ys = _straighten(gray, group, scale)
    cells, pitch = _cells(band, row_ys)
    scores = _recognise(band, cells, pitch)
    n = len(cells[0])
    first = ALPHABET[int(np.argmax(scores[0][0][:26]))]
    fmt = {
        (3, 30): MrzFormat.TD1,
        (2, 36): MrzFormat.MRVB if first == "V" else MrzFormat.TD2,
        (2, 44): MrzFormat.MRVA if first == "V" else MrzFormat.TD3,
    }[(len(cells), n)]
    allowed = _allowed(fmt)
    index = {c: i for i, c in enumerate(ALPHABET)}
    lines, doubtful, best_scores = [], {}, []
    for li, row in enumerate(scores):
        chars = []
        for ci, sc in enumerate(row):
            ranked = sorted(allowed.get((li, ci), ALPHABET), key=lambda c: -sc[index[c]])
            top = float(sc[index[ranked[0]]])
            chars.append(ranked[0])
            best_scores.append(top)
            close = [c for c in ranked[1:3] if sc[index[c]] > top - DOUBT_MARGIN]
            if close:
                doubtful[(li, ci)] = "".join(close)
        lines.append("".join(chars))
    mrz = parse(lines, today=today, ocr=True, doubtful=doubtful)
    if mrz.valid:
        mrz = _refuse_ambiguous(mrz, doubtful, today)
    quality = float(np.clip(np.mean(best_scores), 0.0, 1.0))
    confidence = quality if mrz.valid else quality * 0.5
    return MrzReading(mrz, round(confidence, 4), -angle, tuple(lines))


def _refuse_ambiguous(mrz: Mrz, doubtful: dict[Pos, str], today: date | None) -> Mrz:
    """A reading is valid only if it is the one reading the check digits accept: when
    a doubtful character's runner-up would pass every check too (a field without a
    check digit such as the name, or two characters a check digit cannot tell apart
    such as P/F), the field is reported at fault."""
    layout = LAYOUTS[mrz.format]
    errors = list(mrz.errors)
    for (li, ci), alts in doubtful.items():
        for alt in alts:
            rows = list(mrz.lines)
            if rows[li][ci] == alt:
                continue
            rows[li] = rows[li][:ci] + alt + rows[li][ci + 1 :]
            try:
                other = parse(rows, today=today)
            except NotAnMrz:
                continue
            name = field_at(layout, (li, ci))
            if other.valid and name not in errors:
                errors.append(name)
    return replace(mrz, errors=tuple(errors)) if errors else mrz
