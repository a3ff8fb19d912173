"""The counter's configuration (counter.toml in the data home).

Everything a receipt prints about the service comes from here: prefecture code,
département, site name, counter number, postal address, phone, e-mail.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import tomli_w

from desk.domain.dossier import prefecture_code
from desk.domain.entities import Site
from desk.domain.identifiers import normalize_departement
from desk.errors import ConfigError


@dataclass
class CounterConfig:
    prefecture: str
    departement: str
    site: str
    counter: int
    address: str = ""
    phone: str = ""
    email: str = ""
    #: substitution by post / dedicated e-mail are offered only where the préfecture
    #: decided so (arrêté of 1 August 2023)
    substitution_post: bool = False
    substitution_email: str = ""
    hq_url: str = ""
    printer: str = ""
    scanner: str = ""
    nightly_window: str = "22:00-05:00"
    idle_lock_minutes: int = 5
    retention_days: int = 30
    pieces_deadline_days: int = 30
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.counter, int) or not 0 < self.counter < 100:
            raise ConfigError("counter must be an integer 1-99", field="counter")
        dep = normalize_departement(str(self.departement))
        if not dep:
            raise ConfigError("departement is required", field="departement")
        self.departement = dep
        self.prefecture = prefecture_code(str(self.prefecture or dep))
        if not self.site.strip():
            raise ConfigError("site name is required", field="site")

    @property
    def identity(self) -> Site:
        return Site(
            self.prefecture,
            self.departement,
            self.site,
            self.counter,
            self.address,
            self.phone,
            self.email,
        )

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str = "counter.toml") -> CounterConfig:
        known = {f.name for f in fields(cls)} - {"extra"}
        kwargs = {k: v for k, v in data.items() if k in known}
        extra = {k: v for k, v in data.items() if k not in known}
        for required in ("departement", "site", "counter"):
            if required not in kwargs:
                raise ConfigError(f"{source}: {required} is missing", field=required)
        kwargs.setdefault("prefecture", kwargs["departement"])
        try:
            return cls(**kwargs, extra=extra)
        except TypeError as exc:  # wrong value types
            raise ConfigError(f"{source}: {exc}") from exc

    @classmethod
    def load(cls, path: Path) -> CounterConfig:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"{path} not found: run 'desk init'", path=str(path)) from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}", path=str(path)) from exc
        return cls.from_mapping(data, str(path))

    def save(self, path: Path) -> None:
        data = {k: v for k, v in asdict(self).items() if k != "extra"}
        data.update(self.extra)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(tomli_w.dumps(data).encode("utf-8"))
        tmp.replace(path)
