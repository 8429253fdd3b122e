"""Who may do what: editors review claims, fact-checkers flag and link them.

A role is a Django group of the same name; superusers hold every role. Readers need no
account at all: reading is open.
"""

from django.db import models


class Role(models.TextChoices):
    EDITOR = "editor", "Editor"
    FACT_CHECKER = "fact-checker", "Fact-checker"


def has_role(user, role: Role) -> bool:
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role.value).exists()
