"""HQ ingestion of a national night vs PostgreSQL COPY of the same rows.

100,000 dossier records (default) from 100 counters of 20 prefectures go through
HQ's batch ingestion (hq.ingest.apply_batch: batch idempotency, per-record checks,
version-guarded upsert — everything but HTTP and the signature) into PostgreSQL, in
batches of 1,000 as counters send them. The baseline is PostgreSQL COPY of exactly
the same rows into an identical empty table, in the same run and cluster. The two
alternate in rounds (a quarter of the counters each by default: their batches, then
one COPY of their rows) so that a change of load on a shared machine weighs on both.
``--concurrency N`` applies N batches at once, as HQ does when several counters send
at the same time (its request thread pool); the default, 1, is one batch after the
other. Target: ratio <= 2.0 (wall clock). The CPU seconds of both sides (this
process and the cluster's processes) are reported too: on a loaded machine the wall
clock of a round trip is mostly waiting for a core, the CPU ratio is what the work
costs.

    python bench/bench_hq_ingest.py [--records N] [--rounds R] [--concurrency N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "hq")]

from pgserver import postgres_cluster  # noqa: E402

from desk.domain.dossier import format_number  # noqa: E402
from desk.sync import wire  # noqa: E402

COUNTERS = 100
PREFECTURES = [f"{d:03d}" for d in (13, 31, 33, 34, 35, 38, 44, 59, 67, 69, 75)] + [
    f"{d:03d}" for d in (76, 78, 83, 91, 92, 93, 94, 95, 974)
]
BATCH = 1000
PROCEDURES = ["salarie-renouvellement", "etudiant-premier", "vpf-conjoint-francais", "visiteur"]


def make_records(n: int) -> dict[int, list[wire.Record]]:
    """Dossier records per counter (index 0..COUNTERS-1)."""
    start = datetime(2026, 11, 26, 8, 30, tzinfo=UTC)
    per: dict[int, list[wire.Record]] = {c: [] for c in range(COUNTERS)}
    for i in range(n):
        c = i % COUNTERS
        pref = PREFECTURES[c % len(PREFECTURES)]
        seq = i // COUNTERS + 1
        at = start + timedelta(seconds=i % 30000)
        per[c].append(
            wire.Record(
                "dossier",
                uuid.UUID(int=i + 1).hex,
                "upsert",
                seq,
                {
                    "number": format_number(pref, c % 99 + 1, 2026, seq),
                    "applicant_uid": uuid.UUID(int=10**9 + i).hex,
                    "procedure": PROCEDURES[i % len(PROCEDURES)],
                    "status": ("ready", "filed_online", "deposited", "incomplete")[i % 4],
                    "agent_uid": uuid.UUID(int=2 * 10**9 + c).hex,
                    "deadline": None,
                    "created_at": at.isoformat(),
                    "updated_at": (at + timedelta(minutes=18)).isoformat(),
                },
            )
        )
    return per


def cluster_cpu(socket_dir: str) -> float:
    """CPU seconds used so far by the cluster's processes (postmaster's children:
    backends, WAL writer, checkpointer...), read from /proc."""
    postmaster = int(Path(socket_dir, "data", "postmaster.pid").read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # exited meanwhile
        if int(fields[1]) == postmaster:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / tick


def cpu_now(socket_dir: str) -> tuple[float, float]:
    """(this process's CPU, the cluster's): what a batch costs, whatever the load."""
    return time.process_time(), cluster_cpu(socket_dir)


def _spent(c0: tuple[float, float], socket_dir: str) -> tuple[float, float]:
    c1 = cpu_now(socket_dir)
    return c1[0] - c0[0], c1[1] - c0[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument(
        "--rounds", type=int, default=4, help="ingestion and COPY alternate in this many rounds"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=1,
        help="batches applied at once (HQ serves several counters in its thread pool)",
    )
    args = parser.parse_args(argv)
    from sqlalchemy import insert

    from hq.auth import CounterIdentity, utcnow
    from hq.db import make_engine, make_sessionmaker, transaction, upgrade
    from hq.ingest import apply_batch, day_of, dossier_of
    from hq.models import CounterRow

    per = make_records(args.records)
    with postgres_cluster() as pg:
        with pg.connect() as conn:
            conn.execute("CREATE DATABASE bench")
        engine = make_engine(pg.url("bench"))
        upgrade(engine)
        sessions = make_sessionmaker(engine)
        identities = []
        with transaction(sessions) as s:
            for c in range(COUNTERS):
                pref = PREFECTURES[c % len(PREFECTURES)]
                s.execute(
                    insert(CounterRow).values(
                        id=c + 1, prefecture=pref, number=c % 99 + 1, site="bench",
                        created_at=utcnow(), active=True,
                    )
                )  # fmt: skip
                identities.append(CounterIdentity(c + 1, pref, c % 99 + 1))

        # the batches as HQ receives them (decoded), in rounds of whole counters
        rounds: list[list[tuple[CounterIdentity, wire.BatchRequest]]] = [
            [] for _ in range(args.rounds)
        ]
        for c, records in per.items():
            who = identities[c]
            for i in range(0, len(records), BATCH):
                chunk = records[i : i + BATCH]
                body = {
                    "idempotency_key": wire.batch_key(who.id, chunk),
                    "prefecture": who.prefecture,
                    "records": [r.to_json() for r in chunk],
                }
                rounds[c % args.rounds].append((who, json.loads(json.dumps(body))))
        ingest_s = copy_s = 0.0
        ingest_cpu, copy_cpu = [0.0, 0.0], [0.0, 0.0]
        per_round = []
        now = utcnow()
        with (
            pg.connect("bench") as conn,
            ThreadPoolExecutor(args.concurrency, thread_name_prefix="counter") as pool,
        ):
            conn.execute("CREATE TABLE records_copy (LIKE records INCLUDING ALL)")
            for n, batches in enumerate(rounds):
                # HQ ingestion of this round's batches ...
                t0, c0 = time.perf_counter(), cpu_now(pg.socket_dir)
                for answer in pool.map(lambda b: apply_batch(sessions, *b), batches):
                    assert all(r["outcome"] == "acked" for r in answer["results"])
                ingest = time.perf_counter() - t0
                for i, spent in enumerate(_spent(c0, pg.socket_dir)):
                    ingest_cpu[i] += spent
                # ... then the baseline: one COPY of exactly the same rows
                t0, c0 = time.perf_counter(), cpu_now(pg.socket_dir)
                with (
                    conn.cursor() as cur,
                    cur.copy(
                        "COPY records_copy (entity, uid, counter_id, prefecture, version, day, "
                        "dossier_uid, deleted, data, received_at) FROM STDIN"
                    ) as copy,
                ):
                    for c in range(n, COUNTERS, args.rounds):
                        who = identities[c]
                        for r in per[c]:
                            copy.write_row(
                                (r.entity, r.uid, who.id, who.prefecture, r.version,
                                 day_of(r.entity, r.data), dossier_of(r.entity, r.uid, r.data),
                                 False, json.dumps(r.data), now)
                            )  # fmt: skip
                copied = time.perf_counter() - t0
                for i, spent in enumerate(_spent(c0, pg.socket_dir)):
                    copy_cpu[i] += spent
                ingest_s += ingest
                copy_s += copied
                per_round.append(round(ingest / copied, 2))
            held = conn.execute("SELECT count(*) FROM records").fetchone()
            copied_rows = conn.execute("SELECT count(*) FROM records_copy").fetchone()
            # a replayed batch changes nothing and gets the stored answer
            who, body = rounds[0][0]
            again = apply_batch(sessions, who, body)
            assert again["replayed"] is True
            assert len(again["results"]) == len(body["records"])
        engine.dispose()
    assert held is not None
    assert copied_rows is not None
    assert held[0] == copied_rows[0] == args.records, (held, copied_rows)
    result: dict[str, Any] = {
        "records": args.records,
        "counters": COUNTERS,
        "batch": BATCH,
        "concurrency": args.concurrency,
        "hq_ingest_s": round(ingest_s, 2),
        "copy_s": round(copy_s, 2),
        "records_per_s": round(args.records / ingest_s),
        "ratio": round(ingest_s / copy_s, 2),
        "ratio_per_round": per_round,
        "hq_ingest_cpu_s": {"python": round(ingest_cpu[0], 2), "postgres": round(ingest_cpu[1], 2)},
        "copy_cpu_s": {"python": round(copy_cpu[0], 2), "postgres": round(copy_cpu[1], 2)},
        "cpu_ratio": round(sum(ingest_cpu) / sum(copy_cpu), 2),
        "target": 2.0,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
