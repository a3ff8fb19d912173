"""``desk applicant export ID --out DIR``: droit d'accès (everything held about one
applicant, as JSON, PDF and the document pages)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desk.cli.output import Output


def register_applicant(asub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``export`` to the ``desk applicant`` group (desk.cli.core)."""
    p = asub.add_parser("export", parents=[common], help="droit d'accès: export everything held")
    p.add_argument("id", type=int)
    p.add_argument("--out", type=Path, required=True, help="folder to write into")
    p.set_defaults(func=cmd_applicant_export)


def cmd_applicant_export(args: argparse.Namespace, out: Output) -> int:
    from desk.app import open_counter
    from desk.services.common import SYSTEM
    from desk.services.privacy import export_applicant

    counter = open_counter(args.home)
    try:
        result = export_applicant(counter, SYSTEM, args.id, args.out)
    finally:
        counter.close()
    out.result(
        result,
        f"Données du demandeur n° {args.id} exportées : {result['pdf']}, {result['json']} "
        f"et {len(result['documents'])} document(s).",
    )
    return 0
