"""``desk audit verify`` (is the trail intact?) and ``desk audit list``."""

from __future__ import annotations

import argparse
from typing import Any

from desk.cli.output import Output


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    aud = sub.add_parser("audit", parents=[common], help="audit trail")
    asub = aud.add_subparsers(dest="audit_command", required=True)
    p = asub.add_parser("verify", parents=[common], help="check the chain and signatures")
    p.set_defaults(func=cmd_audit_verify)
    p = asub.add_parser("list", parents=[common], help="newest events")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_audit_list)


def cmd_audit_verify(args: argparse.Namespace, out: Output) -> int:
    from desk.app import open_counter
    from desk.security import audit
    from desk.services.common import SYSTEM

    counter = open_counter(args.home)
    try:
        verdict = audit.verify(counter, SYSTEM)
    finally:
        counter.close()
    if verdict.intact:
        human = f"Journal d'audit intact ({verdict.events} événements)."
    else:
        bad = verdict.first_bad or {}
        human = (
            f"Journal d'audit ALTÉRÉ : premier événement en cause n° {bad.get('position')} "
            f"({bad.get('reason')}), sur {verdict.events} lus."
        )
    out.result(verdict.as_dict(), human)
    return 0 if verdict.intact else 1


def cmd_audit_list(args: argparse.Namespace, out: Output) -> int:
    from desk.app import open_counter
    from desk.security import audit
    from desk.services.common import SYSTEM

    counter = open_counter(args.home)
    try:
        found = audit.events(counter, SYSTEM, limit=args.limit)
    finally:
        counter.close()
    out.result(
        found,
        "\n".join(f"{e.seq:6} {e.at:%Y-%m-%d %H:%M:%S} {e.actor:16} {e.action}" for e in found)
        or "Journal vide.",
    )
    return 0
