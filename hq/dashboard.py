"""The statistics dashboard served by HQ: plain HTML with inline SVG charts (no
script, no CDN), a CSV export and the same figures as JSON.

Aggregates only (counts and durations per prefecture and day): no personal data.
Expose it on HQ's internal network.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session, sessionmaker

from hq.stats import compute, to_csv

SERIES = (  # key, label, colour (DSFR blue family and greys; red is for errors only)
    ("online", "Dépôts en ligne (ANEF)", "#000091"),
    ("substitution", "Dépôts de substitution", "#6A6AF4"),
    ("incomplete", "Dossiers incomplets", "#929292"),
)
REASONS = {
    "blocked-account": "Compte ANEF bloqué",
    "procedure-not-offered": "Démarche non proposée en ligne",
    "technical-error": "Erreur technique",
    "no-email": "Pas d'adresse électronique",
    "other": "Autre",
    "unspecified": "Non précisé",
}


def install(app: FastAPI, sessions: sessionmaker[Session]) -> None:
    @app.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(prefecture: str | None = Query(None, max_length=3)) -> HTMLResponse:
        return HTMLResponse(render(compute(sessions, prefecture)))

    @app.get("/stats.csv", include_in_schema=False)
    def stats_csv(prefecture: str | None = Query(None, max_length=3)) -> Response:
        return Response(
            to_csv(compute(sessions, prefecture)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="guichet-stats.csv"'},
        )

    @app.get("/stats.json", include_in_schema=False)
    def stats_json(prefecture: str | None = Query(None, max_length=3)) -> JSONResponse:
        return JSONResponse(compute(sessions, prefecture))


def _bars(rows: list[dict[str, Any]], width: int = 720, height: int = 220) -> str:
    """Stacked bars per day: online / substitution / incomplete."""
    if not rows:
        return ""
    top = max(1, *(sum(r[k] for k, _, _ in SERIES) for r in rows))
    n = len(rows)
    pad_l, pad_b = 36, 28
    slot = (width - pad_l) / n
    bar = max(2.0, slot * 0.7)
    parts = [
        f'<svg role="img" aria-label="Dépôts par jour" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width}" y2="{height - pad_b}" '
        'stroke="#3A3A3A"/>',
        f'<text x="2" y="12" font-size="11">{top}</text>',
        f'<text x="2" y="{height - pad_b}" font-size="11">0</text>',
    ]
    scale = (height - pad_b - 10) / top
    for i, r in enumerate(rows):
        x = pad_l + i * slot + (slot - bar) / 2
        y = height - pad_b
        for key, label, colour in SERIES:
            h = r[key] * scale
            if h:
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{colour}"><title>{escape(r["day"])} — {escape(label)} : '
                    f"{r[key]}</title></rect>"
                )
        if n <= 31 or i % max(1, n // 15) == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 10}" font-size="10">{escape(r["day"][5:])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _legend() -> str:
    return " ".join(
        f'<span class="key"><span class="swatch" style="background:{c}"></span>{escape(lbl)}</span>'
        for _, lbl, c in SERIES
    )


def render(rows: list[dict[str, Any]]) -> str:
    by_pref: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_pref[r["prefecture"]].append(r)
    sections = []
    for pref, days in sorted(by_pref.items()):
        days = days[-60:]
        totals = {
            k: sum(d[k] for d in days) for k in ("dossiers", "visits", *(s[0] for s in SERIES))
        }
        reasons: dict[str, int] = defaultdict(int)
        for d in days:
            for code, count in d["substitution_reasons"].items():
                reasons[code] += count
        minutes = [d["visit_minutes_avg"] for d in days if d["visit_minutes_avg"] is not None]
        avg = f"{sum(minutes) / len(minutes):.1f} min" if minutes else "—"
        reason_rows = (
            "".join(
                f"<tr><td>{escape(REASONS.get(code, code))}</td><td>{n}</td></tr>"
                for code, n in sorted(reasons.items(), key=lambda kv: -kv[1])
            )
            or '<tr><td colspan="2">Aucun dépôt de substitution</td></tr>'
        )
        day_rows = "".join(
            f"<tr><td>{escape(d['day'])}</td><td>{d['dossiers']}</td><td>{d['online']}</td>"
            f"<td>{d['substitution']}</td><td>{d['incomplete']}</td><td>{d['visits']}</td>"
            f"<td>{'' if d['visit_minutes_avg'] is None else d['visit_minutes_avg']}</td></tr>"
            for d in reversed(days)
        )
        sections.append(
            f"""<section aria-labelledby="p{escape(pref)}">
<h2 id="p{escape(pref)}">Préfecture {escape(pref)}</h2>
<p>{totals["dossiers"]} dossiers ouverts · {totals["online"]} dépôts en ligne ·
{totals["substitution"]} dépôts de substitution · {totals["incomplete"]} incomplets ·
{totals["visits"]} passages au guichet (durée moyenne : {avg})</p>
<p>{_legend()}</p>
{_bars(days)}
<h3>Motifs de substitution</h3>
<table><tr><th>Motif</th><th>Dépôts</th></tr>{reason_rows}</table>
<h3>Par jour</h3>
<table><tr><th>Jour</th><th>Dossiers</th><th>En ligne</th><th>Substitution</th>
<th>Incomplets</th><th>Passages</th><th>Durée moyenne (min)</th></tr>{day_rows}</table>
</section>"""
        )
    body = "".join(sections) or "<p>Aucune donnée reçue des guichets pour l'instant.</p>"
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>Guichet — statistiques nationales</title>
<style>
body{{font-family:Marianne,Arial,sans-serif;font-size:16px;color:#161616;margin:2rem;max-width:60rem}}
h1{{color:#000091}} table{{border-collapse:collapse;margin:.5rem 0 1.5rem}}
td,th{{border:1px solid #DDD;padding:.25rem .6rem;text-align:right}} th{{background:#F6F6F6}}
td:first-child,th:first-child{{text-align:left}}
.key{{margin-right:1rem}}
.swatch{{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:middle}}
a:focus{{outline:3px solid #000091}}
</style></head><body>
<h1>L'accompagnement au guichet fonctionne-t-il ?</h1>
<p>Par préfecture et par jour : dossiers ouverts, dépôts en ligne, dépôts de substitution
(arrêté du 1<sup>er</sup> août 2023) et dossiers incomplets, motifs de substitution,
temps passé au guichet. <a href="/stats.csv">Télécharger en CSV</a> ·
<a href="/stats.json">JSON</a></p>
{body}
</body></html>"""
