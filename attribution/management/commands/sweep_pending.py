"""python manage.py sweep_pending: enqueue again articles no worker will get to."""

from django.core.management.base import BaseCommand, CommandError

from attribution import services


class Command(BaseCommand):
    help = (
        "Enqueue again the parse of articles left pending because the broker was "
        "down, or whose task the broker lost (what celery beat runs periodically)."
    )

    def handle(self, *args, **options):
        sweep = services.articles_sweep()
        self.stdout.write(f"Enqueued {len(sweep.enqueued)} article(s).")
        if sweep.waiting:
            raise CommandError(
                f"The broker could not be reached; {len(sweep.waiting)} article(s) "
                "still wait. Run this again when it is back."
            )
