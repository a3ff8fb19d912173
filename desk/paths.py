"""Where things are: resources (source tree or frozen bundle) and the data home."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Guichet"
APP_AUTHOR = "Guichet"


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/``, in the source tree or a PyInstaller bundle
    (which carries the same tree; see installer/guichet.spec)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    base = Path(frozen_root) if frozen_root else Path(__file__).resolve().parent.parent
    return base.joinpath("resources", *parts)


def data_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The counter's data home: ``--home``, else ``DESK_HOME``, else the platform's
    user data folder (e.g. ~/.local/share/Guichet, %LOCALAPPDATA%\\Guichet\\Guichet)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("DESK_HOME")
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs  # only here: the window's first paint reads --home or DESK_HOME

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


class HomeLayout:
    """The files of one data home."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def config(self) -> Path:
        return self.root / "counter.toml"

    @property
    def database(self) -> Path:
        return self.root / "guichet.sqlite3"

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def tmp(self) -> Path:
        """Private temporary folder: applicant files never go to the system /tmp."""
        return self.root / "tmp"
