"""Opening a counter whose data key is gone: the names it stored cannot be read with
a new key, so opening refuses (data_key_missing) instead of creating one."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.app import open_counter
from desk.errors import DataHomeError
from desk.messages import describe
from desk.services import applicants
from desk.services.common import SYSTEM
from tests.desk.conftest import make_config, sample_input


def test_a_counter_with_applicants_and_no_key_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    counter = open_counter(home, make_config())
    applicants.create_applicant(counter, SYSTEM, sample_input())
    counter.close()
    (home / "keys" / "data.key").unlink()
    before = sorted(p.name for p in (home / "keys").iterdir())
    with pytest.raises(DataHomeError) as err:
        open_counter(home)
    assert err.value.params.get("reason") == "data_key_missing"
    assert describe(err.value).startswith("La clé de chiffrement")
    assert sorted(p.name for p in (home / "keys").iterdir()) == before  # no new key


def test_a_new_home_with_only_an_empty_database_gets_its_key(tmp_path: Path) -> None:
    """A database copied in before the first start (as the test fixtures do, or an
    installer's template) holds nothing sealed yet: the key is created."""
    first = tmp_path / "first"
    open_counter(first, make_config()).close()
    home = tmp_path / "home"
    home.mkdir()
    (home / "guichet.sqlite3").write_bytes((first / "guichet.sqlite3").read_bytes())
    open_counter(home, make_config()).close()
    assert (home / "keys" / "data.key").exists()


def test_the_audit_key_alone_means_the_data_key_was_lost(tmp_path: Path) -> None:
    home = tmp_path / "home"
    open_counter(home, make_config()).close()  # no applicant yet, but the audit key
    (home / "keys" / "data.key").unlink()
    with pytest.raises(DataHomeError) as err:
        open_counter(home)
    assert err.value.params.get("reason") == "data_key_missing"
    assert not (home / "keys" / "data.key").exists()
