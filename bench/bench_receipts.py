"""Receipt generation (issue 6): an accusé de réception with its vector Code128, its
signed QR code and the Ed25519 signature, as a ratio to a bare reportlab A4 page
carrying reportlab's own Code128 and the receipt's lines of text (as a PDF reader
extracts them) in Helvetica, timed in the same run (interleaved, medians of CPU time).
Target: <= 2x. Also timed: the same bare page in the receipts' embedded font.

    python -m bench receipts
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk.domain.entities import Site
from desk.receipts import codes
from desk.receipts.data import ReceiptData, ReceiptKind
from desk.receipts.keys import load_or_create_signing_key
from desk.receipts.layout import REGULAR
from desk.receipts.payload import compact_text
from desk.receipts.render import render_receipt

SITE = Site(
    "075",
    "75",
    "Préfecture de police — Centre de réception des étrangers, Cité",
    1,
    "1 bis rue de Lutèce, 75004 Paris",
    "01 53 71 51 68",
    "accueil-etrangers@example.gouv.fr",
)
DATA = ReceiptData(
    kind=ReceiptKind.ACCUSE_RECEPTION,
    number="R-075-01-2026-000042-K",
    dossier="075-01-2026-000042-K",
    issued_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
    surname="Nguyễn",
    given_names="Thị Hồng",
    birth_date=date(1995, 5, 6),
    procedure="Renouvellement de la carte de séjour « salarié »",
    site=SITE,
    received_on=date(2026, 11, 27),
    implicit_decision_on=date(2027, 3, 27),
    pieces=("Passeport : pages d'identité", "Justificatif de domicile"),
)


def bare_page(lines: list[str], font: str = "Helvetica") -> bytes:
    """The baseline: text and reportlab's vector Code128 on one A4 page."""
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, initialFontName=font)
    c.setFont(font, 9.5)
    y = A4[1] - 20 * mm
    for line in lines:
        c.drawString(18 * mm, y, line)
        y -= 12
    code128.Code128(DATA.number, barWidth=0.5 * mm, barHeight=12 * mm).drawOn(c, 18 * mm, 20 * mm)
    c.showPage()
    c.save()
    return out.getvalue()


def _once(fn: Callable[[], object]) -> float:
    """CPU time of one call: on a shared 2-core machine wall time mostly measures the
    other processes."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def main(runs: int = 60) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        key = load_or_create_signing_key(Path(tmp), "075-01")
        pdf, _ = render_receipt(DATA, key)  # warm up: fonts registered, imports done
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        lines = [ln for ln in text.splitlines() if compact_text(ln)]
        bare_page(lines)
        bare, embedded, receipt = [], [], []

        def one_receipt() -> None:
            codes.qr_symbol.cache_clear()  # encode the QR code every time
            render_receipt(DATA, key)

        for _ in range(runs):  # interleaved: all see the same machine load
            bare.append(_once(lambda: bare_page(lines)))
            embedded.append(_once(lambda: bare_page(lines, REGULAR)))
            receipt.append(_once(one_receipt))
    b, e, r = (statistics.median(x) for x in (bare, embedded, receipt))
    print(f"bare reportlab page + Code128, Helvetica ({len(lines)} lines): {b * 1000:.1f} ms")
    print(f"same page in Guichet Sans (embedded TrueType):      {e * 1000:.1f} ms")
    print(f"receipt (vector Code128 + signed QR + Ed25519):      {r * 1000:.1f} ms")
    print(f"ratio to the bare page: {r / b:.2f}x (target <= 2x)")
    print(f"ratio to the same page with the embedded font: {r / e:.2f}x")
    return {"bare_ms": b * 1000, "embedded_ms": e * 1000, "receipt_ms": r * 1000, "ratio": r / b}


if __name__ == "__main__":
    main()
