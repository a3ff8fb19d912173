"""Start-up of the counter window (issue 2, benchmark a).

Two measures, each as a ratio to a bare PySide6 window (QApplication + QMainWindow +
a label, first paint) measured in the same run, with 10,000 dossiers stored:

- **window painted**: process start -> the counter's main window first painted, its
  log-in page inside and the counter's identity in the status bar — what an agent
  sees first. Target: <= 1.5x. The same run also notes when "Se connecter" is
  enabled (the counter opened in the background).
- **today's list filled**: process start -> today's dossiers shown after a real
  argon2 log-in, ``desk gui --login L --password-stdin`` (the log-in page's path).

Every run is a fresh process (``desk gui`` as agents start it, the data home found
in the platform's user data folder, the project's modules byte-compiled as an
installed counter has them: the package and the frozen bundle ship .pyc, while a
development checkout with PYTHONDONTWRITEBYTECODE=1 recompiles ~50 modules from
source at every start), offscreen, bare and
Guichet runs alternated, medians compared. GUICHET_STARTUP_PROBE=1 makes the window
print its marks (ui/app.py) and quit after the last one. The data home (10,000
dossiers 8 minutes apart over about two months up to the build: as many "today" as
8-minute steps since midnight, at most 180) is built once under bench/out/
with the same row encoding as the services (bench_search.build) and reused.

    python -m bench startup
    GUICHET_BENCH_REPEAT=11 python -m bench startup
"""

from __future__ import annotations

import compileall
import os
import secrets
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
#: the counter's data home where an installed counter has it — the platform's user
#: data folder (platformdirs, here $XDG_DATA_HOME/Guichet): no --home, no DESK_HOME
XDG_DATA_HOME = OUT / "startup-xdg"
HOME = XDG_DATA_HOME / "Guichet"
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
            sys.stdout.write(f"GUICHET_SHOWN {time.time():.6f} {time.process_time():.6f}\\n")
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
    # spread the dossiers over ~2 months, newest last, 8 minutes apart: up to 180
    # touched today, as on a busy counter (bench_search stamps them a minute apart)
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
        tag, *values = line.split()
        if tag.startswith("GUICHET_"):
            marks[tag] = float(values[0]) - start
            marks[f"{tag} cpu"] = float(values[1])
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


def _ratio_line(name: str, value: float, bare: float, note: str = "") -> str:
    return f"{name:<34} median {value * 1000:7.0f} ms   ratio {value / bare:5.2f}x{note}"


def _byte_compile() -> None:
    """The .pyc an installed counter has (pip and PyInstaller write them)."""
    root = Path(__file__).resolve().parent.parent
    for package in ("desk", "ui"):
        compileall.compile_dir(root / package, quiet=1)


def main() -> None:
    password = build()
    _byte_compile()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GUICHET_STARTUP_PROBE": "1"}
    env.pop("DESK_HOME", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["XDG_DATA_HOME"] = str(XDG_DATA_HOME)
    bare_env = {k: v for k, v in env.items() if k != "GUICHET_STARTUP_PROBE"}
    gui = [sys.executable, "-c", DESK, "gui", "--login", LOGIN]
    marks: dict[str, list[float]] = {}
    _run([sys.executable, "-c", BARE], bare_env)  # warm the file cache once
    for _ in range(REPEAT):
        for tag, value in _run([sys.executable, "-c", BARE], bare_env).items():
            marks.setdefault(f"bare {tag}", []).append(value)
        for tag, value in _run(gui, env).items():  # no password: what the agent sees
            marks.setdefault(f"page {tag}", []).append(value)
        for tag, value in _run([*gui, "--password-stdin"], env, password + "\n").items():
            marks.setdefault(f"stdin {tag}", []).append(value)
    auth = _auth_seconds(password)
    med = {k: statistics.median(v) for k, v in marks.items()}
    b = med["bare GUICHET_SHOWN"]
    print(f"dossiers stored: {N:,}; repetitions: {REPEAT}; offscreen")
    print(f"{'bare PySide6 window':<34} median {b * 1000:7.0f} ms")
    print(_ratio_line("main window painted (log-in page)", med["page GUICHET_SHOWN"], b))
    cpu, bare_cpu = med["page GUICHET_SHOWN cpu"], med["bare GUICHET_SHOWN cpu"]
    print(
        _ratio_line("  CPU time to that paint", cpu, bare_cpu, f" (bare {bare_cpu * 1000:.0f} ms)")
    )
    print(_ratio_line("  'Se connecter' enabled", med["page GUICHET_READY"], b))
    print(_ratio_line("with --password-stdin: painted", med["stdin GUICHET_SHOWN"], b))
    print(_ratio_line("  logged in (argon2 done)", med["stdin GUICHET_LOGGED_IN"], b))
    print(_ratio_line("  today's list filled", med["stdin GUICHET_LISTED"], b))
    print(f"{'argon2 log-in check (in process)':<34} median {auth * 1000:7.0f} ms")
    target = med["page GUICHET_SHOWN"] / b
    print(f"target: main window painted <= 1.5x: {'met' if target <= 1.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
