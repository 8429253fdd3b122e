import uuid

import pytest

from attribution import services
from attribution.celery import app as celery_app
from attribution.roles import Role
from tests.faults import support


@pytest.fixture
def queue():
    """A Redis queue of this test's own; removed afterwards."""
    name = f"attribution-faults-{uuid.uuid4().hex[:10]}"
    yield name
    # The queue, and kombu's records of the exchange of the same name bound to it.
    support.broker().delete(
        name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}"
    )


@pytest.fixture
def producer(queue):
    """Tasks sent from this process go to the test's queue instead of running inline."""
    before = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = before


@pytest.fixture
def start_worker(transactional_db, producer, tmp_path):
    """Start `celery worker` processes on the test's queue; all stopped afterwards."""
    workers: list[support.Worker] = []

    def start(name: str = "worker", **env: str) -> support.Worker:
        log = tmp_path / f"{name}-{len(workers)}.log"
        worker = support.Worker(name, producer, log, **env)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def start_web(transactional_db, queue, tmp_path):
    """Start gunicorn processes serving the project, sending tasks to the test's
    queue; all stopped afterwards."""
    servers: list[support.WebServer] = []

    def start(**env: str) -> support.WebServer:
        log = tmp_path / f"web-{len(servers)}.log"
        server = support.WebServer(log, **{"CELERY_QUEUE": queue, **env})
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def editor(transactional_db):
    """An editor, "ed", who can sign in with support.EDITOR_PASSWORD."""
    return services.user_create(
        username="ed", password=support.EDITOR_PASSWORD, roles=[Role.EDITOR]
    )
