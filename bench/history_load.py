"""A long history on the web: figures for issue 10 §3; prints them, never asserts.

Run by `make bench`. It writes 113,000 sets of Hevy history (bench/hevy_history.py), starts
`hamstrong serve` on a loopback port with a fresh SQLite file (one worker per core, as in
production), signs up one user who starts a programme, and then measures:

- the web import of the whole file (target < 5 s);
- every page and chart with 16 clients at once: the first request after the import (the one
  that replays the log; each worker keeps the answer until the user's data changes) and then
  p50/p99 over the rest (targets: p50 < 150 ms, p99 < 300 ms; the PDF < 300 ms), and the size
  of each page (`/history` < 200 KB a page);
- the pages a person opens while training, again right after logging one set of today's
  session (each worker brings what it keeps up to date: the first request in each pays it);
- `/export.json` and `/export.csv` streamed: sets per second (target > 50,000), how much the
  serving worker's memory grew meanwhile (constant memory: a few MB, not the 45 MB document),
  and the CPU seconds the server's workers and this client took meanwhile (the client reads
  the raw body and does nothing with it, about a tenth of the server's CPU);
- the training pages again after a restart of the server (no worker holds anything in memory).

Each time is given twice: as the client saw it on loopback (which includes waiting for a free
worker, and the 16 client threads' own CPU: the clients, the server and whatever else runs
share the machine's cores; `uptime` is printed), and as the server took it (its
`Server-Timing: app;dur=...` header, on for this run with HAMSTRONG_SERVER_TIMING: from the
request entering the app to the start of the response), which is what issue 10's targets
name.
"""

import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import httpx

from hamstrong.core.readings import PANELS
from hevy_history import SETS, hevy_csv
from web_load import start_server, start_user, stop_server

CLIENTS = 16
ROUNDS = 4  # requests per client per page, after the first one


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def signed_in(base: str, today: date) -> httpx.Client:
    """A client signed in as a new user whose programme has a session today."""
    client = httpx.Client(base_url=base, timeout=600)
    start_user(client, "long-history@example.com", today)
    return client


def server_ms(response: httpx.Response) -> float:
    """What the server says it took (``Server-Timing: app;dur=<ms>``); NaN from a server
    that does not say (code from before the header, benched for comparison)."""
    timing = response.headers.get("server-timing", "")
    return float(timing.removeprefix("app;dur=")) if timing.startswith("app;dur=") else math.nan


def import_file(client: httpx.Client, text: str) -> tuple[float, float]:
    """(seconds the client waited, seconds the server took) for the web import."""
    started = time.perf_counter()
    response = client.post(
        "/import",
        data={"unit": "kg", "csrftoken": client.cookies["csrftoken"]},
        files={"file": ("hevy.csv", text.encode(), "text/csv")},
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 200 or f"Imported {SETS} new sets" not in response.text:
        sys.exit(f"POST /import answered {response.status_code}:\n{response.text[:2000]}")
    return elapsed, server_ms(response) / 1000


def older_link(client: httpx.Client) -> str:
    page = client.get("/history").text
    marker = 'href="/history?before='
    if marker not in page:
        sys.exit("/history has no link to older sets")
    return "/history?before=" + page.split(marker, 1)[1].split('"', 1)[0]


def timed_get(client: httpx.Client, path: str) -> tuple[float, float, int]:
    """(ms the client waited, ms the server took, the body's size) for one GET."""
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"GET {path} answered {response.status_code}:\n{response.text[:2000]}")
    return elapsed * 1000, server_ms(response), len(response.content)


def under_load(base: str, cookies: httpx.Cookies, path: str) -> list[tuple[float, float]]:
    """CLIENTS clients, each with its own connection, each asking ROUNDS times: (client ms,
    server ms) of each request."""

    def one_client(client: httpx.Client) -> list[tuple[float, float]]:
        return [timed_get(client, path)[:2] for _ in range(ROUNDS)]

    # made before the burst: each builds an SSL context (~40 ms of CPU) that would compete
    # with the server for the cores while it is being measured
    clients = [httpx.Client(base_url=base, cookies=cookies, timeout=600) for _ in range(CLIENTS)]
    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            return [pair for found in pool.map(one_client, clients) for pair in found]
    finally:
        for client in clients:
            client.close()


def log_one_set(client: httpx.Client, today: date) -> float:
    """Log the first set of today's session as the training screen does (htmx); ms taken."""
    page = client.get(f"/session/{today.isoformat()}").text
    fields = dict(re.findall(r'name="(exercise|order|side)" value="([^"]*)"', page)[:3])
    if set(fields) != {"exercise", "order", "side"}:
        sys.exit(f"no set to log on /session/{today.isoformat()}:\n{page[:2000]}")
    headers = {"x-csrftoken": client.cookies["csrftoken"], "HX-Request": "true"}
    started = time.perf_counter()
    response = client.post(
        f"/session/{today.isoformat()}/sets",
        data={**fields, "reps": "8", "rpe": "7", "pain": "0"},
        headers=headers,
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 200 or "Saved:" not in response.text:
        sys.exit(f"POST a set answered {response.status_code}:\n{response.text[:2000]}")
    return elapsed * 1000


def measure(base: str, client: httpx.Client, paths: list[str]) -> None:
    """Each path: the first request, then p50/p99 with CLIENTS clients, and its size; each
    time as the client saw it / as the server took it, in ms."""
    print(f"  {'page (client / server ms)':38} {'first':>13} {'p50':>13} {'p99':>13} {'size':>7}")
    for path in paths:
        first, first_server, size = timed_get(client, path)
        pairs = under_load(base, client.cookies, path)
        seen, took = [p[0] for p in pairs], [p[1] for p in pairs]
        label = path if len(path) <= 38 else path[:35] + "..."
        print(
            f"  {label:38} {first:6.0f}/{first_server:<6.0f} "
            f"{statistics.median(seen):6.0f}/{statistics.median(took):<6.0f} "
            f"{_percentile(seen, 0.99):6.0f}/{_percentile(took, 0.99):<6.0f} {size / 1000:5.0f}KB"
        )


def workers(server: int) -> list[int]:
    """The serving processes: the children of `hamstrong serve` (or itself, with one)."""
    found: list[int] = []
    for task in Path(f"/proc/{server}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(pid) for pid in children]
    grandchildren = [w for pid in found for w in workers(pid) if w != pid]
    return list(dict.fromkeys(found + grandchildren)) or [server]  # each once


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pids: list[int]) -> float:
    """The CPU time (user and system) the processes have taken so far."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def export(client: httpx.Client, server: int, fmt: str) -> tuple[float, int, float, float, float]:
    """(seconds, bytes, the largest growth of a worker's memory in MB, the workers' CPU seconds,
    this process's CPU seconds) for one streamed export. The client reads the body as it comes
    (httpx, one connection) and does nothing with it: its CPU is printed beside the server's,
    so a figure held back by the client (or by the rest of the machine: `uptime`) shows."""
    pids = workers(server)
    before = {pid: rss_mb(pid) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_mb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    server_cpu, client_cpu = cpu_seconds(pids), time.process_time()
    started = time.perf_counter()
    size = 0
    with client.stream("GET", f"/export.{fmt}") as response:
        for chunk in response.iter_raw():
            size += len(chunk)
    elapsed = time.perf_counter() - started
    server_cpu, client_cpu = cpu_seconds(pids) - server_cpu, time.process_time() - client_cpu
    done.set()
    sampler.join()
    grew = max(peak[pid] - before[pid] for pid in pids)
    return elapsed, size, grew, server_cpu, client_cpu


def main() -> None:
    today = date.today()  # the server reads the same local clock
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"long history: {SETS:,} Hevy sets, {os.cpu_count()} cores, {CLIENTS} clients; {load}")
    text = hevy_csv(SETS, end=today - timedelta(days=1))
    os.environ["HAMSTRONG_SERVER_TIMING"] = "1"  # the servers started here say what they took
    with tempfile.TemporaryDirectory(prefix="hamstrong-history-bench-") as tmp:
        process, base = start_server(Path(tmp), wait=120)
        try:
            client = signed_in(base, today)
            seconds, server = import_file(client, text)
            print(
                f"  web import of {len(text) / 1e6:.1f} MB: {seconds:.2f} s "
                f"(the server: {server:.2f} s; target < 5 s)"
            )
            paths = [
                "/",
                f"/session/{today.isoformat()}",
                "/programme",
                "/history",
                older_link(client),
                "/progress",
                "/progress?range=all",
                *(f"/progress/{panel}.png" for panel in PANELS),
                "/progress.png",
                "/programme.pdf",
            ]
            measure(base, client, paths)
            training = [
                "/",
                f"/session/{today.isoformat()}",
                "/programme",
                "/progress",
                "/programme.pdf",
            ]
            for _ in range(2):
                print(f"  after logging one set ({log_one_set(client, today):.0f} ms to log it):")
                measure(base, client, training)
            for fmt in ("json", "csv"):
                elapsed, size, grew, server_cpu, client_cpu = export(client, process.pid, fmt)
                print(
                    f"  /export.{fmt}: {size / 1e6:.1f} MB in {elapsed:.2f} s, "
                    f"{SETS / elapsed:,.0f} sets/s (target > 50,000); "
                    f"a worker's memory grew {grew:.0f} MB; CPU: server {server_cpu:.2f} s, "
                    f"client {client_cpu:.2f} s"
                )
            stop_server(process)
            # every worker starts with nothing in memory: what one of them derived from the
            # whole log before the restart is read back from the database (kept_answers)
            process, base = start_server(Path(tmp), wait=120)
            with httpx.Client(base_url=base, cookies=client.cookies, timeout=600) as again:
                print("  after a restart of the server:")
                measure(base, again, training)
        finally:
            stop_server(process)


if __name__ == "__main__":
    main()
