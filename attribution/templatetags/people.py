"""How pages name the people who reviewed, flagged or linked a claim."""

from django import template

from attribution.roles import Role, has_role, public_name

register = template.Library()


@register.filter
def shown_as(user, role: str) -> str | None:
    """`{{ flag.created_by|shown_as:"fact-checker" }}`: roles.public_name.

    With "any" (a history row, written by either role) the role is looked up.
    """
    if role == "any":
        held = Role.EDITOR if has_role(user, Role.EDITOR) else Role.FACT_CHECKER
        return public_name(user, held)
    return public_name(user, Role(role))
