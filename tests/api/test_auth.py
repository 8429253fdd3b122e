"""Tokens for programs, throttling for everyone, one error shape."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def test_a_program_gets_a_token_and_reviews_with_it(api, editor):
    claim = ClaimFactory()
    token = api.post(
        reverse("api:token"), {"username": "ed", "password": "ed-password-123"}
    ).json()["token"]

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.post(
        reverse("api:claim-review", args=[claim.pk]), {"status": "rejected"}
    )

    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.reviewed_by == editor


def test_a_wrong_password_gets_no_token(api, editor):
    response = api.post(reverse("api:token"), {"username": "ed", "password": "nope"})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_sign_in_without_a_password_is_a_400_naming_the_field(api, editor):
    response = api.post(reverse("api:token"), {"username": "ed"})

    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]


def test_token_requests_are_throttled_with_retry_after(api, editor):
    # A different username each time: one username would be locked out after 5
    # (tests/hardening/test_login.py); the throttle counts every request.
    answers = [
        api.post(reverse("api:token"), {"username": f"ed{i}", "password": "guess"})
        for i in range(11)
    ]

    assert [a.status_code for a in answers[:10]] == [401] * 10
    assert answers[10].status_code == 429
    assert int(answers[10]["Retry-After"]) > 0
    assert answers[10].json()["error"]["code"] == "throttled"


def test_anonymous_reads_are_throttled(api, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")

    codes = [api.get(reverse("api:claim-list")).status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]
