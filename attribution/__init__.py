"""Attribution: who said what, via whom."""

from attribution.celery import app as celery_app

__all__ = ["celery_app"]
