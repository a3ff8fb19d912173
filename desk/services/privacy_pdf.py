"""The droit d'accès export as a readable PDF (reportlab), from
:func:`desk.services.privacy.collect`'s data. Wording: desk.messages.PRIVACY_TEXT."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desk.messages import PRIVACY_TEXT as T
from desk.messages import field_label


def _p(text: object, style: Any) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.25, "#929292"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def render_pdf(data: dict[str, Any], path: Path) -> None:
    styles = getSampleStyleSheet()
    body, small, h1, h2 = (
        styles["BodyText"],
        styles["BodyText"],
        styles["Title"],
        styles["Heading2"],
    )
    story: list[Any] = [_p(T["title"], h1), _p(T["intro"], body), Spacer(1, 4 * mm)]
    c = data["counter"]
    story.append(_p(f"{T['site']} : {c['site']} ({c['prefecture']}-{c['counter']:02d})", body))
    story.append(_p(f"{T['exported_at']} {data['exported_at'][:19].replace('T', ' ')} UTC", body))
    story += [_p(T["identity"], h2)]
    story.append(
        _table(
            [[_p(field_label(k), small), _p(v, small)] for k, v in data["applicant"].items()],
            [50 * mm, 120 * mm],
        )
    )
    for d in data["dossiers"]:
        story += [_p(f"{T['dossier']} {d['number']}", h2)]
        story.append(
            _p(
                f"{T['procedure']} : {d['procedure']} — {T['status']} : {d['status']} — "
                f"{T['created_at']} {d['created_at'][:10]}",
                body,
            )
        )
        rows = [
            [
                _p(p["label"], small),
                _p(p["status"], small),
                _p(
                    f"{len(p['pages'])} {T['pages']}"
                    + (f" — {T['note']} : {p['note']}" if p["note"] else ""),
                    small,
                ),
            ]
            for p in d["pieces"]
        ]
        story += [_p(T["pieces"], styles["Heading3"]), _table(rows, [80 * mm, 30 * mm, 60 * mm])]
        rows = [
            [
                _p(h["at"][:19].replace("T", " "), small),
                _p(h["agent"], small),
                _p(h["action"], small),
                _p(
                    json.dumps(
                        {k: v for k, v in h.items() if k not in ("at", "agent", "action")},
                        ensure_ascii=False,
                    ),
                    small,
                ),
            ]
            for h in d["history"]
        ]
        if rows:
            story += [
                _p(T["history"], styles["Heading3"]),
                _table(rows, [32 * mm, 25 * mm, 40 * mm, 73 * mm]),
            ]
    if data["related"]:
        story += [_p(T["related"], h2)]
        for name, rows in data["related"].items():
            for row in rows:
                story.append(_p(f"{name} : {json.dumps(row, ensure_ascii=False)}", small))
    story += [_p(T["accesses"], h2)]
    rows = [
        [_p(a["at"][:19].replace("T", " "), small), _p(a["agent"], small), _p(a["action"], small)]
        for a in data["accesses"]
    ]
    story.append(_table(rows, [40 * mm, 50 * mm, 80 * mm]) if rows else _p(T["none"], body))
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=T["title"],
        invariant=1,
    )
    doc.build(story)
