"""Editors' work survives every re-parse: approved, rejected and edited claims are
kept as they are, nothing new is laid over them, and a claim approved while a
parse is running is kept too."""

import threading

import pytest
from django.db import transaction

from attribution import ingestion, services
from attribution.models import Article, Claim
from tests.factories import OutletFactory, SpeakerFactory
from tests.faults import support

pytestmark = pytest.mark.faults


def _parsed_article() -> Article:
    article, _ = services.article_create(
        text=ingestion.from_text(support.seed_text()), title="Defector"
    )
    services.article_extract_claims(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.PARSED
    return article


def _reparse(article: Article) -> None:
    services.article_reparse(article=article)
    services.article_extract_claims(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.PARSED


def _snapshot(claim: Claim) -> tuple:
    claim.refresh_from_db()
    via = [link.outlet_id for link in claim.via_links.all()]
    return claim.review_status, claim.speaker_id, claim.start, claim.end, via


def _overlapping(claim: Claim) -> list[Claim]:
    return list(
        claim.article.claims.exclude(pk=claim.pk).filter(
            start__lt=claim.end, end__gt=claim.start
        )
    )


@pytest.mark.django_db
def test_approved_rejected_and_edited_claims_survive_repeated_reparses(editor):
    article = _parsed_article()
    approved, rejected, edited, *_ = article.claims.order_by("start")
    services.claim_review(claim_id=approved.pk, status="approved", user=editor)
    services.claim_review(claim_id=rejected.pk, status="rejected", user=editor)
    services.claim_edit(  # narrowed, another speaker and via chain
        claim_id=edited.pk,
        user=editor,
        speaker=SpeakerFactory(),
        via=[OutletFactory()],
        start=edited.start + 1,
        end=edited.end - 1,
    )
    reviewed = [approved, rejected, edited]
    before = [_snapshot(claim) for claim in reviewed]
    count = article.claims.count()

    for _ in range(3):
        _reparse(article)

        assert [_snapshot(claim) for claim in reviewed] == before
        assert [_overlapping(claim) for claim in reviewed] == [[], [], []]
        assert article.claims.count() == count


@support.needs_postgres_and_redis
def test_a_claim_approved_while_its_article_is_being_parsed_is_kept(
    transactional_db, producer, editor
):
    article = _parsed_article()
    target = article.claims.order_by("start").first()
    services.article_reparse(article=article)  # its task waits in the queue
    reviewing, commit = threading.Event(), threading.Event()

    def editor_approves():
        with transaction.atomic():
            services.claim_review(claim_id=target.pk, status="approved", user=editor)
            reviewing.set()
            commit.wait(timeout=60)

    outcomes = []
    approving = support.in_thread(editor_approves, outcomes)
    assert reviewing.wait(timeout=30)
    parsing = support.in_thread(
        lambda: services.article_extract_claims(article_id=article.pk), outcomes
    )
    support.wait_for(
        support.lock_waiters, timeout=60, what="the parse waiting for the editor"
    )
    commit.set()
    approving.join(timeout=60)
    parsing.join(timeout=60)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert errors == []
    target.refresh_from_db()
    assert target.review_status == Claim.ReviewStatus.APPROVED
    assert _overlapping(target) == []
    article.refresh_from_db()
    assert article.status == Article.Status.PARSED


@support.needs_postgres_and_redis
def test_a_claim_approved_while_a_parse_is_writing_is_kept_without_a_deadlock(
    transactional_db, producer, editor
):
    article = _parsed_article()
    first, target, *_ = article.claims.order_by("pk")
    services.article_reparse(article=article)  # its task waits in the queue
    held, release, approved = threading.Event(), threading.Event(), threading.Event()

    def hold_first_claim():  # stops the parse inside its final transaction
        with transaction.atomic():
            Claim.objects.select_for_update().get(pk=first.pk)
            held.set()
            release.wait(timeout=60)

    def editor_approves():
        services.claim_review(claim_id=target.pk, status="approved", user=editor)
        approved.set()

    outcomes = []
    holding = support.in_thread(hold_first_claim, outcomes)
    assert held.wait(timeout=30)
    parsing = support.in_thread(
        lambda: services.article_extract_claims(article_id=article.pk), outcomes
    )
    support.wait_for(
        support.lock_waiters, timeout=60, what="the parse waiting inside its write"
    )
    approving = support.in_thread(editor_approves, outcomes)
    support.wait_for(
        lambda: approved.is_set() or len(support.lock_waiters()) > 1,
        timeout=30,
        what="the editor done or waiting",
    )
    release.set()
    for thread in (holding, parsing, approving):
        thread.join(timeout=60)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert errors == []  # in particular, no "deadlock detected"
    target.refresh_from_db()
    assert target.review_status == Claim.ReviewStatus.APPROVED
    assert _overlapping(target) == []
    article.refresh_from_db()
    assert article.status == Article.Status.PARSED
