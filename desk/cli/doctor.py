"""``desk doctor``: check the counter's set-up and say what needs attention."""

from __future__ import annotations

import argparse
from typing import Any

from desk.cli.output import Output


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "doctor",
        parents=[common],
        help="check the counter's set-up (exit 1 when something needs attention)",
    )
    p.add_argument(
        "--timeout", type=float, default=3.0, help="seconds to wait for the network and devices"
    )
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace, out: Output) -> int:
    from desk import __version__
    from desk.doctor import Limits, needs_attention, run_checks
    from desk.doctor_messages import DOCTOR_CHECKS, DOCTOR_STATUS, doctor_text
    from desk.paths import data_home

    home = data_home(args.home)
    findings = run_checks(home, Limits(timeout_seconds=args.timeout))
    attention = needs_attention(findings)
    data = {
        "version": __version__,
        "home": str(home),
        "attention": attention,
        "checks": [
            {
                "check": f.check,
                "status": f.status.value,
                "code": f.code,
                "text": doctor_text(f.code, f.params),
                **f.params,
            }
            for f in findings
        ],
    }
    width = max(len(v) for v in DOCTOR_CHECKS.values())
    lines = [f"Guichet {__version__} — vérification du poste ({home})"]
    for f in findings:
        status = DOCTOR_STATUS[f.status.value]
        label = DOCTOR_CHECKS.get(f.check, f.check)
        lines.append(f"  [{status:^10}] {label:<{width}}  {doctor_text(f.code, f.params)}")
    count = sum(f.needs_attention for f in findings)
    lines.append(f"{count} point(s) à traiter." if attention else "Tout est en ordre.")
    out.result(data, "\n".join(lines))
    return 1 if attention else 0
