"""The PostgreSQL database a benchmark runs on, created when it is missing; and
the baseline's code a benchmark compares itself with."""

from __future__ import annotations

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
