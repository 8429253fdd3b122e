"""Security headers on every kind of response, and templates that need no inline
script for the Content-Security-Policy to hold."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {name: values for name, *values in directives}


def _assert_hardened(response) -> None:
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_a_ui_page_carries_every_security_header(client):
    response = client.get(reverse("web:claim-list"))

    assert response.status_code == 200
    _assert_hardened(response)
    assert _policy(response)["style-src"] == ["'self'"]


def test_an_api_response_carries_every_security_header(client):
    ClaimFactory()

    response = client.get(reverse("api:claim-list"))

    assert response.status_code == 200
    _assert_hardened(response)


def test_the_admin_login_carries_every_security_header(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    _assert_hardened(response)


@pytest.mark.parametrize("path", ["/no-such-page/", "/api/v1/no-such-thing/"])
def test_error_pages_carry_every_security_header(client, path):
    response = client.get(path)

    assert response.status_code == 404
    _assert_hardened(response)


def test_a_refused_csrf_check_carries_every_security_header(reader):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)

    response = strict.post(reverse("web:article-create"), {"text": "x"})

    assert response.status_code == 403
    _assert_hardened(response)


def test_the_api_docs_allow_only_their_own_inline_style(client):
    page = client.get(reverse("api:docs"))
    script = client.get(reverse("api:docs") + "?script")

    assert page.status_code == 200
    _assert_hardened(page)
    assert _policy(page)["style-src"] == ["'self'", "'unsafe-inline'"]
    # Swagger UI comes from this origin and starts from a script file, not inline.
    assert "cdn.jsdelivr.net" not in page.text
    assert re.search(r'<script src="/static/drf_spectacular_sidecar/', page.text)
    assert "<script>" not in page.text
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.text


# Templates and scripts -----------------------------------------------------------

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def _templates() -> list[Path]:
    return sorted((ROOT / "templates").rglob("*.html"))


def test_no_template_has_inline_script_handlers_or_style():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (_INLINE_SCRIPT, _HANDLER, _STYLE_ATTR):
            offenders += [f"{path.name}: {m.group(0)}" for m in pattern.finditer(text)]
        if "javascript:" in text.lower() or "<style" in text.lower():
            offenders.append(f"{path.name}: javascript: URL or <style> block")

    assert _templates(), "no templates found"
    assert offenders == []


def test_scripts_never_build_markup_from_strings():
    offenders = [
        f"{path.name}: {m.group(0)}"
        for path in sorted((ROOT / "static" / "js").rglob("*.js"))
        for m in re.finditer(
            r"\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|"
            r"\beval\(|new Function\(",
            path.read_text(encoding="utf-8"),
        )
    ]

    assert offenders == []
