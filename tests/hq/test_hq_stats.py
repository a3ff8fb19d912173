"""HQ statistics per prefecture and day: dashboard, CSV export, ``hq stats --json``."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from hq_servers import ROOT, HQProcess, hq_command, issue_token, make_counter, seed_small
from sqlalchemy import select

from desk.services.common import enqueue
from desk.store.db import transaction
from desk.store.models import DossierRow, FilingRow, VisitRow
from desk.sync import client, wire
from desk.sync.enrol import enrol

pytestmark = pytest.mark.postgres


def test_statistics_of_a_prefecture(shared_hq: HQProcess, tmp_path: Path) -> None:
    counter = make_counter(tmp_path / "c", "13", 1)
    try:
        enrol(counter, shared_hq.url, issue_token(shared_hq.db, "13", 1))
        seed_small(counter, dossiers=3, pages=0)
        now = datetime.now(UTC)
        with transaction(counter.sessions) as s:
            ids = list(s.scalars(select(DossierRow.id).order_by(DossierRow.id)))
            for dossier_id, kind in zip(ids, ("online", "substitution", "incomplete"), strict=True):
                f = FilingRow(dossier_id=dossier_id, kind=kind, at=now, detail={})
                s.add(f)
                s.flush()
                enqueue(s, "filing", f.uid)
            for minutes, dossier_id in ((12, ids[0]), (20, ids[1])):
                v = VisitRow(
                    started_at=now - timedelta(minutes=minutes), ended_at=now, dossier_id=dossier_id
                )
                s.add(v)
                s.flush()
                enqueue(s, "visit", v.uid)
        report = client.run(counter)
        assert report.pending == 0 and report.needs_action == 0
        # substitution deposits carry their reason in their own record
        with counter.sessions() as s:
            dossier_uid = s.scalar(select(DossierRow.uid).where(DossierRow.id == ids[1]))
        subs = [
            wire.Record(
                "substitution",
                f"{i:032x}",
                "upsert",
                1,
                {"dossier_uid": dossier_uid, "reason": code, "received_on": now.date().isoformat()},
            )
            for i, code in enumerate(("blocked-account", "technical-error"), start=1)
        ]
        with client.client_for(counter) as hq:
            _, answer = hq.call(
                "POST",
                f"{wire.API}/records",
                payload={
                    "idempotency_key": wire.batch_key(1, subs),
                    "prefecture": "013",
                    "records": [r.to_json() for r in subs],
                },
            )
        assert {r["outcome"] for r in answer["results"]} == {"acked"}
    finally:
        counter.close()

    rows = httpx.get(f"{shared_hq.url}/stats.json", params={"prefecture": "013"}).json()
    assert rows == [
        {
            "prefecture": "013",
            "day": now.date().isoformat(),
            "dossiers": 3,
            "online": 1,
            "substitution": 1,
            "incomplete": 1,
            "substitution_reasons": {"blocked-account": 1, "technical-error": 1},
            "visits": 2,
            "visit_minutes_total": 32.0,
            "visit_minutes_avg": 16.0,
        }
    ]
    page = httpx.get(f"{shared_hq.url}/dashboard")
    assert page.status_code == 200 and "<svg" in page.text and "Préfecture 013" in page.text
    # self-contained: no script, no external stylesheet, image or font (no CDN)
    assert not any(t in page.text for t in ("<script", "<link", "src=", "url("))
    csv = httpx.get(f"{shared_hq.url}/stats.csv", params={"prefecture": "013"}).text.splitlines()
    assert csv[0].startswith("prefecture,day,dossiers,online,substitution,incomplete")
    assert csv[1].startswith(f"013,{now.date().isoformat()},3,1,1,1,2,16.0,")
    cli = subprocess.run(
        hq_command("stats", "--db", shared_hq.db, "--json"),
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert [r for r in json.loads(cli.stdout) if r["prefecture"] == "013"] == rows
