"""Start-up of the counter window (issue 2, benchmark a).

Process start -> main window first painted, with 10,000 dossiers stored, as a ratio
to a bare PySide6 window (QApplication + QMainWindow + a label) measured in the same
run. Both run offscreen, alternately, several times; medians are compared.
Target: <= 1.5x.

The window is reached the way an agent reaches it: ``desk gui --login L
--password-stdin`` (real argon2 authentication, the same path as the dialog), with
GUICHET_STARTUP_PROBE=1 so that the window prints when it is first painted and when
today's list is filled, then quits. The data home (10,000 dossiers over about two
months, ~160 of them today) is built once under bench/out/ with the same row
encoding as the services (bench_search.build) and reused.

    python -m bench startup
    GUICHET_BENCH_REPEAT=11 python -m bench startup
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
HOME = OUT / "startup-home"
N = 10_000
REPEAT = int(os.environ.get("GUICHET_BENCH_REPEAT", "7"))
LOGIN = "bench.agent"

BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Probe(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            sys.stdout.write(f"GUICHET_SHOWN {time.time():.6f}\\n")
            sys.stdout.flush()
            obj.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False

app = QApplication(sys.argv[:1])
w = QMainWindow()
w.setCentralWidget(QLabel("Guichet"))
probe = Probe()
w.installEventFilter(probe)
w.resize(1280, 800)
w.show()
app.exec()
"""

DESK = "import sys; from ui.entry import main; sys.exit(main())"


def build() -> str:
    """The cached data home and the bench agent's password."""
    password_file = HOME / "bench-password"
    if password_file.exists():
        return password_file.read_text(encoding="utf-8").strip()
    from bench.bench_search import build as build_dossiers
    from desk.domain.entities import Role
    from desk.services import agents

    counter = build_dossiers(HOME, N)
    try:
        password = secrets.token_urlsafe(12)
        agents.create_agent(counter, LOGIN, "Agent de mesure", Role.AGENT, password)
    finally:
        counter.close()
    # spread the dossiers over ~2 months, newest last: ~160 were touched today, as on
    # a busy counter (bench_search stamps them one minute apart)
    con = sqlite3.connect(HOME / "guichet.sqlite3")
    con.execute(
        "UPDATE dossiers SET updated_at ="
        " datetime(updated_at, printf('-%d minutes', (? - id) * 8))",
        (N,),
    )
    con.commit()
    con.close()
    password_file.write_text(password, encoding="utf-8")
    password_file.chmod(0o600)
    return password


def _run(args: list[str], env: dict[str, str], stdin: str = "") -> dict[str, float]:
    start = time.time()
    result = subprocess.run(
        args, input=stdin, capture_output=True, text=True, env=env, timeout=120, check=False
    )
    marks = {}
    for line in result.stdout.splitlines():
        tag, _, value = line.partition(" ")
        if tag.startswith("GUICHET_"):
            marks[tag] = float(value) - start
    if not marks:
        raise RuntimeError(f"no window shown (exit {result.returncode}): {result.stderr[-800:]}")
    return marks


def _auth_seconds(password: str) -> float:
    from desk.app import open_counter
    from desk.services import agents

    counter = open_counter(HOME)
    try:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            agents.authenticate(counter, LOGIN, password)
            times.append(time.perf_counter() - t)
        return statistics.median(times)
    finally:
        counter.close()


def main() -> None:
    password = build()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GUICHET_STARTUP_PROBE": "1"}
    bare_env = {k: v for k, v in env.items() if k != "GUICHET_STARTUP_PROBE"}
    app_args = [sys.executable, "-c", DESK, "--home", str(HOME), "gui", "--login", LOGIN]
    app_args.append("--password-stdin")
    login_args = [sys.executable, "-c", DESK, "--home", str(HOME), "gui", "--login", LOGIN]
    bare, shown, listed, login = [], [], [], []
    _run([sys.executable, "-c", BARE], bare_env)  # warm the file cache once
    for _ in range(REPEAT):
        bare.append(_run([sys.executable, "-c", BARE], bare_env)["GUICHET_SHOWN"])
        marks = _run(app_args, env, password + "\n")
        shown.append(marks["GUICHET_SHOWN"])
        listed.append(marks.get("GUICHET_LISTED", float("nan")))
        login.append(_run(login_args, env)["GUICHET_LOGIN_SHOWN"])
    auth = _auth_seconds(password)
    b, s, li, lo = (statistics.median(x) for x in (bare, shown, listed, login))
    print(f"dossiers stored: {N:,}; repetitions: {REPEAT}; offscreen")
    print(f"bare PySide6 window      median {b * 1000:7.0f} ms")
    print(
        f"Guichet main window      median {s * 1000:7.0f} ms   ratio {s / b:.2f}x (target <= 1.5x)"
    )
    print(
        f"  of which argon2 log-in median {auth * 1000:7.0f} ms   without it {(s - auth) / b:.2f}x"
    )
    print(f"today's list filled      median {li * 1000:7.0f} ms   ratio {li / b:.2f}x")
    print(f"login dialog shown       median {lo * 1000:7.0f} ms   ratio {lo / b:.2f}x")


if __name__ == "__main__":
    main()
