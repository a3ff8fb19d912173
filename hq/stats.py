"""Statistics per prefecture and day: does the help at the counter work?

Dossiers opened, online filings vs substitution deposits vs incomplete dossiers,
substitution reasons, and the time applicants spent at the counter (visits). Computed
from the records' extracted columns and a few JSON fields — never personal data.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, sessionmaker

from hq.models import RecordRow

FILING_KINDS = ("online", "substitution", "incomplete")
CSV_COLUMNS = (
    "prefecture",
    "day",
    "dossiers",
    "online",
    "substitution",
    "incomplete",
    "visits",
    "visit_minutes_avg",
    "substitution_reasons",
)


def _blank(prefecture: str, day: date) -> dict[str, Any]:
    return {
        "prefecture": prefecture,
        "day": day.isoformat(),
        "dossiers": 0,
        "online": 0,
        "substitution": 0,
        "incomplete": 0,
        "substitution_reasons": {},
        "visits": 0,
        "visit_minutes_total": 0.0,
        "visit_minutes_avg": None,
    }


def compute(sessions: sessionmaker[Session], prefecture: str | None = None) -> list[dict[str, Any]]:
    """One row per (prefecture, day) that has any activity, sorted."""
    table: dict[tuple[str, date], dict[str, Any]] = {}

    def row(pref: str, day: date | None) -> dict[str, Any]:
        assert day is not None  # filtered by the query
        key = (pref, day)
        if key not in table:
            table[key] = _blank(pref, day)
        return table[key]

    live: list[ColumnElement[bool]] = [RecordRow.deleted.is_(False), RecordRow.day.is_not(None)]
    if prefecture:
        live.append(RecordRow.prefecture == prefecture)
    kind = RecordRow.data["kind"].as_string()
    reason = RecordRow.data["reason"].as_string()
    with sessions() as s:
        for pref, day, n in s.execute(
            select(RecordRow.prefecture, RecordRow.day, func.count())
            .where(RecordRow.entity == "dossier", *live)
            .group_by(RecordRow.prefecture, RecordRow.day)
        ):
            row(pref, day)["dossiers"] = n
        for pref, day, k, n in s.execute(
            select(RecordRow.prefecture, RecordRow.day, kind, func.count())
            .where(RecordRow.entity == "filing", *live)
            .group_by(RecordRow.prefecture, RecordRow.day, kind)
        ):
            if k in FILING_KINDS:
                row(pref, day)[k] += n
        # the substitution deposit's own record carries the reason (desk file
        # substitution --reason CODE)
        for pref, day, r, n in s.execute(
            select(RecordRow.prefecture, RecordRow.day, reason, func.count())
            .where(RecordRow.entity == "substitution", *live)
            .group_by(RecordRow.prefecture, RecordRow.day, reason)
        ):
            reasons = row(pref, day)["substitution_reasons"]
            code = r or "unspecified"
            reasons[code] = reasons.get(code, 0) + n
        visits: dict[tuple[str, date], list[float]] = defaultdict(list)
        for pref, day, started, ended in s.execute(
            select(
                RecordRow.prefecture,
                RecordRow.day,
                RecordRow.data["started_at"].as_string(),
                RecordRow.data["ended_at"].as_string(),
            ).where(RecordRow.entity == "visit", *live)
        ):
            minutes = _minutes(started, ended)
            target = row(pref, day)
            target["visits"] += 1
            if minutes is not None:
                visits[(pref, day)].append(minutes)
    for key, values in visits.items():
        table[key]["visit_minutes_total"] = round(sum(values), 1)
        table[key]["visit_minutes_avg"] = round(sum(values) / len(values), 1)
    return [table[k] for k in sorted(table)]


def _minutes(started: str | None, ended: str | None) -> float | None:
    if not started or not ended:
        return None
    try:
        delta = datetime.fromisoformat(ended) - datetime.fromisoformat(started)
    except ValueError:
        return None
    seconds = delta.total_seconds()
    return seconds / 60 if 0 <= seconds < 24 * 3600 else None


def to_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in rows:
        reasons = ";".join(f"{k}={v}" for k, v in sorted(r["substitution_reasons"].items()))
        w.writerow(
            [
                *(r[c] for c in CSV_COLUMNS[:-2]),
                "" if r["visit_minutes_avg"] is None else r["visit_minutes_avg"],
                reasons,
            ]
        )
    return buf.getvalue()
