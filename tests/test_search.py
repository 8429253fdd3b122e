"""Search at scale: a bounded candidate set, quote lookup by a fragment with typos,
counts and facets that stop counting, through the selectors, the API and the page."""

import pytest
from django.db import connection
from django.urls import reverse

from attribution import selectors
from attribution.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

LIST = reverse("api:claim-list")
PAGE = reverse("web:claim-list")

only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's search and pg_trgm"
)
pytestmark = pytest.mark.django_db

DAM = "The dam is inspected every month by independent engineers"


def _claim(text: str, **fields):
    return ClaimFactory(
        article=ArticleFactory(body=f"He said {text}."), text=text, **fields
    )


def _ids(client, path=LIST, **params) -> list[int]:
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:500]
    return [c["id"] for c in response.json()["results"]]


@only_postgresql
def test_a_search_ranks_only_the_newest_matches_however_many_match(monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 3)
    best_but_oldest = _claim("harbour harbour harbour harbour closed")
    newer = [_claim(f"the harbour is closed, day {day}") for day in range(4)]

    found = list(selectors.claim_search(selectors.claim_list(), "harbour"))

    assert best_but_oldest not in found
    assert found == newer[:0:-1]  # the three newest, equal rank, newest first


def test_a_search_picks_its_matches_among_the_claims_the_other_filters_leave(
    client, monkeypatch
):
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 2)
    ana = SpeakerFactory(name="Ana Lind")
    hers = _claim("the harbour is closed", speaker=ana)
    for day in range(3):  # newer matches by someone else
        _claim(f"the harbour is open, day {day}")

    assert _ids(client, q="harbour", speaker="ana-lind") == [hers.pk]


@only_postgresql
def test_the_stored_document_follows_a_claims_text_when_it_changes():
    article = ArticleFactory(body="He said the bridge is safe, and the tunnel is safe.")
    claim = ClaimFactory(article=article, text="the bridge is safe")
    start = article.body.index("the tunnel")
    Claim.objects.filter(pk=claim.pk).update(
        text="the tunnel is safe", start=start, end=start + 18
    )

    assert list(selectors.claim_search(Claim.objects.all(), "tunnel")) == [claim]
    assert list(selectors.claim_search(Claim.objects.all(), "bridge")) == []


@only_postgresql
def test_a_quote_is_found_by_a_fragment_with_a_typo_closest_first(client):
    quoted = _claim(DAM)
    misquoted = _claim("The dam is checked every month by independent engineers")
    _claim("The river was inspected by the council last year")

    ids = _ids(client, quote="dam is inspectde every month by independent")

    assert ids == [quoted.pk, misquoted.pk]


def test_a_quote_is_found_by_its_exact_words_on_any_database(client):
    quoted = _claim(DAM)
    _claim("The river was inspected by the council last year")

    assert _ids(client, quote="inspected every   month by") == [quoted.pk]


def test_a_quote_longer_than_a_thousand_characters_is_refused_naming_the_field(
    client,
):
    response = client.get(LIST, {"quote": "word " * 300})

    assert response.status_code == 400
    assert "1000 characters" in response.json()["error"]["fields"]["quote"][0]


@only_postgresql
def test_the_web_page_finds_a_quote_with_a_typo_and_marks_its_words(client):
    quoted = _claim(DAM)

    response = client.get(PAGE, {"quote": "inspectde every month by independent"})

    assert [claim for claim, _ in response.context["rows"]] == [quoted]
    assert b'<mark class="hit">every</mark>' in response.content


def test_the_api_schema_documents_the_quote_parameter(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()

    parameters = schema["paths"]["/api/v1/claims/"]["get"]["parameters"]
    quote = next(p for p in parameters if p["name"] == "quote")
    assert "typos" in quote["description"]


def test_the_page_counts_exactly_up_to_the_bound_and_estimates_above(
    client, monkeypatch
):
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 3)
    for day in range(3):
        _claim(f"the bridge is safe, day {day}")

    exact = client.get(PAGE)
    _claim("the bridge is shut")
    above = client.get(PAGE)

    assert exact.context["counted"] == (3, True)
    assert b"3 claims" in exact.content
    assert above.context["counted"].n >= 4
    if connection.vendor == "postgresql":
        assert not above.context["counted"].exact
        assert b"About " in above.content


def test_facets_count_the_newest_claims_only_past_the_bound(client, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 2)
    old, new = SpeakerFactory(name="Old Voice"), SpeakerFactory(name="New Voice")
    for day in range(3):
        _claim(f"the bridge is safe, day {day}", speaker=old)
    for day in range(2):
        _claim(f"the bridge is shut, day {day}", speaker=new)

    facets = client.get(PAGE).context["facets"]

    assert [(s.name, s.n) for s in facets["speakers"]] == [("New Voice", 2)]


@only_postgresql
def test_a_search_costs_the_same_queries_for_one_match_or_thirty(
    client, django_assert_max_num_queries
):
    _claim("the harbour is closed")
    with django_assert_max_num_queries(8) as one:
        _ids(client, q="harbour")
    for day in range(29):
        _claim(f"the harbour is open, day {day}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(_ids(client, q="harbour")) == 30


@only_postgresql
def test_a_short_fragment_whose_words_miss_is_looked_up_by_its_trigrams(client):
    quoted = _claim(DAM)
    _claim("The river was inspected by the council last year")

    assert _ids(client, quote="indepednent engineers") == [quoted.pk]


@only_postgresql
def test_a_long_search_no_claim_has_every_word_of_is_looked_up_as_a_quote(client):
    quoted = _claim(DAM)

    response = client.get(PAGE, {"q": "dam is inspectde every month by independent"})

    assert response.context["looked_up"] is True
    assert [claim for claim, _ in response.context["rows"]] == [quoted]
    assert b"closest quotes" in response.content


def test_a_short_search_that_finds_nothing_stays_a_search(client):
    _claim(DAM)

    response = client.get(PAGE, {"q": "inspectde every"})

    assert response.context["looked_up"] is False
    assert response.context["rows"] == []


def test_suggestions_match_the_start_of_a_word_of_the_name_as_you_type(client):
    SpeakerFactory(name="Ana Lindqvist")
    SpeakerFactory(name="Per Ekholm", aliases=["Per-Olof Ekholm"])

    def names(q: str) -> list[str]:
        response = client.get(reverse("web:speaker-suggest"), {"q": q})
        return [s["name"] for s in response.json()["results"]]

    assert names("lind") == ["Ana Lindqvist"]
    assert names("ndqv") == []  # inside a word: not how people type a name
    assert names("per-o") == ["Per Ekholm"]  # an alias
