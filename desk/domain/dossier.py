"""The dossier: its life cycle (a state machine) and its national number.

States (issue "Counter foundation"):

    draft -> collecting -> ready -> filed_online | deposited
                     \\-> incomplete (awaiting pieces) -> collecting ...
    filed_online | deposited | incomplete -> closed
"""

from __future__ import annotations

import re
from enum import StrEnum

from desk.errors import ForbiddenTransition, InvalidIdentifier


class DossierStatus(StrEnum):
    DRAFT = "draft"
    COLLECTING = "collecting"  # collecting pieces
    READY = "ready"  # every mandatory piece present
    FILED_ONLINE = "filed_online"  # ANEF filing completed with the applicant
    DEPOSITED = "deposited"  # substitution deposit (arrêté of 1 August 2023)
    INCOMPLETE = "incomplete"  # awaiting pieces, a demande de pièces was handed over
    CLOSED = "closed"


S = DossierStatus

TRANSITIONS: dict[DossierStatus, frozenset[DossierStatus]] = {
    S.DRAFT: frozenset({S.COLLECTING, S.CLOSED}),
    S.COLLECTING: frozenset({S.READY, S.INCOMPLETE, S.CLOSED}),
    S.READY: frozenset({S.COLLECTING, S.FILED_ONLINE, S.DEPOSITED, S.INCOMPLETE}),
    # an online filing may be made while pieces are still missing on paper: the
    # online service then asks for them itself
    S.FILED_ONLINE: frozenset({S.CLOSED}),
    S.DEPOSITED: frozenset({S.CLOSED}),
    # the applicant returns with pieces: the agent continues where they stopped
    S.INCOMPLETE: frozenset({S.COLLECTING, S.READY, S.CLOSED}),
    S.CLOSED: frozenset(),
}

#: states in which pieces may still be added or changed
OPEN_FOR_PIECES = frozenset({S.DRAFT, S.COLLECTING, S.READY, S.INCOMPLETE})


def can_transition(current: DossierStatus, target: DossierStatus) -> bool:
    return target in TRANSITIONS[current]


def transition(current: DossierStatus, target: DossierStatus) -> DossierStatus:
    """Return ``target`` if the life cycle allows it, else raise ForbiddenTransition."""
    if not can_transition(current, target):
        raise ForbiddenTransition(current.value, target.value)
    return target


def status_after_pieces(current: DossierStatus, complete: bool) -> DossierStatus:
    """Where a dossier goes when its checklist changes (a piece added or removed)."""
    if current in (S.DRAFT, S.INCOMPLETE):
        return S.READY if complete else S.COLLECTING
    if current == S.COLLECTING and complete:
        return S.READY
    if current == S.READY and not complete:
        return S.COLLECTING
    return current


# --- dossier numbers ------------------------------------------------------------------
#
# PPP-CC-YYYY-NNNNNN-K : prefecture code (3 chars, e.g. 075, 02A, 971), counter
# number, year, sequence of that counter in that year, and a check letter. Unique
# across the country since (prefecture, counter) is unique and each counter owns its
# sequence. The check letter is read aloud without ambiguity: no I, O or U.

CHECK_ALPHABET = "ABCDEFGHJKLMNPQRSTVWXYZ"  # 23 letters, a prime modulus
_VALUE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NUMBER_RE = re.compile(
    r"^(?P<pref>[0-9][0-9AB][0-9])-?(?P<counter>\d{2})-?(?P<year>\d{4})-?(?P<seq>\d{6})-?(?P<check>[A-Z])$"
)


def prefecture_code(departement: str) -> str:
    """Three-character prefecture code from a département: '75' -> '075'."""
    d = departement.strip().upper()
    if len(d) == 1:
        d = "0" + d
    return d.rjust(3, "0")


def check_letter(body: str) -> str:
    """Check letter over the digits and letters of ``body`` (dashes ignored).

    Weighted sum modulo 23 with weights 1..n: a prime modulus and distinct weights
    catch every single-character error and every swap of two adjacent characters."""
    chars = [c for c in body.upper() if c != "-"]
    total = sum((i + 1) * (_VALUE_ALPHABET.index(c) + 1) for i, c in enumerate(chars))
    return CHECK_ALPHABET[total % len(CHECK_ALPHABET)]


def format_number(prefecture: str, counter: int, year: int, sequence: int) -> str:
    if not 0 < counter < 100:
        raise InvalidIdentifier("dossier-number", str(counter), "counter_out_of_range")
    if not 0 < sequence < 1_000_000:
        raise InvalidIdentifier("dossier-number", str(sequence), "sequence_out_of_range")
    body = f"{prefecture_code(prefecture)}-{counter:02d}-{year:04d}-{sequence:06d}"
    return f"{body}-{check_letter(body)}"


def normalize_number(text: str) -> str | None:
    """Canonical form of a dossier number typed or scanned, or None if it is not one
    (wrong shape or wrong check letter)."""
    compact = re.sub(r"[\s\-_.]", "", text.upper())
    m = NUMBER_RE.match(compact)
    if not m:
        return None
    body = f"{m['pref']}-{m['counter']}-{m['year']}-{m['seq']}"
    if check_letter(body) != m["check"]:
        return None
    return f"{body}-{m['check']}"
