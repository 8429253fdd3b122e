"""Speakers with claim counts per outlet; outlets with the speakers they quoted."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory, ClaimViaFactory

pytestmark = pytest.mark.django_db


def test_speaker_detail_counts_claims_per_outermost_outlet(api, claim_via_reuters):
    speaker = claim_via_reuters.speaker
    ClaimFactory(article=ArticleFactory(), speaker=speaker)

    body = api.get(reverse("api:speaker-detail", args=[speaker.slug])).json()

    assert body["claim_count"] == 2
    counts = {
        (row["outlet"] or {}).get("slug"): row["claims"]
        for row in body["claims_by_outlet"]
    }
    assert counts == {"reuters": 1, None: 1}


def test_outlet_detail_lists_the_speakers_it_quoted(api, claim_via_reuters):
    ClaimViaFactory(
        claim=ClaimFactory(article=ArticleFactory(), speaker=claim_via_reuters.speaker),
        outlet=claim_via_reuters.via_links.get().outlet,
    )

    body = api.get(reverse("api:outlet-detail", args=["reuters"])).json()

    assert body["claim_count"] == 2
    assert body["speakers"] == [
        {
            "id": claim_via_reuters.speaker.pk,
            "slug": claim_via_reuters.speaker.slug,
            "name": claim_via_reuters.speaker.name,
            "url": body["speakers"][0]["url"],
            "claim_count": 2,
        }
    ]


def test_speaker_and_outlet_lists_take_a_fixed_number_of_queries(
    api, django_assert_num_queries
):
    for _ in range(15):
        ClaimViaFactory(claim=ClaimFactory(article=ArticleFactory()))

    with django_assert_num_queries(1):
        api.get(reverse("api:speaker-list"))
    with django_assert_num_queries(1):
        api.get(reverse("api:outlet-list"))
