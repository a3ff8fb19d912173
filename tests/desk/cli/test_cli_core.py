"""The `desk` command in a subprocess: JSON output and exit codes of CLI.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def desk(
    *args: str, home: Path | None = None, env: dict[str, str] | None = None
) -> tuple[int, Any, str]:
    full_env = {**os.environ, **(env or {})}
    cmd = [sys.executable, "-m", "ui.entry", *args]
    if home is not None:
        cmd[3:3] = ["--home", str(home)]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env=full_env, check=False, timeout=120
    )
    out = proc.stdout.strip()
    data = json.loads(out) if out and "--json" in args else out
    return proc.returncode, data, proc.stderr


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    h = tmp_path_factory.mktemp("cli") / "home"
    code, data, err = desk(
        "init",
        "--departement",
        "93",
        "--site",
        "Préfecture de Bobigny",
        "--counter",
        "4",
        "--phone",
        "01 41 60 60 60",
        "--json",
        home=h,
    )
    assert code == 0, err
    assert data["prefecture"] == "093" and data["counter"] == 4
    return h


def test_help_and_version() -> None:
    assert desk("--version")[0] == 0
    code, _, err = desk("nope")
    assert code == 2 and "usage" in err


@pytest.mark.parametrize(
    ("kind", "value", "code", "extra"),
    [
        ("numero-etranger", "7501234567", 0, {}),
        ("numero-etranger", "12", 1, {}),
        ("timbre", "1234567890123456", 0, {}),
        ("ephoto", "AB12CD34EF56GH78IJ90KL", 0, {}),
        ("postal-code", "20200", 0, {"departement": "2B"}),
        ("postal-code", "9", 1, {}),
    ],
)
def test_check(kind: str, value: str, code: int, extra: dict[str, str]) -> None:
    rc, data, _ = desk("check", kind, value, "--json")
    assert rc == code
    assert data["valid"] is (code == 0) and set(data) >= {"valid", "normalized", "message"}
    assert extra.items() <= data.items()


def test_check_bad_kind_is_usage_error() -> None:
    rc, data, _ = desk("check", "iban", "FR76", "--json")
    assert rc == 2 and data["error"] == "usage"


def test_procedure_list(home: Path) -> None:
    rc, data, _ = desk("procedure", "list", "--json", home=home)
    assert rc == 0 and len(data) >= 9
    piece = data[0]["pieces"][0]
    assert set(piece) >= {"code", "label", "mandatory", "formats", "max_bytes"}
    assert {"code", "label", "anef", "pieces"} <= set(data[0])


def test_applicant_dossier_show_search(home: Path) -> None:
    rc, a, err = desk(
        "applicant",
        "add",
        "--surname",
        "Traoré",
        "--given-names",
        "Aminata",
        "--birth-date",
        "1991-07-04",
        "--nationality",
        "MLI",
        "--numero-etranger",
        "9301234567",
        "--postal-code",
        "93200",
        "--json",
        home=home,
    )
    assert rc == 0, err
    rc, d, err = desk(
        "dossier",
        "new",
        "--applicant",
        str(a["id"]),
        "--procedure",
        "visiteur",
        "--json",
        home=home,
    )
    assert rc == 0, err
    assert d["status"] == "draft" and d["number"].startswith("093-04-")
    rc, shown, _ = desk("dossier", "show", d["number"], "--json", home=home)
    assert rc == 0
    assert shown["applicant"]["surname"] == "Traoré"
    assert {"code", "status", "pages", "bytes"} <= set(shown["pieces"][0])
    assert shown["history"][0]["action"] == "dossier_opened"
    for query in ("traore", "TRAO", "9301234567", d["number"]):
        rc, found, _ = desk("dossier", "search", query, "--json", home=home)
        assert rc == 0 and [f["number"] for f in found] == [d["number"]], query
        assert set(found[0]) >= {"number", "surname", "given_names", "birth_date", "status"}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--numero-etranger", "123"], "numero_etranger"),
        (["--birth-date", "2999-01-01"], "birth_date"),
    ],
)
def test_applicant_add_invalid_is_exit_2(home: Path, args: list[str], field: str) -> None:
    base = [
        "applicant",
        "add",
        "--surname",
        "X",
        "--birth-date",
        "1990-01-01",
        "--nationality",
        "FRA",
        "--json",
    ]
    if "--birth-date" in args:
        base[base.index("--birth-date") + 1] = args[1]
        args = []
    rc, data, err = desk(*base, *args, home=home)
    assert rc == 2 and data["field"] == field and data["error"].startswith("invalid")
    assert "Traceback" not in err


def test_bad_date_is_usage_error(home: Path) -> None:
    rc, data, _ = desk(
        "applicant",
        "add",
        "--surname",
        "X",
        "--birth-date",
        "31/12/1990",
        "--nationality",
        "FRA",
        "--json",
        home=home,
    )
    assert rc == 2 and data["error"] == "usage"


def test_unknown_dossier_is_a_negative_answer(home: Path) -> None:
    rc, data, _ = desk("dossier", "show", "075-01-2026-000001-X", "--json", home=home)
    assert rc == 1 and data["error"] == "not_found"


def test_uninitialised_home_is_exit_2(tmp_path: Path) -> None:
    rc, data, err = desk("dossier", "search", "x", "--json", home=tmp_path / "empty")
    assert rc == 2 and data["error"] == "config_error"
    assert "Traceback" not in err and "desk init" in err


def test_unwritable_home_is_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    rc, data, err = desk(
        "init",
        "--departement",
        "75",
        "--site",
        "S",
        "--counter",
        "1",
        "--json",
        home=blocker / "home",
    )
    assert rc == 2 and data["error"] == "data_home"
    assert data["reason"] == "not_writable"
    assert "Traceback" not in err
    # one French sentence for the person; the English cause ("Not a directory") in the log
    assert err.startswith("Guichet ne peut pas écrire dans") and "directory" not in err


def test_unknown_key_protection_is_named_in_french(tmp_path: Path) -> None:
    rc, data, err = desk(
        "init", "--departement", "75", "--site", "S", "--counter", "1", "--json",
        home=tmp_path / "home", env={"DESK_KEY_PROTECTION": "coffre-fort"},
    )  # fmt: skip
    assert rc == 2 and (data["error"], data["reason"]) == ("data_home", "protection_unknown")
    assert err.startswith("La variable DESK_KEY_PROTECTION a une valeur inconnue")


def test_damaged_database_is_exit_2(tmp_path: Path) -> None:
    h = tmp_path / "home"
    assert desk("init", "--departement", "75", "--site", "S", "--counter", "1", home=h)[0] == 0
    (h / "guichet.sqlite3").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (h / f"guichet.sqlite3{suffix}").unlink(missing_ok=True)
    rc, data, err = desk("dossier", "search", "x", "--json", home=h)
    assert rc == 2 and data["error"] == "data_home"
    assert data["reason"] == "database_damaged"
    assert "Traceback" not in err
    # French and clean for the person, the English cause in the detail, without
    # SQLAlchemy's "Background on this error" link
    assert err.startswith("La base de données du guichet est endommagée")
    assert "sqlalche.me" not in err and "DatabaseError" not in err
    assert "file is not a database" in data["detail"]
    assert "sqlalche.me" not in data["detail"] and "Background" not in data["detail"]


def test_env_desk_home_is_used(tmp_path: Path) -> None:
    h = tmp_path / "envhome"
    rc, data, _ = desk(
        "init",
        "--departement",
        "2A",
        "--site",
        "Ajaccio",
        "--counter",
        "1",
        "--json",
        env={"DESK_HOME": str(h)},
    )
    assert rc == 0 and Path(data["home"]) == h and (h / "counter.toml").exists()
    assert data["prefecture"] == "02A"


def test_demo_is_idempotent(tmp_path: Path) -> None:
    h = tmp_path / "demo"
    rc, first, err = desk("demo", "--dossiers", "12", "--json", home=h)
    assert rc == 0 and first["created"] == 12, err
    assert "mot de passe" in err
    rc, second, _ = desk("demo", "--dossiers", "12", "--json", home=h)
    assert rc == 0 and second["created"] == 0
    rc, found, _ = desk("dossier", "search", "nguyen", "--json", home=h)
    assert rc == 0 and found and found[0]["surname"] == "Nguyễn"


def test_db_upgrade(home: Path) -> None:
    rc, data, _ = desk("db", "upgrade", "--json", home=home)
    assert rc == 0 and data["before"] == data["after"]
