"""Claim.embedded_at: when the claim's vector was stored, so that the store-wide
vector index (attribution.vector_index) catches up on what was embedded since it
last looked. Vectors stored before this migration count as stored at its time."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attribution", "0024_feeds_host_last_request"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="embedded_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="When `embedding` was stored: the vector index catches up by it.",
                null=True,
            ),
        ),
        migrations.RunSQL(
            "UPDATE attribution_claim SET embedded_at = CURRENT_TIMESTAMP"
            " WHERE embedding IS NOT NULL",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
