import pytest
from django.urls import reverse

from attribution.models import CanonicalClaim, ClusterDecision
from tests.factories import (
    OutletFactory,
    SpeakerFactory,
    reported_claim,
    undated_claim,
)

pytestmark = pytest.mark.django_db

LIST = reverse("api:canonical-claim-list")


@pytest.fixture
def story():
    santos = SpeakerFactory(name="Maria Santos", slug="maria-santos")
    reuters = OutletFactory(name="Reuters", slug="reuters")
    guardian = OutletFactory(name="The Guardian", slug="the-guardian")
    first = reported_claim(
        santos, "The bridge will reopen in May.", day=1, publisher=reuters
    )
    second = reported_claim(
        santos,
        "The bridge will open again in May.",
        day=3,
        via=[reuters],
        publisher=guardian,
    )
    other = reported_claim(santos, "Fares will fall next year.", day=2)
    return {"first": first, "second": second, "other": other, "speaker": santos}


def test_the_list_shows_each_statement_with_its_report_count(api, story):
    response = api.get(LIST, {"speaker": "maria-santos", "ordering": "-reports"})

    assert response.status_code == 200
    top = response.json()["results"][0]
    assert top["id"] == story["first"].canonical_id
    assert top["report_count"] == 2 and top["article_count"] == 2
    assert top["altered"] is True
    assert top["speaker"]["slug"] == "maria-santos"


def test_the_list_filters_altered_statements(api, story):
    response = api.get(LIST, {"altered": "false"})

    assert [c["id"] for c in response.json()["results"]] == [
        story["other"].canonical_id
    ]


def test_a_claim_links_to_its_canonical_claim(api, story):
    claim = story["second"]

    response = api.get(reverse("api:claim-detail", args=[claim.pk]))

    assert response.json()["canonical"].endswith(
        reverse("api:canonical-claim-detail", args=[claim.canonical_id])
    )


def test_the_detail_lists_every_report_earliest_first(api, story):
    url = reverse("api:canonical-claim-detail", args=[story["first"].canonical_id])

    reports = api.get(url).json()["reports"]

    assert [r["id"] for r in reports] == [story["first"].pk, story["second"].pk]
    assert reports[1]["via"][0]["slug"] == "reuters"
    assert reports[1]["publisher"]["slug"] == "the-guardian"
    assert reports[0]["reported_at"].startswith("2026-03-01")


def test_the_timeline_names_the_earliest_source_and_who_cited_whom(api, story):
    url = reverse("api:canonical-claim-timeline", args=[story["first"].canonical_id])

    timeline = api.get(url).json()

    assert timeline["earliest"]["id"] == story["first"].pk
    assert {(c["cited"], c["by"]) for c in timeline["citations"]} == {
        ("Maria Santos", "Reuters"),
        ("Reuters", "The Guardian"),
    }


def test_a_report_of_unknown_date_has_no_reported_at_and_comes_last(api, story):
    santos = story["speaker"]
    undated = undated_claim(santos, "The bridge will reopen in May.", ingested_day=1)
    assert undated.canonical_id == story["first"].canonical_id
    url = reverse("api:canonical-claim-timeline", args=[undated.canonical_id])

    timeline = api.get(url).json()

    reports = timeline["reports"]
    assert reports[-1]["id"] == undated.pk and reports[-1]["reported_at"] is None
    assert timeline["earliest"]["id"] == story["first"].pk


def test_the_drift_shows_a_word_diff_against_the_earliest_quote(api, story):
    url = reverse("api:canonical-claim-drift", args=[story["first"].canonical_id])

    drift = api.get(url).json()

    assert drift["altered"] is True
    assert drift["reference"]["id"] == story["first"].pk
    [version] = drift["versions"]
    assert version["claim"]["id"] == story["second"].pk
    assert 0 < version["drift"] < 1
    assert {"op": "added", "text": "open again"} in version["diff"]


def test_an_editor_merges_two_statements_and_the_decision_is_recorded(
    as_user, editor, story
):
    source, target = story["other"].canonical_id, story["first"].canonical_id

    response = as_user(editor).post(
        reverse("api:canonical-claim-merge", args=[source]), {"into": target}
    )

    assert response.status_code == 200
    assert response.json()["report_count"] == 3
    assert not CanonicalClaim.objects.filter(pk=source).exists()
    decision = ClusterDecision.objects.get(article=story["other"].article)
    assert decision.canonical_id == target and decision.created_by == editor


def test_an_editor_splits_a_report_off(as_user, editor, story):
    canonical_id = story["first"].canonical_id

    response = as_user(editor).post(
        reverse("api:canonical-claim-split", args=[canonical_id]),
        {"claim": story["second"].pk},
    )

    assert response.status_code == 201
    story["second"].refresh_from_db()
    assert story["second"].canonical_id == response.json()["id"] != canonical_id


def test_splitting_a_claim_of_another_statement_is_refused(as_user, editor, story):
    response = as_user(editor).post(
        reverse("api:canonical-claim-split", args=[story["first"].canonical_id]),
        {"claim": story["other"].pk},
    )

    assert response.status_code == 400
    assert "not a report" in str(response.json()["error"]["fields"])


@pytest.mark.parametrize("user", [None, "reader", "fact_checker"])
def test_only_editors_merge_or_split(api, request, story, user):
    if user:
        api.force_authenticate(request.getfixturevalue(user))
    source, target = story["other"].canonical_id, story["first"].canonical_id

    merge = api.post(
        reverse("api:canonical-claim-merge", args=[source]), {"into": target}
    )
    split = api.post(
        reverse("api:canonical-claim-split", args=[target]),
        {"claim": story["second"].pk},
    )

    # Anonymous: 401, asked to authenticate; signed in without the role: 403.
    assert merge.status_code == split.status_code == (403 if user else 401)
    assert CanonicalClaim.objects.count() == 2


def test_the_list_runs_the_same_number_of_queries_for_any_page_size(
    api, django_assert_num_queries
):
    speaker = SpeakerFactory()
    for day in range(1, 21):
        reported_claim(
            speaker, f"Statement number {day} about topic {day * 7}.", day=day
        )

    with django_assert_num_queries(1):
        api.get(LIST, {"page_size": 5})
    with django_assert_num_queries(1):
        api.get(LIST, {"page_size": 20})


def test_statements_filter_by_a_speakers_name_and_refuse_an_unknown_one(api, db):
    from tests.factories import SpeakerFactory

    SpeakerFactory(name="Maria Santos", slug="maria-santos")

    known = api.get(LIST, {"speaker": "Maria Santos"})
    unknown = api.get(LIST, {"speaker": "Nobody Atall"})

    assert known.status_code == 200
    assert unknown.status_code == 400
    assert "speaker" in unknown.json()["error"]["fields"]


@pytest.mark.parametrize("ordering", ["", "-first_reported_at", "first_reported_at"])
def test_statements_of_unknown_date_are_listed_last_in_either_order(
    api, story, ordering
):
    undated = undated_claim(
        story["speaker"], "The ferry runs all winter.", ingested_day=9
    )

    listed = api.get(LIST, {"ordering": ordering} if ordering else {}).json()

    ids = [item["id"] for item in listed["results"]]
    assert ids[-1] == undated.canonical_id and len(ids) == 3
    assert listed["results"][-1]["first_reported_at"] is None
