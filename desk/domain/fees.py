"""Fees due for a procedure, read from a dated table (resources/fees.toml).

Amounts change with finance laws, so none is written in code: the table holds
periods, each valid from a date, each mapping a fee category to its lines. The
period in force on a date is the latest one that started on or before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desk.errors import CatalogueError


@dataclass(frozen=True)
class FeeLine:
    code: str
    label: str
    amount_eur: int
    due_at_filing: int | None = None  # part payable at filing (visa de régularisation)


@dataclass(frozen=True)
class FeePeriod:
    valid_from: date
    source: str
    categories: Mapping[str, tuple[FeeLine, ...]]
    late_renewal: FeeLine | None


@dataclass(frozen=True)
class FeeTable:
    periods: tuple[FeePeriod, ...]

    def period_on(self, day: date) -> FeePeriod:
        candidates = [p for p in self.periods if p.valid_from <= day]
        if not candidates:
            raise CatalogueError("fees.toml", "periods", f"no period in force on {day}")
        return max(candidates, key=lambda p: p.valid_from)

    def due(self, category: str, day: date, late_renewal: bool = False) -> list[FeeLine]:
        period = self.period_on(day)
        if category not in period.categories:
            raise CatalogueError("fees.toml", f"categories.{category}", "unknown category")
        lines = list(period.categories[category])
        if late_renewal and period.late_renewal is not None:
            lines.append(period.late_renewal)
        return lines


def _line(raw: Any, path: str, where: str) -> FeeLine:
    if not isinstance(raw, Mapping):
        raise CatalogueError(path, where, "must be a table")
    for key in ("code", "label", "amount"):
        if key not in raw:
            raise CatalogueError(path, f"{where}.{key}", "missing")
    amount = raw["amount"]
    if not isinstance(amount, int) or amount < 0:
        raise CatalogueError(path, f"{where}.amount", "must be a non-negative integer (euros)")
    at_filing = raw.get("due_at_filing")
    if at_filing is not None and (not isinstance(at_filing, int) or at_filing > amount):
        raise CatalogueError(path, f"{where}.due_at_filing", "must be an integer <= amount")
    return FeeLine(str(raw["code"]), str(raw["label"]), amount, at_filing)


def parse_fee_table(data: Mapping[str, Any], path: str = "fees.toml") -> FeeTable:
    raw_periods = data.get("periods")
    if not isinstance(raw_periods, list) or not raw_periods:
        raise CatalogueError(path, "periods", "at least one [[periods]] table is required")
    periods = []
    for i, raw in enumerate(raw_periods):
        where = f"periods[{i}]"
        valid_from = raw.get("valid_from")
        if not isinstance(valid_from, date):
            raise CatalogueError(path, f"{where}.valid_from", "must be a TOML date")
        cats = raw.get("categories")
        if not isinstance(cats, Mapping) or not cats:
            raise CatalogueError(path, f"{where}.categories", "must be a non-empty table")
        categories = {
            name: tuple(
                _line(line, path, f"{where}.categories.{name}[{j}]") for j, line in enumerate(lines)
            )
            for name, lines in cats.items()
        }
        late = raw.get("late_renewal")
        periods.append(
            FeePeriod(
                valid_from,
                str(raw.get("source", "")),
                categories,
                _line(late, path, f"{where}.late_renewal") if late else None,
            )
        )
    return FeeTable(tuple(periods))
