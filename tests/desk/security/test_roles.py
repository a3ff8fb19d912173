"""The rights matrix, checked for every role and every action, and its enforcement in
the services."""

from __future__ import annotations

import pytest

from desk.app import Counter
from desk.domain.entities import Role
from desk.errors import PermissionDenied
from desk.messages import describe
from desk.security.roles import MATRIX, Action, allowed, require
from desk.services import agents, applicants, dossiers

from .conftest import ACTORS, person

A, S, D = Role.AGENT, Role.SUPERVISOR, Role.ADMINISTRATOR
#: written out by hand (not derived from MATRIX) so that a change to MATRIX fails here
EXPECTED: dict[Action, set[Role]] = {
    Action.CREATE_DOSSIER: {A, S, D},
    Action.VIEW_DOSSIER: {A, S, D},
    Action.EDIT_DOSSIER: {A, S, D},
    Action.PRINT: {A, S, D},
    Action.OVERRIDE_DEPARTEMENT: {S, D},
    Action.MERGE_APPLICANTS: {S, D},
    Action.EXPORT_APPLICANT: {S, D},
    Action.VIEW_AUDIT: {S, D},
    Action.PURGE: {D},
    Action.MANAGE_AGENTS: {D},
}


def test_every_action_is_in_the_expected_table() -> None:
    assert set(EXPECTED) == set(Action)
    assert set(MATRIX) == set(Role)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_require_for_every_role_and_action(role: Role, action: Action) -> None:
    actor = ACTORS[role]
    if role in EXPECTED[action]:
        require(actor, action)
        assert allowed(role.value, action.value)
    else:
        with pytest.raises(PermissionDenied) as info:
            require(actor, action)
        assert info.value.exit_code == 1
        assert info.value.params == {"action": action.value, "role": role.value}
        assert describe(info.value) == "Votre rôle ne permet pas cette action."


def test_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="fly"):
        require(ACTORS[Role.ADMINISTRATOR], "fly")


@pytest.mark.parametrize("role", list(Role))
def test_services_enforce_the_matrix(counter: Counter, role: Role) -> None:
    actor = ACTORS[role]
    admin = ACTORS[Role.ADMINISTRATOR]
    base = applicants.create_applicant(counter, admin, person())
    number = dossiers.open_dossier(counter, admin, base.id, "etudiant-premier").number
    calls = {
        Action.CREATE_DOSSIER: [
            lambda: applicants.create_applicant(counter, actor, person("Other")),
            lambda: dossiers.open_dossier(counter, actor, base.id, "etudiant-premier"),
        ],
        Action.VIEW_DOSSIER: [
            lambda: dossiers.get_dossier(counter, number, actor),
            lambda: applicants.get_applicant(counter, base.id, actor),
        ],
        Action.EDIT_DOSSIER: [
            lambda: applicants.update_applicant(counter, actor, base.id, person()),
            lambda: dossiers.declare_piece_missing(counter, actor, number, "passeport", "x"),
            lambda: dossiers.attach_pages(counter, actor, number, "passeport", []),
            lambda: dossiers.add_piece_from_files(counter, actor, number, "passeport", []),
        ],
        Action.MANAGE_AGENTS: [
            lambda: agents.create_agent(
                counter, f"new.{role.value}", "Nouvel agent", Role.AGENT, "long-enough-pw", actor
            )
        ],
    }
    for action, funcs in calls.items():
        for call in funcs:
            if role in EXPECTED[action]:
                call()
            else:
                with pytest.raises(PermissionDenied):
                    call()
