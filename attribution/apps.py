from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AttributionConfig(AppConfig):
    name = "attribution"
    verbose_name = "Attribution"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the Celery tasks in every process, not only in workers, and
        keep the rating scale in a migrated (or flushed) database.

        Celery's autodiscovery imports tasks.py in workers alone; the web and the
        commands enqueue by task name (enqueue.py), which needs the registry filled.
        """
        from attribution import tasks  # noqa: F401

        post_migrate.connect(_ensure_rating_scale, sender=self)


def _ensure_rating_scale(sender, apps=None, **kwargs) -> None:
    """A flushed database (the test runner's transactional tests) gets its rating
    scale back, as a migrated one has it; one with ratings is left alone, and
    one migrated to before ratings existed has no table for them."""
    from django.apps import apps as current_apps

    from attribution import rating_scale

    try:  # flush sends no apps: the models are then the current ones
        rating = (apps or current_apps).get_model("attribution", "Rating")
    except LookupError:
        return
    rating_scale.ensure(rating)
