"""How the ``desk`` command speaks: one JSON document on stdout with ``--json``, human
messages (French) on stderr."""

from __future__ import annotations

import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from desk.errors import DeskError
from desk.messages import describe


def to_jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


class Output:
    def __init__(self, json_mode: bool) -> None:
        self.json_mode = json_mode

    def result(self, data: Any, human: str | None = None) -> None:
        """The command's answer: JSON on stdout, or ``human`` (default: pretty JSON)."""
        import json  # here, not above: ``desk gui`` paints its window without it

        if self.json_mode:
            print(json.dumps(to_jsonable(data), ensure_ascii=False))
        elif human is not None:
            print(human)
        else:
            print(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2))

    def info(self, message: str) -> None:
        print(message, file=sys.stderr)

    def error(self, code: str, detail: str, human: str, **extra: Any) -> None:
        if self.json_mode:
            import json

            print(
                json.dumps(
                    to_jsonable({"error": code, "detail": detail, **extra}), ensure_ascii=False
                )
            )
        print(human, file=sys.stderr)


def fail(out: Output, exc: DeskError) -> int:
    extra = {k: v for k, v in exc.params.items() if k in ("field", "reason", "kind")}
    out.error(exc.code, exc.detail, describe(exc), **extra)
    return exc.exit_code
