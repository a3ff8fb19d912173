"""What the window may show before the counter is open: the counter's identity, read
from counter.toml with tomllib alone.

The window paints its first frame before the core (SQLAlchemy, migrations, keys,
audit) is imported; this module imports nothing heavier than the standard library
so that the status bar can say which counter this is from the first paint.
Nothing is validated here: :func:`desk.app.open_counter` validates the same file a
moment later and its answer replaces this one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desk.config import CounterConfig

CONFIG_FILE = "counter.toml"  # desk.paths.HomeLayout.config


@dataclass(frozen=True)
class CounterIdentity:
    prefecture: str
    site: str
    counter: int
    demo: bool = False

    @classmethod
    def of(cls, config: CounterConfig) -> CounterIdentity:
        """The identity of a validated configuration."""
        return cls(config.prefecture, config.site, config.counter, bool(config.extra.get("demo")))


def peek_identity(root: Path) -> CounterIdentity | None:
    """The identity written in ``root``/counter.toml, or None when the file is absent,
    unreadable or incomplete (open_counter then says why, in French)."""
    try:
        data = tomllib.loads((root / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    site, number = data.get("site"), data.get("counter")
    prefecture = data.get("prefecture") or data.get("departement")
    if not isinstance(site, str) or not site.strip() or type(number) is not int:
        return None
    if not isinstance(prefecture, str | int):
        return None
    return CounterIdentity(str(prefecture), site, number, bool(data.get("demo")))
