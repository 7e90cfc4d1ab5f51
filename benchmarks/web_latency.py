"""Web app latency: the dashboard and KPI detail pages of a workspace with 50 KPIs, under 20
concurrent signed-in clients on loopback.

    .venv/bin/python benchmarks/web_latency.py                 # the numbers in benchmarks/README.md
    .venv/bin/python benchmarks/web_latency.py --requests 200 --baseline-requests 0   # a quick look
    .venv/bin/python benchmarks/web_latency.py --profile       # where a cached dashboard spends its time

What it does:

1. builds the demo workspace (``koers.demo.build_demo``, as of 2026-11-21) in a temporary folder
   and adds 42 KPIs to its 8, over metrics the demo data answer (visitors, sessions, engagement,
   ads, leads to customers, revenue, ratios such as CAC and ROAS), four periods (the quarter, a
   month, the second half year, the year) and the aggregations (total, ratio, cumulative, each
   month), so each of the 50 gets a real evaluation (actual, pace, forecast, status);
2. times the cold evaluation of the 50 KPIs in this process (``evaluate_workspace`` on a freshly
   opened warehouse);
3. starts the app in ONE uvicorn process (one worker, FastAPI's thread pool for the pages), on
   127.0.0.1, with 20 users of the workspace; the load runs in this process, with one
   ``httpx.AsyncClient`` per user (its own session cookie), signed in through the sign-in form;
4. asks for the dashboard once (the cold first visit: it evaluates the 50 KPIs), then sends
   ``--requests`` dashboard requests and as many KPI detail requests (cycling over the 50 KPIs),
   20 at a time, and records median, p95, p99 and throughput of each page;
5. the baseline, in the same run: a second server process, identical but for the evaluation
   cache, which it forgets before every page (``WorkspaceHandle.changed()``), so that every
   request evaluates the KPIs again, as a server without the cache would. ``--baseline-requests``
   (default 20, one per client) of each page; there are few because each takes seconds.

The client and the server share the machine's cores; each measurement reports how many cores
the server, the clients and any other processes kept busy meanwhile (``cores_busy``), and the
server's CPU time per request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

from koers.demo import build_demo
from koers.domain.kpi import Kpi
from koers.domain.workspace import Workspace
from koers.metrics.engine import MetricEngine
from koers.monitor.evaluate import evaluate_workspace
from koers.store.warehouse import Warehouse
from koers.store.workspace_file import WORKSPACE_FILE, load_workspace, save_workspace

DEMO_DAY = date(2026, 11, 22)
AS_OF = date(2026, 11, 21)
WORKSPACE_ID = "badkamerwinkel"
PASSWORD = "benchmark password"
SECRET = b"b" * 32
KPI_COUNT = 50
CLIENTS = 20
RESULTS = Path(__file__).resolve().parent / "results"

PERIODS = {
    "Q4": {"start": "2026-10-01", "end": "2027-01-01"},
    "nov": {"start": "2026-11-01", "end": "2026-12-01"},
    "h2": {"start": "2026-07-01", "end": "2027-01-01"},
    "jaar": {"start": "2026-01-01", "end": "2027-01-01"},
}
# (metric, aggregation, target per quarter) over metrics the demo data answer
METRICS: list[tuple[str, str, str]] = [
    ("users", "total", "1800"),
    ("sessions", "total", "2600"),
    ("engaged_sessions", "total", "1900"),
    ("engagement_rate", "ratio", "0.7"),
    ("avg_session_duration", "ratio", "90"),
    ("pageviews", "total", "8000"),
    ("scrolls", "total", "3200"),
    ("key_events", "total", "650"),
    ("newsletter_signups", "each_subperiod", "20"),
    ("ad_clicks", "cumulative", "1200"),
    ("ad_cost", "total", "1500"),
    ("ctr", "ratio", "0.012"),
    ("cpc", "ratio", "1.2"),
    ("leads", "total", "400"),
    ("mqls", "total", "150"),
    ("sqls", "total", "80"),
    ("opportunities", "total", "40"),
    ("customers", "total", "15"),
    ("visitor_to_lead_rate", "ratio", "0.25"),
    ("lead_to_mql_rate", "ratio", "0.35"),
    ("revenue", "total", "700000"),
    ("cost_per_lead", "ratio", "4"),
    ("cac", "ratio", "100"),
    ("roas", "ratio", "500"),
    ("nps", "ratio", "50"),
]
PHASES = ("see", "think", "do", "care")
DISTINCT_USERS = frozenset({"users", "visitor_to_lead_rate"})
"""Distinct users over a long period: the demo's user counts do not reach back half a year."""


# --- the workspace ---------------------------------------------------------------------------------


def fifty_kpis(workspace: Workspace) -> Workspace:
    """The demo workspace with standalone KPIs added until it has :data:`KPI_COUNT`."""
    have = sum(1 for _ in workspace.all_kpis())
    scale = {"Q4": Decimal(1), "nov": Decimal("0.34"), "h2": Decimal(2), "jaar": Decimal(4)}
    added: list[dict[str, Any]] = []
    for index in range(KPI_COUNT - have):
        metric, aggregation, target = METRICS[index % len(METRICS)]
        period_key = list(PERIODS)[(index // len(METRICS) + index) % len(PERIODS)]
        if metric in DISTINCT_USERS and period_key in ("h2", "jaar"):
            period_key = "nov"
        value = Decimal(target)
        if aggregation in ("total", "cumulative"):
            value = (value * scale[period_key]).quantize(Decimal(1))
        kpi: dict[str, Any] = {
            "id": f"bench-{index:02d}-{metric.replace('_', '-')}-{period_key}".lower(),
            "name": f"{metric} {period_key}",
            "metric": metric,
            "target": str(value),
            "period": PERIODS[period_key],
            "aggregation": aggregation,
            "phase": PHASES[index % len(PHASES)],
            "comparator": "at_most" if metric in ("cpc", "cost_per_lead", "cac", "ad_cost") else "at_least",
        }
        if aggregation == "each_subperiod":
            kpi["subperiod"] = "month"
        added.append(kpi)
    kpis = (*workspace.kpis, *(Kpi.model_validate(kpi) for kpi in added))
    return workspace.model_copy(update={"kpis": kpis})


def build_workspace(folder: Path) -> Workspace:
    build_demo(folder, DEMO_DAY)
    workspace = fifty_kpis(load_workspace(folder / WORKSPACE_FILE))
    save_workspace(workspace, folder / WORKSPACE_FILE)
    return workspace


def cold_evaluation(folder: Path, workspace: Workspace) -> dict[str, Any]:
    """The 50 KPIs evaluated once on a freshly opened warehouse, as the first visit does."""
    with Warehouse.for_workspace(folder, timezone=workspace.timezone) as warehouse:
        started = time.perf_counter()
        evaluations = evaluate_workspace(workspace, MetricEngine(warehouse, workspace.catalog), AS_OF)
        seconds = time.perf_counter() - started
    statuses: dict[str, int] = {}
    for item in evaluations:
        statuses[item.status.value] = statuses.get(item.status.value, 0) + 1
    return {
        "kpis": len(evaluations),
        "seconds": round(seconds, 3),
        "with_value": sum(1 for item in evaluations if item.value is not None),
        "with_forecast": sum(1 for item in evaluations if item.forecast is not None),
        "statuses": statuses,
    }


def add_users(root: Path, workspace: Workspace) -> str:
    """The application database with :data:`CLIENTS` editors of the workspace; its URL."""
    from koers.store.appdb import database
    from koers.store.appdb.repository import save_workspace as store_workspace
    from koers.web import accounts
    from koers.web.accounts import Role

    url = f"sqlite:///{root / 'koers.sqlite'}"
    db = database(url)
    with db.begin() as session:
        store_workspace(session, workspace)
        for number in range(CLIENTS):
            user = accounts.create_user(
                session, f"client{number}@example.nl", PASSWORD, name=f"Client {number}"
            )
            accounts.set_role(session, user.id, WORKSPACE_ID, Role.EDITOR)
    db.dispose()
    return url


# --- the server (a child process) --------------------------------------------------------------------


def serve(root: Path, database_url: str, port: int, uncached: bool) -> None:
    """Run the app on 127.0.0.1:``port`` until terminated (this is the child process)."""
    import uvicorn

    from koers.store.appdb import database
    from koers.web.app import PREPARED_PAGES, WebOptions, create_app
    from koers.web.site import Site, WorkspaceHandle

    if uncached:
        evaluations = WorkspaceHandle.evaluations

        def every_time(self: WorkspaceHandle, as_of: date) -> Any:
            self.changed()
            return evaluations(self, as_of)

        WorkspaceHandle.evaluations = every_time  # type: ignore[method-assign]

    site = Site(database(database_url), root=root / "workspaces", today=AS_OF)
    # as `koers serve` does: evaluate and prepare the pages in the background at start; the
    # baseline does without (it forgets everything before each page anyway)
    warm = None if uncached else (lambda: site.warm(*PREPARED_PAGES))
    app = create_app(site, WebOptions(SECRET, warm=warm))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(root: Path, database_url: str, uncached: bool) -> tuple[Any, str]:
    port = free_port()
    command = [sys.executable, __file__, "--serve", str(root), "--db", database_url, "--port", str(port)]
    if uncached:
        command.append("--uncached")
    process = subprocess.Popen(command)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # the warm-up evaluates and prepares 50 KPIs first
    while True:
        try:
            answer = httpx.get(f"{url}/healthz", timeout=2)
            if answer.status_code == 200 and (uncached or answer.json()["ready"]):
                return process, url
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the app did not start on {url}")
        time.sleep(0.1)


def stop_server(process: Any) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- the clients ---------------------------------------------------------------------------------------


async def signed_in_client(url: str, number: int) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=url, timeout=600, headers={"accept-language": "nl"})
    form = await client.get("/sign-in")
    found = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert found, "no CSRF token on the sign-in page"
    answer = await client.post(
        "/sign-in",
        data={
            "email": f"client{number}@example.nl",
            "password": PASSWORD,
            "next": "/",
            "csrf_token": found[1],
        },
    )
    assert answer.status_code in (200, 303), answer.status_code
    assert "koers_session" in client.cookies, "sign-in failed"
    return client


def cpu_seconds(server_pid: int) -> tuple[float, float, float]:
    """CPU seconds so far: the whole machine busy, the server process, and this process."""
    tick = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat", encoding="ascii") as handle:
        user, nice, system, _, _, irq, softirq = (int(v) for v in handle.readline().split()[1:8])
    with open(f"/proc/{server_pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    server = (int(fields[11]) + int(fields[12])) / tick
    own = resource.getrusage(resource.RUSAGE_SELF)
    return (user + nice + system + irq + softirq) / tick, server, own.ru_utime + own.ru_stime


async def load(clients: list[httpx.AsyncClient], paths: list[str], server_pid: int) -> dict[str, Any]:
    """``paths`` requested by the clients, each client one request at a time, all at once."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    latencies: list[float] = []
    failures: list[str] = []

    async def worker(client: httpx.AsyncClient) -> None:
        while True:
            try:
                path = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            started = time.perf_counter()
            response = await client.get(path)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                failures.append(f"{path}: {response.status_code}")
            latencies.append(elapsed)

    before = cpu_seconds(server_pid)
    started = time.perf_counter()
    await asyncio.gather(*(worker(client) for client in clients))
    wall = time.perf_counter() - started
    busy, server, own = (a - b for a, b in zip(cpu_seconds(server_pid), before, strict=True))
    result = summary(latencies, wall, failures)
    result["cores_busy"] = {
        "server": round(server / wall, 2),
        "clients": round(own / wall, 2),
        "other_processes": round(max(busy - server - own, 0.0) / wall, 2),
    }
    result["server_cpu_ms_per_request"] = round(server / max(len(latencies), 1) * 1000, 1)
    return result


def summary(latencies: list[float], wall: float, failures: list[str]) -> dict[str, Any]:
    ordered = sorted(latencies)

    def quantile(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]

    return {
        "requests": len(ordered),
        "failures": len(failures),
        "failure_examples": failures[:5],
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(quantile(0.95) * 1000, 1),
        "p99_ms": round(quantile(0.99) * 1000, 1),
        "min_ms": round(ordered[0] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "throughput_rps": round(len(ordered) / wall, 1),
        "wall_s": round(wall, 2),
    }


async def measure(
    url: str, server_pid: int, kpi_ids: list[str], requests: int, *, cold: bool
) -> dict[str, Any]:
    clients = [await signed_in_client(url, number) for number in range(CLIENTS)]
    result: dict[str, Any] = {}
    try:
        dashboard = f"/w/{WORKSPACE_ID}"
        if cold:
            started = time.perf_counter()
            first = await clients[0].get(dashboard)
            result["cold_first_dashboard_ms"] = round((time.perf_counter() - started) * 1000, 1)
            assert first.status_code == 200, first.status_code
            started = time.perf_counter()
            await clients[0].get(dashboard)
            result["warm_single_dashboard_ms"] = round((time.perf_counter() - started) * 1000, 1)
        result["dashboard"] = await load(clients, [dashboard] * requests, server_pid)
        details = [f"/w/{WORKSPACE_ID}/kpis/{kpi_ids[index % len(kpi_ids)]}" for index in range(requests)]
        result["kpi_detail"] = await load(clients, details, server_pid)
    finally:
        for client in clients:
            await client.aclose()
    return result


# --- the profile -----------------------------------------------------------------------------------------


def profile(root: Path, database_url: str, repeat: int = 10) -> None:
    """Print where the two pages spend their time once the KPIs are evaluated, in this process.

    The pages run in the thread pool, where a profiler started here does not look; so the
    functions the routes call are wrapped (the route modules look them up at each call): the
    page's work (``detail_context``; ``tiles``) and its rendering (``page``)."""
    from fastapi.testclient import TestClient
    from pyinstrument import Profiler

    import koers.web.routes.dashboard as dashboard_module
    import koers.web.routes.kpis as kpis_module
    from koers.store.appdb import database
    from koers.web.app import WebOptions, create_app
    from koers.web.site import Site

    site = Site(database(database_url), root=root / "workspaces", today=AS_OF)
    app = create_app(site, WebOptions(SECRET))
    with TestClient(app, base_url="http://localhost") as client:
        form = client.get("/sign-in")
        found = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert found
        client.post(
            "/sign-in", data={"email": "client0@example.nl", "password": PASSWORD, "csrf_token": found[1]}
        )
        client.get(f"/w/{WORKSPACE_ID}")  # the evaluations, once
        pages = [
            (f"/w/{WORKSPACE_ID}", dashboard_module, ("tiles", "page")),
            (f"/w/{WORKSPACE_ID}/kpis/nieuwe-bezoekers", kpis_module, ("detail_context", "page")),
        ]
        for url, module, names in pages:
            profiler = Profiler()
            originals = {name: getattr(module, name) for name in names}

            def wrap(function: Any, profiler: Any = profiler) -> Any:
                def profiled(*args: Any, **kwargs: Any) -> Any:
                    profiler.start()
                    try:
                        return function(*args, **kwargs)
                    finally:
                        profiler.stop()

                return profiled

            for name, function in originals.items():
                setattr(module, name, wrap(function))
            started = time.perf_counter()
            for _ in range(repeat):
                assert client.get(url).status_code == 200
            whole = (time.perf_counter() - started) / repeat * 1000
            for name, function in originals.items():
                setattr(module, name, function)
            print(f"\n{url}: {whole:.1f} ms a request, {repeat} requests one at a time")
            print(profiler.output_text(unicode=True, color=False, show_all=False))
    site.close()


# --- the run --------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        memory_kb = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024**2, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        **{
            name: metadata.version(name)
            for name in ("fastapi", "starlette", "uvicorn", "jinja2", "httpx", "duckdb", "altair")
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=1000, help="requests of each page (default 1000)")
    parser.add_argument(
        "--baseline-requests",
        type=int,
        default=20,
        help="requests of each page without the cache (20; 0: none)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="where a cached page spends its time (pyinstrument), then stop"
    )
    parser.add_argument("--out", type=Path, help="the results file (default results/<date>-web-latency.json)")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--uncached", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.db, args.port, args.uncached)
        return

    root = Path(tempfile.mkdtemp(prefix="koers-web-bench-"))
    try:
        folder = root / "workspaces" / "demo"
        print("building the demo workspace with 50 KPIs ...", flush=True)
        workspace = build_workspace(folder)
        kpi_ids = [kpi.id for _, kpi in workspace.all_kpis()]
        assert len(kpi_ids) == KPI_COUNT, len(kpi_ids)
        cold = cold_evaluation(folder, workspace)
        print(f"cold evaluation of {cold['kpis']} KPIs: {cold['seconds']} s {cold['statuses']}", flush=True)
        database_url = add_users(root, workspace)
        if args.profile:
            profile(root, database_url)
            return

        started = time.perf_counter()
        process, url = start_server(root, database_url, uncached=False)
        ready_after = round(time.perf_counter() - started, 2)
        print(f"the app started and prepared its pages in {ready_after} s", flush=True)
        try:
            cached = asyncio.run(measure(url, process.pid, kpi_ids, args.requests, cold=True))
            cached["startup_until_ready_s"] = ready_after
        finally:
            stop_server(process)
        print(json.dumps(cached, indent=2), flush=True)

        baseline = None
        if args.baseline_requests:
            process, url = start_server(root, database_url, uncached=True)
            try:
                baseline = asyncio.run(measure(url, process.pid, kpi_ids, args.baseline_requests, cold=False))
            finally:
                stop_server(process)
            print(json.dumps(baseline, indent=2), flush=True)

        results = {
            "benchmark": "web latency",
            "date": date.today().isoformat(),
            "machine": machine(),
            "setup": {
                "workspace": "demo (as of 2026-11-21) + 42 KPIs",
                "kpis": KPI_COUNT,
                "clients": CLIENTS,
                "server": "one uvicorn process on 127.0.0.1, one worker; the clients in another process",
                "requests_per_page": args.requests,
                "baseline_requests_per_page": args.baseline_requests,
            },
            "cold_evaluation": cold,
            "cached": cached,
            "baseline_uncached": baseline,
            "aim_p95_ms": 150,
            "aim_met": cached["dashboard"]["p95_ms"] < 150 and cached["kpi_detail"]["p95_ms"] < 150,
        }
        if not args.no_save:
            out = args.out or RESULTS / f"{date.today().isoformat()}-web-latency.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(results, indent=2) + "\n")
            print(f"written to {out}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
