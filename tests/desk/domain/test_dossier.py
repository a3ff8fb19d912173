"""The dossier life cycle and its national number."""

from __future__ import annotations

import itertools

import pytest

from desk.domain.dossier import (
    TRANSITIONS,
    DossierStatus,
    check_letter,
    format_number,
    normalize_number,
    status_after_pieces,
    transition,
)
from desk.errors import ForbiddenTransition, InvalidIdentifier

S = DossierStatus


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (S.DRAFT, S.COLLECTING),
        (S.COLLECTING, S.READY),
        (S.READY, S.FILED_ONLINE),
        (S.READY, S.DEPOSITED),
        (S.COLLECTING, S.INCOMPLETE),
        (S.INCOMPLETE, S.COLLECTING),
        (S.FILED_ONLINE, S.CLOSED),
        (S.DEPOSITED, S.CLOSED),
        (S.INCOMPLETE, S.CLOSED),
    ],
)
def test_allowed_transitions(a: DossierStatus, b: DossierStatus) -> None:
    assert transition(a, b) is b


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (S.DRAFT, S.FILED_ONLINE),
        (S.COLLECTING, S.DEPOSITED),
        (S.CLOSED, S.COLLECTING),
        (S.FILED_ONLINE, S.DEPOSITED),
        (S.DEPOSITED, S.COLLECTING),
        (S.DRAFT, S.READY),
    ],
)
def test_forbidden_transitions_raise_typed_error(a: DossierStatus, b: DossierStatus) -> None:
    with pytest.raises(ForbiddenTransition) as err:
        transition(a, b)
    assert err.value.current == a.value and err.value.target == b.value


def test_closed_is_final_and_every_state_is_reachable_from_draft() -> None:
    assert TRANSITIONS[S.CLOSED] == frozenset()
    seen, todo = {S.DRAFT}, [S.DRAFT]
    while todo:
        for nxt in TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(S)


def test_status_follows_the_checklist() -> None:
    assert status_after_pieces(S.DRAFT, complete=False) is S.COLLECTING
    assert status_after_pieces(S.DRAFT, complete=True) is S.READY
    assert status_after_pieces(S.COLLECTING, complete=True) is S.READY
    assert status_after_pieces(S.READY, complete=False) is S.COLLECTING
    assert status_after_pieces(S.INCOMPLETE, complete=True) is S.READY
    assert status_after_pieces(S.FILED_ONLINE, complete=False) is S.FILED_ONLINE


class TestNumber:
    def test_format(self) -> None:
        n = format_number("75", 3, 2026, 42)
        assert n.startswith("075-03-2026-000042-") and len(n) == 20

    def test_corsica_and_overseas(self) -> None:
        assert format_number("2A", 1, 2026, 1).startswith("02A-01-")
        assert format_number("971", 12, 2026, 1).startswith("971-12-")

    def test_normalize_accepts_compact_and_lower_case(self) -> None:
        n = format_number("75", 3, 2026, 42)
        assert normalize_number(n.replace("-", "").lower()) == n
        assert normalize_number(f"  {n} ") == n

    def test_wrong_check_letter_refused(self) -> None:
        n = format_number("75", 3, 2026, 42)
        wrong = n[:-1] + ("A" if n[-1] != "A" else "B")
        assert normalize_number(wrong) is None

    def test_every_single_substitution_and_adjacent_swap_is_caught(self) -> None:
        body = "075-03-2026-000042"
        good = check_letter(body)
        chars = list(body.replace("-", ""))
        for i, c in enumerate(chars):
            for d in "0123456789":
                if d != c:
                    mutated = chars.copy()
                    mutated[i] = d
                    assert check_letter("".join(mutated)) != good
        for i in range(len(chars) - 1):
            if chars[i] != chars[i + 1]:
                swapped = chars.copy()
                swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
                assert check_letter("".join(swapped)) != good

    def test_check_letters_are_unambiguous_when_read_aloud(self) -> None:
        letters = {check_letter(f"075-01-2026-{i:06d}") for i in range(1, 500)}
        assert not letters & {"I", "O", "U"}

    def test_numbers_are_unique_over_counters_and_sequences(self) -> None:
        numbers = {
            format_number(p, c, 2026, s)
            for p, c, s in itertools.product(["75", "2A", "971"], [1, 2], range(1, 50))
        }
        assert len(numbers) == 3 * 2 * 49

    @pytest.mark.parametrize(("counter", "seq"), [(0, 1), (100, 1), (1, 0), (1, 1_000_000)])
    def test_out_of_range(self, counter: int, seq: int) -> None:
        with pytest.raises(InvalidIdentifier):
            format_number("75", counter, 2026, seq)
