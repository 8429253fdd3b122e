"""Through gunicorn: every error under /api/ is the JSON error shape, Django's own
400s included, and a request without credentials (or with a bad token) is asked
to authenticate with a 401 and WWW-Authenticate."""

import requests

from tests.faults import support

pytestmark = support.needs_postgres_and_redis


def test_a_host_not_allowed_is_a_400_in_the_error_shape_under_the_api(start_web):
    web = start_web()

    api = requests.get(
        f"{web.url}/api/v1/claims/", headers={"Host": "evil.example"}, timeout=30
    )
    page = requests.get(f"{web.url}/", headers={"Host": "evil.example"}, timeout=30)

    assert api.status_code == 400
    assert api.headers["Content-Type"] == "application/json"
    assert api.json()["error"]["status"] == 400
    assert page.status_code == 400
    assert page.headers["Content-Type"].startswith("text/html")


def test_anonymous_writes_and_a_bad_token_answer_401_with_a_challenge(start_web):
    web = start_web()
    url = f"{web.url}/api/v1/articles/"

    anonymous = requests.post(url, json={"text": "The mayor said so."}, timeout=30)
    bad_token = requests.post(
        url,
        json={"text": "The mayor said so."},
        headers={"Authorization": "Token not-a-token"},
        timeout=30,
    )
    bad_token_read = requests.get(
        url, headers={"Authorization": "Token not-a-token"}, timeout=30
    )

    for answer in (anonymous, bad_token, bad_token_read):
        assert answer.status_code == 401, answer.text
        assert answer.headers["WWW-Authenticate"] == "Token"
        assert answer.json()["error"]["status"] == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"
    assert bad_token.json()["error"]["code"] == "authentication_failed"
