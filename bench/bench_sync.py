"""One counter's busy day over loopback vs plain HTTP PUTs of the same bytes.

Default: 150 dossiers, 3,000 pages of 200 kB (incompressible), about 600 MB. The
counter is filled through the services (encrypted blob store), enrolled at a real
``hq serve`` on PostgreSQL, then ``desk sync`` runs as a child process: blobs by hash
in resumable chunks, verified at HQ, records in signed batches, reference pull.

Baseline, same run: a child process reads the same blobs from the counter's store
and PUTs each one to a minimal HTTP server (uvicorn, same machine) that writes the
body to a file and fsyncs it (HQ's durability, without hash check, signature,
database or protocol), run once before and once after the sync (the ratio is against
their mean, so a change of load weighs on both). Target: ratio <= 1.25. Also reported:
CPU seconds on each side (sync: the counter's process, HQ's and PostgreSQL's; plain:
client and server) and the peak RSS of the syncing process (the counter's memory must
stay flat: about two upload requests' worth of blobs in memory).

    python bench/bench_sync.py [--dossiers 150] [--pages 3000] [--page-kb 200]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests" / "hq")]

from bench_hq_ingest import cluster_cpu  # noqa: E402
from pgserver import free_port, postgres_cluster  # noqa: E402

PLAIN_SERVER = """
import os, sys
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
root = os.environ["PLAIN_ROOT"]
async def put(request):
    body = await request.body()
    path = os.path.join(root, request.path_params["name"])
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, body)
        os.fsync(fd)
    finally:
        os.close(fd)
    return Response(status_code=201)
async def health(request):
    return Response("ok")
app = Starlette(routes=[Route("/put/{name}", put, methods=["PUT"]), Route("/", health)])
"""

PLAIN_CLIENT = """
import sys, httpx
from desk.app import open_counter
from desk.store.models import PageRow
from sqlalchemy import select
counter = open_counter(sys.argv[1])
with counter.sessions() as s:
    shas = sorted(set(s.scalars(select(PageRow.blob_sha256))))
with httpx.Client(timeout=60) as http:
    for sha in shas:
        r = http.put(f"{sys.argv[2]}/put/{sha}", content=counter.blobs.get(sha))
        r.raise_for_status()
"""


def fill(home: Path, dossiers: int, pages: int, page_kb: int) -> int:
    from hq_servers import make_counter

    from desk.services import applicants
    from desk.services import dossiers as dossier_service
    from desk.services.applicants import ApplicantInput
    from desk.services.common import SYSTEM

    counter = make_counter(home, "75", 1)
    total = 0
    per = max(1, pages // dossiers)
    try:
        procs = sorted(counter.catalogue.procedures)
        for i in range(dossiers):
            a = applicants.create_applicant(
                counter,
                SYSTEM,
                ApplicantInput(
                    surname=f"Benali{i}",
                    given_names="Mohamed Amine",
                    birth_date=date(1985, 1 + i % 12, 1 + i % 28),
                    nationality="DZA",
                ),
            )
            d = dossier_service.open_dossier(counter, SYSTEM, a.id, procs[i % len(procs)])
            piece = counter.catalogue.procedure(procs[i % len(procs)]).pieces[0].code
            stored = []
            for _ in range(per):
                data = os.urandom(page_kb * 1024)
                stored.append(
                    dossier_service.StoredPage(counter.blobs.put(data), "image/jpeg", len(data))
                )
                total += len(data)
            dossier_service.attach_pages(counter, SYSTEM, d.number, piece, stored)
    finally:
        counter.close()
    return total


def _wait_http(url: str, proc: subprocess.Popen[bytes]) -> None:
    import httpx

    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _proc_cpu(pid: int) -> float:
    """CPU seconds of a running process (a server), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=150)
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--page-kb", type=int, default=200)
    args = parser.parse_args(argv)
    py = sys.executable
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests' / 'hq'}"}
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp, postgres_cluster() as pg:
        work = Path(tmp)
        with pg.connect() as conn:
            conn.execute("CREATE DATABASE bench")
        db = pg.url("bench")
        home = work / "counter"
        t0 = time.perf_counter()
        total = fill(home, args.dossiers, args.pages, args.page_kb)
        fill_s = time.perf_counter() - t0
        port = free_port()
        hq = subprocess.Popen(
            [py, "-m", "hq.cli", "serve", "--db", db, "--port", str(port),
             "--blobs", str(work / "hq-blobs")],
            cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        plain_port = free_port()
        (work / "plain").mkdir()
        (work / "plain_server.py").write_text(PLAIN_SERVER)
        plain = subprocess.Popen(
            [py, "-m", "uvicorn", "--app-dir", str(work), "plain_server:app", "--port",
             str(plain_port), "--log-level", "warning"],
            cwd=ROOT,
            env={**env, "PYTHONPATH": f"{work}:{env['PYTHONPATH']}",
                 "PLAIN_ROOT": str(work / "plain")},
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_http(f"{url}/v1/health", hq)
            _wait_http(f"http://127.0.0.1:{plain_port}/", plain)
            from hq_servers import issue_token

            token = issue_token(db, "75", 1)
            desk = [py, "-m", "ui.entry", "--home", str(home)]
            subprocess.run([*desk, "enrol", "--server", url, "--token", token, "--json"],
                           cwd=ROOT, env=env, check=True, capture_output=True)  # fmt: skip
            (work / "plain_client.py").write_text(PLAIN_CLIENT)
            plain_cmd = [py, str(work / "plain_client.py"), str(home),
                         f"http://127.0.0.1:{plain_port}"]  # fmt: skip

            def plain_run() -> tuple[float, float]:
                """The baseline once: (seconds, CPU seconds of its client and server)."""
                c0 = _children_cpu() + _proc_cpu(plain.pid)
                t0 = time.perf_counter()
                subprocess.run(plain_cmd, cwd=ROOT, env=env, check=True)
                spent = time.perf_counter() - t0
                return spent, _children_cpu() + _proc_cpu(plain.pid) - c0

            # the baseline before and after the sync: a change of load weighs on both
            plain_before = plain_run()
            c0 = _proc_cpu(hq.pid) + cluster_cpu(pg.socket_dir)
            t0 = time.perf_counter()
            child = subprocess.Popen([*desk, "sync", "--json"], cwd=ROOT, env=env,
                                     stdout=subprocess.PIPE)  # fmt: skip
            assert child.stdout is not None
            stdout = child.stdout.read()
            _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
            child.returncode = os.waitstatus_to_exitcode(status)
            sync_s = time.perf_counter() - t0
            servers = _proc_cpu(hq.pid) + cluster_cpu(pg.socket_dir) - c0
            sync_cpu = usage.ru_utime + usage.ru_stime + servers
            sync_rss = usage.ru_maxrss / 1024
            report = json.loads(stdout)
            if report["pending"] or report["needs_action"]:
                raise RuntimeError(f"sync did not complete: {report}")
            plain_after = plain_run()
            plain_s = (plain_before[0] + plain_after[0]) / 2
            plain_cpu = (plain_before[1] + plain_after[1]) / 2
        finally:
            for proc in (hq, plain):
                proc.terminate()
                proc.wait(10)
    result = {
        "dossiers": args.dossiers,
        "pages": report["blobs"]["uploaded"],
        "records": report["uploaded"],
        "mb": round(total / 1e6, 1),
        "fill_s": round(fill_s, 1),
        "sync_s": round(sync_s, 1),
        "plain_put_s": [round(plain_before[0], 1), round(plain_after[0], 1)],
        "ratio": round(sync_s / plain_s, 2),
        "sync_cpu_s": round(sync_cpu, 1),
        "plain_cpu_s": round(plain_cpu, 1),
        "cpu_ratio": round(sync_cpu / plain_cpu, 2),
        "target": 1.25,
        "sync_peak_rss_mb": round(sync_rss, 1),
        "mb_per_s": round(total / 1e6 / sync_s, 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
