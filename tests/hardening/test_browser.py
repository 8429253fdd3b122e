"""In a real browser: injected script never runs, and the Content-Security-Policy
breaks neither the UI, nor the API docs, nor the admin."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.hardening.xss import XSS

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:
    """Console errors and uncaught exceptions of the page, CSP reports included."""
    problems = []

    def console(message) -> None:
        # The admin has no favicon; the browser asks for /favicon.ico regardless.
        if message.type == "error" and "favicon.ico" not in message.location["url"]:
            problems.append(f"{message.location['url']}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_script_injected_into_the_data_never_runs(page, site, poisoned):
    problems = _watch(page)
    article, claim = poisoned["article"], poisoned["claim"]
    pages = [
        reverse("web:article-detail", args=[article.pk]),
        reverse("web:claim-detail", args=[claim.pk]),
        reverse("web:speaker-detail", args=[poisoned["speaker"].slug]),
        reverse("web:claim-list") + "?q=script",
    ]

    for url in pages:
        page.goto(site + url)
        page.wait_for_load_state("load")

        assert page.evaluate("typeof window.__xss") == "undefined", url
        assert page.locator("script:not([src])").count() == 0, url
        assert page.locator("img[onerror]").count() == 0, url
    page.goto(site + pages[0])
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{XSS} headline")
    page.goto(site + pages[1])
    expect(page.locator("mark.claim-in-context")).to_have_text(f"{XSS} is safe")
    assert problems == []


def test_the_ui_runs_its_own_scripts_under_the_policy(page, site, poisoned):
    from attribution import services
    from attribution.models import Article

    Article.objects.filter(pk=poisoned["article"].pk).update(status="pending")
    problems = _watch(page)

    page.goto(site + reverse("web:article-detail", args=[poisoned["article"].pk]))
    services.article_fail_parse(article_id=poisoned["article"].pk, error="No luck.")

    # article-status.js polls the status and reloads when the parse is over.
    expect(page.locator("#parse-status .status-label")).to_have_text(
        "Failed", timeout=8_000
    )
    assert problems == []


def test_the_api_docs_work_under_the_policy(page, site):
    problems = _watch(page)

    page.goto(f"{site}/api/v1/docs/")

    expect(page.get_by_text("Attribution API", exact=False).first).to_be_visible()
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert page.locator(".opblock").count() > 10
    assert problems == []


def test_the_admin_works_under_the_policy(page, site, django_user_model):
    django_user_model.objects.create_superuser("root", "", "root-pass-123")
    problems = _watch(page)

    page.goto(f"{site}/admin/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("root-pass-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Claims", exact=True).first).to_be_visible()
    page.goto(f"{site}/admin/attribution/outlet/add/")
    page.locator("#id_name").press_sequentially("Northfield Ledger")

    # The admin's own script fills the slug from the name.
    expect(page.locator("#id_slug")).to_have_value("northfield-ledger")
    assert problems == []


def test_an_extremely_long_line_wraps_inside_the_page(page, site):
    from tests.factories import ArticleFactory, ClaimFactory

    token = "A" * 5_000  # no space to break at, as in a pasted URL or a run of bytes
    body = f"{token}\n\nThe mayor said “the bridge is safe {token}"
    article = ArticleFactory(title="Long", body=body)
    claim = ClaimFactory(article=article, text=f"the bridge is safe {token}")

    for url in (
        reverse("web:article-detail", args=[article.pk]),
        reverse("web:claim-detail", args=[claim.pk]),
        reverse("web:claim-list"),
    ):
        page.goto(site + url)

        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], url
