"""Existing articles get the origin they had: text with no URL was a user's
submission, an article a followed feed's page points at came from the feed, and
any other article with a URL and a body was fetched (0013's default)."""

from django.db import migrations


def origins_set(apps, schema_editor):
    Article = apps.get_model("attribution", "Article")
    FeedPage = apps.get_model("attribution", "FeedPage")
    Article.objects.filter(url="").update(origin="submitted")
    fed = FeedPage.objects.filter(article__isnull=False).values("article_id")
    Article.objects.exclude(url="").filter(pk__in=fed).update(origin="feed")


class Migration(migrations.Migration):
    dependencies = [("attribution", "0015_article_provenance")]

    operations = [migrations.RunPython(origins_set, migrations.RunPython.noop)]
