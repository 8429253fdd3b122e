from django.apps import AppConfig


class AttributionConfig(AppConfig):
    name = "attribution"
    verbose_name = "Attribution"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the Celery tasks in every process, not only in workers.

        Celery's autodiscovery imports tasks.py in workers alone; the web and the
        commands enqueue by task name (enqueue.py), which needs the registry filled.
        """
        from attribution import tasks  # noqa: F401
