"""The settings every test runs with, in-process and in the child processes the tests
start (gunicorn, Celery workers, manage.py): production's, with a fast password hasher.

Django's default hasher (PBKDF2, a million iterations) costs a few hundred
milliseconds per password by design; the tests create and sign in users by the
hundred. This module is outside the `attribution` package and only pytest.ini and
tests/faults/support.py name it, so no deployment can load it by mistake.
"""

from attribution.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
