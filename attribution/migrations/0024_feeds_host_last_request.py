from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attribution", "0023_alert_feed_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="host",
            name="last_request_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
