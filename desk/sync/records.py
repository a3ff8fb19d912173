"""Serialising what the outbox names into wire records (the entity's current state).

Any table with a ``uid`` column can travel: columns are copied, foreign keys to rows
with a uid become ``<name>_uid``, encrypted (``*_enc``) and blind-index (``*_idx``)
columns are left out — except for applicants, whose personal fields are decrypted here
on the counter (HQ is the national system and keeps them). Records that concern a
dossier carry ``dossier_uid`` so HQ can check the prefecture.
"""

from __future__ import annotations

import base64
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table, select
from sqlalchemy.orm import Session

from desk.security.crypto import FieldCipher
from desk.services.applicants import to_entity
from desk.store.models import ApplicantRow, Base, PageRow, PieceRow
from desk.sync import wire

#: outbox entity names whose table is not simply the plural (other rooms add theirs)
ENTITY_TABLES: dict[str, str] = {"audit": "audit_events", "history": "history"}


def table_for(entity: str) -> Table | None:
    tables = Base.metadata.tables
    names = [ENTITY_TABLES[entity]] if entity in ENTITY_TABLES else []
    for name in (*names, entity, f"{entity}s", f"{entity}es", f"{entity}_events"):
        table = tables.get(name)
        if table is not None and "uid" in table.c:
            return table
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


class Serializer:
    """Serialises records of one sync run, caching id -> uid look-ups."""

    def __init__(self, session: Session, cipher: FieldCipher) -> None:
        self.session = session
        self.cipher = cipher
        self._uids: dict[tuple[str, int], str | None] = {}

    def _uid_of(self, table: Table, row_id: int) -> str | None:
        key = (table.name, row_id)
        if key not in self._uids:
            self._uids[key] = self.session.scalar(select(table.c.uid).where(table.c.id == row_id))
        return self._uids[key]

    def _row_data(self, table: Table, row: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for col in table.c:
            name = col.name
            if name in ("id", "uid") or name.endswith(("_enc", "_idx")):
                continue
            value = row._mapping[col]
            target = _fk_target(col)
            if value is not None and _is_blob_ref(col):
                data.setdefault("_blobs", []).append(value)
            if target is not None and name.endswith("_id"):
                data[name[:-3] + "_uid"] = (
                    None if value is None else self._uid_of(target, int(value))
                )
            else:
                data[name] = _plain(value)
        return data

    def serialise(self, entity: str, uid: str, op: str, version: int) -> wire.Record | None:
        """The record for ``entity``/``uid`` (a ``delete`` if the row is gone), or None
        for an entity no table holds."""
        table = table_for(entity)
        if table is None:
            return None
        row = self.session.execute(select(table).where(table.c.uid == uid)).first()
        if row is None:
            return wire.Record(entity, uid, "delete", version, {})
        data = self._row_data(table, row)
        if entity == "applicant":
            data.update(self._applicant(uid))
        elif entity == "piece":
            data["pages"] = list(
                self.session.scalars(
                    select(PageRow.uid)
                    .join(PieceRow, PageRow.piece_id == PieceRow.id)
                    .where(PieceRow.uid == uid)
                    .order_by(PageRow.idx)
                )
            )
        elif entity == "page" and data.get("piece_uid"):
            piece = self.session.execute(
                select(PieceRow.dossier_id).where(PieceRow.uid == data["piece_uid"])
            ).scalar()
            if piece is not None:
                data["dossier_uid"] = self._uid_of(Base.metadata.tables["dossiers"], piece)
        return wire.Record(entity, uid, "event" if op == "event" else op, version, data)

    def _applicant(self, uid: str) -> dict[str, Any]:
        row = self.session.scalar(select(ApplicantRow).where(ApplicantRow.uid == uid))
        if row is None:
            return {}
        person = to_entity(row, self.cipher)
        return {f.name: _plain(getattr(person, f.name)) for f in fields(person) if f.name != "id"}


def _fk_target(col: Column[Any]) -> Table | None:
    for fk in col.foreign_keys:
        target = fk.column.table
        if isinstance(target, Table) and fk.column.name == "id" and "uid" in target.c:
            return target
    return None


def _is_blob_ref(col: Column[Any]) -> bool:
    """A column naming a document of the blob store (HQ must hold it first)."""
    return any(fk.column.table.name == "blobs" for fk in col.foreign_keys)
