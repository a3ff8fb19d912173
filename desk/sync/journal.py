"""The sync journal: when the last runs happened and how they ended.

The sync panel shows the last run's time and result, the status bar dates the last
successful sync, and the window's nightly timer knows whether it already synced in
tonight's window. Kept as a small JSON file in the data home (``sync-journal.json``,
written to a temporary file then renamed): it holds counts and error codes, no
personal data. Only runs that did something are recorded — a run refused because
another one holds the sync lock, or skipped outside the window, is not.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE = "sync-journal.json"
#: runs kept in the file (the panel shows the last; the rest helps support)
KEEP = 30

# how a run ended
OK = "ok"  # everything due was sent and acknowledged, reference data pulled
PARTIAL = "partial"  # HQ answered, but items need action or wait for a retry
FAILED = "failed"  # HQ unreachable or refused the run: nothing could be sent
CANCELLED = "cancelled"  # the agent stopped it (what was acknowledged stays so)


@dataclass(frozen=True)
class Run:
    started_at: datetime
    finished_at: datetime
    outcome: str  # ok | partial | failed | cancelled
    trigger: str  # manual | window | scheduler
    #: HQ answered the upload step (records or "nothing to send" with HQ reachable)
    uploaded_ok: bool
    #: the reference data (procedures, fees, agents, keys) was pulled and applied
    pulled_ok: bool
    acknowledged: int = 0
    needs_action: int = 0
    pending: int = 0
    error: str | None = None  # a code for desk.messages (hq_unavailable, ...)
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["finished_at"] = self.finished_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Run:
        return cls(
            started_at=datetime.fromisoformat(str(data["started_at"])),
            finished_at=datetime.fromisoformat(str(data["finished_at"])),
            outcome=str(data["outcome"]),
            trigger=str(data.get("trigger", "manual")),
            uploaded_ok=bool(data.get("uploaded_ok")),
            pulled_ok=bool(data.get("pulled_ok")),
            acknowledged=int(data.get("acknowledged", 0)),
            needs_action=int(data.get("needs_action", 0)),
            pending=int(data.get("pending", 0)),
            error=data.get("error"),
            detail=dict(data.get("detail") or {}),
        )


def _path(home: Path) -> Path:
    return home / FILE


def runs(home: Path) -> list[Run]:
    """Recorded runs, oldest first. A damaged journal reads as empty (it is only a
    record; the outbox holds the truth about what HQ acknowledged)."""
    try:
        raw = json.loads(_path(home).read_text(encoding="utf-8"))
        return [Run.from_json(r) for r in raw.get("runs", [])]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.error("sync journal %s unreadable, starting a new one: %s", _path(home), exc)
        return []


def record(home: Path, run: Run) -> None:
    kept = [*runs(home), run][-KEEP:]
    path = _path(home)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"runs": [r.as_json() for r in kept]}, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def last(home: Path) -> Run | None:
    found = runs(home)
    return found[-1] if found else None


def last_upload(home: Path) -> datetime | None:
    """When HQ last answered an upload (the last successful sync)."""
    return max((r.finished_at for r in runs(home) if r.uploaded_ok), default=None)


def last_pull(home: Path) -> datetime | None:
    """When reference data (catalogue, agents, verification keys) was last applied."""
    return max((r.finished_at for r in runs(home) if r.pulled_ok), default=None)
