"""Sending work to the Celery workers, by task name.

The services decide what to enqueue and call this module; the tasks call the
services. Naming the task instead of importing it keeps the dependencies one way
(tasks -> services -> enqueue), with no import cycle hidden in a function body.
The app's registry resolves the name (apps.py fills it in every process), so
`task_always_eager` still runs the task inline where it is set (the tests), which
`app.send_task` would not.
"""

from attribution.celery import app

ARTICLE_PARSE = "attribution.tasks.article_parse"


def article_parse(*, article_id: int) -> None:
    """Send one article's parse to the workers; raises what the broker raises."""
    app.tasks[ARTICLE_PARSE].delay(article_id)
