"""Load: the API, the search and an article page under concurrent clients.

Fills a PostgreSQL database with generated claims whose words follow real article
text (bench/corpus.py: a word-bigram chain plus rare made-up names), serves the
project with gunicorn, and for each endpoint keeps --connections clients busy for
--seconds with keep-alive HTTP requests. Then it replays the SQL statements that
one request of that endpoint runs, through as many psycopg connections for as
long. Prints requests per second, p50 and p99 latency and the error count of both,
and the ratios.

Searches (a rare word, a common word, a two-word phrase, a quoted phrase, and a
quote looked up by a fragment with a typo) are timed through the API and as a web
page, each next to the baseline: the SQL that search ran before the stored
tsvector (every match parsed and ranked, the page's count and facets over every
match), built in this process and replayed through psycopg the same way. That
baseline is a floor of the old figure (it leaves out Django's own time).

    .venv/bin/python bench/load.py --claims 200000 --connections 16 --seconds 5

Client, server and database share this machine's cores, so the HTTP figures include
the clients' own work; the SQL figures are the floor any web stack would stand on.
"""

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import corpus
import search_load
from bench_database import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 8765


def main() -> None:
    global PORT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument(
        "--only",
        choices=["all", "search", "lists"],
        default="all",
        help="time only the searches, or only the lists and the article page",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--before",
        action="store_true",
        help="also serve the old claim list and article page (bench/before_wsgi.py, "
        "on --port + 1) and time them first",
    )
    args = parser.parse_args()
    PORT = args.port

    url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/attribution_load"
    )
    ensure_database(url)
    server_env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "attribution.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_COOKIES": "false",
        "PYTHONWARNINGS": "ignore:No directory at",  # no collected static files
        # Time the stack, not the rate limiter.
        "API_ANON_RATE": "100000000/second",
        "API_USER_RATE": "100000000/second",
    }
    os.environ.update(server_env)
    import django

    django.setup()
    from django.core.management import call_command

    from attribution.models import Article, Claim

    call_command("migrate", verbosity=0)
    corpus.fill(args.claims)
    article_id = Article.objects.order_by("pk").values_list("pk", flat=True).first()
    endpoints: list[tuple[str, str, list[str] | None]] = [
        ("claim list", "/api/v1/claims/?page_size=50", None),
        (
            "filtered list",
            "/api/v1/claims/?kind=direct&outlet=reuters&page_size=50",
            None,
        ),
        ("article page", f"/articles/{article_id}/", None),
    ]
    if args.only == "search":
        endpoints = []
    if args.only != "lists":
        endpoints += search_load.endpoints()

    _port_is_free()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # stop gunicorn too
    apps = ["attribution.wsgi", "bench.before_wsgi"][: 2 if args.before else 1]
    servers = [
        _gunicorn(app, PORT + n, args.workers, server_env) for n, app in enumerate(apps)
    ]
    try:
        for n in range(len(servers)):
            _wait_for_server(PORT + n)
        print(
            f"claims in the database: {Claim.objects.count():,}; gunicorn with "
            f"{args.workers} workers; {args.connections} connections, "
            f"{args.seconds:g} s per endpoint"
        )
        print(
            f"{'endpoint':<24} {'HTTP rps':>9} {'p50 ms':>8} {'p99 ms':>8}"
            f" {'errors':>6} | {'SQL rps':>9} {'p50 ms':>8} {'p99 ms':>8}"
            f" | {'rps ratio':>9} {'p50 ratio':>9}"
        )
        for name, path, baseline in endpoints:
            if baseline is not None:
                old = _load(_sql_request(url, baseline), args.connections, args.seconds)
                print(
                    f"{name + ' (before, SQL)':<24} {'':>9} {'':>8} {'':>8} {'':>6}"
                    f" | {_figures(old, errors=False)}"
                )
            old_run = None
            if args.before and baseline is None:
                old_run = _before(name, path, args.connections, args.seconds)
            statements = _statements(path)
            http_run = _load(_http_request(path), args.connections, args.seconds)
            sql_run = _load(
                _sql_request(url, statements), args.connections, args.seconds
            )
            print(
                f"{name:<24} {_figures(http_run)} | {_figures(sql_run, errors=False)}"
                f" | {sql_run.rps / http_run.rps:>8.1f}x"
                f" {_p(http_run.latencies, 50) / _p(sql_run.latencies, 50):>8.1f}x"
                + (
                    f" | before/now p50 "
                    f"{_p(old_run.latencies, 50) / _p(http_run.latencies, 50):.1f}x"
                    if old_run
                    else ""
                ),
                flush=True,
            )
    finally:
        for process in servers:
            process.terminate()
            process.wait(timeout=30)


def _before(name: str, path: str, connections: int, seconds: float) -> "Run":
    """The endpoint timed on the server of the old paths (bench/before_wsgi.py)."""
    run = _load(_http_request(path, PORT + 1), connections, seconds)
    print(f"{name + ' (before)':<24} {_figures(run)} |", flush=True)
    return run


def _gunicorn(app: str, port: int, workers: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            app,
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )


def _port_is_free() -> None:
    """Refuse to time another process's server (another bench on the port)."""
    try:
        http.client.HTTPConnection("127.0.0.1", PORT, timeout=2).connect()
    except OSError:
        return
    sys.exit(f"port {PORT} is in use: pass --port")


def _wait_for_server(port: int | None = None) -> None:
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port or PORT, timeout=2)
            conn.request("GET", "/health/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def _statements(path: str) -> list[str]:
    """The SQL one request of `path` runs, captured in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return [q["sql"] for q in captured.captured_queries]


class Run:
    def __init__(self):
        self.latencies: list[float] = []
        self.errors = 0
        self.elapsed = 0.0
        self.lock = threading.Lock()

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed


def _http_request(path: str, port: int | None = None):
    def make():
        conn = http.client.HTTPConnection("127.0.0.1", port or PORT, timeout=30)

        def request() -> bool:
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            return response.status == 200

        return request, conn.close

    return make


def _sql_request(url: str, statements: list[str]):
    def make():
        import psycopg

        conn = psycopg.connect(url, autocommit=True)

        def request() -> bool:
            for statement in statements:
                conn.execute(statement).fetchall()
            return True

        return request, conn.close

    return make


def _load(make, connections: int, seconds: float) -> Run:
    """Keep `connections` clients busy for `seconds`, after a short warm-up."""
    run = Run()
    start = threading.Barrier(connections + 1)
    stop = threading.Event()

    def client():
        request, close = make()
        try:
            warm_until = time.perf_counter() + 1
            while time.perf_counter() < warm_until:
                request()
            start.wait()
            mine, errors = [], 0
            while not stop.is_set():
                began = time.perf_counter()
                try:
                    ok = request()
                except (OSError, http.client.HTTPException):
                    ok = False
                mine.append(time.perf_counter() - began)
                errors += not ok
            with run.lock:
                run.latencies += mine
                run.errors += errors
        finally:
            close()

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    run.elapsed = time.perf_counter() - began
    return run


def _p(samples: list[float], p: int) -> float:
    if p == 50:
        return statistics.median(samples) * 1000
    return statistics.quantiles(samples, n=100)[p - 1] * 1000


def _figures(run: Run, errors: bool = True) -> str:
    text = (
        f"{run.rps:>9.1f} {_p(run.latencies, 50):>8.2f} {_p(run.latencies, 99):>8.2f}"
    )
    return text + (f" {run.errors:>6}" if errors else "")


if __name__ == "__main__":
    main()
