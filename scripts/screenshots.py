"""Render the main screens of the counter window into docs/screenshots/*.png.

    .venv/bin/python scripts/screenshots.py            # offscreen, or under Xvfb:
    xvfb-run -a .venv/bin/python scripts/screenshots.py

Seeds a demo home with ``desk demo`` (in build/, never in /tmp), logs the demo agent
in through the real authentication, and grabs: the main window's log-in page, the window with
today's dossiers, a dossier with its pieces checklist, the form showing an inline
error, and the sync panel after a real sync with a real ``hq serve`` (SQLite, the demo
set-up) on loopback: items acknowledged, some waiting, one HQ refused. Keep these
pictures current when the window changes (DESIGN.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
HOME = ROOT / "build" / "screenshots-home"
SIZE = (1366, 800)  # a common counter screen

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(ROOT))


def seed_demo() -> dict[str, str]:
    if HOME.exists():
        shutil.rmtree(HOME)
    HOME.parent.mkdir(parents=True, exist_ok=True)
    desk = [sys.executable, "-c", "import sys; from ui.entry import main; sys.exit(main())"]
    subprocess.run([*desk, "--home", str(HOME), "demo", "--dossiers", "60"], check=True)
    lines = (HOME / "demo-credentials.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if "\t" in line)


def settle(app: object, ms: int = 150) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from ui.worker import wait_all

    wait_all()
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def start_hq() -> tuple[subprocess.Popen[bytes], str, str]:
    """``hq serve`` on SQLite in build/ (the demo set-up), on a free loopback port."""
    import socket
    import time

    import httpx

    base = ROOT / "build" / "screenshots-hq"
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    db = f"sqlite:///{base / 'hq.sqlite3'}"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    hq = [sys.executable, "-m", "hq.cli"]
    log = (base / "hq.log").open("ab")
    proc = subprocess.Popen(
        [*hq, "serve", "--db", db, "--port", str(port), "--blobs", str(base / "blobs")],
        cwd=ROOT,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                return proc, url, db
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("hq serve did not start")


def sync_panel(app: object, counter: object, window: object) -> None:
    """Enrol the demo counter at a real HQ, sync, leave a few items waiting and one
    refused by HQ, and grab the sync panel."""
    from desk.services import dossiers as dossier_service
    from desk.services.common import SYSTEM
    from desk.services.sync import run_sync
    from desk.sync.enrol import enrol

    proc, url, db = start_hq()
    try:
        cfg = counter.config  # type: ignore[attr-defined]
        token = subprocess.run(
            [sys.executable, "-m", "hq.cli", "counters", "add", "--db", db,
             "--prefecture", cfg.prefecture, "--counter", str(cfg.counter)],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        enrol(counter, url, token)
        sys.path.insert(0, str(ROOT / "tests" / "hq"))
        from hq_servers import add_foreign_dossier

        add_foreign_dossier(counter)  # numbered in another prefecture: HQ refuses it
        run_sync(counter)
        summary = dossier_service.todays_dossiers(counter)[0]
        person = dossier_service.get_dossier(counter, summary.number).applicant
        dossier_service.open_dossier(counter, SYSTEM, person.id, "duplicata")  # waiting
        window.sync.refresh_status()  # type: ignore[attr-defined]
        dialog = window.sync.show_panel()  # type: ignore[attr-defined]
        dialog.resize(*SIZE)
        settle(app, 300)
        dialog.grab().save(str(OUT / "sync-panel.png"))
        dialog.close()
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> int:
    creds = seed_demo()
    from desk.app import open_counter
    from desk.peek import CounterIdentity
    from desk.services import agents, dossiers
    from ui.app import application
    from ui.login import LoginPage
    from ui.main_window import MainWindow

    app = application()
    OUT.mkdir(parents=True, exist_ok=True)
    counter = open_counter(HOME)
    try:
        start = MainWindow(counter)
        start.resize(*SIZE)
        login = LoginPage(CounterIdentity.of(counter.config), "l.bernard")
        login.set_counter(counter, [a.login for a in agents.list_agents(counter)])
        start.show_page(login)
        start.attach_sync(counter)  # as ui.session does once the counter is open
        start.show()
        settle(app)
        start.grab().save(str(OUT / "login.png"))
        start.close()
        start.deleteLater()

        actor = agents.authenticate(counter, "l.bernard", creds["l.bernard"])
        window = MainWindow(counter, actor)
        window.resize(*SIZE)
        window.show()
        settle(app, 300)
        window.grab().save(str(OUT / "main-window.png"))

        # a dossier with some pieces captured and some still to provide
        summaries = dossiers.todays_dossiers(counter)
        chosen = next(
            s
            for s in summaries
            if 0 < sum(p.pages != () for p in dossiers.get_dossier(counter, s.number).pieces) < 4
        )
        window.open_dossier(chosen.number)
        settle(app)
        window.grab().save(str(OUT / "dossier.png"))

        window.new_dossier()
        form = window.dossier_view.form
        for name, value in {
            "surname": "Traoré",
            "given_names": "Awa Mariam",
            "birth_date": "14/02/1995",
            "nationality": "MLI",
            "numero_etranger": "12345",
            "postal_code": "75019",
        }.items():
            form.fields[name].setText(value)
        window.dossier_view.save_button.click()
        settle(app)
        window.grab().save(str(OUT / "new-dossier-invalid.png"))
        window.clear()
        sync_panel(app, counter, window)
        window.clear()
        window.close()
        settle(app)
    finally:
        counter.close()
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
