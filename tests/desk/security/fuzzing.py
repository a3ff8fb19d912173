"""Hostile-input properties shared by the test suite (few examples) and
bench/fuzz_security.py (many): each property counts the inputs it was given."""

from __future__ import annotations

import io
import random
import string
from collections import Counter as Tally
from datetime import date
from pathlib import Path

from hypothesis import strategies as st
from PIL import Image

from desk.app import Counter
from desk.capture.sniff import Sniffed, sniff
from desk.domain import identifiers, mrz, names
from desk.errors import InvalidInput, UnsupportedDocument
from desk.services import applicants, dossiers
from desk.services.applicants import ApplicantInput
from desk.services.common import SYSTEM

TRIED: Tally[str] = Tally()
OUTCOMES: Tally[str] = Tally()

#: strings an attacker (or a clumsy paste) puts in a search box
HOSTILE_QUERIES = [
    "%",
    "_",
    "%%",
    "*",
    "' OR '1'='1",
    "'; DROP TABLE applicants; --",
    '" OR 1=1 --',
    "a OR b",
    "NEAR(a b)",
    "tokens:*",
    '"',
    '""',
    "^",
    "(",
    ")",
    "a AND NOT b",
    "\\",
    "\x00",
    "-",
    "ab*",
    "{tokens}: a",
    "' UNION SELECT surname_enc FROM applicants --",
    "075-%",
    "%a%",
    "*a*",
    "🙂",
    "\u202e",
    "..",
    "x" * 5000,
    "a " * 3000,
    "9" * 10,
    "   ",
]

PEOPLE = [
    ("Benali", "Mohamed Amine"),
    ("Nguyễn", "Thị Hồng"),
    ("O'Brien", "Siobhán"),
    ("Da Silva Santos", "João"),
    ("Kowalska", "Agnieszka"),
]

CHECKS = {
    "numero-etranger": (identifiers.check_numero_etranger, string.digits, (9, 10)),
    "timbre": (identifiers.check_timbre, string.digits, (16,)),
    "ephoto": (identifiers.check_ephoto, string.ascii_uppercase + string.digits, (21, 22)),
    "postal-code": (identifiers.check_postal_code, string.digits + "AB", (5,)),
}


def populate(counter: Counter) -> dict[str, str]:
    """A few applicants with a dossier each; returns dossier number -> surname."""
    out = {}
    for i, (surname, given) in enumerate(PEOPLE):
        a = applicants.create_applicant(
            counter,
            SYSTEM,
            ApplicantInput(surname, given, date(1980 + i, 1, 2), "MAR", f"75000000{i:02d}"),
        )
        out[dossiers.open_dossier(counter, SYSTEM, a.id, "visiteur").number] = surname
    return out


def check_identifier(kind: str, value: str) -> None:
    TRIED[f"identifier {kind}"] += 1
    func, alphabet, lengths = CHECKS[kind]
    result = func(value)
    OUTCOMES[f"identifier {kind} {'valid' if result.valid else 'refused'}"] += 1
    if result.valid:
        core = result.normalized.replace(" ", "")
        assert len(core) in lengths, (value, result)
        assert set(core) <= set(alphabet), (value, result)
        assert func(result.normalized).valid


def check_sniff(data: bytes, name: str) -> None:
    TRIED["file sniffer"] += 1
    try:
        found = sniff(data, name)
    except UnsupportedDocument as exc:
        OUTCOMES[f"sniffer refused: {exc.params['reason']}"] += 1
        return
    assert isinstance(found, Sniffed)
    assert found.pages >= 1
    OUTCOMES[f"sniffer accepted: {found.media_type}"] += 1


def check_search(counter: Counter, people: dict[str, str], query: str) -> None:
    TRIED["dossier search"] += 1
    found = dossiers.search_dossiers(counter, query)
    assert len(found) < len(people) or len(people) <= 1 or _plausible_all(query)
    for summary in found:
        if summary.number in people and not _number_like(query):
            assert names.matches_fragment(query, summary.surname, summary.given_names), query
    OUTCOMES["search matched something" if found else "search matched nothing"] += 1


def _number_like(query: str) -> bool:
    compact = "".join(query.split())
    return compact.isdigit() or compact.upper().startswith("0")


def _plausible_all(query: str) -> bool:
    """A query that genuinely matches every demo person (e.g. a single common letter)."""
    return all(names.matches_fragment(query, s, g) for s, g in PEOPLE)


def check_mrz(text: str) -> None:
    TRIED["MRZ parser"] += 1
    try:
        result = mrz.parse(text)
    except InvalidInput as exc:
        OUTCOMES[f"MRZ refused: {exc.code}"] += 1
        return
    OUTCOMES["MRZ parsed, valid" if result.valid else "MRZ parsed, errors"] += 1


def sample_files() -> list[bytes]:
    """Valid documents of every accepted type, to mutate."""
    rng = random.Random(5)
    img = Image.frombytes("RGB", (64, 48), bytes(rng.randrange(256) for _ in range(64 * 48 * 3)))
    out = []
    for fmt in ("JPEG", "PNG", "TIFF", "PDF"):
        buf = io.BytesIO()
        img.save(buf, fmt)
        out.append(buf.getvalue())
    return out


def mutated(base: list[bytes]) -> st.SearchStrategy[bytes]:
    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(base)))
        for _ in range(draw(st.integers(0, 8))):
            pos = draw(st.integers(0, len(data) - 1))
            data[pos] = draw(st.integers(0, 255))
        cut = draw(st.integers(1, len(data)))
        return bytes(data[: cut if draw(st.booleans()) else len(data)])

    return build()


MAGICS = [b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b""]
files = st.one_of(
    st.binary(max_size=2048),
    st.builds(lambda m, tail: m + tail, st.sampled_from(MAGICS), st.binary(max_size=2048)),
)


def identifier_values(kind: str) -> st.SearchStrategy[str]:
    """Any text, or text made mostly of the identifier's own characters."""
    alphabet = CHECKS[kind][1]
    return st.one_of(
        st.text(max_size=40),
        st.text(alphabet=alphabet + " .-/\u00a0\u0663", min_size=4, max_size=26),
    )


identifier_inputs = st.sampled_from(sorted(CHECKS)).flatmap(
    lambda kind: st.tuples(st.just(kind), identifier_values(kind))
)
queries = st.one_of(st.sampled_from(HOSTILE_QUERIES), st.text(max_size=60))
mrz_texts = st.one_of(
    st.text(alphabet=string.ascii_uppercase + string.digits + "<\n", max_size=140),
    st.lists(
        st.text(alphabet=string.ascii_uppercase + string.digits + "<", min_size=30, max_size=44),
        min_size=2,
        max_size=3,
    ).map("\n".join),
    st.text(max_size=100),
)


# --- .eml import (desk.filing.eml) --------------------------------------------------------


def eml_with_attachment(name: str, content: bytes) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "Usager <usager@example.org>"
    msg["Subject"] = "Demande de titre de séjour"
    msg["Date"] = "Thu, 26 Nov 2026 10:00:00 +0100"
    msg.set_content("Veuillez trouver ci-joint mon dossier.")
    msg.add_attachment(content, maintype="image", subtype="jpeg", filename=name)
    return bytes(msg)


def check_eml_name(name: str, content: bytes, folder: Path) -> None:
    """An e-mail whose attachment is called ``name`` (when a header can carry it)."""
    try:
        data = eml_with_attachment(name, content)
    except ValueError:  # line breaks (\n, \x1c-\x1e…) cannot go in a header at all
        OUTCOMES[".eml name not representable in a header"] += 1
        return
    check_eml(data, folder)


def check_eml(data: bytes, folder: Path | None = None) -> None:
    from desk.filing.eml import parse_eml, save_attachments

    TRIED[".eml import"] += 1
    try:
        message = parse_eml(data, "fuzz.eml")
    except UnsupportedDocument as exc:
        OUTCOMES[f".eml refused: {exc.params['reason']}"] += 1
        return
    for a in message.attachments:
        assert not set(a.name) & set('/\\:*?"<>|\x00'), a.name
        assert not a.name.startswith(".")
        assert 0 < len(a.name) <= 120
    if folder is not None:
        for path in save_attachments(message, folder):
            assert path.parent == folder.resolve()
    OUTCOMES[".eml accepted"] += 1


eml_names = st.one_of(
    st.sampled_from(
        [
            "../../etc/passwd.jpg",
            "..\\..\\boot.ini.jpg",
            "/etc/shadow.jpg",
            "C:\\Windows\\x.jpg",
            "C:x.jpg",
            ".bashrc.jpg",
            "..",
            ".",
            "a\x00b.jpg",
            "con.jpg",
            "x" * 400 + ".jpg",
            "é\u202egpj.exe",
            "%2e%2e%2fpasswd.jpg",
        ]
    ),
    st.text(max_size=80),
)
