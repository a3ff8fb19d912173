"""Hostile input: identifier validators, the file sniffer, search strings (SQL, FTS5 and
LIKE syntax), path traversal in file names, oversized inputs, the MRZ parser. Few
examples here; bench/fuzz_security.py runs many more and records the counts in
docs/SECURITY.md."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.app import Counter, open_counter
from desk.config import CounterConfig
from desk.errors import InvalidField, UnsupportedDocument
from desk.security import hygiene
from desk.services import applicants, dossiers
from desk.services.applicants import ApplicantInput
from desk.services.common import SYSTEM

from . import fuzzing

FEW = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def searched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Counter, dict]]:
    home = tmp_path_factory.mktemp("fuzz") / "home"
    c = open_counter(home, CounterConfig(prefecture="75", departement="75", site="F", counter=2))
    try:
        yield c, fuzzing.populate(c)
    finally:
        c.close()


@FEW
@given(case=fuzzing.identifier_inputs)
def test_identifier_validators_never_raise(case: tuple[str, str]) -> None:
    fuzzing.check_identifier(*case)


@pytest.mark.parametrize("kind", sorted(fuzzing.CHECKS))
def test_identifier_validators_on_oversized_input(kind: str) -> None:
    fuzzing.check_identifier(kind, "7" * 1_000_000)
    fuzzing.check_identifier(kind, "\u0663" * 16)  # Arabic-Indic digits are not digits here


@FEW
@given(data=fuzzing.files, name=st.text(max_size=30))
def test_sniffer_accepts_or_refuses_random_bytes(data: bytes, name: str) -> None:
    fuzzing.check_sniff(data, name)


@SOME
@given(data=fuzzing.mutated(fuzzing.sample_files()))
def test_sniffer_on_damaged_documents(data: bytes) -> None:
    fuzzing.check_sniff(data, "piece.bin")


def test_sniffer_refuses_a_decompression_bomb() -> None:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 10_000))
    )
    with pytest.raises(UnsupportedDocument) as info:
        fuzzing.sniff(bomb + chunk(b"IEND", b""), "bomb.png")
    assert info.value.params["reason"] == "too_many_pixels"


@pytest.mark.parametrize("query", fuzzing.HOSTILE_QUERIES)
def test_hostile_search_strings(searched: tuple[Counter, dict], query: str) -> None:
    fuzzing.check_search(*searched, query)


@FEW
@given(query=fuzzing.queries)
def test_search_never_crashes_nor_matches_everything(
    searched: tuple[Counter, dict], query: str
) -> None:
    fuzzing.check_search(*searched, query)


def test_search_still_finds_real_names(searched: tuple[Counter, dict]) -> None:
    counter, _people = searched
    assert [s.surname for s in dossiers.search_dossiers(counter, "nguyen")] == ["Nguyễn"]
    assert [s.surname for s in dossiers.search_dossiers(counter, "o'brien")] == ["O'Brien"]
    assert len(dossiers.search_dossiers(counter, "7500000003")) == 1


@FEW
@given(text=fuzzing.mrz_texts)
def test_mrz_parser_parses_or_refuses(text: str) -> None:
    fuzzing.check_mrz(text)


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd.jpg",
        "..\\..\\win.ini.jpg",
        "/abs/x.jpg",
        "a\nb.jpg",
        "é" * 120 + ".jpg",
    ],
)
def test_path_traversal_in_imported_file_names(counter: Counter, tmp_path: Path, name: str) -> None:
    from .test_at_rest import page_jpeg

    safe = name.replace("/", "_") if "/" in name else name
    source = tmp_path / "in" / safe[-200:]
    source.parent.mkdir()
    source.write_bytes(page_jpeg(11))
    a = applicants.create_applicant(counter, SYSTEM, fuzzing_person())
    number = dossiers.open_dossier(counter, SYSTEM, a.id, "visiteur").number
    before = set(tmp_path.rglob("*"))
    d = dossiers.add_piece_from_files(counter, SYSTEM, number, "passeport", [source])
    created = set(tmp_path.rglob("*")) - before
    home = counter.home.root
    assert all(home in p.parents for p in created)  # nothing written outside the data home
    assert not any(".." in p.name or p.name.endswith(".jpg") for p in created)
    history = next(h for h in d.history if h.action == "piece_imported")
    assert history.detail["files"] == [source.name]


@pytest.mark.parametrize("suffix", ["/../../x", "..\\x", "a/b"])
def test_private_temp_names_cannot_leave_tmp(counter: Counter, suffix: str) -> None:
    with pytest.raises(ValueError, match="suffix"), hygiene.private_file(counter.home.tmp, suffix):
        pass


def fuzzing_person() -> ApplicantInput:
    return ApplicantInput("Test", "Traversée", date(1991, 3, 4), "TUN")


def test_oversized_form_fields_are_refused(counter: Counter) -> None:
    with pytest.raises(InvalidField) as info:
        applicants.create_applicant(
            counter, SYSTEM, ApplicantInput("x" * 1_000_000, "y", date(1990, 1, 1), "MAR")
        )
    assert info.value.reason == "too_long"
    assert dossiers.search_dossiers(counter, "x" * 1_000_000) == []


@SOME
@given(name=fuzzing.eml_names)
def test_eml_attachment_names_cannot_escape(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from .test_at_rest import page_jpeg

    folder = tmp_path_factory.mktemp("eml")
    fuzzing.check_eml_name(name, page_jpeg(2), folder)
    assert all(p.parent == folder for p in folder.rglob("*"))


@SOME
@given(data=st.one_of(st.binary(max_size=1500), st.text(max_size=800).map(str.encode)))
def test_eml_import_of_random_bytes(data: bytes) -> None:
    fuzzing.check_eml(data)
