"""``desk receipt render|verify|print`` (../shared/CLI.md)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from desk.cli.output import Output
from desk.receipts.data import ReceiptKind

KIND_WORDS = {
    "accompagnement": "fiche d'accompagnement",
    "accuse-reception": "accusé de réception",
    "recepisse": "récépissé",
    "pieces-complementaires": "demande de pièces complémentaires",
}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    rec = sub.add_parser("receipt", parents=[common], help="receipts handed to the applicant")
    rsub = rec.add_subparsers(dest="receipt_command", required=True)

    p = rsub.add_parser("render", parents=[common], help="issue a receipt as a PDF file")
    p.add_argument("--dossier", required=True)
    p.add_argument("--kind", choices=[k.value for k in ReceiptKind])
    p.add_argument("--lang", default="fr", help="language of the explanations (fr, en)")
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(func=cmd_render)

    p = rsub.add_parser("verify", parents=[common], help="is this receipt genuine?")
    p.add_argument("file", type=Path, help="the PDF, or a photo/scan (PNG, JPEG)")
    p.add_argument(
        "--keys",
        type=Path,
        help="verification key set (default: the counter's and those pulled from HQ)",
    )
    p.add_argument("--surname", help="check the applicant too (with --birth-date)")
    p.add_argument("--given-names", default="")
    p.add_argument("--birth-date", type=date.fromisoformat)
    p.set_defaults(func=cmd_verify)

    p = rsub.add_parser("keys", parents=[common], help="the published verification keys")
    p.set_defaults(func=cmd_keys)

    p = rsub.add_parser("print", parents=[common], help="print on the counter's printer")
    p.add_argument("--dossier", required=True)
    p.add_argument("--printer", help="CUPS queue (default: the configured printer)")
    p.add_argument("--copy", action="store_true", help="reprint the last receipt (duplicata)")
    p.add_argument("--kind", choices=[k.value for k in ReceiptKind])
    p.add_argument("--lang", default="fr")
    p.set_defaults(func=cmd_print)


def cmd_render(args: argparse.Namespace, out: Output) -> int:
    from desk.app import open_counter
    from desk.errors import InvalidInput
    from desk.services import receipts
    from desk.services.common import SYSTEM

    counter = open_counter(args.home)
    try:
        issued = receipts.issue_receipt(counter, SYSTEM, args.dossier, args.kind, args.lang)
    finally:
        counter.close()
    try:
        args.out.write_bytes(issued.pdf)
    except OSError as exc:
        raise InvalidInput(f"cannot write {args.out}: {exc}", path=str(args.out)) from exc
    out.result(
        {**issued.summary(), "file": str(args.out)},
        f"{KIND_WORDS[issued.kind.value].capitalize()} n° {issued.number} "
        f"(dossier {issued.dossier}) enregistré dans {args.out}",
    )
    return 0


def cmd_verify(args: argparse.Namespace, out: Output) -> int:
    from desk.errors import InvalidInput, UnsupportedDocument
    from desk.messages import reason_text
    from desk.paths import HomeLayout, data_home
    from desk.receipts.keys import known_keys, load_key_set
    from desk.receipts.verify import Person, verify_receipt

    if args.keys and not args.keys.exists():
        raise InvalidInput(f"{args.keys} not found", path=str(args.keys))
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise UnsupportedDocument(
            f"cannot read {args.file}: {exc}", reason="unreadable", name=str(args.file)
        ) from exc
    person = None
    if args.surname and args.birth_date:
        person = Person(args.surname, args.given_names, args.birth_date)
    # an explicit key set alone; by default this counter's keys and those HQ published
    keys = (
        load_key_set(args.keys) if args.keys else known_keys(HomeLayout(data_home(args.home)).root)
    )
    verdict = verify_receipt(data, keys, person)
    if verdict.genuine:
        kind = KIND_WORDS.get(verdict.kind or "", verdict.kind or "")
        human = f"AUTHENTIQUE : {kind} n° {verdict.number}, dossier {verdict.dossier}"
        if verdict.issued_at:
            human += f", délivré le {verdict.issued_at.astimezone():%d/%m/%Y à %H:%M}"
        if verdict.issuer:
            human += f" par le guichet {verdict.issuer}"
        if verdict.copy:
            human += f" (duplicata n° {verdict.copy})"
        if not verdict.text_checked:
            human += (
                ".\nImage : le texte imprimé n'a pas pu être contrôlé ; comparez le numéro, "
                "le dossier et la date ci-dessus avec ceux du document"
            )
    else:
        human = f"NON AUTHENTIQUE : {reason_text(f'receipt.{verdict.reason}')}."
    out.result(verdict.as_dict(), human)
    return 0 if verdict.genuine else 1


def cmd_keys(args: argparse.Namespace, out: Output) -> int:
    """Print the counter's verification key set (creating the signing key if needed):
    the file to publish so that anyone can verify this counter's receipts offline."""
    from desk.app import open_counter
    from desk.receipts.keys import KEY_SET_FILE, key_set_document, load_key_set
    from desk.services import receipts

    counter = open_counter(args.home)
    try:
        own = receipts.signing_key(counter)
        path = counter.home.keys / KEY_SET_FILE
        document = key_set_document(load_key_set(path))
    finally:
        counter.close()
    out.result(document, f"Clé de ce guichet : {own.kid} — jeu de clés publiables : {path}")
    return 0


def cmd_print(args: argparse.Namespace, out: Output) -> int:
    from desk.app import open_counter
    from desk.services import receipts
    from desk.services.common import SYSTEM

    counter = open_counter(args.home)
    try:
        if args.copy:
            issued = receipts.reprint_receipt(counter, SYSTEM, args.dossier)
        else:
            issued = receipts.issue_receipt(counter, SYSTEM, args.dossier, args.kind, args.lang)
        job = receipts.print_receipt(counter, issued, args.printer)
    finally:
        counter.close()
    what = f"duplicata n° {issued.copy} du reçu" if issued.copy else "reçu"
    out.result(
        {**issued.summary(), "job": job, "printer": args.printer or counter.config.printer},
        f"Imprimé : {what} {issued.number} (travail {job}).",
    )
    return 0
