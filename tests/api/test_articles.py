"""Ingest and read articles through /api/v1/articles/."""

import pytest
from django.urls import reverse

from attribution.models import Article
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db
LIST = reverse("api:article-list")
STORY = '"The road stays shut," the fire chief told Reuters on Sunday.'


def test_posting_text_answers_202_with_a_status_url_and_parses(
    as_user, editor, django_capture_on_commit_callbacks
):
    client = as_user(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIST, {"text": STORY, "title": "Road"})

    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == body["status_url"]
    status = client.get(body["status_url"]).json()
    assert status["status"] == "parsed" and status["claim_count"] >= 1
    assert Article.objects.get().title == "Road"


def test_posting_the_same_content_twice_returns_the_existing_article(as_user, editor):
    client = as_user(editor)
    first = client.post(LIST, {"text": STORY})

    again = client.post(LIST, {"text": STORY + "\n"})

    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Article.objects.count() == 1


def test_posting_html_stores_its_main_text(as_user, editor):
    html = (
        "<html><body><nav>Home | News</nav><article><p>The council said the library "
        "would reopen in spring after repairs to its roof.</p></article></body></html>"
    )

    response = as_user(editor).post(LIST, {"html": html})

    assert response.status_code == 202
    assert Article.objects.get().body.startswith("The council said the library")


@pytest.mark.parametrize(
    "payload, message",
    [
        ({}, "exactly one of"),
        ({"url": "ftp://example.org/a"}, "Only http and https"),
        ({"url": "http://2130706433/"}, "not a host name"),
        ({"text": "   "}, "no text, only whitespace"),
        ({"text": STORY, "html": "<p>x</p>"}, "exactly one of"),
        ({"html": "<nav>Home</nav>"}, "No article text"),
    ],
)
def test_unusable_input_gets_a_400_that_says_why(as_user, editor, payload, message):
    response = as_user(editor).post(LIST, payload)

    assert response.status_code == 400
    assert message in str(response.json()["error"])
    assert not Article.objects.exists()


def test_anonymous_users_cannot_submit_articles(api):
    response = api.post(LIST, {"text": STORY})

    assert response.status_code in {401, 403}
    assert not Article.objects.exists()


def test_a_failed_article_shows_its_error_on_the_status_url(api):
    article = ArticleFactory(status=Article.Status.FAILED, error="Too large.")

    body = api.get(reverse("api:article-status", args=[article.pk])).json()

    assert body["status"] == "failed" and body["error"] == "Too large."


def test_article_detail_includes_its_claims_in_text_order(api):
    article = ArticleFactory(body="Ann said one. Bob said two.")
    later = ClaimFactory(article=article, text="two")
    earlier = ClaimFactory(article=article, text="one", speaker=later.speaker)

    body = api.get(reverse("api:article-detail", args=[article.pk])).json()

    assert [c["id"] for c in body["claims"]] == [earlier.pk, later.pk]
    assert body["claim_count"] == 2


def test_article_list_query_count_does_not_grow_with_the_page(
    api, django_assert_num_queries
):
    for _ in range(20):
        ClaimFactory(article=ArticleFactory())

    with django_assert_num_queries(1):
        api.get(LIST, {"page_size": 20})


def _detail(article) -> str:
    return reverse("api:article-detail", args=[article.pk])


def test_an_editor_patches_an_articles_details_and_the_change_is_recorded(
    as_user, editor
):
    article = ArticleFactory(title="Old", url="")

    response = as_user(editor).patch(
        _detail(article),
        {
            "title": "New",
            "source_url": "https://example.org/story",
            "publisher": "Reuters",
            "published_at": "2024-05-31T08:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["title"], body["source_url"], body["claimed_url"]) == (
        "New",
        "",
        "https://example.org/story",
    )
    assert body["publisher"]["name"] == "Reuters"
    assert body["published_at"].startswith("2024-05-31")
    record = article.history.latest()
    assert record.history_user == editor and record.title == "New"


def test_patching_an_article_needs_the_editor_role(as_user, fact_checker, api):
    article = ArticleFactory(title="Old")

    assert api.patch(_detail(article), {"title": "X"}).status_code == 401
    forbidden = as_user(fact_checker).patch(_detail(article), {"title": "X"})

    assert forbidden.status_code == 403
    article.refresh_from_db()
    assert article.title == "Old"


def test_bad_details_answer_400_naming_each_field(as_user, editor):
    article = ArticleFactory(title="Old")

    response = as_user(editor).patch(
        _detail(article),
        {"source_url": "ftp://x.org/a", "published_at": "2999-01-01T00:00:00Z"},
        format="json",
    )

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"source_url", "published_at"}
    article.refresh_from_db()
    assert article.url == "" and article.published_at is None


# Who may submit, and provenance (issue 12 items 2 and 4) -------------------------

CLAIMED = "https://www.reuters.com/world/fire-chief-2026-03-01/"


def test_an_account_with_no_role_gets_403_saying_which_role_submitting_needs(
    as_user, reader
):
    response = as_user(reader).post(LIST, {"text": STORY})

    assert response.status_code == 403
    error = response.json()["error"]
    assert "contributor or editor role" in error["message"]
    assert not Article.objects.exists()


def test_pasted_text_with_a_source_url_reads_as_the_contributors_unverified_submission(
    as_user, contributor
):
    response = as_user(contributor).post(
        LIST, {"text": STORY, "source_url": CLAIMED}, format="json"
    )

    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["source_url"] == "" and body["claimed_url"] == CLAIMED
    assert body["origin"] == "submitted" and body["unverified"] is True
    assert body["submitted_by"] == "Contributor" and body["verified_at"] is None
    stored = Article.objects.get()
    assert (stored.url, stored.submitted_by) == ("", contributor)


def test_text_pasted_under_a_url_never_answers_for_that_url(as_user, contributor):
    client = as_user(contributor)
    fake = client.post(LIST, {"text": STORY, "source_url": CLAIMED}).json()

    fetched = client.post(LIST, {"url": CLAIMED})

    assert fetched.status_code == 202, fetched.json()
    body = fetched.json()
    assert body["id"] != fake["id"] and body["origin"] == "fetched"
    assert body["source_url"] == CLAIMED and body["unverified"] is False


def test_a_refused_url_is_reported_under_fields_url(as_user, contributor):
    response = as_user(contributor).post(LIST, {"url": "http://2130706433/"})

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == ["url"] and "not a host name" in fields["url"][0]


def test_a_source_url_with_a_url_to_fetch_is_refused_under_source_url(
    as_user, contributor
):
    response = as_user(contributor).post(LIST, {"url": CLAIMED, "source_url": CLAIMED})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["source_url"]


def test_pasted_text_with_no_title_is_named_by_its_headline(as_user, contributor):
    text = f"Road shut after fire\n\n{STORY}"

    body = as_user(contributor).post(LIST, {"text": text}).json()

    assert body["title"] == "Road shut after fire"


def test_the_article_list_names_submitters_without_a_query_per_article(
    api, contributor, django_assert_num_queries
):
    for _ in range(10):
        ArticleFactory(submitted_by=contributor)

    with django_assert_num_queries(1):
        body = api.get(LIST, {"page_size": 10}).json()

    assert {a["submitted_by"] for a in body["results"]} == {"Contributor"}
