"""Fees come from a dated table, never from code."""

from __future__ import annotations

from datetime import date

import pytest

from desk.catalogue import default_catalogue
from desk.domain.fees import parse_fee_table
from desk.errors import CatalogueError


def _table() -> dict[str, object]:
    line = {"code": "taxe", "label": "Taxe", "amount": 200}
    return {
        "periods": [
            {
                "valid_from": date(2024, 1, 1),
                "categories": {"standard": [line]},
                "late_renewal": {"code": "late", "label": "Retard", "amount": 180},
            },
            {"valid_from": date(2027, 1, 1), "categories": {"standard": [{**line, "amount": 300}]}},
        ]
    }


def test_period_in_force_on_a_date() -> None:
    table = parse_fee_table(_table())
    assert [f.amount_eur for f in table.due("standard", date(2026, 12, 31))] == [200]
    assert [f.amount_eur for f in table.due("standard", date(2027, 1, 1))] == [300]


def test_late_renewal_line_added() -> None:
    table = parse_fee_table(_table())
    due = table.due("standard", date(2026, 6, 1), late_renewal=True)
    assert [f.code for f in due] == ["taxe", "late"]


def test_no_period_before_first_date() -> None:
    with pytest.raises(CatalogueError):
        parse_fee_table(_table()).due("standard", date(2020, 1, 1))


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda t: t["periods"][0].pop("valid_from"), "periods[0].valid_from"),
        (
            lambda t: t["periods"][0]["categories"]["standard"][0].update(amount=-5),
            "periods[0].categories.standard[0].amount",
        ),
        (lambda t: t.update(periods=[]), "periods"),
    ],
)
def test_malformed_table_names_the_field(mutate, field: str) -> None:  # type: ignore[no-untyped-def]
    t = _table()
    mutate(t)
    with pytest.raises(CatalogueError) as err:
        parse_fee_table(t, "fees.toml")
    assert err.value.field == field


def test_shipped_table_amounts_of_domain_md() -> None:
    fees = default_catalogue().fees
    day = date(2026, 11, 27)
    assert sum(f.amount_eur for f in fees.due("standard", day)) == 225
    assert sum(f.amount_eur for f in fees.due("student", day)) == 75
    late = fees.due("standard", day, late_renewal=True)[-1]
    assert late.amount_eur == 180
    regul = fees.due("regularisation", day)[0]
    assert (regul.amount_eur, regul.due_at_filing) == (200, 50)
