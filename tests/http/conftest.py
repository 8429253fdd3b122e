"""Real servers for the HTTP tests: web server processes and a Celery worker.

One server of each kind (runserver as `make run` starts it, gunicorn as
docker-compose.yml runs it) and one worker live for the session, on the test
database and a Redis queue of their own; each test runs once against each
server and brings its own data (transactional_db empties the tables after it).
"""

import uuid

import pytest
import requests

from attribution import services
from attribution.models import Article
from attribution.roles import Role
from tests.faults import support
from tests.http.support import ApiSession

PASSWORDS = {
    "ed": "ed-password-123",
    "fc": "fc-password-123",
    "co": "co-password-123",
    "rd": "rd-password-123",
}


@pytest.fixture(scope="session")
def http_queue():
    name = f"attribution-http-{uuid.uuid4().hex[:10]}"
    yield name
    support.broker().delete(
        name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}"
    )


@pytest.fixture(scope="session")
def http_worker(django_db_setup, http_queue, tmp_path_factory):
    """One `celery worker` for the session, parsing what the servers submit."""
    log = tmp_path_factory.mktemp("http-worker") / "worker.log"
    worker = support.Worker("http-worker", http_queue, log)
    yield worker
    worker.stop()


@pytest.fixture(scope="session", params=["runserver", "gunicorn"])
def server(request, django_db_setup, http_queue, http_worker, tmp_path_factory):
    """The project served by a real server process; each test runs on both kinds."""
    log = tmp_path_factory.mktemp(f"http-{request.param}") / "server.log"
    process = support.WebServer(
        log,
        server=request.param,
        CELERY_QUEUE=http_queue,
        SECRET_KEY="http-tests-" + "x" * 40,
        # Every test signs in from 127.0.0.1 to the same session-long servers: the
        # limits (tested with servers of their own in tests/faults) would refuse
        # the eleventh sign-in of a minute.
        API_TOKEN_RATE="1000/minute",
        API_ANON_RATE="10000/minute",
    )
    yield process
    process.stop()


@pytest.fixture
def accounts(transactional_db):
    """An editor "ed", a fact-checker "fc", a contributor "co" and "rd", an
    account with no role."""
    return {
        "ed": services.user_create(
            username="ed", password=PASSWORDS["ed"], roles=[Role.EDITOR]
        ),
        "fc": services.user_create(
            username="fc", password=PASSWORDS["fc"], roles=[Role.FACT_CHECKER]
        ),
        "co": services.user_create(
            username="co", password=PASSWORDS["co"], roles=[Role.CONTRIBUTOR]
        ),
        "rd": services.user_create(username="rd", password=PASSWORDS["rd"]),
    }


@pytest.fixture
def settled(transactional_db, http_worker):
    """After the test, wait for the worker to finish the articles it was given
    (the queued ones: factories store articles with no task), so that emptying
    the tables never races a parse still writing."""
    yield
    support.wait_for(
        lambda: (
            not Article.objects.filter(
                status__in=[Article.Status.PENDING, Article.Status.PARSING],
                queued_at__isnull=False,
            ).exists()
        ),
        timeout=120,
        what="the worker to finish its articles",
        alive=(http_worker,),
        every=0.2,
    )


@pytest.fixture
def api(server, accounts, settled):
    """api(username) is a requests session holding that user's API token."""

    def session_for(username: str | None = None) -> ApiSession:
        session = ApiSession()
        session.base = f"{server.url}/api/v1"
        if username is not None:
            response = requests.post(
                f"{session.base}/auth/token/",
                json={"username": username, "password": PASSWORDS[username]},
                timeout=30,
            )
            assert response.status_code == 200, (response.text, server.log())
            session.headers["Authorization"] = f"Token {response.json()['token']}"
        return session

    return session_for
