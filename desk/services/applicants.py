"""Applicants: create, read, update, and find by identifiers or name fragments."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select, text
from sqlalchemy.orm import Session

from desk.app import Counter
from desk.domain import identifiers, names
from desk.domain.entities import Applicant
from desk.errors import InvalidField, InvalidIdentifier, NotFound
from desk.security import audit
from desk.security.crypto import FieldCipher
from desk.security.roles import Action, require
from desk.services.common import SYSTEM, Actor, enqueue, utcnow
from desk.store.db import transaction
from desk.store.models import ApplicantRow

_ISO3 = re.compile(r"^(?:[A-Z]{3}|D<<|D)$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ().-]{6,20}$")
_PASSPORT = re.compile(r"^[A-Z0-9<]{1,9}$")

#: encrypted text fields of ApplicantRow, by entity attribute
_ENCRYPTED = (
    "surname",
    "given_names",
    "numero_etranger",
    "passport_number",
    "postal_code",
    "address",
    "email",
    "phone",
)
_ENCRYPTED_DATES = ("birth_date", "permit_expiry", "passport_expiry")


@dataclass(frozen=True)
class ApplicantInput:
    """What a form or the CLI gives to create or update an applicant."""

    surname: str
    given_names: str
    birth_date: date
    nationality: str
    numero_etranger: str | None = None
    passport_number: str | None = None
    postal_code: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    sex: str | None = None
    permit_expiry: date | None = None
    passport_expiry: date | None = None


def validate(data: ApplicantInput, today: date | None = None) -> ApplicantInput:
    """Check every field; return the normalised input or raise InvalidField /
    InvalidIdentifier naming the first field at fault."""
    today = today or date.today()
    surname = " ".join(data.surname.split())
    given = " ".join(data.given_names.split())
    if not surname:
        raise InvalidField("surname", "required")
    if len(surname) > 120 or len(given) > 200:
        raise InvalidField("surname" if len(surname) > 120 else "given_names", "too_long")
    for field, value in (("surname", surname), ("given_names", given)):
        bad = names.unprintable(value)
        if bad:
            raise InvalidField(field, "script_not_printed", characters=bad)
    if data.birth_date > today:
        raise InvalidField("birth_date", "in_future")
    if data.birth_date.year < today.year - 130:
        raise InvalidField("birth_date", "too_old")
    nationality = data.nationality.strip().upper()
    if not _ISO3.match(nationality):
        raise InvalidField("nationality", "not_icao_code")
    numero = _optional(data.numero_etranger)
    if numero is not None:
        check = identifiers.check_numero_etranger(numero)
        if not check.valid:
            raise InvalidIdentifier(
                "numero-etranger", numero, check.message, field="numero_etranger"
            )
        numero = check.normalized
    postal = _optional(data.postal_code)
    if postal is not None:
        check = identifiers.check_postal_code(postal)
        if not check.valid:
            raise InvalidIdentifier("postal-code", postal, check.message, field="postal_code")
        postal = check.normalized
    passport = _optional(data.passport_number)
    if passport is not None:
        passport = passport.upper().replace(" ", "")
        if not _PASSPORT.match(passport):
            raise InvalidField("passport_number", "not_passport_number")
    email = _optional(data.email)
    if email is not None and not _EMAIL.match(email):
        raise InvalidField("email", "not_email")
    phone = _optional(data.phone)
    if phone is not None and not _PHONE.match(phone):
        raise InvalidField("phone", "not_phone")
    sex = _optional(data.sex)
    if sex is not None:
        sex = sex.upper()
        if sex not in ("F", "M", "X"):
            raise InvalidField("sex", "not_sex")
    return replace(
        data,
        surname=surname,
        given_names=given,
        nationality=nationality,
        numero_etranger=numero,
        postal_code=postal,
        passport_number=passport,
        email=email,
        phone=phone,
        sex=sex,
        address=_optional(data.address),
    )


def _optional(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip()
    return v or None


# --- row mapping -----------------------------------------------------------------------


def row_values(data: ApplicantInput, cipher: FieldCipher) -> dict[str, Any]:
    """Column values of ApplicantRow for ``data``: personal fields encrypted, blind
    indexes computed. Also used by bench/bench_search.py to build large databases."""
    values: dict[str, Any] = {}
    for name in _ENCRYPTED:
        values[f"{name}_enc"] = cipher.encrypt(getattr(data, name), name)
    for name in _ENCRYPTED_DATES:
        value = getattr(data, name)
        values[f"{name}_enc"] = cipher.encrypt(value.isoformat() if value else None, name)
    # the line a search result shows, as one ciphertext: one decryption per result
    values["summary_enc"] = cipher.encrypt(
        names.display_line(data.surname, data.given_names, data.birth_date.isoformat()),
        "summary",
    )
    values["nationality"] = data.nationality
    values["sex"] = data.sex
    values["numero_etranger_idx"] = (
        cipher.index("numero_etranger", data.numero_etranger) if data.numero_etranger else None
    )
    values["passport_number_idx"] = (
        cipher.index("passport", data.passport_number) if data.passport_number else None
    )
    values["identity_idx"] = cipher.index(
        "identity", names.identity_key(data.surname, data.given_names, data.birth_date.isoformat())
    )
    return values


def name_tokens(cipher: FieldCipher, surname: str, given_names: str) -> str:
    """The FTS5 document of a name: its hashed search tokens, in order (a fragment is
    searched as a phrase of them, see desk.domain.names.search_document)."""
    index = cipher.index
    return " ".join([index("name", t) for t in names.search_document(surname, given_names)])


def _fill_row(row: ApplicantRow, data: ApplicantInput, cipher: FieldCipher) -> None:
    for column, value in row_values(data, cipher).items():
        setattr(row, column, value)


def index_name(session: Session, row: ApplicantRow, cipher: FieldCipher) -> None:
    """(Re)write the row's document in the name index from its stored name."""
    surname = cipher.decrypt(row.surname_enc, "surname") or ""
    given = cipher.decrypt(row.given_names_enc, "given_names") or ""
    session.execute(text("DELETE FROM applicant_search WHERE rowid = :id"), {"id": row.id})
    session.execute(
        text("INSERT INTO applicant_search(rowid, tokens) VALUES (:id, :t)"),
        {"id": row.id, "t": name_tokens(cipher, surname, given)},
    )


def to_entity(row: ApplicantRow, cipher: FieldCipher) -> Applicant:
    values: dict[str, object] = {}
    for name in _ENCRYPTED:
        values[name] = cipher.decrypt(getattr(row, f"{name}_enc"), name)
    for name in _ENCRYPTED_DATES:
        raw = cipher.decrypt(getattr(row, f"{name}_enc"), name)
        values[name] = date.fromisoformat(raw) if raw else None
    return Applicant(id=row.id, nationality=row.nationality, sex=row.sex, **values)  # type: ignore[arg-type]


# --- use cases -------------------------------------------------------------------------


def create_applicant(counter: Counter, actor: Actor, data: ApplicantInput) -> Applicant:
    """Validate and store a new applicant; nothing is saved if a field is invalid."""
    require(actor, Action.CREATE_DOSSIER)
    data = validate(data)
    now = utcnow()
    with transaction(counter.sessions) as session:
        row = ApplicantRow(created_at=now, updated_at=now)
        _fill_row(row, data, counter.cipher)
        session.add(row)
        session.flush()
        index_name(session, row, counter.cipher)
        enqueue(session, "applicant", row.uid)
        audit.append(session, actor, "applicant.create", f"applicant:{row.uid}")
        return to_entity(row, counter.cipher)


def update_applicant(
    counter: Counter, actor: Actor, applicant_id: int, data: ApplicantInput
) -> Applicant:
    require(actor, Action.EDIT_DOSSIER)
    data = validate(data)
    with transaction(counter.sessions) as session:
        row = session.get(ApplicantRow, applicant_id)
        if row is None:
            raise NotFound("applicant", str(applicant_id))
        _fill_row(row, data, counter.cipher)
        row.updated_at = utcnow()
        index_name(session, row, counter.cipher)
        enqueue(session, "applicant", row.uid)
        audit.append(session, actor, "applicant.change", f"applicant:{row.uid}")
        return to_entity(row, counter.cipher)


def get_applicant(counter: Counter, applicant_id: int, actor: Actor = SYSTEM) -> Applicant:
    require(actor, Action.VIEW_DOSSIER)
    with transaction(counter.sessions) as session:
        row = session.get(ApplicantRow, applicant_id)
        if row is None:
            raise NotFound("applicant", str(applicant_id))
        audit.append(session, actor, "applicant.view", f"applicant:{row.uid}")
        return to_entity(row, counter.cipher)


def as_input(applicant: Applicant) -> ApplicantInput:
    return ApplicantInput(**{f.name: getattr(applicant, f.name) for f in fields(ApplicantInput)})


def find_matches(counter: Counter, data: ApplicantInput) -> list[Applicant]:
    """Existing applicants that are probably this person: same numéro étranger, same
    passport number, or same surname + given names + birth date (accents, hyphens,
    given-name order and splitting, vowel spellings and common transliterations
    ignored; surname and given names may also be swapped). Merged rows are left out."""
    cipher = counter.cipher
    born = data.birth_date.isoformat()
    keys = {  # also surname and given names swapped, and the key of older rows
        cipher.index("identity", key(a, b, born))
        for key in (names.identity_key, names.identity_key_v1)
        for a, b in ((data.surname, data.given_names), (data.given_names, data.surname))
    }
    conds: list[ColumnElement[bool]] = [ApplicantRow.identity_idx.in_(sorted(keys))]
    if data.numero_etranger:
        conds.append(
            ApplicantRow.numero_etranger_idx
            == cipher.index("numero_etranger", data.numero_etranger)
        )
    if data.passport_number:
        conds.append(
            ApplicantRow.passport_number_idx
            == cipher.index("passport", data.passport_number.upper().replace(" ", ""))
        )
    from sqlalchemy import or_

    with counter.sessions() as session:
        rows = session.scalars(
            select(ApplicantRow)
            .where(or_(*conds), ApplicantRow.merged_into_id.is_(None))
            .order_by(ApplicantRow.id)
        )
        return [to_entity(r, cipher) for r in rows]
