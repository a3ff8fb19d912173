"""SANE backend: the option plan (pure) and the real ``test`` device."""

from __future__ import annotations

import pytest

from desk.capture.sane_backend import SaneBackend, choose_resolution, plan_options, translate_error
from desk.capture.scanner import (
    CancelToken,
    ScannerError,
    ScanSettings,
    Source,
    UnknownDevice,
    backend_for,
)
from desk.domain.catalogue import ColourMode

# the option constraints the test device advertises (scanimage -A, python-sane)
TEST_DEVICE = {
    "mode": ["Gray", "Color"],
    "depth": [1, 8, 16],
    "resolution": (1.0, 1200.0, 1.0),
    "source": ["Flatbed", "Automatic Document Feeder"],
    "br-x": (0.0, 200.0, 1.0),
    "br-y": (0.0, 200.0, 1.0),
}
# a sheet-fed duplex office scanner as its SANE backend describes it (sane-fujitsu(5))
FEEDER_DEVICE = {
    "source": ["ADF Front", "ADF Back", "ADF Duplex"],
    "mode": ["Lineart", "Halftone", "Gray", "Color"],
    "resolution": [100, 150, 200, 240, 300, 400, 600],
}


def test_plan_for_the_test_device() -> None:
    plan = dict(plan_options(ScanSettings(Source.ADF, 300, ColourMode.GREY), TEST_DEVICE))
    assert plan == {
        "source": "Automatic Document Feeder",
        "mode": "Gray",
        "depth": 8,
        "resolution": 300.0,
        "br-x": 200.0,
        "br-y": 200.0,
    }
    assert plan_options(ScanSettings(), TEST_DEVICE)[0] == ("source", "Flatbed")


def test_plan_maps_sources_and_modes_of_a_duplex_feeder() -> None:
    duplex = dict(plan_options(ScanSettings(Source.DUPLEX, 250, ColourMode.BW), FEEDER_DEVICE))
    assert duplex["source"] == "ADF Duplex"
    assert duplex["mode"] == "Gray"  # thresholded by the pipeline, not by the scanner
    assert duplex["resolution"] == 300.0  # the next one up
    front = dict(plan_options(ScanSettings(Source.ADF, 200, ColourMode.COLOUR), FEEDER_DEVICE))
    assert front["source"] == "ADF Front"
    assert front["mode"] == "Color"


def test_plan_refuses_a_source_the_device_lacks() -> None:
    with pytest.raises(ScannerError) as err:
        plan_options(ScanSettings(Source.DUPLEX), TEST_DEVICE)
    assert err.value.reason == "unsupported_source"
    with pytest.raises(ScannerError):
        plan_options(ScanSettings(Source.FLATBED), FEEDER_DEVICE)


def test_resolution_choice() -> None:
    assert choose_resolution((50.0, 600.0, 25.0), 310) == 300.0
    assert choose_resolution([75, 150, 600], 300) == 600.0
    assert choose_resolution([75, 150], 300) == 150.0


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Document feeder jammed", "paper_jam"),
        ("Document feeder out of documents", "feeder_empty"),
        ("Error during device I/O", "device_gone"),
        ("Scanner cover is open", "cover_open"),
        ("Something new", "scanner_io"),
    ],
)
def test_error_translation(text: str, reason: str) -> None:
    assert translate_error(text) == reason


@pytest.mark.sane
def test_lists_the_test_devices(sane_test_device: str) -> None:
    ids = [d.id for d in SaneBackend().devices()]
    assert sane_test_device in ids


@pytest.mark.sane
def test_flatbed_scans_one_page(sane_test_device: str) -> None:
    progress: list[tuple[int, float]] = []
    settings = ScanSettings(Source.FLATBED, 100)
    pages = list(
        SaneBackend().scan(sane_test_device, settings, lambda i, f: progress.append((i, f)))
    )
    assert len(pages) == 1
    page = pages[0]
    assert page.dpi == 100
    assert page.image.mode == "RGB"
    assert page.image.size == (787, 787)  # 200 mm at 100 dpi
    assert progress[-1] == (0, 1.0)


@pytest.mark.sane
def test_feeder_scans_several_pages(sane_test_device: str) -> None:
    settings = ScanSettings(Source.ADF, 75, ColourMode.GREY, max_pages=4)
    pages = list(SaneBackend().scan(sane_test_device, settings))
    assert [p.index for p in pages] == [0, 1, 2, 3]
    assert all(p.image.mode == "L" for p in pages)


@pytest.mark.sane
def test_feeder_stops_when_empty(sane_test_device: str) -> None:
    # the test device's feeder holds 10 sheets
    pages = list(SaneBackend().scan(sane_test_device, ScanSettings(Source.ADF, 25)))
    assert 5 <= len(pages) <= 10


@pytest.mark.sane
@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("SANE_STATUS_JAMMED", "paper_jam"),
        ("SANE_STATUS_NO_DOCS", "feeder_empty"),
        ("SANE_STATUS_IO_ERROR", "device_gone"),
    ],
)
def test_device_errors_become_reasons(sane_test_device: str, status: str, reason: str) -> None:
    # the test backend keeps option values for the life of the process: the error
    # tests use the second device and leave the first one clean
    backend = SaneBackend(extra_options={"read-return-value": status})
    with pytest.raises(ScannerError) as err:
        list(backend.scan("sane:test:1", ScanSettings(Source.ADF, 25)))
    assert err.value.reason == reason
    assert err.value.pages == 0


@pytest.mark.sane
def test_cancel_stops_between_pages(sane_test_device: str) -> None:
    cancel = CancelToken()
    got: list[object] = []

    def take_two_then_cancel() -> None:
        for page in SaneBackend().scan(
            sane_test_device, ScanSettings(Source.ADF, 25), None, cancel
        ):
            got.append(page)
            if len(got) == 2:
                cancel.cancel()

    with pytest.raises(ScannerError) as err:
        take_two_then_cancel()
    assert err.value.reason == "cancelled"
    assert len(got) == 2


@pytest.mark.sane
def test_unknown_device(sane_test_device: str) -> None:
    with pytest.raises(UnknownDevice):
        list(SaneBackend().scan("sane:nosuch:9", ScanSettings()))


def test_device_ids_are_routed_to_their_backend() -> None:
    backend = SaneBackend()
    assert backend_for("sane:test:0", [backend]) == (backend, "sane:test:0")
    assert backend_for("test:0", [backend]) == (backend, "sane:test:0")
