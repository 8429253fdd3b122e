"""The quote check (attribution.quote_check) through POST /api/v1/quote-check/."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from attribution import embeddings, quote_check, services
from attribution.models import CanonicalClaim, Claim, ClaimFlag
from tests.factories import OutletFactory, SpeakerFactory, reported_claim

pytestmark = pytest.mark.django_db

URL = reverse("api:quote-check")
FULL = "I am not against the mine. I am against pretending the dam is safe."


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def mine(fact_checker):
    """Ana Lindqvist's statement: reported by Reuters first (day 2), then by The
    Guardian citing Reuters (day 5), rated misleading; another of hers on fares."""
    lindqvist = SpeakerFactory(
        name="Ana Lindqvist", slug="ana-lindqvist", aliases=["Lindqvist"]
    )
    reuters = OutletFactory(name="Reuters", slug="reuters")
    guardian = OutletFactory(name="The Guardian", slug="the-guardian")
    later = reported_claim(
        lindqvist, "I'm not against the mine.", day=5, via=[reuters], publisher=guardian
    )
    first = reported_claim(lindqvist, FULL, day=2, publisher=reuters)
    fares = reported_claim(lindqvist, "Bus fares will be frozen until 2030.", day=3)
    flag = services.claim_flag(
        claim_id=later.pk, user=fact_checker, verdict="misleading", note="Cut short."
    )
    first.refresh_from_db()
    return {"first": first, "later": later, "fares": fares, "flag": flag}


def test_a_quote_finds_its_statement_with_the_earliest_source_first(api, mine):
    assert mine["first"].canonical_id == mine["later"].canonical_id

    response = api.post(URL, {"quote": "I'm not against the mine"}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["found"] is True
    match = body["matches"][0]
    statement = CanonicalClaim.objects.get(pk=match["statement"]["id"])
    assert statement.pk == mine["first"].canonical_id
    assert match["score"] >= quote_check.MATCH_AT
    assert match["earliest"]["id"] == mine["first"].pk
    assert match["earliest"]["publisher"]["slug"] == "reuters"
    reports = match["reports"]
    assert [r["claim"]["id"] for r in reports] == [mine["first"].pk, mine["later"].pk]
    assert [o["slug"] for o in reports[1]["claim"]["via"]] == ["reuters"]
    assert reports[1]["claim"]["publisher"]["slug"] == "the-guardian"


def test_an_excerpt_of_a_report_is_shown_as_unquoted_not_changed(api, mine):
    response = api.post(URL, {"quote": "I'm not against the mine"}, format="json")

    first = response.json()["matches"][0]["reports"][0]
    assert first["drift"] == 0
    ops = {part["op"] for part in first["diff"]}
    assert ops == {"same", "unquoted"}


def test_a_misquote_shows_the_words_it_changed(api, mine):
    response = api.post(
        URL,
        {"quote": "I am not against the mine. I am against saying the dam is safe."},
        format="json",
    )

    first = response.json()["matches"][0]["reports"][0]
    assert first["claim"]["id"] == mine["first"].pk
    assert first["drift"] > 0
    changed = {(p["op"], p["text"]) for p in first["diff"] if p["op"] != "same"}
    assert ("removed", "pretending") in changed and ("added", "saying") in changed


def test_the_verdict_already_given_comes_with_the_statement(api, mine):
    response = api.post(URL, {"quote": FULL}, format="json")

    verdicts = response.json()["matches"][0]["verdicts"]
    stored = ClaimFlag.objects.get()
    assert [v["id"] for v in verdicts] == [stored.pk]
    assert verdicts[0]["verdict"] == "misleading"
    assert verdicts[0]["effect"] == "disputes"


def test_a_named_speaker_who_did_not_say_it_gets_no_match_but_who_did(api, mine):
    SpeakerFactory(name="Olof Berg", slug="olof-berg")

    response = api.post(URL, {"quote": FULL, "speaker": "Olof Berg"}, format="json")

    body = response.json()
    assert body["found"] is False and body["matches"] == []
    assert [s["slug"] for s in body["speakers"]] == ["olof-berg"]
    nearest = body["nearest"][0]
    assert nearest["statement"]["id"] == mine["first"].canonical_id
    assert nearest["statement"]["speaker"]["slug"] == "ana-lindqvist"


def test_the_speaker_can_be_named_by_an_alias(api, mine):
    response = api.post(URL, {"quote": FULL, "speaker": "lindqvist"}, format="json")

    body = response.json()
    assert body["found"] is True
    assert body["matches"][0]["statement"]["id"] == mine["first"].canonical_id


def test_a_quote_nobody_said_answers_no_match_with_the_nearest_and_scores(api, mine):
    response = api.post(
        URL,
        {"quote": "Bus fares will be doubled before the mine opens."},
        format="json",
    )

    body = response.json()
    assert response.status_code == 200
    assert body["found"] is False and body["matches"] == []
    assert body["nearest"], "the nearest statements are shown"
    assert all(0 < n["score"] < body["threshold"] for n in body["nearest"])
    assert mine["fares"].canonical_id in [n["statement"]["id"] for n in body["nearest"]]


def test_an_empty_quote_is_refused_naming_the_field(api, mine):
    response = api.post(URL, {"quote": "   "}, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "quote" in error["fields"]


def test_a_quote_of_punctuation_only_is_refused(api, mine):
    response = api.post(URL, {"quote": "“…”"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["quote"] == [
        "The quote has no words to look for."
    ]


def test_a_quote_over_the_limit_is_refused_naming_the_limit(api, mine):
    response = api.post(
        URL, {"quote": "word " * quote_check.QUOTE_MAX_LENGTH}, format="json"
    )

    assert response.status_code == 400
    (message,) = response.json()["error"]["fields"]["quote"]
    assert (
        f"{quote_check.QUOTE_MAX_LENGTH:,}" in message
        or str(quote_check.QUOTE_MAX_LENGTH) in message
    )


def test_a_quote_check_costs_the_same_queries_for_one_report_or_many(
    api, mine, django_assert_max_num_queries
):
    lindqvist = mine["first"].speaker
    for day in range(6, 16):
        reported_claim(lindqvist, "I am not against the mine, she said.", day=day)

    # lexemes, candidates (by words and the store's nearest in meaning),
    # statements, reports, via links, flags, the vector index's catch-up; the
    # speaker's names (up to three), claims by trigrams and by vectors when one
    # is given
    with django_assert_max_num_queries(7):
        api.post(URL, {"quote": FULL}, format="json")
    with django_assert_max_num_queries(12):
        api.post(URL, {"quote": FULL, "speaker": "Lindqvist"}, format="json")


def test_the_endpoint_is_in_the_openapi_schema(api):
    response = api.get(reverse("api:schema"), {"format": "json"})

    operation = response.json()["paths"]["/api/v1/quote-check/"]["post"]
    assert "200" in operation["responses"] and "400" in operation["responses"]


def test_a_report_with_no_word_of_the_quote_is_all_changed_not_an_error():
    from attribution import clustering

    report, quote = "Bus fares will be frozen until 2030.", FULL

    assert clustering.drift(report, quote) == 1.0
    assert {p.op for p in clustering.word_diff(report, quote)} == {"removed", "added"}


def test_a_quote_that_is_not_text_is_refused(api):
    response = api.post(URL, {"quote": "I'm not against the mine", "speaker": 0})

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["speaker"] == ["Not a valid string."]


# Scored by meaning (issue 17): the quote is embedded and the cascade decides -------


def _embedded():
    """Every stored claim given its vector, as manage.py embed_claims does."""
    call_command("embed_claims", stdout=StringIO())


def test_a_made_up_quote_in_a_reports_common_words_gets_no_match(api, mine):
    # Every word is in the fares report (a token-set score of 100), in an order
    # that says something else: the vectors, not the words, decide.
    quote = "The public will be in the city until the new east is open."
    reported_claim(
        mine["fares"].speaker,
        "Bus fares will be frozen until the new depot in the east of the city "
        "is open to the public.",
        day=7,
    )
    _embedded()

    body = api.post(URL, {"quote": quote}, format="json").json()

    assert body["found"] is False and body["matches"] == []
    assert all(n["score"] < body["threshold"] for n in body["nearest"])


def test_a_quote_with_another_year_is_shown_near_with_the_reason_not_matched(api, mine):
    _embedded()

    body = api.post(
        URL, {"quote": "Bus fares will be frozen until 2031."}, format="json"
    ).json()

    assert body["found"] is False
    nearest = body["nearest"][0]
    assert nearest["statement"]["id"] == mine["fares"].canonical_id
    assert nearest["reason"] == "number"


def test_a_quote_with_a_typo_still_finds_its_statement(api, mine):
    _embedded()

    body = api.post(
        URL, {"quote": "Bus fars will be frozen untill 2030."}, format="json"
    ).json()

    assert body["found"] is True
    assert body["matches"][0]["statement"]["id"] == mine["fares"].canonical_id
    assert body["matches"][0]["reason"] == ""


def test_a_report_stored_without_a_vector_is_found_on_its_words(api, mine):
    Claim.objects.filter(pk=mine["fares"].pk).update(embedding=None)  # stored before

    body = api.post(
        URL, {"quote": "Bus fares will be frozen until 2030."}, format="json"
    ).json()

    assert body["matches"][0]["statement"]["id"] == mine["fares"].canonical_id


def test_an_edited_span_drops_the_vector_of_the_old_words(mine, editor):
    _embedded()
    fares = Claim.objects.get(pk=mine["fares"].pk)
    old_vector = embeddings.from_bytes(fares.embedding)
    start = fares.article.body.index("Bus fares")

    services.claim_edit(
        claim_id=fares.pk, user=editor, start=start, end=len(fares.article.body)
    )

    fares.refresh_from_db()
    assert fares.text.endswith("More later.")
    if fares.embedding is not None:  # made again: of the new words
        new_vector = embeddings.from_bytes(fares.embedding)
        assert new_vector @ embeddings.embed([fares.text])[0] > 0.999
        assert new_vector @ old_vector < 0.999


def test_an_excerpt_that_leaves_out_the_reports_negation_still_finds_it(api, mine):
    report = reported_claim(
        mine["fares"].speaker,
        "We did not expect the new depot in the east to open before the spring.",
        day=8,
    )
    _embedded()

    body = api.post(
        URL, {"quote": "the new depot in the east to open"}, format="json"
    ).json()

    assert body["found"] is True
    assert body["matches"][0]["statement"]["id"] == report.canonical_id


def test_the_page_says_why_a_near_statement_is_not_the_same(client, mine):
    _embedded()

    response = client.get(
        reverse("web:quote-check"), {"quote": "Bus fares will be frozen until 2031."}
    )

    assert response.status_code == 200
    assert "not the same statement: another number" in response.content.decode()


def test_a_paraphrase_in_other_words_with_no_speaker_is_found_by_meaning(api, mine):
    _embedded()
    # Of its words only "2030" is the report's: the words' candidates miss it,
    # the store-wide index of vectors does not.
    quote = "Ticket prices on public transport are staying put until 2030."

    body = api.post(URL, {"quote": quote}, format="json").json()

    shown = [m["statement"]["id"] for m in body["matches"] + body["nearest"]]
    assert mine["fares"].canonical_id in shown


def _as_candidates(texts: list[str]) -> list:
    vectors = embeddings.embed(texts)
    return [
        (100 + i, text, Claim.Kind.DIRECT, 1 + i % 3, embeddings.to_bytes(vector))
        for i, (text, vector) in enumerate(zip(texts, vectors, strict=True))
    ]


PAGE_QUOTE = "We will build 400 new homes in Ashford before the end of next year."
PAGE_TEXTS = [
    PAGE_QUOTE,
    "We will build 400 new homes in Ashford before the end of next year, she said.",
    "We will build 4,000 new homes in Ashford before the end of next year.",
    "We will build 400 new homes in Canterbury before the end of next year.",
    "We will not build 400 new homes in Ashford before the end of next year.",
    "Four hundred homes are to go up in Ashford by the close of next year.",
    "build 400 new homes in Ashford before the end",
    *[
        f"The {word} committee met on {day} to discuss the {topic} budget again."
        for word in ("transport", "health", "schools", "water", "energy")
        for day in ("Monday", "Tuesday", "Friday")
        for topic in ("annual", "regional", "capital", "revised")
    ],
]


@pytest.mark.parametrize("speaker_ids", [None, {2}, set()])
def test_the_page_is_the_same_when_only_reports_that_can_reach_it_are_scored(
    speaker_ids,
):
    candidates = _as_candidates(PAGE_TEXTS)
    vector = embeddings.embed([PAGE_QUOTE])[0]

    scored = quote_check._scores(PAGE_QUOTE, vector, candidates, speaker_ids)
    everyone = quote_check._best_of(PAGE_QUOTE, vector, candidates)

    page = quote_check._page(scored, speaker_ids)
    assert page == quote_check._page(everyone, speaker_ids)
    assert all(scored[pk] == everyone[pk] for pk in [*page[0], *page[1]])
    assert len(scored) < len(everyone)  # the unrelated reports went unchecked


@pytest.mark.parametrize(
    "report",
    [
        PAGE_QUOTE,
        "We'll build 400 new homes in Ashford before the end of next year.",
        "We will build 400 homes in Ashford before the end of the year.",
        "We will build 400 new homes in Ashford … next year.",
        "Homes: we will build some in Ashford, 400 of them, by next year.",
        "The transport committee met on Monday to discuss the annual budget.",
    ],
)
def test_a_report_is_aligned_to_the_quote_unless_its_words_cannot_be_in_order(report):
    in_order = quote_check.clustering.drift(report, PAGE_QUOTE) <= quote_check.IN_ORDER

    assert quote_check._may_be_in_order(report, PAGE_QUOTE) or not in_order
