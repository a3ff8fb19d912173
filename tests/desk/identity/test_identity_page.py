"""The passport's identity page captured as the passport piece gives the MRZ that
fills the applicant form (issue 4: "in one step")."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desk.app import Counter
from desk.capture.mrz_render import Degradation, random_mrz, render_page
from desk.domain.entities import Applicant
from desk.domain.mrz import MrzFormat, NotAnMrz
from desk.services import capture, dossiers
from desk.services.common import SYSTEM
from desk.services.identity import read_identity_page


@pytest.fixture
def number(counter: Counter, applicant: Applicant) -> str:
    return dossiers.open_dossier(counter, SYSTEM, applicant.id, "etudiant-premier").number


def test_identity_page_imported_as_passport_is_read(
    counter: Counter, number: str, tmp_path: Path
) -> None:
    rng = random.Random(4)
    _, fields, lines = random_mrz(rng, MrzFormat.TD3)
    page = tmp_path / "passeport.jpg"
    page.write_bytes(
        render_page(lines, MrzFormat.TD3, Degradation(dpi=300, angle=3, jpeg_quality=85), rng)
    )
    assert read_identity_page(counter, SYSTEM, number) is None  # nothing captured yet
    capture.import_files(counter, SYSTEM, number, "passeport", [page])
    reading = read_identity_page(counter, SYSTEM, number)
    assert reading is not None
    assert reading.mrz.valid
    assert reading.mrz.lines == lines
    assert reading.mrz.surname == " ".join(fields.surname.split())
    assert reading.mrz.document_number == fields.document_number


def test_a_page_without_mrz_says_so(counter: Counter, number: str, tmp_path: Path) -> None:
    from desk.services.demo import _page_jpeg

    page = tmp_path / "page.jpg"  # a page of text lines, no MRZ band
    page.write_bytes(_page_jpeg(random.Random(1), "Page intérieure"))
    capture.import_files(counter, SYSTEM, number, "passeport", [page])
    with pytest.raises(NotAnMrz):
        read_identity_page(counter, SYSTEM, number)
