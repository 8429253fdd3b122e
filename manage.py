#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import secrets
import sys

# Commands that read files and print, touching no session, token or signed value:
# they run without a deployment's SECRET_KEY (a throwaway one is enough), so the
# engine can be scored or tried on a machine that serves nothing.
OFFLINE_COMMANDS = {"extract", "evaluate"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attribution.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
