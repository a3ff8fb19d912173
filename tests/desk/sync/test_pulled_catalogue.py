"""The catalogue pulled from HQ: validated like the shipped one, preferred when valid,
refused (and logged) when not, and a damaged snapshot never stops a counter starting.
The same through a real sync: tests/hq/test_sync_reference.py."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from desk.app import Counter, open_counter
from desk.catalogue import accept_pulled, counter_catalogue, default_catalogue, snapshots
from desk.paths import resource_path


def shipped_procedures() -> dict[str, str]:
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted((resource_path() / "procedures").glob("*.toml"))
    }


def shipped_fees() -> str:
    return (resource_path() / "fees.toml").read_text(encoding="utf-8")


def with_new_label(label: str) -> dict[str, str]:
    procs = shipped_procedures()
    text = procs["visiteur.toml"]
    first = next(line for line in text.splitlines() if line.startswith("label"))
    procs["visiteur.toml"] = text.replace(first, f'label = "{label}"', 1)
    return procs


def test_without_pulled_data_the_shipped_catalogue_is_used(counter: Counter) -> None:
    assert counter.catalogue is default_catalogue()
    assert snapshots(counter.home.root) == []


def test_a_valid_pulled_catalogue_wins_and_survives_a_restart(counter: Counter) -> None:
    home = counter.home.root
    procs = with_new_label("Visiteur (catalogue national 2027)")
    assert accept_pulled(home, procs, shipped_fees()) == "accepted"
    assert accept_pulled(home, procs, shipped_fees()) == "unchanged"
    assert len(snapshots(home)) == 1
    cat = counter_catalogue(home)
    assert cat.procedure("visiteur").label == "Visiteur (catalogue national 2027)"
    reopened = open_counter(home)
    try:
        assert reopened.catalogue.procedure("visiteur").label.endswith("2027)")
    finally:
        reopened.close()


def test_a_malformed_pulled_catalogue_is_refused_and_logged(
    counter: Counter, caplog: pytest.LogCaptureFixture
) -> None:
    home = counter.home.root
    assert accept_pulled(home, with_new_label("Visiteur v1"), shipped_fees()) == "accepted"
    procs = shipped_procedures()
    procs["visiteur.toml"] = procs["visiteur.toml"].replace("anef = ", "anef = 'oui' #", 1)
    with caplog.at_level(logging.ERROR, logger="desk.catalogue"):
        assert accept_pulled(home, procs, shipped_fees()) == "refused"
    assert "catalogue pulled from HQ refused" in caplog.text
    assert "visiteur.toml" in caplog.text and "anef" in caplog.text
    # the previous pulled version stays in use, nothing half-written is left
    assert counter_catalogue(home).procedure("visiteur").label == "Visiteur v1"
    assert [p.name for p in (home / "reference" / "catalogue").iterdir()] == [
        snapshots(home)[0].name
    ]


def test_fees_referring_to_unknown_categories_are_refused(
    counter: Counter, caplog: pytest.LogCaptureFixture
) -> None:
    fees = shipped_fees().replace("[periods.categories", "[periods.categoriez", 1)
    with caplog.at_level(logging.ERROR, logger="desk.catalogue"):
        assert accept_pulled(counter.home.root, shipped_procedures(), fees) == "refused"
    assert counter_catalogue(counter.home.root) is default_catalogue()


def test_a_damaged_snapshot_falls_back_to_the_previous_then_the_shipped(
    counter: Counter, caplog: pytest.LogCaptureFixture
) -> None:
    home = counter.home.root
    for n in (1, 2, 3):
        assert accept_pulled(home, with_new_label(f"Visiteur v{n}"), "") == "accepted"
    kept = snapshots(home)
    assert len(kept) == 2  # the newest and the one before
    (kept[0] / "procedures" / "visiteur.toml").write_text("label = ", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="desk.catalogue"):
        assert counter_catalogue(home).procedure("visiteur").label == "Visiteur v2"
        (kept[1] / "fees.toml").write_text("periods = 3", encoding="utf-8")
        (kept[1] / "procedures" / "visiteur.toml").unlink()
        for p in (kept[1] / "procedures").iterdir():
            p.unlink()
        reopened = open_counter(home)  # the counter still starts
    try:
        assert reopened.catalogue is default_catalogue()
    finally:
        reopened.close()
    assert caplog.text.count("is invalid, falling back") >= 3


def test_empty_fees_keep_the_shipped_table(tmp_path: Path, counter: Counter) -> None:
    assert accept_pulled(counter.home.root, with_new_label("Visiteur sans tarifs"), "") == (
        "accepted"
    )
    assert not (snapshots(counter.home.root)[0] / "fees.toml").exists()
    assert counter_catalogue(counter.home.root).fees == default_catalogue().fees
