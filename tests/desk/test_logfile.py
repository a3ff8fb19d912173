"""The counter's log file (desk/logfile.py): English records of ours in
<data home>/logs/desk.log, stderr kept for warnings and errors."""

from __future__ import annotations

import logging
import subprocess
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desk import logfile
from desk.app import open_counter
from tests.desk.conftest import make_config


def test_opening_a_counter_logs_to_its_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    open_counter(home, make_config()).close()
    log = home / "logs" / "desk.log"
    assert logfile.current() == log.resolve()
    assert "database migrated from None to" in log.read_text(encoding="utf-8")


def test_another_home_moves_the_one_file_handler(tmp_path: Path) -> None:
    open_counter(tmp_path / "a", make_config()).close()
    open_counter(tmp_path / "b", make_config()).close()
    ours = [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]
    assert [Path(h.baseFilename) for h in ours] == [
        (tmp_path / "b" / "logs" / "desk.log").resolve()
    ]
    logging.getLogger("desk.test").info("only in b")
    assert "only in b" in (tmp_path / "b" / "logs" / "desk.log").read_text(encoding="utf-8")
    assert "only in b" not in (tmp_path / "a" / "logs" / "desk.log").read_text(encoding="utf-8")


def test_the_command_line_keeps_info_off_stderr(tmp_path: Path) -> None:
    home = tmp_path / "home"
    desk = "import sys; from desk.cli import main; sys.exit(main())"
    args = ["init", "--prefecture", "13", "--departement", "13", "--site", "M", "--counter", "2"]
    result = subprocess.run(
        [sys.executable, "-c", desk, "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "INFO" not in result.stderr and "migrated" not in result.stderr
    assert "database migrated" in (home / "logs" / "desk.log").read_text(encoding="utf-8")
