"""Fact-checkers flag claims and link them; everyone else can only read."""

import pytest
from django.urls import reverse

from attribution.models import ClaimFlag, ClaimRelation
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def _flags(claim) -> str:
    return reverse("api:claim-flags", args=[claim.pk])


def test_a_fact_checker_flag_marks_the_claim_contested(as_user, fact_checker):
    claim = ClaimFactory()

    response = as_user(fact_checker).post(
        _flags(claim),
        {
            "verdict": "false",
            "note": "Records disagree.",
            "sources": ["https://a.org/x"],
        },
    )

    assert response.status_code == 201
    claim.refresh_from_db()
    assert claim.contested is True
    flag = ClaimFlag.objects.get()
    assert (flag.verdict_id, flag.created_by) == ("false", fact_checker)
    assert claim.history.first().history_user == fact_checker


@pytest.mark.parametrize("role", [None, "reader", "editor"])
def test_only_fact_checkers_flag_and_link(request, api, role):
    claim, other = ClaimFactory(), ClaimFactory(article=ArticleFactory())
    if role:
        api.force_authenticate(request.getfixturevalue(role))

    flag = api.post(_flags(claim), {"verdict": "false"})
    link = api.post(
        reverse("api:relation-list"),
        {"source": claim.pk, "target": other.pk, "kind": "contradicts"},
    )

    assert flag.status_code in {401, 403} and link.status_code in {401, 403}
    assert not ClaimFlag.objects.exists() and not ClaimRelation.objects.exists()


def test_a_fact_checker_links_two_claims_once(as_user, fact_checker):
    claim, other = ClaimFactory(), ClaimFactory(article=ArticleFactory())
    client = as_user(fact_checker)
    payload = {"source": claim.pk, "target": other.pk, "kind": "contradicts"}

    first = client.post(reverse("api:relation-list"), payload)
    again = client.post(reverse("api:relation-list"), payload)

    assert first.status_code == 201 and again.status_code == 400
    assert ClaimRelation.objects.get().created_by == fact_checker


def test_a_claim_cannot_be_linked_to_itself(as_user, fact_checker):
    claim = ClaimFactory()

    response = as_user(fact_checker).post(
        reverse("api:relation-list"),
        {"source": claim.pk, "target": claim.pk, "kind": "supports"},
    )

    assert response.status_code == 400
    assert "target" in response.json()["error"]["fields"]


def test_anyone_reads_flags_and_relations(api, fact_checker):
    claim = ClaimFactory()
    ClaimFlag.objects.create(
        claim=claim, verdict_id="misleading", created_by=fact_checker
    )

    assert api.get(reverse("api:flag-list")).json()["results"][0]["verdict"] == (
        "misleading"
    )
    assert api.get(_flags(claim)).json()[0]["verdict"] == "misleading"
    assert api.get(reverse("api:relation-list")).status_code == 200


def test_flag_and_relation_lists_take_a_fixed_number_of_queries(
    api, fact_checker, django_assert_num_queries
):
    for _ in range(10):
        claim, other = (
            ClaimFactory(article=ArticleFactory()),
            ClaimFactory(article=ArticleFactory()),
        )
        ClaimFlag.objects.create(
            claim=claim, verdict_id="false", created_by=fact_checker
        )
        ClaimRelation.objects.create(
            source=claim, target=other, kind="supports", created_by=fact_checker
        )

    with django_assert_num_queries(1):
        api.get(reverse("api:flag-list"))
    with django_assert_num_queries(1):
        api.get(reverse("api:relation-list"))
