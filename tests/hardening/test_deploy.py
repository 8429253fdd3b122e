"""The production settings in .env.example pass Django's deployment checklist, and
secrets come only from the environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each test starts manage.py

ROOT = Path(__file__).resolve().parents[2]


def _env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    # Only these variables: nothing from the developer's or CI's environment.
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_production_settings_pass_check_deploy_with_a_random_key():
    env = {**_env_example(), "SECRET_KEY": secrets.token_urlsafe(64)}

    run = _run(["check", "--deploy", "--fail-level", "WARNING"], env)

    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def test_check_deploy_fails_when_the_secret_key_is_left_empty():
    env = _env_example()
    assert env["SECRET_KEY"] == ""  # the example ships no key to copy

    run = _run(["check", "--deploy", "--fail-level", "WARNING"], env)

    assert run.returncode != 0
    assert "security.W009" in run.stderr


def test_check_deploy_fails_when_debug_is_switched_on():
    env = {**_env_example(), "SECRET_KEY": secrets.token_urlsafe(64), "DEBUG": "true"}

    run = _run(["check", "--deploy", "--fail-level", "WARNING"], env)

    assert run.returncode != 0
    assert "security.W018" in run.stderr


def test_debug_is_off_and_the_key_is_a_development_one_with_no_environment():
    code = (
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.SECRET_KEY.startswith('django-insecure'))"
    )

    run = _run(["shell", "-c", code], {})

    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1].split() == ["False", "True"]
