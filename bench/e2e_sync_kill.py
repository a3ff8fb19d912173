"""End-to-end: the counter SIGKILLed at random points of a sync, >= 50 trials.

Real PostgreSQL, real ``hq serve`` on loopback, a real counter whose sync process is
killed (SIGKILL) after a random delay in each trial, then restarted and synced to the
end; HQ's content must equal the counter's, without duplicates, every blob hash
verified. The test suite runs the same trials a handful of times
(tests/hq/test_sync_faults.py); this script runs 50 (or ``--trials N``).

    python bench/e2e_sync_kill.py [--trials 50]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "hq")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=50)
    args = parser.parse_args(argv)
    from hq_servers import HQProcess, issue_token, make_counter
    from pgserver import postgres_cluster
    from sync_trials import run_trials, settle
    from test_sync_faults import _add_dossier, assert_converged

    from desk.app import open_counter
    from desk.sync.enrol import enrol

    work = Path(tempfile.mkdtemp(prefix="e2e-kill-"))
    t0 = time.perf_counter()
    try:
        with postgres_cluster() as pg:
            with pg.connect() as conn:
                conn.execute("CREATE DATABASE e2e")
            hq = HQProcess(pg.url("e2e"), work / "hq-blobs").start()
            try:
                home = work / "counter"
                counter = make_counter(home, "75", 1)
                try:
                    enrol(counter, hq.url, issue_token(hq.db, "75", 1))
                finally:
                    counter.close()
                stats = run_trials(home, args.trials, _add_dossier)
                report = settle(home)
                counter = open_counter(home)
                try:
                    assert_converged(hq.db, hq.blobs, counter)
                finally:
                    counter.close()
            finally:
                hq.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        json.dumps(
            {
                "trials": stats.trials,
                "killed_mid_sync": stats.killed,
                "finished_before_kill": stats.finished_before_kill,
                "final_pending": report.pending,
                "needs_action": report.needs_action,
                "converged": True,
                "seconds": round(time.perf_counter() - t0, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
