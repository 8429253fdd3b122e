"""python manage.py embed_claims [--batch N]: give every stored claim its vector.

Claims stored before sentence embeddings, or whose speaker never recurred (the
worker embeds a claim only when it is first compared by meaning), have no vector;
the quote check finds them on their words only. This fills the gaps, N claims at
a time in id order, each batch committed on its own: stopped at any point, it
resumes where it was, and a second run finds nothing to do (idempotent). Texts
already embedded elsewhere reuse their vector, as the worker does.

The loop lives here rather than in services.py: it is one bulk_update of a
column no domain rule reads back, and it has no other caller.
"""

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from attribution import embeddings
from attribution.models import Claim

_MODEL_BATCH = 32  # texts per ONNX call, sorted by length to pad little


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
            done, last = embed_batch(after=last, size=size)
            if not done:
                break
            total += done
            self.stdout.write(f"{total} claims embedded (up to id {last})")
        self.stdout.write(f"{total} claims embedded in all.")


def embed_batch(*, after: int, size: int) -> tuple[int, int]:
    """Embed the next `size` claims without a vector with an id above `after`;
    returns how many and the last id (0, after) when none is left."""
    with transaction.atomic():
        claims = list(
            Claim.objects.select_for_update(skip_locked=True)
            .filter(embedding__isnull=True, pk__gt=after)
            .order_by("pk")
            .only("pk", "text")[:size]
        )
        if not claims:
            return 0, after
        texts = sorted({c.text for c in claims}, key=len)
        known: dict[str, bytes] = {}
        for start in range(0, len(texts), _MODEL_BATCH):
            chunk = texts[start : start + _MODEL_BATCH]
            vectors = embeddings.embed(chunk)
            pairs = zip(chunk, vectors, strict=True)
            known |= {text: embeddings.to_bytes(v) for text, v in pairs}
        for claim in claims:
            claim.embedding = known[claim.text]
        Claim.objects.bulk_update(claims, ["embedding"])
    return len(claims), claims[-1].pk
