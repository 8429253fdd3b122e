"""The settings every test runs with, in-process and in the child processes the tests
start (gunicorn, Celery workers, manage.py): production's, with a fast password hasher.

Django's default hasher (PBKDF2, a million iterations) costs a few hundred
milliseconds per password by design; the tests create and sign in users by the
hundred. This module is outside the `attribution` package and only pytest.ini and
tests/faults/support.py name it, so no deployment can load it by mistake.
"""

import os

# The settings refuse to load without SECRET_KEY when DEBUG is off (as in
# production); the tests run with DEBUG off, so they bring a key of their own,
# which the child processes inherit through the environment.
os.environ.setdefault(
    "SECRET_KEY", "tests-only-secret-key-never-deployed-0123456789abcdefghijklmnop"
)

from attribution.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
