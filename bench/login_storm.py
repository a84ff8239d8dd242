"""40 logins at once, and how long another page takes meanwhile; prints figures, never asserts.

Starts `hamstrong serve` (2 workers, default argon2 parameters) on a free loopback port with a
fresh SQLite file and 40 accounts, then sends the 40 logins at the same moment while one client
keeps asking for the exercise library (a page without argon2), one request after another.
Reports when the last login was answered and the slowest and median library page meanwhile.
Audit finding 4 (issue 9): before the cap on argon2 work, the other pages waited up to 16 s.
"""

import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from web_load import PASSWORD, start_server, stop_server  # bench/ is on sys.path

LOGINS = 40


def _account(base: str, n: int) -> httpx.Client:
    """A client on the login page of a new account, ready to send its login."""
    email = f"storm-{n}@example.com"
    client = httpx.Client(base_url=base, timeout=120)
    client.get("/signup")
    data = {"email": email, "password": PASSWORD, "csrftoken": client.cookies["csrftoken"]}
    client.post("/signup", data=data)
    client.cookies.clear()  # signed out either way (older versions signed in at sign-up)
    client.get("/login")
    return client


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        process, base = start_server(Path(tmp))
        try:
            with ThreadPoolExecutor(4) as pool:
                clients = list(pool.map(lambda n: _account(base, n), range(LOGINS)))
            start = threading.Barrier(LOGINS + 1)
            done = threading.Event()
            pages: list[float] = []

            def login(client: httpx.Client) -> float:
                data = {
                    "email": f"storm-{clients.index(client)}@example.com",
                    "password": PASSWORD,
                    "csrftoken": client.cookies["csrftoken"],
                }
                start.wait()
                begun = time.perf_counter()
                client.post("/login", data=data)
                return time.perf_counter() - begun

            def browse() -> None:
                with httpx.Client(base_url=base, timeout=120) as reader:
                    start.wait()
                    while not done.is_set():
                        begun = time.perf_counter()
                        reader.get("/exercises")
                        pages.append(time.perf_counter() - begun)

            browser = threading.Thread(target=browse)
            browser.start()
            with ThreadPoolExecutor(LOGINS) as pool:
                logins = list(pool.map(login, clients))
            done.set()
            browser.join()
            for client in clients:
                client.close()
        finally:
            stop_server(process)
    print(
        f"{LOGINS} logins at once: last answered after {max(logins):.1f} s; the library page "
        f"meanwhile ({len(pages)} requests): median {statistics.median(pages) * 1000:.0f} ms, "
        f"slowest {max(pages) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
