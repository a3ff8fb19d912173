"""The numpy/Pillow image operations of the pipeline and the MRZ reader, against
plain reference implementations on small random images."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from desk.capture import raster as R
from desk.capture.resample import scaled, two_thirds

RNG = np.random.default_rng(7)


def noise(h: int, w: int) -> np.ndarray:
    return (RNG.random((h, w)) * 255).astype(np.uint8)


def naive_rank(img: np.ndarray, k: int, take_max: bool) -> np.ndarray:
    """max/min over the k x k window centred on each pixel, outside ignored."""
    h, w = img.shape
    r = k // 2
    out = np.empty_like(img)
    for y in range(h):
        for x in range(w):
            win = img[max(0, y - r) : y + r + 1, max(0, x - r) : x + r + 1]
            out[y, x] = win.max() if take_max else win.min()
    return out


@pytest.mark.parametrize("k", [3, 5, 15])
def test_morphology_matches_the_window_definition(k: int) -> None:
    img = noise(23, 31)
    assert (R.dilate(img, k) == naive_rank(img, k, True)).all()
    assert (R.erode(img, k) == naive_rank(img, k, False)).all()
    closed = naive_rank(naive_rank(img, k, True), k, False)
    assert (R.black_hat(img, k) == closed - img).all()
    mask = img > 128
    assert (R.dilate(mask, k) == naive_rank(mask.astype(np.uint8), k, True).astype(bool)).all()


def test_filters_mirror_the_border() -> None:
    img = noise(9, 12)
    p = np.pad(img, 1, mode="reflect").astype(int)
    lap = p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4 * p[1:-1, 1:-1]
    assert (R.laplacian(img) == lap).all()
    k = np.array([1, 2, 1])
    rows = p[:-2] * k[0] + p[1:-1] * k[1] + p[2:] * k[2]
    blur = (rows[:, :-2] + 2 * rows[:, 1:-1] + rows[:, 2:] + 8) >> 4
    assert (R.gaussian3(img) == blur).all()


def test_otsu_splits_two_populations() -> None:
    img = np.concatenate([np.full(500, 40), np.full(300, 200), RNG.integers(0, 256, 50)])
    cut = R.otsu(R.histogram(img.astype(np.uint8)))
    assert 40 <= cut < 200
    assert R.histogram(img.astype(np.uint8)).sum() == img.size
    assert R.level(np.arange(256, dtype=np.uint8).reshape(16, 16), 50) == 127


def flood_labels(mask: np.ndarray, connectivity: int) -> list[set[tuple[int, int]]]:
    steps = [(-1, 0), (1, 0), (0, -1), (0, 1)]
    if connectivity == 8:
        steps += [(-1, -1), (-1, 1), (1, -1), (1, 1)]
    seen = np.zeros_like(mask)
    found = []
    for y, x in zip(*np.nonzero(mask), strict=True):
        if seen[y, x]:
            continue
        seen[y, x] = True
        todo, part = [(y, x)], set()
        while todo:
            cy, cx = todo.pop()
            part.add((int(cy), int(cx)))
            for dy, dx in steps:
                ny, nx = cy + dy, cx + dx
                inside = 0 <= ny < mask.shape[0] and 0 <= nx < mask.shape[1]
                if inside and mask[ny, nx] and not seen[ny, nx]:
                    seen[ny, nx] = True
                    todo.append((ny, nx))
        found.append(part)
    return found


@pytest.mark.parametrize("connectivity", [4, 8])
@pytest.mark.parametrize("density", [0.3, 0.55, 0.7])
def test_components_and_their_statistics(connectivity: int, density: float) -> None:
    mask = RNG.random((40, 57)) < density
    c = R.components(mask, connectivity)
    expected = flood_labels(mask, connectivity)
    assert c.count == len(expected)
    ours = sorted(
        (int(c.area[i]), int(c.x0[i]), int(c.y0[i]), int(c.x1[i]), int(c.y1[i]))
        for i in range(c.count)
    )
    theirs = sorted(
        (
            len(p),
            min(x for _, x in p),
            min(y for y, _ in p),
            max(x for _, x in p) + 1,
            max(y for y, _ in p) + 1,
        )
        for p in expected
    )
    assert ours == theirs
    biggest = int(np.argmax(c.area))
    part = max(expected, key=len)
    assert c.cx[biggest] == pytest.approx(np.mean([x for _, x in part]))
    assert c.cy[biggest] == pytest.approx(np.mean([y for y, _ in part]))


def test_components_of_an_empty_mask() -> None:
    assert R.components(np.zeros((5, 6), bool)).count == 0


def test_min_area_rect_of_a_turned_rectangle() -> None:
    rect = ((120.0, 80.0), (90.0, 40.0), 27.0)
    corners = R.box_points(rect)
    inner = corners.mean(axis=0) + (RNG.random((200, 2)) - 0.5) * 20
    found = R.min_area_rect(np.vstack([corners, inner]))
    (cx, cy), (w, h), _ = found
    assert (cx, cy) == pytest.approx((120.0, 80.0), abs=1e-6)
    assert w * h == pytest.approx(90.0 * 40.0, rel=1e-6)
    for corner in R.box_points(found):  # the same four corners, in some order
        assert np.hypot(*(corners - corner).T).min() == pytest.approx(0.0, abs=1e-6)
    mask = R.inside((160, 240), rect)
    assert mask.sum() == pytest.approx(90 * 40, rel=0.05)


def test_rotation_matrix_and_its_inverse() -> None:
    m = R.rotation(50.0, 40.0, 90.0)
    assert m @ [60.0, 40.0, 1.0] == pytest.approx([50.0, 30.0])  # right of centre -> above
    back = R.invert(m)
    assert back @ [*(m @ [3.0, 7.0, 1.0]), 1.0] == pytest.approx([3.0, 7.0])


def test_remap_samples_bilinearly_and_replicates_the_edge() -> None:
    img = noise(30, 40)
    half = R.remap(img, np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.0]]), (39, 30))
    expected = (img[:, :-1].astype(float) + img[:, 1:]) / 2
    assert np.abs(half.astype(float) - expected).max() <= 1
    shifted = R.remap(img, np.array([[1.0, 0.0, -5.0], [0.0, 1.0, 0.0]]), (40, 30))
    assert (shifted[:, :5] == img[:, :1]).all()  # left of the image: its first column


def test_two_thirds_path_averages_pairs_of_scan_pixels() -> None:
    a = noise(61, 47)
    out = np.asarray(scaled(Image.fromarray(a), (2, 1, 44, 58), (28, 38))).astype(float)
    s = a[1:, 2:].astype(float)
    assert out.shape == (38, 28) == (two_thirds(57), two_thirds(42))
    assert np.abs(out[0::2, 0::2] - (s[0::3, 0::3] + s[1::3, 1::3])[:19, :14] / 2).max() <= 0.5
    assert np.abs(out[1::2, 1::2] - s[2::3, 2::3][:19, :14]).max() == 0
    assert np.abs(out[0::2, 1::2] - (s[0::3, 2::3] + s[1::3, 2::3])[:19, :14] / 2).max() <= 0.5


def test_two_thirds_at_the_image_edge_stays_inside() -> None:
    a = noise(30, 30)
    out = scaled(Image.fromarray(a), (0, 0, 30, 30), (20, 20))
    assert out.size == (19, 19)  # the last scan pixel of each axis is dropped, not read past


def test_other_factors() -> None:
    img = Image.fromarray(noise(40, 60))
    assert scaled(img, (0, 0, 60, 40), (30, 20)).size == (30, 20)  # reduce
    assert scaled(img, (0, 0, 60, 40), (45, 30)).size == (45, 30)  # bilinear
    assert scaled(img, (0, 0, 60, 40), (60, 40)) is img
