"""``desk enrol`` and ``desk sync`` (CLI.md): enrol the counter at HQ, hand its day to
HQ and pull reference data. ``desk sync`` is what the operating system's scheduler
runs; ``desk sync status`` lists items and the needs-action list."""

from __future__ import annotations

import argparse
from typing import Any

from desk.cli.core import open_from
from desk.cli.output import Output

Sub = Any


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("enrol", parents=[common], help="enrol this counter at HQ")
    p.add_argument("--server", required=True, help="HQ URL (https; http only on loopback)")
    p.add_argument("--token", required=True, help="one-time token from 'hq counters add'")
    p.set_defaults(func=cmd_enrol)

    p = sub.add_parser("sync", parents=[common], help="send the day to HQ, pull reference data")
    p.add_argument("--server", default=None, help="HQ URL (default: the enrolment's)")
    p.add_argument("--now", action="store_true", help="ignore retry delays (sync now)")
    p.add_argument("--no-pull", action="store_true", help="upload only")
    p.add_argument(
        "--if-window",
        action="store_true",
        help="sync only while the nightly window of counter.toml is open (for the scheduler)",
    )
    p.add_argument("action", nargs="?", choices=["run", "status"], default="run")
    p.set_defaults(func=cmd_sync)


def cmd_enrol(args: argparse.Namespace, out: Output) -> int:
    from desk.sync.enrol import enrol

    counter = open_from(args)
    try:
        result = enrol(counter, args.server, args.token)
    finally:
        counter.close()
    out.result(result, f"Guichet enrôlé auprès de {result['server']} (n° {result['counter_id']}).")
    return 0


def cmd_sync(args: argparse.Namespace, out: Output) -> int:
    from desk.sync import client

    counter = open_from(args)
    try:
        if args.action == "status":
            from datetime import datetime

            from desk.sync.schedule import staleness

            status = client.status(counter)
            stale = staleness(counter, datetime.now().astimezone())
            status["staleness"] = stale.level
            status["staleness_reasons"] = list(stale.reasons)
            from desk.sync import journal

            last = journal.last(counter.home.root)
            status["last_run"] = last.as_json() if last else None
            status["window"] = counter.config.nightly_window
            out.result(status)
            return 0
        if args.if_window:
            from datetime import datetime

            from desk.sync.schedule import next_opening, window_open

            now = datetime.now().astimezone()
            window = counter.config.nightly_window
            if not window_open(window, now):
                out.result(
                    {"skipped": "window_closed", "window": window,
                     "next_opening": next_opening(window, now).isoformat()},
                    f"Fenêtre de synchronisation fermée ({window}).",
                )  # fmt: skip
                return 0
        from desk.services.sync import run_sync

        report = run_sync(
            counter,
            trigger="scheduler" if args.if_window else "manual",
            server=args.server,
            force=args.now,
            pull=not args.no_pull,
        )
    finally:
        counter.close()
    data = report.as_json()
    out.result(
        data,
        f"Envoyés : {report.uploaded}, acquittés : {report.acknowledged}, "
        f"à traiter : {report.needs_action}, en attente : {report.pending}.",
    )
    return 1 if report.needs_action or report.errors else 0
