"""Substitution solution rules, each with its text (desk.domain.substitution)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desk.domain.substitution import (
    ARRETE_2023,
    CE_452798,
    R431_2,
    PostDetails,
    Proof,
    SubstitutionRequest,
    assess,
    residence_departement,
)

TODAY = date(2026, 11, 27)
GOOD = SubstitutionRequest(
    procedure_online=True,
    mode="counter",
    proof=Proof("ccc", "CCC-2026-123456", date(2026, 11, 20), has_scan=True),
    reason="blocked-account",
    reason_text="",
    postal_code="75011",
    site_departement="75",
    post_offered=False,
    email_offered=False,
    today=TODAY,
)


def test_all_rules_hold_allows_the_deposit() -> None:
    d = assess(GOOD)
    assert d.allowed
    assert d.refusals == ()
    assert d.residence_departement == "75"


def test_r431_2_only_procedures_filed_online_need_a_substitution() -> None:
    d = assess(replace(GOOD, procedure_online=False))
    assert not d.allowed
    assert d.reason == "procedure_not_online"
    assert any(R431_2 in t for t in d.texts)


def test_arrete_2023_no_proof_refused() -> None:
    d = assess(replace(GOOD, proof=None))
    assert d.reason == "no_proof"
    assert any(ARRETE_2023 in t for t in d.texts)


@pytest.mark.parametrize(
    ("proof", "code"),
    [
        (Proof("ccc", "  ", date(2026, 11, 1), True), "proof_reference_missing"),
        (Proof("ccc", "R1", None, True), "proof_date_missing"),
        (Proof("ccc", "R1", date(2026, 11, 28), True), "proof_date_in_future"),
        (Proof("ccc", "R1", date(2026, 11, 1), False), "proof_scan_missing"),
        (Proof("mairie", "R1", date(2026, 11, 1), True), "unknown_proof_kind"),
    ],
)
def test_arrete_2023_proof_needs_reference_date_and_scan(proof: Proof, code: str) -> None:
    d = assess(replace(GOOD, proof=proof))
    assert d.refusals == (code,)


def test_arrete_2023_prefecture_document_is_a_proof_too() -> None:
    assert assess(replace(GOOD, proof=replace(GOOD.proof, kind="prefecture"))).allowed  # type: ignore[arg-type]


def test_proof_dated_today_is_accepted() -> None:
    assert assess(replace(GOOD, proof=replace(GOOD.proof, issued=TODAY))).allowed  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("reason", "text", "code"),
    [
        (None, "", "no_reason"),
        ("bored", "", "unknown_reason"),
        ("other", "  ", "reason_text_missing"),
    ],
)
def test_ce_452798_a_noted_anef_failure_is_required(
    reason: str | None, text: str, code: str
) -> None:
    d = assess(replace(GOOD, reason=reason, reason_text=text))
    assert d.refusals == (code,)
    assert CE_452798 in d.texts


@pytest.mark.parametrize(
    "reason", ["blocked-account", "procedure-not-offered", "technical-error", "no-email"]
)
def test_ce_452798_each_failure_category_is_accepted(reason: str) -> None:
    assert assess(replace(GOOD, reason=reason)).allowed


def test_other_reason_with_text_is_accepted() -> None:
    assert assess(replace(GOOD, reason="other", reason_text="Page blanche au paiement")).allowed


def test_arrete_2023_applicant_must_reside_in_the_departement() -> None:
    d = assess(replace(GOOD, postal_code="93200"))
    assert d.reason == "wrong_departement"
    assert d.residence_departement == "93"


def test_arrete_2023_unknown_residence_is_refused() -> None:
    assert assess(replace(GOOD, postal_code=None)).reason == "residence_unknown"
    assert assess(replace(GOOD, postal_code="99999")).reason == "residence_unknown"


def test_supervisor_justification_lifts_only_the_residence_rule() -> None:
    d = assess(replace(GOOD, postal_code="93200", override_justification="Hébergé en urgence"))
    assert d.allowed
    assert d.overridden == ("wrong_departement",)
    d = assess(replace(GOOD, postal_code="93200", proof=None, override_justification="x"))
    assert not d.allowed
    assert d.refusals == ("no_proof",)


def test_corsica_and_overseas_departements() -> None:
    assert residence_departement("20000") == "2A"
    assert residence_departement("20200") == "2B"
    assert residence_departement("97400") == "974"
    d = assess(replace(GOOD, postal_code="20090", site_departement="2a"))
    assert d.allowed


def test_arrete_2023_post_only_where_the_prefecture_offers_it() -> None:
    post = PostDetails(date(2026, 11, 25), date(2026, 11, 23), "1A 234 567 8901 2")
    assert assess(replace(GOOD, mode="post", post=post)).reason == "post_not_offered"
    assert assess(replace(GOOD, mode="post", post=post, post_offered=True)).allowed


@pytest.mark.parametrize(
    ("post", "code"),
    [
        (None, "post_details_missing"),
        (PostDetails(date(2026, 11, 25), None, "1A"), "post_details_missing"),
        (PostDetails(date(2026, 11, 25), date(2026, 11, 23), " "), "post_details_missing"),
        (PostDetails(date(2026, 11, 22), date(2026, 11, 23), "1A"), "postmark_after_receipt"),
        (PostDetails(date(2026, 11, 30), date(2026, 11, 23), "1A"), "post_date_in_future"),
    ],
)
def test_arrete_2023_post_details(post: PostDetails | None, code: str) -> None:
    d = assess(replace(GOOD, mode="post", post=post, post_offered=True))
    assert d.refusals == (code,)


def test_arrete_2023_email_only_where_offered_and_with_the_message() -> None:
    assert assess(replace(GOOD, mode="email", has_email=True)).reason == "email_not_offered"
    d = assess(replace(GOOD, mode="email", email_offered=True))
    assert d.reason == "email_missing"
    assert assess(replace(GOOD, mode="email", email_offered=True, has_email=True)).allowed


def test_unknown_mode() -> None:
    assert assess(replace(GOOD, mode="fax")).reason == "unknown_mode"


def test_every_refusal_is_reported_in_order() -> None:
    d = assess(replace(GOOD, procedure_online=False, proof=None, reason=None, postal_code="13001"))
    assert d.refusals == ("procedure_not_online", "no_proof", "no_reason", "wrong_departement")


def test_every_refusal_code_has_french_words() -> None:
    from desk.domain.substitution import RULES
    from desk.messages import REASONS

    assert set(RULES) <= set(REASONS)
