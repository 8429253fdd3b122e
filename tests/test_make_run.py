"""`make run` as a new user meets it: the demo logins come last, once the site
answers, and the worker's chatter goes to its log file."""

import os
import time
import uuid

import pytest
import requests

from tests.faults import support

pytestmark = [pytest.mark.worker, support.needs_postgres_and_redis]

BANNER_END = "Contributor login: contributor / attribution-demo"


@pytest.fixture
def make_run(transactional_db, tmp_path):
    """`make run` on a free port, the test database and a queue of its own."""
    port = support.unused_port()
    queue = f"attribution-make-run-{uuid.uuid4().hex[:10]}"
    env = support.process_env(CELERY_QUEUE=queue, VAR_DIR=str(tmp_path / "var"))
    del env["DEBUG"]  # as a new user runs it: make run's own DEBUG=true
    process = support.Process(
        "make run",
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        env,
        tmp_path / "make-run.log",
    )
    process.url = f"http://127.0.0.1:{port}/"
    yield process
    process.stop()
    support.broker().delete(
        queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
    )


def test_make_run_prints_the_demo_logins_last_once_the_site_answers(make_run):
    support.wait_for(
        lambda: BANNER_END in make_run.log(),
        timeout=240,
        what="the demo logins",
        alive=(make_run,),
        every=0.2,
    )
    # The moment they are printed, the site answers.
    assert requests.get(make_run.url, timeout=10).status_code == 200
    time.sleep(2)  # anything printed after the logins would show by now

    lines = [line for line in make_run.log().splitlines() if line.strip()]
    banner = lines.index("Attribution is ready at " + make_run.url)
    tail = lines[banner:]
    assert tail[1:4] == [
        "Editor login: editor / attribution-demo",
        "Fact-checker login: factchecker / attribution-demo",
        BANNER_END,
    ]
    # After the logins, only the request log line of the GET just made.
    assert all('"GET / HTTP/1.1" 200' in line for line in tail[5:]), tail
    started = next(i for i, line in enumerate(lines) if "Celery worker" in line)
    between = "\n".join(lines[started:banner])  # after install and migrate
    assert "Traceback" not in between and "WARNING" not in between, between
    assert os.path.getsize(make_run.log_path.parent / "var" / "worker.log") > 0
