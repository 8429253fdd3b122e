"""Search at scale, on PostgreSQL only (SQLite's search is the substring fallback).

- `attribution_claim.search_document`: the claim's English tsvector, a stored
  generated column, so a search reads the parsed words instead of parsing every
  match again, with a GIN index. It replaces 0003's expression index. The column is
  left out of the Django model on purpose: claims loaded as models do not carry it,
  and SQLite has no tsvector; selectors.claim_search names it (`SearchDocument`).
- pg_trgm, and trigram GIN indexes on claim text (quote lookup by a fragment with
  typos, selectors.claim_lookup) and on speaker and outlet names (suggestions as
  you type); GIN indexes on the speakers' and outlets' name tsvectors a search
  matches (selectors._named_like).

Adding the column rewrites the claims table once (about a minute per million
claims on this machine's hardware).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# What selectors._named_like matches a search against, as Django writes it.
NAMES = (
    "to_tsvector('simple'::regconfig, COALESCE(name, '') || ' '"
    " || COALESCE((aliases)::text, ''))"
)
FORWARD = [
    "ALTER TABLE attribution_claim ADD COLUMN IF NOT EXISTS search_document tsvector"
    " GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(text, '')))"
    " STORED",
    "CREATE INDEX IF NOT EXISTS attribution_claim_search_document"
    " ON attribution_claim USING GIN (search_document)",
    "DROP INDEX IF EXISTS attribution_claim_text_fts",
    "CREATE INDEX IF NOT EXISTS attribution_claim_text_trgm"
    " ON attribution_claim USING GIN (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS attribution_speaker_name_trgm"
    " ON attribution_speaker USING GIN (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS attribution_outlet_name_trgm"
    " ON attribution_outlet USING GIN (name gin_trgm_ops)",
    *[
        f"CREATE INDEX IF NOT EXISTS attribution_{table}_names_fts"
        f" ON attribution_{table} USING GIN ({NAMES})"
        for table in ("speaker", "outlet")
    ],
]
BACKWARD = [
    "DROP INDEX IF EXISTS attribution_speaker_names_fts",
    "DROP INDEX IF EXISTS attribution_outlet_names_fts",
    "DROP INDEX IF EXISTS attribution_outlet_name_trgm",
    "DROP INDEX IF EXISTS attribution_speaker_name_trgm",
    "DROP INDEX IF EXISTS attribution_claim_text_trgm",
    "CREATE INDEX IF NOT EXISTS attribution_claim_text_fts ON attribution_claim"
    " USING GIN (to_tsvector('english'::regconfig, COALESCE(text, '')))",
    "ALTER TABLE attribution_claim DROP COLUMN IF EXISTS search_document",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("attribution", "0013_article_history")]

    operations = [TrigramExtension(), migrations.RunPython(forward, backward)]
