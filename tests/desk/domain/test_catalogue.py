"""The procedure catalogue: shipped data is valid; malformed files are named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desk.catalogue import load_catalogue
from desk.errors import CatalogueError
from desk.paths import resource_path

REQUIRED = {
    "etudiant-premier",
    "etudiant-renouvellement",
    "passeport-talent",
    "salarie-renouvellement",
    "vpf-conjoint-francais",
    "visiteur",
    "resident-renouvellement",
    "duplicata",
    "changement-adresse",
}


def test_shipped_catalogue_has_the_nine_procedures() -> None:
    cat = load_catalogue()
    assert set(cat.procedures) >= REQUIRED
    for proc in cat.procedures.values():
        assert proc.pieces and proc.label and proc.anef_url.startswith("https://")
        for piece in proc.pieces:
            assert piece.profile in cat.profiles
            assert piece.max_bytes >= 50_000


def test_renewal_salarie_lists_the_domain_pieces() -> None:
    proc = load_catalogue().procedures["salarie-renouvellement"]
    codes = {p.code for p in proc.pieces}
    assert {
        "passeport",
        "titre-sejour",
        "justificatif-domicile",
        "ofii-cir",
        "attestation-employeur",
        "bulletins-salaire",
        "timbre-fiscal",
    } <= codes


def test_missing_lists_mandatory_pieces_in_order() -> None:
    proc = load_catalogue().procedures["changement-adresse"]
    assert [p.code for p in proc.missing(set())] == ["titre-sejour", "justificatif-domicile"]
    assert proc.missing({"titre-sejour", "justificatif-domicile"}) == []


def test_not_every_procedure_is_on_the_online_list() -> None:
    cat = load_catalogue()
    assert any(not p.anef for p in cat.procedures.values())


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    root = tmp_path / "resources"
    shutil.copytree(resource_path(), root, ignore=shutil.ignore_patterns("i18n", "fonts", "*.qss"))
    return root


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("max_bytes = 2000000", 'max_bytes = "big"', "pieces[1].max_bytes"),
        ('profile = "grey"', 'profile = "sepia"', "pieces[1].profile"),
        ("anef = true", 'anef = "yes"', "anef"),
        ('kind = "first"', 'kind = "sometimes"', "kind"),
        ('"jpeg",', '"docx",', "pieces[0].formats"),
    ],
)
def test_malformed_file_error_names_file_and_field(
    resources: Path, old: str, new: str, field: str
) -> None:
    path = resources / "procedures" / "etudiant-premier.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(resources)
    assert err.value.path.endswith("etudiant-premier.toml")
    assert err.value.field == field


def test_syntax_error_names_the_file(resources: Path) -> None:
    (resources / "procedures" / "broken.toml").write_text("code = ", encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(resources)
    assert err.value.path.endswith("broken.toml")


def test_duplicate_procedure_code_refused(resources: Path) -> None:
    src = resources / "procedures" / "visiteur.toml"
    shutil.copy(src, resources / "procedures" / "zz-copy.toml")
    with pytest.raises(CatalogueError, match="duplicate"):
        load_catalogue(resources)
