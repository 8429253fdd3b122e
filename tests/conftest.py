import pytest

from attribution.celery import app as celery_app

# Tasks run inline in the test process; tests/test_worker.py turns this off and
# starts a real worker. The queue name keeps test messages away from a developer's
# own worker on the same broker.
TEST_QUEUE = "attribution-tests"
celery_app.conf.update(
    task_always_eager=True,
    task_eager_propagates=True,
    task_default_queue=TEST_QUEUE,
)


@pytest.fixture
def editor(db):
    from attribution import services

    return services.editor_create(username="ed", password="ed-password-123")
