"""Capture commands: ``desk capture devices|scan|import`` and ``desk piece export``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desk.cli.core import open_from
from desk.cli.output import Output

Sub = Any  # argparse's private _SubParsersAction


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    cap = sub.add_parser("capture", parents=[common], help="scanners and document import")
    csub = cap.add_subparsers(dest="capture_command", required=True)
    p = csub.add_parser("devices", parents=[common], help="list the scanners")
    p.set_defaults(func=cmd_devices)

    p = csub.add_parser("scan", parents=[common], help="scan into a piece of a dossier")
    p.add_argument("--device", required=True)
    p.add_argument("--dossier", required=True)
    p.add_argument("--piece", required=True)
    p.add_argument("--source", choices=["flatbed", "adf", "duplex"], default="adf")
    p.add_argument("--pages", type=int, default=None, help="stop after N pages")
    p.set_defaults(func=cmd_scan)

    p = csub.add_parser("import", parents=[common], help="import files into a piece")
    p.add_argument("--dossier", required=True)
    p.add_argument("--piece", required=True)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(func=cmd_import)

    piece = sub.add_parser("piece", parents=[common], help="pieces of a dossier")
    psub = piece.add_subparsers(dest="piece_command", required=True)
    p = psub.add_parser("export", parents=[common], help="write the piece's PDF")
    p.add_argument("--dossier", required=True)
    p.add_argument("--piece", required=True)
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(func=cmd_export)


def cmd_devices(args: argparse.Namespace, out: Output) -> int:
    from desk.capture.scanner import list_devices

    devices = list_devices()
    human = "\n".join(f"{d.id}\t{d.vendor} {d.model} ({d.type})" for d in devices)
    out.result(devices, human or "Aucun scanner détecté.")
    return 0


def _report(out: Output, report: Any) -> int:
    data = {"pages": report.pages, "bytes": report.bytes, "warnings": report.warnings}
    lines = [f"{report.pages} page(s), {report.bytes} octets"]
    lines += [f"  page {w.page} : {w.message}" for w in report.warnings]
    out.result(data, "\n".join(lines))
    return 0


def cmd_scan(args: argparse.Namespace, out: Output) -> int:
    from desk.capture.scanner import Source
    from desk.services.capture import scan_into_piece
    from desk.services.common import SYSTEM

    counter = open_from(args)
    try:
        report = scan_into_piece(
            counter,
            SYSTEM,
            args.dossier,
            args.piece,
            args.device,
            Source(args.source),
            args.pages,
        )
    finally:
        counter.close()
    return _report(out, report)


def cmd_import(args: argparse.Namespace, out: Output) -> int:
    from desk.services.capture import import_files
    from desk.services.common import SYSTEM

    counter = open_from(args)
    try:
        report = import_files(counter, SYSTEM, args.dossier, args.piece, args.files)
    finally:
        counter.close()
    return _report(out, report)


def cmd_export(args: argparse.Namespace, out: Output) -> int:
    from desk.services.capture import export_piece

    counter = open_from(args)
    try:
        result = export_piece(counter, args.dossier, args.piece, args.out)
    finally:
        counter.close()
    data = {
        "out": str(args.out),
        "pages": result.pages,
        "bytes": result.size,
        "max_bytes": result.max_bytes,
        "fits": result.fits,
        "dpi": result.dpi,
        "jpeg_quality": result.quality,
    }
    verdict = "sous la limite" if result.fits else "AU-DESSUS de la limite"
    out.result(
        data,
        f"{args.out} : {result.pages} page(s), {result.size} octets "
        f"({verdict} de {result.max_bytes} octets)",
    )
    return 0 if result.fits else 1
