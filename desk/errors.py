"""Typed exceptions raised by the core.

The core never words an error for a person: it raises one of these with a stable
``code`` and machine-readable ``params``. The words live in one place,
:mod:`desk.messages` (French, for agents and the CLI's stderr), and ``detail`` is the
English text written to logs and to the CLI's JSON ``detail`` field.
"""

from __future__ import annotations

from typing import Any


class DeskError(Exception):
    """Base class of every error the core raises on purpose."""

    code = "error"
    #: exit status of the ``desk`` command when this error ends it (CLI.md)
    exit_code = 2

    def __init__(self, detail: str = "", **params: Any) -> None:
        super().__init__(detail or self.code)
        self.detail = detail or self.code
        self.params = params


# --- bad input (exit 2) -------------------------------------------------------------


class InvalidInput(DeskError):
    """A value given by a person or a file is not acceptable; nothing was saved."""

    code = "invalid_input"


class InvalidIdentifier(InvalidInput):
    """An identifier (numéro étranger, timbre, e-photo, postal code…) is malformed."""

    code = "invalid_identifier"

    def __init__(self, kind: str, value: str, reason: str, **params: Any) -> None:
        super().__init__(
            f"invalid {kind} {value!r}: {reason}", kind=kind, value=value, reason=reason, **params
        )
        self.kind = kind
        self.reason = reason


class InvalidField(InvalidInput):
    """A form field is missing or wrong; ``field`` names it."""

    code = "invalid_field"

    def __init__(self, field: str, reason: str, **params: Any) -> None:
        super().__init__(f"field {field}: {reason}", field=field, reason=reason, **params)
        self.field = field
        self.reason = reason


class UnsupportedDocument(InvalidInput):
    """A file is not a document the counter accepts (by content, not by extension)."""

    code = "unsupported_document"


class CatalogueError(InvalidInput):
    """A procedure catalogue or fees file is malformed; names the file and the field."""

    code = "catalogue_error"

    def __init__(self, path: str, field: str, reason: str) -> None:
        super().__init__(
            f"{path}: field {field!r}: {reason}", path=path, field=field, reason=reason
        )
        self.path = path
        self.field = field


class ConfigError(InvalidInput):
    """The counter configuration is missing or malformed."""

    code = "config_error"


class DataHomeError(DeskError):
    """The data home cannot be created, written, or its database opened."""

    code = "data_home"


# --- negative answers (exit 1) ------------------------------------------------------


class NegativeAnswer(DeskError):
    """The request was understood and the answer is no."""

    code = "refused"
    exit_code = 1


class NotFound(NegativeAnswer):
    code = "not_found"

    def __init__(self, what: str, key: str) -> None:
        super().__init__(f"{what} {key!r} not found", what=what, key=key)
        self.what = what
        self.key = key


class ForbiddenTransition(NegativeAnswer):
    """The dossier state machine refuses this step."""

    code = "forbidden_transition"

    def __init__(self, current: str, target: str) -> None:
        super().__init__(
            f"dossier cannot go from {current} to {target}", current=current, target=target
        )
        self.current = current
        self.target = target


class Refused(NegativeAnswer):
    """A business rule refuses the action; ``reason`` is a stable code."""

    code = "refused"

    def __init__(self, reason: str, detail: str = "", **params: Any) -> None:
        super().__init__(detail or reason, reason=reason, **params)
        self.reason = reason


class PermissionDenied(NegativeAnswer):
    """The agent's role does not allow this action."""

    code = "permission_denied"

    def __init__(self, action: str, role: str) -> None:
        super().__init__(f"role {role} may not {action}", action=action, role=role)
        self.action = action
        self.role = role


class AuthenticationFailed(NegativeAnswer):
    code = "authentication_failed"
