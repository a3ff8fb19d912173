"""Settings of the ANEF téléservice (resources/anef.toml, counter.toml overrides) and
reading an attestation de dépôt PDF."""

from __future__ import annotations

import io
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desk.config import CounterConfig
from desk.errors import ConfigError, UnsupportedDocument
from desk.paths import resource_path


@dataclass(frozen=True)
class AnefSettings:
    number_pattern: str  # UNVERIFIED format (DOMAIN.md): configurable
    label_pattern: str
    default_url: str


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    return tomllib.loads(resource_path("anef.toml").read_text(encoding="utf-8"))


def anef_settings(config: CounterConfig) -> AnefSettings:
    """resources/anef.toml, with ``anef_number_pattern`` / ``anef_label_pattern`` from
    counter.toml taking precedence."""
    data = _shipped()
    number = str(config.extra.get("anef_number_pattern", data["number_pattern"]))
    label = str(config.extra.get("anef_label_pattern", data["label_pattern"]))
    for key, pattern in (("anef_number_pattern", number), ("anef_label_pattern", label)):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{key}: {exc}", field=key) from exc
    return AnefSettings(number, label, str(data.get("default_url", "")))


def pdf_text(data: bytes, name: str = "attestation.pdf") -> str:
    """Text of a PDF (pypdf). Raises UnsupportedDocument when it is not a readable PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from desk.capture.sniff import sniff

    info = sniff(data, name)
    if info.media_type != "application/pdf":
        raise UnsupportedDocument(f"{name} is not a PDF", reason="not_a_document", name=name)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, TypeError, KeyError) as exc:
        raise UnsupportedDocument(f"{name}: {exc}", reason="damaged", name=name) from exc
