"""Every kind of receipt prints each mandatory mention (text extracted from the PDF)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFile

from desk.paths import resource_path
from desk.receipts.data import ReceiptData, ReceiptKind
from desk.receipts.fonts import CORE, FONT_FILE
from desk.receipts.keys import SigningKey
from desk.receipts.payload import compact_text
from desk.receipts.render import all_texts, languages, render_receipt

K = ReceiptKind

COMMON = [
    "RÉPUBLIQUE FRANÇAISE",
    "Préfecture de police — Centre de réception des étrangers, Cité",
    "1 bis rue de Lutèce, 75004 Paris",
    "accueil-etrangers@example.gouv.fr",
    "01 53 71 51 68",
    "Reçu n° R-075-01-2026-000042-K",
    "075-01-2026-000042-K",
    "IVANOVA Екатерина Sergeyevna",  # Cyrillic prints: fonts are embedded
    "04/03/1990",
    "Renouvellement de la carte de séjour « salarié »",
]
NOT_REGULAR = "ne justifie pas de la régularité du séjour"
CRPA = [
    "L.112-3 et R.112-5 du code des relations entre le public et l'administration",
    "Date de réception de la demande : 27/11/2026",
    "Service chargé du dossier : Préfecture de police",
    "sera réputée rejetée",
    "Une décision implicite de rejet naîtra donc le 27/03/2027",
    "Voies et délais de recours",
    "recours gracieux auprès du préfet",
    "recours hiérarchique auprès du ministre de l'intérieur",
    "dans un délai de deux mois",
    "tribunal administratif",
]
MENTIONS: dict[ReceiptKind, list[str]] = {
    K.ACCOMPAGNEMENT: [
        "Fiche d'accompagnement",
        "déposée en ligne le 27/11/2026",
        "Numéro de la demande ANEF",
        "ANEF-2026-7Q4K2M",
        "Pièces transmises en ligne",
        "Passeport : pages d'identité",
        "Et maintenant ?",
        "attestation de dépôt",
        NOT_REGULAR,
    ],
    K.ACCUSE_RECEPTION: [
        "Accusé de réception",
        "Pièces reçues",
        *CRPA,
        NOT_REGULAR,
    ],
    K.RECEPISSE: [
        "Récépissé de demande de titre de séjour",
        "autorise la présence de son titulaire sur le territoire français jusqu'au 26/05/2027",
        "6 mois",
        "R.431-12",
        "Il autorise son titulaire à travailler.",
        "Signature de l'agent compétent",
        "C. Martin",
        "Timbre du service",
        *CRPA,
    ],
    K.PIECES_COMPLEMENTAIRES: [
        "Demande de pièces complémentaires",
        "au plus tard le 27/12/2026",
        "Pièces manquantes",
        "Trois derniers bulletins de salaire",
        "ne fait pas naître de décision implicite de rejet",
        "Conseil d'État, avis du 10 octobre 2024, n° 493514",
        NOT_REGULAR,
    ],
}


def pdf_text(pdf: bytes) -> str:
    return compact_text("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize("kind", list(K))
def test_every_mandatory_mention_is_printed(
    kind: ReceiptKind, make_data: Callable[..., ReceiptData], signing_key: SigningKey
) -> None:
    pdf, _ = render_receipt(make_data(kind), signing_key)
    text = pdf_text(pdf)
    missing = [m for m in [*COMMON, *MENTIONS[kind]] if compact_text(m) not in text]
    assert missing == []
    if kind == K.RECEPISSE:
        assert compact_text(NOT_REGULAR) not in text  # the récépissé does allow the stay


def test_recepisse_says_when_work_is_not_allowed(
    make_data: Callable[..., ReceiptData], signing_key: SigningKey
) -> None:
    pdf, _ = render_receipt(make_data(K.RECEPISSE, work_allowed=False), signing_key)
    assert compact_text("Il n'autorise pas son titulaire à travailler.") in pdf_text(pdf)


def test_incomplete_deposit_has_no_implicit_decision_date(
    make_data: Callable[..., ReceiptData], signing_key: SigningKey
) -> None:
    pdf, _ = render_receipt(make_data(K.ACCUSE_RECEPTION, implicit_decision_on=None), signing_key)
    text = pdf_text(pdf)
    assert compact_text("aucune décision implicite ne peut naître") in text
    assert compact_text("naîtra donc le") not in text


def test_english_explanations_come_with_the_french_text(
    make_data: Callable[..., ReceiptData], signing_key: SigningKey
) -> None:
    pdf, _ = render_receipt(make_data(K.PIECES_COMPLEMENTAIRES, lang="en"), signing_key)
    text = pdf_text(pdf)
    assert compact_text("Demande de pièces complémentaires") in text
    assert compact_text("Request for further documents") in text
    assert compact_text("does not prove that your stay in France is lawful") in text
    assert compact_text("The French text is the only one with legal value") in text


def test_duplicata_is_marked(
    make_data: Callable[..., ReceiptData], signing_key: SigningKey
) -> None:
    pdf, _ = render_receipt(make_data(K.ACCUSE_RECEPTION, copy=2), signing_key)
    assert compact_text("DUPLICATA n° 2") in pdf_text(pdf)
    original, _ = render_receipt(make_data(K.ACCUSE_RECEPTION), signing_key)
    assert "DUPLICATA" not in pdf_text(original)


def test_fonts_are_embedded(make_data: Callable[..., ReceiptData], signing_key: SigningKey) -> None:
    pdf, _ = render_receipt(make_data(), signing_key)
    reader = PdfReader(io.BytesIO(pdf))
    fonts = [
        f.get_object()
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()  # type: ignore[index]
    ]
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"]
        assert "/FontFile2" in descriptor  # TrueType program embedded


@pytest.mark.parametrize(
    ("surname", "given_names", "printed"),
    [
        ("Иванова", "Екатерина Сергеевна", "ИВАНОВА Екатерина Сергеевна"),
        ("Παπαδοπούλου", "Ελένη", "ΠΑΠΑΔΟΠΟΎΛΟΥ Ελένη"),
        ("Nguyễn", "Thị Hồng Ngọc", "NGUYỄN Thị Hồng Ngọc"),
        ("Łukasiewicz-Şahin", "Ðorđe Ærøskøbing", "ŁUKASIEWICZ-ŞAHIN Ðorđe Ærøskøbing"),
        ("Հովհաննիսյան", "Անի", "ՀՈՎՀԱՆՆԻՍՅԱՆ Անի"),
        ("ბერიძე", "ნინო", "ბერიძე ნინო"),  # Georgian has no capitals in use
    ],
)
def test_names_in_other_scripts_print_and_extract(
    surname: str,
    given_names: str,
    printed: str,
    make_data: Callable[..., ReceiptData],
    signing_key: SigningKey,
) -> None:
    pdf, _ = render_receipt(make_data(surname=surname, given_names=given_names), signing_key)
    assert compact_text(printed) in pdf_text(pdf)
    for name, codes in _used_codes(pdf).items():  # no character fell back to .notdef
        assert 0 not in codes, name


def _used_codes(pdf: bytes) -> dict[str, set[int]]:
    """Character codes each embedded font subset maps to Unicode (its ToUnicode)."""
    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, set[int]] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():  # type: ignore[index]
            font = font.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode()
            pairs = re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
            found[str(font["/BaseFont"])] = {int(u, 16) for _, u in pairs if int(u, 16) > 0}
    return found


def test_receipt_texts_need_one_font_subset(
    make_data: Callable[..., ReceiptData], signing_key: SigningKey
) -> None:
    """Every character of the receipt texts (all languages) is in the first font subset,
    which every receipt shares (desk.receipts.fonts.CORE): a receipt with a Latin-1
    name embeds exactly one subset, in each kind and language."""
    used = "".join(_strings(all_texts()))
    assert set(used) - set(CORE) == set()
    for kind in K:
        for lang in languages():
            pdf, _ = render_receipt(
                make_data(kind, surname="Lefèvre", given_names="Zoé", lang=lang), signing_key
            )
            assert len(_used_codes(pdf)) == 1, (kind, lang)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_embedded_font_is_renamed() -> None:
    """The DejaVu (Bitstream Vera) licence allows a modified font only under another
    name; the licence travels with it (scripts/make-receipt-font.py)."""
    font = TTFontFile(str(resource_path("fonts", FONT_FILE)))
    names = f"{font.familyName.decode()} {font.name.decode()}"
    assert names == "Guichet Sans GuichetSans"
    assert not any(word in names for word in ("Bitstream", "Vera", "Arev", "DejaVu"))
    licence = resource_path("fonts", "LICENSE-GuichetSans.txt").read_text()
    assert "Bitstream Vera Fonts Copyright" in licence
    assert "Arev Fonts Copyright" in licence
