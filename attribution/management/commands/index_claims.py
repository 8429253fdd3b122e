"""python manage.py index_claims: build the store-wide index of claim vectors.

Builds vector_index afresh from every stored vector, with every core, and saves it
under VAR_DIR, so that the web processes load it and catch up on what was
embedded since, instead of building it on their first quote check. Run it after
a large embed_claims backfill, on deploy, or to drop vectors of deleted claims.
Idempotent: a second run builds the same index.
"""

import time

from django.core.management.base import BaseCommand

from attribution import vector_index


class Command(BaseCommand):
    help = "Build and save the nearest-neighbour index of every stored claim vector."

    def handle(self, *args, **options):
        started = time.perf_counter()
        size = vector_index.rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(f"{size} claim vectors indexed in {seconds:.1f} s.")
