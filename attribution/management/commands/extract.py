"""python manage.py extract PATH [--json]: print the claims of one article file.

Runs the extraction engine alone, with the shipped outlet gazetteer and no database,
as ../shared/eval/score.py expects.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attribution import ingestion, services


class Command(BaseCommand):
    help = "Print the claims extracted from one .txt or .html article."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="print a JSON array"
        )

    def handle(self, *args, path: Path, as_json: bool, **options):
        try:
            body = ingestion.from_file(path).body
        except ingestion.UnusableInput as exc:
            raise CommandError(f"{path}: {exc}") from None
        claims = services.extractor_get(database_outlets=False).extract(body)
        if as_json:
            payload = [claim.as_dict() for claim in claims]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        for claim in claims:
            via = " → ".join(claim.via) or "-"
            self.stdout.write(
                f"[{claim.kind}] {claim.speaker or '?'} via {via}: {claim.text}"
            )
