"""Template filters of the newsroom UI."""

from django import template

from attribution.roles import Role, has_role, may_submit

register = template.Library()

OPENING = "“\"‘'«"
CLOSING = "”\"’'»"


@register.filter
def open_quote(text: str) -> str:
    """“ unless the text already opens with a quote mark of its own."""
    text = str(text)
    return "" if text[:1] and text[:1] in OPENING else "“"


@register.filter
def close_quote(text: str) -> str:
    """” unless the text already closes with a quote mark (or an ellipsis after one)."""
    text = str(text).rstrip("…")
    return "" if text[-1:] and text[-1:] in CLOSING else "”"


@register.filter
def quoted(text: str) -> str:
    """The text in curly quotes, without doubling a mark it has at either end (a
    direct quote stored with its own marks)."""
    return f"{open_quote(text)}{text}{close_quote(text)}"


@register.filter
def can(user, role: str) -> bool:
    """Whether the user holds the role ("editor", "fact-checker"), or with
    "submit" whether they may submit articles (contributors and editors)."""
    if role == "submit":
        return may_submit(user)
    return has_role(user, Role(role))
