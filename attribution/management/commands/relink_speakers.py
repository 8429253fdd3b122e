"""python manage.py relink_speakers: place stored claims on speakers by the rules.

Run once after upgrading to speaker identity (migration 0009): every parsed
article is read again and its claims' speakers placed as a new parse would place
them, keeping editors' corrections and decisions. Prints what it merged and split.
"""

from django.core.management.base import BaseCommand

from attribution import services


class Command(BaseCommand):
    help = "Re-link stored claims to speakers under the identity rules; report it."

    def handle(self, *args, **options):
        extractor = services.extractor_get()
        report = services.claims_relink(
            extract=extractor.extract, gazetteer=extractor.gazetteer
        )
        for line in report.lines():
            self.stdout.write(line)
