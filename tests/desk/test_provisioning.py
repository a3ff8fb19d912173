"""Site files: the example applies as is; every mistake names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.messages import describe
from desk.provisioning import SiteFileError, load_site

EXAMPLE = Path(__file__).resolve().parents[2] / "installer" / "site.example.toml"

MINIMAL = """
[prefecture]
departement = "2a"
[site]
name = "Ajaccio"
[counter]
number = 2
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_applies() -> None:
    cfg = load_site(EXAMPLE)
    assert cfg.departement == "69"
    assert cfg.prefecture == "069"
    assert cfg.counter == 1
    assert cfg.site.startswith("Préfecture du Rhône")
    assert cfg.printer == "Guichet-Recepisses"
    assert cfg.hq_url.startswith("https://")
    assert cfg.nightly_window == "22:00-05:00"


def test_command_line_overrides_the_file() -> None:
    cfg = load_site(EXAMPLE, {"counter": 7, "site": None, "phone": "01 02 03 04 05"})
    assert cfg.counter == 7
    assert cfg.phone == "01 02 03 04 05"
    assert cfg.site.startswith("Préfecture du Rhône")  # None does not override


def test_minimal_file_gets_defaults(tmp_path: Path) -> None:
    cfg = load_site(write(tmp_path, MINIMAL))
    assert (cfg.departement, cfg.prefecture, cfg.counter) == ("2A", "02A", 2)
    assert cfg.hq_url == ""
    assert cfg.nightly_window == "22:00-05:00"


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        (("number = 2", "numbre = 2"), "counter.numbre", "unknown_key"),
        (("number = 2", 'number = "deux"'), "counter.number", "not_int"),
        (("number = 2", "number = 100"), "counter.number", "counter_range"),
        (('departement = "2a"', 'departement = "99"'), "prefecture.departement", "bad_departement"),
        (('name = "Ajaccio"', 'name = " "'), "site.name", "required"),
        (
            ("[site]", '[sync]\nnightly_window = "22h-5h"\n[site]'),
            "sync.nightly_window",
            "not_window",
        ),
        (("[site]", '[hq]\nurl = "siege.gouv.fr"\n[site]'), "hq.url", "not_url"),
        (('name = "Ajaccio"', 'name = "Ajaccio"\nemail = "x@"'), "site.email", "not_email"),
        (("[prefecture]", "numero = 3\n[prefecture]"), "numero", "not_a_section"),
        (("[counter]", "[counter"), "", "toml_syntax"),
    ],
)
def test_mistakes_name_their_key(
    tmp_path: Path, change: tuple[str, str], key: str, reason: str
) -> None:
    path = write(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(SiteFileError) as err:
        load_site(path)
    assert (err.value.key, err.value.reason) == (key, reason)
    text = describe(err.value)
    assert str(path) in text
    assert reason not in text  # French words, not the code


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SiteFileError) as err:
        load_site(tmp_path / "absent.toml")
    assert err.value.reason == "file_missing"
    assert "introuvable" in describe(err.value)


def test_number_given_as_integer_for_text(tmp_path: Path) -> None:
    cfg = load_site(write(tmp_path, MINIMAL.replace('"2a"', "13")))
    assert cfg.departement == "13"


def test_machine_site_file_provisions_first_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk.app import open_counter
    from desk.provisioning import machine_config

    machine = tmp_path / "etc-guichet"
    machine.mkdir()
    monkeypatch.setenv("DESK_SITE_DIR", str(machine))
    assert machine_config() is None
    (machine / "site.toml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    # what the Windows installer writes for one machine (an INI line is valid TOML)
    (machine / "poste.toml").write_text("[counter]\r\nnumber=12\r\n", encoding="utf-8")
    counter = open_counter(tmp_path / "home")
    try:
        assert counter.config.counter == 12
        assert counter.config.site.startswith("Préfecture du Rhône")
    finally:
        counter.close()
    assert (tmp_path / "home" / "counter.toml").is_file()
