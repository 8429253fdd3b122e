"""The UI's writes: POST only, role checked on the server, services do the work."""

import re
from html import unescape as html_unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attribution import services
from attribution.models import (
    Article,
    CanonicalClaim,
    Claim,
    ClaimFlag,
    ClaimRelation,
    ClaimVia,
    ClusterDecision,
    Speaker,
)
from attribution.roles import Role
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    OutletFactory,
    SpeakerFactory,
    reported_claim,
)
from tests.web.test_statements import bridge  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ARTICLE_TEXT = (
    "The mayor said on Monday that the old bridge over the river is safe to cross."
)


@pytest.fixture
def claim(medvedev_story):
    return medvedev_story["feared"]


def _review(claim, status="approved"):
    return reverse("web:claim-review", args=[claim.pk]), {
        "status": status,
        "version": claim.version,
    }


def _edit(claim):
    return reverse("web:claim-edit", args=[claim.pk]), {
        "version": claim.version,
        "speaker": "yevgeny-prigozhin",
        "via": "bbc, cnn",
        "start": claim.start,
        "end": claim.end,
    }


def _flag(claim):
    return reverse("web:claim-flag", args=[claim.pk]), {
        "verdict": "false",
        "note": "No record of it.",
        "sources": "https://example.org/a\nhttps://example.org/b",
    }


def _relate(claim, target):
    return reverse("web:claim-relate", args=[claim.pk]), {
        "kind": "contradicts",
        "target": target.pk,
    }


def _written(claim) -> dict:
    claim.refresh_from_db()
    return {
        "review": claim.review_status in ("approved", "edited"),
        "edit": claim.review_status == "edited",
        "flag": ClaimFlag.objects.filter(claim=claim).exists(),
        "relate": ClaimRelation.objects.filter(source=claim).exists(),
    }


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", set()),
        ("reader", set()),
        ("editor", {"review", "edit"}),
        ("fact_checker", {"flag", "relate"}),
    ],
)
@pytest.mark.parametrize("write", ["review", "edit", "flag", "relate"])
def test_each_write_is_allowed_only_to_its_role(
    client, request, medvedev_story, claim, who, allowed, write
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url, data = {
        "review": lambda: _review(claim),
        "edit": lambda: _edit(claim),
        "flag": lambda: _flag(claim),
        "relate": lambda: _relate(claim, medvedev_story["dangerous"]),
    }[write]()

    response = client.post(url, data)

    if write in allowed:
        assert response.status_code == 302
        assert response["Location"] == reverse("web:claim-detail", args=[claim.pk])
        assert _written(claim)[write] is True
    elif who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
        assert _written(claim)[write] is False
    else:
        assert response.status_code == 403
        assert _written(claim)[write] is False


@pytest.mark.parametrize("name", ["claim-review", "claim-edit", "claim-flag"])
def test_writes_refuse_get(client, superuser_client, claim, name):
    response = superuser_client.get(reverse(f"web:{name}", args=[claim.pk]))

    assert response.status_code == 405
    claim.refresh_from_db()
    assert claim.review_status == "unreviewed" and not claim.contested


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "", "pw"))
    return client


def test_approving_records_the_editor_and_raises_the_version(client, editor, claim):
    client.force_login(editor)
    url, data = _review(claim)

    response = client.post(url, data, follow=True)

    claim.refresh_from_db()
    assert (claim.review_status, claim.reviewed_by, claim.version) == (
        "approved",
        editor,
        2,
    )
    assert f"Claim {claim.pk} approved." in response.text


def test_a_stale_version_shows_a_message_and_changes_nothing(client, editor, claim):
    client.force_login(editor)
    Claim.objects.filter(pk=claim.pk).update(version=5)
    url, data = _review(claim, "rejected")  # version 1, read before the change

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "changed since version 1" in response.text
    claim.refresh_from_db()
    assert claim.review_status == "unreviewed"


def test_a_stale_edit_shows_a_message_too(client, editor, claim):
    client.force_login(editor)
    url, data = _edit(claim)
    Claim.objects.filter(pk=claim.pk).update(version=3)

    response = client.post(url, data, follow=True)

    assert "Reload it and try again" in response.text
    assert Claim.objects.get(pk=claim.pk).review_status == "unreviewed"


def test_a_correction_sets_speaker_and_via_chain_outermost_first(client, editor, claim):
    client.force_login(editor)
    url, data = _edit(claim)

    client.post(url, data)

    claim.refresh_from_db()
    assert claim.speaker.slug == "yevgeny-prigozhin"
    assert list(
        ClaimVia.objects.filter(claim=claim).values_list("outlet__slug", flat=True)
    ) == ["bbc", "cnn"]
    assert claim.review_status == "edited"


def test_a_correction_can_move_the_span(client, editor, claim):
    client.force_login(editor)
    url, data = _edit(claim)
    data["end"] = claim.end - len(" life")

    client.post(url, data)

    claim.refresh_from_db()
    assert claim.text == "he feared for his"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("speaker", "nobody-at-all", "No speaker is called nobody-at-all."),
        ("via", "cnn, no-such-outlet", "No outlet is called: no-such-outlet."),
        ("end", 100000, "must lie within the article"),
    ],
)
def test_a_bad_correction_is_explained_and_nothing_changes(
    client, editor, claim, field, value, message
):
    client.force_login(editor)
    url, data = _edit(claim)
    data[field] = value

    response = client.post(url, data, follow=True)

    assert message in response.text
    claim.refresh_from_db()
    assert (
        claim.review_status == "unreviewed" and claim.speaker.slug == "andrey-medvedev"
    )


def test_flagging_stores_verdict_note_and_sources_and_contests_the_claim(
    client, fact_checker, claim
):
    client.force_login(fact_checker)
    url, data = _flag(claim)

    response = client.post(url, data, follow=True)

    flag = ClaimFlag.objects.get(claim=claim)
    assert (flag.verdict_id, flag.note, flag.created_by) == (
        "false",
        "No record of it.",
        fact_checker,
    )
    assert flag.sources == ["https://example.org/a", "https://example.org/b"]
    claim.refresh_from_db()
    assert claim.contested
    assert "contested-badge" in response.text


def test_a_flag_with_a_bad_source_link_is_refused(client, fact_checker, claim):
    client.force_login(fact_checker)
    url, data = _flag(claim)
    data["sources"] = "javascript:alert(1)"

    response = client.post(url, data, follow=True)

    assert "Not a web link: javascript:alert(1)" in response.text
    assert not ClaimFlag.objects.exists()


def test_linking_a_claim_to_itself_or_twice_is_explained(
    client, fact_checker, claim, medvedev_story
):
    client.force_login(fact_checker)
    client.post(*_relate(claim, medvedev_story["dangerous"]))

    twice = client.post(*_relate(claim, medvedev_story["dangerous"]), follow=True)
    itself = client.post(*_relate(claim, claim), follow=True)
    unknown = client.post(
        reverse("web:claim-relate", args=[claim.pk]),
        {"kind": "supports", "target": 99999},
        follow=True,
    )

    assert "already linked as contradicts" in twice.text
    assert "cannot be linked to itself" in itself.text
    assert "No claim has this id." in unknown.text
    assert ClaimRelation.objects.count() == 1


def test_the_review_queue_shows_the_next_claim_progress_and_key_hints(
    client, editor, medvedev_story
):
    s = medvedev_story
    Claim.objects.filter(pk=s["feared"].pk).update(review_status="approved")
    client.force_login(editor)

    response = client.get(reverse("web:review-queue"))

    assert response.status_code == 200
    assert response.context["claim"] == s["dangerous"]
    assert "1 of 3 reviewed" in response.text
    assert "Approve <kbd>a</kbd>" in response.text
    assert 'data-shortcut="r"' in response.text and "js/review.js" in response.text


def test_approving_from_the_queue_returns_to_the_queue(client, editor, claim):
    client.force_login(editor)
    url, data = _review(claim)

    response = client.post(url, {**data, "next": "/review/"})

    assert response["Location"] == "/review/"
    claim.refresh_from_db()
    assert claim.review_status == "approved"


def test_a_foreign_next_url_is_ignored(client, editor, claim):
    client.force_login(editor)
    url, data = _review(claim)

    response = client.post(url, {**data, "next": "https://evil.example/"})

    assert response["Location"] == reverse("web:claim-detail", args=[claim.pk])


def test_the_review_queue_says_when_nothing_is_left(client, editor, db):
    client.force_login(editor)

    response = client.get(reverse("web:review-queue"))

    assert "Nothing left to review" in response.text
    assert "0 of 0 reviewed" in response.text


@pytest.mark.parametrize(("who", "status"), [("reader", 403), ("fact_checker", 403)])
def test_only_editors_see_the_review_queue(client, request, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("web:review-queue")).status_code == status


def test_anonymous_users_are_sent_to_log_in_for_the_queue_and_ingest(client, db):
    for name in ["web:review-queue", "web:article-create"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_contributor_ingests_pasted_text_and_lands_on_the_article(
    client, contributor
):
    client.force_login(contributor)

    response = client.post(
        reverse("web:article-create"),
        {"text": ARTICLE_TEXT, "title": "Bridge", "publisher": "Reuters"},
    )

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:article-detail", args=[article.pk])
    assert (article.title, article.status, article.publisher.name) == (
        "Bridge",
        "pending",
        "Reuters",
    )


def test_an_uploaded_html_file_becomes_an_article(client, contributor):
    client.force_login(contributor)
    html = (
        "<html><head><title>Bridge news</title></head>"
        f"<body><article><p>{ARTICLE_TEXT}</p></article></body></html>"
    )
    upload = SimpleUploadedFile("story.html", html.encode(), content_type="text/html")

    response = client.post(reverse("web:article-create"), {"file": upload})

    article = Article.objects.get()
    assert response.status_code == 302
    assert "old bridge over the river" in article.body


def test_a_url_is_saved_for_the_worker_to_fetch(client, contributor):
    client.force_login(contributor)

    client.post(reverse("web:article-create"), {"url": "https://example.org/story"})

    article = Article.objects.get()
    assert (article.url, article.body) == ("https://example.org/story", "")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "no text, only whitespace"),
        ({"text": ARTICLE_TEXT, "url": "https://example.org/x"}, "exactly one of"),
        ({"url": "https://example.org:8080/x"}, "standard web ports"),
        (
            {
                "file": SimpleUploadedFile(
                    "menu.html", b"<html><body><nav>Home</nav></body></html>"
                )
            },
            "No article text was found",
        ),
        ({"file": SimpleUploadedFile("data.pdf", b"%PDF-1.4")}, "Upload an .html"),
        (
            {"file": SimpleUploadedFile("bin.txt", b"\x00\x01\x02\x03" * 50)},
            "not text in any encoding",
        ),
    ],
)
def test_unusable_input_is_shown_on_the_form_and_nothing_is_stored(
    client, contributor, data, message
):
    client.force_login(contributor)

    response = client.post(reverse("web:article-create"), data)

    assert response.status_code == 400
    assert message in response.text
    assert not Article.objects.exists()


def test_the_same_text_twice_leads_to_the_existing_article(client, contributor):
    client.force_login(contributor)
    first = client.post(reverse("web:article-create"), {"text": ARTICLE_TEXT})

    second = client.post(
        reverse("web:article-create"), {"text": ARTICLE_TEXT}, follow=True
    )

    assert second.redirect_chain[0][0] == first["Location"]
    assert "already ingested" in second.text
    assert Article.objects.count() == 1


def test_forms_carry_a_csrf_token_and_csrf_is_enforced(contributor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(contributor)

    page = strict.get(reverse("web:article-create"))
    refused = strict.post(reverse("web:article-create"), {"text": ARTICLE_TEXT})

    assert 'name="csrfmiddlewaretoken"' in page.text
    assert refused.status_code == 403
    assert not Article.objects.exists()


# Who may submit, and provenance (issue 12 items 2 and 4) ---------------------------

CLAIMED = "https://www.reuters.com/world/bridge-2026-03-03/"


def test_an_account_with_no_role_gets_a_page_saying_submitting_needs_a_role(
    client, reader
):
    client.force_login(reader)

    page = client.get(reverse("web:article-create"))
    posted = client.post(reverse("web:article-create"), {"text": ARTICLE_TEXT})

    assert page.status_code == posted.status_code == 403
    assert "contributor or editor role" in page.text
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("who", "offered"),
    [
        ("reader", False),
        ("fact_checker", False),
        ("contributor", True),
        ("editor", True),
    ],
)
def test_the_menu_offers_submit_only_to_those_who_may(client, request, who, offered):
    client.force_login(request.getfixturevalue(who))

    page = client.get(reverse("web:article-list"))

    link = f'href="{reverse("web:article-create")}"'
    assert (link in page.text) is offered


def test_a_submission_reads_as_unverified_submitted_by_on_its_page_and_the_list(
    client, contributor
):
    contributor.first_name, contributor.last_name = "Ana", "Ruiz"
    contributor.save()
    client.force_login(contributor)
    client.post(
        reverse("web:article-create"),
        {"text": ARTICLE_TEXT, "title": "Bridge", "source_url": CLAIMED},
    )
    article = Article.objects.get()

    page = client.get(reverse("web:article-detail", args=[article.pk]))
    listed = client.get(reverse("web:article-list"))

    assert (article.url, article.claimed_url) == ("", CLAIMED)
    assert "Unverified, submitted by Ana Ruiz" in page.text
    assert f'href="{CLAIMED}"' in page.text and "said to be from" in page.text
    assert "Unverified, submitted by Ana Ruiz" in listed.text


def test_the_form_takes_a_published_date_and_keeps_what_was_typed_on_an_error(
    client, contributor
):
    client.force_login(contributor)
    data = {
        "url": "https://example.org:8080/x",
        "title": "Bridge shut",
        "published_at": "2026-03-03 14:30",
        "publisher": "Reuters",
    }

    refused = client.post(reverse("web:article-create"), data)
    data["url"] = "https://example.org/x"
    client.post(reverse("web:article-create"), data)

    assert refused.status_code == 400 and "standard web ports" in refused.text
    assert 'value="Bridge shut"' in refused.text
    assert 'value="2026-03-03 14:30' in refused.text
    article = Article.objects.get()
    assert article.title == "Bridge shut"
    assert article.published_at.isoformat().startswith("2026-03-03T14:30")


def test_a_submission_and_the_fetched_article_link_each_other_and_compare(
    client, contributor
):
    fake, _ = services.article_submit(
        user=contributor,
        text="Bridge shut\n\nThe mayor said the bridge will never reopen.",
        source_url=CLAIMED,
    )
    real = ArticleFactory(
        origin=Article.Origin.FETCHED,
        url=CLAIMED,
        body="Bridge shut\n\nThe mayor said the bridge will reopen on Friday.",
    )

    fake_page = client.get(reverse("web:article-detail", args=[fake.pk]))
    real_page = client.get(reverse("web:article-detail", args=[real.pk]))
    compare = reverse("web:article-compare", args=[fake.pk, real.pk])
    both = client.get(compare)

    assert reverse("web:article-detail", args=[real.pk]) in fake_page.text
    assert reverse("web:article-detail", args=[fake.pk]) in real_page.text
    assert compare in fake_page.text and "the texts differ" in fake_page.text
    assert both.status_code == 200
    assert "<mark>The mayor said the bridge will never reopen.</mark>" in both.text
    assert "<mark>The mayor said the bridge will reopen on Friday.</mark>" in both.text
    assert "<mark>Bridge shut</mark>" not in both.text


def test_speakers_and_outlets_of_non_latin_names_have_pages_at_their_own_slugs(
    client, db
):
    outlet = services.outlet_get_or_create(name="Аль-Джазира")
    speaker = services.speaker_create(name="习近平")

    outlet_page = client.get(reverse("web:outlet-detail", args=[outlet.slug]))
    speaker_page = client.get(reverse("web:speaker-detail", args=[speaker.slug]))

    assert (outlet.slug, speaker.slug) == ("аль-джазира", "习近平")
    assert outlet_page.status_code == speaker_page.status_code == 200
    assert "Аль-Джазира" in outlet_page.text and "习近平" in speaker_page.text


def test_logging_in_and_out_with_the_login_page(client, editor):
    page = client.get(reverse("web:login"))
    logged_in = client.post(
        reverse("web:login"), {"username": "ed", "password": "ed-password-123"}
    )
    logged_out = client.post(reverse("web:logout"))

    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in page.text
    assert logged_in.status_code == 302 and logged_in["Location"] == "/"
    assert logged_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_editors_and_fact_checkers_see_only_their_forms_on_the_claim_page(
    client, editor, fact_checker, claim
):
    url = reverse("web:claim-detail", args=[claim.pk])
    client.force_login(editor)
    as_editor = client.get(url).text
    client.force_login(fact_checker)
    as_fact_checker = client.get(url).text

    assert "Correct speaker, via chain or span" in as_editor
    assert "Flag this claim" not in as_editor
    assert "Flag this claim" in as_fact_checker
    assert "Correct speaker" not in as_fact_checker


def test_a_claim_rated_true_shows_as_verified_and_stays_off_the_contested_page(
    client, fact_checker, claim
):
    client.force_login(fact_checker)
    url, data = _flag(claim)

    page = client.post(url, {**data, "verdict": "true"}, follow=True)
    contested = client.get(reverse("web:contested"))

    claim.refresh_from_db()
    assert (claim.contested, claim.verified) == (False, True)
    assert "verified-badge" in page.text and "contested-badge" not in page.text
    assert f'href="/claims/{claim.pk}/"' not in contested.text


def test_the_author_changes_a_flag_on_the_claim_page(client, fact_checker, claim):
    flag = services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="true")
    client.force_login(fact_checker)
    page = client.get(reverse("web:claim-detail", args=[claim.pk]))
    assert reverse("web:flag-edit", args=[flag.pk]) in page.text

    response = client.post(
        reverse("web:flag-edit", args=[flag.pk]),
        {
            f"flag-{flag.pk}-verdict": "false",
            f"flag-{flag.pk}-note": "Records say otherwise.",
            f"flag-{flag.pk}-sources": "https://example.org/c",
        },
        follow=True,
    )

    flag.refresh_from_db()
    claim.refresh_from_db()
    assert (flag.verdict_id, flag.note) == ("false", "Records say otherwise.")
    assert claim.contested and not claim.verified
    assert "Flag changed." in response.text and "contested-badge" in response.text


def test_an_editor_withdraws_a_flag_on_the_claim_page(
    client, fact_checker, editor, claim
):
    flag = services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="false")
    client.force_login(editor)

    response = client.post(reverse("web:flag-withdraw", args=[flag.pk]), follow=True)

    claim.refresh_from_db()
    assert not ClaimFlag.objects.exists() and not claim.contested
    assert "Flag withdrawn." in response.text and "withdrew" in response.text


def test_another_fact_checker_gets_no_controls_and_cannot_withdraw(
    client, fact_checker, claim
):
    flag = services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="false")
    other = services.user_create(
        username="fc2", password="fc2-password-123", roles=[Role.FACT_CHECKER]
    )
    client.force_login(other)

    page = client.get(reverse("web:claim-detail", args=[claim.pk]))
    response = client.post(reverse("web:flag-withdraw", args=[flag.pk]))

    assert reverse("web:flag-withdraw", args=[flag.pk]) not in page.text
    assert response.status_code == 403 and ClaimFlag.objects.exists()


def test_the_flag_form_keeps_to_the_apis_limits(client, fact_checker, claim):
    client.force_login(fact_checker)
    url, data = _flag(claim)
    links = [f"https://example.org/{i}" for i in range(ClaimFlag.SOURCES_MAX + 1)]

    too_many = client.post(url, {**data, "sources": "\n".join(links)}, follow=True)
    too_long = client.post(
        url, {**data, "note": "x" * (ClaimFlag.NOTE_MAX_LENGTH + 1)}, follow=True
    )

    assert f"Give at most {ClaimFlag.SOURCES_MAX} sources" in too_many.text
    assert str(ClaimFlag.NOTE_MAX_LENGTH) in too_long.text
    assert not ClaimFlag.objects.exists()


# Correcting an article's details -------------------------------------------------


def _details(article, **changes):
    data = {
        "title": article.title,
        "published_at": "",
        "url": article.url,
        "publisher": "",
        "language": article.language,
    }
    return reverse("web:article-edit", args=[article.pk]), {**data, **changes}


def test_an_editor_finds_edit_details_on_the_article_page_and_a_reader_does_not(
    client, editor, reader, medvedev_story
):
    article = medvedev_story["article"]
    page = reverse("web:article-detail", args=[article.pk])
    edit = reverse("web:article-edit", args=[article.pk])

    client.force_login(reader)
    assert edit not in client.get(page).text
    assert client.get(edit).status_code == 403
    assert client.post(*_details(article, title="Mine")).status_code == 403
    client.force_login(editor)
    assert f'href="{edit}"' in client.get(page).text

    article.refresh_from_db()
    assert article.title == "Wagner defector seeks asylum"


def test_corrected_details_are_saved_and_shown_on_the_article_page_with_who(
    client, editor, medvedev_story
):
    article = medvedev_story["article"]
    client.force_login(editor)

    response = client.post(
        *_details(
            article,
            title="Defector asks Norway for asylum",
            published_at="2023-01-16",
            publisher="BBC",
        )
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Defector asks Norway for asylum"
    assert article.published_at.date().isoformat() == "2023-01-16"
    assert article.publisher == medvedev_story["bbc"]
    history = client.get(response["Location"]).text
    assert "History of its details" in history
    assert "<del>Wagner defector seeks asylum</del> → <ins>Defector asks" in history
    assert "<del>date unknown</del> → <ins>16 Jan 2023</ins>" in history
    assert "<del>none</del> → <ins>BBC</ins>" in history


def test_refused_details_come_back_with_what_was_typed_and_the_error_at_the_field(
    client, editor, medvedev_story
):
    article = medvedev_story["article"]
    client.force_login(editor)

    response = client.post(
        *_details(
            article,
            title="A better title",
            published_at="2999-01-01",
            url="javascript:alert(1)",
        )
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert "in the future" in form.errors["published_at"][0]
    assert "not a valid http or https URL" in form.errors["url"][0]
    assert 'value="A better title"' in response.text
    assert 'value="2999-01-01"' in response.text
    article.refresh_from_db()
    assert article.title == "Wagner defector seeks asylum"
    assert article.published_at is None


# Refused writes keep what was typed, with the error at the field ------------------


def _error_at(html: str, element_id: str) -> str:
    """The errors shown in the field block holding the element `element_id` (""
    when that field shows none)."""
    for block in re.findall(r'<div class="field has-error"[^>]*>.*?</div>', html, re.S):
        if f'id="{element_id}"' in block:
            errors = re.findall(r'<p class="error">(.*?)</p>', block, re.S)
            return html_unescape(" ".join(errors))
    return ""


def test_a_refused_flag_change_comes_back_typed_with_the_error_at_sources(
    client, fact_checker, claim
):
    flag = services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="true")
    client.force_login(fact_checker)
    url, prefix = reverse("web:flag-edit", args=[flag.pk]), f"flag-{flag.pk}"
    typed = {
        f"{prefix}-verdict": "false",
        f"{prefix}-note": "Records say otherwise.",
        f"{prefix}-sources": "https://example.org/c\nnot a link",
    }

    refused = client.post(url, typed)

    assert refused.status_code == 400
    assert "Not a web link: not a link" in _error_at(
        refused.text, f"id_{prefix}-sources"
    )
    assert "Records say otherwise.</textarea>" in refused.text
    assert "not a link</textarea>" in refused.text
    flag.refresh_from_db()
    assert (flag.verdict_id, flag.note, flag.sources) == ("true", "", [])

    fixed = client.post(url, {**typed, f"{prefix}-sources": "https://example.org/c"})

    assert fixed.status_code == 302
    flag.refresh_from_db()
    assert (flag.verdict_id, flag.note) == ("false", "Records say otherwise.")
    assert flag.sources == ["https://example.org/c"]


def test_a_refused_statement_merge_comes_back_with_the_error_at_the_choice(
    client,
    editor,
    bridge,  # noqa: F811
):
    client.force_login(editor)
    fares, first = bridge["fares"].canonical_id, bridge["first"].canonical_id
    other = reported_claim(SpeakerFactory(name="Ana Lindqvist"), "Taxes rise.", day=4)
    url = reverse("web:statement-merge", args=[fares])

    refused = client.post(url, {"into": other.canonical_id})

    assert refused.status_code == 400
    assert "this speaker's other statements" in _error_at(refused.text, "id_into")
    assert f'<option value="{first}">' in refused.text
    assert CanonicalClaim.objects.count() == 3 and not ClusterDecision.objects.exists()

    fixed = client.post(url, {"into": first})

    assert fixed.status_code == 302
    assert not CanonicalClaim.objects.filter(pk=fares).exists()
    bridge["fares"].refresh_from_db()
    assert bridge["fares"].canonical_id == first


def test_a_refused_statement_split_comes_back_with_the_error_above_the_reports(
    client,
    editor,
    bridge,  # noqa: F811
):
    client.force_login(editor)
    first = bridge["first"].canonical_id
    url = reverse("web:statement-split", args=[first])

    refused = client.post(url, {"claim": bridge["fares"].pk})

    assert refused.status_code == 400
    assert "not a report of this statement" in _error_at(refused.text, "split-errors")
    assert "Bridge story, day 2" in refused.text  # the page, not a redirect
    bridge["fares"].refresh_from_db()
    assert bridge["fares"].canonical_id != first
    assert CanonicalClaim.objects.count() == 2 and not ClusterDecision.objects.exists()

    fixed = client.post(url, {"claim": bridge["second"].pk})

    assert fixed.status_code == 302
    bridge["second"].refresh_from_db()
    assert bridge["second"].canonical_id not in (first, bridge["fares"].canonical_id)


def test_a_speaker_merge_takes_a_name_and_a_refusal_keeps_it_at_the_field(
    client, editor
):
    local = SpeakerFactory(name="Ekholm", slug="ekholm")
    person = SpeakerFactory(name="Anna Ekholm", slug="anna-ekholm")
    claim = ClaimFactory(speaker=local)
    client.force_login(editor)
    url = reverse("web:speaker-merge", args=[local.slug])

    refused = client.post(url, {"into": "Anna Ekholmsson"})

    assert refused.status_code == 400
    assert "No speaker is called Anna Ekholmsson" in _error_at(
        refused.text, "merge-into"
    )
    assert 'value="Anna Ekholmsson"' in refused.text
    assert Speaker.objects.count() == 2

    fixed = client.post(url, {"into": "anna ekholm"})

    assert fixed.status_code == 302
    assert list(Speaker.objects.all()) == [person]
    claim.refresh_from_db()
    assert claim.speaker == person


def test_a_refused_speaker_split_keeps_the_name_and_the_ticks(client, editor):
    smith = SpeakerFactory(name="John Smith", slug="john-smith")
    roof, bill = ClaimFactory(speaker=smith), ClaimFactory(speaker=smith)
    client.force_login(editor)
    url = reverse("web:speaker-split", args=[smith.slug])

    unticked = client.post(url, {"name": "John Smith, senator"})
    unnamed = client.post(url, {"name": "  ", "article": [bill.article_id]})

    assert unticked.status_code == unnamed.status_code == 400
    assert "Tick the articles" in _error_at(unticked.text, "split-article-errors")
    assert 'value="John Smith, senator"' in unticked.text
    assert "This field is required" in _error_at(unnamed.text, "split-name")
    assert f'value="{bill.article_id}" checked' in unnamed.text
    assert f'value="{roof.article_id}" checked' not in unnamed.text
    assert Speaker.objects.count() == 1

    fixed = client.post(
        url, {"name": "John Smith, senator", "article": [bill.article_id]}
    )

    assert fixed.status_code == 302
    bill.refresh_from_db()
    roof.refresh_from_db()
    assert bill.speaker.name == "John Smith, senator" and roof.speaker == smith


def test_a_speaker_edit_takes_an_outlets_name_and_a_refusal_keeps_what_was_typed(
    client, editor
):
    speaker = SpeakerFactory(name="Reuters desk", slug="reuters-desk")
    reuters = OutletFactory(name="Reuters", slug="reuters")
    client.force_login(editor)
    url = reverse("web:speaker-edit", args=[speaker.slug])
    typed = {"name": "Reuters", "kind": "outlet", "aliases": "Reuters desk\nRTRS"}

    refused = client.post(url, {**typed, "outlet": "Reuterz"})

    assert refused.status_code == 400
    assert "No outlet is called Reuterz" in _error_at(refused.text, "edit-outlet")
    assert 'value="Reuterz"' in refused.text and "RTRS</textarea>" in refused.text
    speaker.refresh_from_db()
    assert (speaker.name, speaker.outlet, speaker.aliases) == ("Reuters desk", None, [])

    fixed = client.post(url, {**typed, "outlet": "Reuters"})  # its name

    assert fixed.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.name, speaker.outlet) == ("Reuters", reuters)
    assert "RTRS" in speaker.aliases
