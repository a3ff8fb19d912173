"""Entities the services hand to the window and the command line.

Plain frozen dataclasses: the store maps them to rows, the UI shows them, nothing here
touches a database or a device.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from desk.domain.dossier import DossierStatus


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Agent:
    id: int
    login: str
    display_name: str
    role: Role
    active: bool = True


@dataclass(frozen=True)
class Site:
    """A counter's identity, from its configuration (printed on receipts)."""

    prefecture: str  # 3-character prefecture code, e.g. 075
    departement: str  # département served, e.g. 75, 2A, 971
    name: str  # e.g. "Préfecture de police — Accueil des étrangers, Cité"
    counter: int
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Applicant:
    id: int
    surname: str
    given_names: str
    birth_date: date
    nationality: str  # ICAO / ISO 3166-1 alpha-3
    numero_etranger: str | None = None
    passport_number: str | None = None
    postal_code: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    sex: str | None = None
    permit_expiry: date | None = None
    passport_expiry: date | None = None

    @property
    def full_name(self) -> str:
        return f"{self.surname.upper()} {self.given_names}".strip()


class PieceStatus(StrEnum):
    MISSING = "missing"  # nothing captured yet
    CAPTURED = "captured"  # pages present
    DECLARED_MISSING = "declared_missing"  # the agent noted the applicant lacks it


@dataclass(frozen=True)
class Page:
    id: int
    index: int
    blob: str  # SHA-256 of the stored image or document
    media_type: str
    width: int | None = None
    height: int | None = None
    rotation: int = 0


@dataclass(frozen=True)
class Piece:
    code: str
    label: str
    mandatory: bool
    status: PieceStatus
    max_bytes: int
    pages: tuple[Page, ...] = ()
    bytes: int = 0  # size of the pages as stored
    note: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    agent: str
    action: str
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Dossier:
    id: int
    number: str
    status: DossierStatus
    procedure: str
    applicant: Applicant
    created_at: datetime
    updated_at: datetime
    pieces: tuple[Piece, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    deadline: date | None = None  # for pieces requested from an incomplete dossier


class DossierSummary(NamedTuple):
    """One line of today's list or a search result (a named tuple, immutable and the
    cheapest object to build: a search builds up to 50 of them per keystroke)."""

    number: str
    surname: str
    given_names: str
    birth_date: date
    status: DossierStatus
    procedure: str
    updated_at: datetime


class FilingKind(StrEnum):
    ONLINE = "online"
    SUBSTITUTION = "substitution"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Filing:
    id: int
    dossier: str
    kind: FilingKind
    at: datetime
    agent: str
    reference: str | None = None  # ANEF number for an online filing
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Receipt:
    number: str
    dossier: str
    kind: str
    issued_at: datetime
    lang: str = "fr"
    copies: int = 1


@dataclass(frozen=True)
class Visit:
    """One applicant's passage at the counter (check-in to close), for statistics."""

    id: int
    started_at: datetime
    ended_at: datetime | None
    agent: str
    dossier: str | None = None
