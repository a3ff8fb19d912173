"""The Qt event loop while the capture panel scans (issue 3): target <= 50 ms stall.

A 20-page feeder scan from SANE's test device (tests/data/sane) through the capture
panel, offscreen, the loop run by ``QEventLoop.exec`` as in the window; a 5 ms
``QTimer`` ticks and every gap between two ticks is kept. Three measures, taken in
turn in each round so that the machine's load swings hit them alike:

- ``idle``: the same loop with no scan, as long as a scan lasts: the floor of this
  machine at this moment (a loaded machine delays any process);
- ``in-process``: SaneBackend read in the pool thread, the pipeline there too (the
  first design);
- ``child``: the counter's backend, SANE and the pipeline in a child process
  (desk/capture/sane_process.py), thumbnails made there too.

Printed: the longest gap and the 99th percentile (ms), pages per second, the ratio
of the child's longest gap to the idle floor's; then what starting a child costs.
``--load N`` runs N busy processes meanwhile (a loaded counter PC or this shared
machine at its worst); the load average is printed with the figures. The heap is
settled (collected, frozen: ui/heap.py) after the panels are built, as the window
does after log-in; ``--thaw`` leaves it as it is. ``--switch MS`` sets Python's GIL
switch interval for the run (a measure, the window keeps the default).

    .venv/bin/python bench/bench_scan_stall.py [--pages 20] [--rounds 2] [--load 0]
        [--thaw] [--switch MS]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FEEDER = 10  # sheets in the test device's feeder: a 20-page batch is two feeder loads
LONG = 0.040  # s: a gap this long is matched against what the process was doing

#: (design, what ran, start, end) on time.perf_counter: the window process's page attach,
#: dossier reload and generation-2 collections; and the long gaps (design, start, end)
SPANS: list[tuple[str, str, float, float]] = []
LONG_GAPS: list[tuple[str, float, float]] = []
MEASURING = ["idle"]


def _traced(fn: Callable[..., Any], label: str) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            SPANS.append((MEASURING[0], label, start, time.perf_counter()))

    return run


def _trace() -> None:
    import gc

    from desk.services import dossiers

    dossiers.add_pages = _traced(dossiers.add_pages, "add_pages")  # type: ignore[method-assign]
    dossiers.get_dossier = _traced(dossiers.get_dossier, "get_dossier")  # type: ignore[method-assign]
    started = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                started[0] = time.perf_counter()
            else:
                SPANS.append((MEASURING[0], "gen-2 gc", started[0], time.perf_counter()))

    gc.callbacks.append(on_gc)


def _overlaps(design: str, seconds: float) -> str:
    """The long gaps of ``design`` and what they overlapped; the share of the scans'
    time (``seconds``) spent attaching pages, which a gap falling by chance meets."""
    longs = [(a, b) for d, a, b in LONG_GAPS if d == design]
    spans = [(lab, s, e) for d, lab, s, e in SPANS if d == design]
    counts = dict.fromkeys(("add_pages", "get_dossier", "gen-2 gc"), 0)
    for a, b in longs:
        for label in {lab for lab, s, e in spans if s < b and e > a}:
            counts[label] += 1
    what = ", ".join(f"{k} {v}" for k, v in counts.items())
    attach = sum(e - s for lab, s, e in spans if lab == "add_pages")
    return (
        f"{design}: {len(longs)} gaps > {LONG * 1000:.0f} ms, overlapping {what} "
        f"(add_pages running {attach / seconds:.0%} of the time)"
    )


def _ticker() -> tuple[Any, list[float]]:
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed(), time.perf_counter()]

    def tick() -> None:
        now, stamp = clock.nsecsElapsed(), time.perf_counter()
        gaps.append((now - last[0]) / 1e6)
        if stamp - last[1] > LONG:
            LONG_GAPS.append((MEASURING[0], last[1], stamp))
        last[0], last[1] = now, stamp

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    timer.start(5)
    return timer, gaps


def _idle(seconds: float) -> list[float]:
    from PySide6.QtCore import QEventLoop, QTimer

    timer, gaps = _ticker()
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()
    timer.stop()
    return gaps


def _scan(panel: Any, pages: int) -> tuple[list[float], float]:
    """Gaps during a ``pages``-page scan through ``panel``, and its duration (s)."""
    from PySide6.QtCore import QEventLoop

    timer, gaps = _ticker()
    start = time.perf_counter()
    done = 0
    while done < pages:
        panel.pages_spin.setValue(min(FEEDER, pages - done))
        task = panel.scan()
        assert task is not None
        loop = QEventLoop()
        task.finished.connect(loop.quit)
        task.failed.connect(lambda exc, stop=loop.quit: (print(f"scan failed: {exc!r}"), stop()))
        loop.exec()
        piece = next(p for p in panel._dossier.pieces if p.code == "ofii-cir")
        if len(piece.pages) == done:
            raise RuntimeError("the scan added no page")
        done = len(piece.pages)
    elapsed = time.perf_counter() - start
    timer.stop()
    return gaps, elapsed


def _panel(counter: Any, backends: list[Any] | None) -> Any:
    from desk.services import dossiers
    from desk.services.applicants import ApplicantInput, create_applicant
    from desk.services.common import SYSTEM
    from ui.capture.panel import CapturePanel

    a = create_applicant(counter, SYSTEM, ApplicantInput("Bench", "A", date(1990, 1, 1), "FRA"))
    dossier = dossiers.open_dossier(counter, SYSTEM, a.id, "salarie-renouvellement")
    panel = CapturePanel(counter, SYSTEM, backends)
    panel.set_dossier(dossier)
    _wait_for(panel.refresh_devices())
    panel.device_combo.setCurrentIndex(panel.device_combo.findData("sane:test:0"))
    panel.select_piece("ofii-cir")  # grey profile: 300 dpi scan, 200 dpi JPEG
    panel.source_combo.setCurrentIndex(panel.source_combo.findData("adf"))
    return panel


def _wait_for(task: Any) -> None:
    from PySide6.QtWidgets import QApplication

    while not task.done:
        QApplication.processEvents()
        time.sleep(0.005)


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _describe(gaps: list[float]) -> tuple[float, float]:
    ordered = sorted(gaps)
    return ordered[-1], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def start_cost(repeat: int = 3) -> tuple[float, float, float]:
    """Medians (ms): a fresh child's first answer; a one-page flatbed scan, cleaned,
    asked of a fresh child (its start included); the same of the running child."""
    from desk.capture import sane_process
    from desk.capture.scanner import ScanSettings
    from desk.catalogue import default_catalogue

    profile = default_catalogue().profiles["grey"]
    settings = ScanSettings(dpi=profile.scan_dpi, mode=profile.mode)
    backend = sane_process.SaneProcessBackend()

    def one_page() -> float:
        t0 = time.perf_counter()
        assert len(list(backend.scan_cleaned("sane:test:0", settings, profile))) == 1
        return (time.perf_counter() - t0) * 1000

    answer, fresh, running = [], [], []
    for _ in range(repeat):
        sane_process.shutdown()
        t0 = time.perf_counter()
        sane_process.ask(("ping",))
        answer.append((time.perf_counter() - t0) * 1000)
        sane_process.shutdown()
        fresh.append(one_page())
        running.append(one_page())
    sane_process.shutdown()
    return statistics.median(answer), statistics.median(fresh), statistics.median(running)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--load", type=int, default=0, help="busy processes meanwhile")
    parser.add_argument(
        "--thaw", action="store_true", help="leave the heap unfrozen (no ui.heap.settle)"
    )
    parser.add_argument(
        "--switch", type=float, default=0, help="sys.setswitchinterval in ms (0: Python's 5 ms)"
    )
    args = parser.parse_args(argv if argv is not None else [])  # python -m bench: none
    if args.switch:
        sys.setswitchinterval(args.switch / 1000)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SANE_CONFIG_DIR"] = str(ROOT / "tests" / "data" / "sane")
    from PySide6.QtWidgets import QApplication

    from desk.app import open_counter
    from desk.capture import sane_process
    from desk.capture.sane_backend import SaneBackend
    from desk.config import CounterConfig
    from ui import heap
    from ui.worker import wait_all

    app = QApplication.instance() or QApplication([])
    spin = "while True: pass"
    load = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(args.load)]
    results: dict[str, list[tuple[list[float], float]]] = {"in-process": [], "child": []}
    idle: list[list[float]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-scan-stall-") as tmp:
            counter = open_counter(Path(tmp) / "home", CounterConfig("075", "75", "Bench", 1))
            panels: dict[str, Any] = {
                "in-process": _panel(counter, [SaneBackend()]),
                "child": _panel(counter, None),
            }
            settled = "left unfrozen (--thaw)"
            if not args.thaw:  # as the window does once the working page is built
                rss = _rss_mb()
                took = heap.settle()
                settled = f"settled in {took * 1000:.0f} ms, RSS {rss:.0f} -> {_rss_mb():.0f} MB"
            runs: list[tuple[str, Callable[[], None]]] = []
            for name, panel in panels.items():
                runs.append((name, lambda p=panel, n=name: results[n].append(_scan(p, args.pages))))
            _trace()
            for _ in range(args.rounds):
                for name, run in runs:
                    MEASURING[0] = name
                    run()
                    if name == "child":  # as long as the last scan lasted
                        MEASURING[0] = "idle"
                        idle.append(_idle(results["child"][-1][1]))
            for panel in panels.values():
                panel.deleteLater()
            wait_all()
            app.processEvents()
            counter.close()
        answer, fresh, running = start_cost()
    finally:
        for proc in load:
            proc.kill()
            proc.wait()
        sane_process.shutdown()
    loadavg = os.getloadavg()
    print(
        f"{args.pages}-page feeder scan through the capture panel, {args.rounds} round(s), "
        f"{args.load} busy process(es) added; load average "
        f"{loadavg[0]:.1f} {loadavg[1]:.1f} {loadavg[2]:.1f}; heap {settled}; "
        f"switch interval {sys.getswitchinterval() * 1000:g} ms; "
        f"RSS at the end {_rss_mb():.0f} MB"
    )
    rows = {**{n: [g for g, _ in r] for n, r in results.items()}, "idle": idle}
    for name, gap_lists in rows.items():
        stats = [_describe(g) for g in gap_lists]
        rounds = ", ".join(f"{m:.0f}/{p:.0f}" for m, p in stats)
        rate = ""
        if name in results:
            pages_s = statistics.median(args.pages / s for _, s in results[name])
            rate = f", {pages_s:4.1f} pages/s"
        print(
            f"{name:11s} longest stall: worst {max(m for m, _ in stats):6.1f} ms, median of "
            f"rounds {statistics.median(m for m, _ in stats):6.1f} ms; p99 median "
            f"{statistics.median(p for _, p in stats):5.1f} ms{rate}  [max/p99 by round: {rounds}]"
        )
    child = statistics.median(_describe(g)[0] for g in rows["child"])
    inproc = statistics.median(_describe(g)[0] for g in rows["in-process"])
    floor = statistics.median(_describe(g)[0] for g in idle)
    print(
        f"child: longest stall (median of rounds) {child:.0f} ms (target <= 50); "
        f"{child / inproc:.2f}x in-process, {child / floor:.2f}x the idle floor"
    )
    for name, runs_of in results.items():
        print(_overlaps(name, sum(s for _, s in runs_of)))
    idle_longs = sum(1 for d, _, _ in LONG_GAPS if d == "idle")
    print(f"idle: {idle_longs} gaps > {LONG * 1000:.0f} ms")
    print(
        f"child start: first answer {answer:.0f} ms; one-page scan {fresh:.0f} ms from a "
        f"fresh child, {running:.0f} ms from the running one"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
