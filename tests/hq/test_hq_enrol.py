"""Enrolment: a one-time token from ``hq counters add`` exchanged by ``desk enrol``."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hq_servers import ROOT, HQProcess, issue_token, issue_token_cli, make_counter, next_counter

from desk.sync import credentials
from desk.sync.enrol import enrol
from desk.sync.transport import HQRefused, InsecureServer

pytestmark = pytest.mark.postgres


def desk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.entry", "--home", str(home), *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_desk_enrol_registers_a_key_pair(shared_hq: HQProcess, tmp_path: Path) -> None:
    home = tmp_path / "c"
    number = next_counter()
    make_counter(home, "75", number).close()
    token = issue_token_cli(shared_hq.db, "75", number)
    result = desk(home, "enrol", "--server", shared_hq.url, "--token", token, "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["prefecture"] == "075"
    assert answer["counter"] == number
    key_file = home / "keys" / credentials.KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert credentials.public_hex(credentials.load_key(home / "keys")) == answer["public_key"]
    # the token was for one use only
    again = desk(home, "enrol", "--server", shared_hq.url, "--token", token, "--json")
    assert again.returncode == 1
    assert json.loads(again.stdout)["error"] == "hq_refused"
    # ... and the failed attempt kept the working credential
    assert credentials.public_hex(credentials.load_key(home / "keys")) == answer["public_key"]


def test_token_of_another_counter_is_refused(shared_hq: HQProcess, tmp_path: Path) -> None:
    number = next_counter()
    counter = make_counter(tmp_path / "c", "75", number)
    try:
        with pytest.raises(HQRefused) as err:
            enrol(counter, shared_hq.url, issue_token(shared_hq.db, "93", number))
        assert err.value.reason == "token_for_another_counter"
        with pytest.raises(HQRefused):
            enrol(counter, shared_hq.url, "not-a-token")
    finally:
        counter.close()


def test_plain_http_only_on_loopback(tmp_path: Path) -> None:
    counter = make_counter(tmp_path / "c")
    try:
        with pytest.raises(InsecureServer):
            enrol(counter, "http://hq.example.org", "token")
        with pytest.raises(InsecureServer):
            enrol(counter, "ftp://127.0.0.1", "token")
    finally:
        counter.close()
