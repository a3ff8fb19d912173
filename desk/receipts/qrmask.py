"""Choose the QR code's data mask (ISO/IEC 18004:2015 §7.8) without eight encodings.

zint (inside zxing-cpp) picks the mask by masking and scoring the whole symbol eight
times, which is 90 % of the cost of encoding a receipt's code. Here the symbol is
encoded once with mask 0, its data modules are unmasked, the eight masked candidates
are rebuilt with numpy (data modules, plus the format information of each mask) and
scored with the four penalty rules of §7.8.3.1 as zint scores them, and the winner is
the symbol. tests/desk/receipts/test_qrmask.py checks that the rebuilt candidates are
zint's symbols bit for bit and that the symbol is the one zint makes on its own.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

_EC_M = 0b00  # format information bits of error correction level M


@functools.cache
def _masks(size: int) -> Any:
    """The eight mask patterns (§7.8.2, table 10): ``(8, size, size)`` booleans."""
    i, j = np.indices((size, size))  # i: row, j: column
    return np.stack(
        [
            (i + j) % 2 == 0,
            i % 2 == 0,
            j % 3 == 0,
            (i + j) % 3 == 0,
            (i // 2 + j // 3) % 2 == 0,
            (i * j) % 2 + (i * j) % 3 == 0,
            ((i * j) % 2 + (i * j) % 3) % 2 == 0,
            ((i + j) % 2 + (i * j) % 3) % 2 == 0,
        ]
    )


def _alignment_centres(version: int) -> list[int]:
    """Row/column coordinates of the alignment patterns (§6.3.6, Annex E)."""
    if version == 1:
        return []
    count = version // 7 + 2
    size = 17 + 4 * version
    step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
    return [6, *sorted(size - 7 - k * step for k in range(count - 1))]


@functools.cache
def _format_cells(size: int) -> tuple[Any, Any, Any]:
    """Rows, columns and bit numbers of the two copies of the format information."""
    cells = [(i, 8, i) for i in range(6)]
    cells += [(8, size - 1 - i, i) for i in range(8)]
    cells += [(8, 5 - i, i + 9) for i in range(6)]
    cells += [(size - 7 + i, 8, i + 8) for i in range(7)]
    cells += [(7, 8, 6), (8, 8, 7), (8, 7, 8)]
    rows, cols, bits = (np.array(v) for v in zip(*cells, strict=True))
    return rows, cols, bits


@functools.cache
def _data_region(size: int) -> Any:
    """Modules that carry data and error correction (everything masking applies to)."""
    version = (size - 17) // 4
    function = np.zeros((size, size), dtype=bool)
    for r, c in ((0, 0), (0, size - 8), (size - 8, 0)):  # finders with their separators
        function[r : r + 8, c : c + 8] = True
    function[6, :] = function[:, 6] = True  # timing patterns
    centres = _alignment_centres(version)
    corners = {(6, 6), (6, size - 7), (size - 7, 6)}  # where the finders are
    for r in centres:
        for c in centres:
            if (r, c) not in corners:
                function[r - 2 : r + 3, c - 2 : c + 3] = True
    if version >= 7:  # version information
        function[:6, size - 11 : size - 8] = function[size - 11 : size - 8, :6] = True
    rows, cols, _ = _format_cells(size)
    function[rows, cols] = True
    function[size - 8, 8] = True  # the dark module
    return ~function


@functools.cache
def _format_bits(mask: int) -> Any:
    """The 15 format information bits for level M and ``mask`` (§7.9, BCH(15,5))."""
    data = (_EC_M << 3) | mask
    remainder = data << 10
    for shift in range(4, -1, -1):
        if remainder & (1 << (shift + 10)):
            remainder ^= 0x537 << shift
    word = ((data << 10) | remainder) ^ 0x5412
    return np.array([(word >> k) & 1 for k in range(15)], dtype=bool)


_FORMAT_BITS = np.stack([_format_bits(m) for m in range(8)])


def candidates(symbol: Any) -> Any:
    """The eight masked versions ``(8, size, size)`` of ``symbol`` (booleans, dark
    true), given the symbol encoded with mask 0."""
    size = symbol.shape[0]
    region = _data_region(size)
    masks = _masks(size)
    raw = symbol ^ (masks[0] & region)
    out = raw[None, :, :] ^ (masks & region)
    rows, cols, bits = _format_cells(size)
    out[:, rows, cols] = _FORMAT_BITS[:, bits]
    return out


#: symbols up to this side are scored with one 64-bit word per row
MAX_SIDE = 64
_U = [np.uint64(k) for k in range(11)]
_ALL = ~np.uint64(0)
_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)


def _words(packed: Any) -> Any:
    """Little-endian bytes ``(8, lines, bytes)`` of each line as one 64-bit word."""
    words = np.zeros((*packed.shape[:2], 8), dtype=np.uint8)
    words[:, :, : packed.shape[2]] = packed
    return words.view("<u8")[:, :, 0]


def _count(words: Any) -> Any:
    """Set bits of each candidate's words."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2
        return np.bitwise_count(words).sum(axis=1, dtype=np.int64)
    return _POPCOUNT[np.ascontiguousarray(words).view(np.uint8)].reshape(len(words), -1).sum(axis=1)


def _lines_penalty(x: Any, size: int) -> Any:
    """Rules 1 and 3 along the lines ``x`` (one word per line, module j at bit j)."""
    u = _U
    eq = ~(x ^ (x >> u[1])) & np.uint64((1 << (size - 1)) - 1)  # (j, j + 1) alike
    # rule 1: length - 2 for a run of 5 or more = its windows of 5 + 2 at its first
    five = eq & (eq >> u[1]) & (eq >> u[2]) & (eq >> u[3])
    first = five & ~(eq << u[1])
    # rule 3: 1011101 with 4 light modules before or after it (outside is light)
    light = ~x
    found = x & (light >> u[1]) & (x >> u[2]) & (x >> u[3]) & (x >> u[4])
    found &= (light >> u[5]) & (x >> u[6])
    before = _ALL
    for k in range(1, 5):
        before = before & ((light << u[k]) | np.uint64((1 << k) - 1))
    after = _ALL
    for k in range(7, 11):  # the bits shifted in from beyond bit 63 are outside: light
        after = after & ((light >> u[k]) | ~(_ALL >> u[k]))
    found &= before | after
    return _count(five) + 2 * _count(first) + 40 * _count(found)


def penalties(cands: Any) -> Any:
    """Penalty score of each candidate (§7.8.3.1, rules 1 to 4), as zint counts them;
    candidates of at most :data:`MAX_SIDE` modules."""
    size = cands.shape[1]
    rows = _words(np.packbits(cands, axis=2, bitorder="little"))
    columns = _words(np.packbits(cands, axis=1, bitorder="little").transpose(0, 2, 1))
    score = _lines_penalty(np.concatenate((rows, columns), axis=1), size)
    # rule 2: each 2x2 block of one colour
    top, bottom = rows[:, :-1], rows[:, 1:]
    same = ~(top ^ bottom) & ~(top ^ (top >> _U[1])) & ~(bottom ^ (bottom >> _U[1]))
    same &= np.uint64((1 << (size - 1)) - 1)
    score = score + 3 * _count(same)
    # rule 4: proportion of dark modules
    percent = 100.0 * _count(rows) / (size * size)
    return score + 10 * (np.abs(percent - 50.0) // 5.0)


def best_symbol(symbol: Any) -> Any | None:
    """``symbol`` (encoded with mask 0) masked with the mask of lowest penalty (the
    first of equals, as zint chooses); None, to let the encoder choose, for a symbol
    wider than :data:`MAX_SIDE` or whose format information is not level M, mask 0."""
    size = symbol.shape[0]
    rows, cols, bits = _format_cells(size)
    if size > MAX_SIDE or not np.array_equal(symbol[rows, cols], _FORMAT_BITS[0, bits]):
        return None
    cands = candidates(symbol)
    return cands[int(np.argmin(penalties(cands)))]
