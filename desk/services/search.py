"""Finding dossiers fast: today's list and search by dossier number, receipt number,
numéro étranger or name fragment.

Names are stored encrypted, so a name search runs in two steps: the FTS5 table of
hashed trigrams gives candidates (a superset), then the decrypted names confirm them.
The hot path is one SQL statement per step through SQLAlchemy Core and decrypts only
the three fields a result line shows (bench/bench_search.py holds it to 1.5x a raw
sqlite3 query on the same file).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from desk.app import Counter
from desk.domain import dossier as rules
from desk.domain import identifiers, names
from desk.domain.dossier import DossierStatus
from desk.domain.entities import DossierSummary

_COLUMNS = (
    "SELECT d.number, a.surname_enc, a.given_names_enc, a.birth_date_enc, d.status,"
    " d.procedure, d.updated_at FROM {source} JOIN dossiers d ON d.applicant_id = a.id"
)
_BY_NAME = (
    _COLUMNS.format(source="applicant_search s JOIN applicants a ON a.id = s.rowid")
    + " WHERE applicant_search MATCH :m AND a.merged_into_id IS NULL"
    " ORDER BY s.rowid DESC LIMIT :n OFFSET :o"
)
_BY_NUMERO = (
    _COLUMNS.format(source="applicants a")
    + " WHERE a.numero_etranger_idx = :idx AND a.merged_into_id IS NULL"
    " ORDER BY d.updated_at DESC LIMIT :n"
)
_BY_NUMBER = _COLUMNS.format(source="applicants a") + " WHERE d.number = :number"
_BY_RECEIPT = (
    _COLUMNS.format(source="applicants a")
    + " JOIN receipts r ON r.dossier_id = d.id WHERE r.number = :number"
)
_BY_DAY = (
    _COLUMNS.format(source="applicants a") + " WHERE d.updated_at >= :start AND d.updated_at < :end"
    " ORDER BY d.updated_at DESC LIMIT :n"
)
_RECEIPT_SHAPE = re.compile(r"^[A-Z0-9][A-Z0-9-]{5,31}$")


def _summary(counter: Counter, row: Any) -> DossierSummary:
    dec = counter.cipher.decrypt
    return DossierSummary(
        row[0],
        dec(row[1], "surname") or "",
        dec(row[2], "given_names") or "",
        date.fromisoformat(dec(row[3], "birth_date") or "1900-01-01"),
        DossierStatus(row[4]),
        row[5],
        datetime.fromisoformat(row[6]).replace(tzinfo=UTC),
    )


def _run(counter: Counter, statement: str, **params: Any) -> list[Any]:
    # a plain per-thread read connection: these read-only statements need nothing of
    # the ORM, and pool checkout cost more than an indexed lookup (bench_search)
    return counter.readers.get().execute(statement, params).fetchall()


def todays_dossiers(
    counter: Counter, day: date | None = None, limit: int = 500
) -> list[DossierSummary]:
    """Dossiers created or changed on ``day`` (local time), most recent first."""
    day = day or datetime.now().astimezone().date()
    start = datetime.combine(day, time.min).astimezone().astimezone(UTC).replace(tzinfo=None)
    end = start + timedelta(days=1)
    # stored as SQLAlchemy writes SQLite datetimes: "YYYY-MM-DD HH:MM:SS.ffffff" (UTC)
    rows = _run(counter, _BY_DAY, start=str(start), end=str(end), n=limit)
    return [_summary(counter, r) for r in rows]


def search_dossiers(counter: Counter, query: str, limit: int = 50) -> list[DossierSummary]:
    """Search by dossier number, receipt number, numéro étranger or name fragment
    (accents and case ignored). Wildcards and SQL are just text here."""
    q = query.strip()
    if not q or len(q) > 200:
        return []
    number = rules.normalize_number(q)
    if number:
        return [_summary(counter, r) for r in _run(counter, _BY_NUMBER, number=number)]
    compact = "".join(q.split())
    if compact.isdigit():
        check = identifiers.check_numero_etranger(compact)
        if not check.valid:
            return []
        idx = counter.cipher.index("numero_etranger", check.normalized)
        return [_summary(counter, r) for r in _run(counter, _BY_NUMERO, idx=idx, n=limit)]
    if _RECEIPT_SHAPE.match(q.upper()) and any(c.isdigit() for c in q):
        found = _run(counter, _BY_RECEIPT, number=q.upper())
        if found:
            return [_summary(counter, r) for r in found]
    return _by_name(counter, q, limit)


def _by_name(counter: Counter, fragment: str, limit: int) -> list[DossierSummary]:
    tokens = names.query_tokens(fragment)
    if not tokens:
        return []
    match = " AND ".join(f'"{counter.cipher.index("name", t)}"' for t in sorted(tokens))
    wanted = names.words(fragment)
    results: list[DossierSummary] = []
    offset = 0
    # Hashed trigrams may match a name that does not contain the fragment (trigrams
    # from different places): confirm on the decrypted name, fetch more if needed.
    while len(results) < limit:
        rows = _run(counter, _BY_NAME, m=match, n=limit, o=offset)
        for r in rows:
            s = _summary(counter, r)
            if names.matches_fragment(wanted, s.surname, s.given_names):
                results.append(s)
        if len(rows) < limit:
            break
        offset += limit
    return results[:limit]
