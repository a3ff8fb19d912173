"""Site files: one TOML file per site that a préfecture's IT team writes once and that
``desk init --from FILE`` (or the installer) applies to each counter.

The file is read strictly — an unknown key is a typo, not something to ignore — and
every problem names the file, the key and a stable reason code (French words in
desk.messages). See installer/site.example.toml and docs/DEPLOYMENT.md.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from desk.config import CounterConfig
from desk.errors import ConfigError, InvalidInput

#: (section, key) in the site file -> (CounterConfig field, expected type)
LAYOUT: dict[tuple[str, str], tuple[str, type]] = {
    ("prefecture", "code"): ("prefecture", str),
    ("prefecture", "departement"): ("departement", str),
    ("site", "name"): ("site", str),
    ("site", "address"): ("address", str),
    ("site", "phone"): ("phone", str),
    ("site", "email"): ("email", str),
    ("site", "substitution_post"): ("substitution_post", bool),
    ("site", "substitution_email"): ("substitution_email", str),
    ("counter", "number"): ("counter", int),
    ("counter", "printer"): ("printer", str),
    ("counter", "scanner"): ("scanner", str),
    ("counter", "idle_lock_minutes"): ("idle_lock_minutes", int),
    ("hq", "url"): ("hq_url", str),
    ("sync", "nightly_window"): ("nightly_window", str),
    ("retention", "days"): ("retention_days", int),
    ("retention", "pieces_deadline_days"): ("pieces_deadline_days", int),
}
REQUIRED = ("departement", "site", "counter")
SITE_KEYS = {field: f"{section}.{key}" for (section, key), (field, _) in LAYOUT.items()}

_WINDOW = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DEPARTEMENT = re.compile(r"^(0?[1-9]|1\d|[3-8]\d|9[0-5]|2[1-9]|2[ABab]|97[1-6])$")


class SiteFileError(InvalidInput):
    """A site file cannot be applied; ``key`` is the dotted key, ``reason`` a code."""

    code = "site_file_error"

    def __init__(self, path: str, key: str, reason: str, **params: Any) -> None:
        super().__init__(
            f"{path}: {key or 'file'}: {reason}", path=path, key=key, reason=reason, **params
        )
        self.key = key
        self.reason = reason


def read_site_file(path: Path) -> dict[str, Any]:
    """The site file's values as CounterConfig fields (only those it gives)."""
    name = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SiteFileError(name, "", "file_missing") from None
    except OSError as exc:
        raise SiteFileError(name, "", "file_unreadable", error=str(exc)) from exc
    except UnicodeDecodeError:
        raise SiteFileError(name, "", "not_utf8") from None
    except tomllib.TOMLDecodeError as exc:
        raise SiteFileError(name, "", "toml_syntax", error=str(exc)) from exc
    values: dict[str, Any] = {}
    for section, table in raw.items():
        if not isinstance(table, dict):
            raise SiteFileError(name, section, "not_a_section")
        for key, value in table.items():
            dotted = f"{section}.{key}"
            if (section, key) not in LAYOUT:
                raise SiteFileError(name, dotted, "unknown_key")
            target, kind = LAYOUT[(section, key)]
            # TOML integers are also acceptable where text is expected (département 69)
            if kind is str and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise SiteFileError(name, dotted, f"not_{kind.__name__}")
            values[target] = value.strip() if isinstance(value, str) else value
    return values


def site_config(values: dict[str, Any], source: str = "site.toml") -> CounterConfig:
    """Validate the merged values (site file, then command-line overrides) into a
    CounterConfig; every problem names its site-file key."""
    for required in REQUIRED:
        if values.get(required) in (None, ""):
            raise SiteFileError(source, SITE_KEYS[required], "required")
    if not _DEPARTEMENT.match(str(values["departement"])):
        raise SiteFileError(source, SITE_KEYS["departement"], "bad_departement")
    if not isinstance(values["counter"], int) or not 0 < values["counter"] < 100:
        raise SiteFileError(source, SITE_KEYS["counter"], "counter_range")
    window = values.get("nightly_window")
    if window is not None and not _WINDOW.match(window):
        raise SiteFileError(source, SITE_KEYS["nightly_window"], "not_window", value=window)
    url = values.get("hq_url") or ""
    if url and not re.match(r"^https?://[^/\s]+", url):
        raise SiteFileError(source, SITE_KEYS["hq_url"], "not_url", value=url)
    for key in ("email", "substitution_email"):
        if values.get(key) and not _EMAIL.match(values[key]):
            raise SiteFileError(source, SITE_KEYS[key], "not_email", value=values[key])
    for key, low, high in (
        ("idle_lock_minutes", 1, 120),
        ("retention_days", 1, 3650),
        ("pieces_deadline_days", 1, 365),
    ):
        if key in values and not low <= values[key] <= high:
            raise SiteFileError(source, SITE_KEYS[key], "out_of_range", low=low, high=high)
    try:
        return CounterConfig.from_mapping(values, source)
    except ConfigError as exc:
        field = str(exc.params.get("field", ""))
        raise SiteFileError(source, SITE_KEYS.get(field, field), "invalid_value") from exc


def load_site(path: Path, overrides: dict[str, Any] | None = None) -> CounterConfig:
    """Read ``path`` and apply ``overrides`` (options given on the command line)."""
    values = read_site_file(path)
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return site_config(values, str(path))


# --- the machine's site file (applied on first start) -----------------------------------

ENV_SITE_DIR = "DESK_SITE_DIR"
SITE_FILE = "site.toml"
#: per-machine overrides written by the installer (counter number, printer…)
POSTE_FILE = "poste.toml"


def machine_site_dir(platform: str | None = None) -> Path:
    """Where the installer puts the site file: ``DESK_SITE_DIR``, else /etc/guichet,
    else %PROGRAMDATA%\\Guichet on Windows."""
    import os
    import sys

    explicit = os.environ.get(ENV_SITE_DIR)
    if explicit:
        return Path(explicit)
    if (platform or sys.platform) == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Guichet"
    return Path("/etc/guichet")


def machine_config(
    folder: Path | None = None, overrides: dict[str, Any] | None = None
) -> CounterConfig | None:
    """The configuration the installer left for this machine (site.toml, then
    poste.toml, then ``overrides`` over it), or None when there is no site file."""
    folder = folder if folder is not None else machine_site_dir()
    site = folder / SITE_FILE
    if not site.is_file():
        return None
    values = read_site_file(site)
    poste = folder / POSTE_FILE
    if poste.is_file():
        values.update(read_site_file(poste))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return site_config(values, str(site))
