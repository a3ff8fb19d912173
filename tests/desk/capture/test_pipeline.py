"""The page pipeline on pages the tests draw: known skew, blank with noise, upside
down, dark, blurred, laid on a dark bed."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from desk.capture import pipeline as P
from desk.capture.placement import placement_of, upright
from desk.catalogue import default_catalogue
from desk.domain.catalogue import CaptureProfile, ColourMode
from tests.desk.capture.pages import (
    a4_size,
    blank_page,
    blurred_page,
    dark_page,
    on_dark_bed,
    rotated,
    text_page,
)

PROFILES = default_catalogue().profiles


def grey_small(img: Image.Image) -> np.ndarray:
    return P.analysis_copy(np.asarray(img))[0]


@pytest.fixture(scope="module")
def page150() -> Image.Image:
    return text_page(150)


@pytest.mark.parametrize("angle", [-20.0, -11.3, -2.0, -0.4, 0.3, 1.7, 6.0, 13.6, 19.5])
def test_skew_measured_within_half_a_degree(page150: Image.Image, angle: float) -> None:
    measured = P.measure_skew(grey_small(rotated(page150, angle)))
    assert abs(measured - angle) <= 0.5


@pytest.mark.parametrize(
    ("n", "k"), [(6_000, 6_000), (6_001, 6_000), (48_600, 6_000), (10**6, 6_000)]
)
def test_skew_points_are_distinct_and_spread_over_the_page(n: int, k: int) -> None:
    pick = P.spread(n, k)
    assert len(pick) == k and len(set(pick.tolist())) == k
    assert pick.min() >= 0 and pick.max() < n
    # every tenth of the ink pixels (top to bottom of the page) gets its tenth of the
    # picks, within 15 (a random sample of 6,000 strays by 23, one standard deviation)
    per_tenth = np.bincount(pick * 10 // n, minlength=10)
    assert per_tenth.min() >= k // 10 - 15 and per_tenth.max() <= k // 10 + 15


def test_skew_of_a_straight_page_is_under_the_rotation_threshold(page150: Image.Image) -> None:
    assert abs(P.measure_skew(grey_small(page150))) < 0.2


@pytest.mark.parametrize("angle", [-8.0, 4.5, 17.0])
def test_deskewed_page_comes_out_straight(page150: Image.Image, angle: float) -> None:
    profile = PROFILES["grey"]
    done = P.process_page(rotated(page150, angle), 150, profile)
    assert done is not None
    assert done.plan.skew == pytest.approx(angle, abs=0.5)
    out = np.asarray(upright(done.data).convert("L"))
    assert abs(P.measure_skew(P.analysis_copy(out)[0])) <= 0.5


def test_small_skew_is_not_resampled(page150: Image.Image) -> None:
    plan = P.plan_page(np.asarray(rotated(page150, 0.05)), 150, PROFILES["grey"])
    assert plan.angle == 0.0


def test_blank_page_with_noise_is_detected_and_dropped() -> None:
    assert P.is_blank(grey_small(blank_page(150, noise=8)))
    plan = P.plan_page(np.asarray(blank_page(150)), 150, PROFILES["grey"])
    assert plan.blank
    assert P.WARN_BLANK in plan.warnings
    assert P.process_page(blank_page(150), 150, PROFILES["grey"]) is None


def test_page_with_one_short_line_is_not_blank() -> None:
    assert not P.is_blank(grey_small(text_page(150, lines=1, seed=5)))


def test_blank_page_kept_when_the_profile_says_so() -> None:
    keep = CaptureProfile("k", ColourMode.GREY, 150, 150, 100, 70, drop_blank=False)
    assert P.process_page(blank_page(150), 150, keep) is not None


def test_upside_down_page_is_turned_upright(page150: Image.Image) -> None:
    assert P.is_upside_down(grey_small(page150)) is False
    assert P.is_upside_down(grey_small(page150.rotate(180))) is True
    plan = P.plan_page(np.asarray(rotated(page150.rotate(180), 3)), 150, PROFILES["grey"])
    assert plan.upside_down
    assert P.WARN_UPSIDE_DOWN in plan.warnings
    assert plan.angle == pytest.approx(177, abs=0.5)
    done = P.process_page(page150.rotate(180), 150, PROFILES["grey"])
    assert done is not None
    out = grey_small(upright(done.data))
    assert P.is_upside_down(out) is False


def test_dark_page_warns_and_clean_page_does_not(page150: Image.Image) -> None:
    assert P.legibility(grey_small(page150)) == []
    assert P.WARN_DARK in P.legibility(grey_small(dark_page(150)))


def test_blurred_page_warns() -> None:
    assert P.WARN_BLURRED in P.legibility(grey_small(blurred_page(150, radius=3)))
    assert P.WARN_BLURRED not in P.legibility(grey_small(blurred_page(150, radius=0.5)))


def test_page_on_a_dark_bed_is_cropped_to_the_paper(page150: Image.Image) -> None:
    scan = on_dark_bed(page150, degrees=6)
    done = P.process_page(scan, 150, PROFILES["grey"])
    assert done is not None
    w, h = a4_size(150)
    # the paper, not the bed: within 3 % of A4 at this resolution
    assert done.width == pytest.approx(w, rel=0.03)
    assert done.height == pytest.approx(h, rel=0.03)
    out = np.asarray(upright(done.data))
    assert out.shape[:2] == (done.height, done.width)
    assert out[:8].mean() > 200
    assert out[-8:].mean() > 200
    assert out[:, :8].mean() > 200
    assert out[:, -8:].mean() > 200


def test_crop_disabled_keeps_the_bed(page150: Image.Image) -> None:
    nocrop = CaptureProfile("n", ColourMode.GREY, 150, 150, 100, 70, crop=False)
    scan = on_dark_bed(page150)
    done = P.process_page(scan, 150, nocrop)
    assert done is not None
    assert (done.width, done.height) == scan.size


@pytest.mark.parametrize(
    ("profile", "mode", "media"),
    [("identity", "RGB", "image/jpeg"), ("grey", "L", "image/jpeg"), ("text", "1", "image/png")],
)
def test_colour_mode_per_profile(profile: str, mode: str, media: str) -> None:
    done = P.process_page(text_page(150, colour=True), 150, PROFILES[profile])
    assert done is not None
    assert done.media_type == media
    with Image.open(io.BytesIO(done.data)) as img:
        assert img.mode == mode


def test_downsampled_to_the_profile_resolution() -> None:
    scan = text_page(300)
    done = P.process_page(scan, 300, PROFILES["grey"])  # grey keeps 200 dpi
    assert done is not None
    assert done.dpi == 200
    assert done.width == pytest.approx(scan.width * 2 / 3, abs=2)
    with Image.open(io.BytesIO(done.data)) as img:
        assert img.info["dpi"][0] == pytest.approx(200)


def test_never_upsampled() -> None:
    done = P.process_page(text_page(100), 100, PROFILES["identity"])  # wants 300
    assert done is not None
    assert done.dpi == 100
    assert done.width == text_page(100).width


def test_deskew_is_a_placement_not_a_resampling(page150: Image.Image) -> None:
    """The stored page keeps the scan's orientation; its placement turns it."""
    done = P.process_page(rotated(page150, 7.0), 150, PROFILES["grey"])
    assert done is not None
    with Image.open(io.BytesIO(done.data)) as stored:
        placement = placement_of(stored)
        assert placement is not None
        assert placement.angle == pytest.approx(-7.0, abs=0.5)
        assert abs(P.measure_skew(grey_small(stored)) - 7.0) <= 0.5  # still askew
    assert (placement.width, placement.height) == (done.width, done.height)


def test_straight_page_has_no_placement(page150: Image.Image) -> None:
    done = P.process_page(page150, 150, PROFILES["grey"])
    assert done is not None
    with Image.open(io.BytesIO(done.data)) as stored:
        assert placement_of(stored) is None
        assert stored.size == (done.width, done.height)
