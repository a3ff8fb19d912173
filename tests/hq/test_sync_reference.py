"""Reference data pulled through a real sync becomes the counter's catalogue: a valid
national catalogue is used at once and after a restart, a malformed one is refused
(logged) and the one in use stays."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from hq_servers import HQProcess, issue_token, make_counter

from desk.app import open_counter
from desk.catalogue import default_catalogue
from desk.paths import resource_path
from desk.services.sync import run_sync
from desk.sync import journal
from desk.sync.enrol import enrol

pytestmark = pytest.mark.postgres


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_pulled_catalogue_and_fees_are_used(
    hq_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    national = tmp_path / "national"
    shutil.copytree(resource_path("procedures"), national / "procedures")
    shutil.copy(resource_path("fees.toml"), national / "fees.toml")
    _edit(
        national / "procedures" / "visiteur.toml",
        'label = "Carte de séjour « visiteur »"',
        'label = "Carte de séjour « visiteur » (catalogue national)"',
    )
    _edit(
        national / "fees.toml",
        'titre", label = "Taxe sur le titre de séjour", amount = 200',
        'titre", label = "Taxe sur le titre de séjour", amount = 225',
    )
    monkeypatch.setenv("HQ_REFERENCE", str(national))  # what this HQ distributes
    hq = HQProcess(hq_db, tmp_path / "hq-blobs").start()
    try:
        counter = make_counter(tmp_path / "counter", "75", 7)
        enrol(counter, hq.url, issue_token(hq_db, "75", 7))
        assert counter.catalogue is default_catalogue()
        report = run_sync(counter)
        assert report.pulled["catalogue"] == "accepted"
        label = counter.catalogue.procedure("visiteur").label
        assert label.endswith("(catalogue national)")  # in use without a restart
        fee = counter.catalogue.fees.periods[-1].categories["standard"][0]
        assert (fee.code, fee.amount_eur) == ("taxe_titre", 225)
        counter.close()
        counter = open_counter(tmp_path / "counter")
        assert counter.catalogue.procedure("visiteur").label == label  # and after one

        # HQ now distributes a broken catalogue: refused, logged, the previous one kept
        _edit(national / "procedures" / "visiteur.toml", "anef = true", 'anef = "oui"')
        with caplog.at_level(logging.ERROR, logger="desk.catalogue"):
            report = run_sync(counter)
        assert report.pulled["catalogue"] == "refused"
        assert "catalogue pulled from HQ refused" in caplog.text
        assert counter.catalogue.procedure("visiteur").label == label
        last = journal.last(counter.home.root)
        assert last is not None and (last.outcome, last.error) == ("partial", "catalogue_refused")
        counter.close()
        counter = open_counter(tmp_path / "counter")  # still starts, same catalogue
        assert counter.catalogue.procedure("visiteur").label == label
        counter.close()
    finally:
        hq.stop()
