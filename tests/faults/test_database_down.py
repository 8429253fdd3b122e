"""With the database gone the web answers 503, as a page or in the API's error shape,
and a submission cut off half-way leaves nothing behind."""

import threading

import psycopg
import pytest
import requests
from django.db import connection
from rest_framework.authtoken.models import Token

from attribution.models import Article, Outlet
from attribution.views import DATABASE_UNAVAILABLE
from tests.faults import support

pytestmark = [support.needs_postgres_and_redis, pytest.mark.faults]

STORY = (
    "The ferry service resumed on Monday.\n\n"
    '"We are glad to be sailing again," the harbour master, Ola Dahl, told Reuters.'
)


def _postgres() -> psycopg.Connection:
    """A session on the server's maintenance database, for creating and dropping."""
    return psycopg.connect(support.database_url("postgres"), autocommit=True)


@pytest.fixture
def doomed_database(editor):
    """A copy of the test database (with the editor), for a test to drop."""
    source = connection.settings_dict["NAME"]
    name = f"{source}_doomed"
    connection.close()  # a template database must have no sessions
    with _postgres() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    yield name
    with _postgres() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _has_written(pid: int) -> bool:
    """Whether the session's open transaction has written (so holds an xid)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT backend_xid FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] is not None


def test_pages_and_the_api_answer_503_once_the_database_goes_away(
    start_web, doomed_database
):
    web = start_web(DATABASE_URL=support.database_url(doomed_database))
    browser = support.log_in(web.url)
    assert requests.get(f"{web.url}/api/v1/claims/", timeout=30).status_code == 200

    with _postgres() as server:
        server.execute(f'DROP DATABASE "{doomed_database}" WITH (FORCE)')
    api = requests.get(f"{web.url}/api/v1/claims/", timeout=30)
    page = browser.get(f"{web.url}/articles/", timeout=30)
    health = requests.get(f"{web.url}/health/", timeout=30)

    assert api.status_code == 503
    assert api.json() == {
        "error": {
            "status": 503,
            "code": "database_unavailable",
            "message": DATABASE_UNAVAILABLE,
        }
    }
    assert api.headers["Retry-After"] == "60"
    assert page.status_code == 503
    assert page.headers["Content-Type"].startswith("text/html")
    assert "<h1>Temporarily unavailable</h1>" in page.text
    assert DATABASE_UNAVAILABLE in page.text
    assert health.status_code == 503
    assert "Traceback" not in page.text + api.text


def test_a_submission_cut_off_by_the_database_leaves_nothing_behind(start_web, editor):
    web = start_web()
    token = Token.objects.create(user=editor).key
    submission = {"text": STORY, "publisher": "Faultline Gazette"}

    def submit() -> requests.Response:
        return requests.post(
            f"{web.url}/api/v1/articles/",
            json=submission,
            headers={"Authorization": f"Token {token}"},
            timeout=60,
        )

    # Hold the article table so that the submission stops between its first write
    # (the new publisher) and its second (the article), then cut its connection.
    answers = []
    with psycopg.connect(support.database_url()) as blocker:
        blocker.execute("LOCK TABLE attribution_article IN SHARE MODE")
        thread = threading.Thread(target=lambda: answers.append(submit()))
        thread.start()
        [(pid, query)] = support.wait_for(
            support.lock_waiters,
            timeout=30,
            what="the submission waiting",
            alive=(web,),
        )
        assert query.startswith('INSERT INTO "attribution_article"')
        assert _has_written(pid)  # the publisher's row, not yet committed
        with _postgres() as server:
            server.execute("SELECT pg_terminate_backend(%s)", [pid])
        thread.join(timeout=60)
        blocker.rollback()

    [answer] = answers
    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "database_unavailable"
    assert not Article.objects.exists()
    assert not Outlet.objects.filter(name="Faultline Gazette").exists()
    again = submit()  # the database is back: the web reconnects
    assert again.status_code == 202, again.text
    assert Article.objects.get().publisher.name == "Faultline Gazette"
