"""The PostgreSQL database a benchmark runs on, created when it is missing; and
the baseline's code a benchmark compares itself with."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ensure_database(url: str) -> None:
    """Create the database `url` names, through the server's `postgres` database."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def django_on_database(default_url: str, **environ: str) -> str:
    """Set Django up on the bench's database (BENCH_DATABASE_URL, else
    `default_url`), created when missing; `environ` adds settings. Returns the URL."""
    url = os.environ.get("BENCH_DATABASE_URL", default_url)
    ensure_database(url)
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="attribution.settings", **environ
    )
    # The settings refuse to load without a key when DEBUG is off.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    import django

    django.setup()
    return url


def baseline_unpack(revision: str, into: str, dirs: list[str], keep: list[str]) -> None:
    """Unpack `dirs` as `revision` had them into the folder `into`, then copy over
    this tree's `keep` files (the bench itself and what it reads), so that the old
    code runs the same measurement."""
    archive = subprocess.run(
        ["git", "archive", revision, *dirs], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)
    for name in keep:
        (Path(into) / name).write_bytes((ROOT / name).read_bytes())


def run_before_and_after(revision: str, base: str, script: str, argv: list) -> int:
    """Run `script` (bench/<name>.py) with `argv` in the baseline's tree `base`, then
    in this one, each heading its output; the first failing exit code, else 0."""
    import sys

    for label, tree in [(f"before ({revision})", base), ("after", str(ROOT))]:
        print(f"--- {label}", flush=True)
        done = subprocess.run(
            [sys.executable, str(Path(tree) / script), *argv], cwd=tree
        )
        if done.returncode:
            return done.returncode
    return 0
