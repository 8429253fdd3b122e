"""python manage.py create_demo_accounts: one account per role, to try the app.

With --wait-for URL it first waits until the server at URL answers, so that
`make run` can print the logins last, once the site can be used.
"""

import time
import urllib.error
import urllib.request

from django.core.management.base import BaseCommand, CommandError

from attribution import services
from attribution.roles import Role

ACCOUNTS = [
    ("editor", Role.EDITOR),
    ("factchecker", Role.FACT_CHECKER),
    ("contributor", Role.CONTRIBUTOR),
]


class Command(BaseCommand):
    help = "Create (or reset) demo accounts, one per role, and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="attribution-demo")
        parser.add_argument(
            "--wait-for",
            metavar="URL",
            help="Print the logins once this URL answers (for at most --timeout s).",
        )
        parser.add_argument("--timeout", type=float, default=120)

    def handle(self, *args, password: str, wait_for, timeout: float, **options):
        for username, role in ACCOUNTS:
            services.user_create(username=username, password=password, roles=[role])
        if wait_for:
            _wait_until_answering(wait_for, timeout)
        lines = [f"{role.label} login: {name} / {password}" for name, role in ACCOUNTS]
        if wait_for:
            lines = [f"Attribution is ready at {wait_for}", *lines]
        width = max(len(line) for line in lines)
        rule = "=" * width
        self.stdout.write("\n".join(["", rule, *lines, rule]))


def _wait_until_answering(url: str, timeout: float) -> None:
    """Return once `url` answers with any HTTP status below 500, and the server
    has had a moment to log that request (so that the logins come after it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (ours)
                break
        except urllib.error.HTTPError as error:
            if error.code < 500:
                break
        except OSError:
            pass
        time.sleep(0.5)
    else:
        raise CommandError(f"{url} did not answer within {timeout:.0f} s.")
    time.sleep(0.5)
