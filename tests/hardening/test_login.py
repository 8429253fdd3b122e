"""Login brute force is locked out by username and address (django-axes), and every
form, login included, needs its CSRF token."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from attribution import services
from attribution.models import Article, Claim, ClaimFlag, Feed
from attribution.roles import Role
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("web:login")
LIMIT = settings.AXES_FAILURE_LIMIT


def _fail(client, username="ed", path=LOGIN, **extra):
    return client.post(path, {"username": username, "password": "wrong"}, **extra)


def test_the_login_page_locks_a_username_out_after_the_failure_limit(client, editor):
    answers = [_fail(client) for _ in range(LIMIT)]
    right = client.post(LOGIN, {"username": "ed", "password": "ed-password-123"})

    assert [a.status_code for a in answers[:-1]] == [200] * (LIMIT - 1)
    assert answers[-1].status_code == 429
    # Even the right password is refused while locked out, with a clear message.
    assert right.status_code == 429
    assert int(right["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert f"after {LIMIT} wrong passwords" in right.text
    assert "locked out from your address for 15 minutes" in right.text
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="ed").failures_since_start == LIMIT + 1


def test_the_lockout_is_per_username_and_address(client, editor, fact_checker):
    for _ in range(LIMIT):
        _fail(client)

    other_user = client.post(LOGIN, {"username": "fc", "password": "fc-password-123"})
    other_address = Client(REMOTE_ADDR="203.0.113.9").post(
        LOGIN, {"username": "ed", "password": "ed-password-123"}
    )

    assert other_user.status_code == 302
    assert other_address.status_code == 302


def test_a_successful_login_clears_earlier_failures(client, editor):
    for _ in range(LIMIT - 1):
        _fail(client)
    client.post(LOGIN, {"username": "ed", "password": "ed-password-123"})
    client.post(reverse("web:logout"))

    after = _fail(client)

    assert after.status_code == 200  # counting starts again
    assert AccessAttempt.objects.get(username="ed").failures_since_start == 1


def test_the_admin_login_shares_the_lockout(client, editor):
    for _ in range(LIMIT):
        _fail(client, path="/admin/login/")

    response = client.post(
        "/admin/login/", {"username": "ed", "password": "ed-password-123"}
    )

    assert response.status_code == 429
    assert "Too many failed logins" in response.text


def test_the_token_endpoint_shares_the_lockout_in_the_api_error_shape(editor):
    api = APIClient()
    url = reverse("api:token")
    answers = [
        api.post(url, {"username": "ed", "password": "wrong"}) for _ in range(LIMIT)
    ]
    right = api.post(url, {"username": "ed", "password": "ed-password-123"})

    assert [a.status_code for a in answers[:-1]] == [401] * (LIMIT - 1)
    assert answers[-1].status_code == right.status_code == 429
    error = right.json()["error"]
    assert error["code"] == "locked_out"
    assert "Too many failed logins" in error["message"]
    assert int(right["Retry-After"]) > 0
    assert "token" not in right.json()


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(
    client, editor, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(LIMIT):
        # A client cannot dodge the lockout by writing its own X-Forwarded-For.
        _fail(client, HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.7")

    spoofed = _fail(client, HTTP_X_FORWARDED_FOR="198.51.100.2, 192.0.2.7")
    elsewhere = client.post(
        LOGIN,
        {"username": "ed", "password": "ed-password-123"},
        HTTP_X_FORWARDED_FOR="192.0.2.8",
    )

    assert spoofed.status_code == 429
    assert elsewhere.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "192.0.2.7"


# CSRF -----------------------------------------------------------------------------


@pytest.fixture
def strict():
    return Client(enforce_csrf_checks=True)


def test_login_needs_the_csrf_token(strict, editor):
    refused = strict.post(LOGIN, {"username": "ed", "password": "ed-password-123"})
    page = strict.get(LOGIN)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    accepted = strict.post(
        LOGIN,
        {"username": "ed", "password": "ed-password-123", "csrfmiddlewaretoken": token},
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert "_auth_user_id" in strict.session


def test_the_admin_login_needs_the_csrf_token(strict, editor):
    response = strict.post(
        "/admin/login/", {"username": "ed", "password": "ed-password-123"}
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_every_ui_write_refuses_a_post_without_the_csrf_token(
    strict, django_user_model
):
    from attribution.web.urls import urlpatterns

    claim, other = ClaimFactory(), ClaimFactory()
    statement = services.claim_cluster(claim_id=claim.pk)
    root = django_user_model.objects.create_superuser("root", "", "pw")
    flag = services.claim_flag(claim_id=other.pk, user=root, verdict="false")
    strict.force_login(root)
    ids = {
        "claims": claim.pk,
        "flags": flag.pk,
        "articles": claim.article_id,
        "statements": statement.pk,
        "feeds": Feed.objects.create(url="https://example.org/feed.xml").pk,
        "watchlists": 1,  # refused before any watchlist is looked up
    }
    posts = {
        "article-create": {"text": "The mayor said the bridge is safe."},
        "claim-review": {"status": "approved", "version": claim.version},
        "claim-flag": {"verdict": "false", "note": "wrong"},
        "flag-edit": {f"flag-{flag.pk}-verdict": "true"},
        "flag-withdraw": {},
        "claim-relate": {"kind": "contradicts", "target": other.pk},
        "claim-edit": {"version": claim.version, "start": 0, "end": 5},
        "statement-merge": {"into": statement.pk},
        "statement-split": {"claim": claim.pk},
        "logout": {},
    }
    answers = {}
    for pattern in urlpatterns:  # every page, so that a new write is covered too
        route = str(pattern.pattern)
        kwargs = {}
        if "<int:pk>" in route:
            kwargs["pk"] = ids[route.split("/", 1)[0]]
        if "<int:other>" in route:
            kwargs["other"] = kwargs["pk"]
        elif "<str:slug>" in route:
            kwargs["slug"] = "someone"
        if "<str:token>" in route:
            kwargs["token"] = "not-a-token"
        url = reverse(f"web:{pattern.name}", kwargs=kwargs)
        answers[pattern.name] = strict.post(url, posts.get(pattern.name, {}))

    assert set(posts) <= set(answers), "a write this test knows of has gone"
    assert {n: a.status_code for n, a in answers.items() if a.status_code != 403} == {}
    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.UNREVIEWED
    assert claim.start != 0
    assert list(ClaimFlag.objects.values_list("pk", "verdict")) == [(flag.pk, "false")]
    assert Article.objects.count() == 2
    assert "_auth_user_id" in strict.session  # not logged out either


def test_every_post_form_on_the_pages_carries_the_csrf_token(client):
    user = services.user_create(
        username="both",
        password="both-pass-123",
        roles=[Role.EDITOR, Role.FACT_CHECKER],
    )
    claim = ClaimFactory()
    statement = services.claim_cluster(claim_id=claim.pk)
    client.force_login(user)
    pages = [
        reverse("web:claim-detail", args=[claim.pk]),
        reverse("web:article-create"),
        reverse("web:review-queue"),
        reverse("web:statement-detail", args=[statement.pk]),
        reverse("web:claim-list"),
    ]
    forms = []
    for url in pages:
        html = client.get(url).text
        forms += re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S | re.I)
    client.logout()
    forms += re.findall(
        r"<form[^>]*method=\"post\".*?</form>", client.get(LOGIN).text, re.S | re.I
    )

    assert len(forms) >= 8
    assert [f[:80] for f in forms if 'name="csrfmiddlewaretoken"' not in f] == []


def test_api_writes_by_a_logged_in_browser_need_the_csrf_token(strict, editor):
    claim = ClaimFactory()
    strict.force_login(editor)

    response = strict.post(
        reverse("api:claim-review", args=[claim.pk]),
        {"status": "approved"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.UNREVIEWED
