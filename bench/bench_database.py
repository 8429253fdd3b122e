"""The PostgreSQL database a benchmark runs on, created when it is missing."""

from __future__ import annotations


def ensure_database(url: str) -> None:
    """Create the database `url` names, through the server's `postgres` database."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
