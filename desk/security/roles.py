"""Who may do what: the actions of the counter and the roles allowed each of them.

The services call :func:`require` before acting; a refusal is
:class:`desk.errors.PermissionDenied` (exit 1 on the command line). The matrix is the
one place to read or change the rights of a role (docs/PRIVACY.md quotes it).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from desk.domain.entities import Role
from desk.errors import PermissionDenied


class Action(StrEnum):
    CREATE_DOSSIER = "create_dossier"  # new applicant, new dossier
    VIEW_DOSSIER = "view_dossier"  # read an applicant's personal data and pieces
    EDIT_DOSSIER = "edit_dossier"  # change an applicant, add or replace pieces, file
    PRINT = "print"  # print receipts, letters, pieces
    OVERRIDE_DEPARTEMENT = "override_departement"  # accept a non-resident's substitution
    MERGE_APPLICANTS = "merge_applicants"
    PURGE = "purge"  # erase personal data past retention
    EXPORT_APPLICANT = "export_applicant"  # droit d'accès: everything held about someone
    MANAGE_AGENTS = "manage_agents"
    VIEW_AUDIT = "view_audit"


_AGENT = frozenset({Action.CREATE_DOSSIER, Action.VIEW_DOSSIER, Action.EDIT_DOSSIER, Action.PRINT})
_SUPERVISOR = _AGENT | {
    Action.OVERRIDE_DEPARTEMENT,
    Action.MERGE_APPLICANTS,
    Action.EXPORT_APPLICANT,
    Action.VIEW_AUDIT,
}

#: the rights of each role; administrators (and the headless ``desk`` command, which
#: acts as the counter's administrator) may do everything
MATRIX: dict[Role, frozenset[Action]] = {
    Role.AGENT: _AGENT,
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMINISTRATOR: frozenset(Action),
}


class HasRole(Protocol):
    @property
    def role(self) -> Role: ...


def allowed(role: Role | str, action: Action | str) -> bool:
    return Action(action) in MATRIX.get(Role(role), frozenset())


def require(actor: HasRole, action: Action | str) -> None:
    """Raise PermissionDenied unless ``actor``'s role allows ``action``."""
    if not allowed(actor.role, action):
        raise PermissionDenied(str(Action(action)), str(Role(actor.role)))
