"""The reading pages: open to everyone, server-rendered, with stable permalinks."""

import re

import pytest
from django.urls import reverse

from attribution import services
from attribution.models import Article, Claim
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimViaFactory,
    OutletFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("web:claim-list")


def _claims_on_page(response) -> list[int]:
    return [claim.pk for claim, _ in response.context["rows"]]


def test_the_claims_list_shows_quote_speaker_and_chain(client, medvedev_story):
    response = client.get(LIST)

    assert response.status_code == 200
    assert "he feared for his life" in response.text
    assert "Andrey Medvedev" in response.text
    # Speaker, then the outlets innermost first, then the article.
    chain = response.text.split('class="speaker">Norwegian police', 1)[1].split(
        "this article", 1
    )[0]
    assert chain.index("Reuters") < chain.index("BBC")


def test_the_claims_list_filters_by_outlet_speaker_kind_and_contested(
    client, medvedev_story
):
    s = medvedev_story
    Claim.objects.filter(pk=s["feared"].pk).update(contested=True, kind="direct")

    by_outlet = client.get(LIST, {"outlet": "reuters"})
    by_outermost = client.get(LIST, {"outermost_outlet": "reuters"})
    by_speaker = client.get(LIST, {"speaker": "andrey-medvedev"})
    combined = client.get(LIST, {"kind": "direct", "contested": "true"})

    assert _claims_on_page(by_outlet) == [s["detained"].pk]
    assert _claims_on_page(by_outermost) == []
    assert _claims_on_page(by_speaker) == [s["feared"].pk]
    assert _claims_on_page(combined) == [s["feared"].pk]


def test_the_claims_list_filters_by_article_and_review_status(client, medvedev_story):
    other = ClaimFactory(article=ArticleFactory(), review_status="approved")

    by_article = client.get(LIST, {"article": other.article_id})
    approved = client.get(LIST, {"review_status": "approved"})

    assert _claims_on_page(by_article) == [other.pk]
    assert _claims_on_page(approved) == [other.pk]


def test_search_marks_the_matching_words_in_each_quote(client, medvedev_story):
    response = client.get(LIST, {"q": "feared"})

    assert _claims_on_page(response) == [medvedev_story["feared"].pk]
    assert '<mark class="hit">feared</mark>' in response.text


def test_search_escapes_a_quote_before_marking_it(client):
    body = "He wrote <script>alert(1)</script> & warnings on the wall."
    ClaimFactory(
        article=ArticleFactory(body=body), text="<script>alert(1)</script> & warnings"
    )

    response = client.get(LIST, {"q": "warnings"})

    assert response.context["page"].paginator.count == 1
    assert "<script>alert(1)" not in response.text
    assert (
        '&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark class="hit">warnings</mark>'
        in (response.text)
    )


def test_an_invalid_filter_value_is_reported_not_a_500(client, medvedev_story):
    response = client.get(LIST, {"kind": "shouted"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_the_claims_list_sorts_and_paginates(client):
    article = ArticleFactory(body=" ".join(f"w{i} said x{i}." for i in range(30)))
    for i in range(30):
        ClaimFactory(article=article, text=f"x{i}", confidence=i / 100)

    first = client.get(LIST, {"ordering": "-confidence"})
    second = client.get(LIST, {"ordering": "-confidence", "page": 2})

    assert [c.confidence for c, _ in first.context["rows"]][:2] == [0.29, 0.28]
    assert len(first.context["rows"]) == 25 and len(second.context["rows"]) == 5
    assert "ordering=-confidence&amp;page=2" in first.text


def test_the_claims_list_costs_the_same_queries_for_any_length(
    client, django_assert_num_queries
):
    article = ArticleFactory(body=" ".join(f"w{i} said x{i}." for i in range(20)))
    for i in range(20):
        ClaimViaFactory(claim=ClaimFactory(article=article, text=f"x{i}"))

    # count, page, via prefetch, the facets' newest ids, speaker and outlet facets
    with django_assert_num_queries(6):
        response = client.get(LIST)

    assert len(response.context["rows"]) == 20


def test_the_article_page_costs_the_same_queries_for_any_number_of_claims(
    client, django_assert_num_queries
):
    """The article, its claims, their via chains, its history and its
    counterparts; the via chains are read by claim id, without joining the
    claims and articles again for ClaimVia's default ordering (issue 19)."""
    for claims in (2, 20):
        article = ArticleFactory(
            body=" ".join(f"w{i} said x{i}." for i in range(claims))
        )
        for i in range(claims):
            ClaimViaFactory(claim=ClaimFactory(article=article, text=f"x{i}"))
        url = reverse("web:article-detail", args=[article.pk])
        with django_assert_num_queries(5) as captured:
            response = client.get(url)
        assert response.status_code == 200
        vias = [q["sql"] for q in captured.captured_queries if "claimvia" in q["sql"]]
        assert len(vias) == 1 and "attribution_article" not in vias[0]


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("web:contested", 4),  # count, page, via, flags
        ("web:article-list", 2),
        ("web:speaker-list", 2),
        ("web:outlet-list", 2),
    ],
)
def test_list_pages_cost_a_fixed_number_of_queries(
    client, django_assert_num_queries, fact_checker, name, queries
):
    article = ArticleFactory(body=" ".join(f"w{i} said x{i}." for i in range(5)))
    for i in range(5):
        claim = ClaimViaFactory(claim=ClaimFactory(article=article, text=f"x{i}")).claim
        services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="false")

    with django_assert_num_queries(queries):
        response = client.get(reverse(name))

    assert response.status_code == 200


def test_the_article_page_highlights_every_claim_in_place(client, medvedev_story):
    s = medvedev_story

    response = client.get(reverse("web:article-detail", args=[s["article"].pk]))

    assert response.status_code == 200
    text = response.text
    assert f'id="claim-{s["feared"].pk}" class="claim-mark c0"' in text
    assert f'id="claim-{s["dangerous"].pk}" class="claim-mark c-none"' in text
    assert f'id="claim-{s["detained"].pk}" class="claim-mark c1"' in text
    assert "Norwegian police</strong> → Reuters → BBC → this article" in text
    assert "told CNN that <a href" in text  # the text around claims is kept


def test_the_article_page_escapes_the_body_around_claims(client):
    body = "<b>Bold</b> said <i>this is a test</i> today."
    claim = ClaimFactory(
        article=ArticleFactory(body=body), text="<i>this is a test</i>"
    )

    response = client.get(reverse("web:article-detail", args=[claim.article_id]))

    assert "<b>Bold</b>" not in response.text
    assert "&lt;b&gt;Bold&lt;/b&gt; said <a href" in response.text
    assert '&lt;i&gt;this is a test&lt;/i&gt;<span class="tip"' in response.text


def test_the_article_page_groups_claims_by_speaker(client, medvedev_story):
    response = client.get(
        reverse("web:article-detail", args=[medvedev_story["article"].pk])
    )

    speakers = [speaker.name for speaker, _ in response.context["by_speaker"]]
    assert speakers == ["Andrey Medvedev", "Yevgeny Prigozhin", "Norwegian police"]


def test_a_pending_article_polls_its_status_and_refreshes_without_js(client):
    article = ArticleFactory(status=Article.Status.PENDING)

    response = client.get(reverse("web:article-detail", args=[article.pk]))

    assert f'data-status-url="/api/v1/articles/{article.pk}/status/"' in response.text
    assert "js/article-status.js" in response.text
    assert '<noscript><meta http-equiv="refresh"' in response.text
    assert "<script>" not in response.text and "onclick" not in response.text


def test_a_failed_article_shows_its_readable_error_and_stops_polling(client):
    article = ArticleFactory(status=Article.Status.FAILED, error="The page is gone.")

    response = client.get(reverse("web:article-detail", args=[article.pk]))

    assert "The page is gone." in response.text
    assert "article-status.js" not in response.text
    assert "refresh" not in response.text


def test_an_unknown_article_speaker_outlet_or_claim_is_a_404(client, db):
    for url in [
        reverse("web:article-detail", args=[999]),
        reverse("web:claim-detail", args=[999]),
        reverse("web:speaker-detail", args=["nobody"]),
        reverse("web:outlet-detail", args=["nowhere"]),
    ]:
        assert client.get(url).status_code == 404


def test_the_speaker_page_groups_claims_by_outlet_and_lists_aliases(
    client, medvedev_story
):
    s = medvedev_story
    more = ClaimFactory(article=ArticleFactory(), speaker=s["medvedev"])
    ClaimViaFactory(claim=more, outlet=s["bbc"])

    response = client.get(reverse("web:speaker-detail", args=["andrey-medvedev"]))

    assert response.status_code == 200
    groups = [
        (o.name if o else None, [c.pk for c in items])
        for o, items in response.context["by_outlet"]
    ]
    assert sorted(groups) == [("BBC", [more.pk]), ("CNN", [s["feared"].pk])]
    assert "Medvedev</li>" in response.text  # the alias


def test_the_speaker_page_lists_contested_and_contradicted_claims(
    client, medvedev_story, fact_checker
):
    s = medvedev_story
    services.claim_relate(
        source=s["dangerous"], target=s["feared"], kind="contradicts", user=fact_checker
    )

    response = client.get(reverse("web:speaker-detail", args=["andrey-medvedev"]))

    assert [c.pk for c in response.context["disputed"]] == [s["feared"].pk]


def test_the_outlet_page_lists_claims_via_it_and_the_speakers_it_quoted(
    client, medvedev_story
):
    response = client.get(reverse("web:outlet-detail", args=["reuters"]))

    assert [c.pk for c in response.context["page"]] == [medvedev_story["detained"].pk]
    assert [sp.name for sp in response.context["speakers"]] == ["Norwegian police"]


def test_the_article_graph_links_speakers_outlets_and_article(client, medvedev_story):
    s = medvedev_story

    response = client.get(reverse("web:article-graph", args=[s["article"].pk]))

    assert response.status_code == 200
    assert "<svg" in response.text
    assert 'href="/speakers/andrey-medvedev/"' in response.text
    assert 'href="/outlets/cnn/"' in response.text
    edges = {(e.source.label, e.target.label) for e in response.context["graph"].edges}
    assert ("Norwegian police", "Reuters") in edges
    assert ("Reuters", "BBC") in edges
    assert ("BBC", "Wagner defector seeks asylum") in edges
    assert ("Yevgeny Prigozhin", "Wagner defector seeks asylum") in edges


def test_the_speaker_graph_reaches_every_article_they_appear_in(client, medvedev_story):
    other = ClaimFactory(
        article=ArticleFactory(title="Later"), speaker=medvedev_story["medvedev"]
    )

    response = client.get(reverse("web:speaker-graph", args=["andrey-medvedev"]))

    kinds = [n.kind for n in response.context["graph"].nodes]
    assert kinds.count("article") == 2 and kinds.count("speaker") == 1
    assert f'href="/articles/{other.article_id}/"' in response.text


def test_the_contested_page_lists_flagged_claims_newest_flag_first(
    client, medvedev_story, fact_checker
):
    s = medvedev_story
    services.claim_flag(claim_id=s["feared"].pk, user=fact_checker, verdict="false")
    services.claim_flag(
        claim_id=s["detained"].pk, user=fact_checker, verdict="misleading"
    )

    response = client.get(reverse("web:contested"))

    assert [c.pk for c in response.context["page"]] == [
        s["detained"].pk,
        s["feared"].pk,
    ]
    assert "Misleading" in response.text and "contested-badge" in response.text


def test_the_claim_page_shows_context_flags_relations_and_history(
    client, medvedev_story, editor, fact_checker
):
    s = medvedev_story
    services.claim_review(claim_id=s["feared"].pk, status="approved", user=editor)
    services.claim_flag(
        claim_id=s["feared"].pk,
        user=fact_checker,
        verdict="mostly_false",
        note="Not what he said.",
        sources=["https://example.org/check"],
    )
    services.claim_relate(
        source=s["feared"], target=s["dangerous"], kind="supports", user=fact_checker
    )

    response = client.get(reverse("web:claim-detail", args=[s["feared"].pk]))

    text = response.text
    assert "Andrey Medvedev told CNN that " in text  # the sentence around it
    assert '<mark class="claim-in-context">he feared for his life</mark>' in text
    assert "Mostly false" in text and "https://example.org/check" in text
    assert f'href="/claims/{s["dangerous"].pk}/"' in text
    assert "review status: <del>Unreviewed</del> → <ins>Approved</ins>" in text
    # Who changed it, by role: usernames are never public.
    assert "Editor:" in text and "Fact-checker:" in text
    assert ">ed<" not in text and " ed:" not in text and " fc:" not in text
    assert "Flag this claim" not in text  # anonymous readers see no write forms


def test_the_root_url_is_the_claims_list_not_the_admin(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_every_page_has_a_skip_link_and_one_main_landmark(client, medvedev_story):
    response = client.get(reverse("web:speaker-list"))

    assert '<a class="skip-link" href="#main">' in response.text
    assert response.text.count("<main") == 1


def test_the_claim_page_shows_what_the_machine_said_and_each_change_since(
    client, editor
):
    from attribution import ingestion

    article, _ = services.article_create(
        text=ingestion.from_text(
            '"We are ready to work again," Maria Okafor told Reuters on Monday.'
        )
    )
    services.article_extract_claims(article_id=article.pk)
    claim = article.claims.get()
    bbc = services.outlet_get_or_create(name="BBC")
    services.claim_edit(
        claim_id=claim.pk, user=editor, via=[bbc], new_speaker_name="Mary Okafor"
    )
    services.claim_review(claim_id=claim.pk, status="approved", user=editor)

    text = client.get(reverse("web:claim-detail", args=[claim.pk])).text

    machine = text[
        text.index("What the machine extracted") : text.index("Changes since")
    ]
    assert "Maria Okafor" in machine and "Reuters" in machine
    assert f"extracted by {Article.objects.get().pipeline_version}" in machine
    assert "speaker: <del>Maria Okafor</del> → <ins>Mary Okafor</ins>" in text
    assert "via: <del>Reuters</del> → <ins>BBC</ins>" in text
    assert "review status: <del>Edited</del> → <ins>Approved</ins>" in text
    # Who, for each change: by role, never by username.
    assert len(re.findall(r"</strong>,\s+Editor:", text)) == 2


def test_suggestions_answer_json_names_most_quoted_first(client, medvedev_story):
    speakers = client.get(reverse("web:speaker-suggest"), {"q": "med"}).json()
    outlets = client.get(reverse("web:outlet-suggest"), {"q": "reu"}).json()
    short = client.get(reverse("web:speaker-suggest"), {"q": "m"}).json()

    assert [s["name"] for s in speakers["results"]] == ["Andrey Medvedev"]
    assert outlets["results"][0]["name"] == "Reuters"
    assert short["results"] == []


def test_a_refused_correction_from_the_queue_stays_in_the_queue(
    client, editor, medvedev_story
):
    claim = medvedev_story["feared"]
    client.force_login(editor)

    response = client.post(
        reverse("web:claim-edit", args=[claim.pk]),
        {
            "version": claim.version,
            "speaker": "Nobody Known",
            "via": "CNN",
            "start": claim.start,
            "end": claim.end,
            "next": reverse("web:review-queue"),
        },
    )

    assert response.status_code == 200
    assert response.templates[0].name == "web/review_queue.html"
    assert "No speaker is called Nobody Known" in response.text
    assert 'value="Nobody Known"' in response.text
    claim.refresh_from_db()
    assert claim.review_status == "unreviewed"


def test_the_outlet_list_hides_outlets_without_claims_unless_asked(
    client, medvedev_story
):
    OutletFactory(name="Quiet Gazette")

    default = client.get(reverse("web:outlet-list"))
    everything = client.get(reverse("web:outlet-list"), {"all": "1", "sort": "name"})
    searched = client.get(reverse("web:outlet-list"), {"q": "reut"})

    assert [o.name for o in default.context["page"]] == ["BBC", "CNN", "Reuters"]
    assert "Quiet Gazette" in [o.name for o in everything.context["page"]]
    assert [o.name for o in searched.context["page"]] == ["Reuters"]
