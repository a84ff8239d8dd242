"""Load on the web app: requests/s and p50/p99 latency; prints figures, never asserts.

Run by `make bench` after bench/run.py. It starts `hamstrong serve` on a free loopback port with a
fresh SQLite file, signs up users over HTTP (each finishes onboarding and starts a programme with
a session due today), then runs wrk (Debian's package, installed here when missing) for DURATION
against:

- GET /                          the today page
- POST /session/<today>/sets     logging a set, as htmx sends it (CSRF header, HX-Request)

with 1 and 16 concurrent connections. Each run gets its own users, and every request goes as the
next user in turn (bench/web_load.lua). A set already saved is not saved again, so each POST logs
a different set of some user's session (POST_USERS x ~14 sets); each line says how many were saved.

Targets (16 clients, 2 cores, SQLite): logging a set >= 350 requests/s, the today page >= 300
requests/s, p99 < 100 ms for both. wrk shares the machine's cores with the server.
"""

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx

from hamstrong.core.screen import QUESTIONS

HERE = Path(__file__).resolve().parent
LUA = HERE / "web_load.lua"
GET_USERS = 32
# About 14 sets each, so 10 s at up to ~700 (1 client) or ~1,500 requests/s (16) all write.
POST_USERS = {1: 500, 16: 1100}
DURATION = "10s"
CONNECTIONS = (1, 16)
PASSWORD = "bench password, not secret"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


@dataclass(frozen=True, slots=True)
class Result:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx/3xx responses plus socket errors


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "wrk"]):
        subprocess.run(
            command,
            check=True,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return shutil.which("wrk") or "wrk"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(folder: Path, *, wait: float = 30) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "hamstrong"),
        "--db",
        f"sqlite:///{folder / 'web.db'}",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    env = {**os.environ, "HAMSTRONG_SECRET_KEY": "bench-only-secret-not-for-any-real-use"}
    env.pop("HAMSTRONG_DATABASE_URL", None)
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while True:
        try:
            if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            sys.exit("the server did not start:\n" + (folder / "server.log").read_text())
        time.sleep(0.1)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _post(client: httpx.Client, url: str, data: dict[str, object]) -> httpx.Response:
    response = client.post(url, data={**data, "csrftoken": client.cookies["csrftoken"]})
    if response.status_code != 303:
        sys.exit(f"POST {url} answered {response.status_code}:\n{response.text[:2000]}")
    return response


def start_user(client: httpx.Client, email: str, today: date) -> None:
    """Sign up, log in and start a programme with a session today, as a person would."""
    days = [WEEKDAYS[today.weekday()], WEEKDAYS[(today + timedelta(days=3)).weekday()]]
    client.get("/signup")
    signed_up = client.post(
        "/signup",
        data={"email": email, "password": PASSWORD, "csrftoken": client.cookies["csrftoken"]},
    )
    if signed_up.status_code != 200:  # the same answer for a free or a taken email
        sys.exit(f"POST /signup answered {signed_up.status_code}:\n{signed_up.text[:2000]}")
    _post(client, "/login", {"email": email, "password": PASSWORD})
    _post(client, "/onboarding/about", {"level": "beginner"})
    _post(client, "/onboarding/equipment", {})
    _post(client, "/onboarding/goals", {"goals": "strength"})
    schedule = {"sessions_per_week": 2, "days": days, "minutes": 30, "start": str(today)}
    _post(client, "/onboarding/schedule", schedule)
    _post(client, "/onboarding/injuries", {})
    _post(client, "/onboarding/screen", {q.key: "no" for q in QUESTIONS})
    _post(client, "/onboarding/start", {})


def signed_up_user(base: str, email: str, today: date) -> list[tuple[str, str, str]]:
    """(Cookie header, CSRF token, form body) for each set of today's session of a new user."""
    with httpx.Client(base_url=base, timeout=30) as client:
        start_user(client, email, today)
        page = client.get(f"/session/{today.isoformat()}").text
        rows = []
        for form in page.split('<form id="set-')[1:]:
            fields = dict(re.findall(r'name="(exercise|order|side)" value="([^"]*)"', form)[:3])
            if set(fields) == {"exercise", "order", "side"}:
                rows.append({**fields, "reps": "8", "rpe": "7", "pain": "0"})
        if not rows:
            sys.exit(f"no set to log on /session/{today.isoformat()}:\n{page[:2000]}")
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        token = client.cookies["csrftoken"]
        return [(cookie, token, str(httpx.QueryParams(row))) for row in rows]


def users_file(base: str, path: Path, prefix: str, count: int, today: date) -> list[str]:
    """Sign up ``count`` users; write one line per set to log, taking the users in turn."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        users = list(
            pool.map(
                lambda i: signed_up_user(base, f"{prefix}-{i}@example.com", today), range(count)
            )
        )
    lines = [
        "\t".join(user[n])
        for n in range(max(len(u) for u in users))
        for user in users
        if n < len(user)
    ]
    path.write_text("\n".join(lines) + "\n")
    return lines


def check_user(base: str, path: str, cookie: str, token: str, body: str) -> None:
    """One request of each kind as wrk will send it: they must be served, not redirected."""
    headers = {"Cookie": cookie}
    today = httpx.get(f"{base}/", headers=headers, timeout=10)
    if today.status_code != 200 or "Your session is due" not in today.text:
        sys.exit(f"GET / as a bench user answered {today.status_code}:\n{today.text[:2000]}")
    form = {"Content-Type": "application/x-www-form-urlencoded", "x-csrftoken": token}
    logged = httpx.post(
        f"{base}{path}", headers=headers | form | {"HX-Request": "true"}, content=body, timeout=10
    )
    if logged.status_code != 200 or "Saved:" not in logged.text:
        sys.exit(
            f"POST {path} as a bench user answered {logged.status_code}:\n{logged.text[:2000]}"
        )


def saved_sets(folder: Path) -> int:
    """How many sets the store holds: proof that the POSTs wrote."""
    with closing(sqlite3.connect(folder / "web.db")) as db:
        count: int = db.execute("SELECT count(*) FROM sets").fetchone()[0]
        return count


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> Result:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    bad = 0
    if found := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        bad += int(found.group(1))
    if found := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        bad += sum(int(n) for n in found.groups())
    return Result(rps, p50, p99, total, bad)


def run_wrk(wrk: str, base: str, method: str, path: str, users: Path, connections: int) -> Result:
    threads = min(2, connections)
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{DURATION}",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(LUA),
        f"{base}{path}",
        "--",
        method,
        path,
        str(users),
        str(threads),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        sys.exit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return parse_wrk(done.stdout)


def main() -> None:
    wrk = ensure_wrk()
    today = date.today()  # the server reads the same local clock
    log_path = f"/session/{today.isoformat()}/sets"
    scenarios = [
        ("GET  today page", "GET", "/", dict.fromkeys(CONNECTIONS, GET_USERS)),
        ("POST log a set ", "POST", log_path, POST_USERS),
    ]
    print(
        f"web: wrk {DURATION} per run, SQLite, {os.cpu_count()} cores shared by server and wrk; "
        f"each run has its own users ({GET_USERS} for GET, "
        f"{' and '.join(map(str, POST_USERS.values()))} for POST), taken in turn"
    )
    with tempfile.TemporaryDirectory(prefix="hamstrong-web-bench-") as tmp:
        process, base = start_server(Path(tmp))
        try:
            run = 0
            for label, method, path, counts in scenarios:
                for connections in CONNECTIONS:
                    run += 1
                    users = Path(tmp) / f"users-{run}.tsv"
                    lines = users_file(base, users, f"bench{run}", counts[connections], today)
                    if method == "GET":
                        check_user(base, log_path, *lines[0].split("\t"))
                    before = saved_sets(Path(tmp))
                    r = run_wrk(wrk, base, method, path, users, connections)
                    notes = [f"{r.bad} errors"] if r.bad else []
                    if method == "POST":
                        saved = saved_sets(Path(tmp)) - before
                        notes.append(f"{saved} sets saved")
                        if saved < r.requests - r.bad:  # the rest re-sent a saved set
                            notes.append("too few users for every request to write")
                    extra = f", {', '.join(notes)}" if notes else ""
                    print(
                        f"  {label} c={connections:<2}  {r.requests_per_s:8.1f} req/s"
                        f"  p50 {r.p50_ms:6.2f} ms  p99 {r.p99_ms:6.2f} ms"
                        f"  ({r.requests} requests{extra})"
                    )
        finally:
            stop_server(process)


if __name__ == "__main__":
    main()
