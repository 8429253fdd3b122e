"""Settings read from the environment strictly."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from attribution.settings import env_bool, env_int, env_list


def test_booleans_accept_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False


def test_a_malformed_boolean_stops_start_up(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false"):
        env_bool("FLAG", False)


def test_a_malformed_integer_stops_start_up(monkeypatch):
    monkeypatch.setenv("LIMIT", "ten")

    with pytest.raises(ImproperlyConfigured, match="LIMIT must be an integer"):
        env_int("LIMIT", 1)


def test_lists_are_comma_separated_and_trimmed(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.org, b.org ,")

    assert env_list("HOSTS", []) == ["a.org", "b.org"]


def test_unset_values_fall_back_to_defaults(monkeypatch):
    monkeypatch.delenv("NOPE", raising=False)

    assert env_bool("NOPE", True) is True
    assert env_int("NOPE", 7) == 7


def test_production_keeps_django_s_slow_password_hashers():
    import attribution.settings as production

    assert not hasattr(production, "PASSWORD_HASHERS")  # Django's PBKDF2 default


def test_tests_hash_passwords_with_a_fast_hasher(editor):
    assert editor.password.startswith("md5$")


@pytest.mark.slow
def test_a_user_a_test_creates_signs_in_to_a_child_process(transactional_db):
    from django.contrib.auth import get_user_model

    from tests.faults import support

    get_user_model().objects.create_user("child", password="child-pass-123")

    run = support.manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import authenticate;"
        "print(authenticate(username='child', password='child-pass-123'))",
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "child"


@pytest.mark.slow
def test_a_fetch_deadline_past_the_soft_time_limit_stops_start_up():
    from tests.faults import support

    run = support.manage(
        "check",
        ATTRIBUTION_FETCH_DEADLINE_SECONDS="300",
        CELERY_TASK_SOFT_TIME_LIMIT="240",
    )

    assert run.returncode != 0
    assert "ATTRIBUTION_FETCH_DEADLINE_SECONDS must be at least 1" in run.stderr


@pytest.mark.slow
def test_a_django_log_line_is_printed_once_when_debug_is_on():
    # make run's console: runserver's "Watching for file changes" and "changed,
    # reloading" came twice, from Django's own console handler and the root one.
    from tests.faults import support

    run = support.manage(
        "shell",
        "--no-imports",
        "-c",
        "import logging;"
        "logging.getLogger('django.utils.autoreload').info('watching once')",
        DEBUG="true",
    )

    assert run.returncode == 0, run.stderr
    assert run.stderr.count("watching once") == 1, run.stderr
