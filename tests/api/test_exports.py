"""CSV, JSON Lines and ClaimReview exports."""

import csv
import io
import json

import pytest
from django.urls import reverse

from attribution import services
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

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
