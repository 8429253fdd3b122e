"""python manage.py cluster: group every parsed claim into canonical claims.

The worker clusters each article as it parses it; this command does it for claims
stored before canonical claims existed. Claims already grouped stay where they are.
"""

from django.core.management.base import BaseCommand

from attribution import services
from attribution.models import Article


class Command(BaseCommand):
    help = "Group the claims of every parsed article into canonical claims."

    def handle(self, *args, **options):
        articles = Article.objects.filter(status=Article.Status.PARSED).order_by(
            "published_at", "created_at", "pk"
        )
        clustered = 0
        for article_id in articles.values_list("pk", flat=True).iterator():
            clustered += services.article_cluster(article_id=article_id)
        self.stdout.write(f"{clustered} claims in canonical claims.")
