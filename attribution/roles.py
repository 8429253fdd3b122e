"""Who may do what: editors review claims, fact-checkers flag and link them,
contributors (and editors) submit articles.

A role is a Django group of the same name; superusers hold every role. Readers need no
account at all: reading is open.
"""

from django.db import models


class Role(models.TextChoices):
    EDITOR = "editor", "Editor"
    FACT_CHECKER = "fact-checker", "Fact-checker"
    CONTRIBUTOR = "contributor", "Contributor"


SUBMIT_NEEDS_ROLE = (
    "Submitting articles needs the contributor or editor role; ask an editor "
    "to give your account one."
)


def public_name(user, role: Role) -> str | None:
    """How a person who reviewed, flagged or linked a claim is shown to the public.

    Never the username: that is half of a login, and public usernames let anyone
    aim the login lockout at a reviewer. The full name they go by when the account
    has one, else the role they acted in ("Editor"). None for no one.
    """
    if user is None:
        return None
    return user.get_full_name().strip() or str(role.label)


def has_role(user, role: Role) -> bool:
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role.value).exists()


def may_submit(user) -> bool:
    """Contributors and editors submit articles (text, files, URLs to fetch)."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    roles = [Role.CONTRIBUTOR.value, Role.EDITOR.value]
    return user.groups.filter(name__in=roles).exists()


def may_change_flag(user, flag) -> bool:
    """A flag is changed or withdrawn by its author (still a fact-checker) or by
    an editor."""
    if has_role(user, Role.EDITOR):
        return True
    return flag.created_by_id == user.pk and has_role(user, Role.FACT_CHECKER)
