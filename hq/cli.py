"""The ``hq`` command (../shared/CLI.md): serve, enrol counters, statistics.

Every command takes ``--db URL``, else ``HQ_DB``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from hq.errors import ConfigurationError


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=None, help="database URL (else HQ_DB)")
    parser = argparse.ArgumentParser(prog="hq", description="Guichet — serveur national")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", parents=[common], help="run the HQ server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8400)
    p.add_argument("--blobs", default="hq-blobs", help="folder of the document store")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--tls-cert", default=None, help="PEM certificate chain (serve HTTPS)")
    p.add_argument("--tls-key", default=None, help="PEM private key of --tls-cert")
    p.add_argument(
        "--behind-proxy",
        action="store_true",
        help="plain HTTP on a non-loopback address: TLS is terminated by a reverse proxy",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", parents=[common], help="apply pending migrations")
    p.set_defaults(func=cmd_migrate)

    counters = sub.add_parser("counters", help="enrolled counters")
    csub = counters.add_subparsers(dest="counters_command", required=True)
    p = csub.add_parser("add", parents=[common], help="issue a one-time enrolment token")
    p.add_argument("--prefecture", required=True)
    p.add_argument("--counter", type=int, required=True)
    p.set_defaults(func=cmd_counters_add)

    p = sub.add_parser("stats", parents=[common], help="statistics per prefecture and day")
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("openapi", help="print the OpenAPI description of the sync protocol")
    p.set_defaults(func=cmd_openapi)
    return parser


def _sessions(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from hq.db import make_engine, make_sessionmaker, upgrade

    engine = make_engine(args.db)
    upgrade(engine)
    return make_sessionmaker(engine)


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from hq.db import database_url, make_engine, upgrade

    cert, key = _tls_files(args)
    url = database_url(args.db)
    upgrade(make_engine(url))  # once, before any worker starts
    blobs = Path(args.blobs).resolve()
    blobs.mkdir(parents=True, exist_ok=True)
    os.environ["HQ_DB"] = url
    os.environ["HQ_BLOBS"] = str(blobs)
    uvicorn.run(
        "hq.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
        timeout_keep_alive=30,
        ssl_certfile=cert,
        ssl_keyfile=key,
    )
    return 0


def _tls_files(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The certificate and key uvicorn serves HTTPS with; plain HTTP only on loopback
    or behind a TLS proxy (counters refuse plain HTTP but to loopback: desk.sync.wire)."""
    import ipaddress

    if bool(args.tls_cert) != bool(args.tls_key):
        raise ConfigurationError("--tls-cert and --tls-key go together")
    if args.tls_cert:
        for name in (args.tls_cert, args.tls_key):
            if not Path(name).is_file():
                raise ConfigurationError(f"{name}: no such file")
        return args.tls_cert, args.tls_key
    try:
        loopback = args.host == "localhost" or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not args.behind_proxy:
        raise ConfigurationError(
            f"refusing plain HTTP on {args.host}: give --tls-cert/--tls-key, "
            "or --behind-proxy when a reverse proxy terminates TLS"
        )
    return None, None


def cmd_migrate(args: argparse.Namespace) -> int:
    _sessions(args)
    return 0


def cmd_counters_add(args: argparse.Namespace) -> int:
    from hq.auth import issue_token

    try:
        token = issue_token(_sessions(args), args.prefecture, args.counter)
    except ValueError as exc:
        print(f"hq: {exc}", file=sys.stderr)
        return 2
    print(
        f"Jeton d'enrôlement du guichet {args.counter} ({args.prefecture}), à usage unique :",
        file=sys.stderr,
    )
    print(token)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from hq.stats import compute, to_csv

    rows = compute(_sessions(args))
    if args.csv:
        sys.stdout.write(to_csv(rows))
    else:
        print(json.dumps(rows, ensure_ascii=False, indent=None if args.json else 2))
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from hq.openapi import spec

    print(json.dumps(spec(), indent=2, ensure_ascii=False))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except ConfigurationError as exc:
        print(f"hq: {exc}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
