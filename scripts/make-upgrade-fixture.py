"""Make tests/data/upgrade/: a data home as an older Guichet left it (demo dossiers,
encrypted applicants, page blobs) and expected.json, what it must still hold after
`desk db upgrade` with any later version (tests/desk/test_upgrade.py).

Run once per schema generation that installed counters may still have, from the
version that had it (e.g. `git checkout v0.1.0`), then commit the folder:

    DESK_KEY_PROTECTION=file .venv/bin/python scripts/make-upgrade-fixture.py
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import select

from desk import __version__
from desk.app import open_counter
from desk.cli.core import DEMO_CONFIG
from desk.services import demo
from desk.services.dossiers import get_dossier
from desk.store import db
from desk.store.models import DossierRow

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "upgrade"


def main() -> None:
    revision = db.head_revision()
    home = OUT / f"home-{revision}"
    shutil.rmtree(home, ignore_errors=True)
    counter = open_counter(home, DEMO_CONFIG)
    try:
        demo.ensure_demo_agents(counter)
        demo.seed(counter, 4, seed_value=7)
        dossiers = []
        with counter.sessions() as session:
            numbers = list(session.scalars(select(DossierRow.number).order_by(DossierRow.id)))
        for number in numbers:
            d = get_dossier(counter, number)
            dossiers.append(
                {
                    "number": d.number,
                    "status": d.status.value,
                    "surname": d.applicant.surname,
                    "given_names": d.applicant.given_names,
                    "birth_date": d.applicant.birth_date.isoformat(),
                    "pages": [pg.blob for p in d.pieces for pg in p.pages],
                }
            )
    finally:
        counter.close()
    # one self-contained file: fold the write-ahead log into the database
    with sqlite3.connect(home / "guichet.sqlite3") as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    for leftover in ("tmp", "logs"):
        shutil.rmtree(home / leftover, ignore_errors=True)
    (home / "demo-credentials.txt").unlink(missing_ok=True)
    expected = {"version": __version__, "revision": revision, "dossiers": dossiers}
    (home / "expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
    print(f"{home}: {len(dossiers)} dossiers at revision {revision}")


if __name__ == "__main__":
    main()
