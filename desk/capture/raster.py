"""Image operations of the page pipeline and the MRZ reader, in numpy and Pillow.

Analysis runs on small grey copies (~900-1400 px), where numpy costs a few
milliseconds: histograms and Otsu thresholds, separable morphology (running min/max
by doubling windows: log2(k) passes per axis, not k), a 3x3 Gaussian and a
Laplacian, connected components with their statistics (row runs joined by a
vectorised union-find), convex hull and minimum-area rectangle, rotation matrices
and a bilinear remap. Conventions follow the ones the code was first written with
(OpenCV's): pixel centres at integer coordinates, angles in degrees counter-clockwise,
morphology borders that never win, filters mirrored at the border (``reflect``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

Grey = NDArray[np.uint8]
Mask = NDArray[np.bool_]
#: a rotated rectangle ((cx, cy), (w, h), angle): w along the angle's direction
Rect = tuple[tuple[float, float], tuple[float, float], float]


# --- grey levels -------------------------------------------------------------------------


def histogram(image: Grey) -> NDArray[np.int64]:
    """256-bin histogram (Pillow's C loop: a third of np.bincount, which widens first)."""
    flat = np.ascontiguousarray(image, np.uint8).reshape(1, -1)
    if flat.size == 0:
        return np.zeros(256, np.int64)
    return np.array(Image.fromarray(flat, "L").histogram(), np.int64)


def level(image: Grey, percent: float) -> int:
    """Grey level at ``percent`` of the pixels (from a histogram: no sort)."""
    counts = np.cumsum(histogram(image))
    return int(np.searchsorted(counts, counts[-1] * percent / 100.0))


def otsu(hist: NDArray[np.int64] | list[int]) -> int:
    """Otsu's threshold from a 256-bin histogram: levels above it are one class, at
    or under it the other."""
    hist = np.asarray(hist, np.float64)
    total = hist.sum()
    if total == 0:
        return 0
    weight = np.cumsum(hist)  # pixels at or under each level
    mass = np.cumsum(hist * np.arange(256))
    mean = mass[-1] / total
    w0 = weight / total
    w1 = 1.0 - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * w0 - mass / total) ** 2 / (w0 * w1)
    between[(w0 == 0) | (w1 == 0)] = -1.0
    return int(np.argmax(between))


# --- filters -------------------------------------------------------------------------------


def _running(a: np.ndarray, k: int, axis: int, take_max: bool) -> np.ndarray:
    """Running max (or min) over a centred window of ``k`` along ``axis``; outside
    the image counts as nothing (the border never wins)."""
    if k <= 1:
        return a
    op = np.maximum if take_max else np.minimum
    if a.dtype == np.bool_:
        fill: bool | int = not take_max
    else:
        fill = np.iinfo(a.dtype).min if take_max else np.iinfo(a.dtype).max
    before = (k - 1) // 2
    pad = [(0, 0)] * a.ndim
    pad[axis] = (k - 1 - before, before)  # OpenCV's anchor: the window's centre
    cur = np.pad(a, pad, constant_values=fill)
    n = a.shape[axis]

    def part(x: np.ndarray, start: int, length: int) -> np.ndarray:
        index = [slice(None)] * x.ndim
        index[axis] = slice(start, start + length)
        return x[tuple(index)]

    width = 1
    while 2 * width <= k:  # windows of 1, 2, 4... from two halves each
        length = cur.shape[axis] - width
        cur = op(part(cur, 0, length), part(cur, width, length))
        width *= 2
    if width < k:  # two overlapping windows of ``width`` cover one of ``k``
        cur = op(part(cur, 0, n), part(cur, k - width, n))
    return part(cur, 0, n)


def dilate(a: np.ndarray, k: int, kh: int | None = None) -> np.ndarray:
    """Maximum over a k x kh rectangle (separable)."""
    return _running(_running(a, k, 1, True), k if kh is None else kh, 0, True)


def erode(a: np.ndarray, k: int, kh: int | None = None) -> np.ndarray:
    """Minimum over a k x kh rectangle (separable)."""
    return _running(_running(a, k, 1, False), k if kh is None else kh, 0, False)


def close(a: np.ndarray, k: int) -> np.ndarray:
    return erode(dilate(a, k), k)


def black_hat(image: Grey, k: int) -> Grey:
    """Closing minus the image: dark marks narrower than ``k`` as bright on black."""
    return close(image, k) - image  # closing >= image: no wrap-around


def gaussian3(image: Grey) -> Grey:
    """3x3 Gaussian (1 2 1 / 4 each way), rounded, border mirrored."""
    p = np.pad(image, 1, mode="reflect").astype(np.uint16)
    rows = p[:-2] + 2 * p[1:-1] + p[2:]
    out: Grey = ((rows[:, :-2] + 2 * rows[:, 1:-1] + rows[:, 2:] + 8) >> 4).astype(np.uint8)
    return out


def laplacian(image: Grey) -> NDArray[np.int16]:
    """4-neighbour Laplacian, border mirrored."""
    p = np.pad(image, 1, mode="reflect").astype(np.int16)
    out = p[:-2, 1:-1] + p[2:, 1:-1]
    out += p[1:-1, :-2]
    out += p[1:-1, 2:]
    out -= 4 * p[1:-1, 1:-1]
    return out


# --- connected components ---------------------------------------------------------------


@dataclass(frozen=True)
class Components:
    """Connected components of a mask, from its horizontal runs."""

    count: int
    run_row: NDArray[np.int64]  # per run: row, first column, column after the last
    run_start: NDArray[np.int64]
    run_end: NDArray[np.int64]
    run_label: NDArray[np.int64]  # 0 .. count-1
    x0: NDArray[np.int64]  # per component: bounding box (x1, y1 exclusive)
    y0: NDArray[np.int64]
    x1: NDArray[np.int64]
    y1: NDArray[np.int64]
    area: NDArray[np.int64]
    cx: NDArray[np.float64]  # centroid
    cy: NDArray[np.float64]


def _roots(n: int, a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.int64]:
    """Smallest member of each node's component of the graph with edges a-b:
    hook roots onto smaller roots, then jump pointers, until no edge spans two."""
    parent = np.arange(n)
    while len(a):
        ra, rb = parent[a], parent[b]
        apart = ra != rb
        if not apart.any():
            break
        a, b, ra, rb = a[apart], b[apart], ra[apart], rb[apart]
        np.minimum.at(parent, np.maximum(ra, rb), np.minimum(ra, rb))
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    return parent


def components(mask: Mask, connectivity: int = 8) -> Components:
    w = mask.shape[1]
    edges = np.diff(np.pad(mask.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    stride = w + 1  # (flat indices: 2-D np.nonzero is several times slower)
    row, start = np.divmod(np.flatnonzero(edges == 1), stride)
    end = np.flatnonzero(edges == -1) % stride  # row-major order: ends pair with starts
    n = len(row)
    # runs of the next row that touch run i: a contiguous slice of the run list
    below = (row + 1) * stride
    eight = connectivity == 8  # diagonal neighbours touch: one column more each way
    lo = np.searchsorted(row * stride + end, below + start, "left" if eight else "right")
    hi = np.searchsorted(row * stride + start, below + end, "right" if eight else "left")
    counts = np.maximum(hi - lo, 0)
    a = np.repeat(np.arange(n), counts)
    offsets = np.arange(len(a)) - np.repeat(np.cumsum(counts) - counts, counts)
    b = np.repeat(lo, counts) + offsets
    roots = _roots(n, a, b)
    _, label = np.unique(roots, return_inverse=True)
    count = int(label.max()) + 1 if n else 0
    length = end - start
    big = np.iinfo(np.int64).max
    x0, y0 = np.full(count, big), np.full(count, big)
    x1, y1 = np.zeros(count, np.int64), np.zeros(count, np.int64)
    np.minimum.at(x0, label, start)
    np.minimum.at(y0, label, row)
    np.maximum.at(x1, label, end)
    np.maximum.at(y1, label, row + 1)
    area = np.bincount(label, length, count).astype(np.int64)
    cx = np.bincount(label, (start + end - 1) / 2 * length, count) / np.maximum(area, 1)
    cy = np.bincount(label, row * length, count) / np.maximum(area, 1)
    return Components(count, row, start, end, label, x0, y0, x1, y1, area, cx, cy)


# --- geometry ------------------------------------------------------------------------------


def rotation(cx: float, cy: float, angle: float) -> NDArray[np.float64]:
    """2x3 matrix turning points by ``angle`` degrees counter-clockwise (as seen, y
    down) about (cx, cy)."""
    t = math.radians(angle)
    a, b = math.cos(t), math.sin(t)
    return np.array([[a, b, (1 - a) * cx - b * cy], [-b, a, b * cx + (1 - a) * cy]])


def invert(m: NDArray[np.float64]) -> NDArray[np.float64]:
    """Inverse of a 2x3 affine matrix."""
    inv = np.linalg.inv(m[:, :2])
    return np.column_stack([inv, -inv @ m[:, 2]])


def hull(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Convex hull (Andrew's monotone chain), counter-clockwise, no repeated end."""
    pts = np.unique(points, axis=0)  # sorted by x, then y
    if len(pts) < 3:
        return pts
    chain: list[NDArray[np.float64]] = []
    for seq in (pts, pts[::-1]):
        part: list[tuple[float, float]] = []
        for x, y in seq.tolist():
            while len(part) >= 2:
                (ox, oy), (ax, ay) = part[-2], part[-1]
                if (ax - ox) * (y - oy) - (ay - oy) * (x - ox) > 0:
                    break
                part.pop()
            part.append((x, y))
        chain.append(np.array(part[:-1]))
    return np.vstack(chain)


def min_area_rect(points: NDArray[np.float64]) -> Rect:
    """Smallest rectangle around ``points``: one of its sides lies on a hull edge."""
    h = hull(points)
    if len(h) < 3:
        (x0, y0), (x1, y1) = h.min(axis=0), h.max(axis=0)
        return ((x0 + x1) / 2, (y0 + y1) / 2), (x1 - x0, y1 - y0), 0.0
    edge = np.roll(h, -1, axis=0) - h
    theta = np.arctan2(edge[:, 1], edge[:, 0])
    u = np.column_stack([np.cos(theta), np.sin(theta)])
    v = np.column_stack([-np.sin(theta), np.cos(theta)])
    pu, pv = u @ h.T, v @ h.T  # edges x hull points
    areas = (pu.max(1) - pu.min(1)) * (pv.max(1) - pv.min(1))
    i = int(np.argmin(areas))
    su, sv = (pu[i].max() + pu[i].min()) / 2, (pv[i].max() + pv[i].min()) / 2
    cx, cy = su * u[i] + sv * v[i]
    size = (float(pu[i].max() - pu[i].min()), float(pv[i].max() - pv[i].min()))
    return (float(cx), float(cy)), size, math.degrees(float(theta[i]))


def box_points(rect: Rect) -> NDArray[np.float64]:
    """The four corners of a rotated rectangle."""
    (cx, cy), (w, h), angle = rect
    t = math.radians(angle)
    u = np.array([math.cos(t), math.sin(t)]) * w / 2
    v = np.array([-math.sin(t), math.cos(t)]) * h / 2
    c = np.array([cx, cy])
    return np.array([c - u - v, c + u - v, c + u + v, c - u + v])


def inside(shape: tuple[int, ...], rect: Rect) -> Mask:
    """Pixels whose centre lies in the rotated rectangle."""
    (cx, cy), (w, h), angle = rect
    t = math.radians(angle)
    ys, xs = np.ogrid[: shape[0], : shape[1]]
    dx, dy = xs - cx, ys - cy
    along = dx * math.cos(t) + dy * math.sin(t)
    across = -dx * math.sin(t) + dy * math.cos(t)
    return (np.abs(along) <= w / 2) & (np.abs(across) <= h / 2)


def remap(image: Grey, m: NDArray[np.float64], size: tuple[int, int]) -> Grey:
    """Bilinear sampling of ``image`` at ``m`` @ (x, y, 1) for every pixel of an
    output of ``size`` (width, height); points outside take the nearest edge pixel
    (the image is padded by replication as far as the output reaches past it)."""
    w, h = size
    corners = np.array([[0, 0, 1], [w - 1, 0, 1], [0, h - 1, 1], [w - 1, h - 1, 1]], np.float64)
    reach = corners @ m.T
    left, top = (max(0, math.ceil(-v) + 2) for v in reach.min(axis=0))
    right = max(0, math.ceil(reach[:, 0].max() - (image.shape[1] - 1)) + 2)
    bottom = max(0, math.ceil(reach[:, 1].max() - (image.shape[0] - 1)) + 2)
    if left or top or right or bottom:
        image = np.pad(image, ((top, bottom), (left, right)), mode="edge")
    # Pillow maps output to input with pixel centres at half integers
    lin, shift = m[:, :2], m[:, 2] + np.array([left, top])
    offset = shift + 0.5 - lin @ np.array([0.5, 0.5])
    data = (lin[0, 0], lin[0, 1], offset[0], lin[1, 0], lin[1, 1], offset[1])
    out = Image.fromarray(np.ascontiguousarray(image), "L").transform(
        size, Image.Transform.AFFINE, data, Image.Resampling.BILINEAR
    )
    return np.asarray(out)
