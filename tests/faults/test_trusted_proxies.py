"""Through gunicorn: a client that writes its own X-Forwarded-For dodges neither the
login lockout nor the API's throttles, with gunicorn exposed directly or behind a
trusted proxy (which appends the address it saw)."""

import pytest
import requests
from django.conf import settings

from tests.faults import support

pytestmark = support.needs_postgres_and_redis
LIMIT = settings.AXES_FAILURE_LIMIT
PROXY_SAW = "192.0.2.7"  # what the trusted proxy appends: the client's real address


def _spoofed(i: int, behind_proxy: bool) -> dict[str, str]:
    written = f"198.51.100.{i % 250 + 1}"
    return {"X-Forwarded-For": f"{written}, {PROXY_SAW}" if behind_proxy else written}


@pytest.mark.parametrize(
    "proxies",
    [
        # gunicorn reached directly, though told it is behind a TLS proxy
        {"TRUSTED_PROXY_COUNT": "0", "BEHIND_TLS_PROXY": "true"},
        {"TRUSTED_PROXY_COUNT": "1"},  # behind one proxy
        {"TRUSTED_PROXIES": "127.0.0.0/8"},  # behind a proxy known by address
    ],
    ids=["no-proxy", "one-proxy", "listed-proxy"],
)
def test_a_new_forwarded_address_per_guess_does_not_dodge_the_lockout(
    start_web, editor, proxies
):
    web = start_web(**proxies)
    behind = proxies.get("TRUSTED_PROXY_COUNT") != "0"
    url = f"{web.url}/api/v1/auth/token/"

    guesses = [
        requests.post(
            url,
            json={"username": "ed", "password": f"wrong-{i}"},
            headers=_spoofed(i, behind),
            timeout=30,
        )
        for i in range(LIMIT)
    ]
    right = requests.post(
        url,
        json={"username": "ed", "password": support.EDITOR_PASSWORD},
        headers=_spoofed(LIMIT, behind),
        timeout=30,
    )

    assert [g.status_code for g in guesses[:-1]] == [401] * (LIMIT - 1)
    assert guesses[-1].status_code == 429
    assert right.status_code == 429, right.text
    assert "token" not in right.json()


def test_a_spoofed_address_cannot_lock_a_victim_out_behind_the_proxy(start_web, editor):
    web = start_web(TRUSTED_PROXY_COUNT="1")
    url = f"{web.url}/api/v1/auth/token/"
    for i in range(LIMIT):
        # The attacker writes the victim's address; the proxy appends its own view.
        requests.post(
            url,
            json={"username": "ed", "password": f"wrong-{i}"},
            headers={"X-Forwarded-For": f"203.0.113.50, {PROXY_SAW}"},
            timeout=30,
        )

    victim = requests.post(
        url,
        json={"username": "ed", "password": support.EDITOR_PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.50"},
        timeout=30,
    )

    assert victim.status_code == 200, victim.text
    assert victim.json()["token"]


@pytest.mark.parametrize("behind", [False, True], ids=["no-proxy", "one-proxy"])
def test_token_requests_are_throttled_whatever_address_the_client_writes(
    start_web, behind
):
    web = start_web(
        TRUSTED_PROXY_COUNT="1" if behind else "0", API_TOKEN_RATE="4/minute"
    )

    codes = [
        requests.post(
            f"{web.url}/api/v1/auth/token/",
            json={"username": f"user{i}", "password": "guess"},
            headers=_spoofed(i, behind),
            timeout=30,
        ).status_code
        for i in range(5)
    ]

    assert codes == [401, 401, 401, 401, 429]


@pytest.mark.parametrize("behind", [False, True], ids=["no-proxy", "one-proxy"])
def test_anonymous_reads_are_throttled_whatever_address_the_client_writes(
    start_web, behind
):
    web = start_web(
        TRUSTED_PROXY_COUNT="1" if behind else "0", API_ANON_RATE="4/minute"
    )

    answers = [
        requests.get(
            f"{web.url}/api/v1/outlets/", headers=_spoofed(i, behind), timeout=30
        )
        for i in range(5)
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0
