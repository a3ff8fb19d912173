"""Foundation commands: init, demo, db upgrade, procedure list, check, applicant,
dossier."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from desk.cli.output import Output
from desk.config import CounterConfig
from desk.domain.identifiers import CHECKERS
from desk.errors import InvalidField
from desk.messages import reason_text

if TYPE_CHECKING:
    from desk.app import Counter

Sub = Any  # argparse's private _SubParsersAction


def open_counter(home: str | None, config: CounterConfig | None = None) -> Counter:
    """desk.app imported here: commands that need no database start faster."""
    from desk.app import open_counter as _open

    return _open(home, config)


def open_from(args: argparse.Namespace) -> Counter:
    return open_counter(args.home)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="create or reconfigure a counter")
    p.add_argument(
        "--from",
        dest="site_file",
        metavar="FILE",
        help="site file (TOML, see installer/site.example.toml); options below override "
        "it. Without --from nor options: the installer's site file, if any",
    )
    p.add_argument("--prefecture", help="prefecture code (default: the département)")
    p.add_argument("--departement", help="required without --from")
    p.add_argument("--site", help="required without --from")
    p.add_argument("--counter", type=int, help="required without --from")
    p.add_argument("--address")
    p.add_argument("--phone")
    p.add_argument("--email")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", parents=[common], help="seed demo data (idempotent)")
    p.add_argument("--dossiers", type=int, default=200)
    p.set_defaults(func=cmd_demo)

    db = sub.add_parser("db", parents=[common], help="database maintenance")
    dbsub = db.add_subparsers(dest="db_command", required=True)
    p = dbsub.add_parser("upgrade", parents=[common], help="apply pending migrations")
    p.set_defaults(func=cmd_db_upgrade)

    proc = sub.add_parser("procedure", parents=[common], help="procedure catalogue")
    psub = proc.add_subparsers(dest="procedure_command", required=True)
    p = psub.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_procedure_list)

    p = sub.add_parser("check", parents=[common], help="validate an identifier")
    p.add_argument("kind", choices=sorted(CHECKERS))
    p.add_argument("value")
    p.set_defaults(func=cmd_check)

    app = sub.add_parser("applicant", parents=[common], help="applicants")
    asub = app.add_subparsers(dest="applicant_command", required=True)
    p = asub.add_parser("add", parents=[common])
    p.add_argument("--surname", required=True)
    p.add_argument("--given-names", default="")
    p.add_argument("--birth-date", type=_date, required=True)
    p.add_argument("--nationality", required=True)
    p.add_argument("--numero-etranger")
    p.add_argument("--passport-number")
    p.add_argument("--postal-code")
    p.add_argument("--email")
    p.add_argument("--phone")
    p.add_argument("--sex")
    p.set_defaults(func=cmd_applicant_add)
    from desk.cli.privacy import register_applicant

    register_applicant(asub, common)

    dos = sub.add_parser("dossier", parents=[common], help="dossiers")
    dsub = dos.add_subparsers(dest="dossier_command", required=True)
    p = dsub.add_parser("new", parents=[common])
    p.add_argument("--applicant", type=int, required=True)
    p.add_argument("--procedure", required=True)
    p.set_defaults(func=cmd_dossier_new)
    p = dsub.add_parser("show", parents=[common])
    p.add_argument("number")
    p.set_defaults(func=cmd_dossier_show)
    p = dsub.add_parser("search", parents=[common])
    p.add_argument("text")
    p.set_defaults(func=cmd_dossier_search)


def cmd_init(args: argparse.Namespace, out: Output) -> int:
    from desk.provisioning import load_site, machine_config

    given: dict[str, Any] = {
        "prefecture": args.prefecture,
        "departement": args.departement,
        "site": args.site,
        "counter": args.counter,
        "address": args.address,
        "phone": args.phone,
        "email": args.email,
    }
    if args.site_file:
        from pathlib import Path

        cfg = load_site(Path(args.site_file), given)
    elif (machine := machine_config(overrides=given)) is not None:
        cfg = machine  # the installer's site file, options over it
    else:
        for required in ("departement", "site", "counter"):
            if given[required] is None:
                raise InvalidField(required, "required")
        filled: dict[str, Any] = {k: "" if v is None else v for k, v in given.items()}
        cfg = CounterConfig(**filled)
    counter = open_counter(args.home, cfg)
    try:
        out.result(
            {"home": str(counter.home.root), **_config_dict(counter.config)},
            f"Guichet initialisé dans {counter.home.root}",
        )
    finally:
        counter.close()
    return 0


def _config_dict(cfg: CounterConfig) -> dict[str, object]:
    return {
        "prefecture": cfg.prefecture,
        "departement": cfg.departement,
        "site": cfg.site,
        "counter": cfg.counter,
        "address": cfg.address,
        "printer": cfg.printer,
        "scanner": cfg.scanner,
        "hq_url": cfg.hq_url,
        "nightly_window": cfg.nightly_window,
    }


DEMO_CONFIG = CounterConfig(
    prefecture="75",
    departement="75",
    site="Préfecture de police — Centre de réception des étrangers (démonstration)",
    counter=1,
    address="1 bis rue de Lutèce, 75004 Paris",
    phone="01 53 71 51 68",
    email="pp-dpg-accueil-etrangers@example.gouv.fr",
    extra={"demo": True},
)


def cmd_demo(args: argparse.Namespace, out: Output) -> int:
    from desk.paths import HomeLayout, data_home
    from desk.services import demo

    exists = HomeLayout(data_home(args.home)).config.exists()
    counter = open_counter(args.home, None if exists else DEMO_CONFIG)
    try:
        creds = demo.ensure_demo_agents(counter)
        created = demo.seed(counter, args.dossiers)
        for login, password in creds.items():
            out.info(f"agent de démonstration : {login}  mot de passe : {password}")
        out.result(
            {"home": str(counter.home.root), "created": created, "agents": sorted(creds)},
            f"Démonstration prête dans {counter.home.root} ({created} dossiers créés)",
        )
    finally:
        counter.close()
    return 0


def cmd_db_upgrade(args: argparse.Namespace, out: Output) -> int:
    from desk.paths import HomeLayout, data_home
    from desk.security.crypto import FieldCipher
    from desk.security.keys import load_or_create_data_key
    from desk.store import db

    layout = HomeLayout(data_home(args.home))
    engine = db.make_engine(layout.database)

    def cipher() -> FieldCipher:  # only when a migration converts encrypted rows
        # they exist, so a missing key is refused: a new one would open nothing
        return FieldCipher(load_or_create_data_key(layout.keys, create=False))

    try:
        before, after = db.upgrade(engine, cipher)
    finally:
        engine.dispose()
    since = "" if before == after else f", depuis {before}"
    out.result({"before": before, "after": after}, f"Base à jour (révision {after}){since}")
    return 0


def cmd_procedure_list(args: argparse.Namespace, out: Output) -> int:
    from desk.catalogue import default_catalogue

    cat = default_catalogue()
    data = [
        {
            "code": p.code,
            "label": p.label,
            "anef": p.anef,
            "kind": p.kind.value,
            "pieces": [
                {
                    "code": r.code,
                    "label": r.label,
                    "mandatory": r.mandatory,
                    "formats": list(r.formats),
                    "max_bytes": r.max_bytes,
                    "profile": r.profile,
                }
                for r in p.pieces
            ],
        }
        for p in cat.procedures.values()
    ]
    out.result(data, "\n".join(f"{p['code']:28} {p['label']}" for p in data))
    return 0


def cmd_check(args: argparse.Namespace, out: Output) -> int:
    result = CHECKERS[args.kind](args.value)
    text = reason_text(result.message)
    if result.departement:
        text += f" (département {result.departement})"
    out.result(result.as_dict() | {"message": result.message, "text": text}, text)
    return 0 if result.valid else 1


def cmd_applicant_add(args: argparse.Namespace, out: Output) -> int:
    from desk.services.applicants import ApplicantInput, create_applicant
    from desk.services.common import SYSTEM

    if args.surname is None:
        raise InvalidField("surname", "required")
    counter = open_from(args)
    try:
        a = create_applicant(
            counter,
            SYSTEM,
            ApplicantInput(
                surname=args.surname,
                given_names=args.given_names,
                birth_date=args.birth_date,
                nationality=args.nationality,
                numero_etranger=args.numero_etranger,
                passport_number=args.passport_number,
                postal_code=args.postal_code,
                email=args.email,
                phone=args.phone,
                sex=args.sex,
            ),
        )
    finally:
        counter.close()
    out.result(a, f"Demandeur n° {a.id} : {a.full_name}")
    return 0


def cmd_dossier_new(args: argparse.Namespace, out: Output) -> int:
    from desk.services.common import SYSTEM
    from desk.services.dossiers import open_dossier

    counter = open_from(args)
    try:
        d = open_dossier(counter, SYSTEM, args.applicant, args.procedure)
    finally:
        counter.close()
    out.result(
        {
            "number": d.number,
            "status": d.status.value,
            "procedure": d.procedure,
            "applicant": d.applicant.id,
        },
        f"Dossier {d.number} ouvert",
    )
    return 0


def dossier_dict(d: Any) -> dict[str, object]:
    a = d.applicant
    return {
        "number": d.number,
        "status": d.status.value,
        "procedure": d.procedure,
        "applicant": {
            "id": a.id,
            "surname": a.surname,
            "given_names": a.given_names,
            "birth_date": a.birth_date,
            "nationality": a.nationality,
            "numero_etranger": a.numero_etranger,
            "postal_code": a.postal_code,
        },
        "pieces": [
            {
                "code": p.code,
                "label": p.label,
                "mandatory": p.mandatory,
                "status": p.status.value,
                "pages": len(p.pages),
                "bytes": p.bytes,
                "max_bytes": p.max_bytes,
            }
            for p in d.pieces
        ],
        "history": [
            {"at": h.at, "agent": h.agent, "action": h.action, **h.detail} for h in d.history
        ],
        "deadline": d.deadline,
        "created_at": d.created_at,
        "updated_at": d.updated_at,
    }


def cmd_dossier_show(args: argparse.Namespace, out: Output) -> int:
    from desk.services.dossiers import get_dossier

    counter = open_from(args)
    try:
        d = get_dossier(counter, args.number)
    finally:
        counter.close()
    data = dossier_dict(d)
    lines = [
        f"Dossier {d.number} — {d.status.value} — {d.procedure}",
        f"Demandeur : {d.applicant.full_name}, né(e) le {d.applicant.birth_date:%d/%m/%Y}",
    ]
    lines += [f"  [{p.status.value:16}] {p.label} ({len(p.pages)} p.)" for p in d.pieces]
    out.result(data, "\n".join(lines))
    return 0


def cmd_dossier_search(args: argparse.Namespace, out: Output) -> int:
    from desk.services.search import search_dossiers

    counter = open_from(args)
    try:
        found = search_dossiers(counter, args.text)
    finally:
        counter.close()
    data = [
        {
            "number": s.number,
            "surname": s.surname,
            "given_names": s.given_names,
            "birth_date": s.birth_date,
            "status": s.status.value,
            "procedure": s.procedure,
        }
        for s in found
    ]
    out.result(
        data,
        "\n".join(f"{s['number']}  {s['surname']} {s['given_names']}  {s['status']}" for s in data)
        or "Aucun dossier trouvé.",
    )
    return 0
