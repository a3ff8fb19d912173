"""The substitution solution: registering an application that could not be filed online.

Texts (DOMAIN.md, "Who does what"):

- CESEDA art. R.431-2: for the procedures on the ministerial list, the application is
  filed online (téléservice ANEF). Only those procedures can need a substitution.
- CESEDA art. R.431-3: procedures not on that list are filed in person (or by post /
  at the mairie where the préfet prescribes it): no substitution is involved.
- Conseil d'État, 3 June 2022, n° 452798: a user who did everything required and is
  in a *noted impossibility* of filing online, because of how the téléservice is
  designed or works, must be offered another way. The impossibility is therefore a
  reason from a list of ANEF failure categories, never a preference.
- Décret n° 2023-191 and arrêté of 1 August 2023: the substitution
  solution. The user produces a document of the centre de contact citoyens (CCC)
  attesting the impossibility, or a document of the préfecture / sous-préfecture
  establishing it; the application is registered at a rendez-vous at the préfecture
  of the *département of residence*, or, where the préfecture offers them, by post or
  by a dedicated e-mail address.

:func:`assess` applies every rule and returns a :class:`Decision` listing each rule
that failed by a stable code (words in desk.messages). Only the residence rule may be
lifted, by a supervisor, with a recorded justification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from desk.domain.identifiers import check_postal_code, normalize_departement

ARRETE_2023 = "arrêté du 1er août 2023"
CE_452798 = "CE, 3 juin 2022, n° 452798"
DECRET_2023_191 = "décret n° 2023-191"
R431_2 = "CESEDA art. R.431-2"
R431_3 = "CESEDA art. R.431-3"


class Mode(StrEnum):
    COUNTER = "counter"  # rendez-vous at the préfecture / sous-préfecture
    POST = "post"  # where the préfecture offers it
    EMAIL = "email"  # the préfecture's dedicated address, where it offers one


class ProofKind(StrEnum):
    CCC = "ccc"  # centre de contact citoyens document attesting the impossibility
    PREFECTURE = "prefecture"  # préfecture / sous-préfecture document establishing it


class FailureReason(StrEnum):
    """ANEF failure categories (CE 3 June 2022, n° 452798: design or operation)."""

    BLOCKED_ACCOUNT = "blocked-account"
    PROCEDURE_NOT_OFFERED = "procedure-not-offered"
    TECHNICAL_ERROR = "technical-error"
    NO_EMAIL = "no-email"
    OTHER = "other"


#: refusal codes and the text each rule comes from
RULES: dict[str, str] = {
    "procedure_not_online": f"{R431_2}, {R431_3}",
    "no_proof": f"{ARRETE_2023}, {DECRET_2023_191}",
    "unknown_proof_kind": ARRETE_2023,
    "proof_reference_missing": ARRETE_2023,
    "proof_date_missing": ARRETE_2023,
    "proof_date_in_future": ARRETE_2023,
    "proof_scan_missing": ARRETE_2023,
    "no_reason": CE_452798,
    "unknown_reason": CE_452798,
    "reason_text_missing": CE_452798,
    "residence_unknown": ARRETE_2023,
    "wrong_departement": ARRETE_2023,
    "unknown_mode": ARRETE_2023,
    "post_not_offered": ARRETE_2023,
    "email_not_offered": ARRETE_2023,
    "post_details_missing": ARRETE_2023,
    "postmark_after_receipt": ARRETE_2023,
    "post_date_in_future": ARRETE_2023,
    "email_missing": ARRETE_2023,
}

#: refusals a supervisor may lift with a recorded justification
OVERRIDABLE = frozenset({"wrong_departement"})

REASON_TEXT_MAX = 500


@dataclass(frozen=True)
class Proof:
    kind: str  # ProofKind value
    reference: str
    issued: date | None
    has_scan: bool


@dataclass(frozen=True)
class PostDetails:
    received: date | None
    postmark: date | None
    registered_letter: str


@dataclass(frozen=True)
class SubstitutionRequest:
    procedure_online: bool  # Procedure.anef: on the ministerial list (R.431-2)
    mode: str  # Mode value
    proof: Proof | None
    reason: str | None  # FailureReason value
    reason_text: str
    postal_code: str | None  # the applicant's residence
    site_departement: str  # the département the counter's préfecture serves
    post_offered: bool  # CounterConfig.substitution_post
    email_offered: bool  # CounterConfig.substitution_email set
    today: date
    post: PostDetails | None = None
    has_email: bool = False  # an .eml was given for the e-mail mode
    override_justification: str = ""  # a supervisor lifts OVERRIDABLE refusals


@dataclass(frozen=True)
class Decision:
    allowed: bool
    refusals: tuple[str, ...]  # stable codes, first is the main one
    overridden: tuple[str, ...] = ()  # refusals lifted by the supervisor's justification
    residence_departement: str | None = None
    texts: tuple[str, ...] = field(default=())  # texts of the rules that refused

    @property
    def reason(self) -> str | None:
        return self.refusals[0] if self.refusals else None


def residence_departement(postal_code: str | None) -> str | None:
    if not postal_code:
        return None
    check = check_postal_code(postal_code)
    return check.departement if check.valid else None


def _proof_refusals(proof: Proof | None, today: date) -> list[str]:
    if proof is None:
        return ["no_proof"]
    out = []
    if proof.kind not in ProofKind.__members__.values():
        out.append("unknown_proof_kind")
    if not proof.reference.strip():
        out.append("proof_reference_missing")
    if proof.issued is None:
        out.append("proof_date_missing")
    elif proof.issued > today:
        out.append("proof_date_in_future")
    if not proof.has_scan:
        out.append("proof_scan_missing")
    return out


def _reason_refusals(reason: str | None, text: str) -> list[str]:
    if not reason:
        return ["no_reason"]
    if reason not in FailureReason.__members__.values():
        return ["unknown_reason"]
    if reason == FailureReason.OTHER and not text.strip():
        return ["reason_text_missing"]
    return []


def _mode_refusals(req: SubstitutionRequest) -> list[str]:
    if req.mode not in Mode.__members__.values():
        return ["unknown_mode"]
    if req.mode == Mode.POST:
        if not req.post_offered:
            return ["post_not_offered"]
        post = req.post
        if post is None or not post.received or not post.postmark:
            return ["post_details_missing"]
        if not post.registered_letter.strip():
            return ["post_details_missing"]
        if post.received > req.today or post.postmark > req.today:
            return ["post_date_in_future"]
        if post.postmark > post.received:
            return ["postmark_after_receipt"]
    if req.mode == Mode.EMAIL:
        if not req.email_offered:
            return ["email_not_offered"]
        if not req.has_email:
            return ["email_missing"]
    return []


def assess(req: SubstitutionRequest) -> Decision:
    """Apply every rule of the substitution solution (texts in :data:`RULES`)."""
    refusals: list[str] = []
    if not req.procedure_online:
        refusals.append("procedure_not_online")
    refusals += _proof_refusals(req.proof, req.today)
    refusals += _reason_refusals(req.reason, req.reason_text)
    dep = residence_departement(req.postal_code)
    if dep is None:
        refusals.append("residence_unknown")
    elif dep != normalize_departement(req.site_departement):
        refusals.append("wrong_departement")
    refusals += _mode_refusals(req)
    overridden: tuple[str, ...] = ()
    if req.override_justification.strip():
        overridden = tuple(r for r in refusals if r in OVERRIDABLE)
        refusals = [r for r in refusals if r not in OVERRIDABLE]
    return Decision(
        allowed=not refusals,
        refusals=tuple(refusals),
        overridden=overridden,
        residence_departement=dep,
        texts=tuple(dict.fromkeys(RULES[r] for r in refusals)),
    )
