"""The Celery application; its settings live in settings.py under CELERY_*."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attribution.settings")

app = Celery("attribution")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["attribution"])

# The tasks that talk to the outlets' sites: polls and page fetches, and the beat
# tasks that hand them out. They wait on the hosts' politeness slots, not on spaCy.
FEED_TASKS = frozenset(
    {
        "attribution.tasks.feeds_dispatch",
        "attribution.tasks.feed_poll",
        "attribution.tasks.feed_page_fetch",
        "attribution.tasks.feed_pages_fetch",
        "attribution.tasks.feed_pages_sweep",
    }
)


def feed_queue() -> str:
    """The queue of the feed tasks: the default queue's name and ".feeds"."""
    return f"{app.conf.task_default_queue}.feeds"


def route_task(name: str, args, kwargs, options, task=None, **kw) -> dict | None:
    """Celery's router (CELERY_TASK_ROUTES): feed tasks to feed_queue(), the rest
    to the default queue. Named at send time, so that a process that changes its
    default queue (the tests, a bench) sends its feed tasks beside it."""
    if name in FEED_TASKS:
        return {"queue": feed_queue()}
    return None
