"""API tokens: a new one per sign-in, listed and revoked by their owner, ended by a
password change or a deactivation, and optionally expiring."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from attribution import services
from attribution.models import ApiToken

pytestmark = pytest.mark.django_db
PASSWORD = "ed-password-123"


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def _sign_in(api, name: str = "") -> dict:
    response = api.post(
        reverse("api:token"), {"username": "ed", "password": PASSWORD, "name": name}
    )
    assert response.status_code == 200, response.content
    return response.json()


def _with(api, key: str):
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def _works(api, key: str) -> bool:
    return _with(api, key).get(reverse("api:token-list")).status_code == 200


def test_each_sign_in_makes_a_new_token_and_only_its_digest_is_stored(api, editor):
    first, second = _sign_in(api, "laptop"), _sign_in(api)

    assert first["token"] != second["token"]
    assert first["name"] == "laptop" and first["prefix"] == first["token"][:8]
    stored = ApiToken.objects.values_list("digest", flat=True)
    assert first["token"] not in stored and second["token"] not in stored
    assert _works(api, first["token"]) and _works(api, second["token"])


def test_a_password_change_ends_every_token(api, editor):
    key = _sign_in(api)["token"]

    editor.set_password("a-new-password-456")
    editor.save()
    answer = _with(api, key).get(reverse("api:token-list"))

    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "Token"
    assert not ApiToken.objects.filter(user=editor).exists()


def test_a_deactivated_account_loses_its_tokens(api, editor):
    key = _sign_in(api)["token"]
    _sign_in(api)

    editor.is_active = False
    editor.save()

    assert not _works(api, key)
    assert not ApiToken.objects.filter(user=editor).exists()


def test_deactivating_in_the_admin_ends_the_tokens_at_once(
    client, editor, django_user_model
):
    services.api_token_create(user=editor)
    root = django_user_model.objects.create_superuser("root", "", "root-pass-123")
    client.force_login(root)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        username="ed",
        is_active="",
        is_staff="on",
        groups=[g.pk for g in editor.groups.all()],
        date_joined_0=editor.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=editor.date_joined.strftime("%H:%M:%S"),
    )
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    editor.refresh_from_db()
    assert not editor.is_active
    assert not ApiToken.objects.filter(user=editor).exists()


def test_owners_list_their_tokens_without_keys_and_never_anyone_elses(
    api, editor, fact_checker
):
    services.api_token_create(user=fact_checker)
    first = _sign_in(api, "laptop")
    key = _sign_in(api, "script")["token"]

    listed = _with(api, key).get(reverse("api:token-list")).json()

    assert [t["name"] for t in listed] == ["script", "laptop"]
    assert [t["current"] for t in listed] == [True, False]
    assert all("token" not in t and "digest" not in t for t in listed)
    assert listed[1]["prefix"] == first["token"][:8]


def test_owners_revoke_their_own_tokens_only(api, editor, fact_checker):
    others, _ = services.api_token_create(user=fact_checker)
    old = _sign_in(api)
    key = _sign_in(api)["token"]
    api = _with(api, key)

    revoked = api.delete(reverse("api:token-detail", args=[old["id"]]))
    not_mine = api.delete(reverse("api:token-detail", args=[others.pk]))

    assert revoked.status_code == 204
    assert not_mine.status_code == 404
    assert not_mine.json()["error"]["code"] == "not_found"
    assert not _works(api, old["token"])
    assert ApiToken.objects.filter(pk=others.pk).exists()


def test_listing_tokens_needs_a_sign_in(api):
    answer = api.get(reverse("api:token-list"))

    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "Token"


def test_tokens_expire_after_the_configured_days(api, editor, settings):
    settings.API_TOKEN_DAYS = 30
    made = _sign_in(api)
    token = ApiToken.objects.get(pk=made["id"])

    assert token.expires_at - timezone.now() > timedelta(days=29)
    assert _works(api, made["token"])
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert not _works(api, made["token"])
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_without_configured_days_tokens_do_not_expire(api, editor, settings):
    settings.API_TOKEN_DAYS = 0

    assert _sign_in(api)["expires_at"] is None


def test_a_user_holds_at_most_twenty_tokens(editor):
    made = [services.api_token_create(user=editor)[0] for _ in range(22)]

    kept = set(ApiToken.objects.filter(user=editor).values_list("pk", flat=True))

    assert len(kept) == services.MAX_TOKENS_PER_USER
    assert made[0].pk not in kept and made[-1].pk in kept


def test_staff_see_only_their_own_tokens_in_the_admin(client, editor, fact_checker):
    mine, _ = services.api_token_create(user=editor, name="mine")
    services.api_token_create(user=fact_checker, name="theirs")
    client.force_login(editor)

    page = client.get(reverse("admin:attribution_apitoken_changelist"))
    theirs = ApiToken.objects.get(name="theirs")
    delete_theirs = client.post(
        reverse("admin:attribution_apitoken_delete", args=[theirs.pk]), {"post": "yes"}
    )
    delete_mine = client.post(
        reverse("admin:attribution_apitoken_delete", args=[mine.pk]), {"post": "yes"}
    )

    assert page.status_code == 200
    assert "mine" in page.text and "theirs" not in page.text
    assert delete_theirs.status_code in (302, 403, 404)
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    assert delete_mine.status_code == 302
    assert not ApiToken.objects.filter(pk=mine.pk).exists()


def test_a_token_survives_a_secret_key_rollover(api, editor, settings):
    key = _sign_in(api)["token"]

    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 50

    assert _works(api, key)


def test_a_username_longer_than_any_account_is_a_400_naming_it_not_a_500(api, db):
    response = api.post(
        reverse("api:token"), {"username": "x" * 300, "password": "whatever"}
    )

    assert response.status_code == 400
    assert "username" in response.json()["error"]["fields"]
    assert not ApiToken.objects.exists()
