"""Entry point of the ``desk`` console script: the core's command line plus the
``gui`` command, which only this package can provide (desk never imports Qt)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def _subcommand(args: Sequence[str]) -> str | None:
    """The sub-command named in ``args``, skipping the global options."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--home":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    from desk.cli import main as desk_main

    args = list(sys.argv[1:] if argv is None else argv)
    if _subcommand(args) == "gui":
        # the window is what agents start every morning: load no other command module
        # (they import the whole core; measured 40 % of start-up in bench_startup)
        return desk_main(args, extra_modules=["ui.cli"], core_modules=[])
    return desk_main(args, extra_modules=["ui.cli"])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
