"""``desk capture`` and ``desk piece export`` end to end, in subprocesses, with SANE's
test device; and a scan killed (SIGKILL) mid-batch whose pages survive."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk.app import open_counter
from desk.cli import main
from desk.config import CounterConfig
from desk.services.applicants import ApplicantInput, create_applicant
from desk.services.common import SYSTEM
from desk.services.dossiers import get_dossier, open_dossier
from tests.conftest import ROOT, SANE_DATA

pytestmark = pytest.mark.sane


DESK = [sys.executable, "-c", "import sys; from desk.cli import main; sys.exit(main())"]


def desk(home: Path, *args: str, sane: Path = SANE_DATA) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DESK, "--home", str(home), *args, "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "SANE_CONFIG_DIR": str(sane)},
    )


def ok(result: subprocess.CompletedProcess[str]) -> dict:  # type: ignore[type-arg]
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def dossier(tmp_path: Path) -> tuple[Path, str]:
    """A counter with one open dossier (made in-process: only the commands under test
    pay for a subprocess)."""
    home = tmp_path / "home"
    counter = open_counter(home, CounterConfig("075", "75", "Cité", 2))
    try:
        a = create_applicant(
            counter, SYSTEM, ApplicantInput("Nguyen", "Lan", date(1988, 3, 4), "VNM")
        )
        number = open_dossier(counter, SYSTEM, a.id, "salarie-renouvellement").number
    finally:
        counter.close()
    return home, number


def in_process(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    code = main(["--home", str(home), *args, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_scan_five_pages_from_the_feeder_then_export(
    dossier: tuple[Path, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sane_test_device: str,
) -> None:
    home, number = dossier
    code, devices, _ = in_process(capsys, home, "capture", "devices")
    assert code == 0
    assert {
        "id": "sane:test:0",
        "vendor": "Noname",
        "model": "frontend-tester",
        "type": "virtual device",
    } in devices
    scanned = ok(
        desk(
            home,
            "capture",
            "scan",
            "--device",
            "sane:test:0",
            "--dossier",
            number,
            "--piece",
            "titre-sejour",
            "--source",
            "adf",
            "--pages",
            "5",
        )
    )
    assert scanned["pages"] == 5
    assert scanned["bytes"] > 0
    assert isinstance(scanned["warnings"], list)
    out = tmp_path / "titre.pdf"
    exported = ok(
        desk(
            home,
            "piece",
            "export",
            "--dossier",
            number,
            "--piece",
            "titre-sejour",
            "--out",
            str(out),
        )
    )
    reader = PdfReader(out)
    assert len(reader.pages) == 5
    assert not reader.is_encrypted
    assert exported["fits"]
    assert out.stat().st_size == exported["bytes"] <= exported["max_bytes"]
    assert exported["max_bytes"] == 2_000_000
    code, shown, _ = in_process(capsys, home, "dossier", "show", number)
    titre = next(p for p in shown["pieces"] if p["code"] == "titre-sejour")
    assert titre["status"] == "captured"
    assert titre["pages"] == 5


def test_cli_errors_are_french_and_json(
    dossier: tuple[Path, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sane_test_device: str,
) -> None:
    home, number = dossier
    bad = tmp_path / "faux.pdf"
    bad.write_text("ceci n'est pas un PDF")
    code, doc, err = in_process(
        capsys, home, "capture", "import", "--dossier", number, "--piece", "ofii-cir", str(bad)
    )
    assert code == 2
    assert doc["reason"] == "not_a_document"
    assert "ni un PDF" in err
    code, doc, err = in_process(
        capsys,
        home,
        "capture",
        "scan",
        "--device",
        "sane:nosuch:0",
        "--dossier",
        number,
        "--piece",
        "ofii-cir",
    )
    assert code == 2
    assert doc["error"] == "unknown_device"
    assert "Scanner introuvable" in err
    code, doc, err = in_process(
        capsys,
        home,
        "piece",
        "export",
        "--dossier",
        number,
        "--piece",
        "ofii-cir",
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert code == 1
    assert doc["reason"] == "piece_empty"
    assert "aucune page" in err


def _pages_in_db(home: Path) -> int:
    con = sqlite3.connect(f"file:{home / 'guichet.sqlite3'}?mode=ro", uri=True, timeout=5)
    try:
        return int(con.execute("select count(*) from pages").fetchone()[0])
    finally:
        con.close()


def test_pages_scanned_before_a_kill_are_there_after_restart(dossier: tuple[Path, str]) -> None:
    home, number = dossier
    slow = ROOT / "tests" / "data" / "sane-slow"  # the same device, ~1 s a page
    proc = subprocess.Popen(
        [
            *DESK,
            "--home",
            str(home),
            "capture",
            "scan",
            "--device",
            "sane:test:0",
            "--dossier",
            number,
            "--piece",
            "ofii-cir",
            "--pages",
            "10",
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "SANE_CONFIG_DIR": str(slow)},
    )
    try:
        deadline = time.monotonic() + 120
        while _pages_in_db(home) < 2:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
    assert proc.returncode == -signal.SIGKILL
    counter = open_counter(home)  # the restart
    try:
        shown = get_dossier(counter, number)
    finally:
        counter.close()
    piece = next(p for p in shown.pieces if p.code == "ofii-cir")
    assert 2 <= len(piece.pages) < 10
    assert piece.status == "captured"
    assert len([h for h in shown.history if h.action == "page_scanned"]) == len(piece.pages)
