import pytest

from attribution import services
from attribution.celery import app as celery_app
from attribution.roles import Role

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
    return services.user_create(
        username="ed", password="ed-password-123", roles=[Role.EDITOR]
    )


@pytest.fixture
def fact_checker(db):
    return services.user_create(
        username="fc", password="fc-password-123", roles=[Role.FACT_CHECKER]
    )


@pytest.fixture
def reader(db, django_user_model):
    return django_user_model.objects.create_user("reader", password="rd-pass-123")
