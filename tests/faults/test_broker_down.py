"""With the broker down, a submitted article is saved and reported queued; the sweep
enqueues it once the broker is back, and a worker parses it."""

import time
from datetime import timedelta

import pytest
import requests
from django.conf import settings
from django.utils import timezone

from attribution import ingestion, services
from attribution.celery import app as celery_app
from attribution.models import Article
from tests.faults import support

pytestmark = [support.needs_postgres_and_redis, pytest.mark.faults]

STORY = (
    "Flooding closed the coastal road on Sunday.\n\n"
    '"The water rose faster than anyone expected," Lena Brandt, the regional fire '
    "chief, told the BBC.\n\n"
    "Brandt said the road would stay closed until Wednesday."
)
OTHER_STORY = (
    "The ferry service resumed on Monday.\n\n"
    '"We are glad to be sailing again," the harbour master, Ola Dahl, told Reuters.'
)


@pytest.fixture
def web_without_broker(start_web):
    """The web app, its broker URL pointing at a port where nothing listens."""
    return start_web(CELERY_BROKER_URL=f"redis://127.0.0.1:{support.unused_port()}/5")


def _api_submit(web, editor, text: str) -> requests.Response:
    token = services.api_token_create(user=editor)[1]
    return requests.post(
        f"{web.url}/api/v1/articles/",
        json={"text": text},
        headers={"Authorization": f"Token {token}"},
        timeout=30,
    )


def _stranded(article_id: int) -> bool:
    """Saved, waiting, never handed to the broker, never tried."""
    article = Article.objects.get(pk=article_id)
    return (article.status, article.queued_at, article.attempts) == ("pending", None, 0)


def test_an_article_posted_to_the_api_while_the_broker_is_down_is_saved_and_queued(
    web_without_broker, editor
):
    started = time.monotonic()
    response = _api_submit(web_without_broker, editor, STORY)

    assert response.status_code == 202, response.text
    assert time.monotonic() - started < 10  # the outage does not hang the request
    body = response.json()
    assert body["status"] == "pending"
    assert body["message"].startswith("Saved and queued for parsing")
    assert _stranded(body["id"])
    assert f"Could not enqueue article {body['id']}" in web_without_broker.log()


def test_an_article_pasted_in_the_page_while_the_broker_is_down_is_saved_and_queued(
    web_without_broker, editor
):
    browser = support.log_in(web_without_broker.url)
    form_url = f"{web_without_broker.url}/articles/new/"
    browser.get(form_url, timeout=30)

    page = browser.post(
        form_url,
        data={"text": STORY, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        timeout=30,
    )

    article = Article.objects.get()
    assert page.status_code == 200
    assert page.url == f"{web_without_broker.url}/articles/{article.pk}/"
    assert "Saved and queued for parsing" in page.text
    assert _stranded(article.pk)


@pytest.mark.worker
def test_articles_stranded_by_a_broker_outage_are_parsed_after_the_sweep(
    web_without_broker, editor, start_worker, producer
):
    old = _api_submit(web_without_broker, editor, STORY).json()["id"]
    recent = _api_submit(web_without_broker, editor, OTHER_STORY).json()["id"]
    sweep_after = timedelta(minutes=settings.ATTRIBUTION_SWEEP_MINUTES + 1)
    Article.objects.filter(pk=old).update(created_at=timezone.now() - sweep_after)
    worker = start_worker()  # the broker is back: the real Redis
    worker.wait_ready()

    sweep = support.manage("sweep_pending", CELERY_QUEUE=producer)

    assert sweep.returncode == 0, sweep.stderr
    assert "Enqueued 1 article(s)." in sweep.stdout
    support.wait_for(
        lambda: Article.objects.get(pk=old).status == "parsed",
        timeout=60,
        what="the swept article parsed",
        alive=(worker,),
    )
    assert Article.objects.get(pk=old).claims.exists()
    assert _stranded(recent)  # pending for less than the sweep's minutes: left
    assert support.queued_tasks(producer) == []


def test_the_sweep_command_fails_loudly_while_the_broker_is_still_down(
    transactional_db,
):
    article = Article.objects.create(
        body=STORY, content_hash=ingestion.content_hash(STORY)
    )
    sweep_after = timedelta(minutes=settings.ATTRIBUTION_SWEEP_MINUTES + 1)
    Article.objects.filter(pk=article.pk).update(
        created_at=timezone.now() - sweep_after
    )

    sweep = support.manage(
        "sweep_pending",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{support.unused_port()}/5",
    )

    assert sweep.returncode == 1
    assert "Enqueued 0 article(s)." in sweep.stdout
    assert "The broker could not be reached; 1 article(s) still wait" in sweep.stderr
    assert _stranded(article.pk)


@pytest.mark.worker
def test_the_beat_schedule_runs_the_sweep_on_a_worker(start_worker, producer):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-pending-articles"]
    article = Article.objects.create(
        body=STORY, content_hash=ingestion.content_hash(STORY)
    )
    Article.objects.filter(pk=article.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    worker = start_worker()
    worker.wait_ready()

    celery_app.send_task(entry["task"])  # what beat sends every few minutes

    support.wait_for(
        lambda: Article.objects.get(pk=article.pk).status == "parsed",
        timeout=60,
        what="the swept article parsed",
        alive=(worker,),
    )
    assert entry["schedule"] == settings.ATTRIBUTION_SWEEP_MINUTES * 60


def _article(status: str, *, age: timedelta, queued: timedelta | None, text: str):
    """An article created `age` ago, its task handed over `queued` ago (or never)."""
    now = timezone.now()
    article = Article.objects.create(
        body=text, content_hash=ingestion.content_hash(text)
    )
    Article.objects.filter(pk=article.pk).update(
        status=status,
        created_at=now - age,
        queued_at=None if queued is None else now - queued,
        parse_started_at=now - queued if status == "parsing" else None,  # type: ignore[operator]
    )
    return article.pk


def test_the_sweep_enqueues_only_the_articles_no_worker_will_get_to(db, producer):
    minute = timedelta(minutes=1)
    sweep, lost = (
        settings.ATTRIBUTION_SWEEP_MINUTES,
        settings.ATTRIBUTION_SWEEP_LOST_MINUTES,
    )
    stranded = _article("pending", age=(sweep + 1) * minute, queued=None, text="a")
    _article("pending", age=minute, queued=None, text="b")  # just saved
    _article("pending", age=2 * minute, queued=minute, text="c")  # in the queue
    lost_task = _article(
        "pending", age=(lost + 2) * minute, queued=(lost + 1) * minute, text="d"
    )
    stuck = _article(
        "parsing", age=(lost + 2) * minute, queued=(lost + 1) * minute, text="e"
    )
    _article("parsing", age=2 * minute, queued=minute, text="f")  # being parsed
    _article("parsed", age=(lost + 2) * minute, queued=(lost + 1) * minute, text="g")

    result = services.articles_sweep()

    assert result.enqueued == [stranded, lost_task, stuck] and result.waiting == []
    assert support.queued_tasks(producer) == [
        ("attribution.tasks.article_parse_batch", [result.enqueued])
    ]
    recently = timezone.now() - minute
    assert (
        Article.objects.filter(pk__in=result.enqueued, queued_at__gt=recently).count()
        == 3
    )


def test_the_sweep_sends_its_articles_in_batches_of_the_parse_batch_size(
    db, producer, settings
):
    """Issue 19: a sweep after an outage sends one task per batch (was one per
    article), so that the worker parses them with one pass of spaCy."""
    settings.ATTRIBUTION_PARSE_BATCH_SIZE = 2
    age = timedelta(minutes=settings.ATTRIBUTION_SWEEP_MINUTES + 1)
    ids = [_article("pending", age=age, queued=None, text=t) for t in "abcde"]

    result = services.articles_sweep()

    assert result.enqueued == ids and result.waiting == []
    assert support.queued_tasks(producer) == [
        ("attribution.tasks.article_parse_batch", [ids[0:2]]),
        ("attribution.tasks.article_parse_batch", [ids[2:4]]),
        ("attribution.tasks.article_parse", [ids[4]]),
    ]
    assert not Article.objects.filter(pk__in=ids, queued_at__isnull=True).exists()
