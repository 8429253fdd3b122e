"""python manage.py evaluate GOLD_DIR ARTICLES_DIR: measure the engine on annotated
articles.

Each GOLD_DIR/<name>.json (the format of the shared annotation conventions) is scored
against the claims the engine finds in ARTICLES_DIR/<name>.txt (or .html). Prints one
line per article and the totals; -v 2 lists every wrong, missed and extra claim.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attribution import ingestion, services
from attribution.extraction.evaluation import Score, score_article


class Command(BaseCommand):
    help = "Score the extraction engine on annotated articles (attribution F1)."

    def add_arguments(self, parser):
        parser.add_argument("gold_dir", type=Path)
        parser.add_argument("articles_dir", type=Path)

    def handle(self, *args, gold_dir: Path, articles_dir: Path, **options):
        verbose = options["verbosity"] >= 2
        golds = sorted(gold_dir.glob("*.json"))
        if not golds:
            raise CommandError(f"No gold .json files in {gold_dir}.")
        extractor = services.extractor_get(database_outlets=False)
        total = Score()
        for gold_path in golds:
            article = self._article(gold_path, articles_dir)
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            try:
                body = ingestion.from_file(article).body
            except ingestion.UnusableInput as exc:
                raise CommandError(f"{article}: {exc}") from None
            predicted = [c.as_dict() for c in extractor.extract(body)]
            score = score_article(predicted, gold)
            total.add(score)
            self.stdout.write(f"{gold_path.stem}: {self._line(score)}")
            if verbose:
                for error in score.errors:
                    self.stdout.write(f"  {error}")
        self.stdout.write(f"all {len(golds)} articles: {self._line(total)}")

    def _article(self, gold_path: Path, articles_dir: Path) -> Path:
        for suffix in (".txt", ".html", ".htm"):
            candidate = articles_dir / f"{gold_path.stem}{suffix}"
            if candidate.exists():
                return candidate
        raise CommandError(f"No article for {gold_path.name} in {articles_dir}.")

    @staticmethod
    def _line(score: Score) -> str:
        _, _, detection = score.detection
        p, r, f1 = score.attribution
        matched = score.matched or 1
        return (
            f"gold {score.gold}, found {score.predicted}, matched {score.matched} | "
            f"detection F1 {detection:.3f} | speaker {score.speaker / matched:.3f} "
            f"via {score.via / matched:.3f} | attribution F1 {f1:.3f} "
            f"(P {p:.3f} R {r:.3f})"
        )
