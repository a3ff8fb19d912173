"""Words and context for the sync panel's items: the dossier an outbox entity belongs
to, the French sentence of its last error and what the agent should do about a
permanent rejection (desk.messages, like every other French sentence of the core)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, Table, select
from sqlalchemy.orm import Session

from desk.messages import REASONS, reason_text, register
from desk.store.models import Base, DossierRow, PageRow, PieceRow
from desk.sync.records import table_for

register(
    reasons={
        # what the agent does about an item HQ (or this counter) refused for good
        "todo_other_prefecture": (
            "Le dossier porte le numéro d'une autre préfecture : vérifiez la préfecture "
            "du guichet (counter.toml) avec le service informatique, puis renvoyez."
        ),
        "todo_uid_conflict": (
            "Signalez-le au support national : un autre guichet détient déjà cet élément."
        ),
        "todo_invalid_record": (
            "Signalez-le au support : le serveur national n'accepte pas cet élément tel quel."
        ),
        "todo_blob_unreadable": (
            "Ouvrez le dossier, numérisez de nouveau la pièce concernée, puis renvoyez."
        ),
        "todo_unknown_entity": "Signalez-le au support, puis renvoyez après la mise à jour.",
        "todo_default": (
            "Corrigez la cause si vous la connaissez, puis renvoyez ; sinon, signalez-le "
            "au support."
        ),
        # last errors of a sync run or an item (codes that are not reasons elsewhere)
        "reference_not_pulled": (
            "Données de référence non reçues (démarches, tarifs, agents, clés) : les "
            "envois ont eu lieu, nouvel essai à la prochaine synchronisation."
        ),
        "catalogue_refused": (
            "Le catalogue des démarches reçu du serveur national est invalide : le "
            "catalogue en service est conservé. Signalez-le au support."
        ),
        "not_enrolled": "Ce guichet n'est pas enrôlé auprès du serveur national.",
        "hq_refused": "Le serveur national a refusé la demande.",
        "hq_untrusted": "Le certificat du serveur national n'est pas reconnu.",
        "sync_cancelled": "Synchronisation interrompue par l'agent.",
        "bad_signature": "Signature du guichet refusée par le serveur national.",
    }
)


def error_text(code: str | None) -> str:
    """The French sentence of an item's or a run's last error ("" when none)."""
    if not code:
        return ""
    if code in REASONS:
        return reason_text(code)
    return f"Erreur du serveur national ({code})."


def action_text(code: str | None) -> str:
    """What the agent should do about an item in the needs-action list."""
    key = f"todo_{code}"
    return reason_text(key if key in REASONS else "todo_default")


def dossier_numbers(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(entity, uid) -> the number of the dossier it belongs to, for the entities that
    belong to one (the dossier itself, its pieces and pages, history, filings...)."""
    by_entity: dict[str, set[str]] = {}
    for entity, uid in keys:
        by_entity.setdefault(entity, set()).add(uid)
    found: dict[tuple[str, str], str] = {}
    dossiers = Base.metadata.tables["dossiers"]
    for entity, uids in by_entity.items():
        table = table_for(entity)
        if table is None:
            continue
        q = _number_query(table, dossiers)
        if q is None:
            continue
        for chunk in _chunks(sorted(uids), 500):
            for uid, number in session.execute(q.where(table.c.uid.in_(chunk))):
                found[(entity, str(uid))] = str(number)
    return found


def _number_query(table: Table, dossiers: Table) -> Select[Any] | None:
    if table is dossiers:
        return select(table.c.uid, table.c.number)
    if "dossier_id" in table.c:
        return select(table.c.uid, DossierRow.number).join(
            DossierRow, DossierRow.id == table.c.dossier_id
        )
    if table.name == PageRow.__tablename__:
        return (
            select(table.c.uid, DossierRow.number)
            .join(PieceRow, PieceRow.id == table.c.piece_id)
            .join(DossierRow, DossierRow.id == PieceRow.dossier_id)
        )
    return None


def _chunks(values: list[str], size: int) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]
