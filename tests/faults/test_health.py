"""/health/ stays cheap for the public: the worker ping (a second of a web worker)
is for operators with the health token, and remembered for a few seconds."""

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.faults import support

pytestmark = support.needs_postgres_and_redis
TOKEN = "operators-health-token"


def _timed_get(url: str, **kwargs) -> tuple[float, requests.Response]:
    started = time.monotonic()
    response = requests.get(url, timeout=30, **kwargs)
    return time.monotonic() - started, response


def test_anyone_asking_for_the_worker_count_is_refused_at_once(start_web):
    web = start_web(HEALTH_WORKERS_TOKEN=TOKEN)
    url = f"{web.url}/health/?workers=1"
    requests.get(f"{web.url}/health/", timeout=30)  # the first request warms up

    # Four at once, as in the attack: each answers without pinging a worker.
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: _timed_get(url), range(4)))
    wrong = _timed_get(url, headers={"Authorization": "Bearer guess"})[1]
    public = requests.get(f"{web.url}/health/", timeout=30)

    assert all(r.status_code == 403 for _, r in answers)
    assert max(seconds for seconds, _ in answers) < 0.5
    assert answers[0][1].json()["error"]["code"] == "permission_denied"
    assert wrong.status_code == 403
    assert public.status_code == 200 and "workers" not in public.json()


def test_without_a_configured_token_nobody_gets_the_worker_count(start_web):
    web = start_web(HEALTH_WORKERS_TOKEN="")

    answer = requests.get(
        f"{web.url}/health/?workers=1", headers={"Authorization": "Bearer "}, timeout=30
    )

    assert answer.status_code == 403


def test_an_operator_gets_the_worker_count_and_the_ping_is_remembered(start_web):
    web = start_web(HEALTH_WORKERS_TOKEN=TOKEN, HEALTH_WORKERS_CACHE_SECONDS="30")
    url = f"{web.url}/health/?workers=1"
    operator = {"Authorization": f"Bearer {TOKEN}"}

    first_seconds, first = _timed_get(url, headers=operator)
    again_seconds, again = _timed_get(url, headers=operator)

    assert first.status_code == again.status_code == 200
    # A ping waits its whole second for answers; the second call reuses it.
    assert isinstance(first.json()["workers"], int)
    assert again.json()["workers"] == first.json()["workers"]
    assert first_seconds >= 0.9
    assert again_seconds < 0.5
