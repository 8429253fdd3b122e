from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attribution", "0021_watchlist_feed_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="host",
            name="last_request_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
