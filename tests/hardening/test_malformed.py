"""Malformed input is a 400 in the one error shape (or cannot happen), never a
500: forged cursors, dates out of range, NUL in a path, JSON nested too deep,
HTML with nothing but script, and a claim marked contested without a flag."""

import base64

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from attribution import services
from attribution.models import Claim
from tests.factories import ClaimFactory, ClaimViaFactory

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "9999-12-31T23:59:59-23:59"


@pytest.fixture
def api():
    return APIClient()


def _forged_cursor(position: str) -> str:
    return base64.b64encode(f"p={position}".encode()).decode()


def _assert_error_shape(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status and error["code"] and error["message"]
    return error


@pytest.mark.parametrize(
    "url, field",
    [
        (f"/api/v1/claims/?cursor={_forged_cursor('abc')}", "cursor"),
        (f"/api/v1/flags/?cursor={_forged_cursor('abc')}", "cursor"),
        (f"/api/v1/claims/?published_after={OUT_OF_RANGE}", "published_after"),
        ("/api/v1/claims/?published_before=0001-01-01T00:00:00%2B23:59", None),
        (f"/api/v1/claims/?created_before={OUT_OF_RANGE}", "created_before"),
        (f"/api/v1/canonical-claims/?reported_after={OUT_OF_RANGE}", None),
        (f"/api/v1/exports/claims.csv?published_after={OUT_OF_RANGE}", None),
        (f"/api/v1/exports/claims.jsonl?created_after={OUT_OF_RANGE}", None),
        ("/api/v1/speakers/%00/", None),
        ("/api/v1/outlets/%00/", None),
        ("/api/v1/claims/%00/", None),
    ],
)
def test_a_malformed_query_is_a_400_in_the_error_shape(client, url, field):
    ClaimViaFactory()

    error = _assert_error_shape(client.get(url))

    if field:
        assert field in error["fields"]


def test_a_nul_in_a_page_path_is_a_400_page(client):
    response = client.get("/speakers/%00/")

    assert response.status_code == 400
    assert "NUL" in response.text


def test_a_json_body_nested_5000_deep_is_a_400_even_anonymously(client):
    body = "[" * 5000 + "]" * 5000

    for url in (reverse("api:token"), reverse("api:claim-list")):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code in (400, 401, 405)
        assert response.status_code != 500
    error = _assert_error_shape(
        client.post(reverse("api:token"), body, content_type="application/json")
    )
    assert error["code"] == "parse_error"


def test_a_json_body_nested_5000_deep_is_a_400_for_an_editor(api, editor):
    api.force_authenticate(editor)

    response = api.post(
        reverse("api:article-list"),
        "[" * 5000 + "]" * 5000,
        content_type="application/json",
    )

    assert _assert_error_shape(response)["code"] == "parse_error"


def test_html_with_nothing_but_a_script_in_svg_is_a_400(api, editor):
    api.force_authenticate(editor)

    response = api.post(
        reverse("api:article-list"),
        {"html": "<svg><script>alert(1)</script></svg>"},
        format="json",
    )

    _assert_error_shape(response)


def test_a_claim_contested_without_a_flag_does_not_break_the_claim_reviews(
    client, fact_checker
):
    flagged = ClaimFactory()
    services.claim_flag(
        claim_id=flagged.pk, user=fact_checker, verdict="false", note="", sources=[]
    )
    # Only possible by hand in the database now: the admin shows it read-only.
    bare = ClaimFactory()
    Claim.objects.filter(pk=bare.pk).update(contested=True)

    feed = client.get(reverse("api:claim-review-list"))
    detail = client.get(reverse("api:claim-review-detail", args=[bare.pk]))

    assert feed.status_code == 200
    assert [r["claimReviewed"] for r in feed.json()["results"]] == [flagged.text]
    _assert_error_shape(detail, 404)


def test_the_admin_cannot_tick_a_claim_contested(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    url = reverse("admin:attribution_claim_change", args=[claim.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert 'name="contested"' not in page.text
