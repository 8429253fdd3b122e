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
        post_migrate.connect(_refresh_role_groups, sender=self)


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


def _refresh_role_groups(sender, **kwargs) -> None:
    """The role groups a database already has get the permissions the code now
    gives each role (services.role_group_ensure sets them only when an account is
    created), so that a deployment's existing editors gain a new admin page on
    `migrate`. Groups that do not exist yet are left to be made with an account."""
    from django.contrib.auth.models import Group

    from attribution import services
    from attribution.roles import Role

    existing = set(Group.objects.values_list("name", flat=True))
    for role in Role:
        if role.value in existing:
            services.role_group_ensure(role)
