"""Import of a saved e-mail (.eml) sent to the préfecture's dedicated substitution
address (arrêté of 1 August 2023): sender, date, and attachments that become pieces
after the same checks as any import (desk.capture.sniff).

Refused, with nothing kept: a file that is not an e-mail, an attachment whose name is
a path (``../../x.pdf``, ``/etc/x``, ``C:\\x``), a huge attachment, an attachment that
is not a document, an e-mail without attachments. Everything is parsed in memory;
:func:`save_attachments` writes only inside a folder the caller owns (the data home's
tmp), under sanitised names.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from desk.capture.sniff import sniff
from desk.errors import UnsupportedDocument

#: larger attachments are refused (ANEF pieces are a few MB; an e-mail gateway rarely
#: carries more than 25 MB in total)
MAX_ATTACHMENT_BYTES = 20_000_000
MAX_EML_BYTES = 60_000_000
_NAME_MAX = 120


@dataclass(frozen=True)
class Attachment:
    name: str  # sanitised file name
    data: bytes
    media_type: str  # by content (sniff), not by the e-mail's declaration
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class ImportedEmail:
    sender: str  # address only
    sender_name: str
    date: datetime | None  # timezone-aware
    subject: str
    attachments: tuple[Attachment, ...]


def _refuse(reason: str, name: str, detail: str) -> UnsupportedDocument:
    return UnsupportedDocument(detail, reason=reason, name=name)


def is_unsafe_name(name: str) -> bool:
    """A name that names a path rather than a file."""
    if "\x00" in name:
        return True
    parts = re.split(r"[\\/]", name)
    if len(parts) > 1:
        return True
    return name.strip() in ("", ".", "..") or bool(re.match(r"^[A-Za-z]:", name))


def safe_name(name: str, fallback: str = "piece-jointe") -> str:
    """A file name safe on every file system: no separators, controls or leading dots,
    at most 120 characters, extension kept."""
    n = unicodedata.normalize("NFC", name)
    n = "".join(c for c in n if unicodedata.category(c)[0] != "C")
    n = re.sub(r'[\\/:*?"<>|]+', "_", n).strip().lstrip(".")
    if not n:
        n = fallback
    stem, ext = os.path.splitext(n)
    return stem[: _NAME_MAX - len(ext)] + ext


def parse_eml(data: bytes, source: str = "message.eml") -> ImportedEmail:
    """Parse and check a saved e-mail; raise UnsupportedDocument on anything refused."""
    if len(data) > MAX_EML_BYTES:
        raise _refuse("too_large", source, f"{source}: e-mail larger than {MAX_EML_BYTES}")
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or not (msg["From"] and (msg["Date"] or msg["Subject"])):
        raise _refuse("not_an_email", source, f"{source} is not an e-mail message")
    name_part, address = parseaddr(str(msg["From"]))
    when = None
    if msg["Date"]:
        try:
            when = parsedate_to_datetime(str(msg["Date"]))
        except (TypeError, ValueError):
            when = None
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    attachments: list[Attachment] = []
    seen: set[str] = set()
    for part in msg.walk():
        if part.is_multipart() or not (
            part.get_content_disposition() == "attachment" or part.get_filename()
        ):
            continue  # the body text, or a multipart container
        raw_name = part.get_filename() or ""
        if is_unsafe_name(raw_name) and raw_name:
            raise _refuse("unsafe_name", raw_name, f"{source}: attachment name {raw_name!r}")
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        name = safe_name(raw_name, f"piece-jointe-{len(attachments) + 1}")
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise _refuse("attachment_too_large", name, f"{name}: {len(content)} bytes")
        info = sniff(content, name)  # refuses non-documents, damaged or active PDFs
        stem, ext = os.path.splitext(name)
        k = 2
        while name.lower() in seen:
            name = f"{stem}-{k}{ext}"
            k += 1
        seen.add(name.lower())
        attachments.append(Attachment(name, content, info.media_type, info.width, info.height))
    if not attachments:
        raise _refuse("no_attachment", source, f"{source}: no attachment")
    return ImportedEmail(
        address.strip(),
        name_part.strip(),
        when,
        str(msg["Subject"] or ""),
        tuple(attachments),
    )


def save_attachments(message: ImportedEmail, folder: Path) -> list[Path]:
    """Write the attachments into ``folder`` (the caller's private tmp folder); a name
    that would resolve outside it is refused."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    root = folder.resolve()
    paths = []
    for a in message.attachments:
        target = (root / safe_name(a.name)).resolve()
        if target.parent != root:
            raise _refuse("unsafe_name", a.name, f"{a.name} resolves outside {root}")
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(a.data)
        paths.append(target)
    return paths
