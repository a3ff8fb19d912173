"""desk.filing.assisted: the plan, the upload folder, the downloads watcher with a
real attestation-like PDF (reportlab), the filing and the wipe."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk.app import Counter
from desk.domain.dossier import DossierStatus
from desk.errors import Refused
from desk.filing.assisted import STEPS, AssistedFiling, DownloadsWatcher
from desk.filing.pdf import PageData, assemble
from desk.services.dossiers import add_piece_from_files, get_dossier
from tests.desk.filing.helpers import (
    AGENT,
    attestation_pdf,
    capture,
    new_dossier,
    pdf_bytes,
    png_bytes,
)


def test_plan_lists_steps_uploads_and_missing(counter: Counter, tmp_path: Path) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p", skip=("ressources",))
    s = AssistedFiling(counter, AGENT, number, tmp_path / "downloads")
    assert s.plan.steps == STEPS
    assert s.plan.url.startswith("https://administration-etrangers-en-france")
    assert [u.filename for u in s.plan.uploads][:3] == [
        "passeport.pdf",
        "etat_civil.pdf",
        "photo.pdf",
    ]
    assert s.plan.missing == (
        ("ressources", "Justificatif de ressources (au moins 615 € par mois)"),
    )


def test_upload_folder_is_private_in_the_data_home(counter: Counter, tmp_path: Path) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p", skip=("ressources",))
    f = tmp_path / "acte.pdf"
    f.write_bytes(pdf_bytes("Acte de naissance", "page 1"))
    add_piece_from_files(counter, AGENT, number, "acte-naissance", [f])
    s = AssistedFiling(counter, AGENT, number, tmp_path / "downloads")
    folder = s.prepare()
    assert folder.parent == counter.home.tmp
    assert (folder.stat().st_mode & 0o777) == 0o700
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(u.filename for u in s.plan.uploads)
    assert "ressources.pdf" not in names
    acte = PdfReader(folder / "etat_civil.pdf")
    assert len(acte.pages) == 2  # the PNG page and the imported PDF page
    assert "Acte de naissance" in (acte.pages[1].extract_text() or "")
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in folder.iterdir())
    assert not any(pf.too_large for pf in s.files)
    assert s.wipe() == len(names)
    assert not folder.exists()


def test_assemble_images_and_rotation() -> None:
    pdf = assemble([PageData(png_bytes(size=(100, 50)), "image/png", rotation=90)])
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.height) > float(box.width)


def test_watcher_ignores_old_and_partial_files(tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / "old.pdf").write_bytes(pdf_bytes("old"))
    w = DownloadsWatcher(downloads)
    assert w.poll() == []
    (downloads / "attestation.pdf.part").write_bytes(b"%PDF-1.4 partial")
    assert w.poll() == []
    assert w.poll() == []
    (downloads / "attestation.pdf.part").rename(downloads / "attestation.pdf")
    assert w.poll() == []  # size seen once: maybe still being written
    assert w.poll() == [downloads / "attestation.pdf"]
    assert w.poll() == []  # reported once


def test_whole_assisted_filing_with_the_downloaded_attestation(
    counter: Counter, tmp_path: Path
) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    mine = downloads / "photo-vacances.jpg"  # the workstation user's own earlier download
    mine.write_bytes(b"\xff\xd8\xff old")
    s = AssistedFiling(counter, AGENT, number, downloads)
    folder = s.prepare()
    assert s.wait_for_attestation(timeout=0.05, interval=0.01) is None
    att = downloads / "attestation_depot.pdf"
    att.write_bytes(attestation_pdf("75-2026-0012345", "TRAORE", "Aminata"))
    found = s.wait_for_attestation(timeout=5, interval=0.01)
    assert found == att
    check = s.check(found)
    assert check.ok
    assert check.anef_number == "75-2026-0012345"
    out = s.finish(None, found)
    assert out.status == DossierStatus.FILED_ONLINE
    assert out.anef_number == "75-2026-0012345"
    assert not folder.exists()
    assert not att.exists()
    assert mine.exists()
    assert get_dossier(counter, number).status == DossierStatus.FILED_ONLINE


def test_attestation_of_another_applicant_is_shown_and_refused(
    counter: Counter, tmp_path: Path
) -> None:
    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    s = AssistedFiling(counter, AGENT, number, downloads)
    s.prepare()
    att = downloads / "attestation.pdf"
    att.write_bytes(attestation_pdf("75-2026-0012345", "BENALI", "Mohamed"))
    found = s.wait_for_attestation(timeout=5, interval=0.01)
    assert found is not None
    assert s.check(found).mismatches == ("attestation_name_mismatch",)
    with pytest.raises(Refused):
        s.finish("75-2026-0012345", found)
    assert get_dossier(counter, number).status == DossierStatus.READY
    s.wipe()
    assert not att.exists()


def test_wipe_overwrites_before_deleting(
    counter: Counter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk.security import hygiene

    number = new_dossier(counter)
    capture(counter, number, tmp_path / "p", skip=("ressources",))
    s = AssistedFiling(counter, AGENT, number, tmp_path / "downloads")
    folder = s.prepare()
    overwritten: dict[str, bytes] = {}
    real_unlink = Path.unlink

    def spy(self: Path, missing_ok: bool = False) -> None:
        if self.parent == folder:
            overwritten[self.name] = self.read_bytes()
        real_unlink(self, missing_ok=missing_ok)

    originals = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.setattr(Path, "unlink", spy)
    assert hygiene.wipe_tree(folder) == len(originals)
    assert set(overwritten) == set(originals)
    assert all(overwritten[n] != originals[n] for n in originals)
    assert all(len(overwritten[n]) == len(originals[n]) for n in originals)


def test_no_password_field_anywhere() -> None:
    import dataclasses

    from desk.filing import assisted

    for cls in (assisted.AssistedPlan, assisted.Upload, assisted.AssistedFiling):
        assert not [f.name for f in dataclasses.fields(cls) if "pass" in f.name.lower()]
    assert "keyring" not in Path(assisted.__file__).read_text(encoding="utf-8")
