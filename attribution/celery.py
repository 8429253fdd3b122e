"""The Celery application; its settings live in settings.py under CELERY_*."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attribution.settings")

app = Celery("attribution")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["attribution"])
