"""A GIN index for full-text search of claim text, on PostgreSQL only.

The expression matches what selectors.claim_search builds with
SearchVector("text", config="english"), so the planner can use it.
"""

from django.db import migrations

INDEX = "attribution_claim_text_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON attribution_claim USING GIN "
            "(to_tsvector('english'::regconfig, COALESCE(text, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("attribution", "0002_flags_relations_history")]

    operations = [migrations.RunPython(create, drop)]
