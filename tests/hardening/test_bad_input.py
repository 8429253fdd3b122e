"""Bad input through all three doors: the API, the ingest page and `manage.py ingest`.

Each bad input gets a message naming its problem, stores nothing, and leaves the
articles already there as they were; the inputs that can be saved are stored clean.
"""

import io
import json
import random

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from attribution import ingestion
from attribution.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

API = reverse("api:article-list")
PAGE = reverse("web:article-create")
MB = 1024 * 1024

STORY = (
    "Council approves the new bridge\n\n"
    "The mayor said on Tuesday that the new bridge would open next spring after "
    "years of delay and two failed tenders."
)
FRENCH = (
    "Le ministre a déclaré mardi que la réforme était « nécessaire ». Après l'été, "
    "les élèves reviendront à l'école, a-t-il ajouté devant les députés.\n\n"
) * 4
SCRIPTED_HTML = """<!doctype html><html><head><title>Council approves bridge</title>
<style>.lede { color: red }</style><script>window.__xss = 1</script></head>
<body onload="window.__xss = 2"><article><h1>Council approves bridge</h1>
<p onclick="window.__xss = 3">The mayor said on Tuesday that the new bridge would
open next spring after years of delay.</p>
<script>document.write("injected by a script")</script>
<p>Critics said the cost <a href="javascript:alert(1)">had doubled</a> since the plan
was first announced in 2019.</p><img src="x" onerror="window.__xss = 4">
</article></body></html>"""
NAVIGATION_ONLY = """<!doctype html><html><head><title>Example News</title></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<footer><a href="/about">About us</a> <a href="/privacy">Privacy</a></footer>
</body></html>"""
# One line of about 90,000 characters whose opening quotation marks never close.
LONG_UNBALANCED = (
    "The minister said “the reform is necessary and will go ahead " * 1500
    + "\n\nThe mayor said the bridge is safe. And then a stray ” closing mark."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
_RNG = random.Random(7)
UNDETECTABLE = bytes(_RNG.randrange(128, 256) for _ in range(4000))  # no encoding fits


@pytest.fixture
def existing(db):
    """An article already stored, which no bad input may touch."""
    return ArticleFactory(title="Already here", body=STORY)


def _untouched(existing) -> None:
    assert Article.objects.count() == 1
    fresh = Article.objects.get()
    assert (fresh.pk, fresh.title, fresh.body, fresh.content_hash) == (
        existing.pk,
        "Already here",
        STORY,
        ingestion.content_hash(STORY),
    )


def _only_new_article(existing) -> Article:
    assert Article.objects.count() == 2
    return Article.objects.exclude(pk=existing.pk).get()


def _assert_clean_html(article: Article) -> None:
    assert "The mayor said on Tuesday" in article.body
    assert "had doubled" in article.body
    for trace in ("__xss", "injected by a script", "color: red", "alert("):
        assert trace not in article.body
    html = article.original_html.lower()
    for trace in ("<script", "<style", "onload", "onclick", "onerror", "javascript:"):
        assert trace not in html
    assert "the mayor said on tuesday" in html


# The API -----------------------------------------------------------------------


@pytest.fixture
def api(editor):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(editor)
    return client


def _api_error(response, status: int) -> str:
    assert response.status_code == status, response.content[:300]
    error = response.json()["error"]
    assert error["status"] == status
    fields = error.get("fields") or {}
    return " ".join([error["message"], *(str(v) for v in fields.values())])


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ({}, "exactly one of 'text', 'html' or 'url'"),
        ({"text": ""}, "may not be blank"),
        ({"text": " \n\t \n"}, "no text, only whitespace"),
        ({"html": "  \n "}, "no text, only whitespace"),
        ({"text": "\x01\x02\x03\x04\x05\x06 binary \x07\x08\x0e\x0f" * 50}, "binary"),
        ({"text": "The mayor\x00 said the bridge is safe."}, "Null characters"),
        ({"text": "The mayor said \ud800 the bridge is safe."}, "Surrogate"),
        ({"html": NAVIGATION_ONLY}, "all navigation"),
    ],
    ids=[
        "empty-body",
        "empty-text",
        "whitespace-text",
        "whitespace-html",
        "binary",
        "nul-byte",
        "lone-surrogate",
        "navigation",
    ],
)
def test_the_api_refuses_bad_input_naming_the_problem(api, existing, payload, problem):
    # json.dumps escapes what cannot travel raw (a lone surrogate) as JSON allows.
    response = api.post(API, json.dumps(payload), content_type="application/json")

    assert problem in _api_error(response, 400)
    _untouched(existing)


def test_the_api_answers_413_naming_the_limit_for_a_body_over_it(api, existing):
    body = json.dumps({"text": "The mayor said the bridge is safe. " * (6 * MB // 35)})

    response = api.post(API, body, content_type="application/json")

    assert response["Content-Type"] == "application/json"
    assert "larger than 5 MB, the limit" in _api_error(response, 413)
    assert response.json()["error"]["code"] == "too_large"
    _untouched(existing)


def test_the_api_answers_413_naming_the_limit_for_text_too_long_to_parse(api, existing):
    text = "The mayor said the bridge is safe. " * 7000  # 245,000 characters

    response = api.post(API, {"text": text}, format="json")

    assert "more than 200,000, the limit" in _api_error(response, 413)
    _untouched(existing)


def test_the_api_refuses_binary_and_non_utf8_bodies(api, existing):
    binary = api.post(API, PNG, content_type="application/octet-stream")
    latin1 = api.post(
        API,
        json.dumps({"text": FRENCH}, ensure_ascii=False).encode("cp1252"),
        content_type="application/json",
    )

    assert "application/octet-stream" in _api_error(binary, 415)
    assert "utf-8" in _api_error(latin1, 400)
    _untouched(existing)


def test_the_api_stores_html_without_its_scripts_styles_or_handlers(api, existing):
    response = api.post(API, {"html": SCRIPTED_HTML}, format="json")

    assert response.status_code == 202
    article = _only_new_article(existing)
    _assert_clean_html(article)
    assert article.title == "Council approves bridge"


@pytest.mark.slow
def test_the_api_parses_a_huge_line_with_unbalanced_quotes_into_sound_claims(
    api, existing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(API, {"text": LONG_UNBALANCED}, format="json")

    assert response.status_code == 202
    article = _only_new_article(existing)
    assert article.body == ingestion.clean_text(LONG_UNBALANCED)
    assert article.status == Article.Status.PARSED, article.error
    claims = list(article.claims.all())
    assert claims
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(article.body)
        assert article.body[claim.start : claim.end] == claim.text
    assert Article.objects.get(pk=existing.pk).body == STORY


# The ingest page ---------------------------------------------------------------


@pytest.fixture
def page(client, editor):
    client.force_login(editor)
    return client


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def _page_error(response) -> str:
    assert response.status_code == 400  # the form again, with the reason
    errors = response.context["form"].errors.as_data()
    messages = [str(m) for e in errors.values() for err in e for m in err.messages]
    for message in messages:
        assert message.split(":")[0].replace("'", "&#x27;") in response.text
    return " ".join(messages)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({}, "exactly one of"),
        ({"text": " \r\n\t \r\n"}, "no text, only whitespace"),
        ({"text": "\x01\x02\x03\x04\x05\x06 binary \x07\x08\x0e\x0f" * 50}, "binary"),
        ({"text": "A" * 200_001}, "more than 200,000, the limit"),
        ({"file": ("empty.txt", b"")}, "empty"),
        ({"file": ("blank.txt", b"  \n\t \n")}, "only whitespace"),
        ({"file": ("image.txt", PNG)}, "binary data"),
        (
            {"file": ("mystery.txt", UNDETECTABLE)},
            "not text in any encoding we can detect",
        ),
        ({"file": ("menu.html", NAVIGATION_ONLY.encode())}, "all navigation"),
    ],
    ids=[
        "empty",
        "whitespace",
        "binary-text",
        "too-long",
        "empty-file",
        "whitespace-file",
        "binary-file",
        "undetectable-encoding",
        "navigation",
    ],
)
def test_the_ingest_page_refuses_bad_input_naming_the_problem(
    page, existing, data, problem
):
    if "file" in data:
        data = {"file": _upload(*data["file"])}

    response = page.post(PAGE, data)

    assert problem in _page_error(response)
    _untouched(existing)


def test_the_ingest_page_answers_413_naming_the_limit_for_a_large_upload(
    page, existing
):
    big = _upload("big.txt", b"The mayor said the bridge is safe.\n" * (6 * MB // 35))

    response = page.post(PAGE, {"file": big})

    assert response.status_code == 413
    assert "larger than 5 MB, the limit" in response.text
    assert "nothing was stored" in response.text
    _untouched(existing)


def test_the_ingest_page_decodes_a_non_utf8_file(page, existing):
    response = page.post(PAGE, {"file": _upload("story.txt", FRENCH.encode("cp1252"))})

    assert response.status_code == 302
    article = _only_new_article(existing)
    assert "Le ministre a déclaré mardi que la réforme était « nécessaire »" in (
        article.body
    )


@pytest.mark.parametrize("how", ["file", "text"])
def test_the_ingest_page_stores_html_without_scripts_styles_or_handlers(
    page, existing, how
):
    data = (
        {"file": _upload("story.html", SCRIPTED_HTML.encode())}
        if how == "file"
        else {"text": SCRIPTED_HTML}
    )

    response = page.post(PAGE, data)

    assert response.status_code == 302
    article = _only_new_article(existing)
    _assert_clean_html(article)
    shown = page.get(response["Location"]).text
    assert "The mayor said on Tuesday" in shown
    assert "__xss" not in shown


def test_the_ingest_page_keeps_a_huge_line_with_unbalanced_quotes_whole(page, existing):
    response = page.post(PAGE, {"text": LONG_UNBALANCED})

    assert response.status_code == 302
    article = _only_new_article(existing)
    assert article.body == ingestion.clean_text(LONG_UNBALANCED)
    assert page.get(response["Location"]).status_code == 200


# manage.py ingest --------------------------------------------------------------


def _ingest(*paths) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *map(str, paths), stdout=out, stderr=err)
    except CommandError as error:
        err.write(f"\nCommandError: {error}")
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "The file is empty."),
        ("blank.txt", b" \n\t\n ", "only whitespace"),
        ("image.txt", PNG, "binary data"),
        ("mystery.txt", UNDETECTABLE, "not text in any encoding we can detect"),
        ("menu.html", NAVIGATION_ONLY.encode(), "all navigation"),
        ("long.txt", b"The mayor said the bridge is safe. " * 6000, "200,000"),
        ("big.txt", b"x" * (5 * MB + 1), "larger than 5 MB, the limit"),
    ],
    ids=[
        "empty",
        "whitespace",
        "binary",
        "undetectable-encoding",
        "navigation",
        "too-long",
        "too-large",
    ],
)
def test_the_ingest_command_refuses_bad_files_naming_the_problem(
    tmp_path, existing, name, data, problem
):
    path = tmp_path / name
    path.write_bytes(data)

    out, err = _ingest(path)

    assert f"{path}: not ingested: " in err
    assert problem in err
    assert "CommandError: 1 file(s) could not be ingested" in err
    _untouched(existing)


def test_the_ingest_command_stores_the_good_files_beside_the_bad(tmp_path, existing):
    (tmp_path / "french.txt").write_bytes(FRENCH.encode("cp1252"))
    (tmp_path / "scripted.html").write_text(SCRIPTED_HTML)
    (tmp_path / "long.txt").write_text(LONG_UNBALANCED)
    (tmp_path / "image.txt").write_bytes(PNG)

    out, err = _ingest(tmp_path)

    assert "image.txt: not ingested: The file is binary data" in err
    assert out.count("ingested as article") == 3
    assert Article.objects.count() == 4
    assert Article.objects.get(pk=existing.pk).body == STORY
    french = Article.objects.get(body__contains="Le ministre")
    assert "a déclaré mardi que la réforme était « nécessaire »" in french.body
    _assert_clean_html(Article.objects.get(title="Council approves bridge"))
    long = Article.objects.get(body__startswith="The minister said")
    assert long.body == ingestion.clean_text(LONG_UNBALANCED)


# What every door shares: the text is cleaned before offsets are computed -------


def test_stored_text_is_nfc_without_nul_controls_bidi_overrides_or_surrogates():
    raw = (
        "Cafe\u0301 owner\x00 said\x07 the \u202eroad\u202c was closed.\x0c"
        "Page two \ud800said the mayor."
    )

    body = ingestion.from_text(raw).body

    assert body == (
        "Café owner said the road was closed.\n\nPage two \ufffdsaid the mayor."
    )


def test_titles_and_publishers_are_cleaned_like_the_body(existing):
    from attribution import services

    article, _ = services.article_create(
        text=ingestion.from_text("The mayor said the bridge is safe, again."),
        title="Bridge\x00 news\u202e \n (update)",
        publisher="  Northfield\x00 Ledger \u202e",
    )

    article.refresh_from_db()
    assert article.title == "Bridge news (update)"
    assert article.publisher.name == "Northfield Ledger"


def test_the_request_cap_is_the_article_cap(settings):
    # One limit, one number in every message: a request that passes the first is
    # not refused by the second for its size alone.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == ingestion.MAX_BYTES == 5 * MB
