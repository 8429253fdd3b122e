"""GET, PATCH and review of /api/v1/claims/."""

import pytest
from django.db import connection
from django.urls import reverse

from attribution import services
from attribution.models import Claim
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimViaFactory,
    OutletFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("api:claim-list")


def _detail(claim) -> str:
    return reverse("api:claim-detail", args=[claim.pk])


def test_anyone_reads_a_claim_with_speaker_and_ordered_via(api, claim_via_reuters):
    inner = OutletFactory(name="Rights Watch", slug="rights-watch")
    ClaimViaFactory(claim=claim_via_reuters, outlet=inner, position=1)

    response = api.get(_detail(claim_via_reuters))

    assert response.status_code == 200
    body = response.json()
    assert body["speaker"]["name"] == claim_via_reuters.speaker.name
    assert [o["slug"] for o in body["via"]] == ["reuters", "rights-watch"]
    assert body["via"][0]["url"].endswith("/api/v1/outlets/reuters/")
    assert {"kind", "cue", "start", "end", "confidence", "review_status"} <= set(body)
    assert body["contested"] is False


def test_list_filters_by_outlet_anywhere_or_outermost_only(api, claim_via_reuters):
    nested = ClaimFactory(article=ArticleFactory())
    ClaimViaFactory(claim=nested, outlet=OutletFactory(name="BBC", slug="bbc"))
    ClaimViaFactory(
        claim=nested, outlet=claim_via_reuters.via_links.get().outlet, position=1
    )

    anywhere = api.get(LIST, {"outlet": "reuters"}).json()["results"]
    outermost = api.get(LIST, {"outermost_outlet": "reuters"}).json()["results"]

    assert {c["id"] for c in anywhere} == {claim_via_reuters.pk, nested.pk}
    assert [c["id"] for c in outermost] == [claim_via_reuters.pk]


def test_list_filters_by_speaker_kind_review_status_and_contested(api):
    speaker = SpeakerFactory(name="Ana Lind", slug="ana-lind")
    wanted = ClaimFactory(speaker=speaker, kind="direct", contested=True)
    ClaimFactory(article=ArticleFactory(), kind="direct", contested=True)
    ClaimFactory(article=ArticleFactory(), speaker=speaker, kind="indirect")

    results = api.get(
        LIST,
        {
            "speaker": "ana-lind",
            "kind": "direct",
            "contested": "true",
            "review_status": "unreviewed",
        },
    ).json()["results"]

    assert [c["id"] for c in results] == [wanted.pk]


def test_search_finds_claims_by_their_words_and_ranks_matches(api):
    best = ClaimFactory(
        article=ArticleFactory(body="He said the harbour harbour is closed."),
        text="the harbour harbour is closed",
    )
    other = ClaimFactory(
        article=ArticleFactory(body="She said the harbour may open soon."),
        text="the harbour may open soon",
    )
    ClaimFactory(article=ArticleFactory(), text="the bridge is safe")

    ids = [c["id"] for c in api.get(LIST, {"q": "harbour"}).json()["results"]]

    assert sorted(ids) == sorted([best.pk, other.pk])
    if connection.vendor == "postgresql":
        assert ids == [best.pk, other.pk]


def test_list_pages_with_a_cursor_and_caps_the_page_size(api):
    for _ in range(5):
        ClaimFactory(article=ArticleFactory())

    first = api.get(LIST, {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    capped = api.get(LIST, {"page_size": 10_000})

    assert len(first["results"]) == 2 and len(second["results"]) == 2
    assert not {c["id"] for c in first["results"]} & {
        c["id"] for c in second["results"]
    }
    assert capped.status_code == 200


def test_list_runs_the_same_number_of_queries_for_any_page_size(
    api, django_assert_num_queries
):
    for _ in range(30):
        ClaimViaFactory(claim=ClaimFactory(article=ArticleFactory()))

    # One: each row carries its via chain (main before: a second query for them).
    with django_assert_num_queries(1):
        api.get(LIST, {"page_size": 5})
    with django_assert_num_queries(1):
        api.get(LIST, {"page_size": 30})


def test_an_editor_approves_a_claim_and_it_is_recorded(as_user, editor):
    claim = ClaimFactory()

    response = as_user(editor).post(
        reverse("api:claim-review", args=[claim.pk]), {"status": "approved"}
    )

    assert response.status_code == 200
    assert response.json()["review_status"] == "approved"
    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.APPROVED
    assert claim.reviewed_by == editor
    last = claim.history.first()
    assert last.history_user == editor and last.review_status == "approved"


def test_a_stale_version_gets_409_and_changes_nothing(as_user, editor):
    claim = ClaimFactory()
    url = reverse("api:claim-review", args=[claim.pk])
    client = as_user(editor)
    client.post(url, {"status": "approved", "version": 1})

    response = client.post(url, {"status": "rejected", "version": 1})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.APPROVED


def test_an_editor_corrects_speaker_via_and_span(as_user, editor):
    claim = ClaimFactory()
    speaker = SpeakerFactory(name="Ana Lind", slug="ana-lind")
    OutletFactory(name="BBC", slug="bbc")
    OutletFactory(name="AFP", slug="afp")
    start = claim.article.body.index("bridge")

    response = as_user(editor).patch(
        _detail(claim),
        {"speaker": "ana-lind", "via": ["bbc", "afp"], "start": start},
    )

    assert response.status_code == 200, response.json()
    claim.refresh_from_db()
    assert claim.speaker == speaker
    assert [o.slug for o in Claim.objects.with_attribution().get().via_chain] == [
        "bbc",
        "afp",
    ]
    assert claim.text == "bridge is safe"
    assert claim.review_status == Claim.ReviewStatus.EDITED


def test_a_span_outside_the_article_is_refused(as_user, editor):
    claim = ClaimFactory()

    response = as_user(editor).patch(_detail(claim), {"end": 10_000})

    assert response.status_code == 400
    assert "end" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: {"start": c.end + 2}, "start"),
        (lambda c: {"end": c.start - 1}, "end"),
        (lambda c: {"start": c.end, "end": c.start}, "end"),
    ],
    ids=["start-after-end", "end-before-start", "both-swapped"],
)
def test_an_inverted_span_names_the_bound_at_fault(as_user, editor, change, field):
    body = "The mayor said the bridge is safe, and then she left the town hall."
    claim = ClaimFactory(article=ArticleFactory(body=body))

    response = as_user(editor).patch(_detail(claim), change(claim))

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == [field]
    assert "before" in fields[field][0] or "after" in fields[field][0]
    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.UNREVIEWED


def test_a_list_includes_its_total_count_only_when_asked(api):
    for _ in range(3):
        ClaimFactory(article=ArticleFactory())

    counted = api.get(reverse("api:claim-list"), {"count": "true", "page_size": 2})
    plain = api.get(reverse("api:claim-list"), {"page_size": 2})
    bad = api.get(reverse("api:claim-list"), {"count": "perhaps"})

    assert counted.json()["count"] == 3 and len(counted.json()["results"]) == 2
    assert "count" not in plain.json()
    assert bad.status_code == 400 and "count" in bad.json()["error"]["fields"]


@pytest.mark.parametrize("role", [None, "reader", "fact_checker"])
def test_only_editors_review_or_edit(request, api, role):
    claim = ClaimFactory()
    if role:
        api.force_authenticate(request.getfixturevalue(role))

    review = api.post(
        reverse("api:claim-review", args=[claim.pk]), {"status": "approved"}
    )
    edit = api.patch(_detail(claim), {"start": 0})

    assert review.status_code in {401, 403} and edit.status_code in {401, 403}
    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.UNREVIEWED
    assert review.json()["error"]["status"] == review.status_code


def test_review_status_cannot_be_mass_assigned_through_patch(as_user, editor):
    claim = ClaimFactory()

    as_user(editor).patch(_detail(claim), {"review_status": "approved", "text": "x"})

    claim.refresh_from_db()
    # Nothing it may change was sent: the claim is left as it was, not "edited".
    assert claim.review_status == Claim.ReviewStatus.UNREVIEWED
    assert claim.text == "the bridge is safe"


def test_reviewers_usernames_are_never_public_only_their_full_name_or_role(
    api, editor, fact_checker
):
    claim = ClaimFactory()
    services.claim_review(claim_id=claim.pk, status="approved", user=editor)
    services.claim_flag(
        claim_id=claim.pk, user=fact_checker, verdict="false", note="", sources=[]
    )
    url = reverse("api:claim-detail", args=[claim.pk])
    flags_url = reverse("api:claim-flags", args=[claim.pk])

    by_role = api.get(url).json()["reviewed_by"]
    flagged_by = api.get(flags_url).json()[0]["created_by"]
    editor.first_name, editor.last_name = "Erin", "Dale"
    editor.save()
    by_name = api.get(url).json()["reviewed_by"]

    assert (by_role, flagged_by, by_name) == ("Editor", "Fact-checker", "Erin Dale")
    page = api.get(reverse("web:claim-detail", args=[claim.pk])).content.decode()
    assert "Erin Dale" in page and "Fact-checker" in page
    assert ">ed<" not in page and " fc," not in page and " ed," not in page


@pytest.fixture
def quoted(db):
    medvedev = SpeakerFactory(name="Andrey Medvedev", aliases=["Medvedev"])
    claim = ClaimFactory(
        article=ArticleFactory(body="He warned of carnage on the road to Kyiv."),
        text="carnage on the road to Kyiv",
        speaker=medvedev,
    )
    ClaimViaFactory(claim=claim, outlet=OutletFactory(name="Reuters"))
    other = ClaimFactory(
        article=ArticleFactory(body="She saw the road and carnage in Kyiv."),
        text="saw the road and carnage in Kyiv",
    )
    return claim, other


def _ids(client, **params):
    response = client.get(reverse("api:claim-list"), params)
    assert response.status_code == 200, response.json()
    return [c["id"] for c in response.json()["results"]]


def test_search_reads_quoted_phrases_or_and_minus(client, quoted):
    claim, other = quoted

    assert _ids(client, q='"carnage on the road"') == [claim.pk]
    assert set(_ids(client, q="carnage kyiv")) == {claim.pk, other.pk}
    assert _ids(client, q="carnage -saw") == [claim.pk]
    assert set(_ids(client, q='"road to Kyiv" or "road and carnage"')) == {
        claim.pk,
        other.pk,
    }


def test_search_finds_claims_by_their_speakers_and_outlets_names(client, quoted):
    claim, _ = quoted

    assert _ids(client, q="Medvedev") == [claim.pk]  # an alias
    assert _ids(client, q="reuters") == [claim.pk]


def test_filters_take_names_and_aliases_as_well_as_slugs(client, quoted):
    claim, _ = quoted

    assert _ids(client, speaker="andrey medvedev") == [claim.pk]
    assert _ids(client, speaker="Medvedev") == [claim.pk]
    assert _ids(client, outlet="Reuters") == [claim.pk]
    assert _ids(client, outermost_outlet="reuters") == [claim.pk]


@pytest.mark.parametrize("field", ["speaker", "outlet", "outermost_outlet"])
def test_an_unknown_name_in_a_filter_is_a_400_naming_the_field(client, quoted, field):
    response = client.get(reverse("api:claim-list"), {field: "Nobody Atall"})

    assert response.status_code == 400
    error = response.json()["error"]
    assert field in error["fields"]
    assert "Nobody Atall" in error["fields"][field][0]


def test_an_unknown_name_with_a_percent_sign_is_a_400_that_quotes_it(client, quoted):
    # Schemathesis found a 500: the name was formatted into the message as a
    # placeholder ("%w").
    response = client.get(reverse("api:claim-list"), {"speaker": '%w"100% sure'})

    assert response.status_code == 400
    assert '%w"100% sure' in response.json()["error"]["fields"]["speaker"][0]
