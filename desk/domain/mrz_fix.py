"""Correction of OCR confusions in a machine-readable zone, only where it is proven.

1. By field type: dates and check digits are digits only, so a letter read there is
   mapped to the digit it resembles (O/Q/D→0, I/L→1, Z→2, S→5, G→6, B→8); codes and
   names are letters and fillers only, so a digit is mapped to its letter.
2. By check digit: in the alphanumeric fields that carry a check digit (document
   number, TD3 personal number) each confusable character (O/0, I/1, Z/2, S/5, B/8)
   may be either; a variant with one character swapped is adopted only when it is
   the only one that passes the field's check digit (and the composite check digit,
   ICAO 9303 part 3 §4.9). A check digit cannot prove more: it misses every change
   between characters whose values differ by a multiple of 10, and about one wrong
   variant in ten passes it, so the OCR passes ``doubtful`` positions (characters it
   was unsure of) and then only those are varied. G/6 is never tried there: they weigh
   the same modulo 10, so a check digit cannot tell them apart.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping, Sequence

from desk.domain.mrz import FILLER, Correction, Layout, Pos, check_ok, number_positions

LETTER_TO_DIGIT = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "Z": "2",
    "S": "5",
    "G": "6",
    "B": "8",
}
DIGIT_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}
#: pairs a check digit tells apart (their values differ by a number prime to 10's factors
#: times every weight: O/0 24, I/1 17, Z/2 33, S/5 23, B/8 3)
SWAPS = {
    "O": "0",
    "0": "O",
    "I": "1",
    "1": "I",
    "Z": "2",
    "2": "Z",
    "S": "5",
    "5": "S",
    "B": "8",
    "8": "B",
}
#: a field is corrected with at most this many swapped characters
MAX_SWAPS = 1


def _span_positions(span: tuple[int, int, int]) -> list[Pos]:
    line, start, end = span
    return [(line, c) for c in range(start, end)]


def typed_positions(layout: Layout) -> tuple[list[tuple[str, Pos]], list[tuple[str, Pos]]]:
    """(field, position) of numeric-only and letters-only characters."""
    numeric: list[tuple[str, Pos]] = []
    for name, span, check in (
        ("birth_date", layout.birth, layout.birth_check),
        ("expiry_date", layout.expiry, layout.expiry_check),
    ):
        numeric += [(name, p) for p in _span_positions(span)] + [(name, check)]
    numeric.append(("document_number", layout.number_check))
    if layout.optional_check:
        numeric.append(("optional_data", layout.optional_check))
    if layout.composite:
        numeric.append(("composite", layout.composite))
    alpha: list[tuple[str, Pos]] = []
    for name, span in (
        ("document_type", layout.document_type),
        ("issuing_state", layout.issuing_state),
        ("nationality", layout.nationality),
        ("name", layout.name),
    ):
        alpha += [(name, p) for p in _span_positions(span)]
    return numeric, alpha


def correct(
    layout: Layout, rows: Sequence[str], doubtful: Mapping[Pos, str] | None = None
) -> tuple[list[str], list[Correction]]:
    """``rows`` with the proven corrections applied, and the list of them.
    ``doubtful`` maps the positions an OCR was unsure of to the other characters it
    considered; when given, only those positions are varied to satisfy check digits."""
    grid = [list(r) for r in rows]
    fixes: list[Correction] = []
    numeric, alpha = typed_positions(layout)
    for table, positions in ((LETTER_TO_DIGIT, numeric), (DIGIT_TO_LETTER, alpha)):
        for name, (line, col) in positions:
            c = grid[line][col]
            if c in table:
                grid[line][col] = table[c]
                fixes.append(Correction(name, line, col, c, table[c], "field_type"))
    fixes += _by_check_digits(layout, grid, doubtful)
    return ["".join(r) for r in grid], fixes


def _by_check_digits(
    layout: Layout, grid: list[list[str]], doubtful: Mapping[Pos, str] | None
) -> list[Correction]:
    rows = ["".join(r) for r in grid]
    fields: list[tuple[str, list[Pos], Pos]] = []
    positions, check = number_positions(layout, rows)
    fields.append(("document_number", positions, check))
    if layout.optional_check:
        fields.append(("optional_data", _span_positions(layout.optional), layout.optional_check))

    def value(ps: list[Pos]) -> str:
        return "".join(grid[line][col] for line, col in ps)

    def ok(ps: list[Pos], chk: Pos, text: str) -> bool:
        return check_ok(text, grid[chk[0]][chk[1]]) and set(text) != {FILLER}

    choices: list[list[str]] = []
    for _, ps, chk in fields:
        original = value(ps)
        if doubtful is None:
            options = [(i, SWAPS[c]) for i, c in enumerate(original) if c in SWAPS]
        else:
            options = [(i, doubtful[p]) for i, p in enumerate(ps) if p in doubtful]
        passing = _nearest(original, options, functools.partial(ok, ps, chk))
        choices.append(passing or [original])
    originals = [value(ps) for _, ps, _ in fields]
    if layout.composite:
        combos = [list(c) for c in itertools.product(*choices)]
        combos = [c for c in combos if _composite_ok(layout, grid, fields, c)]
        all_fields_ok = [
            c for c in combos if all(ok(f[1], f[2], v) for f, v in zip(fields, c, strict=False))
        ]
        if originals in all_fields_ok:
            return []
        if len(all_fields_ok) == 1:
            return _apply(grid, fields, all_fields_ok[0])
    # a field is corrected when exactly one nearest variant passes its own check digit
    chosen = [
        c[0] if len(c) == 1 and ok(f[1], f[2], c[0]) else v
        for f, c, v in zip(fields, choices, originals, strict=False)
    ]
    return _apply(grid, fields, chosen)


def _nearest(text: str, options: list[tuple[int, str]], ok: Callable[[str], bool]) -> list[str]:
    """The variants of ``text`` that pass ``ok`` with the fewest changes (none, then up
    to MAX_SWAPS), each change putting at index i one of the characters options give."""
    if ok(text):
        return [text]
    for n in range(1, min(len(options), MAX_SWAPS) + 1):
        passing = []
        for picked in itertools.combinations(options, n):
            for chars in itertools.product(*(alts for _, alts in picked)):
                variant = list(text)
                for (i, _), ch in zip(picked, chars, strict=True):
                    variant[i] = ch
                candidate = "".join(variant)
                if ok(candidate):
                    passing.append(candidate)
        if passing:
            return passing
    return []


def variants(text: str, swaps: int = 1) -> list[str]:
    """``text`` and every variant of it with at most ``swaps`` confusions swapped."""
    ambiguous = [i for i, c in enumerate(text) if c in SWAPS]
    out = [text]
    for n in range(1, min(len(ambiguous), swaps) + 1):
        for idxs in itertools.combinations(ambiguous, n):
            chars = list(text)
            for i in idxs:
                chars[i] = SWAPS[chars[i]]
            out.append("".join(chars))
    return out


def _composite_ok(
    layout: Layout,
    grid: list[list[str]],
    fields: list[tuple[str, list[Pos], Pos]],
    combo: list[str],
) -> bool:
    trial = [row[:] for row in grid]
    for (_, ps, _), v in zip(fields, combo, strict=False):
        for (line, col), ch in zip(ps, v, strict=False):
            trial[line][col] = ch
    rows = ["".join(r) for r in trial]
    text = "".join(rows[line][s:e] for line, s, e in layout.composite_spans)
    assert layout.composite is not None
    return check_ok(text, rows[layout.composite[0]][layout.composite[1]])


def _apply(
    grid: list[list[str]], fields: list[tuple[str, list[Pos], Pos]], combo: list[str]
) -> list[Correction]:
    fixes = []
    for (name, ps, _), v in zip(fields, combo, strict=False):
        for (line, col), ch in zip(ps, v, strict=False):
            if grid[line][col] != ch:
                fixes.append(Correction(name, line, col, grid[line][col], ch, "check_digit"))
                grid[line][col] = ch
    return fixes
