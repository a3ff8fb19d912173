"""The ``desk`` command (../shared/CLI.md): every use case reachable headless.

Each command group lives in its own module exposing ``register(subparsers, common)``;
add a module to COMMAND_MODULES to add a group. Exit codes: 0 success or a positive
answer, 1 a negative answer, 2 bad usage or unreadable input. With ``--json`` stdout
holds exactly one JSON document, errors included.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from desk.cli.output import Output, fail
from desk.errors import DeskError

COMMAND_MODULES = [
    "desk.cli.core",
    "desk.cli.receipts",
    "desk.cli.mrz",
    "desk.cli.doctor",
    "desk.cli.audit",
    "desk.cli.filing",
    "desk.cli.capture",
    "desk.cli.sync",
]

log = logging.getLogger("desk")


class _Parser(argparse.ArgumentParser):
    """argparse exits with status 2 on bad usage, as CLI.md wants; with --json the
    error is also a JSON document."""

    def error(self, message: str) -> None:  # type: ignore[override]
        if "--json" in sys.argv[1:]:
            import json

            print(json.dumps({"error": "usage", "detail": message}))
        self.print_usage(sys.stderr)
        print(f"{self.prog}: erreur : {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser(
    extra_modules: Sequence[str] = (), core_modules: Sequence[str] | None = None
) -> argparse.ArgumentParser:
    # Sub-commands accept --home/--json too; SUPPRESS keeps a value given before the
    # sub-command from being overwritten by the sub-parser's default.
    common = _Parser(add_help=False)
    common.add_argument(
        "--home", default=argparse.SUPPRESS, help="data home of the counter (else DESK_HOME)"
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON document"
    )
    parser = _Parser(prog="desk", description="Guichet — poste d'accueil des étrangers")
    parser.add_argument("--home", default=None, help="data home of the counter (else DESK_HOME)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    from desk import __version__

    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in [*(COMMAND_MODULES if core_modules is None else core_modules), *extra_modules]:
        importlib.import_module(name).register(sub, common)
    return parser


def main(
    argv: Sequence[str] | None = None,
    extra_modules: Sequence[str] = (),
    core_modules: Sequence[str] | None = None,
) -> int:
    """Run the ``desk`` command. ``extra_modules`` lets the ``ui`` package add the
    ``gui`` command without desk importing it (desk never imports ui)."""
    # stderr gets warnings and errors only; INFO records of ours go to the data home's
    # log file once a counter is open (desk.logfile)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.WARNING)
    logging.basicConfig(
        level=logging.WARNING, handlers=[stderr], format="%(levelname)s %(name)s: %(message)s"
    )
    parser = build_parser(extra_modules, core_modules)
    args = parser.parse_args(argv)
    out = Output(json_mode=bool(getattr(args, "json", False)))
    try:
        code: int = args.func(args, out)
    except DeskError as exc:
        return fail(out, exc)
    except KeyboardInterrupt:
        out.error("interrupted", "interrupted by the user", "Interrompu.")
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
