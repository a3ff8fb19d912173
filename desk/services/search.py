"""Finding dossiers fast: today's list and search by dossier number, receipt number,
numéro étranger or name fragment.

Names are stored encrypted. A name search is one FTS5 query over the hashed tokens
of every name, kept in order: each word of the fragment is the phrase of its hashed
trigrams, which only names containing that word match, so nothing is decrypted to
confirm a hit (desk.domain.names.search_document). Each result costs one
decryption, of the display line (surname, given names, birth date). One SQL
statement per search on a plain per-thread sqlite3 connection; bench/bench_search.py
holds it to 1.5x the same SQL on a bare sqlite3 connection.
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
from desk.security.crypto import NONCE_BYTES

# the display line's ciphertext comes cut in nonce and body by SQLite: cheaper than
# two Python slices per row
_COLUMNS = (
    f"SELECT d.number, substr(a.summary_enc, 1, {NONCE_BYTES}),"
    f" substr(a.summary_enc, {NONCE_BYTES + 1}), d.status, d.procedure, d.updated_at"
    " FROM {source} JOIN dossiers d ON d.applicant_id = a.id"
)
_BY_NAME = (
    _COLUMNS.format(source="applicant_search s JOIN applicants a ON a.id = s.rowid")
    + " WHERE applicant_search MATCH :m AND a.merged_into_id IS NULL"
    " ORDER BY s.rowid DESC LIMIT :n"
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


_STATUS = {s.value: s for s in DossierStatus}
_NO_LINE = names.display_line("", "", "")


_SEP = names.LINE_SEPARATOR
_day = date.fromisoformat
_stamp = datetime.fromisoformat
_new = tuple.__new__


def _summaries(counter: Counter, rows: list[Any]) -> list[DossierSummary]:
    # the hot loop of a search (up to 50 rows a keystroke, bench_search): one
    # decryption per row, the named tuple built without its Python-level __new__
    lines = counter.cipher.decrypt_parts([(r[1], r[2]) for r in rows], "summary")
    out = []
    for (number, _, _, status, procedure, updated), line in zip(rows, lines, strict=True):
        surname, given, born = (line or _NO_LINE).split(_SEP)
        out.append(
            _new(
                DossierSummary,
                (
                    number,
                    surname,
                    given,
                    _day(born or "1900-01-01"),  # an erased applicant (retention) has none
                    _STATUS[status],
                    procedure,
                    # stored as SQLAlchemy writes SQLite datetimes: UTC, no offset
                    _stamp(updated + "+00:00"),
                ),
            )
        )
    return out


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
    return _summaries(counter, rows)


def search_dossiers(counter: Counter, query: str, limit: int = 50) -> list[DossierSummary]:
    """Search by dossier number, receipt number, numéro étranger or name fragment
    (accents and case ignored). Wildcards and SQL are just text here."""
    q = query.strip()
    if not q or len(q) > 200:
        return []
    compact = "".join(q.split())
    if compact.isdigit():  # never a dossier number, which ends with a check letter
        check = identifiers.check_numero_etranger(compact)
        if not check.valid:
            return []
        idx = counter.cipher.index("numero_etranger", check.normalized)
        return _summaries(counter, _run(counter, _BY_NUMERO, idx=idx, n=limit))
    number = rules.normalize_number(q)
    if number:
        return _summaries(counter, _run(counter, _BY_NUMBER, number=number))
    if _RECEIPT_SHAPE.match(q.upper()) and any(c.isdigit() for c in q):
        found = _run(counter, _BY_RECEIPT, number=q.upper())
        if found:
            return _summaries(counter, found)
    return _by_name(counter, q, limit)


def name_match(counter: Counter, fragment: str) -> str:
    """The FTS5 query of a name fragment: the phrases of its words' hashed tokens,
    all required ("" when the fragment has no word)."""
    index = counter.cipher.index
    return " AND ".join(
        '"' + " ".join([index("name", t) for t in phrase]) + '"'
        for phrase in names.query_phrases(fragment)
    )


def _by_name(counter: Counter, fragment: str, limit: int) -> list[DossierSummary]:
    match = name_match(counter, fragment)
    if not match:
        return []
    return _summaries(counter, _run(counter, _BY_NAME, m=match, n=limit))
