"""The same article parsed by two workers at once, or submitted twice at once, ends
as one article with one set of claims and one parse task."""

import threading
from collections.abc import Callable

import pytest
from django.db import transaction

from attribution import ingestion, services, tasks
from attribution.models import Article, Speaker
from tests.faults import support

pytestmark = [support.needs_postgres_and_redis, pytest.mark.faults]

URL = "https://example.org/news/ferry-resumes"


@pytest.mark.worker
def test_two_workers_handed_the_same_article_at_once_store_one_set_of_claims(
    start_worker,
):
    workers = start_worker("first"), start_worker("second")
    for worker in workers:
        worker.wait_ready()
    text = ingestion.from_text("\n\n".join([support.seed_text()] * 2))
    expected = sorted(
        (c.start, c.end) for c in services.extractor_get().extract(text.body)
    )

    article, _ = services.article_create(text=text)  # enqueues one task
    tasks.article_parse.delay(article.pk)  # and a second, as a redelivery would

    support.wait_for(
        lambda: Article.objects.get(pk=article.pk).status == "parsed",
        timeout=90,
        what="the article parsed",
        alive=workers,
    )
    article.refresh_from_db()
    assert article.attempts == 2  # both workers claimed it: they ran at once
    assert sorted(article.claims.values_list("start", "end")) == expected
    # The article is stored as parsed just before each task returns and is logged.
    support.wait_for(
        lambda: all(
            "article_parse" in w.log() and "succeeded" in w.log() for w in workers
        ),
        timeout=30,
        what="both workers logging their task as succeeded",
        alive=workers,
    )


@pytest.mark.worker
def test_a_new_speaker_stored_by_another_worker_at_the_same_moment_is_reused(
    start_worker,
):
    worker = start_worker()
    worker.wait_ready()
    text = ingestion.from_text(
        '"The road stays shut," Lena Brandt, the fire chief, told the BBC on Sunday.'
    )
    held, release = threading.Event(), threading.Event()

    def other_worker_stores_the_speaker():
        with transaction.atomic():
            Speaker.objects.create(name="Lena Brandt", slug="lena-brandt")
            held.set()
            release.wait(timeout=60)  # and commits

    holder_errors = []
    holder = support.in_thread(other_worker_stores_the_speaker, holder_errors)
    assert held.wait(timeout=30)
    article, _ = services.article_create(text=text)
    support.wait_for(
        support.lock_waiters, timeout=60, what="the parse storing the same speaker"
    )
    release.set()
    holder.join(timeout=60)
    assert holder_errors == [None]
    support.wait_for(
        lambda: Article.objects.get(pk=article.pk).status in {"parsed", "failed"},
        timeout=60,
        what="the article parsed or failed",
        alive=(worker,),
    )

    article.refresh_from_db()
    assert article.status == Article.Status.PARSED, article.error
    assert article.attempts == 2
    speaker = Speaker.objects.get()
    assert speaker.slug == "lena-brandt"
    assert set(article.claims.values_list("speaker", flat=True)) == {speaker.pk}
    assert "IntegrityError" in worker.log() and "retry" in worker.log()


def _submitted_twice_at_once(submit: Callable, **colliding_row) -> list:
    """Call submit() in two threads that both get past the check for an existing
    article before either inserts: a third transaction holds the row they collide
    on until both wait for it, then rolls back, so one of them wins the insert."""
    held, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            Article.objects.create(
                **{"origin": Article.Origin.FETCHED, **colliding_row}
            )
            held.set()
            release.wait(timeout=60)
            transaction.set_rollback(True)

    holder_errors: list[object] = []
    results: list[object] = []
    holder = support.in_thread(hold, holder_errors)
    assert held.wait(timeout=30)
    submitters = [support.in_thread(submit, results) for _ in range(2)]
    support.wait_for(
        lambda: len(support.lock_waiters()) == 2,
        timeout=30,
        what="both submissions waiting on the held row",
    )
    release.set()
    for thread in (holder, *submitters):
        thread.join(timeout=60)
    assert holder_errors == [None]
    return results


def test_the_same_text_submitted_twice_at_once_makes_one_article_and_one_task(
    transactional_db, producer
):
    text = ingestion.from_text(support.seed_text())

    results = _submitted_twice_at_once(
        lambda: services.article_create(text=text),
        body=text.body,
        content_hash=ingestion.content_hash(text.body),
    )

    article = Article.objects.get()
    assert sorted(results, key=lambda r: r[1]) == [(article, False), (article, True)]
    assert support.queued_tasks(producer) == [
        ("attribution.tasks.article_parse", [article.pk])
    ]


def test_the_same_text_pasted_by_two_users_at_once_makes_one_submission_and_one_task(
    transactional_db, producer, editor
):
    text = ingestion.from_text(support.seed_text())

    results = _submitted_twice_at_once(
        lambda: services.article_submit(user=editor, text=text.body),
        body=text.body,
        content_hash=ingestion.content_hash(text.body),
        origin=Article.Origin.SUBMITTED,
    )

    article = Article.objects.get()
    assert article.origin == Article.Origin.SUBMITTED
    assert sorted(results, key=lambda r: r[1]) == [(article, False), (article, True)]
    assert support.queued_tasks(producer) == [
        ("attribution.tasks.article_parse", [article.pk])
    ]


def test_the_same_url_submitted_twice_at_once_makes_one_article_and_one_task(
    transactional_db, producer
):
    results = _submitted_twice_at_once(
        lambda: services.article_create_from_url(url=URL), url=URL
    )

    article = Article.objects.get()
    assert sorted(results, key=lambda r: r[1]) == [(article, False), (article, True)]
    assert support.queued_tasks(producer) == [
        ("attribution.tasks.article_parse", [article.pk])
    ]
