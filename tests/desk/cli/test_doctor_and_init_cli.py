"""``desk init --from`` and ``desk doctor`` through the real command line."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from desk.cli import main

EXAMPLE = Path(__file__).resolve().parents[3] / "installer" / "site.example.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_init_from_site_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    code, out, _ = run(
        capsys, "init", "--home", str(home), "--from", str(EXAMPLE), "--counter", "4", "--json"
    )
    assert code == 0
    assert json.loads(out)["counter"] == 4
    saved = tomllib.loads((home / "counter.toml").read_text(encoding="utf-8"))
    assert saved["counter"] == 4
    assert saved["printer"] == "Guichet-Recepisses"
    assert saved["hq_url"].startswith("https://")
    assert (home / "guichet.sqlite3").is_file()


def test_init_from_bad_site_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site.toml"
    site.write_text('[prefecture]\ndepartement = "69"\n[site]\nnom = "Lyon"\n', encoding="utf-8")
    code, out, err = run(
        capsys, "init", "--home", str(tmp_path / "h"), "--from", str(site), "--json"
    )
    assert code == 2
    assert json.loads(out)["error"] == "site_file_error"
    assert "site.nom" in err
    assert "clé inconnue" in err
    assert not (tmp_path / "h" / "counter.toml").exists()


def test_init_without_site_file_requires_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "init", "--home", str(tmp_path / "h"), "--site", "Lyon")
    assert code == 2
    assert "Département" in err
    code, _, _ = run(
        capsys,
        "init",
        "--home",
        str(tmp_path / "h"),
        "--site",
        "Lyon",
        "--departement",
        "69",
        "--counter",
        "1",
    )
    assert code == 0


def test_doctor_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # an empty SANE configuration: probing the machine's real backends takes seconds
    monkeypatch.setenv("SANE_CONFIG_DIR", str(EXAMPLE.parents[1] / "tests/data/doctor/sane-none"))
    home = tmp_path / "home"
    code, out, _ = run(capsys, "doctor", "--home", str(home))
    assert code == 1
    assert "Dossier de données" in out
    assert "ERREUR" in out
    assert "desk init" in out

    run(
        capsys,
        "init",
        "--home",
        str(home),
        "--departement",
        "69",
        "--site",
        "Lyon",
        "--counter",
        "1",
    )
    code, out, _ = run(capsys, "doctor", "--home", str(home), "--json", "--timeout", "1")
    report = json.loads(out)
    checks = {c["check"]: c for c in report["checks"]}
    assert checks["database"]["status"] == "ok"
    assert checks["keys"]["status"] == "ok"
    assert checks["hq"]["code"] == "hq_not_configured"
    assert report["attention"] is True
    assert code == 1


def test_init_from_machine_site_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    machine = tmp_path / "etc-guichet"
    machine.mkdir()
    (machine / "site.toml").write_bytes(EXAMPLE.read_bytes())
    monkeypatch.setenv("DESK_SITE_DIR", str(machine))
    code, out, _ = run(capsys, "init", "--home", str(tmp_path / "h"), "--counter", "9", "--json")
    assert code == 0
    assert json.loads(out)["counter"] == 9
    assert json.loads(out)["printer"] == "Guichet-Recepisses"
