"""The claim list's plain rows (api/rows.py) against ClaimSerializer: the same JSON.

Each request is answered twice, by the lean list and by DRF's own list through
the serializer (the viewset as it was), and the two bodies must be equal: keys,
values, nulls, via chains, speakers, reviewers and the cursor links.
"""

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import mixins
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from attribution import selectors, services
from attribution.api.serializers import ClaimSerializer
from attribution.api.views import ArticleViewSet, ClaimViewSet
from attribution.models import Article, Claim
from attribution.roles import Role
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimViaFactory,
    OutletFactory,
    SpeakerFactory,
    reported_claim,
)

pytestmark = pytest.mark.django_db


class SerializedClaims(ClaimViewSet):
    """The claim list as it was: the filterset always, ClaimSerializer per claim."""

    def list(self, request, *args, **kwargs):
        return mixins.ListModelMixin.list(self, request, *args, **kwargs)

    def filter_queryset(self, queryset):
        return super(ClaimViewSet, self).filter_queryset(queryset)


@pytest.fixture
def claims():
    """Claims with every shape a row takes: no speaker, a chain of two outlets,
    a statement, reviewers with and without a name, words outside ASCII."""
    reuters = OutletFactory(name="Reuters", slug="reuters")
    watch = OutletFactory(name="Rights Watch", slug="rights-watch")
    mayor = SpeakerFactory(name="Ana Pérez")
    made = [
        reported_claim(mayor, "the bridge is safe", day=3, via=[reuters, watch]),
        reported_claim(mayor, "the bridge is safe", day=5),
    ]
    article = ArticleFactory(body="Story. Someone said «the dam will hold» today.")
    nobody = ClaimFactory(
        article=article,
        text="the dam will hold",
        speaker=None,
        speaker_name="",
        no_speaker_reason="no_attribution",
        kind=Claim.Kind.DIRECT,
        confidence=0.4,
    )
    ClaimViaFactory(claim=nobody, outlet=watch)
    made.append(nobody)
    named = services.user_create(
        username="ed", password="ed-password-123", roles=[Role.EDITOR]
    )
    named.first_name, named.last_name = "Eda", "Kaya"
    named.save()
    anonymous = services.user_create(
        username="ed2", password="ed-password-123", roles=[Role.EDITOR]
    )
    Claim.objects.filter(pk=made[0].pk).update(
        review_status=Claim.ReviewStatus.APPROVED,
        reviewed_by=named,
        reviewed_at=datetime(2026, 3, 4, 10, 11, 12, 345678, tzinfo=UTC),
    )
    Claim.objects.filter(pk=nobody.pk).update(
        review_status=Claim.ReviewStatus.REJECTED,
        reviewed_by=anonymous,
        reviewed_at=datetime(2026, 3, 6, tzinfo=UTC),
        contested=True,
    )
    for n in range(4):
        made.append(ClaimFactory(speaker=mayor if n % 2 else SpeakerFactory()))
    # A slug that quoting changes, in a speaker's URL and an outlet's.
    made.append(ClaimFactory(speaker=SpeakerFactory(name="Zoë", slug="zoë-çelik")))
    ClaimViaFactory(claim=made[-1], outlet=OutletFactory(name="Ñ", slug="ñ@1"))
    return made


def _both(query: dict) -> tuple[dict, dict]:
    request = APIRequestFactory().get("/api/v1/claims/", query)
    lean = ClaimViewSet.as_view({"get": "list"})(request)
    request = APIRequestFactory().get("/api/v1/claims/", query)
    old = SerializedClaims.as_view({"get": "list"})(request)
    lean.render()
    old.render()
    assert lean.status_code == old.status_code == 200, (lean.content, old.content)
    return json.loads(lean.content), json.loads(old.content)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"page_size": "2"},
        {"page_size": "2", "count": "true"},
        {"kind": "direct"},
        {"outlet": "rights-watch"},
        {"outermost_outlet": "reuters"},
        {"speaker": "Ana Pérez"},
        {"review_status": "approved"},
        {"contested": "true"},
        {"ordering": "-confidence", "page_size": "3"},
        {"ordering": "created_at"},
        {"q": "bridge", "page_size": "1"},
    ],
)
def test_the_lean_list_answers_the_serializers_json(claims, query):
    lean, old = _both(query)

    assert lean == old
    assert lean["results"]


def test_each_next_page_of_the_lean_list_is_the_serializers_next_page(claims):
    query: dict = {"page_size": "2"}
    pages = 0
    while True:
        lean, old = _both(query)
        assert lean == old
        pages += 1
        if not lean["next"]:
            break
        query = {k: v[0] for k, v in parse_qs(urlsplit(lean["next"]).query).items()}
    assert pages == 4


def test_a_row_keeps_its_nulls_reviewer_and_via_chain(claims):
    lean, _ = _both({})
    rows = {row["id"]: row for row in lean["results"]}

    first, nobody = rows[claims[0].pk], rows[claims[2].pk]
    assert [o["slug"] for o in first["via"]] == ["reuters", "rights-watch"]
    assert first["reviewed_by"] == "Eda Kaya"
    assert first["reviewed_at"] == "2026-03-04T10:11:12.345678Z"
    assert first["canonical"].endswith(
        f"/api/v1/canonical-claims/{claims[0].canonical_id}/"
    )
    assert nobody["speaker"] is None and nobody["canonical"] is None
    assert nobody["reviewed_by"] == "Editor"
    assert nobody["text"] == "the dam will hold"


def test_a_page_of_claims_costs_the_same_queries_whatever_its_length(claims):
    def queries(size: str) -> int:
        request = APIRequestFactory().get("/api/v1/claims/", {"page_size": size})
        with CaptureQueriesContext(connection) as captured:
            ClaimViewSet.as_view({"get": "list"})(request).render()
        return len(captured)

    assert queries("1") == queries("7") == 1  # the page, via chains and all


def test_an_articles_claims_are_the_serializers_claims(claims):
    article_id = claims[2].article_id
    request = APIRequestFactory().get(f"/api/v1/articles/{article_id}/")
    response = ArticleViewSet.as_view({"get": "retrieve"})(request, pk=article_id)
    response.render()
    body = json.loads(response.content)

    wrapped = Request(APIRequestFactory().get(f"/api/v1/articles/{article_id}/"))
    old = ClaimSerializer(
        selectors.article_claims(Article.objects.get(pk=article_id)),
        many=True,
        context={"request": wrapped},
    ).data
    assert body["claims"] == json.loads(JSONRenderer().render(old))
    assert [c["id"] for c in body["claims"]] == [claims[2].pk]
