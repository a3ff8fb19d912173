"""``desk file ...``: online filing, substitution deposit, request for missing pieces,
timbres, where a dossier stands, and the follow-up list (../shared/CLI.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desk.cli.core import _date, open_from
from desk.cli.output import Output
from desk.errors import Refused
from desk.services.common import SYSTEM

Sub = Any

REASON_CODES = ["blocked-account", "procedure-not-offered", "technical-error", "no-email", "other"]


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    file_ = sub.add_parser("file", parents=[common], help="file a dossier")
    fsub = file_.add_subparsers(dest="file_command", required=True)

    p = fsub.add_parser("online", parents=[common], help="record an ANEF online filing")
    p.add_argument("--dossier", required=True)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--anef-number")
    group.add_argument("--gateway", choices=["http"], help="file through the HQ gateway")
    p.add_argument("--attestation", type=Path, help="attestation de dépôt PDF")
    p.set_defaults(func=cmd_online)

    p = fsub.add_parser("substitution", parents=[common], help="substitution deposit")
    p.add_argument("--dossier", required=True)
    p.add_argument("--mode", required=True, choices=["counter", "post", "email"])
    p.add_argument("--proof", required=True, choices=["ccc", "prefecture"])
    p.add_argument("--proof-ref", required=True)
    p.add_argument("--proof-date", required=True, type=_date)
    p.add_argument("--proof-scan", type=Path)
    p.add_argument("--reason", required=True, choices=REASON_CODES)
    p.add_argument("--reason-text", default="")
    p.add_argument("--eml", type=Path, help="saved e-mail (mode email)")
    p.add_argument("--evidence", type=Path, action="append", default=[], help="screenshot")
    p.add_argument("--post-received", type=_date)
    p.add_argument("--postmark", type=_date)
    p.add_argument("--registered-letter", default="")
    p.add_argument("--override-justification", default="")
    p.set_defaults(func=cmd_substitution)

    p = fsub.add_parser("incomplete", parents=[common], help="request the missing pieces")
    p.add_argument("--dossier", required=True)
    p.set_defaults(func=cmd_incomplete)

    p = fsub.add_parser("timbre", parents=[common], help="enter a timbre fiscal number")
    p.add_argument("--dossier", required=True)
    p.add_argument("number")
    p.set_defaults(func=cmd_timbre)

    p = fsub.add_parser("status", parents=[common], help="completeness, deadlines, fees")
    p.add_argument("--dossier", required=True)
    p.set_defaults(func=cmd_status)

    p = fsub.add_parser("follow-up", parents=[common], help="dossiers awaiting pieces")
    p.set_defaults(func=cmd_follow_up)


def _outcome(o: Any) -> dict[str, object]:
    return {
        "dossier": o.dossier,
        "kind": o.kind.value,
        "status": o.status.value,
        "at": o.at,
        "agent": o.agent,
        "anef_number": o.anef_number,
        "received_on": o.received_on,
        "implicit_decision_on": o.implicit_decision_on,
        "missing": list(o.missing),
        "deadline": o.deadline,
        "overridden": list(o.overridden),
        "pieces_added": list(o.pieces_added),
    }


def _refused(out: Output, exc: Refused) -> int:
    """CLI.md: a refused filing exits 1 with {"refused": reason} in the JSON."""
    from desk.messages import describe

    extra = {k: v for k, v in exc.params.items() if k in ("refusals", "mismatches", "texts")}
    out.error("refused", exc.detail, describe(exc), refused=exc.reason, **extra)
    return 1


def _read(path: Path | None) -> bytes | None:
    from desk.errors import UnsupportedDocument

    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnsupportedDocument(str(exc), reason="unreadable", name=str(path)) from exc


def cmd_online(args: argparse.Namespace, out: Output) -> int:
    from desk.services.filing import file_online

    counter = open_from(args)
    try:
        if args.gateway and not counter.config.hq_url:
            return _refused(out, Refused("gateway_not_configured", "no HQ configured"))
        try:
            if args.gateway:
                from desk.filing.http_gateway import file_online_http

                o = file_online_http(counter, SYSTEM, args.dossier)
            else:
                o = file_online(
                    counter, SYSTEM, args.dossier, args.anef_number, _read(args.attestation)
                )
        except Refused as exc:
            return _refused(out, exc)
    finally:
        counter.close()
    out.result(_outcome(o), f"Dossier {o.dossier} déposé en ligne (n° ANEF {o.anef_number})")
    return 0


def cmd_substitution(args: argparse.Namespace, out: Output) -> int:
    from desk.domain.substitution import PostDetails
    from desk.services.substitution import SubstitutionInput, file_substitution

    post = None
    if args.mode == "post":
        post = PostDetails(args.post_received, args.postmark, args.registered_letter)
    data = SubstitutionInput(
        mode=args.mode,
        proof_kind=args.proof,
        proof_reference=args.proof_ref,
        proof_date=args.proof_date,
        proof_scan=args.proof_scan,
        reason=args.reason,
        reason_text=args.reason_text,
        post=post,
        eml=args.eml,
        override_justification=args.override_justification,
        evidence=tuple(args.evidence),
    )
    counter = open_from(args)
    try:
        o = file_substitution(counter, SYSTEM, args.dossier, data)
    except Refused as exc:
        return _refused(out, exc)
    finally:
        counter.close()
    if o.missing:
        human = (
            f"Dossier {o.dossier} enregistré, incomplet : pièces à fournir avant le {o.deadline}"
        )
    else:
        human = f"Dossier {o.dossier} déposé (solution de substitution)"
    out.result(_outcome(o), human)
    return 0


def cmd_incomplete(args: argparse.Namespace, out: Output) -> int:
    from desk.services.filing import file_incomplete

    counter = open_from(args)
    try:
        o = file_incomplete(counter, SYSTEM, args.dossier)
    except Refused as exc:
        return _refused(out, exc)
    finally:
        counter.close()
    out.result(
        _outcome(o),
        f"Dossier {o.dossier} en attente de pièces ({', '.join(o.missing)}) jusqu'au {o.deadline}",
    )
    return 0


def cmd_timbre(args: argparse.Namespace, out: Output) -> int:
    from desk.services.filing import add_timbre

    counter = open_from(args)
    try:
        timbres = add_timbre(counter, SYSTEM, args.dossier, args.number)
    except Refused as exc:
        return _refused(out, exc)
    finally:
        counter.close()
    out.result({"dossier": args.dossier, "timbres": timbres}, "Timbre fiscal enregistré")
    return 0


def cmd_status(args: argparse.Namespace, out: Output) -> int:
    from dataclasses import asdict

    from desk.services.filing import filing_status

    counter = open_from(args)
    try:
        st = filing_status(counter, args.dossier)
    finally:
        counter.close()
    data = asdict(st)
    data["missing"] = [{"code": c, "label": label} for c, label in st.missing]
    human = [f"Dossier {st.number} — {st.status.value}"]
    human += [f"  manque : {label}" for _, label in st.missing]
    human.append(f"  droits dus : {st.fees_total_eur} €")
    out.result(data, "\n".join(human))
    return 0


def cmd_follow_up(args: argparse.Namespace, out: Output) -> int:
    from dataclasses import asdict

    from desk.services.filing import follow_up

    counter = open_from(args)
    try:
        rows = follow_up(counter)
    finally:
        counter.close()
    out.result(
        [asdict(r) for r in rows],
        "\n".join(f"{r.number}  {r.surname} {r.given_names}  avant le {r.deadline}" for r in rows)
        or "Aucun dossier en attente de pièces.",
    )
    return 0
