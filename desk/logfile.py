"""The counter's log file: ``<data home>/logs/desk.log`` (English, INFO and above).

What support needs after the fact — a migration, a key protection change, a counter
that could not open, a refused catalogue — goes to this file, rotated at 1 MB with
five old files kept. The agent's words stay French and go to the screen (or stderr
for the CLI); no personal data is ever logged (tests/desk/security scans the whole
data home, logs included, for the applicant's name).

One process serves one counter, so there is one file handler on the root logger; a
process that opens another home (the test suite, a support script) moves it there.
Two processes of one counter (the window and the nightly ``desk sync``) append to the
same file; at rotation the other keeps writing to the renamed file until it reopens,
which loses nothing.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

FILE = "desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"
#: the loggers whose INFO records are worth keeping (ours, not the libraries')
OURS = ("desk", "ui", "hq")

_handler: RotatingFileHandler | None = None


def use(folder: Path) -> Path:
    """Send this process's log records to ``folder/desk.log`` from now on."""
    global _handler
    path = (folder / FILE).resolve()
    if _handler is not None and Path(_handler.baseFilename) == path:
        return path
    root = logging.getLogger()
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FORMAT))
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    root.addHandler(handler)
    _handler = handler
    for name in OURS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.INFO)
    return path


def current() -> Path | None:
    """The file this process logs to, if any."""
    return Path(_handler.baseFilename) if _handler is not None else None
