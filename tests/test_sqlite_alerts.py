"""`make run` keeps its data in SQLite: the alert services, whose PostgreSQL path
is one query per article, take a plain path there (run here in a child pytest
against a SQLite file, as the suite itself runs on PostgreSQL)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_saved_searches_alerts_and_webhooks_work_on_make_runs_sqlite_too(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["VAR_DIR"] = str(tmp_path)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_alert_services.py",
            "tests/test_alert_webhooks.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stdout[-3000:]
