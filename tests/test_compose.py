"""docker-compose.yml is a valid Compose file (no Docker engine needed)."""

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"


def test_compose_file_validates_against_the_compose_spec():
    run = subprocess.run(
        [
            Path(sys.executable).parent / "check-jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE),
        ],
        capture_output=True,
        text=True,
    )

    assert run.returncode == 0, run.stdout + run.stderr


def test_compose_runs_postgres_redis_web_worker_and_beat_with_health_checks():
    services = yaml.safe_load(COMPOSE.read_text())["services"]

    assert set(services) == {"postgres", "redis", "web", "proxy", "worker", "beat"}
    assert all("healthcheck" in service for service in services.values())
    assert "gunicorn" in services["web"]["command"]
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]


def test_only_the_proxy_is_published_so_no_client_reaches_gunicorn_directly():
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]

    published = {name for name, service in services.items() if service.get("ports")}

    assert published == {"proxy"}
    assert "web:8000" in compose["configs"]["caddyfile"]["content"]
    env = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    # The one proxy in front of gunicorn is the one X-Forwarded-For entry trusted.
    assert env["TRUSTED_PROXY_COUNT"] == "1"
