"""Writes for accounts: roles, users and API tokens."""

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from attribution.models import (
    ApiToken,
)
from attribution.roles import Role

# Accounts -------------------------------------------------------------------------

# What each role may change in the admin; the API checks roles itself.
_ROLE_PERMISSIONS = {
    Role.EDITOR: [
        "view_article",
        "change_article",
        "view_claim",
        "change_claim",
        "add_claimvia",
        "change_claimvia",
        "delete_claimvia",
        "view_claimvia",
        "add_speaker",
        "change_speaker",
        "view_speaker",
        "view_speakerdecision",
        "view_speakerchange",
        "add_outlet",
        "change_outlet",
        "view_outlet",
        "add_rating",
        "change_rating",
        "delete_rating",
        "view_rating",
        # The feed pages are read-only; editors pause and resume feeds there.
        "view_feed",
        "view_feedentry",
        "view_feedpage",
        "view_story",
        "view_storycopy",
    ],
    Role.FACT_CHECKER: [
        "view_article",
        "view_claim",
        "view_claimvia",
        "view_speaker",
        "view_outlet",
        "add_claimflag",
        "view_claimflag",
        "add_claimrelation",
        "view_claimrelation",
    ],
    # Contributors submit articles through the site and the API, not the admin.
    Role.CONTRIBUTOR: ["view_article", "view_outlet"],
}


def role_group_ensure(role: Role):
    """The group for a role, with the admin permissions that role needs."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=role.value)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="attribution",
            codename__in=_ROLE_PERMISSIONS[role],
        )
    )
    return group


def user_create(*, username: str, password: str, roles: Iterable[Role] = ()):
    """A staff account holding the given roles; the password is reset if it exists."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.set_password(password)
    user.save()
    user.groups.add(*(role_group_ensure(role) for role in roles))
    return user


# API tokens -----------------------------------------------------------------------

# Tokens one user may hold at once; making one more ends the oldest.
MAX_TOKENS_PER_USER = 20


def _token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_password_fingerprint(user) -> str:
    """A digest of the user's (salted) password hash: it changes with the password.

    Not keyed with SECRET_KEY, so rolling the key over does not end every token;
    it tells no more than the password hash beside it in the same database.
    """
    return hashlib.sha256(user.password.encode()).hexdigest()


def api_token_create(*, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`, and its key (shown this once; only a digest is kept).

    Every sign-in makes a new token, so a key is never handed out twice; beyond
    MAX_TOKENS_PER_USER the oldest are deleted. Expires after API_TOKEN_DAYS
    when that is set.
    """
    key = secrets.token_urlsafe(32)
    days = settings.API_TOKEN_DAYS
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            digest=_token_digest(key),
            prefix=key[:8],
            password_fingerprint=token_password_fingerprint(user),
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
        stale = ApiToken.objects.filter(user=user).values_list("pk", flat=True)[
            MAX_TOKENS_PER_USER:
        ]
        ApiToken.objects.filter(pk__in=list(stale)).delete()
    return token, key


def api_token_authenticate(*, key: str):
    """The token for `key` when it still holds, else None (and a dead one goes).

    A token ends when it expires, when its user is deactivated or when the user's
    password changed since it was made: those are deleted as they are presented.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_token_digest(key))
        .first()
    )
    if token is None:
        return None
    user = token.user
    expired = token.expires_at is not None and token.expires_at <= timezone.now()
    stale = not hmac.compare_digest(
        token.password_fingerprint, token_password_fingerprint(user)
    )
    if not user.is_active:
        api_tokens_revoke(user=user)
        return None
    if expired or stale:
        token.delete()
        return None
    return token


def api_token_revoke(*, user, token_id: int) -> bool:
    """Delete one of the user's own tokens; False when they have none of that id."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def api_tokens_revoke(*, user) -> int:
    """End every token of the user (on deactivation, or when they ask)."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted
