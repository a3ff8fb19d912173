"""Search over a large counter database (issue 2, benchmark b).

Builds (once, cached under bench/out/) a data home holding N dossiers of N applicants
written with the same encryption and blind indexes as the services, then measures
p50/p99 of name-fragment and numéro-étranger searches through the service layer
(desk.services.dossiers.search_dossiers) against the equivalent raw sqlite3 query on
the same file (same FTS5 MATCH / index lookup, same joins and limit, no decryption).
Target: service / raw <= 1.5x.

    python -m bench search            # N = 1,000,000 (first build takes a few minutes)
    GUICHET_BENCH_N=100000 python -m bench search
"""

from __future__ import annotations

import functools
import os
import random
import sqlite3
import statistics
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from desk.app import Counter, open_counter
from desk.config import CounterConfig
from desk.domain import names
from desk.domain.dossier import format_number
from desk.services import dossiers, search
from desk.services.applicants import ApplicantInput, name_tokens, row_values
from desk.services.demo import PEOPLE

OUT = Path(__file__).resolve().parent / "out"
N = int(os.environ.get("GUICHET_BENCH_N", "1000000"))
QUERIES = 300
ROUNDS = 5

SURNAME_PARTS = sorted({w for p in PEOPLE for w in p[0].replace("-", " ").split()})
GIVEN_PARTS = sorted({w for p in PEOPLE for w in p[1].replace("-", " ").split()})


def _person(rng: random.Random, i: int) -> ApplicantInput:
    # combine parts so that names are many and fragments have realistic hit counts
    surname = f"{rng.choice(SURNAME_PARTS)}{rng.choice(['', '', ' ' + rng.choice(SURNAME_PARTS)])}"
    given = " ".join(rng.sample(GIVEN_PARTS, rng.randint(1, 2)))
    return ApplicantInput(
        surname=surname,
        given_names=given,
        birth_date=date(1950, 1, 1) + timedelta(days=rng.randint(0, 25000)),
        nationality="XXX",
        numero_etranger=f"{1_000_000_000 + i}",
        postal_code="75011",
        email=None,
    )


def build(home: Path, n: int) -> Counter:
    cfg = CounterConfig(prefecture="75", departement="75", site="Bench", counter=1)
    if (home / "built").exists():
        return open_counter(home)
    counter = open_counter(home, cfg)
    cipher = counter.cipher
    rng = random.Random(42)
    con = sqlite3.connect(home / "guichet.sqlite3")
    con.execute("PRAGMA synchronous=OFF")  # building only; the benchmark reads
    now = datetime.now(UTC).replace(tzinfo=None)
    batch_a, batch_s, batch_d = [], [], []
    # names repeat across the generated people: hash each distinct name's tokens once
    tokens_of = functools.lru_cache(maxsize=None)(functools.partial(name_tokens, cipher))
    start = time.perf_counter()
    for i in range(1, n + 1):
        person = _person(rng, i)
        v = row_values(person, cipher)
        batch_a.append(
            (
                i,
                uuid.uuid4().hex,
                v["surname_enc"],
                v["given_names_enc"],
                v["birth_date_enc"],
                v["summary_enc"],
                v["nationality"],
                v["numero_etranger_enc"],
                v["numero_etranger_idx"],
                v["identity_idx"],
                v["postal_code_enc"],
                now,
                now,
            )
        )
        batch_s.append((i, tokens_of(person.surname, person.given_names)))
        stamp = now - timedelta(minutes=n - i)
        batch_d.append(
            (
                i,
                uuid.uuid4().hex,
                format_number("75", 1, 2026, i % 999_999 + 1)
                if i < 1_000_000
                else format_number("75", 2, 2026, i - 999_998),
                i,
                "visiteur",
                "collecting",
                stamp,
                stamp,
            )
        )
        if len(batch_a) == 20_000 or i == n:
            con.executemany(
                "INSERT INTO applicants (id, uid, surname_enc, given_names_enc, birth_date_enc,"
                " summary_enc, nationality, numero_etranger_enc, numero_etranger_idx,"
                " identity_idx, postal_code_enc, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                batch_a,
            )
            con.executemany("INSERT INTO applicant_search(rowid, tokens) VALUES (?, ?)", batch_s)
            con.executemany(
                "INSERT INTO dossiers (id, uid, number, applicant_id, procedure, status,"
                " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                batch_d,
            )
            con.commit()
            batch_a, batch_s, batch_d = [], [], []
            print(f"  built {i:,} dossiers ({time.perf_counter() - start:.0f} s)", flush=True)
    con.execute("INSERT INTO applicant_search(applicant_search) VALUES ('optimize')")
    con.commit()
    con.close()
    (home / "built").write_text(str(n))
    return counter


def raw_name_query(con: sqlite3.Connection, counter: Counter, fragment: str) -> list[tuple]:
    """The service's own SQL and FTS5 query (hashed phrases) on a bare sqlite3
    connection: rows of ciphertext, no decryption, no result objects."""
    match = search.name_match(counter, fragment)
    return con.execute(search._BY_NAME, {"m": match, "n": 50}).fetchall()


def raw_numero_query(con: sqlite3.Connection, counter: Counter, numero: str) -> list[tuple]:
    idx = counter.cipher.index("numero_etranger", numero)
    return con.execute(search._BY_NUMERO, {"idx": idx, "n": 50}).fetchall()


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def _cpu(func, q: str) -> float:  # type: ignore[no-untyped-def]
    t0 = time.thread_time()
    func(q)
    return time.thread_time() - t0


def measure(label: str, queries: list[str], service, raw) -> None:  # type: ignore[no-untyped-def]
    """CPU time of this thread (the machine is shared: wall time mostly measures the
    other processes), ROUNDS runs of every query alternating which side goes first,
    the best run of each query kept for each side; then percentiles over queries."""
    for q in queries:  # warm the page cache for every query: neither side pays I/O
        service(q)
        raw(q)
    t_service = [float("inf")] * len(queries)
    t_raw = [float("inf")] * len(queries)
    for r in range(ROUNDS):
        for i, q in enumerate(queries):
            if (i + r) % 2 == 0:
                a, b = _cpu(service, q), _cpu(raw, q)
            else:
                b, a = _cpu(raw, q), _cpu(service, q)
            t_service[i] = min(t_service[i], a)
            t_raw[i] = min(t_raw[i], b)
    for name, p in (("p50", 0.5), ("p99", 0.99)):
        s, r = _pct(t_service, p) * 1000, _pct(t_raw, p) * 1000
        print(
            f"{label:14} {name}: service {s:7.3f} ms  raw sqlite3 {r:7.3f} ms  ratio {s / r:5.2f}x"
        )
    print(f"{label:14} mean ratio {statistics.mean(t_service) / statistics.mean(t_raw):.2f}x")


def main() -> None:
    home = OUT / f"search-{N}"
    print(f"database: {N:,} dossiers in {home}")
    counter = build(home, N)
    con = sqlite3.connect(home / "guichet.sqlite3")
    rng = random.Random(7)
    fragments = []
    for _ in range(QUERIES):
        word = names.fold(rng.choice(SURNAME_PARTS + GIVEN_PARTS)).replace(" ", "")
        start = rng.randint(0, max(0, len(word) - 4))
        fragments.append(word[start : start + rng.randint(4, 7)])
    numeros = [f"{1_000_000_000 + rng.randint(1, N)}" for _ in range(QUERIES)]
    measure(
        "name fragment",
        fragments,
        lambda q: dossiers.search_dossiers(counter, q),
        lambda q: raw_name_query(con, counter, q),
    )
    measure(
        "numéro étranger",
        numeros,
        lambda q: dossiers.search_dossiers(counter, q),
        lambda q: raw_numero_query(con, counter, q),
    )
    con.close()
    counter.close()


if __name__ == "__main__":
    main()
