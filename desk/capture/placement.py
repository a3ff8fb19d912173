"""Deskew without resampling: a page is stored as scanned (cropped to the region that
holds the paper, down-sampled to the profile's resolution) together with its
*placement* — the angle that turns it upright and the upright page's size and centre.
The piece PDF draws the image through a transform matrix (the viewer turns it, no
second resampling, no second JPEG generation); thumbnails and any consumer wanting
an upright raster call :func:`upright`.

Turning a colour A4 page at 300 dpi with OpenCV's warpAffine costs several times its
JPEG encoding on one core (bench/bench_capture.py); a matrix costs nothing. Like EXIF
orientation, the placement travels inside the image file: a JPEG comment or a PNG
text chunk.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

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
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    inv = cv2.invertAffineTransform(m)
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64)
    back = corners @ inv[:, :2].T + inv[:, 2]
    bx0, by0 = (max(0, math.floor(v)) for v in back.min(axis=0))
    bx1, by1 = math.ceil(back[:, 0].max()), math.ceil(back[:, 1].max())
    bx1, by1 = min(w, bx1), min(h, by1)
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2]) @ inv[:, :2].T + inv[:, 2]
    out_w, out_h = max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))
    cx, cy = (centre[0] - bx0) * scale, (centre[1] - by0) * scale
    return (bx0, by0, bx1, by1), Placement(angle, out_w, out_h, cx, cy)


def upright_array(
    stored: NDArray[np.uint8], placement: Placement | None, max_side: int | None = None
) -> NDArray[np.uint8]:
    """The upright page (bilinear warpAffine), optionally shrunk to ``max_side``."""
    if placement is None:
        if max_side and max(stored.shape[:2]) > max_side:
            f = max_side / max(stored.shape[:2])
            size = (max(1, round(stored.shape[1] * f)), max(1, round(stored.shape[0] * f)))
            return cv2.resize(stored, size, interpolation=cv2.INTER_AREA)
        return stored
    f = min(1.0, max_side / max(placement.width, placement.height)) if max_side else 1.0
    a, b, c, d = placement.linear()
    tx = placement.width / 2 - (a * placement.cx + b * placement.cy)
    ty = placement.height / 2 - (c * placement.cx + d * placement.cy)
    m = np.array([[a, b, tx], [c, d, ty]], np.float64) * f
    size = (max(1, round(placement.width * f)), max(1, round(placement.height * f)))
    white = 255 if stored.ndim == 2 else (255, 255, 255)
    return cv2.warpAffine(stored, m, size, flags=cv2.INTER_LINEAR, borderValue=white)


def upright(data: bytes, max_side: int | None = None) -> Image.Image:
    """A stored page (bytes) as an upright image: for thumbnails and checks."""
    with Image.open(io.BytesIO(data)) as img:
        placement = placement_of(img)
        mode = "L" if img.mode in ("1", "L") else "RGB"
        arr = np.asarray(img.convert(mode))
    return Image.fromarray(upright_array(arr, placement, max_side), mode)
