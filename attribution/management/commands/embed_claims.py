"""python manage.py embed_claims [--batch N]: give every stored claim its vector.

Claims stored before sentence embeddings, or whose speaker never recurred (the
worker embeds a claim only when it is first compared by meaning), have no vector;
the quote check finds them on their words only. This fills the gaps, N claims at
a time in id order, each batch committed on its own: stopped at any point, it
resumes where it was, and a second run finds nothing to do (idempotent). Texts
already embedded elsewhere reuse their vector, as the worker does.
"""

from django.core.management.base import BaseCommand, CommandParser

from attribution import services


class Command(BaseCommand):
    help = "Store a sentence vector on every claim that has none, in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=500, help="claims written per transaction"
        )

    def handle(self, *args, **options):
        size = options["batch"]
        if size < 1:
            self.stderr.write("--batch must be at least 1")
            raise SystemExit(2)
        total, last = 0, 0
        while True:
            done, last = services.claims_embed_backfill(after=last, size=size)
            if not done:
                break
            total += done
            self.stdout.write(f"{total} claims embedded (up to id {last})")
        self.stdout.write(f"{total} claims embedded in all.")
