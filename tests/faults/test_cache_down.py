"""Through gunicorn: with the Redis that holds the throttling cache (and the broker)
stopped, reads and article submission still answer; throttling counts in each
process instead, and says so in the log."""

import shutil
import time

import pytest
import redis
import requests

from attribution import services
from tests.faults import support

pytestmark = [
    support.needs_postgres_and_redis,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

STORY = (
    "The ferry service resumed on Monday.\n\n"
    '"We are glad to be sailing again," the harbour master, Ola Dahl, told Reuters.'
)


@pytest.fixture
def private_redis(tmp_path):
    """A Redis of this test's own on an unused port (never the shared one)."""
    port = support.unused_port()
    server = support.Process(
        "redis",
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        support.process_env(),
        tmp_path / "redis.log",
    )
    client = redis.Redis(port=port)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    support.wait_for(answers, timeout=10, what="redis-server", alive=(server,))
    server.port = port
    yield server
    server.stop()


def test_reads_and_submissions_answer_while_the_cache_and_broker_are_down(
    start_web, editor, private_redis
):
    url = f"redis://127.0.0.1:{private_redis.port}"
    web = start_web(CACHE_URL=f"{url}/0", CELERY_BROKER_URL=f"{url}/1")
    token = services.api_token_create(user=editor)[1]
    assert requests.get(f"{web.url}/api/v1/claims/", timeout=30).status_code == 200

    private_redis.stop()
    started = time.monotonic()
    reads = [
        requests.get(f"{web.url}/api/v1/{path}/", timeout=30)
        for path in ("claims", "articles", "outlets")
    ]
    submitted = requests.post(
        f"{web.url}/api/v1/articles/",
        json={"text": STORY},
        headers={"Authorization": f"Token {token}"},
        timeout=30,
    )

    assert [r.status_code for r in reads] == [200, 200, 200], reads[0].text
    assert submitted.status_code == 202, submitted.text
    assert submitted.json()["status"] == "pending"
    assert time.monotonic() - started < 15  # the outage does not hang requests
    assert "Throttling cache unavailable" in web.log()
    assert web.log().count("Throttling cache unavailable") == 1  # not per request


def test_throttling_still_limits_in_each_process_while_the_cache_is_down(
    start_web, private_redis
):
    url = f"redis://127.0.0.1:{private_redis.port}"
    web = start_web(CACHE_URL=f"{url}/0", API_ANON_RATE="3/minute")
    private_redis.stop()

    codes = [
        requests.get(f"{web.url}/api/v1/outlets/", timeout=30).status_code
        for _ in range(4)
    ]

    assert codes == [200, 200, 200, 429]
