"""Saved searches matched against an article's new claims in one query, as the
claim list's own filters would find them."""

import pytest

from attribution import alert_services
from attribution.models import Alert, Claim, Watchlist
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimViaFactory,
    OutletFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

BODY = "Lopez said the bridge is safe. Kim said taxes rise. Lee said rain falls."


@pytest.fixture
def article():
    article = ArticleFactory(body=BODY)
    lopez = SpeakerFactory(name="Ana Lopez", aliases=["Minister Lopez"])
    kim = SpeakerFactory(name="Jin Kim")
    bridge = ClaimFactory(article=article, text="the bridge is safe", speaker=lopez)
    taxes = ClaimFactory(
        article=article, text="taxes rise", speaker=kim, kind=Claim.Kind.DIRECT
    )
    ClaimViaFactory(claim=taxes, outlet=OutletFactory(name="Reuters"), position=1)
    ClaimViaFactory(claim=taxes, outlet=OutletFactory(name="BBC"), position=0)
    ClaimFactory(article=article, text="rain falls", speaker=None)
    article.bridge, article.taxes = bridge, taxes
    return article


def _matched(reader, article, search) -> list[str]:
    watchlist = Watchlist.objects.create(
        user=reader, kind=Watchlist.Kind.SEARCH, search=search, name="search"
    )
    alert_services.article_alerts_produce(article_id=article.pk)
    return sorted(
        Alert.objects.filter(watchlist=watchlist).values_list("claim__text", flat=True)
    )


def test_search_words_find_a_claim_by_its_speakers_alias_or_an_outlet(reader, article):
    assert _matched(reader, article, {"q": "minister"}) == ["the bridge is safe"]
    assert _matched(reader, article, {"q": "bbc"}) == ["taxes rise"]


def test_search_words_read_as_web_search_with_or_and_minus(reader, article):
    found = _matched(reader, article, {"q": "bridges or rain -taxes"})

    assert found == ["rain falls", "the bridge is safe"]


def test_a_speaker_named_by_an_alias_and_a_kind_both_apply(reader, article):
    assert _matched(reader, article, {"speaker": "minister lopez"}) == [
        "the bridge is safe"
    ]
    assert _matched(reader, article, {"speaker": "Jin Kim", "kind": "indirect"}) == []


def test_an_outermost_outlet_is_only_the_first_of_the_chain(reader, article):
    assert _matched(reader, article, {"outermost_outlet": "Reuters"}) == []
    assert _matched(reader, article, {"outermost_outlet": "BBC"}) == ["taxes rise"]
    assert _matched(reader, article, {"outlet": "reuters"}) == ["taxes rise"]


def test_review_state_and_dates_filter_as_the_list_does(reader, article):
    Claim.objects.filter(pk=article.taxes.pk).update(contested=True)

    assert _matched(reader, article, {"contested": "true"}) == ["taxes rise"]
    assert _matched(reader, article, {"created_before": "2000-01-01T00:00:00Z"}) == []


def test_a_search_naming_a_speaker_nobody_has_any_more_finds_nothing(reader, article):
    assert _matched(reader, article, {"speaker": "Gone Person", "q": "bridge"}) == []


def test_a_misremembered_quote_finds_the_claim_it_is_close_to(reader, article):
    assert _matched(reader, article, {"quote": "the brigde is safe"}) == [
        "the bridge is safe"
    ]


def test_one_query_matches_a_hundred_saved_searches(
    reader, article, django_assert_max_num_queries
):
    for n in range(100):
        Watchlist.objects.create(
            user=reader, kind="search", search={"q": f"bridge w{n} or safe"}, name="s"
        )

    # The searches' values, the match, the matched watchlists: a fixed three of them.
    with django_assert_max_num_queries(13):
        created = alert_services.article_alerts_produce(article_id=article.pk)

    assert created == 100
