"""CSV, JSON Lines and ClaimReview exports."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.urls import reverse

from attribution import selectors, services
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    OutletFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_csv_export_honours_filters_and_defuses_formulas(api):
    ClaimFactory(
        article=ArticleFactory(body="He said =HYPERLINK(1) now."),
        text="=HYPERLINK(1)",
        kind="direct",
    )
    ClaimFactory(article=ArticleFactory(), kind="indirect")

    response = api.get(reverse("api:export-csv"), {"kind": "direct"})

    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert response["Content-Type"] == "text/csv"
    assert [row["text"] for row in rows] == ["'=HYPERLINK(1)"]


def test_jsonl_export_writes_one_claim_per_line(api, claim_via_reuters):
    ClaimFactory(article=ArticleFactory())

    lines = _body(api.get(reverse("api:export-jsonl"))).splitlines()

    claims = [json.loads(line) for line in lines]
    assert len(claims) == 2
    assert claims[0]["via"][0]["name"] == "Reuters"


def test_export_with_a_bad_filter_is_refused(api):
    response = api.get(reverse("api:export-csv"), {"kind": "shouted"})

    assert response.status_code == 400


def test_contested_claims_export_as_schema_org_claim_review(api, fact_checker):
    claim = ClaimFactory(speaker=SpeakerFactory(name="Ana Lind"))
    services.claim_flag(
        claim_id=claim.pk, user=fact_checker, verdict="mostly_false", note="No."
    )
    ClaimFactory(article=ArticleFactory())

    feed = api.get(reverse("api:claim-review-list")).json()["results"]
    one = api.get(reverse("api:claim-review-detail", args=[claim.pk])).json()

    assert feed == [one]
    assert one["@type"] == "ClaimReview"
    assert one["claimReviewed"] == claim.text
    assert one["itemReviewed"]["author"]["name"] == "Ana Lind"
    assert one["reviewRating"]["ratingValue"] == 2
    assert one["reviewRating"]["alternateName"] == "Mostly false"


def test_an_uncontested_claim_has_no_claim_review(api):
    claim = ClaimFactory()

    response = api.get(reverse("api:claim-review-detail", args=[claim.pk]))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_claim_rated_true_is_verified_and_kept_out_of_the_claim_review_feed(
    api, fact_checker
):
    claim = ClaimFactory()
    services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="true")

    feed = api.get(reverse("api:claim-review-list")).json()["results"]
    one = api.get(reverse("api:claim-review-detail", args=[claim.pk]))

    assert feed == [] and one.status_code == 404


def test_every_verdict_true_included_exports_as_claim_review_on_its_own_endpoint(
    api, fact_checker
):
    confirmed, disputed = ClaimFactory(), ClaimFactory(article=ArticleFactory())
    true = services.claim_flag(claim_id=confirmed.pk, user=fact_checker, verdict="true")
    services.claim_flag(claim_id=disputed.pk, user=fact_checker, verdict="false")

    feed = api.get(reverse("api:verdict-review-list")).json()["results"]
    one = api.get(reverse("api:verdict-review-detail", args=[true.pk])).json()

    assert [r["reviewRating"]["alternateName"] for r in feed] == ["False", "True"]
    assert one == feed[1] and one["reviewRating"]["ratingValue"] == 5


def test_a_claim_review_names_the_reviewing_organisation_the_claim_page_and_sources(
    api, fact_checker, settings
):
    settings.ATTRIBUTION_REVIEW_ORGANISATION = "Example Checks"
    settings.ATTRIBUTION_REVIEW_ORGANISATION_URL = "https://checks.example.org/"
    claim = ClaimFactory()
    services.claim_flag(
        claim_id=claim.pk,
        user=fact_checker,
        verdict="false",
        sources=["https://records.example.org/1"],
    )

    review = api.get(reverse("api:claim-review-detail", args=[claim.pk])).json()

    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://checks.example.org/",
    }
    assert review["url"] == f"http://testserver/claims/{claim.pk}/"
    assert review["citation"] == [
        {"@type": "CreativeWork", "url": "https://records.example.org/1"}
    ]


def test_the_csv_carries_publisher_date_url_and_verdict_with_plain_values(
    api, fact_checker
):
    article = ArticleFactory(
        publisher=OutletFactory(name="The Herald"),
        published_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        url="https://herald.example.org/bridge",
    )
    claim = ClaimFactory(article=article, confidence=0.9500000000000001)
    services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="true")
    services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="misleading")

    (row,) = csv.DictReader(io.StringIO(_body(api.get(reverse("api:export-csv")))))

    assert row["publisher"] == "The Herald"
    assert row["published_at"] == "2026-03-01T09:30:00+00:00"
    assert row["article_url"] == "https://herald.example.org/bridge"
    assert row["verdict"] == "misleading"
    assert row["confidence"] == "0.95"
    assert (row["contested"], row["verified"]) == ("true", "false")


def test_the_csv_export_takes_a_fixed_number_of_queries(
    api, fact_checker, django_assert_num_queries
):
    for _ in range(3):
        claim = ClaimFactory(article=ArticleFactory(publisher=OutletFactory()))
        services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="false")

    with django_assert_num_queries(3):  # claims, their via links, their flags
        _body(api.get(reverse("api:export-csv")))


def test_a_claim_marked_contested_with_no_disputing_flag_is_left_out_of_the_feed(
    api,
):
    ClaimFactory(contested=True)

    response = api.get(reverse("api:claim-review-list"))

    assert response.status_code == 200 and response.json()["results"] == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's bounded search"
)
def test_a_searchs_export_holds_every_match_not_only_the_newest_ranked(
    api, monkeypatch
):
    # The list ranks the newest SEARCH_CANDIDATES matches; an export is all of them.
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 2)
    for n in range(3):
        ClaimFactory(
            article=ArticleFactory(body=f"The harbour will reopen, day {n}."),
            text="The harbour will reopen",
        )
    ClaimFactory(
        article=ArticleFactory(body="Fares will fall."), text="Fares will fall"
    )

    listed = api.get(reverse("api:claim-list"), {"q": "harbour"}).json()["results"]
    exported = _body(api.get(reverse("api:export-jsonl"), {"q": "harbour"}))

    assert len(listed) == 2
    assert len(exported.splitlines()) == 3
