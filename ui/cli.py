"""The ``desk gui`` command."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("gui", parents=[common], help="open the counter window")
    p.add_argument(
        "--quit-after",
        type=float,
        default=None,
        help="close the window this many seconds after the counter is open, or has "
        "failed to open (smoke tests)",
    )
    p.add_argument("--login", default="", help="agent login to propose (or to log in)")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the agent's password from standard input and log --login in "
        "(kiosk scripts, start-up benchmark); a wrong password shows the log-in page",
    )
    p.set_defaults(func=cmd_gui)


def cmd_gui(args: argparse.Namespace, out: Any) -> int:
    from ui.app import run

    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    return run(
        getattr(args, "home", None),
        quit_after=args.quit_after,
        login=args.login,
        password=password,
    )
