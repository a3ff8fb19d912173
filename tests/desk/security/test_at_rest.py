"""Encryption at rest: after a dossier is written through the services, no byte of the
data home (database, WAL, blobs, logs, tmp, keys) holds the applicant's name or the
page image in clear."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image

from desk.app import Counter, open_counter
from desk.security import at_rest
from desk.services import applicants, dossiers
from desk.services.common import SYSTEM

from .conftest import person

SURNAME, GIVEN = "Zyxwabeth", "Quorvane"


def page_jpeg(seed: int = 7) -> bytes:
    rng = random.Random(seed)
    img = Image.frombytes("L", (240, 320), bytes(rng.randrange(256) for _ in range(240 * 320)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _needles(image: bytes) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for word in (SURNAME, GIVEN, "Havre-de-Grâce"):
        for variant in (word, word.upper(), word.lower()):
            out[f"{variant} utf-8"] = variant.encode("utf-8")
            out[f"{variant} utf-16-le"] = variant.encode("utf-16-le")
            out[f"{variant} utf-16-be"] = variant.encode("utf-16-be")
    step = len(image) // 8
    for i in range(1, 8):  # windows inside the entropy-coded data of the JPEG
        out[f"image window {i}"] = image[i * step : i * step + 24]
    return out


def leaks(root: Path, needles: dict[str, bytes]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found += [
                f"{name} in {path.relative_to(root)}" for name, n in needles.items() if n in data
            ]
    return found


def test_nothing_personal_in_clear_anywhere_in_the_data_home(
    counter: Counter, tmp_path: Path
) -> None:
    image = page_jpeg()
    outside = tmp_path / "usb-stick"  # where the applicant's file comes from
    outside.mkdir()
    scan = outside / f"passeport {SURNAME} {GIVEN}.jpg"
    scan.write_bytes(image)

    a = applicants.create_applicant(counter, SYSTEM, person(SURNAME, GIVEN))
    d = dossiers.open_dossier(counter, SYSTEM, a.id, "etudiant-premier")
    dossiers.add_piece_from_files(counter, SYSTEM, d.number, "passeport", [scan])
    dossiers.declare_piece_missing(
        counter, SYSTEM, d.number, "acte-naissance", f"{SURNAME} né à Havre-de-Grâce, acte perdu"
    )
    shown = dossiers.get_dossier(counter, d.number)
    assert shown.applicant.surname == SURNAME
    assert [p.note for p in shown.pieces if p.code == "acte-naissance"] == [
        f"{SURNAME} né à Havre-de-Grâce, acte perdu"
    ]
    imported = next(h for h in shown.history if h.action == "piece_imported")
    assert imported.detail["files"] == [scan.name]
    assert dossiers.search_dossiers(counter, "zyxwab")[0].number == d.number
    page = next(p for p in shown.pieces if p.code == "passeport").pages[0]
    assert counter.blobs.get(page.blob) == image

    needles = _needles(image)
    home = counter.home.root
    assert (home / "guichet.sqlite3-wal").exists()
    assert leaks(home, needles) == []  # live: database, WAL, shared memory
    counter.close()
    assert leaks(home, needles) == []  # closed: checkpointed database
    reopened = open_counter(home)
    try:
        assert dossiers.get_dossier(reopened, d.number).applicant.given_names == GIVEN
    finally:
        reopened.close()
    assert leaks(home, needles) == []


def test_the_search_finds_a_planted_clear_copy(counter: Counter) -> None:
    """The check above can fail: a clear copy of the name is found."""
    (counter.home.tmp / "oops.txt").write_text(f"{GIVEN}", encoding="utf-16")
    assert leaks(counter.home.root, _needles(page_jpeg())) == [f"{GIVEN} utf-16-le in tmp/oops.txt"]


def test_sealed_text_round_trips_and_reads_legacy_text(counter: Counter) -> None:
    c = counter.cipher
    sealed = at_rest.seal_text(c, "note é", "piece.note")
    assert sealed.startswith(at_rest.PREFIX)
    assert "note" not in sealed
    assert at_rest.open_text(c, sealed, "piece.note") == "note é"
    assert at_rest.open_text(c, sealed, "other.column") == ""  # bound to its column
    assert at_rest.open_text(c, "written before sealing", "piece.note") == "written before sealing"
    detail = {"piece": "passeport", "files": ["a.pdf"], "note": "", "pages": 2}
    stored = at_rest.seal_detail(c, detail)
    assert stored["piece"] == "passeport"
    assert stored["pages"] == 2
    assert "a.pdf" not in str(stored)
    assert at_rest.open_detail(c, stored) == detail
