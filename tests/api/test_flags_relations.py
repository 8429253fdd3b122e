"""Fact-checkers flag claims and link them; everyone else can only read."""

import pytest
from django.urls import reverse

from attribution import services
from attribution.models import ClaimFlag, ClaimRelation
from attribution.roles import Role
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


def _flag(claim, user, verdict="false") -> ClaimFlag:
    return services.claim_flag(claim_id=claim.pk, user=user, verdict=verdict)


def test_a_true_verdict_verifies_the_claim_instead_of_contesting_it(
    as_user, fact_checker
):
    claim = ClaimFactory()

    response = as_user(fact_checker).post(_flags(claim), {"verdict": "true"})

    assert response.status_code == 201
    assert response.json()["effect"] == "confirms"
    body = as_user(fact_checker).get(reverse("api:claim-detail", args=[claim.pk]))
    assert (body.json()["contested"], body.json()["verified"]) == (False, True)


def test_the_author_changes_a_flag_with_patch_and_the_claim_follows(
    as_user, fact_checker
):
    claim = ClaimFactory()
    flag = _flag(claim, fact_checker, "true")

    response = as_user(fact_checker).patch(
        reverse("api:flag-detail", args=[flag.pk]),
        {"verdict": "misleading", "sources": ["https://a.org/y"]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["verdict"] == "misleading"
    flag.refresh_from_db()
    claim.refresh_from_db()
    assert (flag.verdict_id, flag.sources) == ("misleading", ["https://a.org/y"])
    assert (claim.contested, claim.verified) == (True, False)


def test_an_editor_withdraws_a_flag_with_delete_and_the_claim_is_uncontested(
    as_user, fact_checker, editor
):
    claim = ClaimFactory()
    flag = _flag(claim, fact_checker)

    response = as_user(editor).delete(reverse("api:flag-detail", args=[flag.pk]))

    assert response.status_code == 204
    claim.refresh_from_db()
    assert not ClaimFlag.objects.exists() and not claim.contested


@pytest.mark.parametrize("role", [None, "reader", "other_checker"])
def test_only_the_author_or_an_editor_changes_or_withdraws_a_flag(
    request, api, fact_checker, role
):
    flag = _flag(ClaimFactory(), fact_checker)
    if role == "other_checker":
        api.force_authenticate(
            services.user_create(
                username="fc2", password="x-password-123", roles=[Role.FACT_CHECKER]
            )
        )
    elif role:
        api.force_authenticate(request.getfixturevalue(role))
    url = reverse("api:flag-detail", args=[flag.pk])

    changed = api.patch(url, {"verdict": "true"}, format="json")
    withdrawn = api.delete(url)

    assert changed.status_code in {401, 403} and withdrawn.status_code in {401, 403}
    assert changed.json()["error"]["status"] == changed.status_code
    flag.refresh_from_db()
    assert flag.verdict_id == "false"


def test_a_flag_change_over_the_limits_is_refused_naming_the_field(
    as_user, fact_checker
):
    flag = _flag(ClaimFactory(), fact_checker)

    response = as_user(fact_checker).patch(
        reverse("api:flag-detail", args=[flag.pk]),
        {"note": "x" * (ClaimFlag.NOTE_MAX_LENGTH + 1)},
        format="json",
    )

    assert response.status_code == 400
    assert "note" in response.json()["error"]["fields"]


def test_the_rating_scale_is_listed_with_what_each_rating_does(api):
    ratings = api.get(reverse("api:rating-list")).json()

    effects = {r["slug"]: r["effect"] for r in ratings}
    assert effects["false"] == "disputes" and effects["true"] == "confirms"
    assert effects["unverifiable"] == "neither"
