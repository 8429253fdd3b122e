"""Real processes for the fault tests: Celery workers and a gunicorn web server.

Both run against the test database and the configured Redis, each worker on a
queue of its own, so that a fault test never takes another test's (or a
developer's) messages.
"""

import base64
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
import redis
import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
T = TypeVar("T")

needs_postgres_and_redis = pytest.mark.skipif(
    not (
        settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        and settings.CELERY_BROKER_URL.startswith("redis://")
    ),
    reason="fault tests need PostgreSQL and Redis: set DATABASE_URL and "
    "CELERY_BROKER_URL (see README.md)",
)


def database_url(name: str | None = None) -> str:
    """The URL of the test database (or of another on the same server)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{name or db['NAME']}"


def unused_port() -> int:
    """A local TCP port nothing listens on (at least right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_env(**overrides: str) -> dict[str, str]:
    """The environment of a child process on the test database and broker, with the
    tests' settings (tests/settings.py), so the users a test creates sign in there."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
        ),
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "VAR_DIR": str(settings.VAR_DIR),
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(overrides)
    return env


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `manage.py` in a child process on the test database and broker."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=process_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def wait_for(
    check: Callable[[], T],
    *,
    timeout: float,
    what: str,
    alive: tuple["Process", ...] = (),
    every: float = 0.05,
) -> T:
    """Poll until check() is truthy and return it; fail with the processes' logs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        for process in alive:
            if process.popen.poll() is not None:
                pytest.fail(
                    f"{process.name} exited while waiting for {what}:\n{process.log()}"
                )
        time.sleep(every)
    logs = "\n".join(f"--- {p.name}:\n{p.log()}" for p in alive)
    pytest.fail(f"no {what} within {timeout} s\n{logs}")


class Process:
    """A child process in its own process group, its output in a log file."""

    def __init__(self, name: str, args: list[str], env: dict, log_path: Path):
        self.name = name
        self.log_path = log_path
        with log_path.open("wb") as log:
            self.popen = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the whole group at once, as when a machine or container dies."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


class Worker(Process):
    """`celery worker` with one pool process, consuming one queue and its feed queue."""

    def __init__(self, name: str, queue: str, log_path: Path, **env: str):
        super().__init__(
            name,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "attribution",
                "worker",
                "--hostname",
                f"{name}@%h",
                "--queues",
                f"{queue},{queue}.feeds",  # the feed tasks' queue too (settings)
                "--concurrency",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            process_env(CELERY_QUEUE=queue, **env),
            log_path,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        wait_for(
            lambda: " ready." in self.log(),
            timeout=timeout,
            what=f"{self.name} ready",
            alive=(self,),
        )

    def pool_processes(self) -> list[int]:
        """The pids of the worker's pool processes (the ones that run tasks)."""
        pid = self.popen.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except FileNotFoundError:
            return []
        return [int(child) for child in children.split()]

    def kill_pool_process(self) -> None:
        """SIGKILL the process running the task, as the kernel's OOM killer would."""
        for child in self.pool_processes():
            os.kill(child, signal.SIGKILL)


class WebServer(Process):
    """A web server process serving the project on a port of its own.

    gunicorn with one sync worker, as docker-compose.yml runs it, or with
    server="runserver" Django's development server, as `make run` starts it (its
    autoreloader off, so that it is one process). The two differ in what they
    accept from the app: wsgiref, under runserver, refuses a header value that is
    not exactly a str.
    """

    def __init__(self, log_path: Path, server: str = "gunicorn", **env: str):
        port = unused_port()
        self.url = f"http://127.0.0.1:{port}"
        commands = {
            "gunicorn": [
                sys.executable,
                "-m",
                "gunicorn",
                "attribution.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],
            "runserver": [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                f"127.0.0.1:{port}",
            ],
        }
        super().__init__(server, commands[server], process_env(**env), log_path)
        wait_for(
            lambda: _accepts(port),
            timeout=30,
            what=f"{server} listening",
            alive=(self,),
        )


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def broker() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def queued_tasks(queue: str) -> list[tuple[str, list]]:
    """(task name, args) of each message waiting in a Redis queue, oldest first."""
    tasks = []
    for raw in reversed(broker().lrange(queue, 0, -1)):
        message = json.loads(raw)
        args = json.loads(base64.b64decode(message["body"]))[0]
        tasks.append((message["headers"]["task"], args))
    return tasks


def lock_waiters() -> list[tuple[int, str]]:
    """(pid, query) of the test database's sessions waiting for a row or table lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, query FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchall()


def seed_text(name: str = "wagner-defector-medvedev-norway") -> str:
    return (SEEDS / f"{name}.txt").read_text()


EDITOR_PASSWORD = "ed-password-123"


def log_in(
    url: str, username: str = "ed", password: str = EDITOR_PASSWORD
) -> requests.Session:
    """A requests session signed in through the login form of the server at `url`."""
    session = requests.Session()
    login_url = f"{url}/accounts/login/"
    session.get(login_url, timeout=30)
    response = session.post(
        login_url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
    )
    assert response.status_code == 200 and "sessionid" in session.cookies
    return session


def in_thread(work: Callable[[], object], outcomes: list) -> threading.Thread:
    """Start `work` in a thread of its own with its own database connection,
    closed after; what it returns, or the exception it raises, goes into
    `outcomes`."""

    def run() -> None:
        try:
            outcomes.append(work())
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread
