"""The services enqueue work by task name; the name is the registered task's."""

import pytest

from attribution import enqueue, ingestion, services, tasks
from attribution.celery import app as celery_app
from attribution.models import Article


def test_the_parse_is_sent_to_the_task_registered_under_its_name():
    assert tasks.article_parse.name == enqueue.ARTICLE_PARSE
    assert enqueue.ARTICLE_PARSE in celery_app.tasks


@pytest.mark.django_db
def test_an_enqueued_parse_runs_the_task():
    article, _ = services.article_create(
        text=ingestion.from_text("The mayor said the bridge is safe.")
    )
    Article.objects.filter(pk=article.pk).update(queued_at=None)

    assert services.article_enqueue_parse(article_id=article.pk)

    article.refresh_from_db()
    assert article.status == Article.Status.PARSED
    assert article.queued_at is not None


@pytest.mark.slow
def test_a_process_that_never_imported_the_tasks_can_enqueue_by_name():
    from tests.faults import support

    run = support.manage(
        "shell",
        "--no-imports",
        "-c",
        "from attribution import enqueue;"
        "from attribution.celery import app;"
        "print(enqueue.ARTICLE_PARSE in app.tasks)",
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True"


@pytest.mark.slow
def test_with_the_default_broker_enqueueing_prints_nothing(tmp_path):
    """`make run` with no broker configured uses the folder broker under VAR_DIR;
    queuing a parse there must not leave a warning on the new user's console."""
    import subprocess
    import sys

    from tests.faults import support

    env = support.process_env(VAR_DIR=str(tmp_path))
    del env["CELERY_BROKER_URL"]
    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c"]
        + ["from attribution import enqueue; enqueue.article_parse(article_id=0)"],
        cwd=support.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stderr
    assert (run.stdout, run.stderr) == ("", "")
    assert len(list((tmp_path / "broker").iterdir())) == 1  # the message, queued
