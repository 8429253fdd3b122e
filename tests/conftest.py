import os

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


@pytest.fixture(scope="session", autouse=True)
def flush_by_delete():
    """Transactional tests empty the database after each test with DELETE, not
    PostgreSQL's TRUNCATE (as Django already does on SQLite).

    A TRUNCATE of every table costs about a second whatever the tables hold (new
    files for each table and index); the few rows a test leaves go in milliseconds.
    Django's foreign keys on PostgreSQL are deferred to the commit, so the order of
    the DELETEs does not matter. Sequences are left alone, as by the TRUNCATE that
    TransactionTestCase asks for (reset_sequences=False).
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self,
                style,
                tables,
                reset_sequences=reset_sequences,
                allow_cascade=allow_cascade,
            )
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


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


# The browser tests (tests/web, tests/hardening) share one Chromium: Playwright's sync
# API allows one running instance per thread, so the fixtures live here, once.
# Its event loop runs in the test thread; Django's ORM calls from that thread
# (fixtures, assertions) are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


CHROMIUM = "/usr/bin/chromium"
# How long a page may take to load or an element to appear: generous, since the
# suite shares two cores with workers and servers (a wait ends as soon as it can).
BROWSER_TIMEOUT_MS = 30_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, shared by every browser test of the session."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=BROWSER_TIMEOUT_MS)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db, settings):
    """The live server's URL, with cookies a plain-http browser will send back."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server.url


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


# Whole directories of slow tests, marked here so that a new file in them cannot
# fall into `make test-fast` by forgetting its marker: tests/faults starts real
# gunicorn and Celery processes, tests/http real servers and a worker, and both
# need PostgreSQL and Redis (a `pytestmark` in a conftest.py marks nothing).
SLOW_DIRECTORIES = {"faults": "faults", "http": "worker"}


def pytest_collection_modifyitems(config, items):
    from tests.faults.support import needs_postgres_and_redis

    here = os.path.dirname(__file__)
    for item in items:
        relative = os.path.relpath(str(item.path), here)
        marker = SLOW_DIRECTORIES.get(relative.split(os.sep)[0])
        if marker is not None:
            item.add_marker(getattr(pytest.mark, marker))
            item.add_marker(needs_postgres_and_redis)


@pytest.fixture
def contributor(db):
    return services.user_create(
        username="co", password="co-password-123", roles=[Role.CONTRIBUTOR]
    )


@pytest.fixture
def text_date_searches(monkeypatch) -> list[str]:
    """The passages htmldate's search of a page's text for a date reads (its
    extensive search, dateparser's way in): counted, then read as before."""
    import htmldate.core

    read: list[str] = []
    compare = htmldate.core.compare_reference

    def counted(reference, segment, options):
        read.append(segment)
        return compare(reference, segment, options)

    monkeypatch.setattr(htmldate.core, "compare_reference", counted)
    return read
