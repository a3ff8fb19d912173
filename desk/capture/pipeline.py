"""The page pipeline: from a raw scan to the page kept in the dossier.

Every analysis step is its own function working on a small grey copy of the page
(desk/capture/analysis.py), and :func:`plan_page` gathers their answers into a
:class:`PagePlan` — pure data the tests can check. :func:`render_page` then cuts
the paper's region from the full-resolution scan and scales it to the profile's
resolution (the one resampling); the deskew and upside-down turn travel with the
page as its placement (desk/capture/placement.py) and are applied by the PDF's
transform matrix, not by resampling. :func:`encode_image` compresses it per the
capture profile. Image work is numpy on the analysis copy and Pillow on the page
(desk/capture/raster.py, desk/capture/resample.py).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

import numpy as np
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from desk.capture import WARN_BLANK, raster
from desk.capture.analysis import (  # the steps, re-exported: one import for callers
    ANALYSIS_LONG_SIDE,
    BLANK_INK_RATIO,
    BLUR_SHARPNESS,
    DARK_PAPER_LEVEL,
    MAX_SKEW,
    MIN_ROTATION,
    SKEW_POINTS,
    WARN_BLURRED,
    WARN_DARK,
    WARN_UPSIDE_DOWN,
    Levels,
    Page,
    analysis_copy,
    find_paper,
    is_blank,
    is_upside_down,
    legibility,
    measure_skew,
    page_size,
    paper_mask,
    rotate_small,
    spread,
    to_image,
)
from desk.capture.placement import Placement, region
from desk.capture.raster import Rect
from desk.capture.resample import scaled
from desk.domain.catalogue import CaptureProfile, ColourMode

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive), full-resolution pixels

__all__ = [
    "ANALYSIS_LONG_SIDE", "BLANK_INK_RATIO", "BLUR_SHARPNESS", "DARK_PAPER_LEVEL",
    "MAX_SKEW", "MIN_ROTATION", "SKEW_POINTS", "WARN_BLANK", "WARN_BLURRED", "WARN_DARK",
    "WARN_UPSIDE_DOWN", "Box", "Levels", "Page", "PagePlan", "ProcessedPage",
    "analysis_copy", "encode_image", "find_paper", "is_blank", "is_upside_down",
    "legibility", "measure_skew", "page_size", "paper_mask", "plan_page", "process_page",
    "render_page", "rotate_small", "spread", "to_image", "to_mode", "turned_bounds",
]  # fmt: skip


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


# --- the plan ------------------------------------------------------------------------


def turned_bounds(w: int, h: int, angle: float, rect: Rect) -> Box:
    """Bounding box of ``rect`` once the scan (w x h, full resolution) is turned by
    ``angle`` degrees counter-clockwise about its centre."""
    m = raster.rotation(w / 2, h / 2, angle)
    turned = raster.box_points(rect) @ m[:, :2].T + m[:, 2]
    x0, y0 = turned.min(axis=0)
    x1, y1 = turned.max(axis=0)
    return math.floor(x0), math.floor(y0), math.ceil(x1), math.ceil(y1)


def plan_page(page: Page, scan_dpi: int, profile: CaptureProfile) -> PagePlan:
    """Decide everything about a page from its analysis copy."""
    w, h = page_size(page)
    small, step = analysis_copy(page)
    dpi = min(profile.dpi, scan_dpi)
    scale = dpi / scan_dpi
    levels = Levels(small)
    paper = find_paper(small, levels)
    mask = paper_mask(small.shape, paper)
    if profile.drop_blank and is_blank(small, mask):
        return PagePlan(
            0.0, (0, 0, w, h), scale, profile.mode, dpi, blank=True, warnings=(WARN_BLANK,)
        )
    skew = measure_skew(small, mask=mask, levels=levels) if profile.deskew else 0.0
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
        upright = np.ascontiguousarray(upright[max(0, y0) : y1, max(0, x0) : x1])
    up_levels = Levels(upright) if upright is not small else levels
    flipped = is_upside_down(upright, up_levels) is True
    angle = -skew
    if flipped:  # half a turn more, about the centre of the kept box
        angle += 180.0
        x0, y0, x1, y1 = box
        box = (w - x1, h - y1, w - x0, h - y0)
    warnings = ([WARN_UPSIDE_DOWN] if flipped else []) + legibility(upright, up_levels)
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


def render_page(page: Image.Image, plan: PagePlan) -> tuple[Image.Image, Placement | None]:
    """Apply the plan: cut the region that holds the upright page, scale it to the
    profile's resolution (the only resampling: desk/capture/resample.py), and say
    how it is turned upright (desk/capture/placement.py: the PDF turns it, not a
    second resampling)."""
    (x0, y0, x1, y1), placement = region(page.size[::-1], plan.angle, plan.box, plan.scale)
    if plan.mode is not ColourMode.COLOUR and page.mode != "L":
        page = page.convert("L")  # 3x fewer bytes to scale
    size = (max(1, round((x1 - x0) * plan.scale)), max(1, round((y1 - y0) * plan.scale)))
    return scaled(page, (x0, y0, x1, y1), size), placement


def to_mode(page: Image.Image, mode: ColourMode) -> Image.Image:
    """The final page in the profile's colour mode (black and white: Otsu threshold)."""
    if mode is ColourMode.COLOUR:
        return page
    grey = page if page.mode == "L" else page.convert("L")
    if mode is ColourMode.GREY:
        return grey
    cut = raster.otsu(grey.histogram())
    return grey.point([255 if v > cut else 0 for v in range(256)], "1")


def encode_image(
    image: Image.Image, dpi: int, quality: int, placement: Placement | None = None
) -> tuple[bytes, str]:
    """JPEG for colour and grey, PNG (1 bit) for black and white; the resolution and
    the placement recorded in the file (a JPEG comment, a PNG text chunk)."""
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


def process_page(image: Page, scan_dpi: int, profile: CaptureProfile) -> ProcessedPage | None:
    """Run the whole pipeline; None when the page is blank and the profile drops it
    (the caller reports WARN_BLANK)."""
    page = to_image(image)
    plan = plan_page(page, scan_dpi, profile)
    if plan.blank:
        return None
    stored, placement = render_page(page, plan)
    stored = to_mode(stored, plan.mode)
    data, media = encode_image(stored, plan.dpi, profile.jpeg_quality, placement)
    width, height = (placement.width, placement.height) if placement else stored.size
    return ProcessedPage(data, media, width, height, plan.dpi, plan)
