"""Completeness (CRPA L.114-5), fees (R.431-5 late tax), timbres, attestation check."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from desk.catalogue import default_catalogue
from desk.domain.filing import (
    check_anef_number,
    check_new_timbre,
    completeness,
    cross_check_attestation,
    decision_date,
    fees_due,
    find_anef_number,
    name_in_text,
)
from desk.paths import resource_path

CAT = default_catalogue()
ANEF = tomllib.loads(resource_path("anef.toml").read_text(encoding="utf-8"))
PATTERN, LABEL = ANEF["number_pattern"], ANEF["label_pattern"]
TODAY = date(2026, 11, 27)


def test_crpa_l114_5_incomplete_names_missing_pieces_and_a_deadline() -> None:
    proc = CAT.procedure("etudiant-premier")
    c = completeness(proc, {"passeport", "ephoto"}, TODAY, 30)
    assert not c.complete
    assert c.missing_codes[:2] == ["acte-naissance", "justificatif-domicile"]
    assert "passeport" not in c.missing_codes
    assert c.deadline == date(2026, 12, 27)


def test_complete_dossier_has_no_deadline() -> None:
    proc = CAT.procedure("etudiant-premier")
    c = completeness(proc, proc.mandatory_codes, TODAY, 30)
    assert c.complete
    assert c.missing == ()
    assert c.deadline is None


def test_r432_2_implicit_decision_only_for_a_complete_application() -> None:
    assert decision_date(date(2026, 10, 31), complete=True) == date(2027, 2, 28)
    assert decision_date(date(2026, 10, 31), complete=False) is None


def test_fees_first_student() -> None:
    f = fees_due(CAT.fees, CAT.procedure("etudiant-premier"), TODAY, None)
    assert [line.code for line in f.lines] == ["taxe_titre", "droit_timbre"]
    assert f.total_eur == 75
    assert f.renewal is None


def test_r431_5_late_renewal_adds_the_late_tax() -> None:
    proc = CAT.procedure("salarie-renouvellement")
    on_time = fees_due(CAT.fees, proc, TODAY, date(2027, 2, 15))
    assert on_time.renewal is not None
    assert on_time.renewal.status == "on_time"
    assert on_time.total_eur == 225
    late = fees_due(CAT.fees, proc, TODAY, date(2026, 12, 20))
    assert late.renewal is not None
    assert late.renewal.status == "late"
    assert late.total_eur == 225 + 180
    early = fees_due(CAT.fees, proc, TODAY, date(2027, 9, 1))
    assert early.renewal is not None
    assert early.renewal.status == "too_early"
    assert early.total_eur == 225


def test_regularisation_part_due_at_filing() -> None:
    f = fees_due(CAT.fees, CAT.procedure("admission-exceptionnelle"), TODAY, None)
    assert f.due_at_filing_eur == 50 + 200 + 25


def test_timbre_validated_and_refused_when_used_elsewhere() -> None:
    assert check_new_timbre("1234 5678 9012 3456", False).normalized == "1234567890123456"
    assert check_new_timbre("1234 5678 9012 3456", False).valid
    used = check_new_timbre("1234567890123456", True)
    assert not used.valid
    assert used.message == "timbre_already_used"
    assert check_new_timbre("12345", False).message == "wrong_length"


def test_anef_number_pattern_is_configurable() -> None:
    assert check_anef_number("7501 2345 6789", PATTERN).valid
    assert check_anef_number("ABCDEFGHIJ", PATTERN).message == "not_anef_number"
    assert check_anef_number("", PATTERN).message == "empty"
    strict = r"\d{13}"
    assert not check_anef_number("75012345-6789", strict).valid
    assert check_anef_number("7501234567890", strict).valid


ATTESTATION = """ATTESTATION DE DÉPÔT
Cette attestation ne prouve pas la régularité du séjour.
Numéro de dossier : 75-2026-0012345
Demandeur : NGUYỄN Thị Hồng, née le 12/03/1998
Date du dépôt : 27/11/2026 10:42"""


def test_attestation_number_after_its_label() -> None:
    assert find_anef_number(ATTESTATION, PATTERN, LABEL) == "75-2026-0012345"
    assert find_anef_number("rien ici", PATTERN, LABEL) is None


def test_attestation_name_check_ignores_accents_and_case() -> None:
    assert name_in_text(ATTESTATION, "Nguyen", "Thi Hong")
    assert not name_in_text(ATTESTATION, "Benali", "Mohamed")


def test_cross_check_accepts_the_matching_attestation() -> None:
    c = cross_check_attestation(
        ATTESTATION, "75-2026-0012345", "Nguyễn", "Thị Hồng", PATTERN, LABEL
    )
    assert c.ok
    assert c.anef_number == "75-2026-0012345"
    filled = cross_check_attestation(ATTESTATION, None, "Nguyễn", "Thị Hồng", PATTERN, LABEL)
    assert filled.anef_number == "75-2026-0012345"


@pytest.mark.parametrize(
    ("number", "surname", "code"),
    [
        ("75-2026-0099999", "Nguyễn", "attestation_number_mismatch"),
        ("75-2026-0012345", "Benali", "attestation_name_mismatch"),
    ],
)
def test_cross_check_reports_mismatches(number: str, surname: str, code: str) -> None:
    c = cross_check_attestation(ATTESTATION, number, surname, "Thị Hồng", PATTERN, LABEL)
    assert c.mismatches == (code,)


def test_cross_check_without_a_number() -> None:
    c = cross_check_attestation("NGUYEN Thi", "75-2026-0012345", "Nguyen", "Thi", PATTERN, LABEL)
    assert c.mismatches == ("attestation_number_missing",)
