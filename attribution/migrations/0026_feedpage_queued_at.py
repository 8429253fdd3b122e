from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attribution", "0025_claim_embedded_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedpage",
            name="queued_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When its fetch task was due (sent, or sent for a later slot).",
                null=True,
            ),
        ),
    ]
