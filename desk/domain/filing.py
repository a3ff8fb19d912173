"""What a filing needs besides the substitution rules: completeness, the deadline for
missing pieces, fees and timbres, the implicit-decision date, and the attestation de
dépôt cross-check.

Texts:
- CRPA art. L.114-5: when an application is incomplete, the administration names the
  missing pieces and sets a deadline for them (:func:`completeness`).
- CESEDA art. R.432-1, R.432-2 (via desk.domain.deadlines): four months of silence on a
  complete application is an implicit rejection; an incomplete dossier's silence is
  not a decision (CE avis 10 October 2024, n° 493514).
- CESEDA art. R.431-5 (via desk.domain.deadlines): renewal window and late tax.
- CESEDA L.436-1 et seq., CGI art. 953: fees, from the dated table (resources/fees.toml).
- Timbre fiscal électronique: 16 digits; one timbre pays for one application only
  (a number already used on another dossier is refused).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from desk.domain.catalogue import PieceRequirement, Procedure, ProcedureKind
from desk.domain.deadlines import RenewalWindow, implicit_decision_date, renewal_window
from desk.domain.fees import FeeLine, FeeTable
from desk.domain.identifiers import Check, check_timbre
from desk.domain.names import fold, words

CRPA_L114_5 = "CRPA art. L.114-5"


@dataclass(frozen=True)
class Completeness:
    complete: bool
    missing: tuple[PieceRequirement, ...]
    deadline: date | None  # CRPA L.114-5: the deadline set for the missing pieces

    @property
    def missing_codes(self) -> list[str]:
        return [p.code for p in self.missing]


def completeness(
    procedure: Procedure, present: Iterable[str], today: date, deadline_days: int
) -> Completeness:
    """Mandatory pieces of the catalogue still missing and, if any, the deadline the
    administration sets for them (CRPA L.114-5; CounterConfig.pieces_deadline_days)."""
    missing = tuple(procedure.missing(frozenset(present)))
    deadline = today + timedelta(days=deadline_days) if missing else None
    return Completeness(not missing, missing, deadline)


def decision_date(received: date, complete: bool) -> date | None:
    """Date silence becomes an implicit rejection (R.432-1, R.432-2) once filed or
    deposited; None for an incomplete dossier (CE avis n° 493514)."""
    return implicit_decision_date(received, complete)


@dataclass(frozen=True)
class FeesDue:
    lines: tuple[FeeLine, ...]
    renewal: RenewalWindow | None  # R.431-5, for renewals with a known expiry date

    @property
    def total_eur(self) -> int:
        return sum(line.amount_eur for line in self.lines)

    @property
    def due_at_filing_eur(self) -> int:
        return sum(
            line.amount_eur if line.due_at_filing is None else line.due_at_filing
            for line in self.lines
        )


def fees_due(
    table: FeeTable, procedure: Procedure, day: date, permit_expiry: date | None
) -> FeesDue:
    """Fees from the period in force on ``day``; a renewal filed late (R.431-5) adds
    the late-renewal tax."""
    window = None
    if procedure.kind == ProcedureKind.RENEWAL and permit_expiry is not None:
        window = renewal_window(permit_expiry, day)
    late = window is not None and window.late_tax_due
    return FeesDue(tuple(table.due(procedure.fee_category, day, late_renewal=late)), window)


def check_new_timbre(value: str, used_on_other_dossier: bool) -> Check:
    """A timbre number entered for a dossier: 16 digits, and not already used on
    another dossier of this counter (one timbre pays for one application)."""
    check = check_timbre(value)
    if check.valid and used_on_other_dossier:
        return Check(False, check.normalized, "timbre_already_used")
    return check


# --- ANEF dossier number and attestation de dépôt -------------------------------------

#: ANEF number format is UNVERIFIED (DOMAIN.md): the pattern comes from
#: resources/anef.toml or counter.toml (``anef_number_pattern``), never from here.


def normalize_anef_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def check_anef_number(value: str, pattern: str) -> Check:
    v = normalize_anef_number(value)
    if not v:
        return Check(False, v, "empty")
    if not re.fullmatch(pattern, v):
        return Check(False, v, "not_anef_number")
    return Check(True, v, "ok")


def find_anef_number(text: str, pattern: str, label_pattern: str) -> str | None:
    """The ANEF number printed on an attestation: the first token matching ``pattern``
    after a label (``label_pattern``, e.g. "numéro de dossier"), else the first token
    matching ``pattern`` anywhere that contains a digit."""
    flat = " ".join(text.split())
    token = re.compile(pattern)
    for label in re.finditer(label_pattern, flat, flags=re.IGNORECASE):
        for raw in flat[label.end() : label.end() + 80].split()[:4]:
            candidate = normalize_anef_number(raw.strip(".,;:"))
            if token.fullmatch(candidate):
                return candidate
    for raw in re.findall(r"[A-Za-z0-9-]{6,40}", flat):
        candidate = normalize_anef_number(raw)
        if any(c.isdigit() for c in candidate) and token.fullmatch(candidate):
            return candidate
    return None


def name_in_text(text: str, surname: str, given_names: str) -> bool:
    """True when every word of the surname and the first given name appear in the
    text (accents, case and hyphens ignored)."""
    hay = " " + fold(text) + " "
    needed = words(surname) + words(given_names)[:1]
    return bool(needed) and all(f" {w} " in hay for w in needed)


@dataclass(frozen=True)
class AttestationCheck:
    anef_number: str | None  # as read from the attestation
    mismatches: tuple[str, ...]  # attestation_number_missing | _mismatch, _name_mismatch

    @property
    def ok(self) -> bool:
        return not self.mismatches


def cross_check_attestation(
    text: str,
    expected_number: str | None,
    surname: str,
    given_names: str,
    pattern: str,
    label_pattern: str,
) -> AttestationCheck:
    """Compare the attestation de dépôt with the dossier: the ANEF number (if the agent
    typed one) and the applicant's name. A mismatch is never silently accepted."""
    found = find_anef_number(text, pattern, label_pattern)
    mismatches = []
    if found is None:
        mismatches.append("attestation_number_missing")
    elif expected_number and normalize_anef_number(expected_number) != found:
        flat = normalize_anef_number(text)
        if normalize_anef_number(expected_number) not in flat:
            mismatches.append("attestation_number_mismatch")
        else:
            found = normalize_anef_number(expected_number)
    if not name_in_text(text, surname, given_names):
        mismatches.append("attestation_name_mismatch")
    return AttestationCheck(found, tuple(mismatches))
