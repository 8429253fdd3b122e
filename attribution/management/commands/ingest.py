"""python manage.py ingest PATH...: add .txt, .html and WARC articles, queue parses.

The parses are sent in batches (services.articles_parse_together), so that a worker
parses several of the articles with one batched pass of spaCy."""

import json
from datetime import UTC
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from attribution import feed_services, feeds, ingestion, services
from attribution.ingestion import UnusableInput
from attribution.models import Article

SUFFIXES = {".txt", ".html", ".htm"}
ARCHIVES = (".warc", ".warc.gz")


class Command(BaseCommand):
    help = (
        "Ingest article files (.txt, .html), web archives (.warc, .warc.gz: each "
        "HTML page an article) and folders of them. A sidecar NAME.json next to an "
        "article may give its title, url, publisher, published_at and language. "
        "Content already ingested is reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths: list[Path], **options):
        with services.articles_parse_together():
            failures = self._ingest(_article_files(paths))
        if failures:
            raise CommandError(f"{failures} file(s) could not be ingested")

    def _ingest(self, files: list[Path]) -> int:
        """Ingest each file; returns how many could not be."""
        failures = 0
        for path in files:
            if path.name.lower().endswith(ARCHIVES):
                failures += self._archive(path)
                continue
            try:
                article, created = services.article_create_from_file(
                    path=path, origin=Article.Origin.COMMAND, **_metadata(path)
                )
            except (UnusableInput, OSError, ValueError) as exc:
                failures += 1
                self.stderr.write(f"{path}: not ingested: {exc}")
                continue
            if created:
                self.stdout.write(f"{path}: ingested as article {article.pk}, queued")
            else:
                self.stdout.write(
                    f"{path}: already ingested as article {article.pk}; nothing to do"
                )
        return failures

    def _archive(self, path: Path) -> int:
        """Ingest every HTML page of a WARC file; returns 1 if it could not be read."""
        created = known = 0
        try:
            with path.open("rb") as stream:
                for page in feeds.warc_pages(stream, max_bytes=ingestion.MAX_BYTES):
                    try:
                        _, new = feed_services.article_create_from_archive(page=page)
                    except UnusableInput as exc:
                        self.stderr.write(f"{path}: {page.url}: not ingested: {exc}")
                        continue
                    created, known = created + new, known + (not new)
        except Exception as exc:  # warcio raises several kinds on a damaged file
            self.stderr.write(f"{path}: not a readable WARC file: {exc}")
            return 1
        if not created + known:
            self.stderr.write(f"{path}: no HTML pages found in this WARC file")
            return 1
        self.stdout.write(
            f"{path}: {created} articles ingested and queued, {known} already in"
        )
        return 0


def _article_files(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in SUFFIXES or p.name.lower().endswith(ARCHIVES)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder")
    return found


def _metadata(path: Path) -> dict:
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        return {}
    try:
        raw = json.loads(sidecar.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{sidecar.name} is not valid JSON: {exc}") from None
    meta = {
        key: raw[key]
        for key in ("title", "url", "publisher", "language")
        if raw.get(key)
    }
    if raw.get("published_at"):
        value = str(raw["published_at"])
        when = parse_datetime(value) or parse_datetime(f"{parse_date(value)}T00:00")
        if when is None:
            raise ValueError(f"{sidecar.name}: published_at {value!r} is not a date")
        if timezone.is_naive(when):
            when = timezone.make_aware(when, UTC)
        meta["published_at"] = when
    return meta
