"""Validators for the identifiers a counter handles (DOMAIN.md, "Identifiers").

Each validator returns a :class:`Check` and never raises on bad input: the caller
decides whether an invalid value is an error (a form) or a negative answer (``desk
check``). ``message`` is a stable code that :mod:`desk.messages` words in French.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    valid: bool
    normalized: str
    message: str  # stable code: "ok", "wrong_length", "not_digits", ...
    departement: str | None = None
    review: bool = False  # valid but a person should look again (e.g. 9-digit numéro)
    extra: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "valid": self.valid,
            "normalized": self.normalized,
            "message": self.message,
        }
        if self.departement is not None:
            d["departement"] = self.departement
        if self.review:
            d["review"] = True
        return d


_SPACES = re.compile(r"[\s.\-_/]+")


def _compact(value: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def _ascii_digits(v: str) -> bool:
    """Only 0-9: str.isdigit() also accepts Arabic-Indic, superscript and other digits."""
    return v.isascii() and v.isdigit()


def check_numero_etranger(value: str) -> Check:
    """Numéro étranger (AGDREF): 10 digits. Some sources say 9: accepted, flagged for
    review (DOMAIN.md, "Identifiers")."""
    v = _compact(value)
    if not v:
        return Check(False, v, "empty")
    if not _ascii_digits(v):
        return Check(False, v, "not_digits")
    if len(v) == 10:
        return Check(True, v, "ok")
    if len(v) == 9:
        return Check(True, v, "nine_digits_review", review=True)
    return Check(False, v, "wrong_length")


def check_timbre(value: str) -> Check:
    """Timbre fiscal électronique: 16 digits (valid 6 months, refundable 1 year)."""
    v = _compact(value)
    if not v:
        return Check(False, v, "empty")
    if not _ascii_digits(v):
        return Check(False, v, "not_digits")
    if len(v) != 16:
        return Check(False, v, "wrong_length")
    return Check(True, v, "ok")


#: e-photo (ANTS) code length. DOMAIN.md: 22 alphanumerics; one source says 21 —
#: UNVERIFIED, so 21 is accepted and flagged for review rather than refused.
EPHOTO_LENGTH = 22
EPHOTO_ALT_LENGTH = 21


def check_ephoto(value: str) -> Check:
    """Code e-photo ANTS: 22 alphanumeric characters (21 flagged, UNVERIFIED)."""
    v = _compact(value)
    if not v:
        return Check(False, v, "empty")
    if not v.isascii() or not v.isalnum():
        return Check(False, v, "not_alnum")
    if len(v) == EPHOTO_LENGTH:
        return Check(True, v, "ok")
    if len(v) == EPHOTO_ALT_LENGTH:
        return Check(True, v, "ephoto_21_review", review=True)
    return Check(False, v, "wrong_length")


_OVERSEAS = {"971", "972", "973", "974", "975", "976", "977", "978", "986", "987", "988"}
# Corsica: 200xx-201xx Corse-du-Sud (2A), 202xx-206xx Haute-Corse (2B)
_CORSICA_2A_MAX = 201


def check_postal_code(value: str) -> Check:
    """French postal code -> département (DOMAIN.md): 5 digits, first two the
    département; Corsica 20xxx -> 2A/2B; overseas 97x/98x -> three digits. A few
    communes are served from a neighbouring département: ``review`` is not set for
    them since no table is authoritative; the agent may correct the département."""
    v = _compact(value)
    if not v:
        return Check(False, v, "empty")
    if not _ascii_digits(v):
        return Check(False, v, "not_digits")
    if len(v) != 5:
        return Check(False, v, "wrong_length")
    if v == "00000" or v.startswith("00"):
        return Check(False, v, "unknown_departement")
    head3 = v[:3]
    if v.startswith("97") or v.startswith("98"):
        if head3 not in _OVERSEAS:
            return Check(False, v, "unknown_departement")
        return Check(True, v, "ok", departement=head3)
    if v.startswith("20"):
        dep = "2A" if int(head3) <= _CORSICA_2A_MAX else "2B"
        return Check(True, v, "ok", departement=dep)
    dep = v[:2]
    if dep == "96" or dep == "99":
        return Check(False, v, "unknown_departement")
    return Check(True, v, "ok", departement=dep)


CHECKERS = {
    "numero-etranger": check_numero_etranger,
    "timbre": check_timbre,
    "ephoto": check_ephoto,
    "postal-code": check_postal_code,
}


def normalize_departement(value: str) -> str:
    """'2a' -> '2A', '5' -> '05', '971' -> '971'."""
    v = _compact(value)
    if _ascii_digits(v) and len(v) == 1:
        return "0" + v
    return v
