"""The QR mask chosen by desk.receipts.qrmask is the one zint (zxing-cpp's encoder)
would choose, and the candidates it scores are zint's own masked symbols."""

from __future__ import annotations

import random
import string
from typing import Any

import numpy as np
import pytest
import zxingcpp

from desk.receipts import qrmask


def encode(payload: str, **options: object) -> Any:
    symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, **options)
    return np.asarray(symbol.to_image(scale=1, add_quiet_zones=False)) < 128


def payloads(length: int, count: int) -> list[str]:
    rng = random.Random(length)  # the same payloads every run
    alphabet = string.ascii_letters + string.digits + "|-_"
    return ["".join(rng.choice(alphabet) for _ in range(length)) for _ in range(count)]


# versions 2 to 11: with and without alignment patterns and version information
LENGTHS = [20, 60, 100, 150, 191, 215]


@pytest.mark.parametrize("length", LENGTHS)
def test_candidates_are_the_encoders_masked_symbols(length: int) -> None:
    for payload in payloads(length, 3):
        candidates = qrmask.candidates(encode(payload, ec_level="M", data_mask=0))
        for mask in range(8):
            assert np.array_equal(candidates[mask], encode(payload, ec_level="M", data_mask=mask))


@pytest.mark.parametrize("length", LENGTHS)
def test_the_symbol_is_the_encoders_own(length: int) -> None:
    """Same mask as the encoder's choice, so the very symbol it makes on its own."""
    sides = set()
    for payload in payloads(length, 12):
        chosen = qrmask.best_symbol(encode(payload, ec_level="M", data_mask=0))
        automatic = encode(payload, ec_level="M")
        sides.add(automatic.shape[0])
        assert np.array_equal(chosen, automatic)
    assert max(sides) <= qrmask.MAX_SIDE


def test_wide_symbols_are_left_to_the_encoder() -> None:
    (payload,) = payloads(400, 1)
    assert qrmask.best_symbol(encode(payload, ec_level="M", data_mask=0)) is None


def test_a_symbol_not_masked_with_mask_0_is_left_to_the_encoder() -> None:
    """Were the encoder to ignore the requested mask, nothing would be unmasked wrongly."""
    for payload in payloads(191, 6):
        for mask in range(1, 8):
            assert qrmask.best_symbol(encode(payload, ec_level="M", data_mask=mask)) is None
