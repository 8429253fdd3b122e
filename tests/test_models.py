"""The database enforces the data's rules, whatever writes to it."""

import pytest
from django.db import IntegrityError, connection, transaction

from attribution.models import Article, Claim
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimViaFactory,
    OutletFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_two_articles_cannot_share_a_content_hash():
    article = ArticleFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(body="other", content_hash=article.content_hash)


def test_a_failed_article_must_say_why():
    article = ArticleFactory()
    article.status = Article.Status.FAILED

    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_a_claim_span_must_end_after_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(start=10, end=10)


def test_confidence_must_lie_between_zero_and_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(confidence=1.5)


def test_an_article_holds_one_claim_per_span():
    claim = ClaimFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(article=claim.article, speaker=claim.speaker)


def test_via_chain_is_ordered_outermost_first():
    claim = ClaimFactory()
    bbc, group = OutletFactory(name="BBC"), OutletFactory(name="Rights Group")
    ClaimViaFactory(claim=claim, outlet=group, position=1)
    ClaimViaFactory(claim=claim, outlet=bbc, position=0)

    loaded = Claim.objects.with_attribution().get(pk=claim.pk)

    assert [o.name for o in loaded.via_chain] == ["BBC", "Rights Group"]


def test_an_outlet_appears_once_in_a_via_chain():
    link = ClaimViaFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimViaFactory(claim=link.claim, outlet=link.outlet, position=1)


def test_an_outlet_is_at_most_one_speaker():
    outlet = OutletFactory(name="Reuters")
    SpeakerFactory(name="Reuters", outlet=outlet)

    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerFactory(name="Reuters agency", outlet=outlet)


def test_outlet_slug_is_derived_from_its_name():
    outlet = OutletFactory.build(name="The Straits Times", slug="")
    outlet.save()

    assert outlet.slug == "the-straits-times"


def test_the_unreviewed_queryset_leaves_reviewed_claims_out():
    ClaimFactory(review_status=Claim.ReviewStatus.APPROVED)
    fresh = ClaimFactory(article=ArticleFactory())

    assert list(Claim.objects.unreviewed()) == [fresh]


def test_the_contested_queryset_holds_flagged_claims_only():
    ClaimFactory()
    flagged = ClaimFactory(article=ArticleFactory(), contested=True)

    assert list(Claim.objects.contested()) == [flagged]


only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigger is PostgreSQL's; services check the span everywhere",
)


@only_postgresql
def test_the_database_refuses_claim_text_that_is_not_the_body_at_its_span():
    claim = ClaimFactory()  # "the bridge is safe", at its place in the body

    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(text="the bridge is unsafe")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(start=claim.start + 1)

    claim.refresh_from_db()
    assert claim.text == claim.article.body[claim.start : claim.end]


@only_postgresql
def test_the_database_refuses_a_new_body_that_moves_an_articles_claims():
    claim = ClaimFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=claim.article_id).update(body="Something else.")
    Article.objects.filter(pk=claim.article_id).update(
        body=claim.article.body + " More."
    )  # claims still at their words


def test_a_page_the_app_read_may_share_its_text_with_a_submission_only():
    submission = ArticleFactory(origin=Article.Origin.SUBMITTED)
    fetched = ArticleFactory(
        origin=Article.Origin.FETCHED,
        url="https://example.org/a",
        body=submission.body,
        content_hash=submission.content_hash,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(
            origin=Article.Origin.FEED,
            url="https://example.org/b",
            body=fetched.body,
            content_hash=fetched.content_hash,
        )


def test_a_submission_cannot_be_stored_under_a_url():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(origin=Article.Origin.SUBMITTED, url="https://example.org/a")
