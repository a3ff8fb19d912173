"""The ``desk gui`` command."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("gui", parents=[common], help="open the counter window")
    p.add_argument(
        "--quit-after",
        type=float,
        default=None,
        help="close the window after this many seconds (smoke tests)",
    )
    p.set_defaults(func=cmd_gui)


def cmd_gui(args: argparse.Namespace, out: Any) -> int:
    from ui.app import run

    return run(args.home, quit_after=args.quit_after)
