"""python manage.py refresh_statements: recompute every statement's altered flag.

Drift is computed when a page or the API asks, but the "Quote altered" flag is stored
on each canonical claim. Run this once after a change to how drift is measured (issue
17: excerpts, contractions and spellings are no longer alterations). Idempotent.
"""

from django.core.management.base import BaseCommand

from attribution import services


class Command(BaseCommand):
    help = "Recompute the earliest wording and altered flag of every statement."

    def handle(self, *args, **options):
        refreshed, changed = services.canonicals_refresh_all()
        self.stdout.write(
            f"{refreshed} statements refreshed, {changed} changed their altered flag."
        )
