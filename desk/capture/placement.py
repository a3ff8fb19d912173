"""Deskew without resampling: a page is stored as scanned (cropped to the region that
holds the paper, down-sampled to the profile's resolution) together with its
*placement* — the angle that turns it upright and the upright page's size and centre.
The piece PDF draws the image through a transform matrix (the viewer turns it, no
second resampling, no second JPEG generation); thumbnails and any consumer wanting
an upright raster call :func:`upright`.

Turning a colour A4 page at 300 dpi costs several times its JPEG encoding on one core
(an affine warp in C, bench/bench_capture.py; ten times more with Pillow's rotate);
a matrix costs nothing. Like EXIF
orientation, the placement travels inside the image file: a JPEG comment or a PNG
text chunk.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from desk.capture.raster import invert, rotation

TAG = "guichet-placement:"
Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Placement:
    angle: float  # degrees counter-clockwise that turn the stored image upright
    width: int  # the upright page, in the stored image's pixels
    height: int
    cx: float  # the upright page's centre, in stored-image pixel coordinates
    cy: float

    def to_text(self) -> str:
        return f"{TAG}{self.angle:.4f},{self.width},{self.height},{self.cx:.2f},{self.cy:.2f}"

    @classmethod
    def from_text(cls, text: str | bytes | None) -> Placement | None:
        if isinstance(text, bytes):
            text = text.decode("ascii", "replace")
        if not text or not text.startswith(TAG):
            return None
        try:
            a, w, h, cx, cy = text[len(TAG) :].split(",")
            return cls(float(a), int(w), int(h), float(cx), float(cy))
        except ValueError:
            return None

    def scaled(self, factor: float) -> Placement:
        return Placement(
            self.angle,
            max(1, round(self.width * factor)),
            max(1, round(self.height * factor)),
            self.cx * factor,
            self.cy * factor,
        )

    def linear(self) -> tuple[float, float, float, float]:
        """(a, b, c, d): upright offset = [[a, b], [c, d]] @ stored offset (y down)."""
        t = math.radians(self.angle)
        return math.cos(t), math.sin(t), -math.sin(t), math.cos(t)


def placement_of(image: Image.Image) -> Placement | None:
    """The placement recorded in a decoded stored page (None: it is upright)."""
    return Placement.from_text(image.info.get("comment") or image.info.get("placement"))


def region(
    shape: tuple[int, ...], angle: float, box: Box, scale: float
) -> tuple[Box, Placement | None]:
    """The part of the scan (its own orientation, full-resolution pixels) holding the
    upright ``box`` (coordinates in the frame turned by ``angle`` about the scan's
    centre), and the placement of the upright page in that part once scaled."""
    h, w = shape[:2]
    x0, y0, x1, y1 = box
    if angle % 360 == 0:
        return (max(0, x0), max(0, y0), min(w, x1), min(h, y1)), None
    inv = invert(rotation(w / 2, h / 2, angle))
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64)
    back = corners @ inv[:, :2].T + inv[:, 2]
    bx0, by0 = (max(0, math.floor(v)) for v in back.min(axis=0))
    bx1, by1 = math.ceil(back[:, 0].max()), math.ceil(back[:, 1].max())
    bx1, by1 = min(w, bx1), min(h, by1)
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2]) @ inv[:, :2].T + inv[:, 2]
    out_w, out_h = max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))
    cx, cy = (centre[0] - bx0) * scale, (centre[1] - by0) * scale
    return (bx0, by0, bx1, by1), Placement(angle, out_w, out_h, cx, cy)


def upright_image(
    stored: Image.Image, placement: Placement | None, max_side: int | None = None
) -> Image.Image:
    """The upright page (bilinear), optionally shrunk to ``max_side``: shrunk first,
    then turned, so that a thumbnail costs a thumbnail's work."""
    w, h = (placement.width, placement.height) if placement else stored.size
    f = min(1.0, max_side / max(w, h)) if max_side else 1.0
    if f < 1.0:
        size = (max(1, round(stored.width * f)), max(1, round(stored.height * f)))
        fx, fy = size[0] / stored.width, size[1] / stored.height
        stored = stored.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
        if placement is not None:
            out = max(1, round(placement.width * f)), max(1, round(placement.height * f))
            placement = Placement(placement.angle, *out, placement.cx * fx, placement.cy * fy)
    if placement is None:
        return stored
    a, b, c, d = placement.linear()
    # upright = A (stored - centre) + half size, pixel centres at integers; Pillow
    # wants the inverse map, pixel centres at half integers
    inv = np.linalg.inv(np.array([[a, b], [c, d]]))
    half = np.array([placement.width / 2, placement.height / 2])
    offset = np.array([placement.cx, placement.cy]) - inv @ (half + 0.5) + 0.5
    data = (inv[0, 0], inv[0, 1], offset[0], inv[1, 0], inv[1, 1], offset[1])
    white = 255 if stored.mode == "L" else (255, 255, 255)
    return stored.transform(
        (placement.width, placement.height),
        Image.Transform.AFFINE,
        data,
        Image.Resampling.BILINEAR,
        fillcolor=white,
    )


def upright(data: bytes, max_side: int | None = None) -> Image.Image:
    """A stored page (bytes) as an upright image: for thumbnails and checks."""
    with Image.open(io.BytesIO(data)) as img:
        placement = placement_of(img)
        mode = "L" if img.mode in ("1", "L") else "RGB"
        full = img.size
        if max_side and img.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 when enough
            w, h = (placement.width, placement.height) if placement else full
            f = min(1.0, max_side / max(w, h))
            img.draft(mode, (math.ceil(full[0] * f), math.ceil(full[1] * f)))
        image = img.convert(mode)
    if placement is not None and image.size != full:
        placement = placement.scaled(image.width / full[0])
    return upright_image(image, placement, max_side)
