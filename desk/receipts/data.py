"""What a receipt says: a plain data object, independent of the database.

The four kinds are the documents of ../shared/DOMAIN.md ("Documents handed to the
applicant"):

- ``accompagnement``: the sheet given after an online (ANEF) filing made at the counter;
- ``accuse-reception``: accusé de réception, CRPA art. L.112-3 and R.112-5;
- ``recepisse``: récépissé of a complete paper dossier, CESEDA art. R.431-12;
- ``pieces-complementaires``: demande de pièces complémentaires (dossier incomplete;
  its silence is not a decision, CE avis 10 October 2024, n° 493514).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from desk.domain.entities import Site


class ReceiptKind(StrEnum):
    ACCOMPAGNEMENT = "accompagnement"
    ACCUSE_RECEPTION = "accuse-reception"
    RECEPISSE = "recepisse"
    PIECES_COMPLEMENTAIRES = "pieces-complementaires"

    @property
    def short(self) -> str:
        """Two-letter code used in the signed payload."""
        return _SHORT[self]

    @classmethod
    def from_short(cls, code: str) -> ReceiptKind:
        for kind, short in _SHORT.items():
            if short == code:
                return kind
        raise ValueError(code)


_SHORT = {
    ReceiptKind.ACCOMPAGNEMENT: "AC",
    ReceiptKind.ACCUSE_RECEPTION: "AR",
    ReceiptKind.RECEPISSE: "RC",
    ReceiptKind.PIECES_COMPLEMENTAIRES: "PC",
}


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on one receipt. ``site`` comes from the CounterConfig."""

    kind: ReceiptKind
    number: str  # receipt number, e.g. R-075-01-2026-000042-K
    dossier: str  # dossier number
    issued_at: datetime  # timezone-aware
    surname: str
    given_names: str
    birth_date: date
    procedure: str  # the procedure's label
    site: Site
    received_on: date | None = None  # date of receipt of the application
    implicit_decision_on: date | None = None  # R.432-2; None while incomplete
    pieces: tuple[str, ...] = ()  # pieces received / uploaded (labels)
    missing: tuple[str, ...] = ()  # missing pieces (labels)
    pieces_deadline: date | None = None
    anef_number: str = ""
    filed_on: date | None = None  # online filing date
    valid_until: date | None = None  # récépissé: presence allowed until
    work_allowed: bool = False  # récépissé: whether it allows work
    agent_name: str = ""  # récépissé: the competent agent who signs
    lang: str = "fr"  # explanatory text in French, plus this language if not fr
    copy: int = 0  # 0 = original; k >= 1 = DUPLICATA n° k
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.surname.upper().translate(_MKHEDRULI)} {self.given_names}".strip()


#: Georgian is written without capitals: ``str.upper`` turns Mkhedruli into Mtavruli
#: (U+1C90-U+1CBF), which documents do not use and the receipt font does not carry
_MKHEDRULI = {c: c - 0x1C90 + 0x10D0 for c in range(0x1C90, 0x1CC0)}
