"""WIA and TWAIN: their device-independent logic, tested on every platform (the COM
and DSM calls themselves need Windows and a scanner: docs/CAPTURE.md)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desk.capture import twain, wia
from desk.capture.scanner import ScannerError, ScanSettings, Source
from desk.domain.catalogue import ColourMode


def test_wia_plan_for_a_duplex_colour_batch() -> None:
    settings = ScanSettings(Source.DUPLEX, 300, ColourMode.COLOUR, max_pages=6)
    plan = dict(wia.plan_properties(settings, wia.FEEDER | wia.FLATBED | wia.DUPLEX))
    assert plan[wia.WIA_DPS_DOCUMENT_HANDLING_SELECT] == wia.FEEDER | wia.DUPLEX | wia.FRONT_FIRST
    assert plan[wia.WIA_DPS_PAGES] == 6
    assert plan[wia.WIA_IPA_DATATYPE] == wia.WIA_DATA_COLOR and plan[wia.WIA_IPA_DEPTH] == 24
    assert plan[wia.WIA_IPS_XRES] == plan[wia.WIA_IPS_YRES] == 300


def test_wia_plan_flatbed_grey_and_bw() -> None:
    grey = dict(
        wia.plan_properties(ScanSettings(Source.FLATBED, 200, ColourMode.GREY), wia.FLATBED)
    )
    assert grey[wia.WIA_DPS_DOCUMENT_HANDLING_SELECT] == wia.FLATBED
    assert wia.WIA_DPS_PAGES not in grey
    assert grey[wia.WIA_IPA_DATATYPE] == wia.WIA_DATA_GRAYSCALE
    bw = dict(wia.plan_properties(ScanSettings(Source.ADF, 300, ColourMode.BW), wia.FEEDER))
    assert bw[wia.WIA_IPA_DATATYPE] == wia.WIA_DATA_GRAYSCALE  # thresholded by the pipeline
    assert bw[wia.WIA_DPS_PAGES] == 0  # the whole feeder


def test_wia_refuses_a_source_the_device_lacks() -> None:
    with pytest.raises(ScannerError) as err:
        wia.plan_properties(ScanSettings(Source.DUPLEX), wia.FEEDER | wia.FLATBED)
    assert err.value.reason == "unsupported_source"


@pytest.mark.parametrize(
    ("hresult", "reason"),
    [
        (0x80210002, "paper_jam"),
        (-2145320958, "paper_jam"),  # the same, as COM's signed HRESULT
        (0x80210003, "feeder_empty"),
        (0x80210005, "device_gone"),
        (0x8021000A, "device_gone"),
        (0x80210016, "cover_open"),
        (0x80004004, "cancelled"),
        (0x80004005, "scanner_io"),
    ],
)
def test_wia_error_translation(hresult: int, reason: str) -> None:
    assert wia.translate_hresult(hresult) == reason


def test_wia_empty_feeder_ends_a_batch_only_after_a_page() -> None:
    assert wia.feeder_finished(wia.WIA_ERROR_PAPER_EMPTY, 3, Source.ADF)
    assert not wia.feeder_finished(wia.WIA_ERROR_PAPER_EMPTY, 0, Source.ADF)
    assert not wia.feeder_finished(wia.WIA_ERROR_PAPER_JAM, 3, Source.ADF)


def test_twain_plan() -> None:
    plan = twain.plan_capabilities(ScanSettings(Source.DUPLEX, 300, ColourMode.GREY))
    caps = {cap: value for cap, _type, value in plan}
    assert plan[0][0] == twain.CAP_FEEDERENABLED
    assert caps[twain.CAP_FEEDERENABLED] == 1 and caps[twain.CAP_DUPLEXENABLED] == 1
    assert caps[twain.CAP_XFERCOUNT] == -1
    assert caps[twain.ICAP_PIXELTYPE] == twain.TWPT_GRAY
    assert caps[twain.ICAP_XRESOLUTION] == twain.fix32(300) == 300
    flat = {c: v for c, _t, v in twain.plan_capabilities(ScanSettings(Source.FLATBED, 150))}
    assert flat[twain.CAP_FEEDERENABLED] == 0 and flat[twain.CAP_XFERCOUNT] == 1
    assert flat[twain.ICAP_PIXELTYPE] == twain.TWPT_RGB
    assert twain.CAP_DUPLEXENABLED not in flat


def test_twain_fix32() -> None:
    assert twain.fix32(72.5) == 72 | (32768 << 16)


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        (20, "paper_jam"),
        (21, "paper_jam"),
        (29, "feeder_empty"),
        (23, "device_gone"),
        (24, "cover_open"),
        (1, "scanner_io"),
    ],
)
def test_twain_condition_translation(condition: int, reason: str) -> None:
    assert twain.translate_condition(condition) == reason


@pytest.mark.parametrize("mode", ["RGB", "L", "1"])
def test_native_transfer_dib_becomes_an_image(mode: str) -> None:
    original = Image.new(mode, (37, 23), "white" if mode != "1" else 1)
    original.putpixel((3, 4), (10, 200, 30) if mode == "RGB" else 0)
    buf = io.BytesIO()
    original.save(buf, "BMP")
    dib = buf.getvalue()[14:]  # a native transfer hands the DIB without the file header
    image = twain.dib_to_image(dib)
    assert image.size == (37, 23)
    assert image.convert(mode).getpixel((3, 4)) == original.getpixel((3, 4))


def test_truncated_dib_is_a_scanner_error() -> None:
    with pytest.raises(ScannerError):
        twain.dib_to_image(b"\x28\x00")
