"""``desk mrz parse`` and ``desk mrz read`` (../shared/CLI.md): the machine-readable
zone of a passport, card or visa, typed or read from a page image.

Exit codes: 0 a valid MRZ, 1 an MRZ whose check digits or fields are wrong, 2 not an
MRZ (or no MRZ found on the image, or an unreadable image)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desk.cli.output import Output
from desk.domain.mrz import Mrz, parse
from desk.errors import UnsupportedDocument
from desk.messages import field_label

Sub = Any  # argparse's private _SubParsersAction


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    mrz = sub.add_parser("mrz", parents=[common], help="machine-readable zones (ICAO 9303)")
    msub = mrz.add_subparsers(dest="mrz_command", required=True)
    p = msub.add_parser("parse", parents=[common], help="check and split typed MRZ lines")
    p.add_argument("lines", nargs="+", metavar="LINE", help="2 or 3 MRZ lines")
    p.add_argument(
        "--ocr",
        action="store_true",
        help="correct OCR confusions (O/0, I/1...) where field types and check digits prove it",
    )
    p.set_defaults(func=cmd_parse)
    p = msub.add_parser("read", parents=[common], help="find and read the MRZ of a page image")
    p.add_argument("image", type=Path)
    p.set_defaults(func=cmd_read)


def human(m: Mrz) -> str:
    status = (
        "MRZ valide" if m.valid else "MRZ invalide : " + ", ".join(field_label(e) for e in m.errors)
    )
    born = m.birth_date.isoformat() if m.birth_date else (m.birth_date_partial or "?")
    expires = m.expiry_date.isoformat() if m.expiry_date else "?"
    return (
        f"{status}\n{m.format.value} {m.document_type} {m.issuing_state} n° {m.document_number}\n"
        f"{m.surname} {m.given_names} — né(e) le {born}, {m.nationality}, sexe {m.sex}\n"
        f"expire le {expires}"
    )


def cmd_parse(args: argparse.Namespace, out: Output) -> int:
    m = parse(args.lines, ocr=args.ocr)
    out.result(m.as_dict(), human(m))
    return 0 if m.valid else 1


def cmd_read(args: argparse.Namespace, out: Output) -> int:
    from desk.capture.mrz_ocr import read_mrz_file

    path: Path = args.image
    if not path.is_file():
        raise UnsupportedDocument(f"no such file: {path}", reason="unreadable", name=path.name)
    reading = read_mrz_file(path)
    m = reading.mrz
    out.result(
        m.as_dict() | {"confidence": round(reading.confidence, 3)},
        human(m) + f"\nconfiance {reading.confidence:.0%}",
    )
    return 0 if m.valid else 1
